import * as v from 'valibot';

// TwelveLabs' numbered pages (indexes, videos, tasks): `{ data, page_info }`, both optional and
// nullable in the official SDK's schemas (twelvelabs-js src/serialization/types/PageInfo.ts).

/** The paging block of list answers; any field may be missing or null. */
export const PageInfoSchema = v.looseObject({
  page: v.nullish(v.number()),
  total_page: v.nullish(v.number()),
  limit_per_page: v.nullish(v.number()),
  total_results: v.nullish(v.number()),
});

/** The paging block of a list answer. */
export type PageInfo = v.InferOutput<typeof PageInfoSchema>;

/**
 * A list of `item`s, given as a never-missing array: a missing or `null` `data` is an empty
 * list.
 *
 * @param item The schema of one item.
 * @returns The list schema.
 */
export function listOf<T extends v.GenericSchema>(item: T) {
  return v.pipe(
    v.optional(v.nullable(v.array(item)), () => []),
    v.transform((data) => data ?? []),
  );
}

/**
 * A numbered page: `data` (never missing) and `page_info`.
 *
 * @param item The schema of one item.
 * @returns The page schema.
 */
export function pageOf<T extends v.GenericSchema>(item: T) {
  return v.looseObject({ data: listOf(item), page_info: v.nullish(PageInfoSchema) });
}

/**
 * Every item of a numbered list, page after page, as the loop asks for more. An empty page ends
 * it (as in the official SDK); so does the last page, when `total_page` says which it is.
 *
 * @param first The page to start from.
 * @param fetchPage Fetches one page.
 * @returns An async iterator of items.
 */
export async function* everyPage<T>(
  first: number,
  fetchPage: (page: number) => Promise<{ data: T[]; page_info?: PageInfo | null | undefined }>,
): AsyncGenerator<T, void, undefined> {
  for (let page = first; ; page++) {
    const { data, page_info } = await fetchPage(page);
    yield* data;
    const totalPages = page_info?.total_page;
    if (data.length === 0 || (typeof totalPages === 'number' && page >= totalPages)) return;
  }
}

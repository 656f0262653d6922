import { isRecord } from '../../src/errors/classify-status.js';
import { ConfigurationError } from '../../src/index.js';
import type { RangeFilter } from './video-schemas.js';

// The query of TwelveLabs' filtered lists of videos (`/indexes/{id}/videos`) and indexed assets
// (`/indexes/{id}/indexed-assets`), which take the same filters.

/** A query as the transport takes it: lists go as repeated keys. */
export type ListQuery = Record<
  string,
  string | number | boolean | readonly (string | number | boolean)[] | undefined
>;

/** The filters that are ranges (`{ gte, lte }`). */
const rangeFields: ReadonlySet<string> = new Set(['duration', 'fps', 'width', 'height', 'size']);

// The lists' own parameters: a user-metadata filter may not reuse one of their names.
const listFields: ReadonlySet<string> = new Set([
  'page',
  'page_limit',
  'sort_by',
  'sort_option',
  'filename',
  'status',
  'created_at',
  'updated_at',
  ...rangeFields,
]);

/**
 * A list's query: lists (`status`) as repeated keys, ranges as `duration[gte]=…` (qs's default in
 * twelvelabs-js; the Python SDK flattens the same way), user-metadata filters as top-level keys.
 * For those the sources disagree: twelvelabs-js sends `user_metadata=<JSON>`, the Python SDK
 * `user_metadata[key]=value`, the docs `?key=value`; keygate follows the docs' examples.
 *
 * @param params The list's parameters.
 * @param method The method, for messages, e.g. `videos.list`.
 * @returns The query.
 * @throws {ConfigurationError} For a range that is not an object, metadata filters that are not
 *   an object, or a metadata filter named like one of the list's parameters.
 */
export function filteredListQuery(params: object, method: string): ListQuery {
  if (typeof params !== 'object' || params === null) {
    throw new ConfigurationError(`TwelveLabs: ${method} takes an object of query parameters.`);
  }
  const { user_metadata: metadata, ...rest } = params as Record<string, unknown>;
  const query: ListQuery = {};
  for (const [name, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    if (rangeFields.has(name)) {
      const range = value as RangeFilter;
      if (typeof range !== 'object' || range === null) {
        throw new ConfigurationError(
          `TwelveLabs: ${method} \`${name}\` is a range, e.g. { gte: 10, lte: 60 }.`,
        );
      }
      query[`${name}[gte]`] = range.gte;
      query[`${name}[lte]`] = range.lte;
    } else {
      query[name] = value as ListQuery[string];
    }
  }
  if (metadata !== undefined && !isRecord(metadata)) {
    throw new ConfigurationError(`TwelveLabs: ${method} \`user_metadata\` must be an object.`);
  }
  for (const [name, value] of Object.entries(metadata ?? {})) {
    // `duration[gte]` as a metadata name would silently replace the range filter of that name.
    if (listFields.has(name) || name.includes('[')) {
      throw new ConfigurationError(
        `TwelveLabs: the user_metadata filter "${name.slice(0, 50)}" has the name of a list parameter and cannot be sent.`,
      );
    }
    query[name] = value as ListQuery[string];
  }
  return query;
}

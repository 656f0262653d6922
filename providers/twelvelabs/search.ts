import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import { type SearchPage, SearchPageSchema, type SearchParams, type SearchResult } from './search-schemas.js';

const provider = 'TwelveLabs';
const searchOptions = new Set(['visual', 'audio', 'transcription']);

/**
 * TwelveLabs search (`POST /search`, multipart, then `GET /search/{page-token}` for the next
 * pages): find the moments of an index's videos that match a text or an image.
 *
 * @example
 * ```ts no-run
 * for await (const clip of client.search.iterate({ index_id, query_text: 'a goal', search_options: ['visual'] })) {
 *   console.log(clip.video_id, clip.start, clip.end);
 * }
 * ```
 */
export class Search {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Searches an index: the first page of results (`POST /search`, multipart). An image file
   * (`query_media_file`) is streamed and the call is then sent once, without retries.
   *
   * @param params `index_id`, `search_options`, and `query_text` or a query image, in TwelveLabs' names.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns `{ data, page_info, search_pool }`; `page_info.next_page_token` leads to the next page.
   * @throws {ConfigurationError} For a missing index, search option or query, before sending.
   */
  query(params: SearchParams, options: CallOptions = {}): ApiPromise<SearchPage> {
    return this.#transport.request(() => {
      const form = searchForm(params);
      return {
        ...options,
        method: 'POST',
        path: 'search',
        form,
        upload: params.query_media_file !== undefined,
        // A search changes nothing: it is as safe to send again as a GET.
        safeToRetry: params.query_media_file === undefined,
        schema: SearchPageSchema,
      };
    });
  }

  /**
   * The page a page token points to (`GET /search/{page-token}`). Tokens expire
   * (`page_info.page_expires_at`); an expired one is a `BadRequestError` with the code
   * `search_page_token_expired`.
   *
   * @param pageToken `page_info.next_page_token` (or `prev_page_token`) of a page.
   * @param params Whether to include each video's `user_metadata`.
   * @param options Per-call options.
   * @returns The page.
   */
  page(
    pageToken: string,
    params: { include_user_metadata?: boolean | undefined } = {},
    options: CallOptions = {},
  ): ApiPromise<SearchPage> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `search/${pathSegment(pageToken, 'page token', provider)}`,
      query: { include_user_metadata: params.include_user_metadata },
      schema: SearchPageSchema,
    }));
  }

  /**
   * Every result of a search, page after page, as the loop asks for more: `query`, then `page`
   * with each `next_page_token` until there is none.
   *
   * @param params As for {@link Search.query}.
   * @param options Per-call options, applied to every page.
   * @returns An async iterator of results (clips, or videos with `group_by: 'video'`).
   */
  async *iterate(
    params: SearchParams,
    options: CallOptions = {},
  ): AsyncGenerator<SearchResult, void, undefined> {
    let page = await this.query(params, options);
    const seen = new Set<string>();
    for (;;) {
      yield* page.data;
      const token = page.page_info?.next_page_token;
      // A token seen before would loop forever on a misbehaving server.
      if (typeof token !== 'string' || token === '' || seen.has(token)) return;
      seen.add(token);
      page = await this.page(token, { include_user_metadata: params.include_user_metadata }, options);
    }
  }
}

/** The multipart body: one field per list value, as the API reads repeated keys. */
function searchForm(params: SearchParams): FormData {
  if (typeof params !== 'object' || params === null) {
    throw new ConfigurationError('TwelveLabs: search needs a params object.');
  }
  if (typeof params.index_id !== 'string' || params.index_id.trim() === '') {
    throw new ConfigurationError('TwelveLabs: search needs an index_id.');
  }
  const options = params.search_options;
  if (
    !Array.isArray(options) ||
    options.length === 0 ||
    !options.every((option) => searchOptions.has(option))
  ) {
    throw new ConfigurationError(
      'TwelveLabs: search needs search_options, a list of "visual", "audio" and/or "transcription".',
    );
  }
  const urls = listOf(params.query_media_url);
  const files = listOf(params.query_media_file);
  const hasText = typeof params.query_text === 'string' && params.query_text.trim() !== '';
  if (!hasText && urls.length === 0 && files.length === 0) {
    throw new ConfigurationError('TwelveLabs: search needs query_text, query_media_url or query_media_file.');
  }
  if (files.some((file) => !(file instanceof Blob))) {
    throw new ConfigurationError(
      'TwelveLabs: query_media_file must be Blobs or Files (e.g. from fs.openAsBlob).',
    );
  }
  const form = new FormData();
  form.set('index_id', params.index_id);
  for (const option of options) form.append('search_options', option);
  if (hasText) form.set('query_text', params.query_text as string);
  // Media queries are images (twelvelabs-js SearchCreateRequest: query_media_type "image").
  if (urls.length > 0 || files.length > 0) form.set('query_media_type', params.query_media_type ?? 'image');
  for (const url of urls) form.append('query_media_url', String(url));
  for (const file of files) form.append('query_media_file', file, file instanceof File ? file.name : 'query');
  for (const option of params.transcription_options ?? []) form.append('transcription_options', option);
  if (params.group_by !== undefined) form.set('group_by', params.group_by);
  if (params.operator !== undefined) form.set('operator', params.operator);
  if (params.page_limit !== undefined) form.set('page_limit', String(params.page_limit));
  if (params.filter !== undefined) form.set('filter', filterJson(params.filter));
  if (params.include_user_metadata !== undefined)
    form.set('include_user_metadata', String(params.include_user_metadata));
  return form;
}

function filterJson(filter: unknown): string {
  try {
    const json = JSON.stringify(filter);
    if (typeof json === 'string' && typeof filter === 'object' && filter !== null) return json;
  } catch {
    // A cycle or a BigInt: reported below, like any other filter that is not a JSON object.
  }
  throw new ConfigurationError(
    'TwelveLabs: search `filter` must be a JSON object, e.g. { duration: { gte: 60 } }.',
  );
}

function listOf<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import { EmptySchema } from './schemas.js';
import {
  type ListVideosParams,
  type RangeFilter,
  type UpdateVideoParams,
  type Video,
  type VideoList,
  VideoListSchema,
  VideoSchema,
} from './video-schemas.js';

const provider = 'TwelveLabs';
const rangeFields = ['duration', 'fps', 'width', 'height', 'size'] as const;
// The list's own parameters: a user-metadata filter may not reuse one of their names.
const listFields = new Set([
  'page',
  'page_limit',
  'sort_by',
  'sort_option',
  'filename',
  'created_at',
  'updated_at',
  ...rangeFields,
]);

import { everyPage } from './pages.js';
/**
 * The videos of an index (`/indexes/{index-id}/videos`). TwelveLabs marks these endpoints as to
 * be deprecated in favour of indexed assets; they work today.
 *
 * @example
 * ```ts no-run
 * for await (const video of client.videos.iterate(indexId)) console.log(video._id, video.system_metadata?.filename);
 * ```
 */
export class Videos {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Lists one page of an index's videos (`GET /indexes/{index-id}/videos`).
   *
   * @param indexId The index.
   * @param params Paging, sorting, `filename`, dates, ranges (`duration: { gte, lte }`...) and
   *   `user_metadata` filters.
   * @param options Per-call options.
   * @returns `{ data, page_info }`.
   */
  list(indexId: string, params: ListVideosParams = {}, options: CallOptions = {}): ApiPromise<VideoList> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `${base(indexId)}`,
      query: listQuery(params),
      schema: VideoListSchema,
    }));
  }

  /**
   * Every video of an index, page after page.
   *
   * @param indexId The index.
   * @param params Filters and a page size; `page` is where to start.
   * @param options Per-call options, applied to every page.
   * @returns An async iterator of videos.
   */
  async *iterate(
    indexId: string,
    params: ListVideosParams = {},
    options: CallOptions = {},
  ): AsyncGenerator<Video, void, undefined> {
    yield* everyPage(params.page ?? 1, (page) => this.list(indexId, { ...params, page }, options));
  }

  /**
   * One video, with its `user_metadata` and `hls` (`GET /indexes/{index-id}/videos/{video-id}`).
   *
   * @param indexId The index.
   * @param videoId The video.
   * @param params `transcription: true` adds the transcription.
   * @param options Per-call options.
   * @returns The video.
   * @throws {NotFoundError} When there is no such video.
   */
  retrieve(
    indexId: string,
    videoId: string,
    params: { transcription?: boolean | undefined } = {},
    options: CallOptions = {},
  ): ApiPromise<Video> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `${base(indexId)}/${pathSegment(videoId, 'video id', provider)}`,
      query: { transcription: params.transcription },
      schema: VideoSchema,
    }));
  }

  /**
   * Updates a video's `user_metadata` (`PATCH`: the SDK and the API spec use PATCH since 2025;
   * a key set to `null` is removed). Resolves `undefined`.
   *
   * @param indexId The index.
   * @param videoId The video.
   * @param params `{ user_metadata }`.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  update(
    indexId: string,
    videoId: string,
    params: UpdateVideoParams,
    options: CallOptions = {},
  ): ApiPromise<undefined> {
    return this.#transport.request(() => {
      const metadata = params?.user_metadata;
      if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
        throw new ConfigurationError('TwelveLabs: videos.update needs { user_metadata: { ... } }.');
      }
      return {
        ...options,
        method: 'PATCH',
        path: `${base(indexId)}/${pathSegment(videoId, 'video id', provider)}`,
        json: { user_metadata: { ...metadata } },
        schema: EmptySchema,
      };
    });
  }

  /**
   * Deletes a video from its index (`DELETE`, 204). Resolves `undefined`.
   *
   * @param indexId The index.
   * @param videoId The video.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  delete(indexId: string, videoId: string, options: CallOptions = {}): ApiPromise<undefined> {
    return this.#transport.request(() => ({
      ...options,
      method: 'DELETE',
      path: `${base(indexId)}/${pathSegment(videoId, 'video id', provider)}`,
      schema: EmptySchema,
    }));
  }
}

function base(indexId: string): string {
  return `indexes/${pathSegment(indexId, 'index id', provider)}/videos`;
}

/**
 * The list's query: ranges as `duration[gte]=…` and user-metadata filters as top-level keys, as
 * the SDK's wrapper and the docs' examples send them.
 */
function listQuery(params: ListVideosParams): Record<string, string | number | boolean | undefined> {
  if (typeof params !== 'object' || params === null) {
    throw new ConfigurationError('TwelveLabs: videos.list takes an object of query parameters.');
  }
  const { user_metadata: metadata, ...rest } = params;
  const query: Record<string, string | number | boolean | undefined> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    if ((rangeFields as readonly string[]).includes(name)) {
      const range = value as RangeFilter;
      if (typeof range !== 'object' || range === null) {
        throw new ConfigurationError(
          `TwelveLabs: videos.list \`${name}\` is a range, e.g. { gte: 10, lte: 60 }.`,
        );
      }
      query[`${name}[gte]`] = range.gte;
      query[`${name}[lte]`] = range.lte;
    } else {
      query[name] = value as string | number;
    }
  }
  for (const [name, value] of Object.entries(metadata ?? {})) {
    if (listFields.has(name)) {
      throw new ConfigurationError(
        `TwelveLabs: the user_metadata filter "${name.slice(0, 50)}" has the name of a list parameter and cannot be sent.`,
      );
    }
    query[name] = value;
  }
  return query;
}

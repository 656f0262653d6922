import { isRecord } from '../../src/errors/classify-status.js';
import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import { filteredListQuery } from './list-query.js';
import { everyPage } from './pages.js';
import { EmptySchema } from './schemas.js';
import {
  type ListVideosParams,
  type UpdateVideoParams,
  type Video,
  type VideoList,
  VideoListSchema,
  VideoSchema,
} from './video-schemas.js';

const provider = 'TwelveLabs';
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
      path: base(indexId),
      query: filteredListQuery(params, 'videos.list'),
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
      if (!isRecord(metadata)) {
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

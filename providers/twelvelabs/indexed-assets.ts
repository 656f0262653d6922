import { isRecord } from '../../src/errors/classify-status.js';
import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import {
  type CreatedIndexedAsset,
  CreatedIndexedAssetSchema,
  type CreateIndexedAssetParams,
  type IndexedAsset,
  type IndexedAssetDetail,
  IndexedAssetDetailSchema,
  type IndexedAssetList,
  IndexedAssetListSchema,
  type ListIndexedAssetsParams,
  type RetrieveIndexedAssetParams,
  type UpdateIndexedAssetParams,
} from './indexed-asset-schemas.js';
import { filteredListQuery } from './list-query.js';
import { everyPage } from './pages.js';
import { EmptySchema } from './schemas.js';
import { type WaitForDoneOptions, waitUntilFinished } from './wait.js';

const provider = 'TwelveLabs';

/**
 * The assets of an index (`/indexes/{index-id}/indexed-assets`): the non-legacy way to index,
 * after `client.assets.create`, replacing `tasks.create`.
 *
 * @example
 * ```ts no-run
 * const { _id } = await client.indexedAssets.create(indexId, { asset_id: asset._id });
 * const done = await client.indexedAssets.waitForDone(indexId, _id);
 * ```
 */
export class IndexedAssets {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Indexes an asset (`POST /indexes/{index-id}/indexed-assets`, 202). Indexing goes on after
   * the answer: follow it with `waitForDone`. Not re-sent after a connection failure, since it
   * may have started.
   *
   * @param indexId The index.
   * @param params `asset_id` (a `ready` asset), `enable_video_stream`, `user_metadata`.
   * @param options Per-call options.
   * @returns `{ _id, asset_id }`.
   * @throws {ConfigurationError} Without an `asset_id`.
   */
  create(
    indexId: string,
    params: CreateIndexedAssetParams,
    options: CallOptions = {},
  ): ApiPromise<CreatedIndexedAsset> {
    return this.#transport.request(() => {
      if (typeof params?.asset_id !== 'string' || params.asset_id === '') {
        throw new ConfigurationError('TwelveLabs: indexedAssets.create needs an asset_id.');
      }
      if (params.user_metadata !== undefined && !isRecord(params.user_metadata)) {
        throw new ConfigurationError('TwelveLabs: indexedAssets.create `user_metadata` must be an object.');
      }
      return {
        ...options,
        method: 'POST',
        path: base(indexId),
        json: {
          asset_id: params.asset_id,
          enable_video_stream: params.enable_video_stream,
          user_metadata: params.user_metadata,
        },
        schema: CreatedIndexedAssetSchema,
      };
    });
  }

  /**
   * Lists one page of an index's assets (`GET /indexes/{index-id}/indexed-assets`).
   *
   * @param indexId The index.
   * @param params Paging, sorting, `filename`, `status` (one or several), dates, ranges
   *   (`duration: { gte, lte }`...) and `user_metadata` filters.
   * @param options Per-call options.
   * @returns `{ data, page_info }`.
   */
  list(
    indexId: string,
    params: ListIndexedAssetsParams = {},
    options: CallOptions = {},
  ): ApiPromise<IndexedAssetList> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: base(indexId),
      query: filteredListQuery(params, 'indexedAssets.list'),
      schema: IndexedAssetListSchema,
    }));
  }

  /**
   * Every indexed asset of an index, page after page.
   *
   * @param indexId The index.
   * @param params Filters and a page size; `page` is where to start.
   * @param options Per-call options, applied to every page.
   * @returns An async iterator of indexed assets.
   */
  async *iterate(
    indexId: string,
    params: ListIndexedAssetsParams = {},
    options: CallOptions = {},
  ): AsyncGenerator<IndexedAsset, void, undefined> {
    yield* everyPage(params.page ?? 1, (page) => this.list(indexId, { ...params, page }, options));
  }

  /**
   * One indexed asset, with `user_metadata`, `hls` and, if asked, its embeddings and
   * transcription (`GET /indexes/{index-id}/indexed-assets/{indexed-asset-id}`).
   *
   * @param indexId The index.
   * @param indexedAssetId The indexed asset.
   * @param params `embedding_option` (one or several, repeated keys) and `transcription`.
   * @param options Per-call options.
   * @returns The indexed asset.
   * @throws {NotFoundError} When there is no such indexed asset.
   */
  retrieve(
    indexId: string,
    indexedAssetId: string,
    params: RetrieveIndexedAssetParams = {},
    options: CallOptions = {},
  ): ApiPromise<IndexedAssetDetail> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: itemPath(indexId, indexedAssetId),
      query: { embedding_option: params?.embedding_option, transcription: params?.transcription },
      schema: IndexedAssetDetailSchema,
    }));
  }

  /**
   * Updates an indexed asset's `user_metadata` (`PATCH`; the spec and the SDK use PATCH, though
   * some doc text still says PUT; a key set to `null` is removed). Resolves `undefined`.
   *
   * @param indexId The index.
   * @param indexedAssetId The indexed asset.
   * @param params `{ user_metadata }`.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  update(
    indexId: string,
    indexedAssetId: string,
    params: UpdateIndexedAssetParams,
    options: CallOptions = {},
  ): ApiPromise<undefined> {
    return this.#transport.request(() => {
      const metadata = params?.user_metadata;
      if (!isRecord(metadata)) {
        throw new ConfigurationError('TwelveLabs: indexedAssets.update needs { user_metadata: { ... } }.');
      }
      return {
        ...options,
        method: 'PATCH',
        path: itemPath(indexId, indexedAssetId),
        json: { user_metadata: { ...metadata } },
        schema: EmptySchema,
      };
    });
  }

  /**
   * Removes an asset from an index (`DELETE`); the asset itself stays. Resolves `undefined`.
   *
   * @param indexId The index.
   * @param indexedAssetId The indexed asset.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  delete(indexId: string, indexedAssetId: string, options: CallOptions = {}): ApiPromise<undefined> {
    return this.#transport.request(() => ({
      ...options,
      method: 'DELETE',
      path: itemPath(indexId, indexedAssetId),
      schema: EmptySchema,
    }));
  }

  /**
   * Polls an indexed asset until it is `ready` or `failed` and resolves with it (a `failed` one
   * is a result, not an error: check `status`).
   *
   * @param indexId The index.
   * @param indexedAssetId The indexed asset.
   * @param options The interval, an overall timeout and a signal.
   * @returns The final indexed asset.
   * @throws {TimeoutError} When `timeoutMs` passes first.
   */
  waitForDone(
    indexId: string,
    indexedAssetId: string,
    options: WaitForDoneOptions = {},
  ): Promise<IndexedAssetDetail> {
    return waitUntilFinished(
      `TwelveLabs indexed asset ${indexedAssetId}`,
      (call) => this.retrieve(indexId, indexedAssetId, {}, call),
      options,
    );
  }
}

function base(indexId: string): string {
  return `indexes/${pathSegment(indexId, 'index id', provider)}/indexed-assets`;
}

function itemPath(indexId: string, indexedAssetId: string): string {
  return `${base(indexId)}/${pathSegment(indexedAssetId, 'indexed asset id', provider)}`;
}

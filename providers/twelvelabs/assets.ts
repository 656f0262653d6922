import { isRecord } from '../../src/errors/classify-status.js';
import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import {
  type Asset,
  type AssetDetail,
  AssetDetailSchema,
  type AssetList,
  AssetListSchema,
  type AssetMetadataParams,
  AssetSchema,
  type CreateAssetParams,
  type DeleteAssetParams,
  type ListAssetsParams,
} from './asset-schemas.js';
import { everyPage } from './pages.js';
import { EmptySchema } from './schemas.js';
import type { CreateTaskOptions } from './tasks.js';
import { type WaitForDoneOptions, waitUntilFinished } from './wait.js';

const provider = 'TwelveLabs';

/**
 * Uploaded media (`/assets`): create one from a file or a URL, wait until it is `ready`, then
 * index it with `client.indexedAssets.create`. Files over 200 MB go through
 * `client.multipartUploads` instead.
 *
 * @example
 * ```ts no-run
 * const asset = await client.assets.create({ url: 'https://example.com/talk.mp4' });
 * const ready = await client.assets.waitForReady(asset._id);
 * ```
 */
export class Assets {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Creates an asset (`POST /assets`, multipart, 201). A `file` streams from its source (e.g.
   * `fs.openAsBlob`) and is sent once, without retries, like `tasks.create`. Processing goes on
   * after the answer: the asset comes back `processing` (the spec: "applies to every upload,
   * including small files"), so wait with `waitForReady`. keygate checks no size limit: the
   * sources disagree on images (5 MB or 32 MB); video and audio files take 200 MB, URLs 4 GB.
   *
   * @param params A `file` or a `url` (`method` follows from which; given, it must agree), and
   *   `filename`, `enable_hls`, `enable_thumbnail`, `user_metadata`.
   * @param options Per-call options and an upload progress listener.
   * @returns The asset, usually `processing`.
   * @throws {ConfigurationError} When both or neither of `file` and `url` are given, or `method`
   *   disagrees.
   */
  create(params: CreateAssetParams, options: CreateTaskOptions = {}): ApiPromise<Asset> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: 'assets',
      form: assetForm(params),
      upload: params.file !== undefined,
      schema: AssetSchema,
    }));
  }

  /**
   * Lists one page of assets (`GET /assets`), newest first.
   *
   * @param params Paging, `asset_ids` and `asset_types` (lists go as repeated keys, as
   *   twelvelabs-js sends them: qs `arrayFormat: "repeat"`), `filename`.
   * @param options Per-call options.
   * @returns `{ data, page_info }`.
   */
  list(params: ListAssetsParams = {}, options: CallOptions = {}): ApiPromise<AssetList> {
    return this.#transport.request(() => {
      if (typeof params !== 'object' || params === null) {
        throw new ConfigurationError('TwelveLabs: assets.list takes an object of query parameters.');
      }
      return { ...options, method: 'GET', path: 'assets', query: { ...params }, schema: AssetListSchema };
    });
  }

  /**
   * Every asset, page after page.
   *
   * @param params Filters and a page size; `page` is where to start.
   * @param options Per-call options, applied to every page.
   * @returns An async iterator of assets.
   */
  async *iterate(
    params: ListAssetsParams = {},
    options: CallOptions = {},
  ): AsyncGenerator<AssetDetail, void, undefined> {
    yield* everyPage(params.page ?? 1, (page) => this.list({ ...params, page }, options));
  }

  /**
   * One asset, with `hls`, `thumbnail`, `technical_metadata` and, when it `failed`, `error`
   * (`GET /assets/{asset-id}`).
   *
   * @param assetId The asset.
   * @param options Per-call options.
   * @returns The asset.
   * @throws {NotFoundError} When there is no such asset.
   */
  retrieve(assetId: string, options: CallOptions = {}): ApiPromise<AssetDetail> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: assetPath(assetId),
      schema: AssetDetailSchema,
    }));
  }

  /**
   * Deletes an asset (`DELETE /assets/{asset-id}`). Resolves `undefined`.
   *
   * @param assetId The asset.
   * @param params `force: true` deletes it even when indexed assets use it.
   * @param options Per-call options.
   * @returns `undefined`.
   * @throws {BadRequestError} A 409 when indexed assets use it and `force` is not set.
   */
  delete(assetId: string, params: DeleteAssetParams = {}, options: CallOptions = {}): ApiPromise<undefined> {
    return this.#transport.request(() => ({
      ...options,
      method: 'DELETE',
      path: assetPath(assetId),
      query: { force: params?.force },
      schema: EmptySchema,
    }));
  }

  /**
   * Merges into an asset's `user_metadata` (`PATCH /assets/{asset-id}/user-metadata`): a key set
   * to `null` is removed, keys left out are kept. Resolves `undefined`.
   *
   * @param assetId The asset.
   * @param params `{ user_metadata }`.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  updateMetadata(
    assetId: string,
    params: AssetMetadataParams,
    options: CallOptions = {},
  ): ApiPromise<undefined> {
    return this.#metadata('PATCH', assetId, params, options);
  }

  /**
   * Replaces an asset's `user_metadata` (`PUT /assets/{asset-id}/user-metadata`): keys left out
   * are removed, `null` values are ignored, `{}` clears it. Resolves `undefined`.
   *
   * @param assetId The asset.
   * @param params `{ user_metadata }`.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  replaceMetadata(
    assetId: string,
    params: AssetMetadataParams,
    options: CallOptions = {},
  ): ApiPromise<undefined> {
    return this.#metadata('PUT', assetId, params, options);
  }

  /**
   * Removes all of an asset's `user_metadata` (`DELETE /assets/{asset-id}/user-metadata`).
   *
   * @param assetId The asset.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  clearMetadata(assetId: string, options: CallOptions = {}): ApiPromise<undefined> {
    return this.#transport.request(() => ({
      ...options,
      method: 'DELETE',
      path: `${assetPath(assetId)}/user-metadata`,
      schema: EmptySchema,
    }));
  }

  /**
   * Polls an asset until it is `ready` or `failed` and resolves with it (a `failed` asset is a
   * result, not an error: check `status` and `error.message`).
   *
   * @param assetId The asset.
   * @param options The interval, an overall timeout and a signal.
   * @returns The final asset.
   * @throws {TimeoutError} When `timeoutMs` passes first.
   */
  waitForReady(assetId: string, options: WaitForDoneOptions = {}): Promise<AssetDetail> {
    return waitUntilFinished(`TwelveLabs asset ${assetId}`, (call) => this.retrieve(assetId, call), options);
  }

  #metadata(
    method: 'PATCH' | 'PUT',
    assetId: string,
    params: AssetMetadataParams,
    options: CallOptions,
  ): ApiPromise<undefined> {
    return this.#transport.request(() => {
      const metadata = params?.user_metadata;
      if (!isRecord(metadata)) {
        throw new ConfigurationError(
          `TwelveLabs: assets.${method === 'PATCH' ? 'updateMetadata' : 'replaceMetadata'} needs { user_metadata: { ... } }.`,
        );
      }
      return {
        ...options,
        method,
        path: `${assetPath(assetId)}/user-metadata`,
        json: { user_metadata: { ...metadata } },
        schema: EmptySchema,
      };
    });
  }
}

function assetPath(assetId: string): string {
  return `assets/${pathSegment(assetId, 'asset id', provider)}`;
}

/** The form of `POST /assets`, field for field as twelvelabs-js 1.3.4 appends them. */
function assetForm(params: CreateAssetParams): FormData {
  if (!isRecord(params)) {
    throw new ConfigurationError('TwelveLabs: assets.create needs { file } or { url }.');
  }
  const { file, url, filename, user_metadata: metadata } = params;
  if ((file === undefined) === (url === undefined)) {
    throw new ConfigurationError('TwelveLabs: assets.create needs exactly one of file and url.');
  }
  const method = file !== undefined ? 'direct' : 'url';
  if (params.method !== undefined && params.method !== method) {
    throw new ConfigurationError(
      `TwelveLabs: assets.create was given method "${String(params.method).slice(0, 20)}" with ${file !== undefined ? 'a file' : 'a url'}: ` +
        'method "direct" takes a file, "url" a url (and large files go through client.multipartUploads).',
    );
  }
  if (file !== undefined && !(file instanceof Blob)) {
    throw new ConfigurationError(
      'TwelveLabs: assets.create `file` must be a Blob or File (e.g. from fs.openAsBlob).',
    );
  }
  if (url !== undefined && (typeof url !== 'string' || url === '')) {
    throw new ConfigurationError('TwelveLabs: assets.create `url` must be a non-empty string.');
  }
  if (filename !== undefined && (typeof filename !== 'string' || filename === '')) {
    throw new ConfigurationError('TwelveLabs: assets.create `filename` must be a non-empty string.');
  }
  if (metadata !== undefined && !isRecord(metadata)) {
    throw new ConfigurationError('TwelveLabs: assets.create `user_metadata` must be an object.');
  }
  const form = new FormData();
  form.set('method', method);
  if (file !== undefined) form.set('file', file, filename ?? (file instanceof File ? file.name : 'file'));
  if (url !== undefined) form.set('url', url);
  if (filename !== undefined) form.set('filename', filename);
  if (params.enable_hls !== undefined) form.set('enable_hls', String(params.enable_hls));
  if (params.enable_thumbnail !== undefined) form.set('enable_thumbnail', String(params.enable_thumbnail));
  // A JSON string in the form (the SDK's type is `string`), unlike the multipart create's object.
  if (metadata !== undefined) form.set('user_metadata', JSON.stringify(metadata));
  return form;
}

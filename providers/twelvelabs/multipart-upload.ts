import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import { type UploadedFile, type UploadFileOptions, uploadInChunks } from './chunked-upload.js';
import {
  type ChunkReport,
  ChunkReportSchema,
  type CompletedChunk,
  type CreatedUpload,
  CreatedUploadSchema,
  type CreateUploadParams,
  type IncompleteUploadList,
  IncompleteUploadListSchema,
  type PresignedUrls,
  PresignedUrlsSchema,
  type UploadStatus,
  UploadStatusSchema,
} from './multipart-schemas.js';

const provider = 'TwelveLabs';

/**
 * Multipart uploads of large files (`/assets/multipart-uploads`): the way to upload more than
 * 200 MB. TwelveLabs hands out presigned URLs on object storage, another origin, and the chunks
 * go there; **the key never does**: chunks travel through a transport that carries no key nor
 * the client's headers, and each presigned URL's signature is concealed in errors and logs.
 *
 * `upload(file)` does it all: it creates the session, sends the chunks (`concurrency` at once,
 * each streamed from the Blob, so memory stays flat for a multi-GiB file), asks for more URLs
 * when the first set runs out or a URL expires, reports the chunks with their ETags, and
 * returns the asset id. The calls it is made of are public too.
 *
 * @example
 * ```ts no-run
 * import { openAsBlob } from 'node:fs';
 * const file = await openAsBlob('match.mp4');
 * const { asset_id } = await client.multipartUploads.upload(file, { filename: 'match.mp4', onProgress: console.log });
 * ```
 */
export class MultipartUploads {
  readonly #transport: Transport;
  readonly #storageFor: (origin: string) => Transport;

  /**
   * @param transport The client's transport.
   * @param storageFor A keyless transport for a storage origin (see `ProviderClient.keylessTransport`).
   */
  constructor(transport: Transport, storageFor: (origin: string) => Transport) {
    this.#transport = transport;
    this.#storageFor = storageFor;
  }

  /**
   * Opens an upload session (`POST /assets/multipart-uploads`, 201; valid for 24 hours).
   *
   * @param params `filename`, `type`, `total_size` and the asset's options.
   * @param options Per-call options.
   * @returns The session: `upload_id`, `asset_id`, `chunk_size`, the first `upload_urls`.
   */
  create(params: CreateUploadParams, options: CallOptions = {}): ApiPromise<CreatedUpload> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: 'assets/multipart-uploads',
      json: sessionBody(params),
      schema: CreatedUploadSchema,
    }));
  }

  /**
   * Reports chunks that reached the storage (`POST /assets/multipart-uploads/{upload_id}`). A
   * chunk reported twice is ignored by TwelveLabs, so the call is retried like a GET.
   *
   * @param uploadId The session.
   * @param chunks Each chunk's index, ETag (`proof`) and size.
   * @param options Per-call options.
   * @returns What was counted; `url` once every chunk is reported.
   */
  reportChunks(
    uploadId: string,
    chunks: readonly CompletedChunk[],
    options: CallOptions = {},
  ): ApiPromise<ChunkReport> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: `assets/multipart-uploads/${pathSegment(uploadId, 'upload id', provider)}`,
      json: { completed_chunks: chunks.map((chunk) => ({ ...chunk })) },
      safeToRetry: true,
      schema: ChunkReportSchema,
    }));
  }

  /**
   * Fresh presigned URLs for chunks `start` to `start + count - 1` (`.../presigned-urls`; at
   * most 50 at a time, each valid for an hour).
   *
   * @param uploadId The session.
   * @param range `{ start, count }`, `start` 1-based.
   * @param options Per-call options.
   * @returns The URLs.
   */
  presignedUrls(
    uploadId: string,
    range: { start: number; count: number },
    options: CallOptions = {},
  ): ApiPromise<PresignedUrls> {
    return this.#transport.request(() => {
      const { start, count } = range ?? {};
      if (
        !Number.isSafeInteger(start) ||
        start < 1 ||
        !Number.isSafeInteger(count) ||
        count < 1 ||
        count > 50
      ) {
        throw new ConfigurationError('TwelveLabs: presignedUrls takes { start: 1 or more, count: 1 to 50 }.');
      }
      return {
        ...options,
        method: 'POST',
        path: `assets/multipart-uploads/${pathSegment(uploadId, 'upload id', provider)}/presigned-urls`,
        json: { start, count },
        safeToRetry: true,
        schema: PresignedUrlsSchema,
      };
    });
  }

  /**
   * An upload's state, with a page of its chunks (`GET /assets/multipart-uploads/{upload_id}`).
   *
   * @param uploadId The session.
   * @param params `page`, `page_limit` (at most 50) over the chunks.
   * @param options Per-call options.
   * @returns The state.
   */
  status(
    uploadId: string,
    params: { page?: number | undefined; page_limit?: number | undefined } = {},
    options: CallOptions = {},
  ): ApiPromise<UploadStatus> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `assets/multipart-uploads/${pathSegment(uploadId, 'upload id', provider)}`,
      query: { page: params.page, page_limit: params.page_limit },
      schema: UploadStatusSchema,
    }));
  }

  /**
   * Upload sessions not completed yet (`GET /assets/multipart-uploads`).
   *
   * @param params `page`, `page_limit`.
   * @param options Per-call options.
   * @returns `{ data, page_info }`.
   */
  listIncomplete(
    params: { page?: number | undefined; page_limit?: number | undefined } = {},
    options: CallOptions = {},
  ): ApiPromise<IncompleteUploadList> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: 'assets/multipart-uploads',
      query: { page: params.page, page_limit: params.page_limit },
      schema: IncompleteUploadListSchema,
    }));
  }

  /**
   * Uploads a file in chunks, start to end; see the class. The first failure stops every chunk
   * in flight and is thrown; the session stays open at TwelveLabs for 24 hours.
   *
   * @param file The file: a Blob or File (`fs.openAsBlob(path)` reads it from disk as it goes).
   * @param options `filename`, `type`, the asset's options, `concurrency`, `onProgress`, `signal`.
   * @returns `{ upload_id, asset_id, url, total_chunks }`.
   * @throws {KeygateError} A typed error: the API's, the storage's (e.g. `PermissionDeniedError`
   *   for a URL refused twice), `ResponseValidationError` for a storage answer without an ETag.
   */
  upload(file: Blob, options: UploadFileOptions = {}): Promise<UploadedFile> {
    return uploadInChunks(this, this.#storageFor, file, options);
  }
}

function sessionBody(params: CreateUploadParams): Record<string, unknown> {
  if (typeof params?.filename !== 'string' || params.filename === '' || params.filename.length > 255) {
    throw new ConfigurationError('TwelveLabs: a multipart upload needs a `filename` of 1 to 255 characters.');
  }
  if (!Number.isSafeInteger(params.total_size) || params.total_size < 1) {
    throw new ConfigurationError(
      'TwelveLabs: a multipart upload needs `total_size`, a positive number of bytes.',
    );
  }
  return { ...params };
}

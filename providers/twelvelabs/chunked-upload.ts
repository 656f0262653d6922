import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  isApiError,
  KeygateError,
  ResponseValidationError,
  type Transport,
} from '../../src/index.js';
import { ChunkUrls } from './chunk-urls.js';
import type {
  ChunkReport,
  CompletedChunk,
  CreatedUpload,
  CreateUploadParams,
  PresignedUrls,
} from './multipart-schemas.js';

// The flow of `multipartUploads.upload`: chunks of a Blob sent to presigned URLs on another origin
// through a keyless transport, URLs asked for as they run out, chunks reported with their ETags.

const provider = 'TwelveLabs';
const providerId = 'twelvelabs';
// "count: 1–50" per request for more URLs (docs: get-additional-presigned-urls).
const maxUrlsPerRequest = 50;
// Chunks are reported in batches, as twelvelabs-js does (batchSize 10): fewer calls, and a
// failure loses at most one batch of reports (the chunks themselves are kept by the storage).
const reportBatch = 10;
// S3 takes at most 10,000 parts per upload: a chunk_size that needs more is a bad answer, and
// following it could mean billions of requests.
const maxChunks = 10_000;

/** Where an upload stands, after each chunk. */
export interface MultipartUploadProgress {
  /** Bytes of the chunks the storage has taken. */
  uploadedBytes: number;
  /** The file's size. */
  totalBytes: number;
  /** Chunks the storage has taken (in any order: chunks go several at a time). */
  uploadedChunks: number;
  totalChunks: number;
}

/** Options of `multipartUploads.upload`. */
export interface UploadFileOptions extends Omit<CreateUploadParams, 'filename' | 'type' | 'total_size'> {
  /** The name TwelveLabs shows. @default the File's name (required for a plain Blob) */
  filename?: string | undefined;
  /** @default 'video' */
  type?: CreateUploadParams['type'] | undefined;
  /**
   * Chunks sent at once, 1 to 16. Each streams from the Blob, so memory grows little with it.
   * @default 4
   */
  concurrency?: number | undefined;
  /** Called after each chunk reached the storage. */
  onProgress?: ((progress: MultipartUploadProgress) => void) | undefined;
  /** Stops the upload (chunks in flight and calls), with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds one attempt of a call or of one chunk's PUT may take. @default the client's */
  timeout?: number | undefined;
  /** Retries of each call and each chunk's PUT (PUT to a presigned URL is idempotent). */
  maxRetries?: number | undefined;
}

/** What `multipartUploads.upload` ends with. */
export interface UploadedFile {
  upload_id: string;
  /** The asset; poll `assets.retrieve` (or `assets.waitForReady`) until it is `ready`. */
  asset_id: string | undefined;
  /** The uploaded file's URL, which TwelveLabs gives once every chunk is reported. */
  url: string | undefined;
  total_chunks: number;
}

/** The API calls the flow is made of (`MultipartUploads`). */
export interface MultipartCalls {
  create(params: CreateUploadParams, options?: CallOptions): ApiPromise<CreatedUpload>;
  reportChunks(
    uploadId: string,
    chunks: readonly CompletedChunk[],
    options?: CallOptions,
  ): ApiPromise<ChunkReport>;
  presignedUrls(
    uploadId: string,
    range: { start: number; count: number },
    options?: CallOptions,
  ): ApiPromise<PresignedUrls>;
}

/**
 * Uploads a file in chunks (see `MultipartUploads.upload`).
 *
 * @param calls The API calls.
 * @param storageFor A keyless transport for a storage origin.
 * @param file The file.
 * @param options The upload's options.
 * @returns `{ upload_id, asset_id, url, total_chunks }`.
 */
export async function uploadInChunks(
  calls: MultipartCalls,
  storageFor: (origin: string) => Transport,
  file: Blob,
  options: UploadFileOptions,
): Promise<UploadedFile> {
  const plan = planUpload(file, options);
  const { signal, timeout, maxRetries } = options;
  const stop = new AbortController();
  const combined = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]);
  const call: CallOptions = { signal: combined, timeout, maxRetries };
  const session = await calls.create(plan.params, { signal, timeout, maxRetries });
  const uploadId = session.upload_id;
  const chunkSize = session.chunk_size;
  const totalChunks = Math.ceil(file.size / Math.max(1, chunkSize));
  if (
    !Number.isSafeInteger(chunkSize) ||
    chunkSize < 1 ||
    totalChunks > maxChunks ||
    (session.total_chunks ?? totalChunks) !== totalChunks
  ) {
    throw invalidAnswer(
      `opened upload ${uploadId} with chunk_size ${String(chunkSize)} and total_chunks ${String(session.total_chunks)}, which do not fit ${file.size} bytes`,
      'chunk_size',
    );
  }
  const urls = new ChunkUrls(session.upload_urls ?? [], (start) =>
    calls.presignedUrls(
      uploadId,
      { start, count: Math.min(maxUrlsPerRequest, totalChunks - start + 1) },
      call,
    ),
  );
  const progress: MultipartUploadProgress = {
    uploadedBytes: 0,
    totalBytes: file.size,
    uploadedChunks: 0,
    totalChunks,
  };
  let next = 1;
  let failure: unknown;
  const fail = (error: unknown) => {
    // The first failure is the one to report: the others are the chunks it stopped.
    failure ??= error;
    stop.abort();
  };
  let unreported: CompletedChunk[] = [];
  let reporting: Promise<ChunkReport | undefined> = Promise.resolve(undefined);
  // Reports go one after another while the workers go on sending chunks; a refused report stops
  // the upload like a refused chunk.
  const report = () => {
    const batch = unreported;
    unreported = [];
    if (batch.length === 0) return;
    reporting = reporting.then((previous) =>
      failure === undefined ? calls.reportChunks(uploadId, batch, call) : previous,
    );
    reporting.catch(fail);
  };
  const worker = async () => {
    while (next <= totalChunks && failure === undefined) {
      const index = next++;
      const start = (index - 1) * chunkSize;
      const chunk = file.slice(start, Math.min(start + chunkSize, file.size));
      const done = await sendChunk(storageFor, index, chunk, urls, call);
      progress.uploadedBytes += chunk.size;
      progress.uploadedChunks += 1;
      tell(options.onProgress, progress);
      unreported.push(done);
      if (unreported.length >= reportBatch) report();
    }
  };
  const workers = Array.from({ length: Math.min(plan.concurrency, totalChunks) }, () => worker().catch(fail));
  await Promise.all(workers);
  if (failure === undefined) report();
  const last = await reporting.catch(() => undefined);
  if (failure !== undefined) throw failure;
  // TwelveLabs says an upload is complete with its `url` once every chunk is reported; without
  // it (or a count that says so), the asset would never become ready.
  if (!last?.url && (last?.total_completed ?? 0) < totalChunks) {
    throw invalidAnswer(
      `did not confirm upload ${uploadId} as complete after all ${totalChunks} chunks were reported (total_completed ${String(last?.total_completed)})`,
      'url',
    );
  }
  return {
    upload_id: uploadId,
    asset_id: last?.asset_id ?? session.asset_id ?? undefined,
    url: last?.url ?? undefined,
    total_chunks: totalChunks,
  };
}

/** PUTs one chunk to its presigned URL, without the key; a refused URL (expired, used) is replaced once. */
async function sendChunk(
  storageFor: (origin: string) => Transport,
  index: number,
  chunk: Blob,
  urls: ChunkUrls,
  call: CallOptions,
): Promise<CompletedChunk> {
  for (let attempt = 1; ; attempt++) {
    const target = await urls.take(index);
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      throw invalidAnswer(`handed out an upload URL for chunk ${index} that is not a URL`, 'upload_urls.url');
    }
    let storage: Transport;
    try {
      storage = storageFor(url.origin);
    } catch (error) {
      throw invalidAnswer(
        `handed out an upload URL for chunk ${index} on ${url.protocol}//${url.host}, where keygate does not send data (HTTPS only, and no loopback address from a remote API)`,
        'upload_urls.url',
        error,
      );
    }
    try {
      const { response } = await storage
        .request({
          ...call,
          method: 'PUT',
          // The URL's own query, byte for byte: it is what the signature covers.
          path: `${url.pathname}${url.search}`,
          body: chunk,
          // The only header the official SDKs send with a chunk (twelvelabs-js 1.3.4
          // wrapper/resources/MultipartUploadWrapper.js, twelvelabs-python's wrapper).
          headers: { 'content-type': 'application/octet-stream' },
        })
        .withResponse();
      // S3 quotes its ETags; TwelveLabs wants the bare value as proof (both SDKs strip quotes).
      // A weak one (`W/"…"`) is not S3's, but its value is the same proof. A long one is refused,
      // not cut: a cut proof would be a wrong one.
      const raw = response.headers.get('etag');
      const etag = raw?.replace(/^W\//, '').replaceAll('"', '');
      if (etag === undefined || etag === '' || etag.length > 200) {
        const got = raw === null ? 'none' : `${raw.length} characters`;
        throw invalidAnswer(
          `answered chunk ${index} without a usable ETag (${got})`,
          'etag',
          undefined,
          'storage',
        );
      }
      return { chunk_index: index, proof: etag, proof_type: 'etag', chunk_size: chunk.size };
    } catch (error) {
      // Presigned URLs are single-use and last an hour: S3 answers 403 to a used or expired one.
      if (attempt === 1 && isApiError(error) && error.status === 403) {
        urls.forget(index);
        continue;
      }
      throw error;
    }
  }
}

function planUpload(file: Blob, options: UploadFileOptions) {
  if (!(file instanceof Blob)) {
    throw new ConfigurationError(
      'TwelveLabs: multipartUploads.upload takes a Blob or File (e.g. from fs.openAsBlob).',
      {
        provider: providerId,
      },
    );
  }
  const {
    concurrency = 4,
    onProgress,
    filename,
    type = 'video',
    signal: _s,
    timeout: _t,
    maxRetries: _m,
    ...rest
  } = options;
  const name = filename ?? (file instanceof File ? file.name : undefined);
  if (typeof name !== 'string' || name === '') {
    throw new ConfigurationError(
      'TwelveLabs: multipartUploads.upload needs a `filename` for a Blob that is not a File.',
      {
        provider: providerId,
      },
    );
  }
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new ConfigurationError('TwelveLabs: `concurrency` must be a whole number from 1 to 16.', {
      provider: providerId,
    });
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ConfigurationError('TwelveLabs: `onProgress` must be a function.', { provider: providerId });
  }
  return { concurrency, params: { ...rest, filename: name, type, total_size: file.size } };
}

/** A progress listener that throws must not stop the upload. */
function tell(listener: UploadFileOptions['onProgress'], progress: MultipartUploadProgress): void {
  try {
    listener?.({ ...progress });
  } catch {
    // The upload goes on; the listener's failure is its own.
  }
}

function invalidAnswer(what: string, path: string, cause?: unknown, who = provider): ResponseValidationError {
  return new ResponseValidationError(`${who === 'storage' ? 'The upload storage' : provider} ${what}.`, {
    provider: providerId,
    status: 200,
    issues: [{ path, expected: 'a usable value', received: 'other' }],
    cause: cause instanceof KeygateError ? cause : undefined,
  });
}

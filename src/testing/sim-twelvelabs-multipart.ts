import type { ObjectStorage, StoredPart } from './sim-storage.js';
import { error, isUserMetadata, newId, pageOf, type UserMetadataValue } from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse } from './sim-types.js';

// Multipart upload sessions of the simulated TwelveLabs v1.3: `/assets/multipart-uploads[/{id}
// [/presigned-urls]]`, after the API spec (tryAGI/TwelveLabs openapi.json) and twelvelabs-js 1.3.4
// (api/resources/multipartUpload). Chunks go to the object-storage origin by presigned URL; the
// client then reports each one with its ETag, and the last report turns the session into an asset.

/** What the multipart part of the simulated TwelveLabs needs from the rest of it. */
export interface TwelveLabsMultipartOptions {
  /** Where chunks are uploaded, and what it stored of each. */
  storage: ObjectStorage;
  /** The chunk size multipart uploads get, in bytes. */
  chunkSize: number;
  /** Creates the upload's asset, once its last chunk is reported (once per upload). */
  onComplete: (upload: SimUpload) => void;
}

/** One multipart upload session, as `POST /assets/multipart-uploads` created it. */
export interface SimUpload {
  upload_id: string;
  /** The id the asset gets once the upload completes, announced at creation. */
  asset_id: string;
  filename: string;
  kind: keyof typeof maxSize;
  total_size: number;
  chunk_size: number;
  total_chunks: number;
  created_at: string;
  updated_at: string;
  expires_at: string;
  hls: boolean;
  thumbnail: boolean;
  /** As sent, nulls included: the asset stores it without them. */
  user_metadata: Record<string, UserMetadataValue | null> | undefined;
  /** Reported chunks: index → when. */
  reported: Map<number, string>;
}

type Body = Record<string, unknown>;

const hour = 60 * 60 * 1000;
// "video and audio up to 10 GB, images up to 32 MB" (openapi.json, POST /assets/multipart-uploads).
const maxSize = { video: 10 * 1024 ** 3, audio: 10 * 1024 ** 3, image: 32 * 1024 ** 2 };

/** The multipart upload sessions of the simulated TwelveLabs. */
export class TwelveLabsMultipart {
  readonly #uploads = new Map<string, SimUpload>();

  /** @param options The rest of the simulator. */
  constructor(readonly options: TwelveLabsMultipartOptions) {}

  /**
   * Answers a request on `/assets/multipart-uploads[/{upload_id}[/presigned-urls]]`.
   *
   * @param request The request.
   * @param rest Its decoded path segments below `assets/multipart-uploads`.
   * @param json Its JSON body, `{}` when it has none.
   * @returns The answer, or `undefined` when the method and path are not one of these.
   */
  handle(request: SimRequest, rest: readonly string[], json: Body): SimResponse | undefined {
    const { method } = request;
    const query = request.url.searchParams;
    if (rest.length === 0) {
      if (method === 'POST') return this.#create(json);
      if (method !== 'GET') return undefined;
      // The list shows the sessions still open: a completed one has become an asset.
      const incomplete = [...this.#uploads.values()].reverse().filter((upload) => !complete(upload));
      return pageOf(
        incomplete.map((upload) => {
          const { upload_id, total_size, chunk_size, total_chunks, created_at, expires_at } = upload;
          const status = uploadStatus(upload);
          return { upload_id, status, total_size, chunk_size, total_chunks, created_at, expires_at };
        }),
        query,
      );
    }
    const upload = this.#uploads.get(rest[0] ?? '');
    const route = `${method} ${rest[1] ?? ''}`;
    if (!['POST ', 'GET ', 'POST presigned-urls'].includes(route)) return undefined;
    if (!upload) return error(404, 'resource_not_exist', `Upload ${rest[0]} not found.`);
    if (route === 'GET ') return this.#status(upload, query);
    return route === 'POST ' ? this.#report(upload, json) : this.#moreUrls(upload, json);
  }

  /** `POST /assets/multipart-uploads`: the session, its chunk size and the first presigned URLs. */
  #create(json: Body): SimResponse {
    const { filename, type, total_size, enable_hls, enable_thumbnail, user_metadata } = json;
    if (typeof filename !== 'string' || filename === '' || filename.length > 255)
      return error(400, 'parameter_invalid', 'filename is required: 1 to 255 characters.');
    if (type !== 'video' && type !== 'audio' && type !== 'image')
      return error(400, 'parameter_invalid', 'type must be video, audio or image.');
    if (
      !Number.isSafeInteger(total_size) ||
      (total_size as number) <= 0 ||
      (total_size as number) > maxSize[type]
    )
      return error(400, 'parameter_invalid', `total_size must be 1 to ${maxSize[type]} bytes for ${type}.`);
    if ([enable_hls, enable_thumbnail].some((flag) => flag !== undefined && typeof flag !== 'boolean'))
      return error(400, 'parameter_invalid', 'enable_hls and enable_thumbnail must be booleans.');
    if (user_metadata !== undefined && !isUserMetadata(user_metadata))
      return error(
        400,
        'parameter_invalid',
        'user_metadata must be an object of strings, numbers and booleans.',
      );
    const now = new Date();
    const { chunkSize } = this.options;
    const upload: SimUpload = {
      upload_id: newId(),
      asset_id: newId(),
      filename,
      kind: type,
      total_size: total_size as number,
      chunk_size: chunkSize,
      total_chunks: Math.ceil((total_size as number) / chunkSize),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      // The session lasts 24 h (openapi.json, CreateAssetUploadResponse.expires_at).
      expires_at: new Date(now.getTime() + 24 * hour).toISOString(),
      hls: enable_hls === true,
      thumbnail: enable_thumbnail === true,
      user_metadata,
      reported: new Map(),
    };
    this.#uploads.set(upload.upload_id, upload);
    const { upload_id, asset_id, total_chunks, expires_at } = upload;
    // The first URLs only; the client asks presigned-urls for the rest.
    const upload_urls = this.#presign(upload, 1, Math.min(total_chunks, 10));
    const body = {
      upload_id,
      asset_id,
      upload_urls,
      upload_headers: {},
      chunk_size: chunkSize,
      total_chunks,
      expires_at,
    };
    return { status: 201, body };
  }

  #presign(upload: SimUpload, start: number, count: number): Body[] {
    return Array.from({ length: count }, (_, i) => ({
      chunk_index: start + i,
      ...this.options.storage.presign(upload.upload_id, start + i),
    }));
  }

  /** `POST /assets/multipart-uploads/{id}`: chunks proved by their ETags; the last one completes the upload. */
  #report(upload: SimUpload, json: Body): SimResponse {
    const chunks = json.completed_chunks;
    if (!Array.isArray(chunks) || chunks.length === 0)
      return error(400, 'parameter_invalid', 'completed_chunks must list at least one chunk.');
    if (uploadStatus(upload) === 'expired')
      return error(400, 'parameter_invalid', `The upload ${upload.upload_id} has expired.`);
    const stored = this.options.storage.parts(upload.upload_id);
    // Every chunk is checked before any counts, so a bad batch changes nothing.
    for (const chunk of chunks as Body[]) {
      const problem = chunkProblem(upload, chunk, stored);
      if (problem) return error(400, 'parameter_invalid', problem);
    }
    const wasComplete = complete(upload);
    const now = new Date().toISOString();
    let duplicates = 0;
    for (const chunk of chunks as Body[]) {
      const index = chunk.chunk_index as number;
      if (upload.reported.has(index)) duplicates += 1;
      else upload.reported.set(index, now);
    }
    upload.updated_at = now;
    const done = complete(upload);
    // Reporting a chunk again after completion must not create the asset twice.
    if (done && !wasComplete) this.options.onComplete(upload);
    return {
      status: 200,
      body: {
        asset_id: upload.asset_id,
        processed_chunks: chunks.length - duplicates,
        duplicate_chunks: duplicates,
        total_completed: upload.reported.size,
        ...(done
          ? {
              url: `${this.options.storage.origin}/assets/${upload.asset_id}/${encodeURIComponent(upload.filename)}`,
            }
          : {}),
      },
    };
  }

  /** `POST …/presigned-urls` `{ start, count }`: fresh URLs, at most 50 (openapi.json). */
  #moreUrls(upload: SimUpload, json: Body): SimResponse {
    const { start, count } = json;
    if (!Number.isInteger(start) || (start as number) < 1 || (start as number) > upload.total_chunks)
      return error(400, 'parameter_invalid', `start must be between 1 and ${upload.total_chunks}.`);
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 50)
      return error(400, 'parameter_invalid', 'count must be between 1 and 50.');
    const first = start as number;
    const upload_urls = this.#presign(
      upload,
      first,
      Math.min(count as number, upload.total_chunks - first + 1),
    );
    const now = Date.now();
    return {
      status: 200,
      body: {
        upload_id: upload.upload_id,
        start_index: first,
        count: upload_urls.length,
        upload_urls,
        generated_at: new Date(now).toISOString(),
        expires_at: new Date(now + hour).toISOString(),
      },
    };
  }

  /** `GET /assets/multipart-uploads/{id}`: the chunks (keyed `index`, not `chunk_index`), paged. */
  #status(upload: SimUpload, query: URLSearchParams): SimResponse {
    const chunks = Array.from({ length: upload.total_chunks }, (_, i) => {
      const uploadedAt = upload.reported.get(i + 1);
      const status = uploadedAt ? 'completed' : 'pending';
      return {
        index: i + 1,
        status,
        uploaded_at: uploadedAt ?? null,
        updated_at: uploadedAt ?? upload.created_at,
      };
    });
    const { data, page_info } = pageOf(chunks, query).body as { data: unknown[]; page_info: unknown };
    let uploaded = 0;
    for (const index of upload.reported.keys()) uploaded += expectedSize(upload, index);
    const { upload_id, total_size, created_at, updated_at } = upload;
    return {
      status: 200,
      body: {
        upload_id,
        status: uploadStatus(upload),
        uploaded_chunks: data,
        chunks_completed: upload.reported.size,
        chunks_failed: 0,
        chunks_pending: upload.total_chunks - upload.reported.size,
        page_info,
        total_size,
        uploaded_size: uploaded,
        created_at,
        updated_at,
      },
    };
  }
}

/** Whether every chunk of an upload has been reported. */
function complete(upload: SimUpload): boolean {
  return upload.reported.size === upload.total_chunks;
}

/** `active` until every chunk is reported (`completed`) or the 24 h run out (`expired`). */
function uploadStatus(upload: SimUpload): string {
  if (complete(upload)) return 'completed';
  return Date.now() > Date.parse(upload.expires_at) ? 'expired' : 'active';
}

/** The bytes chunk `index` (1-based) must hold: `chunk_size`, the last one the remainder. */
function expectedSize(upload: SimUpload, index: number): number {
  return index < upload.total_chunks
    ? upload.chunk_size
    : upload.total_size - (upload.total_chunks - 1) * upload.chunk_size;
}

/** Why one reported chunk is refused: its index, its proof (the stored ETag) or its size. */
function chunkProblem(
  upload: SimUpload,
  chunk: Body,
  stored: ReadonlyMap<number, StoredPart>,
): string | undefined {
  const index = chunk?.chunk_index;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 1 || index > upload.total_chunks)
    return `Chunk_index ${String(index)} is not between 1 and ${upload.total_chunks}.`;
  if (chunk.proof_type !== 'etag') return `The proof_type of chunk ${index} must be etag.`;
  const part = stored.get(index);
  if (!part) return `Chunk ${index} was not uploaded.`;
  if (chunk.proof !== part.etag) return `The proof of chunk ${index} does not match its ETag.`;
  const expected = expectedSize(upload, index);
  if (chunk.chunk_size !== part.size || part.size !== expected)
    return `Chunk ${index} must be ${expected} bytes; ${part.size} were uploaded.`;
  return undefined;
}

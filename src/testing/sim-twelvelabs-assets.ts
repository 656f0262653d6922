import type { ObjectStorage } from './sim-storage.js';
import { TwelveLabsIndexedAssets } from './sim-twelvelabs-indexed-assets.js';
import { type SimUpload, TwelveLabsMultipart } from './sim-twelvelabs-multipart.js';
import {
  error,
  isUserMetadata,
  listParam,
  newId,
  pageOf,
  type SimIndex,
  type TwelveLabsVideos,
  type UserMetadataValue,
  videoDuration,
  withoutNulls,
} from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse } from './sim-types.js';

// Assets of the simulated TwelveLabs v1.3 (`/assets`, `/assets/{id}`), after the API spec
// (tryAGI/TwelveLabs openapi.json) and twelvelabs-js 1.3.4 (api/resources/assets). A filename
// containing `[fail]` makes its asset end `failed`. The simulator's one entry for the asset family:
// it hands multipart uploads and indexed assets to sim-twelvelabs-multipart.ts and
// sim-twelvelabs-indexed-assets.ts, which reach its asset store through callbacks.

/** What the assets part of the simulated TwelveLabs needs from the rest of it. */
export interface TwelveLabsAssetsOptions {
  index: (indexId: string) => SimIndex | undefined;
  videos: TwelveLabsVideos;
  storage: ObjectStorage;
  /** How many GETs it takes an asset or an indexed asset to become ready. */
  pollsUntilReady: number;
  /** The chunk size multipart uploads get, in bytes. */
  chunkSize: number;
}

// An asset has the kinds a multipart upload may declare.
type Kind = SimUpload['kind'];
type Body = Record<string, unknown>;

interface SimAsset {
  _id: string;
  method: 'direct' | 'url' | 'multipart';
  filename: string;
  file_type: string;
  kind: Kind;
  created_at: string;
  size: number;
  hls: boolean;
  thumbnail: boolean;
  user_metadata: Record<string, UserMetadataValue> | undefined;
  polls: number;
}

/** What the creator of an asset says beyond its file: `user_metadata` may still hold nulls. */
type AssetExtras = Pick<SimAsset, 'hls' | 'thumbnail'> & { user_metadata: Body | undefined };

const mimeTypes: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** Assets, multipart uploads and indexed assets of the simulated TwelveLabs. */
export class TwelveLabsAssets {
  readonly #assets = new Map<string, SimAsset>();
  readonly #multipart: TwelveLabsMultipart;
  readonly #indexed: TwelveLabsIndexedAssets;

  /** @param options The rest of the simulator. */
  constructor(readonly options: TwelveLabsAssetsOptions) {
    const { index, videos, storage, pollsUntilReady, chunkSize } = options;
    this.#multipart = new TwelveLabsMultipart({
      storage,
      chunkSize,
      // The asset takes the id the upload announced, so clients can poll it from the start.
      onComplete: (upload) => {
        const { filename, kind, total_size, hls, thumbnail, user_metadata, asset_id } = upload;
        const extras = { hls, thumbnail, user_metadata };
        this.#addAsset('multipart', filename, `${kind}/*`, total_size, extras, asset_id);
      },
    });
    this.#indexed = new TwelveLabsIndexedAssets({
      index,
      videos,
      origin: storage.origin,
      pollsUntilReady,
      readyAsset: (assetId) => {
        const asset = this.#assets.get(assetId);
        return asset && this.#status(asset) === 'ready' ? asset : undefined;
      },
    });
  }

  /**
   * Answers a request on `assets…` or `indexes/{id}/indexed-assets…`.
   *
   * @param request The request.
   * @param segments Its decoded path segments below `/v1.3`.
   * @returns The answer, or `undefined` when the path is not one of these.
   */
  handle(request: SimRequest, segments: readonly string[]): SimResponse | undefined {
    const { method, body } = request;
    const query = request.url.searchParams;
    const json = body instanceof FormData || body === undefined ? {} : body;
    const [root, second = ''] = segments;
    if (root === 'indexes') return this.#indexed.handle(request, segments, json);
    if (root !== 'assets' || segments.length > 4) return undefined;
    if (second === 'multipart-uploads') return this.#multipart.handle(request, segments.slice(2), json);
    if (segments.length === 1) {
      if (method === 'POST') return this.#createAsset(body);
      return method === 'GET' ? this.#listAssets(query) : undefined;
    }
    const asset = this.#assets.get(second);
    if (segments.length > 2 || (method !== 'GET' && method !== 'DELETE')) return undefined;
    if (!asset)
      return error(404, 'resource_not_exist', `Resource with id ${second} does not exist in assets.`);
    if (method === 'DELETE') return this.#deleteAsset(asset, query.get('force') === 'true');
    asset.polls += 1;
    return { status: 200, body: this.#detail(asset) };
  }

  /** `POST /assets`: a form with `method` (`direct` takes `file`, `url` takes `url`). */
  #createAsset(form: SimRequest['body']): SimResponse {
    if (!(form instanceof FormData))
      return error(400, 'parameter_invalid', 'Assets are created with multipart/form-data.');
    const method = form.get('method');
    const file = form.get('file');
    const url = form.get('url');
    if (method === null) return error(400, 'parameter_not_provided', 'The method parameter is required.');
    if (method !== 'direct' && method !== 'url')
      return error(400, 'parameter_invalid', 'The method parameter must be direct or url.');
    const wanted = method === 'direct' ? file : url;
    if (wanted === null)
      return error(
        400,
        'parameter_not_provided',
        `method=${method} requires the ${method === 'direct' ? 'file' : 'url'} parameter.`,
      );
    if ((method === 'direct' ? url : file) !== null)
      return error(
        400,
        'parameter_invalid',
        'Provide file with method=direct or url with method=url, not both.',
      );
    let source = '';
    if (method === 'direct' && typeof file !== 'string' && file !== null) source = file.name;
    else if (method === 'url' && typeof url === 'string' && URL.canParse(url))
      source = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    else
      return error(
        400,
        'parameter_invalid',
        `The ${method === 'direct' ? 'file' : 'url'} parameter is invalid.`,
      );
    const named = form.get('filename');
    const filename = typeof named === 'string' && named !== '' ? named : source || 'asset.mp4';
    if (filename.length > 255)
      return error(400, 'parameter_invalid', 'The filename parameter must be 1 to 255 characters.');
    // user_metadata arrives as a JSON string in this form (twelvelabs-js 1.3.4 AssetsCreateRequest).
    const field = form.get('user_metadata');
    let metadata: unknown;
    try {
      metadata = typeof field === 'string' ? JSON.parse(field) : undefined;
    } catch {
      metadata = 'invalid';
    }
    if (field !== null && !isUserMetadata(metadata))
      return error(
        400,
        'parameter_invalid',
        'user_metadata must be a JSON object of strings, numbers and booleans.',
      );
    const declared = typeof file === 'string' || file === null ? '' : file.type;
    const asset = this.#addAsset(
      method,
      filename,
      declared,
      typeof file === 'object' && file ? file.size : 1_000_000,
      {
        hls: form.get('enable_hls') === 'true',
        thumbnail: form.get('enable_thumbnail') === 'true',
        user_metadata: metadata as Body | undefined,
      },
    );
    // Processing is asynchronous for every upload, small files too (openapi.json, POST /assets).
    return { status: 201, body: this.#view(asset) };
  }

  /** Stores a new asset; its MIME type, hence its kind, comes from `fileType`. */
  #addAsset(
    method: SimAsset['method'],
    filename: string,
    declared: string,
    size: number,
    { user_metadata, ...flags }: AssetExtras,
    _id = newId(),
  ): SimAsset {
    const file_type = fileType(filename, declared);
    const kind = file_type.split('/')[0] as Kind;
    const created_at = new Date().toISOString();
    // Both creators hand user_metadata over as sent; a null value on create means the key is not set.
    const extras = {
      ...flags,
      user_metadata: user_metadata === undefined ? undefined : withoutNulls(user_metadata),
    };
    const asset: SimAsset = { _id, method, filename, file_type, kind, created_at, size, polls: 0, ...extras };
    this.#assets.set(_id, asset);
    return asset;
  }

  #status(asset: SimAsset): 'processing' | 'ready' | 'failed' {
    if (asset.polls < this.options.pollsUntilReady) return 'processing';
    return asset.filename.includes('[fail]') ? 'failed' : 'ready';
  }

  /** The `Asset` of a create answer: `user_metadata` only when set. */
  #view(asset: SimAsset): Body {
    const { _id, method, filename, file_type, created_at, user_metadata } = asset;
    const status = this.#status(asset);
    return {
      _id,
      method,
      status,
      filename,
      file_type,
      created_at,
      ...(user_metadata ? { user_metadata } : {}),
    };
  }

  /** `AssetDetail`: size, duration and technical_metadata once ready; hls and thumbnail when asked for. */
  #detail(asset: SimAsset): Body {
    const status = this.#status(asset);
    const ready = status === 'ready';
    const timed = asset.kind !== 'image';
    const stage = ready ? 'ready' : status === 'failed' ? 'error' : 'processing';
    const base = `${this.options.storage.origin}/assets/${asset._id}`;
    const technical: Body = { file_size_bytes: asset.size, file_mime_type: asset.file_type };
    if (asset.kind === 'video')
      Object.assign(technical, { video_codec: 'h264', video_width: 1280, video_height: 720, video_fps: 30 });
    if (timed) Object.assign(technical, { has_audio: true, audio_codec: 'aac', audio_sample_rate: 48_000 });
    if (asset.kind === 'image') Object.assign(technical, { image_width: 1280, image_height: 720 });
    return {
      ...this.#view(asset),
      ...(ready ? { size: asset.size, technical_metadata: technical } : {}),
      ...(ready && timed ? { duration: videoDuration } : {}),
      ...(asset.hls && timed
        ? { hls: { status: stage, ...(ready ? { manifest_url: `${base}/hls/index.m3u8` } : {}) } }
        : {}),
      ...(asset.thumbnail
        ? { thumbnail: { status: stage, ...(ready ? { representative_url: `${base}/thumbnail.jpg` } : {}) } }
        : {}),
      // The message is for people; the docs say not to parse it.
      ...(status === 'failed' ? { error: { message: 'The file could not be decoded as media.' } } : {}),
    };
  }

  /** `GET /assets`: `asset_ids` and `asset_types` repeated, `filename` a case-insensitive substring. */
  #listAssets(query: URLSearchParams): SimResponse {
    const ids = listParam(query, 'asset_ids');
    const types = listParam(query, 'asset_types');
    const filename = query.get('filename')?.toLowerCase();
    const assets = [...this.#assets.values()]
      .reverse()
      .filter((asset) => ids.length === 0 || ids.includes(asset._id))
      .filter((asset) => types.length === 0 || types.includes(asset.kind))
      .filter((asset) => !filename || asset.filename.toLowerCase().includes(filename));
    return pageOf(
      assets.map((asset) => this.#detail(asset)),
      query,
    );
  }

  /** `DELETE /assets/{id}`: 409 while an index uses it, unless `force=true` unlinks it. */
  #deleteAsset(asset: SimAsset, force: boolean): SimResponse {
    const users = this.#indexed.usersOf(asset._id);
    if (users > 0 && !force) {
      // No source names this code; the status and the advice to use force are documented.
      return error(
        409,
        'asset_in_use',
        `The asset ${asset._id} is used by ${users} indexed asset(s); delete them first or pass force=true.`,
      );
    }
    this.#assets.delete(asset._id);
    return { status: 200 };
  }
}

/** The MIME type of a file: from its extension, else the declared one, else a default of the declared family. */
function fileType(filename: string, declared: string): string {
  const known = mimeTypes[filename.split('.').pop()?.toLowerCase() ?? ''];
  if (known) return known;
  if (/^(video|audio|image)\/[^*]/.test(declared)) return declared;
  const family = declared.split('/')[0];
  return family === 'audio' ? 'audio/mpeg' : family === 'image' ? 'image/jpeg' : 'video/mp4';
}

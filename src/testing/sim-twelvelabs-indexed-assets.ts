import {
  error,
  isUserMetadata,
  listParam,
  newId,
  pageOf,
  type SimIndex,
  sorted,
  type TwelveLabsVideos,
  type UserMetadataValue,
  videoDuration,
  withoutNulls,
} from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse } from './sim-types.js';

// Indexed assets of the simulated TwelveLabs v1.3: `/indexes/{index-id}/indexed-assets[/{id}]`,
// after the API spec (tryAGI/TwelveLabs openapi.json) and twelvelabs-js 1.3.4
// (api/resources/indexes/resources/indexedAssets). An indexed asset is a ready asset put into an
// index; once it is ready itself, its video joins the index's videos under the same id.

/** What the indexed-assets part of the simulated TwelveLabs needs from the rest of it. */
export interface TwelveLabsIndexedAssetsOptions {
  /** The index with this id, if it exists. */
  index: (indexId: string) => SimIndex | undefined;
  /** The indexes' videos, which a ready indexed asset joins. */
  videos: TwelveLabsVideos;
  /** The object-storage origin the HLS manifest and thumbnails are served from. */
  origin: string;
  /** How many GETs it takes an indexed asset to become ready. */
  pollsUntilReady: number;
  /** The asset with this id if it exists and is ready: only those can be indexed. */
  readyAsset: (assetId: string) => { filename: string; size: number } | undefined;
}

type Body = Record<string, unknown>;

interface SimIndexedAsset {
  _id: string;
  index_id: string;
  asset_id: string;
  filename: string;
  size: number;
  created_at: string;
  updated_at: string;
  indexed_at: string | undefined;
  status: string;
  polls: number;
  video_stream: boolean;
  user_metadata: Record<string, UserMetadataValue> | undefined;
}

const indexingSteps = ['pending', 'queued', 'indexing'] as const;
const indexedStatuses: ReadonlySet<string> = new Set([...indexingSteps, 'ready', 'failed']);

/** The indexed assets of every index of the simulated TwelveLabs. */
export class TwelveLabsIndexedAssets {
  readonly #indexed = new Map<string, SimIndexedAsset>();

  /** @param options The rest of the simulator. */
  constructor(readonly options: TwelveLabsIndexedAssetsOptions) {}

  /**
   * Answers a request on `indexes/{index-id}/indexed-assets[/{id}]`.
   *
   * @param request The request.
   * @param segments Its decoded path segments below `/v1.3`.
   * @param json Its JSON body, `{}` when it has none.
   * @returns The answer, or `undefined` when the path is not one of these.
   */
  handle(request: SimRequest, segments: readonly string[], json: Body): SimResponse | undefined {
    const { method } = request;
    const [root, second = '', third, fourth] = segments;
    if (root !== 'indexes' || third !== 'indexed-assets' || segments.length > 4) return undefined;
    const index = this.options.index(second);
    if (!index) return error(404, 'resource_not_exist', `The index ${second} does not exist.`);
    if (fourth === undefined) {
      if (method === 'POST') return this.#create(index, json);
      return method === 'GET' ? this.#list(index, request.url.searchParams) : undefined;
    }
    const indexed = this.#indexed.get(fourth);
    if (!indexed || indexed.index_id !== index._id)
      return error(404, 'resource_not_exist', `The indexed asset ${fourth} does not exist in ${second}.`);
    if (method === 'GET') return this.#retrieve(index, indexed);
    if (method === 'PATCH') return this.#update(request, index, indexed, json);
    if (method !== 'DELETE') return undefined;
    this.#indexed.delete(indexed._id);
    // The index's video goes with it: the same request, answered by the videos part.
    this.options.videos.handle(request, index, indexed._id);
    return { status: 200 };
  }

  /**
   * How many indexed assets use an asset; those of deleted indexes no longer count.
   *
   * @param assetId The asset.
   * @returns The number of indexed assets in existing indexes made from it.
   */
  usersOf(assetId: string): number {
    return [...this.#indexed.values()].filter(
      (indexed) => indexed.asset_id === assetId && this.options.index(indexed.index_id),
    ).length;
  }

  /** `POST /indexes/{id}/indexed-assets`: a ready asset, indexed asynchronously (202). */
  #create(index: SimIndex, json: Body): SimResponse {
    const { asset_id, enable_video_stream, user_metadata } = json;
    if (typeof asset_id !== 'string' || asset_id === '')
      return error(400, 'parameter_not_provided', 'The asset_id parameter is required.');
    const asset = this.options.readyAsset(asset_id);
    if (!asset)
      return error(400, 'parameter_invalid', `The asset ${asset_id} does not exist or is not ready.`);
    if (enable_video_stream !== undefined && typeof enable_video_stream !== 'boolean')
      return error(400, 'parameter_invalid', 'enable_video_stream must be a boolean.');
    if (user_metadata !== undefined && !isUserMetadata(user_metadata))
      return error(
        400,
        'parameter_invalid',
        'user_metadata must be an object of strings, numbers and booleans.',
      );
    const now = new Date().toISOString();
    const indexed: SimIndexedAsset = {
      _id: newId(),
      index_id: index._id,
      asset_id,
      filename: asset.filename,
      size: asset.size,
      created_at: now,
      updated_at: now,
      indexed_at: undefined,
      status: indexingSteps[0],
      polls: 0,
      video_stream: enable_video_stream === true,
      user_metadata: user_metadata === undefined ? undefined : withoutNulls(user_metadata),
    };
    this.#indexed.set(indexed._id, indexed);
    return { status: 202, body: { _id: indexed._id, asset_id } };
  }

  /** The list item; `status` moves on only when the one indexed asset is retrieved. */
  #view(indexed: SimIndexedAsset): Body {
    const { _id, asset_id, status, created_at, updated_at, indexed_at, filename, size } = indexed;
    const system_metadata = { filename, duration: videoDuration, fps: 30, width: 1280, height: 720, size };
    return {
      _id,
      asset_id,
      status,
      created_at,
      updated_at,
      ...(indexed_at ? { indexed_at } : {}),
      system_metadata,
    };
  }

  /** `GET …/indexed-assets/{id}`: one poll; on becoming ready, the video joins the index. */
  #retrieve(index: SimIndex, indexed: SimIndexedAsset): SimResponse {
    indexed.polls += 1;
    const done = indexed.polls >= this.options.pollsUntilReady;
    const status = done
      ? 'ready'
      : (indexingSteps[Math.min(indexed.polls, indexingSteps.length - 1)] ?? 'indexing');
    if (status !== indexed.status) {
      indexed.status = status;
      indexed.updated_at = new Date().toISOString();
      if (done) {
        indexed.indexed_at = indexed.updated_at;
        this.options.videos.add(index, indexed._id, indexed.filename, indexed.user_metadata);
      }
    }
    const ready = indexed.status === 'ready';
    // Unlike an asset's, these hls statuses are UPPERCASE (openapi.json HlsObjectStatus).
    const hls = {
      video_url: ready ? `${this.options.origin}/indexed/${indexed._id}/index.m3u8` : null,
      thumbnail_urls: ready ? [`${this.options.origin}/indexed/${indexed._id}/0.jpg`] : [],
      status: ready ? 'COMPLETE' : 'PROCESSING',
      updated_at: indexed.updated_at,
    };
    const body = { ...this.#view(indexed), user_metadata: indexed.user_metadata ?? null };
    return { status: 200, body: indexed.video_stream ? { ...body, hls } : body };
  }

  /** `GET /indexes/{id}/indexed-assets`: sorted, filtered by `filename`, `status` and time, paged. */
  #list(index: SimIndex, query: URLSearchParams): SimResponse {
    const statuses = listParam(query, 'status');
    const bad = statuses.find((status) => !indexedStatuses.has(status));
    if (bad !== undefined) return error(400, 'parameter_invalid', `status ${bad} is not a valid status.`);
    const filename = query.get('filename');
    const since = (name: string) => Date.parse(query.get(name) ?? '') || -Infinity;
    const items = sorted(this.#indexed.values(), query).filter(
      (indexed) =>
        indexed.index_id === index._id &&
        (!filename || indexed.filename.includes(filename)) &&
        (statuses.length === 0 || statuses.includes(indexed.status)) &&
        Date.parse(indexed.created_at) >= since('created_at') &&
        Date.parse(indexed.updated_at) >= since('updated_at'),
    );
    return pageOf(
      items.map((indexed) => this.#view(indexed)),
      query,
    );
  }

  /** `PATCH …/indexed-assets/{id}` `{ user_metadata }`: a merge where null deletes a key. */
  #update(request: SimRequest, index: SimIndex, indexed: SimIndexedAsset, json: Body): SimResponse {
    if (!isUserMetadata(json.user_metadata))
      return error(
        400,
        'parameter_invalid',
        'user_metadata must be an object of strings, numbers, booleans or null.',
      );
    const next: Body = { ...indexed.user_metadata, ...json.user_metadata };
    indexed.user_metadata = withoutNulls(next);
    indexed.updated_at = new Date().toISOString();
    // The index's video (once ready) takes the same merge, so GET /videos/{id} agrees.
    this.options.videos.handle(request, index, indexed._id);
    return { status: 200 };
  }
}

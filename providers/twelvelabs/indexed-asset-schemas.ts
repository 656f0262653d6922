import * as v from 'valibot';
import type { UserMetadataValue } from './asset-schemas.js';
import { pageOf } from './pages.js';
import { type RangeFilter, VideoSystemMetadataSchema } from './video-schemas.js';

// Indexed assets (`/indexes/{index-id}/indexed-assets`), after the API spec (tryAGI/TwelveLabs
// openapi.json `indexedAsset`, `indexedAssetDetailed`) and twelvelabs-js 1.3.4
// (serialization/types/IndexedAsset*.d.ts, HlsObject.d.ts): every field optional and nullable,
// so nullish here, except the `_id` and `status` keygate needs.

/** The statuses the spec names; only `ready` and `failed` end indexing. */
export const KNOWN_INDEXED_ASSET_STATUSES = ['pending', 'queued', 'indexing', 'ready', 'failed'] as const;

/** A status the spec names. */
export type KnownIndexedAssetStatus = (typeof KNOWN_INDEXED_ASSET_STATUSES)[number];

/**
 * Where an indexed asset is. Any string is accepted: a status TwelveLabs adds later keeps
 * `waitForDone` polling instead of failing validation.
 */
export const IndexedAssetStatusSchema = v.pipe(
  v.string(),
  v.transform((status): KnownIndexedAssetStatus | (string & {}) => status),
);

/** `POST /indexes/{index-id}/indexed-assets` answers 202 with the new id and its asset. */
export const CreatedIndexedAssetSchema = v.looseObject({ _id: v.string(), asset_id: v.nullish(v.string()) });

/** An indexed asset, as the list gives it. */
export const IndexedAssetSchema = v.looseObject({
  _id: v.string(),
  asset_id: v.nullish(v.string()),
  status: IndexedAssetStatusSchema,
  created_at: v.nullish(v.string()),
  /** Changes on every status change. */
  updated_at: v.nullish(v.string()),
  /** When indexing finished. */
  indexed_at: v.nullish(v.string()),
  /** The same fields as a video's: filename, duration, fps, width, height, size. */
  system_metadata: v.nullish(VideoSystemMetadataSchema),
});

/** The stored video stream of an indexed asset (`enable_video_stream`). */
const IndexedAssetHlsSchema = v.looseObject({
  video_url: v.nullish(v.string()),
  thumbnail_urls: v.nullish(v.array(v.string())),
  /** UPPERCASE, unlike an asset's `hls.status`: `PROCESSING`, `COMPLETE`, `CANCELED`, `ERROR`. */
  status: v.nullish(v.string()),
  updated_at: v.nullish(v.string()),
});

/** One piece of a transcription. */
const TranscriptionItemSchema = v.looseObject({
  start: v.nullish(v.number()),
  end: v.nullish(v.number()),
  value: v.nullish(v.string()),
});

/** An indexed asset, as `GET /indexes/{index-id}/indexed-assets/{id}` returns it. */
export const IndexedAssetDetailSchema = v.looseObject({
  ...IndexedAssetSchema.entries,
  user_metadata: v.nullish(v.looseObject({})),
  hls: v.nullish(IndexedAssetHlsSchema),
  /** `{ model_name, video_embedding: { segments } }`, only when `embedding_option` was given. */
  embedding: v.nullish(v.looseObject({})),
  /** Only when `transcription: true` was given. */
  transcription: v.nullish(v.array(TranscriptionItemSchema)),
});

/** `GET /indexes/{index-id}/indexed-assets`: a missing or null `data` is an empty page. */
export const IndexedAssetListSchema = pageOf(IndexedAssetSchema);

/** The ids of a new indexed asset and its asset. */
export type CreatedIndexedAsset = v.InferOutput<typeof CreatedIndexedAssetSchema>;
/** An indexed asset. */
export type IndexedAsset = v.InferOutput<typeof IndexedAssetSchema>;
/** An indexed asset with its metadata, stream, embedding and transcription. */
export type IndexedAssetDetail = v.InferOutput<typeof IndexedAssetDetailSchema>;
/** One page of indexed assets. */
export type IndexedAssetList = v.InferOutput<typeof IndexedAssetListSchema>;
/** An indexed asset's status. */
export type IndexedAssetStatus = v.InferOutput<typeof IndexedAssetStatusSchema>;

/** Parameters of `indexedAssets.create`. */
export interface CreateIndexedAssetParams {
  /** A `ready` asset. */
  asset_id: string;
  /** Store a video stream (HLS) of it. @default false */
  enable_video_stream?: boolean | undefined;
  user_metadata?: Record<string, UserMetadataValue> | undefined;
}

/**
 * Parameters of `indexedAssets.list` (twelvelabs-js 1.3.4 IndexedAssetsListRequest): the same as
 * `videos.list`, plus `status`.
 */
export interface ListIndexedAssetsParams {
  page?: number | undefined;
  /** Indexed assets per page: 10 by default, at most 50. */
  page_limit?: number | undefined;
  sort_by?: 'created_at' | 'updated_at' | undefined;
  sort_option?: 'asc' | 'desc' | undefined;
  filename?: string | undefined;
  /** One status or several (sent as repeated `status` keys). */
  status?: IndexedAssetStatus | readonly IndexedAssetStatus[] | undefined;
  /** Created at or after (RFC 3339). */
  created_at?: string | undefined;
  /** Updated at or after (RFC 3339). */
  updated_at?: string | undefined;
  duration?: RangeFilter | undefined;
  fps?: RangeFilter | undefined;
  width?: RangeFilter | undefined;
  height?: RangeFilter | undefined;
  size?: RangeFilter | undefined;
  /** Filters on your own metadata, sent as top-level query keys (`?category=news`). */
  user_metadata?: Record<string, UserMetadataValue> | undefined;
}

/** What `embedding_option` asks for; twelvelabs-js 1.3.4 adds `visual-text`. Needs Marengo. */
export type EmbeddingOption = 'visual' | 'audio' | 'transcription' | 'visual-text' | (string & {});

/** Parameters of `indexedAssets.retrieve`. */
export interface RetrieveIndexedAssetParams {
  /** Add the embeddings of these kinds (a list goes as repeated keys). */
  embedding_option?: EmbeddingOption | readonly EmbeddingOption[] | undefined;
  /** Add the transcription. */
  transcription?: boolean | undefined;
}

/** Parameters of `indexedAssets.update`: keys set to `null` are removed. */
export interface UpdateIndexedAssetParams {
  user_metadata: Record<string, UserMetadataValue | null>;
}

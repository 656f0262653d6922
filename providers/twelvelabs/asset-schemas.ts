import * as v from 'valibot';
import { pageOf } from './pages.js';

// Assets (`/assets`), after the API spec (tryAGI/TwelveLabs openapi.json `Asset`, `AssetDetail`)
// and twelvelabs-js 1.3.4 (serialization/types/Asset.d.ts, AssetDetail.d.ts): every field is
// optional and nullable there, so nullish here, except the `_id` and `status` keygate needs.

/** The statuses the spec names: an asset is `processing` until it is `ready` or `failed`. */
export const KNOWN_ASSET_STATUSES = ['processing', 'ready', 'failed'] as const;

/** A status the spec names. */
export type KnownAssetStatus = (typeof KNOWN_ASSET_STATUSES)[number];

/**
 * Where an asset is. Any string is accepted: a status TwelveLabs adds later keeps `waitForReady`
 * polling instead of failing validation.
 */
export const AssetStatusSchema = v.pipe(
  v.string(),
  v.transform((status): KnownAssetStatus | (string & {}) => status),
);

/** An HLS rendition or a thumbnail: `status` is `pending`, `processing`, `ready` or `error`. */
const AssetRenditionSchema = v.looseObject({
  status: v.nullish(v.string()),
  /** Set only once `status` is `ready`. */
  manifest_url: v.nullish(v.string()),
  representative_url: v.nullish(v.string()),
});

/** An asset, as `POST /assets` returns it (201). */
export const AssetSchema = v.looseObject({
  _id: v.string(),
  /** `direct`, `url`, `multipart` (twelvelabs-js 1.3.4 adds `connector`). */
  method: v.nullish(v.string()),
  status: AssetStatusSchema,
  filename: v.nullish(v.string()),
  /** The MIME type. */
  file_type: v.nullish(v.string()),
  created_at: v.nullish(v.string()),
  /** Absent when none was set. */
  user_metadata: v.nullish(v.looseObject({})),
  /** Only for assets imported by a connector: `{ type, details }`. */
  source: v.nullish(v.looseObject({})),
  // twelvelabs-js 1.2.8 has `size` and `duration` on Asset; the spec and 1.3.4 on AssetDetail.
  /** Bytes, once the asset is `ready`. */
  size: v.nullish(v.number()),
  /** Seconds, for video and audio. */
  duration: v.nullish(v.number()),
});

/** An asset as `GET /assets/{id}` and the list return it: with renditions, metadata, error. */
export const AssetDetailSchema = v.looseObject({
  ...AssetSchema.entries,
  /** Present only when HLS was asked for (`enable_hls`). */
  hls: v.nullish(AssetRenditionSchema),
  /** Present only when a thumbnail was asked for (`enable_thumbnail`). */
  thumbnail: v.nullish(AssetRenditionSchema),
  /** Codec, size, duration...: omitted while `processing`, maybe partial when `failed`. */
  technical_metadata: v.nullish(v.looseObject({})),
  /** Only when `status` is `failed`; the spec says not to parse `message`. */
  error: v.nullish(v.looseObject({ message: v.nullish(v.string()) })),
});

/** `GET /assets`: newest first; a missing or null `data` is an empty page. */
export const AssetListSchema = pageOf(AssetDetailSchema);

/** An asset, as created. */
export type Asset = v.InferOutput<typeof AssetSchema>;
/** An asset with its details. */
export type AssetDetail = v.InferOutput<typeof AssetDetailSchema>;
/** One page of assets. */
export type AssetList = v.InferOutput<typeof AssetListSchema>;
/** An asset's status. */
export type AssetStatus = v.InferOutput<typeof AssetStatusSchema>;

/** A value of `user_metadata`: the spec's `UserMetadata` takes strings, numbers and booleans. */
export type UserMetadataValue = string | number | boolean;

/** What an asset is; twelvelabs-js 1.3.4 adds `document` (PDF, txt, md). */
export type AssetType = 'video' | 'audio' | 'image' | 'document' | (string & {});

/** Fields of `assets.create` for both methods. */
interface CreateAssetCommonParams {
  /** The name to keep (docs: 1–255 characters); by default the file's or the URL's. */
  filename?: string | undefined;
  /** Make an HLS rendition (video and audio). @default false */
  enable_hls?: boolean | undefined;
  /** Make a thumbnail. @default false */
  enable_thumbnail?: boolean | undefined;
  /** Your own metadata; sent as a JSON string, as the form field expects. */
  user_metadata?: Record<string, UserMetadataValue> | undefined;
}

/** `assets.create` from a file: `method: 'direct'`, which may be left out. */
export interface CreateAssetFromFileParams extends CreateAssetCommonParams {
  method?: 'direct' | undefined;
  /** A file or blob; `fs.openAsBlob(path)` streams it from disk. */
  file: Blob;
  url?: undefined;
}

/** `assets.create` from a public URL: `method: 'url'`, which may be left out. */
export interface CreateAssetFromUrlParams extends CreateAssetCommonParams {
  method?: 'url' | undefined;
  url: string;
  file?: undefined;
}

/** Parameters of `assets.create`: a `file` or a `url`. */
export type CreateAssetParams = CreateAssetFromFileParams | CreateAssetFromUrlParams;

/** Parameters of `assets.list` (twelvelabs-js 1.3.4 AssetsListRequest). */
export interface ListAssetsParams {
  page?: number | undefined;
  /** Assets per page: 10 by default, at most 50. */
  page_limit?: number | undefined;
  /** Only these assets (a list goes as repeated `asset_ids` keys). */
  asset_ids?: string | readonly string[] | undefined;
  /** Only these types (a list goes as repeated `asset_types` keys). */
  asset_types?: AssetType | readonly AssetType[] | undefined;
  /** A case-insensitive part of the filename. */
  filename?: string | undefined;
}

/** Parameters of `assets.delete`. */
export interface DeleteAssetParams {
  /**
   * Delete even when indexed assets use it (they are unlinked); without it, such an asset is
   * refused with a 409. @default false
   */
  force?: boolean | undefined;
}

/**
 * Parameters of `assets.updateMetadata` (a key set to `null` is removed) and
 * `assets.replaceMetadata` (`null` values are ignored).
 */
export interface AssetMetadataParams {
  user_metadata: Record<string, UserMetadataValue | null>;
}

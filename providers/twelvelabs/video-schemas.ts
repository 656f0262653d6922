import * as v from 'valibot';
import { pageOf } from './pages.js';

// Videos of an index (twelvelabs-js src/serialization/types/VideoVector.ts and the videos
// retrieve response): every field optional in the SDK, nullish here, except `_id`.

/** What TwelveLabs measured of a video. */
export const VideoSystemMetadataSchema = v.looseObject({
  filename: v.nullish(v.string()),
  duration: v.nullish(v.number()),
  fps: v.nullish(v.number()),
  width: v.nullish(v.number()),
  height: v.nullish(v.number()),
  size: v.nullish(v.number()),
});

/** A video, as the list gives it (no `user_metadata`, no `hls`). */
export const VideoSchema = v.looseObject({
  _id: v.string(),
  asset_id: v.nullish(v.string()),
  created_at: v.nullish(v.string()),
  updated_at: v.nullish(v.string()),
  indexed_at: v.nullish(v.string()),
  system_metadata: v.nullish(VideoSystemMetadataSchema),
  user_metadata: v.nullish(v.looseObject({})),
  hls: v.nullish(v.looseObject({})),
});

/** `GET /indexes/{index-id}/videos`: a missing or null `data` is an empty page. */
export const VideoListSchema = pageOf(VideoSchema);

/** A video of an index. */
export type Video = v.InferOutput<typeof VideoSchema>;
/** One page of videos. */
export type VideoList = v.InferOutput<typeof VideoListSchema>;

/** A range filter, sent as `name[gte]=…&name[lte]=…`; set both for an exact match. */
export interface RangeFilter {
  gte?: number | undefined;
  lte?: number | undefined;
}

/**
 * Parameters of `videos.list` (twelvelabs-js src/api/resources/indexes/resources/videos/client/
 * requests/VideosListRequest.ts and src/wrapper/resources/IndexesVideosWrapper.ts).
 */
export interface ListVideosParams {
  page?: number | undefined;
  /** Videos per page: 10 by default, at most 50. */
  page_limit?: number | undefined;
  sort_by?: 'created_at' | 'updated_at' | undefined;
  sort_option?: 'asc' | 'desc' | undefined;
  filename?: string | undefined;
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
  user_metadata?: Record<string, string | number | boolean> | undefined;
}

/** Parameters of `videos.update`: keys set to `null` are removed. */
export interface UpdateVideoParams {
  user_metadata: Record<string, string | number | boolean | null>;
}

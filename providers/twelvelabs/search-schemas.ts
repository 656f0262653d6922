import * as v from 'valibot';
import { listOf } from './pages.js';

// Search answers (twelvelabs-js src/serialization/types/SearchResults.ts, SearchItem.ts,
// SearchItemClipsItem.ts, SearchResultsPageInfo.ts, SearchPool.ts): every field optional, and
// the SDK's raw types accept null, so every field here is nullish. Objects are loose.

/** One matching clip: `start`/`end` in seconds, `rank` 1 for the best. */
export const SearchClipSchema = v.looseObject({
  video_id: v.nullish(v.string()),
  start: v.nullish(v.number()),
  end: v.nullish(v.number()),
  rank: v.nullish(v.number()),
  /** Expires after an hour. */
  thumbnail_url: v.nullish(v.string()),
  transcription: v.nullish(v.string()),
  user_metadata: v.nullish(v.looseObject({})),
  // Removed from the API in 2026 (twelvelabs-js 3ed574f); older answers may still carry them.
  score: v.nullish(v.number()),
  confidence: v.nullish(v.string()),
});

/** A result: a clip, or with `group_by: 'video'` a video (`id`) with its `clips`. */
export const SearchResultSchema = v.looseObject({
  ...SearchClipSchema.entries,
  id: v.nullish(v.string()),
  clips: v.nullish(v.array(SearchClipSchema)),
});

/** The paging block of a search page; no `next_page_token` means the last page. */
export const SearchPageInfoSchema = v.looseObject({
  limit_per_page: v.nullish(v.number()),
  total_results: v.nullish(v.number()),
  total_inner_matches: v.nullish(v.number()),
  /** When the page tokens stop working. */
  page_expires_at: v.nullish(v.string()),
  next_page_token: v.nullish(v.string()),
  prev_page_token: v.nullish(v.string()),
});

/** A page of search results (`POST /search`, `GET /search/{page-token}`). */
export const SearchPageSchema = v.looseObject({
  data: listOf(SearchResultSchema),
  page_info: v.nullish(SearchPageInfoSchema),
  search_pool: v.nullish(
    v.looseObject({
      total_count: v.nullish(v.number()),
      total_duration: v.nullish(v.number()),
      index_id: v.nullish(v.string()),
    }),
  ),
});

/** One matching clip. */
export type SearchClip = v.InferOutput<typeof SearchClipSchema>;
/** A clip, or a video with its clips. */
export type SearchResult = v.InferOutput<typeof SearchResultSchema>;
/** A page of search results. */
export type SearchPage = v.InferOutput<typeof SearchPageSchema>;

/** What a search looks for. */
export type SearchOption = 'visual' | 'audio' | 'transcription';

/**
 * Parameters of `search.query`, in TwelveLabs' wire names (twelvelabs-js
 * src/api/resources/search/client/requests/SearchCreateRequest.ts). Sent as multipart form
 * fields; lists as one field per value. `threshold`, `sort_option`, `adjust_confidence_level`
 * were removed from the API ("deprecated and ignored") and are not sent.
 */
export interface SearchParams {
  index_id: string;
  /** At least one of `visual`, `audio`, `transcription`. */
  search_options: readonly SearchOption[];
  /** A text query (at most 500 tokens). */
  query_text?: string | undefined;
  /** `image`, with `query_media_url` or `query_media_file`. */
  query_media_type?: 'image' | undefined;
  /** Image URLs (up to 10). */
  query_media_url?: string | readonly string[] | undefined;
  /** Image files (up to 10), streamed. */
  query_media_file?: Blob | readonly Blob[] | undefined;
  /** How `transcription` matches: `lexical`, `semantic` (default both). */
  transcription_options?: readonly ('lexical' | 'semantic')[] | undefined;
  /** `clip` (default) or `video`. */
  group_by?: 'clip' | 'video' | undefined;
  /** How several search options combine: `or` (default) or `and`. */
  operator?: 'or' | 'and' | undefined;
  /** Results per page: 10 by default, at most 50. */
  page_limit?: number | undefined;
  /** Filters on `id`, `duration`, `width`, `height`, `size`, `filename`, user metadata; sent as JSON. */
  filter?: Record<string, unknown> | undefined;
  /** Include each video's `user_metadata`. */
  include_user_metadata?: boolean | undefined;
}

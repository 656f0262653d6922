import * as v from 'valibot';
import { PageInfoSchema } from './pages.js';

// Multipart uploads (`/assets/multipart-uploads`). Sources: the API spec (tryAGI/TwelveLabs
// openapi.json: CreateAssetUploadResponse, PresignedUrlChunk, ReportChunkBatchResponse,
// RequestAdditionalPresignedURLsResponse, GetUploadStatusResponse, IncompleteUploadSummary) and
// twelvelabs-js 1.3.4 (api/resources/multipartUpload). Every answer field is optional there and
// accepts null, except in the incomplete-uploads list; chunks are numbered from 1.

/** A presigned URL for one chunk: single use, valid for an hour. */
export const PresignedChunkSchema = v.looseObject({
  chunk_index: v.number(),
  url: v.string(),
  expires_at: v.nullish(v.string()),
});

/** `POST /assets/multipart-uploads` (201). */
export const CreatedUploadSchema = v.looseObject({
  /** Valid for 24 hours. */
  upload_id: v.string(),
  /** Reserved now; usable once the upload is complete and the asset `ready`. */
  asset_id: v.nullish(v.string()),
  /** The first URLs; they may not cover every chunk (ask for more with `presignedUrls`). */
  upload_urls: v.nullish(v.array(PresignedChunkSchema)),
  /** Undocumented; neither official SDK reads it. */
  upload_headers: v.nullish(v.record(v.string(), v.string())),
  /** Every chunk has this size but the last. */
  chunk_size: v.number(),
  total_chunks: v.nullish(v.number()),
  expires_at: v.nullish(v.string()),
});

/** `POST /assets/multipart-uploads/{upload_id}`: what a report of chunks did. */
export const ChunkReportSchema = v.looseObject({
  /** Only once every chunk is reported: the upload is complete. */
  url: v.nullish(v.string()),
  asset_id: v.nullish(v.string()),
  processed_chunks: v.nullish(v.number()),
  duplicate_chunks: v.nullish(v.number()),
  total_completed: v.nullish(v.number()),
});

/** `POST /assets/multipart-uploads/{upload_id}/presigned-urls`. */
export const PresignedUrlsSchema = v.looseObject({
  upload_id: v.nullish(v.string()),
  start_index: v.nullish(v.number()),
  count: v.nullish(v.number()),
  upload_urls: v.nullish(v.array(PresignedChunkSchema)),
  generated_at: v.nullish(v.string()),
  expires_at: v.nullish(v.string()),
});

/** `GET /assets/multipart-uploads/{upload_id}`: a page of the chunks' states (`index`, 1-based). */
export const UploadStatusSchema = v.looseObject({
  upload_id: v.nullish(v.string()),
  /** `active`, `completed`, `failed`, `expired`. */
  status: v.nullish(v.string()),
  uploaded_chunks: v.nullish(
    v.array(
      v.looseObject({
        index: v.nullish(v.number()),
        status: v.nullish(v.string()),
        uploaded_at: v.nullish(v.string()),
        updated_at: v.nullish(v.string()),
        error: v.nullish(v.string()),
      }),
    ),
  ),
  chunks_completed: v.nullish(v.number()),
  chunks_failed: v.nullish(v.number()),
  chunks_pending: v.nullish(v.number()),
  total_size: v.nullish(v.number()),
  uploaded_size: v.nullish(v.number()),
  page_info: v.nullish(PageInfoSchema),
  created_at: v.nullish(v.string()),
  updated_at: v.nullish(v.string()),
});

/** `GET /assets/multipart-uploads`: uploads not completed yet (fields required by the spec). */
export const IncompleteUploadListSchema = v.looseObject({
  data: v.array(
    v.looseObject({
      upload_id: v.string(),
      status: v.string(),
      total_size: v.number(),
      chunk_size: v.number(),
      total_chunks: v.number(),
      created_at: v.nullish(v.string()),
      expires_at: v.nullish(v.string()),
    }),
  ),
  page_info: v.nullish(PageInfoSchema),
});

/** A new upload session. */
export type CreatedUpload = v.InferOutput<typeof CreatedUploadSchema>;
/** A presigned URL for one chunk. */
export type PresignedChunk = v.InferOutput<typeof PresignedChunkSchema>;
/** What a report of chunks did. */
export type ChunkReport = v.InferOutput<typeof ChunkReportSchema>;
/** More presigned URLs. */
export type PresignedUrls = v.InferOutput<typeof PresignedUrlsSchema>;
/** An upload's state. */
export type UploadStatus = v.InferOutput<typeof UploadStatusSchema>;
/** Uploads not completed yet. */
export type IncompleteUploadList = v.InferOutput<typeof IncompleteUploadListSchema>;

/** Body of `multipartUploads.create`. */
export interface CreateUploadParams {
  /** 1–255 characters. */
  filename: string;
  /** `video`, `audio` or `image` (twelvelabs-js 1.2.8 allowed only `video`). */
  type: 'video' | 'audio' | 'image' | (string & {});
  /** Bytes (the spec: up to 10 GB for video and audio; older docs: 4 GB). */
  total_size: number;
  enable_hls?: boolean | undefined;
  enable_thumbnail?: boolean | undefined;
  /** An object here (a JSON string in `POST /assets`). */
  user_metadata?: Record<string, string | number | boolean> | undefined;
}

/** One uploaded chunk, as `reportChunks` sends it. */
export interface CompletedChunk {
  /** 1-based. */
  chunk_index: number;
  /** The storage's ETag, without quotes. */
  proof: string;
  proof_type: 'etag';
  /** The bytes sent for this chunk (the last may be smaller). */
  chunk_size: number;
}

import * as v from 'valibot';
import { pageOf } from './pages.js';

// Embeddings: v1 (`/embed`, `/embed/tasks`) and what v2 (embed-v2-schemas.ts) shares with it: task
// statuses, created and listed tasks, list params. Sources: twelvelabs-js 1.3.4 (the newest:
// Marengo 3.5, `usage`, `embedding_uncertainty`; serialization/types/*.js and
// serialization/resources/embed/**), the API spec (tryAGI/TwelveLabs openapi.json, Marengo 3.0
// only) and twelvelabs-python 1.3.1. Every optional field of the SDK's schemas goes through Fern's
// `optional()`, which takes null as missing: every optional field here is nullish. Objects are
// loose, so fields TwelveLabs adds later are kept.

/** An optional number: null is missing (Fern's `optional()`). */
export const nullishNumber = v.nullish(v.number());
/** An optional string: null is missing. */
export const nullishString = v.nullish(v.string());
/** An optional list of strings: null is missing. */
export const nullishStrings = v.nullish(v.array(v.string()));

/**
 * A task status: `processing`, `ready` or `failed` by the docs. Any string is accepted, so a
 * status TwelveLabs adds later keeps `waitForDone` polling instead of failing validation.
 */
export const EmbeddingTaskStatusSchema = v.pipe(
  v.string(),
  v.transform((status): 'processing' | 'ready' | 'failed' | (string & {}) => status),
);

// ---- v1: POST /embed, /embed/tasks (the docs mark both "will be deprecated": use v2) ----

/** A v1 segment: the vector under `float` (twelvelabs-js 1.3.4 serialization/types/BaseSegment.js). */
export const EmbeddingSegmentSchema = v.looseObject({
  float: v.nullish(v.array(v.number())),
  // Audio and video segments (AudioSegment.js, VideoSegment.js).
  start_offset_sec: nullishNumber,
  end_offset_sec: nullishNumber,
  // Video segments only: `visual`, `audio`, `transcription` and `clip` or `video`.
  embedding_option: nullishString,
  embedding_scope: nullishString,
});

/** Where an embedded image or audio came from (BaseEmbeddingMetadata.js). */
export const EmbeddedMediaSchema = v.looseObject({ input_url: nullishString, input_filename: nullishString });

/**
 * One modality of a v1 `POST /embed` answer. A modality that failed carries `error_message`
 * inside the 200 answer (TextEmbeddingResult.js): keygate does not throw for it, check it.
 */
export const ModalityEmbeddingSchema = v.looseObject({
  error_message: nullishString,
  segments: v.nullish(v.array(EmbeddingSegmentSchema)),
  metadata: v.nullish(EmbeddedMediaSchema),
});

/** The answer of `embed.create` (`POST /embed`; EmbeddingResponse.js: only `model_name` required). */
export const EmbeddingResponseSchema = v.looseObject({
  model_name: v.string(),
  text_embedding: v.nullish(ModalityEmbeddingSchema),
  image_embedding: v.nullish(ModalityEmbeddingSchema),
  audio_embedding: v.nullish(ModalityEmbeddingSchema),
});

/** What a v1 video embedding task was asked for (VideoEmbeddingMetadata.js). */
export const VideoEmbeddingMetadataSchema = v.looseObject({
  ...EmbeddedMediaSchema.entries,
  video_clip_length: nullishNumber,
  video_embedding_scope: nullishStrings,
  video_embedding_option: nullishStrings,
  duration: nullishNumber,
});

/**
 * `POST /embed/tasks` and `POST /embed-v2/tasks` answer the new task's `_id` (optional in the
 * SDK's TasksCreateResponse.js; required here: a task without an id cannot be followed). v2 also
 * answers `status: 'processing'` and, rarely, `data`.
 */
export const CreatedEmbeddingTaskSchema = v.looseObject({
  _id: v.string(),
  status: v.nullish(EmbeddingTaskStatusSchema),
});

/** `GET /embed/tasks/{task_id}/status` (serialization/resources/embed/resources/tasks/types/TasksStatusResponse.js). */
export const EmbeddingTaskStatusResponseSchema = v.looseObject({
  _id: nullishString,
  model_name: nullishString,
  status: v.nullish(EmbeddingTaskStatusSchema),
  video_embedding: v.nullish(v.looseObject({ metadata: v.nullish(VideoEmbeddingMetadataSchema) })),
});

/** `GET /embed/tasks/{task_id}`: the segments once `ready` (TasksRetrieveResponse.js). */
export const EmbeddingTaskSchema = v.looseObject({
  ...EmbeddingTaskStatusResponseSchema.entries,
  created_at: nullishString,
  updated_at: nullishString,
  video_embedding: v.nullish(
    v.looseObject({
      metadata: v.nullish(VideoEmbeddingMetadataSchema),
      segments: v.nullish(v.array(EmbeddingSegmentSchema)),
    }),
  ),
});

/** The metadata of a listed task's media: fields of every medium, all optional (MediaEmbeddingTask*.js). */
const ListedMediaSchema = v.looseObject({
  metadata: v.nullish(
    v.looseObject({
      ...VideoEmbeddingMetadataSchema.entries,
      audio_embedding_option: nullishStrings,
      audio_embedding_scope: nullishStrings,
      image_embedding_option: nullishStrings,
      image_embedding_scope: nullishStrings,
      document_embedding_option: nullishStrings,
      document_embedding_scope: nullishStrings,
      start_offset_sec: nullishNumber,
      end_offset_sec: nullishNumber,
    }),
  ),
});

/**
 * A task as `GET /embed/tasks` and `GET /embed-v2/tasks` list it: metadata, never vectors
 * (MediaEmbeddingTask.js; `image_embedding` and `document_embedding` are twelvelabs-js 1.3.4 only).
 */
export const ListedEmbeddingTaskSchema = v.looseObject({
  _id: nullishString,
  model_name: nullishString,
  status: v.nullish(EmbeddingTaskStatusSchema),
  created_at: nullishString,
  updated_at: nullishString,
  video_embedding: v.nullish(ListedMediaSchema),
  audio_embedding: v.nullish(ListedMediaSchema),
  image_embedding: v.nullish(ListedMediaSchema),
  document_embedding: v.nullish(ListedMediaSchema),
});

/** A page of embedding tasks; a missing or null `data` is an empty page. */
export const EmbeddingTaskListSchema = pageOf(ListedEmbeddingTaskSchema);

/** A `POST /embed` answer: one entry per modality asked for. */
export type EmbeddingResponse = v.InferOutput<typeof EmbeddingResponseSchema>;
/** One modality's result, with `error_message` when it failed. */
export type ModalityEmbedding = v.InferOutput<typeof ModalityEmbeddingSchema>;
/** A v1 segment (`float`, offsets, option and scope). */
export type EmbeddingSegment = v.InferOutput<typeof EmbeddingSegmentSchema>;
/** The id (and, for v2, the status) of a new embedding task. */
export type CreatedEmbeddingTask = v.InferOutput<typeof CreatedEmbeddingTaskSchema>;
/** An embedding task's status. */
export type EmbeddingTaskStatus = v.InferOutput<typeof EmbeddingTaskStatusSchema>;
/** `GET /embed/tasks/{task_id}/status`. */
export type EmbeddingTaskStatusResponse = v.InferOutput<typeof EmbeddingTaskStatusResponseSchema>;
/** A v1 video embedding task with its segments. */
export type EmbeddingTask = v.InferOutput<typeof EmbeddingTaskSchema>;
/** A listed embedding task (v1 or v2). */
export type ListedEmbeddingTask = v.InferOutput<typeof ListedEmbeddingTaskSchema>;
/** A page of embedding tasks. */
export type EmbeddingTaskList = v.InferOutput<typeof EmbeddingTaskListSchema>;

// ---- Request parameters, in TwelveLabs' wire names ----

/** The Marengo model: `marengo3.0` (every source) or `marengo3.5` (v2, twelvelabs-js 1.3.4 only). */
export type MarengoModelName = 'marengo3.0' | 'marengo3.5' | (string & {});

/**
 * Parameters of `embed.create` (`POST /embed`, multipart): `model_name` and at least one of text,
 * an image (`image_url` or `image_file`) and audio (`audio_url` or `audio_file`); several
 * modalities may go in one call. `text_truncate` was removed from the API (twelvelabs-js 3ed574f).
 */
export interface CreateEmbeddingParams {
  /** `marengo3.0` is the only model the docs list for v1. */
  model_name: MarengoModelName;
  /** At most 500 tokens with Marengo 3.0. */
  text?: string | undefined;
  image_url?: string | undefined;
  /** Streamed; the call is then sent once, without retries. */
  image_file?: Blob | undefined;
  audio_url?: string | undefined;
  audio_file?: Blob | undefined;
  /** Where the audio starts, in seconds. @default 0 */
  audio_start_offset_sec?: number | undefined;
}

/** Parameters of `embed.tasks.create` (`POST /embed/tasks`, multipart): one of `video_file` / `video_url`. */
export interface CreateEmbeddingTaskParams {
  model_name: MarengoModelName;
  /** Up to 2 GB, streamed; the call is then sent once, without retries. */
  video_file?: Blob | undefined;
  video_url?: string | undefined;
  /** Give both offsets or neither (twelvelabs-js 1.3.4 TasksCreateRequest.d.ts). @default 0 */
  video_start_offset_sec?: number | undefined;
  video_end_offset_sec?: number | undefined;
  /** Seconds per clip (the docs: 2 to 10). @default 6 */
  video_clip_length?: number | undefined;
  /** `clip` (per clip), `video` (the whole range), or both; sent as repeated fields. @default ['clip'] */
  video_embedding_scope?: readonly ('clip' | 'video')[] | 'clip' | 'video' | undefined;
}

/** An embedding type of a v1 video task: `visual-text` was Marengo 2.7's (spec enum), the docs now list the others. */
export type VideoEmbeddingOption = 'visual' | 'audio' | 'transcription' | 'visual-text';

/** Parameters of `embed.tasks.retrieve`. */
export interface RetrieveEmbeddingTaskParams {
  /** Only these embedding types (repeated `embedding_option` keys); all when left out. */
  embedding_option?: VideoEmbeddingOption | readonly VideoEmbeddingOption[] | undefined;
}

/** Parameters of `embed.tasks.list` and `embed.v2.tasks.list`: the last 7 days, newest first, unless dated. */
export interface ListEmbeddingTasksParams {
  /** RFC 3339. */
  started_at?: string | undefined;
  /** RFC 3339. */
  ended_at?: string | undefined;
  status?: 'processing' | 'ready' | 'failed' | undefined;
  /** From 1. */
  page?: number | undefined;
  /** 10 by default, at most 50. */
  page_limit?: number | undefined;
}

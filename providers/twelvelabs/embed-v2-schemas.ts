import * as v from 'valibot';
import {
  EmbeddedMediaSchema,
  EmbeddingTaskStatusSchema,
  type MarengoModelName,
  nullishNumber,
  nullishString,
  nullishStrings,
} from './embed-schemas.js';

// The Embed API v2 (`/embed-v2`, `/embed-v2/tasks`; JSON), from the sources embed-schemas.ts names;
// the task statuses, created and listed tasks are shared with v1 there.

/**
 * One v2 embedding (EmbeddingData.js): the vector under `embedding` (not v1's `float`), times in
 * `start_sec`/`end_sec`. `embedding_option` and `embedding_scope` are null for text and synced
 * images; `page` scope, the page numbers and `embedding_uncertainty` are Marengo 3.5 additions.
 */
export const EmbeddingDataSchema = v.looseObject({
  embedding: v.array(v.number()),
  embedding_uncertainty: v.nullish(v.array(v.number())),
  embedding_option: v.nullish(
    v.pipe(
      v.string(),
      v.transform(
        (option): 'visual' | 'audio' | 'transcription' | 'text' | 'fused' | (string & {}) => option,
      ),
    ),
  ),
  embedding_scope: v.nullish(
    v.pipe(
      v.string(),
      v.transform((scope): 'clip' | 'page' | 'asset' | (string & {}) => scope),
    ),
  ),
  start_sec: nullishNumber,
  end_sec: nullishNumber,
  start_page_number: nullishNumber,
  end_page_number: nullishNumber,
});

/** Marengo 3.5's token count (EmbeddingUsage.js); `truncated` when `auto_truncate` cut the text. */
export const EmbeddingUsageSchema = v.looseObject({
  input_tokens: v.nullish(v.record(v.string(), v.number())),
  truncated: v.nullish(v.boolean()),
});

/**
 * What was embedded, keyed by `input_type` (EmbeddingMediaMetadata.js, EmbeddingTaskMediaMetadata.js:
 * a union on `input_type`). One loose object with every member's fields, all optional, so an
 * input type added later still validates: `image`/`text_image` carry `input_url`/`input_filename`;
 * `audio`/`video` also `embedding_options`, `embedding_scopes`, `duration`, the offsets, and for
 * fixed video segments `clip_length`; `multi_input` nothing more.
 */
export const EmbeddingMetadataSchema = v.looseObject({
  input_type: nullishString,
  ...EmbeddedMediaSchema.entries,
  embedding_options: nullishStrings,
  embedding_scopes: nullishStrings,
  duration: nullishNumber,
  start_offset_sec: nullishNumber,
  end_offset_sec: nullishNumber,
  clip_length: nullishNumber,
});

/** The answer of `embed.v2.create` (`POST /embed-v2`; EmbeddingSuccessResponse.js: `data` required). */
export const EmbeddingV2ResponseSchema = v.looseObject({
  data: v.array(EmbeddingDataSchema),
  usage: v.nullish(EmbeddingUsageSchema),
  metadata: v.nullish(EmbeddingMetadataSchema),
});

/**
 * A v2 embedding task, `GET /embed-v2/tasks/{task_id}` (EmbeddingTaskResponse.js): `data` is null
 * until `ready` (the spec: required but nullable; twelvelabs-js: optional), `error.message` says
 * why it `failed`.
 */
export const EmbeddingV2TaskSchema = v.looseObject({
  _id: v.string(),
  status: EmbeddingTaskStatusSchema,
  created_at: nullishString,
  updated_at: nullishString,
  data: v.nullish(v.array(EmbeddingDataSchema)),
  usage: v.nullish(EmbeddingUsageSchema),
  metadata: v.nullish(EmbeddingMetadataSchema),
  error: v.nullish(v.looseObject({ message: nullishString })),
});

/** One v2 embedding. */
export type EmbeddingData = v.InferOutput<typeof EmbeddingDataSchema>;
/** What a v2 embedding was made of. */
export type EmbeddingMetadata = v.InferOutput<typeof EmbeddingMetadataSchema>;
/** A `POST /embed-v2` answer. */
export type EmbeddingV2Response = v.InferOutput<typeof EmbeddingV2ResponseSchema>;
/** A v2 embedding task. */
export type EmbeddingV2Task = v.InferOutput<typeof EmbeddingV2TaskSchema>;

// ---- Request parameters, in TwelveLabs' wire names ----

/**
 * The media to embed, exactly one of the three (twelvelabs-js 1.3.4 api/types/MediaSource.d.ts):
 * a direct link to the raw file (not a hosting page), base64 (the SDK: decoded ≤ 36 MB), or an
 * asset whose status is `ready`.
 */
export type EmbeddingMediaSource =
  | { url: string; base64_string?: undefined; asset_id?: undefined }
  | { base64_string: string; url?: undefined; asset_id?: undefined }
  | { asset_id: string; url?: undefined; base64_string?: undefined };

/** Fixed-length segments (seconds; the docs say 2 to 10, SDK examples show 1). */
export interface FixedSegmentation {
  strategy: 'fixed';
  fixed: { duration_sec: number };
}

/** Segments cut at scene changes, at least `min_duration_sec` long (video only). */
export interface DynamicSegmentation {
  strategy: 'dynamic';
  dynamic: { min_duration_sec: number };
}

/** What an audio or video payload has in common. */
interface TimedMediaInput {
  media_source: EmbeddingMediaSource;
  start_sec?: number | undefined;
  end_sec?: number | undefined;
  /** `clip` and `asset` by default; `local` (async, = `clip` on 3.5). */
  embedding_scope?: readonly ('clip' | 'asset' | 'local' | (string & {}))[] | undefined;
  /** `separate_embedding` by default; `fused_embedding` needs two options or more. */
  embedding_type?: readonly ('separate_embedding' | 'fused_embedding')[] | undefined;
  [field: string]: unknown;
}

/** `audio` of `/embed-v2`: options `audio`, `transcription` (both by default). */
export interface AudioEmbeddingInput extends TimedMediaInput {
  segmentation?: FixedSegmentation | { temporal: FixedSegmentation } | undefined;
  embedding_option?: readonly ('audio' | 'transcription' | (string & {}))[] | undefined;
}

/** `video` of `/embed-v2`: options `visual`, `audio`, `transcription` (all by default). */
export interface VideoEmbeddingInput extends TimedMediaInput {
  /** Flat for Marengo 3.0; wrapped in `temporal` for async Marengo 3.5 (a mismatch is a 400). */
  segmentation?:
    | FixedSegmentation
    | DynamicSegmentation
    | { temporal: FixedSegmentation | DynamicSegmentation }
    | undefined;
  embedding_option?: readonly ('visual' | 'audio' | 'transcription' | (string & {}))[] | undefined;
}

/** One source of a `multi_input`; `<@name>` in `input_text` refers to it by `name`. */
export type MultiInputMediaSource = EmbeddingMediaSource & {
  name?: string | undefined;
  /** `image` (Marengo 3.0); `video` and `audio` need Marengo 3.5. */
  media_type: 'image' | 'video' | 'audio' | (string & {});
};

/** What every `/embed-v2` request has. */
interface EmbeddingV2Common {
  model_name: MarengoModelName;
  /** Marengo 3.5: an uncertainty value per dimension; text-only or media-only requests. */
  embedding_uncertainty?: boolean | undefined;
}

/**
 * Parameters of `embed.v2.create` (`POST /embed-v2`, JSON): `input_type` and the one payload
 * object of that name. Marengo 3.5 takes only `multi_input` here (audio and video up to 30 s).
 */
export type CreateEmbeddingV2Params = EmbeddingV2Common & {
  /** Marengo 3.5, text over 2,000 tokens: `true` cuts it (`usage.truncated`), `false` is a 400. */
  auto_truncate?: boolean | undefined;
} & (
    | { input_type: 'text'; text: { input_text: string } }
    | { input_type: 'image'; image: { media_source: EmbeddingMediaSource } }
    | { input_type: 'text_image'; text_image: { media_source: EmbeddingMediaSource; input_text: string } }
    | { input_type: 'audio'; audio: AudioEmbeddingInput }
    | { input_type: 'video'; video: VideoEmbeddingInput }
    | {
        input_type: 'multi_input';
        /** Text, up to 10 media sources (processed in order), or both. */
        multi_input: {
          input_text?: string | undefined;
          media_sources?: readonly MultiInputMediaSource[] | undefined;
        };
      }
  );

/** One entry of `time_based_metadata` (Marengo 3.5, with `fused_embedding`). */
export interface TimeBasedMetadataEntry {
  start: number;
  end: number;
  text: string;
}

/**
 * Parameters of `embed.v2.tasks.create` (`POST /embed-v2/tasks`, JSON): `audio` or `video` (4 s
 * to 4 h), and with Marengo 3.5 `image` or `document` (PDF).
 */
export type CreateEmbeddingV2TaskParams = EmbeddingV2Common &
  (
    | {
        input_type: 'audio';
        audio: AudioEmbeddingInput & { time_based_metadata?: readonly TimeBasedMetadataEntry[] };
      }
    | {
        input_type: 'video';
        video: VideoEmbeddingInput & { time_based_metadata?: readonly TimeBasedMetadataEntry[] };
      }
    | {
        input_type: 'image';
        image: { media_source: EmbeddingMediaSource; [field: string]: unknown };
      }
    | {
        input_type: 'document';
        /** Only `visual`, `separate_embedding`, `local` work today. */
        document: { media_source: EmbeddingMediaSource; [field: string]: unknown };
      }
  );

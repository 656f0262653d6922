import * as v from 'valibot';
import { pageOf } from './pages.js';

// Analyze (Pegasus) requests and answers. Sources: the API spec (tryAGI/TwelveLabs openapi.json,
// 2026-07: `/analyze`, `/analyze/tasks`, NonStreamAnalyzeResponse, StreamAnalyzeResponse,
// AnalyzeTaskResponse), twelvelabs-js 1.3.4 (serialization/types/*Analyze*, StreamStartResponse,
// StreamEndResponse) and twelvelabs-python 1.3.1. Answers declare no required field except where
// noted, and the SDKs accept null for every optional one: every field here is nullish, objects
// are loose.

/**
 * The models analyze accepts. The spec and the Python SDK list both and say the platform uses
 * `pegasus1.2` when `model_name` is left out; twelvelabs-js 1.3.4 lists only `pegasus1.5`
 * (serialization/types/AnalyzeRequestModelName.js). Both are accepted, and any newer name.
 */
export type AnalyzeModelName = 'pegasus1.2' | 'pegasus1.5' | (string & {});

/**
 * The video to analyze (the spec's `VideoContext`), one source: a direct media URL (not a
 * hosting platform's page), an asset whose status is `ready`, or base64 (at most 30 MB).
 */
export type AnalyzeVideo =
  | { type: 'url'; url: string }
  | { type: 'asset_id'; asset_id: string }
  | { type: 'base64_string'; base64_string: string };

/** `response_format` of a sync or streamed analyze: a JSON schema the answer follows. */
export interface AnalyzeResponseFormat {
  type: 'json_schema';
  json_schema: Record<string, unknown>;
}

/**
 * Parameters of `analyze.create` and `analyze.stream`, in TwelveLabs' wire names. Give `video`
 * (Pegasus 1.5, or 1.2) or `video_id` (an indexed video: Pegasus 1.2 only, to be deprecated),
 * and `prompt` or `prompt_v2`. `stream` is set by the method called.
 */
export interface AnalyzeParams {
  /**
   * Sent as given. Set it: the platform's default is `pegasus1.2` by the spec, while
   * twelvelabs-js 1.3.4 documents `pegasus1.5`.
   */
  model_name?: AnalyzeModelName | undefined;
  video?: AnalyzeVideo | undefined;
  /** An indexed video's id (Pegasus 1.2 only; "Not supported with pegasus1.5"). */
  video_id?: string | undefined;
  /** What to ask (Pegasus 1.2: at most 2,000 tokens). */
  prompt?: string | undefined;
  /** Pegasus 1.5: a prompt with `<@name>` placeholders for up to 4 reference images. */
  prompt_v2?:
    | { input_text: string; media_sources?: readonly Record<string, unknown>[] | undefined }
    | undefined;
  /** 0 to 1. @default 0.2 */
  temperature?: number | undefined;
  response_format?: AnalyzeResponseFormat | undefined;
  /** The spec: Pegasus 1.2 2–4,096; Pegasus 1.5 512–98,304 (its docs also say 65,536). */
  max_tokens?: number | undefined;
  /** Pegasus 1.5: analyze only from this second of the video. */
  start_time?: number | undefined;
  /** Pegasus 1.5: up to this second (at least 4 s after `start_time`). */
  end_time?: number | undefined;
}

/** Tokens used; `input_tokens` is newer (the spec's TokenUsage requires only `output_tokens`). */
export const AnalyzeUsageSchema = v.looseObject({
  output_tokens: v.nullish(v.number()),
  input_tokens: v.nullish(v.number()),
});

/**
 * A warning, not a failure: present when `finish_reason` is `length` (the output was cut at
 * `max_tokens` or the context window; JSON output may then be invalid). Its text "is not part of
 * the contract".
 */
export const AnalyzeWarningSchema = v.looseObject({ message: v.nullish(v.string()) });

/** Why the generation stopped: `stop`, or `length` (cut short). */
export const FinishReasonSchema = v.union([v.picklist(['stop', 'length']), v.string()]);

/** The answer of `analyze.create` (`POST /analyze` with `stream: false`). */
export const AnalyzeResultSchema = v.looseObject({
  id: v.nullish(v.string()),
  /** The text; with `response_format`, a JSON-encoded string. */
  data: v.nullish(v.string()),
  finish_reason: v.nullish(FinishReasonSchema),
  usage: v.nullish(AnalyzeUsageSchema),
  error: v.nullish(AnalyzeWarningSchema),
});

/** The first event of a stream; `metadata.generation_id` names the generation. */
export const StreamStartEventSchema = v.looseObject({
  event_type: v.literal('stream_start'),
  metadata: v.nullish(v.looseObject({ generation_id: v.nullish(v.string()) })),
});

/** A piece of the text, cut anywhere (not on word boundaries). */
export const TextGenerationEventSchema = v.looseObject({
  event_type: v.literal('text_generation'),
  text: v.nullish(v.string()),
});

/**
 * The last event: `finish_reason`, and `usage` under `metadata` (top-level in the sync answer).
 * Older answers carry only `metadata.generation_id`.
 */
export const StreamEndEventSchema = v.looseObject({
  event_type: v.literal('stream_end'),
  finish_reason: v.nullish(FinishReasonSchema),
  metadata: v.nullish(
    v.looseObject({ generation_id: v.nullish(v.string()), usage: v.nullish(AnalyzeUsageSchema) }),
  ),
  error: v.nullish(AnalyzeWarningSchema),
});

/** The analyze task statuses the spec documents; only `ready` and `failed` are final. */
export const KNOWN_ANALYZE_TASK_STATUSES = ['queued', 'pending', 'processing', 'ready', 'failed'] as const;

/** A documented analyze task status. */
export type KnownAnalyzeTaskStatus = (typeof KNOWN_ANALYZE_TASK_STATUSES)[number];

/** An analyze task's status: a documented one or a newer one (which keeps `waitForDone` polling). */
export const AnalyzeTaskStatusSchema = v.union([v.picklist(KNOWN_ANALYZE_TASK_STATUSES), v.string()]);

/** `POST /analyze/tasks` answers 202 `{ task_id, status }` (both required by the spec). */
export const CreatedAnalyzeTaskSchema = v.looseObject({
  task_id: v.string(),
  status: v.nullish(AnalyzeTaskStatusSchema),
});

/**
 * An analyze task (the spec's AnalyzeTaskResponse: `task_id`, `custom_id`, `status`,
 * `created_at` required; `custom_id` always present, possibly null). `result` comes when
 * `ready`; `error.message` says why on `failed`, or warns of a cut-short `ready` result.
 */
export const AnalyzeTaskSchema = v.looseObject({
  task_id: v.string(),
  status: AnalyzeTaskStatusSchema,
  custom_id: v.nullish(v.string()),
  created_at: v.nullish(v.string()),
  completed_at: v.nullish(v.string()),
  video_source: v.nullish(v.looseObject({ type: v.nullish(v.string()) })),
  /** The request as sent; in lists, `prompt` is cut to 30 characters. */
  request_params: v.nullish(v.looseObject({})),
  result: v.nullish(
    v.looseObject({
      generation_id: v.nullish(v.string()),
      /** Text, or JSON-encoded text (`response_format`, `time_based_metadata`). */
      data: v.nullish(v.string()),
      finish_reason: v.nullish(FinishReasonSchema),
      usage: v.nullish(AnalyzeUsageSchema),
    }),
  ),
  error: v.nullish(AnalyzeWarningSchema),
  webhooks: v.nullish(
    v.array(
      v.looseObject({
        url: v.nullish(v.string()),
        delivered: v.nullish(v.boolean()),
        attempts: v.nullish(v.number()),
        last_error: v.nullish(v.string()),
      }),
    ),
  ),
});

/** A page of analyze tasks (`GET /analyze/tasks`). */
export const AnalyzeTaskListSchema = pageOf(AnalyzeTaskSchema);

/** The answer of `analyze.create`. */
export type AnalyzeResult = v.InferOutput<typeof AnalyzeResultSchema>;
/** Tokens used. */
export type AnalyzeUsage = v.InferOutput<typeof AnalyzeUsageSchema>;
/** `stream_start`. */
export type StreamStartEvent = v.InferOutput<typeof StreamStartEventSchema>;
/** `text_generation`. */
export type TextGenerationEvent = v.InferOutput<typeof TextGenerationEventSchema>;
/** `stream_end`. */
export type StreamEndEvent = v.InferOutput<typeof StreamEndEventSchema>;
/**
 * An event of a newer type keygate does not know, passed on as it came (as twelvelabs-js does),
 * so a new event never breaks a stream.
 */
export interface OtherStreamEvent {
  event_type: string;
  [field: string]: unknown;
}
/** One event of a streamed analyze. */
export type AnalyzeStreamEvent = StreamStartEvent | TextGenerationEvent | StreamEndEvent | OtherStreamEvent;
/** An analyze task status. */
export type AnalyzeTaskStatus = v.InferOutput<typeof AnalyzeTaskStatusSchema>;
/** `{ task_id, status }` of a new analyze task. */
export type CreatedAnalyzeTask = v.InferOutput<typeof CreatedAnalyzeTaskSchema>;
/** An analyze task. */
export type AnalyzeTask = v.InferOutput<typeof AnalyzeTaskSchema>;
/** A page of analyze tasks. */
export type AnalyzeTaskList = v.InferOutput<typeof AnalyzeTaskListSchema>;

/** Parameters of `analyze.tasks.create` (`POST /analyze/tasks`): `video` is required. */
export interface CreateAnalyzeTaskParams extends Omit<AnalyzeParams, 'video_id' | 'response_format'> {
  video: AnalyzeVideo;
  /** Your id for the task (1–64 of `A-Z a-z 0-9 _ -`), echoed in answers and webhooks; not unique. */
  custom_id?: string | undefined;
  /** `general` (default) or `time_based_metadata` (segments; no `prompt`). */
  analysis_mode?: 'general' | 'time_based_metadata' | (string & {}) | undefined;
  /** `json_schema`, or `segment_definitions` for `time_based_metadata`. */
  response_format?: Record<string, unknown> | undefined;
  min_segment_duration?: number | undefined;
  max_segment_duration?: number | undefined;
}

/** Filters of `analyze.tasks.list`. */
export interface ListAnalyzeTasksParams {
  page?: number | undefined;
  /** At most 50. */
  page_limit?: number | undefined;
  status?: AnalyzeTaskStatus | undefined;
  video_url?: string | undefined;
  asset_id?: string | undefined;
  analysis_mode?: string | undefined;
  /** In the spec, not in twelvelabs-js 1.3.4. */
  video_id?: string | undefined;
}

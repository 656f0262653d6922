import * as v from 'valibot';

// Response schemas of ModelsLab's queued jobs, shared by every v6 family (images, realtime,
// video, voice). Objects are loose (unknown fields kept). Error bodies (`status: "error"` /
// `"failed"`) never reach these schemas: the classifier turns them into errors first.

const numericString = /^\s*\d+(\.\d+)?\s*$/;

/**
 * A job id. The OpenAPI files type it as an integer; the quickstart, webhooks and error-codes
 * pages show strings like "abc123-def456" (ModelsLab/docs-v2), and processing answers send
 * numeric ids as strings. Integer strings become numbers; other strings stay strings.
 */
export const JobIdSchema = v.pipe(
  v.union([
    v.pipe(v.number(), v.finite()),
    v.pipe(v.string(), v.nonEmpty('a non-empty id'), v.maxLength(200, 'an id of at most 200 characters')),
  ]),
  v.transform((value): number | string => {
    if (typeof value !== 'string') return value;
    // Only where the number says the same as the text: "007" or an id past 2^53 stays a string,
    // so a fetch asks for the job it was given.
    const number = Number(value);
    return Number.isSafeInteger(number) && String(number) === value ? number : value;
  }),
);

/** Seconds as a number or a numeric string (ETAs); keygate always gives numbers. */
const SecondsSchema = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(numericString, 'a numeric string'))]),
  v.transform((value) => Number(value)),
);

/**
 * URLs as a list. `proxy_links` is an array in the OpenAPI files but an object keyed "0", "1"...
 * in the Flux page's example (docs-v2 image-generation/flux/flux-text-to-image.mdx): both become
 * a list. The image-editing fetch sends `output: ""` while processing: an empty list.
 */
const LinksSchema = v.pipe(
  v.union([v.array(v.string()), v.record(v.string(), v.string()), v.literal('')]),
  v.transform((value): string[] =>
    typeof value === 'string' ? [] : Array.isArray(value) ? value : Object.values(value),
  ),
);

/** A finished job: the result URLs (or base64 strings, with `base64: true`) are in `output`. */
export const JobSuccessSchema = v.looseObject({
  status: v.literal('success'),
  id: JobIdSchema,
  output: LinksSchema,
  proxy_links: v.optional(v.nullable(LinksSchema)),
  generationTime: v.optional(v.nullable(v.number())),
  meta: v.optional(v.nullable(v.looseObject({}))),
});

/**
 * A queued job: fetch it again, at the family's fetch endpoint, after about `eta` seconds.
 * `eta` may be missing; keygate then polls on its own schedule.
 */
export const JobProcessingSchema = v.looseObject({
  status: v.literal('processing'),
  id: JobIdSchema,
  eta: v.optional(v.nullable(SecondsSchema)),
  fetch_result: v.optional(v.nullable(v.string())),
  future_links: v.optional(v.nullable(LinksSchema)),
  message: v.optional(v.nullable(v.string())),
});

/** What a generation call and `fetch` answer: a union on `status`. */
export const JobResultSchema = v.variant('status', [JobSuccessSchema, JobProcessingSchema]);

/** A finished job. */
export type JobSuccess = v.InferOutput<typeof JobSuccessSchema>;
/** A queued job. */
export type JobProcessing = v.InferOutput<typeof JobProcessingSchema>;
/** A generation or fetch answer: `status` tells which. */
export type JobResult = v.InferOutput<typeof JobResultSchema>;

/** The fields every generation call takes besides its own, in ModelsLab's wire names. */
export interface JobParams {
  /** A URL ModelsLab POSTs the result to (see `createModelsLabWebhookHandler`). */
  webhook?: string | undefined;
  /**
   * Your id for the job, echoed in webhooks. keygate sets a random one when you give none, so a
   * call whose outcome is unknown can still be reconciled.
   */
  track_id?: string | number | undefined;
  /** Any other documented field passes through unchanged. */
  [field: string]: unknown;
}

/** Parameters of `images.text2img`. */
export interface Text2ImgParams extends JobParams {
  prompt: string;
  model_id: string;
  negative_prompt?: string | undefined;
  width?: number | string | undefined;
  height?: number | string | undefined;
  samples?: number | string | undefined;
  num_inference_steps?: number | string | undefined;
  guidance_scale?: number | undefined;
  seed?: number | null | undefined;
  /** `true`: `output` holds base64 strings instead of URLs. */
  base64?: boolean | string | undefined;
}

/** Parameters of `images.img2img`: `init_image` is a URL (or base64 with `base64: true`). */
export interface Img2ImgParams extends JobParams {
  model_id: string;
  init_image: string;
  prompt?: string | undefined;
  /** How far from `init_image` to go, 0–1. */
  strength?: number | undefined;
}

/** Parameters of `images.inpaint`: `mask_image` marks what to repaint. */
export interface InpaintParams extends JobParams {
  model_id: string;
  prompt: string;
  init_image: string;
  mask_image: string;
  strength?: number | undefined;
}

/** Parameters of `images.controlnet`. */
export interface ControlNetParams extends JobParams {
  model_id: string;
  /** `canny`, `depth`, `openpose`... (comma-separated for several). */
  controlnet_model: string;
  init_image: string;
  prompt?: string | undefined;
  controlnet_type?: string | undefined;
  control_image?: string | undefined;
  mask_image?: string | undefined;
  /** `"yes"`: inputs and output are base64 (ControlNet takes `"yes"`/`"no"`). */
  base64?: string | boolean | null | undefined;
}

/** Parameters of `realtime.text2img` (realtime models need no `model_id`). */
export interface RealtimeText2ImgParams extends JobParams {
  prompt: string;
  negative_prompt?: string | undefined;
  width?: number | string | undefined;
  height?: number | string | undefined;
  samples?: number | string | undefined;
}

/** Parameters of `realtime.img2img`. */
export interface RealtimeImg2ImgParams extends JobParams {
  prompt: string;
  init_image: string;
  strength?: number | undefined;
}

/** Parameters of `realtime.inpaint`. */
export interface RealtimeInpaintParams extends JobParams {
  prompt: string;
  init_image: string;
  mask_image: string;
  strength?: number | undefined;
}

/** Parameters of `video.text2video`. */
export interface Text2VideoParams extends JobParams {
  /** The docs' pages name `wan2.2` and `ltx-2.3`; the OpenAPI file `cogvideox`/`wanx`. */
  model_id: string;
  prompt: string;
  negative_prompt?: string | undefined;
  num_frames?: number | undefined;
  fps?: number | undefined;
  output_type?: 'mp4' | 'gif' | undefined;
}

/** Parameters of `video.img2video`. */
export interface Img2VideoParams extends JobParams {
  model_id: string;
  init_image: string;
  prompt?: string | undefined;
  num_frames?: number | undefined;
  fps?: number | undefined;
  output_type?: 'mp4' | 'gif' | undefined;
}

/** Parameters of `audio.textToSpeech` (`POST /voice/text_to_speech`). */
export interface TextToSpeechParams extends JobParams {
  /** The text to speak, at most 2,500 characters. */
  prompt: string;
  /** A voice, e.g. `madison`. */
  voice_id: string;
  /** e.g. `american english`, `british english`, `spanish`, `french`, `hindi`. */
  language: string;
  speed?: number | undefined;
  /** English only: reads tags like `<laugh>`. */
  emotion?: boolean | undefined;
}

// Kept from 0.1: the image answers are the shared job answers.
/** @deprecated Use {@link JobSuccessSchema}. */
export const ImageSuccessSchema = JobSuccessSchema;
/** @deprecated Use {@link JobProcessingSchema}. */
export const ImageProcessingSchema = JobProcessingSchema;
/** @deprecated Use {@link JobResultSchema}. */
export const ImageResultSchema = JobResultSchema;
/** A finished image generation. */
export type ImageSuccess = JobSuccess;
/** A queued image generation. */
export type ImageProcessing = JobProcessing;
/** An image generation or fetch answer. */
export type ImageResult = JobResult;

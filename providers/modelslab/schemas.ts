import * as v from 'valibot';

// Response schemas for ModelsLab v6 images. Objects are loose (unknown fields kept). Error bodies
// (`status: "error"` / `"failed"`) never reach these schemas: the classifier turns them into errors.

/** ModelsLab sends ids and ETAs as numbers or numeric strings; keygate always gives numbers. */
const NumericSchema = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\s*\d+(\.\d+)?\s*$/, 'a numeric string'))]),
  v.transform((value) => Number(value)),
);

/** A finished generation: the image URLs are in `output`. */
export const ImageSuccessSchema = v.looseObject({
  status: v.literal('success'),
  id: NumericSchema,
  output: v.array(v.string()),
  generationTime: v.optional(v.number()),
  meta: v.optional(v.looseObject({})),
});

/** A queued generation: fetch it again after `eta` seconds. */
export const ImageProcessingSchema = v.looseObject({
  status: v.literal('processing'),
  id: NumericSchema,
  eta: NumericSchema,
  fetch_result: v.optional(v.string()),
  future_links: v.optional(v.array(v.string())),
  message: v.optional(v.string()),
});

/** What `text2img` and `fetch` answer: a union on `status`. */
export const ImageResultSchema = v.variant('status', [ImageSuccessSchema, ImageProcessingSchema]);

/** A finished generation. */
export type ImageSuccess = v.InferOutput<typeof ImageSuccessSchema>;
/** A queued generation. */
export type ImageProcessing = v.InferOutput<typeof ImageProcessingSchema>;
/** `text2img` / `fetch` result: `status` tells which. */
export type ImageResult = v.InferOutput<typeof ImageResultSchema>;

/** Parameters of `images.text2img`, in ModelsLab's wire names; other documented fields pass through. */
export interface Text2ImgParams {
  prompt: string;
  model_id: string;
  negative_prompt?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  samples?: number | undefined;
  num_inference_steps?: number | undefined;
  guidance_scale?: number | undefined;
  seed?: number | null | undefined;
  webhook?: string | undefined;
  track_id?: string | number | undefined;
  [field: string]: unknown;
}

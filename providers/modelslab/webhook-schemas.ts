import * as v from 'valibot';

// The payloads ModelsLab POSTs to a generation's `webhook` URL (docs.modelslab.com/webhooks,
// ModelsLab/docs-v2 webhooks.mdx): success `{ status, id, output, generationTime, track_id, meta }`,
// failure `{ status: "failed", id, message, track_id }`.

// `id` is a number on some endpoints and a string ("abc123-def456") on others. `track_id` is the
// caller's own value and may have been sent as a number; it is compared as text.
const IdSchema = v.union([
  v.pipe(v.number(), v.finite()),
  v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
]);
const TrackIdSchema = v.optional(v.pipe(v.union([v.string(), v.number()]), v.transform(String)));

/** A successful generation: `output` holds the result URLs. Unknown fields are kept. */
const SuccessSchema = v.looseObject({
  status: v.literal('success'),
  id: IdSchema,
  track_id: TrackIdSchema,
  // As in a fetch answer: a list, or an object keyed "0", "1"... (the Flux page's proxy_links).
  output: v.pipe(
    v.union([v.array(v.string()), v.record(v.string(), v.string())]),
    v.transform((value): string[] => (Array.isArray(value) ? value : Object.values(value))),
  ),
  generationTime: v.optional(v.nullable(v.number())),
  meta: v.optional(v.nullable(v.looseObject({}))),
});

// `status: "error"` and the legacy `messege` spelling come from the classic endpoints' bodies.
const FailureSchema = v.looseObject({
  status: v.picklist(['failed', 'error']),
  id: IdSchema,
  track_id: TrackIdSchema,
  message: v.optional(v.nullable(v.string())),
  messege: v.optional(v.nullable(v.string())),
});

/** A delivery: a success or a failure, by `status`. */
export const PayloadSchema = v.variant('status', [SuccessSchema, FailureSchema]);

/** A successful generation as delivered: `output` holds the result URLs; unknown fields are kept. */
export type ModelsLabWebhookSuccess = v.InferOutput<typeof SuccessSchema>;
/** A failed generation as delivered, with `message` read from `message` or `messege`. */
export type ModelsLabWebhookFailure = v.InferOutput<typeof FailureSchema> & { message: string };
/** What ModelsLab delivered: `status` tells a success from a failure. */
export type ModelsLabWebhookEvent = ModelsLabWebhookSuccess | ModelsLabWebhookFailure;

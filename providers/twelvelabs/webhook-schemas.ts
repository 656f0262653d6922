import * as v from 'valibot';

// The payload TwelveLabs POSTs to a webhook (docs.twelvelabs.io/docs/webhooks-notification-schema,
// also /v1.3/docs/guides/webhooks/notification-schema): `{ id: "whe_…", created_at, type, data }`.
// Only what the page shows is required; everything else is kept as sent. A delivery that passed
// the signature check is TwelveLabs' own, so a field the docs do not pin down (the shape of
// `metadata`, `models`, `tags`) must not turn an authentic event into a 400 that is retried forever.

/** The event types TwelveLabs documents; others may come, and are passed through as strings. */
export const TWELVE_LABS_WEBHOOK_EVENT_TYPES = [
  'index.task.ready',
  'index.task.failed',
  'analyze.task.ready',
  'analyze.task.failed',
] as const;

/** A documented event type, e.g. `'index.task.ready'`. */
export type TwelveLabsWebhookEventType = (typeof TWELVE_LABS_WEBHOOK_EVENT_TYPES)[number];

/**
 * The `data` of an event. Index tasks carry `id` (the task id), `status`, `metadata` (e.g.
 * `{ duration: 30 }`), `models` and `tags`; analyze tasks `id`, `status` and, for batch items,
 * `custom_id`. Unknown fields are kept.
 */
export const TwelveLabsWebhookDataSchema = v.looseObject({
  /** The task the event is about. */
  id: v.pipe(v.string(), v.minLength(1)),
  /** E.g. `'ready'` or `'failed'`. */
  status: v.optional(v.string()),
  /** The caller's id of a batch item (analyze tasks). */
  custom_id: v.optional(v.string()),
});

/** The whole delivery. */
export const TwelveLabsWebhookEventSchema = v.looseObject({
  /** The event id, `whe_…`: use it to drop repeated deliveries. */
  id: v.pipe(v.string(), v.minLength(1)),
  /** When the event happened, RFC 3339. */
  created_at: v.string(),
  /** What happened, e.g. `'index.task.ready'`. */
  type: v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(200),
    // Typed as the documented union while any string passes: a new event type is not an error.
    v.transform((type) => type as TwelveLabsWebhookEventType | (string & {})),
  ),
  /** The task the event is about. */
  data: TwelveLabsWebhookDataSchema,
});

/** The `data` of a verified event: `id` and the documented fields, unknown ones kept as `unknown`. */
export type TwelveLabsWebhookData = v.InferOutput<typeof TwelveLabsWebhookDataSchema>;

/** A verified TwelveLabs webhook event. */
export type TwelveLabsWebhookEvent = v.InferOutput<typeof TwelveLabsWebhookEventSchema>;

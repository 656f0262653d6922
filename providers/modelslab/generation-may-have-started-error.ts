import { isKeygateError, KeygateError, type KeygateErrorOptions } from '../../src/index.js';

/** What a {@link GenerationMayHaveStartedError} is built from. */
export interface GenerationMayHaveStartedErrorOptions extends KeygateErrorOptions {
  /** The `track_id` the call carried (yours, or the one keygate generated). */
  trackId: string | number;
}

/**
 * A generation call failed in a way that leaves its fate unknown: the connection broke, or the
 * attempt timed out, after the request may have reached ModelsLab. keygate never sends a
 * generation twice in that case (it costs credits, and ModelsLab documents no idempotency key).
 * Reconcile by `trackId`: the webhook delivery carries it (see `createModelsLabWebhookHandler`).
 * The `cause` is the `ConnectionError` or `TimeoutError`.
 *
 * @example
 * ```ts no-run
 * if (error instanceof GenerationMayHaveStartedError) await markPending(error.trackId)
 * ```
 */
export class GenerationMayHaveStartedError extends KeygateError {
  override name = 'GenerationMayHaveStartedError' as const;
  /** The `track_id` the call carried. */
  readonly trackId: string | number;

  /**
   * @param message What happened and what to do; never the key.
   * @param options The provider, the track id and the cause.
   */
  constructor(message: string, options: GenerationMayHaveStartedErrorOptions) {
    super(message, options);
    this.trackId = options.trackId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), trackId: this.trackId };
  }
}

/**
 * Whether `value` is a {@link GenerationMayHaveStartedError}, from any copy of keygate (by its
 * brand and name, not `instanceof`).
 *
 * @param value Anything caught.
 * @returns `true` for a generation whose fate is unknown.
 */
export function isGenerationMayHaveStartedError(value: unknown): value is GenerationMayHaveStartedError {
  return isKeygateError(value) && value.name === 'GenerationMayHaveStartedError';
}

import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/** What a {@link TimeoutError} is built from. */
export interface TimeoutErrorOptions extends KeygateErrorOptions {
  /** The per-attempt timeout that ran out, in milliseconds. */
  timeoutMs: number;
  /** What the attempt was doing when it ran out. */
  phase?: TimeoutPhase | undefined;
}

/**
 * Where an attempt was when its time ran out: `key` (the strategy or its key source had not
 * answered: nothing was sent), `send` (sent, or being sent; no answer yet), `body` (the answer
 * was being read). Waits that are not one attempt (`wait`, `pollUntil`) leave it unset.
 */
export type TimeoutPhase = 'key' | 'send' | 'body';

/**
 * One attempt took longer than `timeout` (the response headers, or reading the body).
 *
 * @example
 * ```ts no-run
 * if (error instanceof TimeoutError) console.warn(`gave up after ${error.timeoutMs} ms`)
 * ```
 */
export class TimeoutError extends KeygateError {
  override name = 'TimeoutError' as const;
  /** The per-attempt timeout that ran out, in milliseconds. */
  readonly timeoutMs: number;
  /** What the attempt was doing: `key` means nothing was sent. Unset for waits that are not one attempt. */
  readonly phase: TimeoutPhase | undefined;

  /**
   * @param message What happened and what to do.
   * @param options The provider and the timeout.
   */
  constructor(message: string, options: TimeoutErrorOptions) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
    this.phase = options.phase;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, phase: this.phase };
  }
}

import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/** What a {@link TimeoutError} is built from. */
export interface TimeoutErrorOptions extends KeygateErrorOptions {
  /** The per-attempt timeout that ran out, in milliseconds. */
  timeoutMs: number;
}

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

  /**
   * @param message What happened and what to do.
   * @param options The provider and the timeout.
   */
  constructor(message: string, options: TimeoutErrorOptions) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

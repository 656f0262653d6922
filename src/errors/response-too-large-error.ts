import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/** What a {@link ResponseTooLargeError} is built from. */
export interface ResponseTooLargeErrorOptions extends KeygateErrorOptions {
  /** The cap that was exceeded, in bytes (`maxResponseBytes`). */
  limitBytes: number;
}

/**
 * A response body was larger than `maxResponseBytes`; keygate stopped reading instead of
 * buffering it all.
 *
 * @example
 * ```ts no-run
 * if (error instanceof ResponseTooLargeError) console.error(`over ${error.limitBytes} bytes`)
 * ```
 */
export class ResponseTooLargeError extends KeygateError {
  override name = 'ResponseTooLargeError' as const;
  /** The cap that was exceeded, in bytes. */
  readonly limitBytes: number;

  /**
   * @param message What happened and what to do.
   * @param options The provider and the cap.
   */
  constructor(message: string, options: ResponseTooLargeErrorOptions) {
    super(message, options);
    this.limitBytes = options.limitBytes;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limitBytes: this.limitBytes };
  }
}

import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/**
 * The caller's `signal` aborted the call. Named `AbortError` so code that checks
 * `error.name === 'AbortError'` (the fetch convention) keeps working.
 *
 * @example
 * ```ts no-run
 * if (error instanceof AbortError) return // the user navigated away
 * ```
 */
export class AbortError extends KeygateError {
  override name = 'AbortError' as const;

  /**
   * @param message What was aborted.
   * @param options The provider and the signal's reason, sanitised.
   */
  constructor(message: string, options?: KeygateErrorOptions) {
    super(message, options);
  }
}

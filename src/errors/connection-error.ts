import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/**
 * No answer was received: DNS failure, refused or reset connection, TLS failure. Idempotent
 * calls were already retried. The `cause` is a sanitised copy of the network error (with its
 * `code`, e.g. `ECONNRESET`).
 *
 * @example
 * ```ts no-run
 * if (error instanceof ConnectionError) markProviderDown()
 * ```
 */
export class ConnectionError extends KeygateError {
  override name = 'ConnectionError' as const;

  /**
   * @param message What happened and what to do.
   * @param options The provider and a sanitised cause.
   */
  constructor(message: string, options?: KeygateErrorOptions) {
    super(message, options);
  }
}

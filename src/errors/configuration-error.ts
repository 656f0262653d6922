import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/**
 * Thrown before anything is sent: bad options, a missing or invalid key, an insecure base URL,
 * an absolute path, or a body strategy on a request without a body.
 *
 * @example
 * ```ts no-run
 * new ConfigurationError('No API key: pass `apiKey` or set TWELVE_LABS_API_KEY.')
 * ```
 */
export class ConfigurationError extends KeygateError {
  override name = 'ConfigurationError' as const;

  /**
   * @param message What is wrong and how to fix it; never the key.
   * @param options The provider and a sanitised cause.
   */
  constructor(message: string, options?: KeygateErrorOptions) {
    super(message, options);
  }
}

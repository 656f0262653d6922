import type { ApiErrorOptions } from './api-error.js';
import { ServerError } from './server-error.js';

/**
 * The provider took the job and reports that it failed: a generation answered
 * `status: "failed"` (or "Failed to generate image" in an HTTP 200 body), while starting it or
 * while it was polled. A subclass of {@link ServerError}, so code that handles provider failures
 * keeps working; its message is the provider's own (never "max retries exceeded"). Starting the
 * job again may succeed; keygate does not do it for you, because a generation costs credits.
 *
 * @example
 * ```ts no-run
 * if (error instanceof GenerationFailedError) console.log(error.message, error.body)
 * ```
 */
export class GenerationFailedError extends ServerError {
  override name = 'GenerationFailedError' as const;

  /**
   * @param message What happened (the provider's message) and what to do; never the key.
   * @param options Status, code, request id, retryability and body.
   */
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
  }
}

import { ApiError, type ApiErrorOptions } from './api-error.js';

/**
 * The key is valid but may not do this: a plan, scope or feature restriction (403).
 *
 * @example
 * ```ts no-run
 * if (error instanceof PermissionDeniedError) explainPlanLimit(error.code)
 * ```
 */
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError' as const;

  /**
   * @param message What happened and what to do; never the key.
   * @param options Status, code, request id, retryability and body.
   */
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
  }
}

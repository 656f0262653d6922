import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/** One place where a response did not match what keygate expects. */
export interface ResponseIssue {
  /** Dot path into the body, e.g. `data.0._id`; empty for the body itself. */
  path: string;
  /** What was expected, e.g. `string` or `"ready" | "failed"`. */
  expected: string;
  /** The type that arrived (`number`, `null`, `object`...), never the value itself. */
  received: string;
}

/** What a {@link ResponseValidationError} is built from. */
export interface ResponseValidationErrorOptions extends KeygateErrorOptions {
  /** The HTTP status of the response. */
  status: number;
  /** Where and how the body differed. */
  issues: ResponseIssue[];
}

/**
 * A 2xx response was not JSON, or did not match the expected shape. The issues name paths,
 * expectations and received types, never received values, which could echo a secret.
 *
 * @example
 * ```ts no-run
 * if (error instanceof ResponseValidationError) console.error(error.issues)
 * ```
 */
export class ResponseValidationError extends KeygateError {
  override name = 'ResponseValidationError' as const;
  /** The HTTP status of the response. */
  readonly status: number;
  /** Where and how the body differed from what was expected. */
  readonly issues: ResponseIssue[];

  /**
   * @param message What happened and what to do.
   * @param options The status and the issues.
   */
  constructor(message: string, options: ResponseValidationErrorOptions) {
    super(message, options);
    this.status = options.status;
    this.issues = options.issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, issues: this.issues };
  }
}

import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/** What a {@link RedirectError} is built from. */
export interface RedirectErrorOptions extends KeygateErrorOptions {
  /** The redirect status (301, 302, 303, 307, 308), when a redirect was received. */
  status?: number | undefined;
  /** The origin the provider tried to send the call to, when it could be parsed. */
  location?: string | undefined;
}

/**
 * The provider answered with a redirect keygate will not follow: to another origin (which would
 * receive the key), too many hops, a redirect without a usable `Location`, or a redirect of an
 * upload (uploads are streamed with redirects turned off).
 *
 * @example
 * ```ts no-run
 * if (error instanceof RedirectError) console.error('check baseUrl:', error.location)
 * ```
 */
export class RedirectError extends KeygateError {
  override name = 'RedirectError' as const;
  /** The redirect status, when one was received. */
  readonly status: number | undefined;
  /** The origin of the redirect target (never its path or query, which may echo the key). */
  readonly location: string | undefined;

  /**
   * @param message What happened and what to do.
   * @param options The status and the target origin.
   */
  constructor(message: string, options: RedirectErrorOptions = {}) {
    super(message, options);
    this.status = options.status;
    this.location = options.location;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, location: this.location };
  }
}

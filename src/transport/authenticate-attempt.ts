import { ConfigurationError } from '../errors/configuration-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import type { AuthRequest } from '../strategies/strategy.js';
import type { CallPlan } from './call-plan.js';
import { encodeMultipart } from './multipart.js';
import { sanitizeCause } from './redact.js';
import { withUploadProgress } from './upload-progress.js';

/** Which request of a call to build: the planned one, or the target of a followed redirect. */
export interface AttemptTarget {
  method: string;
  url: URL;
  /** `false` when a redirect turned the call into a GET and the body is dropped. */
  withBody: boolean;
}

/** One attempt, authenticated: where to send it and the `RequestInit` to send it with. */
export interface AuthenticatedAttempt {
  url: URL;
  init: RequestInit & { duplex: 'half' };
}

/**
 * Builds one attempt's `Request` (for retries and followed redirects, where ky and fetch take a
 * `Request`); see {@link authenticateParts}.
 *
 * @param plan The call's plan.
 * @param signal ky's signal for this attempt (timeout and the caller's abort).
 * @param target Another method/URL when following a redirect.
 * @returns The authenticated request.
 */
export async function authenticateAttempt(
  plan: CallPlan,
  signal: AbortSignal | undefined,
  target?: AttemptTarget,
): Promise<Request> {
  const { url, init } = await authenticateParts(plan, signal, target);
  return new Request(url, init);
}

/**
 * Authenticates one attempt: copies the plan, lets the strategy place the key, then serialises
 * the body exactly once. Returns the parts rather than a `Request`, so the first attempt can be
 * handed to ky as URL and options and ky builds the only `Request` (copying a `Request` with a
 * body would pipe it through one more stream).
 *
 * @param plan The call's plan.
 * @param signal ky's signal for this attempt (timeout and the caller's abort).
 * @param target Another method/URL when following a redirect.
 * @returns The URL and the request options.
 * @throws {ConfigurationError} When the strategy fails or moves the request to another origin.
 */
export async function authenticateParts(
  plan: CallPlan,
  signal: AbortSignal | undefined,
  target: AttemptTarget = { method: plan.method, url: plan.url, withBody: true },
): Promise<AuthenticatedAttempt> {
  const authRequest: AuthRequest = {
    method: target.method,
    url: new URL(target.url),
    headers: new Headers(plan.headers),
    body: target.withBody ? copyBody(plan) : undefined,
    refreshKey: plan.refreshKey,
    conceal(secret: string) {
      if (typeof secret === 'string' && secret !== '') plan.secrets.add(secret);
    },
  };
  try {
    await plan.strategy.authenticate(authRequest);
  } catch (error) {
    if (error instanceof KeygateError) throw error;
    throw new ConfigurationError(
      `The "${plan.strategy.name}" auth strategy failed. See the cause for details.`,
      {
        cause: sanitizeCause(error, plan.secrets),
      },
    );
  }
  if (authRequest.url.origin !== plan.url.origin) {
    throw new ConfigurationError(
      `The "${plan.strategy.name}" auth strategy moved the request to another origin; strategies may add query ` +
        'parameters but not change where the key is sent.',
    );
  }
  const { body, headers } = authRequest;
  const init: RequestInit & { duplex: 'half' } = {
    method: target.method,
    headers,
    signal: signal ?? null,
    redirect: plan.redirect,
    duplex: 'half',
  };
  if (body instanceof FormData) {
    // Encoded by keygate: a pulled stream with an exact length (see encodeMultipart).
    const multipart = encodeMultipart(body);
    headers.set('content-type', multipart.contentType);
    headers.set('content-length', String(multipart.length));
    init.body = plan.onUploadProgress
      ? withUploadProgress(multipart.stream, multipart.length, plan.onUploadProgress)
      : multipart.stream;
  } else if (body !== undefined) {
    headers.set('content-type', 'application/json');
    init.body = JSON.stringify(body);
  }
  return { url: authRequest.url, init };
}

function copyBody(plan: CallPlan): Record<string, unknown> | FormData | undefined {
  if (plan.form !== undefined) {
    const form = new FormData();
    for (const [name, value] of plan.form) form.append(name, value);
    return form;
  }
  return plan.json === undefined ? undefined : { ...plan.json };
}

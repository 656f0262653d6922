import { ConfigurationError } from '../errors/configuration-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import type { AuthRequest } from '../strategies/strategy.js';
import type { CallPlan } from './call-plan.js';
import { sanitizeCause } from './redact.js';
import { withUploadProgress } from './upload-progress.js';

/** Which request of a call to build: the planned one, or the target of a followed redirect. */
export interface AttemptTarget {
  method: string;
  url: URL;
  /** `false` when a redirect turned the call into a GET and the body is dropped. */
  withBody: boolean;
}

/**
 * Builds one attempt's `Request`: copies the plan, lets the strategy place the key, then
 * serialises the body exactly once.
 *
 * @param plan The call's plan.
 * @param signal ky's signal for this attempt (timeout and the caller's abort).
 * @param target Another method/URL when following a redirect.
 * @returns The authenticated request.
 * @throws {ConfigurationError} When the strategy fails or moves the request to another origin.
 */
export async function authenticateAttempt(
  plan: CallPlan,
  signal: AbortSignal | undefined,
  target: AttemptTarget = { method: plan.method, url: plan.url, withBody: true },
): Promise<Request> {
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
    // fetch writes the multipart boundary itself; a stale content-type would break it.
    headers.delete('content-type');
    init.body = body;
  } else if (body !== undefined) {
    headers.set('content-type', 'application/json');
    init.body = JSON.stringify(body);
  }
  const request = new Request(authRequest.url, init);
  return body instanceof FormData && plan.onUploadProgress
    ? withUploadProgress(request, body, plan.onUploadProgress)
    : request;
}

function copyBody(plan: CallPlan): Record<string, unknown> | FormData | undefined {
  if (plan.form !== undefined) {
    const form = new FormData();
    for (const [name, value] of plan.form) form.append(name, value);
    return form;
  }
  return plan.json === undefined ? undefined : { ...plan.json };
}

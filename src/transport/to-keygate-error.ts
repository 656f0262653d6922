import { AbortError } from '../errors/abort-error.js';
import { createApiError, type ErrorDetails, type ErrorResponse } from '../errors/classify-status.js';
import { ConnectionError } from '../errors/connection-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import { RedirectError } from '../errors/redirect-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { describeUrl } from './base-url.js';
import type { CallPlan } from './call-plan.js';
import { loadedKy } from './load-ky.js';
import { redactError, redactValue, sanitizeCause } from './redact.js';

/**
 * A provider's hook that reads a response (any status) and says which error it is, or
 * `undefined` to accept a 2xx body / fall back to the HTTP status for an error status.
 */
export type ClassifyResponse = (response: ErrorResponse) => ErrorDetails | undefined;

/** What {@link toKeygateError} needs to know about the failing call. */
export interface FailureContext {
  plan: CallPlan;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  classify: ClassifyResponse | undefined;
}

/**
 * Turns anything a call threw into a scrubbed keygate error. ky's errors hold the `Request` and
 * the serialised body, so they never escape: only facts copied out of them do.
 *
 * @param error What ky, fetch, the strategy or the body reader threw.
 * @param context The call.
 * @returns The keygate error to throw, with `provider` set and every concealed secret removed.
 */
export function toKeygateError(error: unknown, context: FailureContext): KeygateError {
  const { plan } = context;
  const converted = convert(error, context);
  converted.provider ??= plan.provider;
  return redactError(converted, plan.secrets);
}

function convert(error: unknown, context: FailureContext): KeygateError {
  const { plan, signal } = context;
  const target = `${plan.method} ${describeUrl(plan.url)}`;
  if (error instanceof KeygateError) return error;
  if (signal?.aborted) {
    return new AbortError(`${target} to ${plan.provider} was aborted by the caller's signal.`, {
      cause: sanitizeCause(signal.reason, plan.secrets),
    });
  }
  // No ky error can exist before a request has loaded ky.
  const ky = loadedKy();
  const isHTTPError = ky?.isHTTPError ?? (() => false);
  const isTimeoutError = ky?.isTimeoutError ?? (() => false);
  const isNetworkError = ky?.isNetworkError ?? (() => false);
  if (isHTTPError(error)) {
    const response: ErrorResponse = {
      provider: plan.provider,
      status: error.response.status,
      statusText: error.response.statusText,
      method: plan.method,
      url: describeUrl(plan.url),
      headers: error.response.headers,
      body: redactValue(error.data, plan.secrets),
    };
    return createApiError(response, context.classify?.(response));
  }
  if (isTimeoutError(error)) {
    return new TimeoutError(
      `${plan.provider} did not answer ${target} within ${context.timeoutMs} ms. Raise \`timeout\` for slow calls.`,
      { timeoutMs: context.timeoutMs },
    );
  }
  const cause = sanitizeCause(isNetworkError(error) ? error.cause : error, plan.secrets);
  if (plan.redirect === 'error' && causeChain(cause).some((link) => /redirect/i.test(link.message))) {
    return new RedirectError(
      `${plan.provider} answered ${target} with a redirect. Uploads are sent with redirects turned off so the file ` +
        'streams from disk and the key cannot follow; call the final URL (set baseUrl) instead.',
      { cause },
    );
  }
  if (isNetworkError(error) || error instanceof TypeError) {
    const code = causeChain(cause)
      .map((link) => (link as { code?: unknown }).code)
      .find((value) => typeof value === 'string');
    return new ConnectionError(
      `Could not reach ${plan.provider} for ${target}${code ? ` (${code})` : ''}. ` +
        'Check the network and baseUrl; idempotent calls were already retried.',
      { cause },
    );
  }
  return new KeygateError(`Calling ${plan.provider} for ${target} failed unexpectedly. See the cause.`, {
    cause,
  });
}

function causeChain(error: Error | undefined): Error[] {
  const chain: Error[] = [];
  for (let link: unknown = error; link instanceof Error && chain.length < 8; link = link.cause)
    chain.push(link);
  return chain;
}

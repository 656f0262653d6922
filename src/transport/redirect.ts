import { ConfigurationError } from '../errors/configuration-error.js';
import { RedirectError } from '../errors/redirect-error.js';
import { authenticateAttempt } from './authenticate-attempt.js';
import { describeUrl as describe } from './base-url.js';
import { type CallPlan, callPlanOf } from './call-plan.js';

/** The redirects keygate may follow (same origin only). */
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** How many same-origin hops one call may take before it is treated as a loop. */
export const maxRedirects = 5;

/**
 * Wraps `fetch` so that another origin never receives the key.
 *
 * Node's fetch forwards `x-api-key` (it strips only `authorization`, `cookie`,
 * `proxy-authorization` and `host`) and re-sends the body on 307/308 to any origin, and a query
 * key rides along in the URL. So keygate sends every request with `redirect: 'manual'` and
 * follows redirects itself: same-origin ones are re-authenticated like a new attempt, a
 * cross-origin one ends the call in a {@link RedirectError} before anything is sent there.
 *
 * @param fetchImpl The fetch to send with (the client's `fetch` option, or the global one).
 * @returns A fetch-compatible function for ky.
 */
export function createRedirectGuard(
  fetchImpl: typeof fetch,
): (request: Request, init?: object) => Promise<Response> {
  return async (request, init) => {
    const plan = callPlanOf(init);
    // ky forwards its unknown options (our plan among them) to fetch; fetch itself needs none of them.
    const fetchInit = dispatcherOnly(init);
    let current = request;
    for (let hop = 0; ; hop++) {
      const response = await fetchImpl(current, fetchInit);
      if (!redirectStatuses.has(response.status)) return response;
      await response.body?.cancel().catch(() => undefined);
      const target = redirectTarget(response, current, plan);
      if (plan === undefined)
        throw new RedirectError('Refusing to follow a redirect for a request keygate did not build.');
      if (hop >= maxRedirects) {
        throw new RedirectError(
          `${plan.provider} redirected ${plan.method} ${describe(plan.url)} more than ${maxRedirects} times; giving up.`,
          { provider: plan.provider, status: response.status, location: target.origin },
        );
      }
      current = await followUp(plan, current, target, response.status);
    }
  };
}

function redirectTarget(response: Response, current: Request, plan: CallPlan | undefined): URL {
  const provider = plan?.provider ?? 'The server';
  const location = response.headers.get('location');
  let target: URL | undefined;
  try {
    target = location === null ? undefined : new URL(location, current.url);
  } catch {
    target = undefined;
  }
  if (target === undefined) {
    throw new RedirectError(
      `${provider} answered ${response.status} without a usable Location header to ${current.method} ${describe(new URL(current.url))}.`,
      { provider: plan?.provider, status: response.status },
    );
  }
  const origin = new URL(current.url).origin;
  if (target.origin !== origin) {
    throw new RedirectError(
      `${provider} redirected ${current.method} ${describe(new URL(current.url))} to another origin (${target.origin}). ` +
        'keygate does not follow it, because the request carries the API key; if the API has moved, set baseUrl to the new address.',
      { provider: plan?.provider, status: response.status, location: target.origin },
    );
  }
  return target;
}

async function followUp(plan: CallPlan, current: Request, target: URL, status: number): Promise<Request> {
  // The fetch standard's method rewrite: 303 turns anything but HEAD into GET, 301/302 turn POST into GET.
  const becomesGet =
    (status === 303 && current.method !== 'HEAD') ||
    ((status === 301 || status === 302) && current.method === 'POST');
  const method = becomesGet ? 'GET' : current.method;
  try {
    return await authenticateAttempt(plan, current.signal, { method, url: target, withBody: !becomesGet });
  } catch (error) {
    if (error instanceof ConfigurationError && becomesGet) {
      throw new RedirectError(
        `${plan.provider} answered ${status} to ${plan.method} ${describe(plan.url)}, which turns it into a GET without a body; ` +
          `the "${plan.strategy.name}" strategy cannot authenticate that. Call the target path directly.`,
        { provider: plan.provider, status, location: target.origin, cause: error },
      );
    }
    throw error;
  }
}

function dispatcherOnly(init: object | undefined): RequestInit | undefined {
  const dispatcher = (init as { dispatcher?: unknown } | undefined)?.dispatcher;
  return dispatcher === undefined ? undefined : ({ dispatcher } as RequestInit);
}

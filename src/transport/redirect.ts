import { RedirectError } from '../errors/redirect-error.js';
import { describeUrl as describe } from './base-url.js';

/** The redirects keygate may follow (same origin only). */
export const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** How many same-origin hops one call may take before it is treated as a loop. */
export const maxRedirects = 5;

/** The request a redirect hop starts from. */
export interface Hop {
  method: string;
  url: URL;
  /** `false` once a redirect turned the call into a bodiless GET: it stays bodiless. */
  withBody: boolean;
}

/**
 * Where a redirect leads, and how the call continues there. keygate sends every request with
 * `redirect: 'manual'` and follows redirects itself, because Node's fetch forwards `x-api-key`
 * (it strips only `authorization`, `cookie`, `proxy-authorization` and `host`), re-sends the body
 * on 307/308 to any origin, and a query key rides along in the URL. A same-origin hop is
 * re-authenticated like a new attempt; anything else ends the call before it is sent.
 *
 * @param response The 3xx response.
 * @param current The request that got it.
 * @param provider The provider, for messages.
 * @param hops How many redirects this call has followed already.
 * @returns The next hop: method rewritten as the fetch standard does (303 → GET, except HEAD;
 *   301/302 turn a POST into a GET), and the body dropped for good once it is a GET.
 * @throws {RedirectError} Another origin, credentials in the `Location`, no usable `Location`,
 *   or too many hops.
 */
export function nextHop(response: Response, current: Hop, provider: string, hops: number): Hop {
  const target = locationOf(response, current.url);
  const from = `${current.method} ${describe(current.url)}`;
  const status = response.status;
  if (target === undefined) {
    throw new RedirectError(`${provider} answered ${status} without a usable Location header to ${from}.`, {
      provider,
      status,
    });
  }
  if (target.origin !== current.url.origin) {
    throw new RedirectError(
      `${provider} redirected ${from} to another origin (${target.origin}). keygate does not follow it, because the ` +
        'request carries the API key; if the API has moved, set baseUrl to the new address.',
      { provider, status, location: target.origin },
    );
  }
  if (target.username !== '' || target.password !== '') {
    // fetch would refuse such a URL with a TypeError; and credentials in a Location are a trick.
    throw new RedirectError(
      `${provider} redirected ${from} to a URL with a user name or password; keygate does not follow it.`,
      { provider, status, location: target.origin },
    );
  }
  if (hops >= maxRedirects) {
    throw new RedirectError(`${provider} redirected ${from} more than ${maxRedirects} times; giving up.`, {
      provider,
      status,
      location: target.origin,
    });
  }
  const becomesGet =
    (status === 303 && current.method !== 'HEAD') ||
    ((status === 301 || status === 302) && current.method === 'POST');
  return {
    method: becomesGet ? 'GET' : current.method,
    url: target,
    withBody: current.withBody && !becomesGet,
  };
}

/**
 * Refuses an answer that a custom `fetch` obtained by following a redirect itself: keygate asks
 * for `redirect: 'manual'`, and a fetch that ignores it may already have sent the key elsewhere.
 * Checked before the body is read, so nothing from the other origin reaches the caller.
 *
 * @param response The answer.
 * @param requested The URL keygate asked for.
 * @param provider The provider, for the message.
 * @throws {RedirectError} When the answer was redirected or comes from another URL's origin.
 */
export function refuseFollowedRedirect(response: Response, requested: URL, provider: string): void {
  // The common case without parsing a URL: not redirected, and the answer's URL the one asked
  // for (compared first: `href` is kept, `origin` is built on every read) or on its origin.
  if (!response.redirected) {
    const { url } = response;
    if (url === '' || url === requested.href || url.startsWith(`${requested.origin}/`)) return;
  }
  const origin = originOf(response.url);
  if (!response.redirected && (origin === undefined || origin === requested.origin)) return;
  throw new RedirectError(
    `The fetch used for ${provider} followed a redirect of ${describe(requested)}${origin && origin !== requested.origin ? ` to ${origin}` : ''}, ` +
      "although keygate asked for redirect: 'manual'. A custom fetch must honour `redirect: 'manual'` so keygate " +
      'can keep the key away from other origins; the answer was discarded.',
    { provider, location: origin },
  );
}

function locationOf(response: Response, base: URL): URL | undefined {
  const location = response.headers.get('location');
  if (location === null) return undefined;
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function originOf(url: string): string | undefined {
  if (url === '') return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * What an answer means for the redirect guard: `undefined` to read it, the next hop of a
 * same-origin redirect to follow, or the error that refuses it (a redirect the fetch followed
 * itself, one to another origin, too many). Every answer is checked, the platform fetch's too.
 * Never throws: the rare outcomes stay out of the attempt's common path.
 *
 * @param response The answer.
 * @param requested The URL it answers.
 * @param hop The request that got it.
 * @param mode The call's redirect mode (`manual` for every call but uploads).
 * @param provider The provider, for messages.
 * @param hops How many redirects this call has followed already.
 * @returns `undefined`, the next hop, or the refusal.
 */
export function redirectStep(
  response: Response,
  requested: URL,
  hop: Hop,
  mode: RequestRedirect,
  provider: string,
  hops: number,
): Hop | RedirectError | undefined {
  if (!response.redirected && mode !== 'manual') return undefined;
  try {
    refuseFollowedRedirect(response, requested, provider);
    return redirectStatuses.has(response.status) ? nextHop(response, hop, provider, hops) : undefined;
  } catch (error) {
    // Both checks throw nothing but RedirectErrors.
    return error as RedirectError;
  }
}

import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Whether a hostname is this machine: 127.0.0.0/8, `::1` or `localhost`. Only these may be
 * reached over plain HTTP, for tests and local simulators.
 *
 * @param hostname A URL's `hostname` (IPv6 in brackets, as `URL` gives it).
 * @returns `true` for loopback hosts.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Whether a key may travel to this URL: HTTPS, or plain HTTP to this machine only.
 *
 * @param url The URL.
 * @returns `true` for `https:`, and for `http:` on a loopback host.
 */
export function carriesKeysSafely(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/**
 * Parses and checks a client's base URL: HTTPS, or HTTP on loopback only; no credentials, query
 * or fragment. The key only ever goes to this origin.
 *
 * @param baseUrl The configured base URL.
 * @param provider The provider, for the error message.
 * @returns The URL with a trailing slash, ready to resolve relative paths against.
 * @throws {ConfigurationError} When the URL is malformed or insecure.
 */
export function parseBaseUrl(baseUrl: string | URL, provider: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`${provider}: baseUrl is not a valid absolute URL.`, { provider });
  }
  if (!carriesKeysSafely(url)) {
    throw new ConfigurationError(
      `${provider}: baseUrl must use https (plain http is allowed for 127.0.0.1, ::1 and localhost only), ` +
        `got ${url.protocol}//${url.host}. The API key would travel unencrypted.`,
      { provider },
    );
  }
  if (url.username || url.password) {
    throw new ConfigurationError(`${provider}: baseUrl must not contain a user name or password.`, {
      provider,
    });
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(`${provider}: baseUrl must not have a query string or fragment.`, {
      provider,
    });
  }
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url;
}

// A scheme (`https:`, `javascript:`), or a leading `//` or `\\` that browsers and WHATWG URL
// resolve as "another host".
const leavesOrigin = /^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})/i;

/**
 * Resolves a request path against the base URL, refusing anything that could leave its origin.
 *
 * @param base The parsed base URL (from {@link parseBaseUrl}).
 * @param path A path relative to the base, e.g. `indexes/abc` or `/indexes`.
 * @param provider The provider, for the error message.
 * @returns The absolute URL on the base origin.
 * @throws {ConfigurationError} For absolute URLs, protocol-relative paths and control characters.
 */
export function resolvePath(base: URL, path: string, provider: string): URL {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character in a path is refused.
  if (leavesOrigin.test(path) || /[\u0000-\u001f]/.test(path)) {
    throw new ConfigurationError(
      `${provider}: request paths must be relative to baseUrl (like "indexes/123"); absolute URLs and "//host" ` +
        'paths are refused so the key only goes to the configured origin.',
      { provider },
    );
  }
  const url = new URL(path.replace(/^\/+/, ''), base);
  if (url.origin !== base.origin) {
    throw new ConfigurationError(`${provider}: the request path resolves outside baseUrl's origin.`, {
      provider,
    });
  }
  return url;
}

/**
 * A URL for messages: origin and path only, because a query string may carry a query key.
 *
 * @param url Any URL.
 * @returns `https://host/path`.
 */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

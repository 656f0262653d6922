import { maskKey } from '../keys/validate.js';
import { BodyKeyStrategy } from '../strategies/body-key.js';
import { HeaderKeyStrategy } from '../strategies/header-key.js';
import { QueryKeyStrategy } from '../strategies/query-key.js';
import type { AuthRequest, AuthStrategy } from '../strategies/strategy.js';
import type { CredentialLocation } from './credentials.js';

/** Where a strategy put a secret: a header, a body field or a query parameter. */
export interface KeyPlacement {
  location: Exclude<CredentialLocation, 'none'>;
  name: string;
}

/** One `authenticate` call, as {@link RecordingStrategy} saw it. */
export interface RecordedAuthentication {
  method: string;
  /** Origin and path; the query is left out (it may hold the key). */
  url: string;
  /** Every place the concealed secrets ended up. */
  placements: KeyPlacement[];
  /** The concealed secrets, masked. */
  masked: string[];
}

/**
 * Wraps a strategy and records each `authenticate` call: method, URL and where the key went.
 * For tests that assert on auth without a server.
 *
 * @example
 * ```ts
 * import { HeaderKeyStrategy } from 'keygate';
 * import { RecordingStrategy } from 'keygate/testing';
 *
 * const strategy = new RecordingStrategy(new HeaderKeyStrategy({ key: 'tl-test-key' }));
 * // ...make calls with it, then:
 * console.log(strategy.calls); // [{ method, url, placements: [{ location: 'header', name: 'x-api-key' }], masked }]
 * ```
 */
export class RecordingStrategy implements AuthStrategy {
  readonly name: string;
  /** Every call so far, oldest first. */
  readonly calls: RecordedAuthentication[] = [];
  readonly #inner: AuthStrategy;

  /** @param inner The strategy that really places the key. */
  constructor(inner: AuthStrategy) {
    this.#inner = inner;
    this.name = `recording(${inner.name})`;
  }

  /** @param request The attempt's request, passed on to the inner strategy. */
  async authenticate(request: AuthRequest): Promise<void> {
    const secrets: string[] = [];
    const spy: AuthRequest = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      get body() {
        return request.body;
      },
      set body(value) {
        request.body = value;
      },
      conceal(secret) {
        secrets.push(secret);
        request.conceal(secret);
      },
    };
    await this.#inner.authenticate(spy);
    this.calls.push({
      method: request.method,
      url: `${request.url.origin}${request.url.pathname}`,
      placements: placementsOf(request, secrets),
      masked: secrets.map(maskKey),
    });
  }
}

function placementsOf(request: AuthRequest, secrets: string[]): KeyPlacement[] {
  const placements: KeyPlacement[] = [];
  const holds = (value: unknown) =>
    typeof value === 'string' && secrets.some((secret) => value.includes(secret));
  for (const [name, value] of request.headers)
    if (holds(value)) placements.push({ location: 'header', name });
  for (const [name, value] of request.url.searchParams)
    if (holds(value)) placements.push({ location: 'query', name });
  const entries = request.body instanceof FormData ? [...request.body] : Object.entries(request.body ?? {});
  for (const [name, value] of entries) if (holds(value)) placements.push({ location: 'body', name });
  return placements;
}

/** Options of {@link StaticKeyStrategy}. */
export interface StaticKeyStrategyOptions {
  /** Where the key goes. @default 'header' */
  in?: 'header' | 'body' | 'query' | undefined;
  /** The header, field or parameter. @default 'x-api-key' for a header, 'key' otherwise */
  name?: string | undefined;
}

/**
 * A fixed key in a fixed place, for tests that should not depend on environment variables.
 *
 * @example
 * ```ts
 * import { StaticKeyStrategy } from 'keygate/testing';
 * const strategy = new StaticKeyStrategy('ml-test-key', { in: 'body' });
 * ```
 */
export class StaticKeyStrategy implements AuthStrategy {
  readonly name: string;
  readonly #inner: AuthStrategy;

  /**
   * @param key The fixed key.
   * @param options Where it goes.
   */
  constructor(key: string, options: StaticKeyStrategyOptions = {}) {
    const place = options.in ?? 'header';
    this.#inner =
      place === 'body'
        ? new BodyKeyStrategy({ key, field: options.name ?? 'key' })
        : place === 'query'
          ? new QueryKeyStrategy({ key, param: options.name ?? 'key' })
          : new HeaderKeyStrategy({ key, header: options.name ?? 'x-api-key' });
    this.name = `static-${place}`;
  }

  /** @param request The attempt's request. */
  authenticate(request: AuthRequest): Promise<void> | void {
    return this.#inner.authenticate(request);
  }
}

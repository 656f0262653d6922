import { ConfigurationError } from '../errors/configuration-error.js';
import type { BuiltRequest } from './build-attempt.js';
import { headerNameProblem } from './check-call.js';
import { attemptRequest, attemptRequestWithHeaders, globalFetchUnchanged } from './fetch-handoff.js';
import type { Dispatcher, TransportOptions } from './transport-types.js';

// The checks of `createTransport`'s options that are not limits: the provider's names, the
// idempotency header, and the fetch (with its dispatcher) that every attempt sends with.

/**
 * The function ky sends with. The attempt's request arrives as an unknown ky option (see
 * fetch-handoff.ts); its signal goes in fetch's init, with the dispatcher when there is one, and
 * so do its headers when `send` chose that. The global fetch is looked up per request, so one
 * installed later (a test's interceptor) is used.
 */
export function fetchFor(options: TransportOptions, provider: string) {
  const customFetch = options.fetch;
  if (customFetch !== undefined && typeof customFetch !== 'function') {
    throw new ConfigurationError(`${provider}: \`fetch\` must be a function like globalThis.fetch.`, {
      provider,
    });
  }
  const { dispatcher } = options;
  if (dispatcher !== undefined && typeof dispatcher?.dispatch !== 'function') {
    throw new ConfigurationError(
      `${provider}: \`dispatcher\` must be an undici Dispatcher (an Agent, ProxyAgent or EnvHttpProxyAgent).`,
      { provider },
    );
  }
  type Handoff = { [attemptRequest]?: BuiltRequest; [attemptRequestWithHeaders]?: BuiltRequest };
  return (request: Request, init?: Handoff) => {
    const withHeaders = init?.[attemptRequestWithHeaders];
    const signal = (withHeaders ?? init?.[attemptRequest])?.signal;
    let sending = request;
    let fetchInit: (RequestInit & { dispatcher?: Dispatcher }) | undefined =
      signal === undefined ? undefined : { signal };
    if (withHeaders !== undefined) {
      // Another global fetch was installed since `send` chose (ky waits a tick before it calls
      // this): it gets the headers on the Request, like any fetch installed after load, and the
      // signal too, in case it passes the Request on without the init.
      if (globalFetchUnchanged()) fetchInit = { signal, headers: withHeaders.headers };
      else sending = new Request(request, { headers: withHeaders.headers, signal });
    }
    if (dispatcher !== undefined) fetchInit = { ...fetchInit, dispatcher };
    return customFetch === undefined ? globalThis.fetch(sending, fetchInit) : customFetch(sending, fetchInit);
  };
}

export function checkProvider(provider: unknown): string {
  if (typeof provider !== 'string' || provider.trim() === '') {
    throw new ConfigurationError('createTransport: `provider` must be a non-empty name, e.g. "TwelveLabs".');
  }
  return provider;
}

/**
 * A provider's default id, from its display name: lower case, without spaces or punctuation
 * (`'TwelveLabs'` → `twelvelabs`, `'Acme AI'` → `acmeai`).
 *
 * @param provider The display name.
 * @returns The id `error.provider`, logs and spans use when none is given.
 */
export function providerIdFor(provider: string): string {
  return provider.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

// The id is what operators filter logs and errors by: one lower-case word, like the entry point.
export function checkProviderId(id: unknown, provider: string): string {
  const derived = id ?? providerIdFor(provider);
  if (typeof derived !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(derived)) {
    throw new ConfigurationError(
      `${provider}: \`providerId\` must be a lower-case word of letters, digits, "-" or "_", e.g. "twelvelabs".`,
    );
  }
  return derived;
}

export function checkIdempotencyHeader(name: unknown, provider: string): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || name === '' || name.length > 100 || headerNameProblem(name) !== undefined) {
    throw new ConfigurationError(
      `${provider}: \`idempotencyHeader\` must be a header name, e.g. "Idempotency-Key".`,
      {
        provider,
      },
    );
  }
  return name;
}

/**
 * Checks `reportsError`: a function, or nothing (every 2xx body goes to `classify`).
 *
 * @param reportsError The option.
 * @param provider The provider, for the message.
 * @returns The predicate, or `undefined`.
 * @throws {ConfigurationError} When it is something else.
 */
export function checkReportsError(
  reportsError: unknown,
  provider: string,
): ((body: unknown) => boolean) | undefined {
  if (reportsError === undefined || typeof reportsError === 'function')
    return reportsError as ((body: unknown) => boolean) | undefined;
  throw new ConfigurationError(
    `${provider}: \`reportsError\` must be a function that says whether a 2xx body reports an error.`,
    { provider },
  );
}

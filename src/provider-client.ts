import { ConfigurationError } from './errors/configuration-error.js';
import { fromEnv, type KeySource } from './keys.js';
import type { AuthStrategy } from './strategies/strategy.js';
import type { ClassifyResponse } from './transport/classify-response.js';
import { createTransport, type Transport, type TransportOptions } from './transport/create-transport.js';

/** The options every ready-made provider client accepts. */
export interface ProviderClientOptions {
  /** The key, or a function that returns it. Defaults to the provider's environment variable, read per request. */
  apiKey?: KeySource;
  /** Replaces the provider's default strategy (then `apiKey` must not be given: the strategy holds the key). */
  strategy?: AuthStrategy;
  /** Where the API lives; HTTPS, or HTTP on loopback for tests. */
  baseUrl?: string | URL;
  /** Milliseconds one attempt may take. @default 60_000 */
  timeout?: number;
  /** Retries after the first attempt; `0` disables. @default 2 */
  maxRetries?: number;
  /** The fetch to send with. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Headers sent on every request. */
  headers?: HeadersInit;
  /** The largest response body read, in bytes. @default 10 MiB */
  maxResponseBytes?: number;
  /**
   * On an `AuthenticationError`, ask the key source again (a key function gets
   * `{ refresh: true }`) and send the call once more. For keys that rotate. @default false
   */
  refreshOnAuthError?: boolean;
}

/** What a provider folder says about itself to {@link createProviderTransport}. */
export interface ProviderDefinition {
  /** Display name, e.g. `TwelveLabs`. */
  provider: string;
  /** The production base URL. */
  baseUrl: string;
  /** The environment variable the key is read from by default. */
  env: string;
  /** Builds the provider's default strategy around a key source. */
  defaultStrategy(key: KeySource): AuthStrategy;
  /** The provider's error classifier. */
  classify: ClassifyResponse;
}

/**
 * Builds a provider client's transport from its options: the default strategy around `apiKey`
 * (or the provider's environment variable), or the strategy the user passed instead.
 *
 * @param options The client options.
 * @param definition The provider's defaults.
 * @returns The transport.
 * @throws {ConfigurationError} When both `apiKey` and `strategy` are given, or an option is invalid.
 */
export function createProviderTransport(
  options: ProviderClientOptions,
  definition: ProviderDefinition,
): Transport {
  const { provider } = definition;
  if (options.apiKey !== undefined && options.strategy !== undefined) {
    throw new ConfigurationError(
      `${provider}: pass either \`apiKey\` or \`strategy\`, not both: a custom strategy places the key itself.`,
      { provider },
    );
  }
  const strategy =
    options.strategy ??
    definition.defaultStrategy(options.apiKey ?? fromEnv(definition.env, { option: 'apiKey' }));
  const transportOptions: TransportOptions = {
    provider,
    baseUrl: options.baseUrl ?? definition.baseUrl,
    strategy,
    classify: definition.classify,
  };
  if (options.timeout !== undefined) transportOptions.timeout = options.timeout;
  if (options.maxRetries !== undefined) transportOptions.maxRetries = options.maxRetries;
  if (options.fetch !== undefined) transportOptions.fetch = options.fetch;
  if (options.headers !== undefined) transportOptions.headers = options.headers;
  if (options.maxResponseBytes !== undefined) transportOptions.maxResponseBytes = options.maxResponseBytes;
  if (options.refreshOnAuthError !== undefined)
    transportOptions.refreshOnAuthError = options.refreshOnAuthError;
  return createTransport(transportOptions);
}

/**
 * Encodes an id for a URL path, refusing an empty or non-string one (which would silently hit
 * the collection endpoint instead) and one made only of dots. `encodeURIComponent` leaves `.`
 * and `..` as they are and the URL parser resolves them as "this folder" and "the parent", so
 * `indexes/..` would send the key to another endpoint. Their percent-encodings (`%2e`,
 * `%2E%2e`) and longer runs (`...`) are refused as well: no provider issues such ids, and a
 * server or proxy that decodes twice or trims trailing dots would turn them into `..`.
 *
 * @param id The id the caller passed.
 * @param what What the id names, for the message, e.g. `index id`.
 * @param provider The provider, for the message.
 * @returns The percent-encoded segment.
 * @throws {ConfigurationError} For an empty, non-string or dots-only id.
 */
export function pathSegment(id: unknown, what: string, provider: string): string {
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
    throw new ConfigurationError(`${provider}: a non-empty ${what} is required.`, { provider });
  }
  if (/^(?:\.|%2e)+$/i.test(String(id))) {
    throw new ConfigurationError(
      `${provider}: the ${what} ${JSON.stringify(String(id))} is refused: an id made only of dots ("." or "..", ` +
        'plain or percent-encoded) would make the URL point at another endpoint.',
      { provider },
    );
  }
  return encodeURIComponent(String(id));
}

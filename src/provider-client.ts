import { ConfigurationError } from './errors/configuration-error.js';
import { KeygateError } from './errors/keygate-error.js';
import { fromEnv } from './keys/env.js';
import type { KeySource } from './keys/key-source.js';
import type { ObservabilityOptions } from './observability/options.js';
import { NoKeyStrategy } from './strategies/no-key.js';
import { RouteStrategy } from './strategies/route.js';
import type { AuthStrategy } from './strategies/strategy.js';
import type { ApiPromise } from './transport/api-promise.js';
import { isLoopbackHost, parseBaseUrl } from './transport/base-url.js';
import type { ClassifyResponse } from './transport/classify-response.js';
import { createTransport, providerIdFor } from './transport/create-transport.js';
import type { ResponseStream } from './transport/response-stream.js';
import type {
  Dispatcher,
  StreamRequest,
  Transport,
  TransportOptions,
  TransportRequest,
} from './transport/transport-types.js';

/**
 * The options every ready-made provider client accepts. Every field may also be `undefined`
 * ("not set"), so `apiKey: process.env.X` compiles under `exactOptionalPropertyTypes`.
 */
export interface ProviderClientOptions extends ObservabilityOptions {
  /**
   * The key, a function that returns it, or a key source (`fromFile`, `cachedKey`, `keyPool`...).
   * Defaults to the provider's environment variable (or its `NAME_FILE`), read per request.
   */
  apiKey?: KeySource | undefined;
  /** Replaces the provider's default strategy (then `apiKey` must not be given: the strategy holds the key). */
  strategy?: AuthStrategy | undefined;
  /**
   * Replaces the strategy of one of the provider's routes by name (ModelsLab: `chat`), for a
   * provider whose APIs want the key in different places. Routes not named keep their default
   * strategy, around `apiKey` or the provider's environment variable; with a custom `strategy`
   * they have none, and their calls fail with a `ConfigurationError` until one is given here.
   */
  routeStrategies?: Readonly<Record<string, AuthStrategy>> | undefined;
  /**
   * Where the API lives; HTTPS, or HTTP on loopback for tests.
   * @default the provider's base URL variable (e.g. `TWELVE_LABS_BASE_URL`), else its production URL
   */
  baseUrl?: string | URL | undefined;
  /** Milliseconds one attempt may take. @default 60_000 */
  timeout?: number | undefined;
  /** Retries after the first attempt; `0` disables. @default 2 */
  maxRetries?: number | undefined;
  /** The fetch to send with. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** An undici Dispatcher (a `ProxyAgent` or `EnvHttpProxyAgent` for a proxy) handed to fetch. */
  dispatcher?: Dispatcher | undefined;
  /** Headers sent on every request (`user-agent` defaults to `keygate/<version> node/<version>`). */
  headers?: HeadersInit | undefined;
  /** The largest response body read, in bytes. @default 10 MiB */
  maxResponseBytes?: number | undefined;
  /**
   * On an `AuthenticationError`, ask the key source again (a key function gets
   * `{ refresh: true }`) and send the call once more. For keys that rotate. @default false
   */
  refreshOnAuthError?: boolean | undefined;
  /**
   * How many days this provider's keys live, for expiry warnings of keys whose source knows
   * `issuedAt`. @default the provider's (TwelveLabs: 90; none for ModelsLab)
   */
  keyMaxAgeDays?: number | undefined;
}

/** What a provider folder says about itself to {@link createProviderTransport}. */
export interface ProviderDefinition {
  /** Display name, e.g. `TwelveLabs`, for messages. */
  provider: string;
  /**
   * The provider's id, e.g. `twelvelabs`: `error.provider`, log fields, the entry point's name.
   * @default the display name in lower case without punctuation
   */
  id?: string | undefined;
  /** The production base URL. */
  baseUrl: string;
  /** The environment variable that overrides the production base URL when no `baseUrl` is passed. */
  baseUrlEnv?: string | undefined;
  /** The environment variable the key is read from by default. */
  env: string;
  /**
   * Other spellings of the key's variable, read when `env` is unset (each also as `NAME_FILE`),
   * e.g. `TWELVELABS_API_KEY`, which the official TwelveLabs SDK's README uses.
   */
  envAliases?: readonly string[] | undefined;
  /** How many days the provider's keys live, for expiry warnings (TwelveLabs: 90). */
  keyMaxAgeDays?: number | undefined;
  /** Builds the provider's default strategy around a key source. */
  defaultStrategy(key: KeySource): AuthStrategy;
  /**
   * Parts of the API that want the key elsewhere than `defaultStrategy` puts it, e.g.
   * ModelsLab's chat API (a Bearer header) beside its v6 routes (the key in the body).
   */
  routes?: readonly ProviderRoute[] | undefined;
  /** The provider's error classifier. */
  classify: ClassifyResponse;
  /**
   * Which 2xx bodies report an error and so go to `classify` (see TransportOptions.reportsError);
   * for a provider that reports none there, `() => false`.
   */
  reportsError?: ((body: unknown) => boolean) | undefined;
  /** The header the provider de-duplicates retried calls by, if it documents one. */
  idempotencyHeader?: string | undefined;
}

/** A part of a provider's API with its own key placement (see {@link ProviderDefinition.routes}). */
export interface ProviderRoute {
  /** The name users override it by in `routeStrategies`, e.g. `chat`. */
  name: string;
  /**
   * The path it covers, relative to the base URL and ending in `/`; it may climb out of the base
   * path, e.g. `../v7/llm/` beside ModelsLab's `https://modelslab.com/api/v6`.
   */
  path: string;
  /** Builds the route's default strategy around the client's key source. */
  defaultStrategy(key: KeySource): AuthStrategy;
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
  return createTransport(transportOptionsFor(options, definition, strategiesFor(options, definition)));
}

/**
 * The base of every ready-made client: the transport, `request()` for any endpoint the client
 * does not wrap yet, and `withOptions()` for a client with other defaults.
 */
export class ProviderClient<Options extends ProviderClientOptions = ProviderClientOptions> {
  /** The transport every resource of this client sends through. */
  protected readonly transport: Transport;
  readonly #options: Options;
  readonly #strategies: Strategies;
  readonly #definition: ProviderDefinition;
  readonly #keyless = new Map<string, Transport>();

  /**
   * @param options The client's options.
   * @param definition The provider's defaults.
   */
  constructor(options: Options, definition: ProviderDefinition) {
    this.#options = { ...options };
    this.#definition = definition;
    this.#strategies = strategiesFor(options, definition);
    this.transport = createTransport(transportOptionsFor(options, definition, this.#strategies));
  }

  /**
   * Calls any endpoint of the provider through keygate: the same strategy, redirect guard,
   * retries, deadlines, errors and logs as the wrapped methods. Use it for an endpoint the
   * client does not wrap yet; pass a valibot `schema` to type and check the answer.
   *
   * @param call `method`, `path` (relative to the base URL), `query`, `json` or `form`,
   *   `schema`, and any per-call option (`signal`, `timeout`, `maxRetries`, `headers`).
   * @returns The answer's body (validated by `schema`); `.withResponse()` adds status, headers, request id.
   * @example
   * ```ts no-run
   * const page = await client.request({ method: 'GET', path: 'indexes', query: { page_limit: 5 } });
   * ```
   */
  request<T = unknown>(call: TransportRequest<T>): ApiPromise<T> {
    return this.transport.request(call);
  }

  /**
   * Calls an endpoint whose answer streams, through the same guarantees as {@link request} up to
   * the answer's headers; the body is then read as it arrives, `timeout` bounding each wait for
   * the next chunk. Pair it with `readJsonLines` for NDJSON.
   *
   * @param call As for {@link request}, without `schema`.
   * @returns The answer's bytes, readable once, and its status, headers and request id.
   * @example
   * ```ts no-run
   * const answer = await client.stream({ method: 'POST', path: 'analyze', json: { video_id, prompt, stream: true } });
   * for await (const line of readJsonLines(answer)) console.log(line);
   * ```
   */
  stream(call: StreamRequest): Promise<ResponseStream> {
    return this.transport.stream(call);
  }

  /**
   * A transport to another origin that never carries the key: for URLs the provider hands out
   * with their own credential (presigned object-storage URLs for uploads). It shares this
   * client's fetch, dispatcher, timeout, retries, response cap and observability; not its
   * strategy, key or headers. Long query values (signatures) are concealed in errors and logs.
   * One transport per origin is kept.
   *
   * Since the origin comes from an answer, not from you, a loopback origin is refused unless
   * this client's own base URL is on loopback (a simulator): a hostile answer must not turn an
   * upload into a request to a service on this machine.
   *
   * @param origin The other origin: HTTPS, or HTTP on loopback.
   * @param options `provider`: the display name for its messages (e.g. `TwelveLabs storage`);
   *   `classify`: reads its error answers.
   * @returns The transport; its paths may carry the URL's own query string.
   * @throws {ConfigurationError} For an origin that is not HTTPS, or loopback from a remote API.
   */
  protected keylessTransport(
    origin: string,
    options: { provider?: string | undefined; classify?: ClassifyResponse | undefined } = {},
  ): Transport {
    const provider = options.provider ?? this.#definition.provider;
    const key = `${provider}\n${origin}`;
    const existing = this.#keyless.get(key);
    if (existing !== undefined) return existing;
    const target = parseBaseUrl(origin, provider);
    if (isLoopbackHost(target.hostname) && !isLoopbackHost(this.transport.baseUrl.hostname)) {
      throw new ConfigurationError(
        `${provider}: refusing ${target.protocol}//${target.host}, a loopback address handed out by an API that is not on loopback.`,
        { provider: providerIdOf(this.#definition) },
      );
    }
    const {
      fetch,
      dispatcher,
      timeout,
      maxRetries,
      maxResponseBytes,
      logger,
      logLevel,
      hooks,
      openTelemetry,
    } = this.#options;
    const transport = createTransport({
      provider,
      providerId: providerIdOf(this.#definition),
      baseUrl: origin,
      strategy: new NoKeyStrategy(),
      classify: options.classify,
      fetch,
      dispatcher,
      timeout,
      maxRetries,
      maxResponseBytes,
      logger,
      logLevel,
      hooks,
      openTelemetry,
    });
    // Presigned hosts are few (one bucket, perhaps a region or two); the bound keeps a hostile
    // answer naming many hosts from growing the map.
    if (this.#keyless.size >= 16) this.#keyless.clear();
    this.#keyless.set(key, transport);
    return transport;
  }

  /**
   * A client of the same provider with other defaults, e.g. a shorter timeout for one code
   * path. What is not given is kept: the strategy (and so the key source and its refresh
   * state), the fetch and dispatcher (and so the connection pool). `headers` are merged over
   * the current ones. Passing `apiKey` replaces the key for the new client (on every route whose
   * strategy is not in `routeStrategies`); passing `strategy` replaces the default strategy and
   * keeps the routes' ones.
   *
   * @param options The defaults to change.
   * @returns A new client; this one is unchanged.
   */
  withOptions(options: Partial<Options>): this {
    const merged: ProviderClientOptions = { ...this.#options, ...options };
    if (options.apiKey !== undefined) delete merged.strategy;
    else {
      // The key stays: the strategies holding it (and their refresh state) are reused.
      delete merged.apiKey;
      merged.strategy = options.strategy ?? this.#strategies.main;
      merged.routeStrategies = { ...this.#strategies.routes, ...options.routeStrategies };
    }
    if (options.headers !== undefined && this.#options.headers !== undefined) {
      const headers = new Headers(this.#options.headers);
      for (const [name, value] of new Headers(options.headers)) headers.set(name, value);
      merged.headers = headers;
    }
    const Client = this.constructor as new (options: ProviderClientOptions) => this;
    return new Client(merged);
  }
}

/** The client's strategies: the default one, and one per route of the provider. */
interface Strategies {
  readonly main: AuthStrategy;
  readonly routes: Readonly<Record<string, AuthStrategy>>;
}

function strategiesFor(options: ProviderClientOptions, definition: ProviderDefinition): Strategies {
  const { provider } = definition;
  const providerId = providerIdOf(definition);
  if (options.apiKey !== undefined && options.strategy !== undefined) {
    throw new ConfigurationError(
      `${provider}: pass either \`apiKey\` or \`strategy\`, not both: a custom strategy places the key itself.`,
      { provider: providerId },
    );
  }
  const routes = definition.routes ?? [];
  const overrides = checkRouteStrategies(options.routeStrategies, routes, provider, providerId);
  // One key source for every placement: the same key, read the same way, wherever it goes.
  let key: KeySource | undefined;
  const keySource = () => {
    key ??=
      options.apiKey ?? fromEnv(definition.env, { option: 'apiKey', aliases: definition.envAliases ?? [] });
    return key;
  };
  // With a custom `strategy` there is no key to place elsewhere: a route without its own strategy
  // refuses its calls rather than reach for the environment, which may hold another key.
  const routeDefault = (route: ProviderRoute) =>
    options.strategy === undefined
      ? route.defaultStrategy(keySource())
      : new NoStrategyForRoute(provider, providerId, route.name);
  return {
    main: options.strategy ?? definition.defaultStrategy(keySource()),
    routes: Object.fromEntries(
      routes.map((route) => [route.name, overrides[route.name] ?? routeDefault(route)]),
    ),
  };
}

/** The strategy of a route a client with a custom `strategy` was given none for. */
class NoStrategyForRoute implements AuthStrategy {
  readonly name = 'none';
  readonly #message: string;
  readonly #providerId: string;

  constructor(provider: string, providerId: string, route: string) {
    this.#message =
      `${provider}: this client has a custom \`strategy\` and no strategy for its "${route}" route, which wants the ` +
      `key elsewhere. Pass \`routeStrategies: { ${route}: ... }\` too (or \`apiKey\` instead of \`strategy\`).`;
    this.#providerId = providerId;
  }

  authenticate(): Promise<void> {
    return Promise.reject(new ConfigurationError(this.#message, { provider: this.#providerId }));
  }
}

function checkRouteStrategies(
  value: unknown,
  routes: readonly ProviderRoute[],
  provider: string,
  providerId: string,
): Readonly<Record<string, AuthStrategy>> {
  if (value === undefined) return {};
  const names = routes.map((route) => route.name);
  const known =
    names.length === 0 ? 'it has none' : `its routes are ${names.map((name) => `"${name}"`).join(', ')}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(
      `${provider}: \`routeStrategies\` must be an object of route name → AuthStrategy; ${known}.`,
      {
        provider: providerId,
      },
    );
  }
  for (const [name, strategy] of Object.entries(value)) {
    if (!names.includes(name)) {
      throw new ConfigurationError(
        `${provider}: \`routeStrategies\` names the route ${JSON.stringify(name.slice(0, 50))}, which ${provider} does not have; ${known}.`,
        { provider: providerId },
      );
    }
    if (typeof (strategy as AuthStrategy | undefined)?.authenticate !== 'function') {
      throw new ConfigurationError(
        `${provider}: \`routeStrategies.${name}\` must be an AuthStrategy with an authenticate method.`,
        { provider: providerId },
      );
    }
  }
  return value as Record<string, AuthStrategy>;
}

/**
 * The strategy the transport uses: the default one, or, for a provider with routes, a
 * {@link RouteStrategy} that hands each route's requests to the route's strategy.
 */
function composeStrategy(
  strategies: Strategies,
  definition: ProviderDefinition,
  baseUrl: string | URL,
): AuthStrategy {
  const routes = definition.routes ?? [];
  if (routes.length === 0) return strategies.main;
  let base: URL;
  try {
    base = parseBaseUrl(baseUrl, definition.provider);
  } catch {
    // createTransport refuses the base URL with its own message.
    return strategies.main;
  }
  return new RouteStrategy({
    fallback: strategies.main,
    routes: routes.map((route) => ({
      pathPrefix: new URL(route.path, base).pathname,
      strategy: strategies.routes[route.name] ?? strategies.main,
    })),
  });
}

function transportOptionsFor(
  options: ProviderClientOptions,
  definition: ProviderDefinition,
  strategies: Strategies,
): TransportOptions {
  const { provider } = definition;
  const { routeStrategies: _routes, ...rest } = options;
  const baseUrl = options.baseUrl ?? baseUrlFromEnv(definition) ?? definition.baseUrl;
  return {
    ...rest,
    provider,
    providerId: providerIdOf(definition),
    baseUrl,
    strategy: composeStrategy(strategies, definition, baseUrl),
    classify: definition.classify,
    reportsError: definition.reportsError,
    idempotencyHeader: definition.idempotencyHeader,
    keyMaxAgeDays: options.keyMaxAgeDays ?? definition.keyMaxAgeDays,
  };
}

function providerIdOf(definition: ProviderDefinition): string {
  return definition.id ?? providerIdFor(definition.provider);
}

/** The base URL variable, checked like the option, with a message that names the variable. */
function baseUrlFromEnv(definition: ProviderDefinition): string | undefined {
  const name = definition.baseUrlEnv;
  const value = name === undefined ? undefined : process.env[name];
  if (value === undefined || value === '') return undefined;
  try {
    parseBaseUrl(value, definition.provider);
  } catch (error) {
    const reason = error instanceof KeygateError ? error.message.replace(`${definition.provider}: `, '') : '';
    throw new ConfigurationError(
      `${definition.provider}: the ${name} environment variable sets the base URL, and it is refused: ${reason} ` +
        'Fix or unset it, or pass `baseUrl`.',
      { provider: providerIdOf(definition) },
    );
  }
  return value;
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

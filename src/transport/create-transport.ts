import { ConfigurationError } from '../errors/configuration-error.js';
import type { KeygateError } from '../errors/keygate-error.js';
import type { AuthStrategy } from '../strategies/strategy.js';
import { attemptSignal } from './attempt.js';
import { type LoopSettings, runAttemptLoop } from './attempt-loop.js';
import { describeUrl, parseBaseUrl, resolvePath } from './base-url.js';
import type { CallPlan } from './call-plan.js';
import { checkCall, checkHeaders } from './check-call.js';
import type { ClassifyResponse } from './classify-response.js';
import { loadKy } from './load-ky.js';
import { redactError } from './redact.js';
import type { UploadProgressListener } from './upload-progress.js';
import { type ResponseSchema, validateResponse } from './validate-response.js';

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** The provider's display name, used in messages and `error.provider`, e.g. `'TwelveLabs'`. */
  provider: string;
  /** Where the API lives. HTTPS, or HTTP on loopback only. */
  baseUrl: string | URL;
  /** Where the key goes. */
  strategy: AuthStrategy;
  /**
   * Milliseconds one attempt may take, all of it: the strategy and its key source, connecting,
   * the response headers and the whole body. Each retry gets a fresh deadline.
   * @default 60_000
   */
  timeout?: number;
  /**
   * Retries after the first attempt: rate limits (for every method, waiting what the provider
   * asked, up to 60 s), and 408/5xx and connection failures for idempotent methods. `0` disables.
   * @default 2
   */
  maxRetries?: number;
  /**
   * The fetch to send with, e.g. a mock or one with a custom dispatcher. It must honour
   * `redirect: 'manual'`: an answer it got by following a redirect is refused with a `RedirectError`.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /** Headers sent on every request (never the key: that is the strategy's job). */
  headers?: HeadersInit;
  /** Turns provider-specific answers (including 2xx bodies that report errors) into error details. */
  classify?: ClassifyResponse;
  /**
   * On an `AuthenticationError`, ask the key source for a fresh key (key functions get
   * `{ refresh: true }`) and send the call once more: for keys that rotate, like TwelveLabs keys
   * every 90 days. Concurrent calls refused with the same key share one refresh. A plain string
   * key cannot change, so its 401 is reported at once.
   * @default false
   */
  refreshOnAuthError?: boolean;
  /**
   * The largest response body keygate reads, in bytes, for successes and errors alike.
   * @default 10_485_760 (10 MiB)
   */
  maxResponseBytes?: number;
}

/** The HTTP methods a transport sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** One call through a {@link Transport}. */
export interface TransportRequest<T> {
  method: HttpMethod;
  /** Relative to `baseUrl`, e.g. `indexes/abc`. Absolute URLs are refused. */
  path: string;
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON object body. The caller's object is never changed. */
  json?: Record<string, unknown>;
  /** A multipart body. */
  form?: FormData;
  /**
   * Send `form` as a streamed upload: sent once, redirects refused, so undici never keeps a copy
   * of the file in memory.
   */
  upload?: boolean;
  /** Validates the 2xx body; without it the parsed JSON is returned as `unknown`. */
  schema?: ResponseSchema<T>;
  /** Aborts the call (the attempt in progress or the wait before the next), with an {@link AbortError}. */
  signal?: AbortSignal;
  /** Overrides the per-attempt timeout for this call, in milliseconds. */
  timeout?: number;
  /** Receives the progress of a multipart body as it is sent. */
  onUploadProgress?: UploadProgressListener;
}

/** A configured client for one provider: one ky instance, one strategy, one error mapping. */
export interface Transport {
  /** The provider's display name. */
  readonly provider: string;
  /** The validated base URL (with a trailing slash). */
  readonly baseUrl: URL;
  /**
   * Sends a call and returns its validated body (`undefined` for an empty one).
   *
   * @param request The call.
   * @returns The parsed, validated body.
   * @throws {KeygateError} A subclass for every failure; never a ky or fetch error.
   */
  request<T = unknown>(request: TransportRequest<T>): Promise<T>;
}

const defaultTimeoutMs = 60_000;
const defaultMaxRetries = 2;
const defaultMaxResponseBytes = 10 * 1024 * 1024;

/**
 * Creates the transport a provider client sends through: it validates the base URL and the
 * options, and hands every call to the attempt loop, which lets the strategy place the key on
 * every attempt, sends it through ky (one attempt at a time), keeps the key away from other
 * origins, retries, maps every failure to a keygate error; then it validates the answer.
 *
 * @param options The provider, base URL, strategy and limits.
 * @returns The transport.
 * @throws {ConfigurationError} For an insecure base URL or bad options.
 * @example
 * ```ts
 * import { HeaderKeyStrategy, createTransport } from 'keygate';
 * const transport = createTransport({
 *   provider: 'TwelveLabs',
 *   baseUrl: 'https://api.twelvelabs.io/v1.3',
 *   strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
 * });
 * ```
 */
export function createTransport(options: TransportOptions): Transport {
  const provider = checkProvider(options.provider);
  const baseUrl = parseBaseUrl(options.baseUrl, provider);
  const { strategy } = options;
  if (typeof strategy?.authenticate !== 'function') {
    throw new ConfigurationError(
      `${provider}: \`strategy\` must be an AuthStrategy with an authenticate method.`,
      { provider },
    );
  }
  const timeout = checkInteger(options.timeout ?? defaultTimeoutMs, 'timeout', 1, 2_147_483_647, provider);
  const maxRetries = checkInteger(options.maxRetries ?? defaultMaxRetries, 'maxRetries', 0, 10, provider);
  const maxBytes = checkInteger(
    options.maxResponseBytes ?? defaultMaxResponseBytes,
    'maxResponseBytes',
    1,
    2 ** 32,
    provider,
  );
  const headers = checkHeaders(options.headers, provider, '`headers`');
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new ConfigurationError(`${provider}: \`fetch\` must be a function like globalThis.fetch.`, {
      provider,
    });
  }
  const customFetch = options.fetch;
  // ky gets no signal (it would combine it with its own through AbortSignal.any on every call);
  // the attempt's signal travels as an unknown option, which ky hands to fetch untouched.
  // The global fetch is looked up per request, so one installed later (a test's interceptor) is used.
  const sendWith = (request: Request, init?: { [attemptSignal]?: AbortSignal }) => {
    const signal = init?.[attemptSignal];
    const fetchInit: RequestInit | undefined = signal === undefined ? undefined : { signal };
    return customFetch === undefined ? globalThis.fetch(request, fetchInit) : customFetch(request, fetchInit);
  };
  // One ky instance per transport, made on the first request (see loadKy). It sends exactly one
  // attempt per call: no ky retry, no ky timeout, no HTTPError (the attempt loop owns all three).
  // `settings` is read synchronously once loaded, so later calls wait for nothing.
  let settings: LoopSettings | undefined;
  let loading: Promise<LoopSettings> | undefined;
  const loadSettings = (): Promise<LoopSettings> => {
    loading ??= loadKy().then(({ default: ky }) => {
      settings = {
        http: ky.create({
          retry: 0,
          timeout: false,
          throwHttpErrors: false,
          redirect: 'manual',
          fetch: sendWith as typeof fetch,
        }),
        maxBytes,
        classify: options.classify,
        timeoutMs: timeout,
        maxRetries,
        refreshOnAuthError: options.refreshOnAuthError === true,
        // The platform's fetch stops on the signal; a custom one might not, so it is also raced.
        trustSignal: customFetch === undefined,
      };
      return settings;
    });
    return loading;
  };

  async function request<T>(call: TransportRequest<T>): Promise<T> {
    const method = checkCall(call, provider);
    const plan = planCall(call, method);
    const shared = settings ?? (await loadSettings());
    const perCall = call.timeout === undefined ? shared : { ...shared, timeoutMs: call.timeout };
    const response = await runAttemptLoop(plan, perCall);
    if (call.schema === undefined) return response.body as T;
    const at = () => ({
      provider,
      target: `${plan.method} ${describeUrl(plan.url)}`,
      status: response.status,
    });
    try {
      return validateResponse(call.schema, response.body, at);
    } catch (error) {
      throw redactError(error as KeygateError, plan.secrets);
    }
  }

  // Most calls repeat a few paths: each is checked and resolved once, then only copied.
  const resolvedPaths = new Map<string, string>();
  function resolve(path: string): URL {
    const href = resolvedPaths.get(path);
    if (href !== undefined) return new URL(href);
    const url = resolvePath(baseUrl, path, provider);
    if (resolvedPaths.size >= 256) resolvedPaths.clear();
    resolvedPaths.set(path, url.href);
    return url;
  }

  /** Builds the call's plan; `checkCall` has already refused every malformed call. */
  function planCall(call: TransportRequest<unknown>, method: HttpMethod): CallPlan {
    const url = resolve(call.path);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const upload = call.upload === true;
    return {
      provider,
      strategy,
      method,
      url,
      headers,
      json: call.json,
      form: call.form,
      secrets: new Set<string>(),
      signal: call.signal,
      redirect: upload ? 'error' : 'manual',
      upload,
      onUploadProgress: call.onUploadProgress,
    };
  }

  return { provider, baseUrl, request };
}

function checkProvider(provider: unknown): string {
  if (typeof provider !== 'string' || provider.trim() === '') {
    throw new ConfigurationError('createTransport: `provider` must be a non-empty name, e.g. "TwelveLabs".');
  }
  return provider;
}

function checkInteger(value: unknown, name: string, min: number, max: number, provider: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`${provider}: \`${name}\` must be a whole number from ${min} to ${max}.`, {
      provider,
    });
  }
  return value;
}

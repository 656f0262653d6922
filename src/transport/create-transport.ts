import type { KyInstance, Options as KyOptions } from 'ky';
import { createApiError } from '../errors/classify-status.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isAuthenticationError } from '../errors/guards.js';
import type { AuthStrategy } from '../strategies/strategy.js';
import { authenticateAttempt, authenticateParts } from './authenticate-attempt.js';
import { describeUrl, parseBaseUrl, resolvePath } from './base-url.js';
import { type CallPlan, callPlanOf, callPlanOption } from './call-plan.js';
import { type KyModule, loadKy } from './load-ky.js';
import { readBodyText } from './read-body.js';
import { createRedirectGuard } from './redirect.js';
import { retryOptions, waitBeforeRetry } from './retry.js';
import { type ClassifyResponse, toKeygateError } from './to-keygate-error.js';
import type { UploadProgressListener } from './upload-progress.js';
import { parseJsonBody, type ResponseSchema, validateResponse } from './validate-response.js';

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** The provider's display name, used in messages and `error.provider`, e.g. `'TwelveLabs'`. */
  provider: string;
  /** Where the API lives. HTTPS, or HTTP on loopback only. */
  baseUrl: string | URL;
  /** Where the key goes. */
  strategy: AuthStrategy;
  /**
   * Milliseconds one attempt may take, headers and body.
   * @default 60_000
   */
  timeout?: number;
  /**
   * Retries after the first attempt (network failures and 408/429/5xx for idempotent methods,
   * 429 for POST). `0` disables retries.
   * @default 2
   */
  maxRetries?: number;
  /** The fetch to send with, e.g. a mock or one with a custom dispatcher. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Headers sent on every request (never the key: that is the strategy's job). */
  headers?: HeadersInit;
  /** Turns provider-specific answers (including 2xx bodies that report errors) into error details. */
  classify?: ClassifyResponse;
  /**
   * On an `AuthenticationError`, ask the key source again (key functions get `{ refresh: true }`)
   * and send the call once more: for keys that rotate, like TwelveLabs keys every 90 days.
   * @default false
   */
  refreshOnAuthError?: boolean;
  /**
   * The largest 2xx body keygate reads, in bytes.
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
   * Send `form` as a streamed upload: no retries and redirects refused, so undici never keeps a
   * copy of the file in memory.
   */
  upload?: boolean;
  /** Validates the 2xx body; without it the parsed JSON is returned as `unknown`. */
  schema?: ResponseSchema<T>;
  /** Aborts the call, with an {@link AbortError}. */
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
 * Creates the transport a provider client sends through: it validates the base URL, lets the
 * strategy place the key on every attempt, retries, refuses cross-origin redirects, maps every
 * failure to a keygate error and validates responses.
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
  const { strategy, classify } = options;
  if (typeof strategy?.authenticate !== 'function') {
    throw new ConfigurationError(
      `${provider}: \`strategy\` must be an AuthStrategy with an authenticate method.`,
      {
        provider,
      },
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
  const headers = new Headers(options.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  // One ky instance per transport, made on the first request (see loadKy).
  let http: Promise<KyInstance> | undefined;

  async function request<T>(call: TransportRequest<T>): Promise<T> {
    const secrets = new Set<string>();
    try {
      return await send(call, planCall(call, secrets, false));
    } catch (error) {
      if (!options.refreshOnAuthError || !isAuthenticationError(error) || call.signal?.aborted) throw error;
      // Once only: a key that is refused again is reported, not retried forever.
      return await send(call, planCall(call, secrets, true));
    }
  }

  async function send<T>(call: TransportRequest<T>, plan: CallPlan): Promise<T> {
    const timeoutMs =
      call.timeout === undefined
        ? timeout
        : checkInteger(call.timeout, 'timeout', 1, 2_147_483_647, provider);
    try {
      http ??= loadKy().then((ky) => createKy(ky, fetchImpl, timeout, maxRetries));
      const client = await http;
      // The first attempt is authenticated here and handed to ky as URL and options, so ky builds
      // the only Request; retries are re-authenticated in the beforeRetry hook. Only what differs
      // from the instance defaults is passed: ky merges per-call options key by key.
      const { url, init } = await authenticateParts(plan, call.signal);
      const kyOptions: KyOptions & Record<string, unknown> = {
        method: init.method,
        headers: init.headers,
        [callPlanOption]: plan,
      };
      if (init.body !== undefined) kyOptions.body = init.body;
      if (call.signal !== undefined) kyOptions.signal = call.signal;
      if (timeoutMs !== timeout) kyOptions.timeout = timeoutMs;
      // Uploads: one attempt (a retry would need a buffered copy) and the plan's redirect mode.
      if (call.upload) kyOptions.retry = retryOptions(0);
      if (plan.redirect !== 'manual') kyOptions.redirect = plan.redirect;
      const response = await client(url, kyOptions);
      const at = { provider, target: `${plan.method} ${describeUrl(plan.url)}`, status: response.status };
      const text = await readBodyText(response, { provider, maxBytes, timeoutMs });
      const body = parseJsonBody(text, response.headers.get('content-type'), at);
      const errorResponse = {
        provider,
        status: response.status,
        statusText: response.statusText,
        method: plan.method,
        url: describeUrl(plan.url),
        headers: response.headers,
        // Given as parsed: an error the classifier builds from it is scrubbed on its way out.
        body,
      };
      const details = classify?.(errorResponse);
      if (details !== undefined) throw createApiError(errorResponse, { kind: 'api', ...details });
      return call.schema === undefined ? (body as T) : validateResponse(call.schema, body, at);
    } catch (error) {
      throw toKeygateError(error, { plan, timeoutMs, signal: call.signal, classify });
    }
  }

  function planCall(call: TransportRequest<unknown>, secrets: Set<string>, refreshKey: boolean): CallPlan {
    const method = String(call.method).toUpperCase();
    if (call.json !== undefined && call.form !== undefined) {
      throw new ConfigurationError(`${provider}: a request has either a JSON body or a form, not both.`, {
        provider,
      });
    }
    if (call.upload && call.form === undefined) {
      throw new ConfigurationError(`${provider}: an upload needs a multipart form.`, { provider });
    }
    const url = resolvePath(baseUrl, call.path, provider);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return {
      provider,
      strategy,
      method,
      url,
      headers,
      json: call.json,
      form: call.form,
      secrets,
      signal: call.signal,
      refreshKey,
      redirect: call.upload ? 'error' : 'manual',
      onUploadProgress: call.onUploadProgress,
    };
  }

  return { provider, baseUrl, request };
}

/** The one ky instance of a transport; every call passes its plan through ky's options. */
function createKy(
  { default: ky }: KyModule,
  fetchImpl: typeof fetch,
  timeout: number,
  maxRetries: number,
): KyInstance {
  return ky.create({
    timeout,
    retry: retryOptions(maxRetries),
    throwHttpErrors: true,
    // keygate follows redirects itself (see createRedirectGuard); uploads override this with 'error'.
    redirect: 'manual',
    fetch: createRedirectGuard(fetchImpl) as typeof fetch,
    hooks: {
      beforeRetry: [
        async ({ request, options, error, retryCount }) => {
          const plan = callPlanOf(options);
          if (plan === undefined) return undefined;
          await waitBeforeRetry({ error, retryCount }, plan.signal);
          // A fresh attempt: the strategy runs again, so a rotated key applies to the retry.
          return authenticateAttempt(plan, request.signal);
        },
      ],
    },
  });
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

import type { ObservabilityOptions } from '../observability/options.js';
import type { AuthStrategy } from '../strategies/strategy.js';
import type { ApiPromise } from './api-promise.js';
import type { ClassifyResponse } from './classify-response.js';
import type { ResponseStream } from './response-stream.js';
import type { UploadProgressListener } from './upload-progress.js';
import type { ResponseSchema } from './validate-response.js';

/**
 * An undici dispatcher, as Node's fetch accepts it in its `dispatcher` init field. Typed by its
 * shape so that keygate's types need no undici import.
 */
export interface Dispatcher {
  dispatch(...args: never[]): unknown;
}

/** Options of `createTransport`. Optional fields accept `undefined` (as "not set"). */
export interface TransportOptions extends ObservabilityOptions {
  /** The provider's display name, used in messages, e.g. `'TwelveLabs'`. */
  provider: string;
  /**
   * The provider's id: `error.provider`, log fields and span attributes use it.
   * @default the display name in lower case without spaces or punctuation (`'twelvelabs'`)
   */
  providerId?: string | undefined;
  /** Where the API lives. HTTPS, or HTTP on loopback only. */
  baseUrl: string | URL;
  /** Where the key goes. */
  strategy: AuthStrategy;
  /**
   * Milliseconds one attempt may take, all of it: the strategy and its key source, connecting,
   * the response headers and the whole body. Each retry gets a fresh deadline.
   * @default 60_000
   */
  timeout?: number | undefined;
  /**
   * Retries after the first attempt: rate limits (for every method, waiting what the provider
   * asked, up to 60 s), and 408/5xx and connection failures for idempotent methods (and for
   * calls sent with an idempotency key). `0` disables.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * The fetch to send with, e.g. a mock. It must honour `redirect: 'manual'`: an answer it got
   * by following a redirect is refused with a `RedirectError`.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch | undefined;
  /**
   * An undici `Dispatcher` handed to fetch on every request: a `ProxyAgent` or
   * `EnvHttpProxyAgent` for a proxy (Node's fetch ignores `HTTPS_PROXY` unless Node runs with
   * `NODE_USE_ENV_PROXY=1`), or an `Agent` with its own connection limits. keygate never creates
   * one; calls share whatever pool it holds.
   */
  dispatcher?: Dispatcher | undefined;
  /**
   * Headers sent on every request (never the key: that is the strategy's job).
   * `user-agent` defaults to `keygate/<version> node/<version>`.
   */
  headers?: HeadersInit | undefined;
  /** Turns provider-specific answers (including 2xx bodies that report errors) into error details. */
  classify?: ClassifyResponse | undefined;
  /**
   * For a provider that reports errors inside some 2xx bodies (ModelsLab's `status: "error"`):
   * returns `false` for a body that reports none, which then skips `classify`. Anything else, or
   * a throw, sends the body to `classify`, as happens to every 2xx body without this option.
   * `classify` gets a scrubbed, bounded copy of the body, made when it reads `body`; this gets
   * the parsed body unscrubbed, as the provider sent it, so it must only answer: keep nothing,
   * log nothing.
   * @default every 2xx body goes to `classify`
   */
  reportsError?: ((body: unknown) => boolean) | undefined;
  /**
   * On an `AuthenticationError`, ask the key source for a fresh key (key functions get
   * `{ refresh: true }`) and send the call once more: for keys that rotate, like TwelveLabs keys
   * every 90 days. Concurrent calls refused with the same key share one refresh. A plain string
   * key cannot change, so its 401 is reported at once.
   * @default false
   */
  refreshOnAuthError?: boolean | undefined;
  /**
   * How many days the provider's keys live (TwelveLabs: 90), for expiry warnings about keys whose
   * source knows `issuedAt` but not `maxAgeDays`. The provider clients set it.
   */
  keyMaxAgeDays?: number | undefined;
  /**
   * The largest response body keygate reads, in bytes, for successes and errors alike.
   * @default 10_485_760 (10 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * The header that carries a call's `idempotencyKey`, for providers that de-duplicate by one
   * (`Idempotency-Key` in the IETF draft). Without it, a call with an `idempotencyKey` is refused.
   */
  idempotencyHeader?: string | undefined;
}

/** The HTTP methods a transport sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/**
 * What can be set per call, on every resource method (its last argument) and on
 * `client.request()`. Each overrides the client's default for this call only.
 */
export interface CallOptions {
  /** Aborts the call (the attempt in progress or the wait before the next), with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds one attempt of this call may take. */
  timeout?: number | undefined;
  /** Retries after the first attempt, for this call. */
  maxRetries?: number | undefined;
  /** Headers for this call, over the client's (the strategy still places the key last). */
  headers?: HeadersInit | undefined;
}

/** {@link CallOptions} with an idempotency key, for transports that have an `idempotencyHeader`. */
export interface IdempotentCallOptions extends CallOptions {
  /**
   * Sent in the transport's `idempotencyHeader`, the same on every retry; it makes a POST safe
   * to retry after a connection failure or a 5xx, because the provider de-duplicates it.
   */
  idempotencyKey?: string | undefined;
}

/** One call through a {@link Transport}. */
export interface TransportRequest<T> extends IdempotentCallOptions {
  method: HttpMethod;
  /** Relative to `baseUrl`, e.g. `indexes/abc`. Absolute URLs are refused. */
  path: string;
  /** Query parameters; `undefined` values are left out, and a list is sent as repeated keys. */
  query?:
    | Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>
    | undefined;
  /** A JSON object body. The caller's object is never changed. */
  json?: Record<string, unknown> | undefined;
  /** A multipart body. */
  form?: FormData | undefined;
  /**
   * Raw bytes, sent as they are with their exact `content-length` (e.g. a slice of
   * `fs.openAsBlob(path)`, streamed from disk as it is sent, never held whole). Its `type`, if
   * any, is the content type. A Blob can be read again, so the call is retried like any other of
   * its method. Strategies see no body: a body key cannot go here.
   */
  body?: Blob | undefined;
  /**
   * Send `form` as a streamed upload: sent once, redirects refused, so undici never keeps a copy
   * of the file in memory.
   */
  upload?: boolean | undefined;
  /**
   * Marks a call that changes nothing at the provider although its method is not idempotent
   * (a POST that only reads, like ModelsLab's `fetch`), so it is retried like a GET after a
   * connection failure or a transient 5xx.
   */
  safeToRetry?: boolean | undefined;
  /** Validates the 2xx body; without it the parsed JSON is returned as `unknown`. */
  schema?: ResponseSchema<T> | undefined;
  /** Receives the progress of a multipart body as it is sent. */
  onUploadProgress?: UploadProgressListener | undefined;
}

/**
 * A call whose 2xx body is read as it arrives (`transport.stream`): a {@link TransportRequest}
 * without a schema, since the body is not parsed by the transport.
 */
export type StreamRequest = Omit<TransportRequest<never>, 'schema'>;

/** A configured client for one provider: one ky instance, one strategy, one error mapping. */
export interface Transport {
  /** The provider's display name. */
  readonly provider: string;
  /** The provider's id, as in `error.provider`. */
  readonly providerId: string;
  /** The validated base URL (with a trailing slash). */
  readonly baseUrl: URL;
  /**
   * Sends a call and returns its validated body (`undefined` for an empty one); `.withResponse()`
   * on the result also gives the answer's status, headers and request id.
   *
   * @param request The call, or a function that builds it (what it throws rejects the call,
   *   with `error.provider` set, as every other error of the call).
   * @returns The parsed, validated body.
   * @throws {KeygateError} A subclass for every failure; never a ky or fetch error.
   */
  request<T = unknown>(request: TransportRequest<T> | (() => TransportRequest<T>)): ApiPromise<T>;
  /**
   * Sends a call whose answer streams (server-sent lines, NDJSON): retries, key refresh, the
   * redirect guard and error answers work as for {@link request}, up to the 2xx headers; then the
   * body is handed over unread. While it streams, `timeout` bounds each wait for the next chunk.
   *
   * @param request The call, or a function that builds it.
   * @returns The answer's bytes, readable once.
   * @throws {KeygateError} As {@link request}, for every failure before the body.
   */
  stream(request: StreamRequest | (() => StreamRequest)): Promise<ResponseStream>;
}

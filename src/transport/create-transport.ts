import { ConfigurationError } from '../errors/configuration-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import type { Observer } from '../observability/call-trace.js';
import { createObserver } from '../observability/observer.js';
import { keygateVersion } from '../version.js';
import { AnswerSummary } from './answer-summary.js';
import { ApiPromise, type WithResponse } from './api-promise.js';
import { type LoopSettings, runAttemptLoop } from './attempt-loop.js';
import { describeUrl, parseBaseUrl, resolvePath } from './base-url.js';
import { type CheckedCallOptions, checkCallOptions, checkWholeNumber } from './call-options.js';
import type { CallPlan } from './call-plan.js';
import { checkCall, checkHeaders } from './check-call.js';
import { loadKy } from './load-ky.js';
import { redactError } from './redact.js';
import { type ResponseStream, StreamedBody } from './response-stream.js';
import { idempotentMethods } from './retry-policy.js';
import {
  checkIdempotencyHeader,
  checkProvider,
  checkProviderId,
  checkReportsError,
  fetchFor,
} from './transport-setup.js';
import type {
  HttpMethod,
  StreamRequest,
  Transport,
  TransportOptions,
  TransportRequest,
} from './transport-types.js';
import { validateResponse } from './validate-response.js';

const defaultTimeoutMs = 60_000;
const defaultMaxRetries = 2;
const defaultMaxResponseBytes = 10 * 1024 * 1024;
const userAgent = `keygate/${keygateVersion} node/${process.versions.node}`;

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
  const providerId = checkProviderId(options.providerId, provider);
  try {
    return buildTransport(options, provider, providerId);
  } catch (error) {
    if (error instanceof KeygateError) error.provider = providerId;
    throw error;
  }
}

function buildTransport(options: TransportOptions, provider: string, providerId: string): Transport {
  const baseUrl = parseBaseUrl(options.baseUrl, provider);
  const { strategy } = options;
  if (typeof strategy?.authenticate !== 'function') {
    throw new ConfigurationError(
      `${provider}: \`strategy\` must be an AuthStrategy with an authenticate method.`,
      { provider: providerId },
    );
  }
  const timeout = checkWholeNumber(
    options.timeout ?? defaultTimeoutMs,
    'timeout',
    1,
    2_147_483_647,
    provider,
  );
  const maxRetries = checkWholeNumber(options.maxRetries ?? defaultMaxRetries, 'maxRetries', 0, 10, provider);
  const maxBytes = checkWholeNumber(
    options.maxResponseBytes ?? defaultMaxResponseBytes,
    'maxResponseBytes',
    1,
    2 ** 32,
    provider,
  );
  const headers = checkHeaders(options.headers, provider, '`headers`');
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (!headers.has('user-agent')) headers.set('user-agent', userAgent);
  const idempotencyHeader = checkIdempotencyHeader(options.idempotencyHeader, provider);
  const reportsError = checkReportsError(options.reportsError, provider);
  if (options.keyMaxAgeDays !== undefined) {
    checkWholeNumber(options.keyMaxAgeDays, 'keyMaxAgeDays', 1, 36_500, provider);
  }
  const sendWith = fetchFor(options, provider);
  const observer: Observer | undefined = createObserver(options, providerId);
  // One ky instance per transport, made on the first request (see loadKy). It sends exactly one
  // attempt per call: no ky retry, no ky timeout, no HTTPError (the attempt loop owns all three).
  // `settings` is read synchronously once loaded, so later calls wait for nothing.
  let settings: LoopSettings | undefined;
  let loading: Promise<LoopSettings> | undefined;
  const loadSettings = (): Promise<LoopSettings> => {
    loading ??= Promise.all([loadKy(), observer?.ready]).then(([{ default: ky }]) => {
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
        reportsError,
        timeoutMs: timeout,
        maxRetries,
        refreshOnAuthError: options.refreshOnAuthError === true,
        // Whether calls use the global fetch (see AttemptSettings.platformFetch).
        platformFetch: options.fetch === undefined,
      };
      return settings;
    });
    return loading;
  };

  function request<T>(call: TransportRequest<T> | (() => TransportRequest<T>)): ApiPromise<T> {
    return new ApiPromise(run(call));
  }

  // Promise chains rather than an async function: a call costs the loop's promise and no other.
  function run<T>(callOrBuild: TransportRequest<T> | (() => TransportRequest<T>)): Promise<WithResponse<T>> {
    // The first call waits for ky to load; every later one finds the settings ready.
    if (settings === undefined) {
      return loadSettings().then(
        () => run(callOrBuild),
        (error: unknown) => {
          throw endWithError(error, undefined);
        },
      );
    }
    const made: PlanHolder = {};
    try {
      const { call, plan, perCall } = prepare(callOrBuild, false, made, settings);
      return runAttemptLoop(plan, perCall).then(
        (response) => {
          try {
            const data =
              call.schema === undefined ? (response.body as T) : validated(call.schema, response, plan);
            plan.trace?.end({ attempts: plan.attempts, status: response.status, headers: response.headers });
            return { data, response: new AnswerSummary(response, plan.secrets) };
          } catch (error) {
            throw endWithError(error, plan);
          }
        },
        (error: unknown) => {
          throw endWithError(error, plan);
        },
      );
    } catch (error) {
      return rejectWith(() => endWithError(error, made.plan));
    }
  }

  async function stream(callOrBuild: StreamRequest | (() => StreamRequest)): Promise<ResponseStream> {
    const made: PlanHolder = {};
    try {
      const { plan, perCall } = prepare(callOrBuild, true, made, settings ?? (await loadSettings()));
      const response = await runAttemptLoop(plan, perCall);
      const { streamed } = response;
      if (streamed === undefined) throw new KeygateError('A streamed call came back without its stream.');
      const { trace, attempts } = plan;
      const { status, headers } = response;
      return new StreamedBody({ ...response, streamed }, plan, (error) =>
        trace?.end(error === undefined ? { attempts, status, headers } : { attempts, error }),
      );
    } catch (error) {
      throw endWithError(error, made.plan);
    }
  }

  function endWithError(error: unknown, plan: CallPlan | undefined): KeygateError {
    const owned = ownError(error, plan, providerId);
    plan?.trace?.end({ attempts: plan.attempts, error: owned });
    return owned;
  }

  /**
   * Checks and plans a call, and picks its limits. The plan is also left in `made`, for the
   * caller's error path. Synchronous: a call costs no extra promise on its way to the loop.
   */
  function prepare<T>(
    callOrBuild: TransportRequest<T> | (() => TransportRequest<T>),
    streamed: boolean,
    made: PlanHolder,
    loaded: LoopSettings,
  ): { call: TransportRequest<T>; plan: CallPlan; perCall: LoopSettings } {
    const call = typeof callOrBuild === 'function' ? callOrBuild() : callOrBuild;
    const method = checkCall(call, provider);
    const callOptions = checkCallOptions(call, headers, provider, idempotencyHeader);
    const plan = planCall(call, method, callOptions, streamed);
    made.plan = plan;
    const perCall =
      call.timeout === undefined && callOptions.maxRetries === undefined
        ? loaded
        : {
            ...loaded,
            timeoutMs: call.timeout ?? loaded.timeoutMs,
            maxRetries: callOptions.maxRetries ?? loaded.maxRetries,
          };
    return { call, plan, perCall };
  }

  function validated<T>(
    schema: NonNullable<TransportRequest<T>['schema']>,
    response: { status: number; body: unknown },
    plan: CallPlan,
  ): T {
    const at = () => ({
      provider,
      target: `${plan.method} ${describeUrl(plan.url)}`,
      status: response.status,
    });
    return validateResponse(schema, response.body, at);
  }

  // Most calls repeat a few paths: each is checked and resolved once. The URL is shared by every
  // call to its path without a query (nothing mutates a plan's URL: a strategy gets a copy, a
  // redirect a new one), and copied for a call that adds a query.
  const resolvedPaths = new Map<string, URL>();
  function resolve(path: string): URL {
    const known = resolvedPaths.get(path);
    if (known !== undefined) return known;
    const url = resolvePath(baseUrl, path, provider);
    if (resolvedPaths.size >= 256) resolvedPaths.clear();
    resolvedPaths.set(path, url);
    return url;
  }

  /** Builds the call's plan; `checkCall` has already refused every malformed call. */
  function planCall(
    call: TransportRequest<unknown>,
    method: HttpMethod,
    callOptions: CheckedCallOptions,
    streamed: boolean,
  ): CallPlan {
    const url = withQuery(resolve(call.path), call.query);
    const upload = call.upload === true;
    const planHeaders = callOptions.headers ?? headers;
    const secrets = new Set<string>();
    const trace = observer?.start({
      provider: providerId,
      providerName: provider,
      method,
      url,
      headers: planHeaders,
      secrets,
    });
    return {
      provider,
      providerId,
      strategy,
      method,
      url,
      headers: planHeaders,
      json: call.json,
      form: call.form,
      binary: call.body,
      secrets,
      signal: call.signal,
      // A streamed body (a file, raw bytes) is sent with redirects refused: undici then keeps no copy of it.
      redirect: upload || call.body !== undefined ? 'error' : 'manual',
      upload,
      stream: streamed,
      idempotent: callOptions.idempotent || call.safeToRetry === true || idempotentMethods.has(method),
      attempts: 0,
      trace,
      onUploadProgress: call.onUploadProgress,
    };
  }

  return { provider, providerId, baseUrl, request, stream };
}

/**
 * The call's URL: the path's shared URL itself when the query adds nothing, otherwise a copy
 * with the query's parameters (arrays repeat the name; `undefined` values are left out).
 */
function withQuery(path: URL, query: TransportRequest<unknown>['query']): URL {
  if (query === undefined) return path;
  let url: URL | undefined;
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    url ??= new URL(path);
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, String(item));
    else url.searchParams.set(name, String(value));
  }
  return url ?? path;
}

/** Where `prepare` leaves the call's plan as soon as it exists, for the caller's error path. */
interface PlanHolder {
  plan?: CallPlan | undefined;
}

/**
 * Every error a call throws is a scrubbed KeygateError whose `provider` is the provider's id,
 * whichever layer made it (a resource's parameter check, the loop, the schema).
 */
function ownError(error: unknown, plan: CallPlan | undefined, providerId: string): KeygateError {
  const secrets = plan?.secrets ?? new Set<string>();
  const owned =
    error instanceof KeygateError
      ? error
      : new KeygateError(`A call to ${plan?.provider ?? providerId} failed unexpectedly. See the cause.`, {
          cause: error instanceof Error ? error : undefined,
        });
  owned.provider = providerId;
  return redactError(owned, secrets);
}

export { providerIdFor } from './transport-setup.js';

/**
 * A rejected promise with the error `make` builds, or with whatever `make` throws: `run`'s
 * synchronous part never throws (inside a `then` handler, a throw is a rejection already).
 */
function rejectWith(make: () => unknown): Promise<never> {
  try {
    return Promise.reject(make());
  } catch (error) {
    return Promise.reject(error);
  }
}

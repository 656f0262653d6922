import { ConfigurationError } from '../errors/configuration-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import { RedirectError } from '../errors/redirect-error.js';
import type { AttemptOutcomeListener, AuthRequest, KeyUse } from '../strategies/strategy.js';
import { describeUrl } from './base-url.js';
import type { CallPlan } from './call-plan.js';
import { serializeJson } from './check-call.js';
import type { AttemptDeadline } from './deadline.js';
import { encodeMultipart } from './multipart.js';
import { sanitizeCause } from './redact.js';
import type { Hop } from './redirect.js';
import { withUploadProgress } from './upload-progress.js';

/** One request of an attempt, authenticated and ready for ky. */
export interface BuiltRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: BodyInit | undefined;
  /** The attempt's signal: fetch stops the request and its body when it aborts. */
  signal: AbortSignal;
  /** What the strategy asked to be told about this request's outcome. */
  listeners: AttemptOutcomeListener[];
  /** The key the strategy said it placed (its fingerprint and age), when it said. */
  key: KeyUse | undefined;
}

/**
 * Authenticates one request of an attempt (the first, or a followed redirect's): copies the plan,
 * lets the strategy place the key under the attempt's deadline, then serialises the body once.
 *
 * @param plan The call's plan.
 * @param hop The method, URL and whether the body is sent.
 * @param deadline The attempt's deadline; the strategy gets its signal and is not waited for past it.
 * @param refreshKey Whether the previous attempt's key was refused and should be refreshed.
 * @returns The request's parts: synchronously when the strategy is (a plain string key), so
 *   the common case costs no promise.
 * @throws {ConfigurationError} When the strategy fails or moves the request to another origin.
 */
export function buildRequest(
  plan: CallPlan,
  hop: Hop,
  deadline: AttemptDeadline,
  refreshKey: boolean,
): BuiltRequest | Promise<BuiltRequest> {
  const authRequest = new AttemptAuthRequest(plan, hop, deadline.signal, refreshKey);
  let authenticated: void | Promise<void>;
  try {
    authenticated = plan.strategy.authenticate(authRequest);
  } catch (error) {
    return strategyFailed(error, plan, deadline);
  }
  // A synchronous strategy returns nothing: no promise to wait for, no race to set up.
  if (authenticated === undefined) return AttemptAuthRequest.finish(authRequest, plan, hop);
  return deadline.race(Promise.resolve(authenticated)).then(
    () => AttemptAuthRequest.finish(authRequest, plan, hop),
    (error: unknown) => strategyFailed(error, plan, deadline),
  );
}

function strategyFailed(error: unknown, plan: CallPlan, deadline: AttemptDeadline): never {
  if (deadline.stopReason !== undefined || error instanceof KeygateError) throw error;
  throw new ConfigurationError(
    `The "${plan.strategy.name}" auth strategy failed. See the cause for details.`,
    {
      provider: plan.provider,
      cause: sanitizeCause(error, plan.secrets),
    },
  );
}

/**
 * What a strategy gets for one request: copies of the plan's headers and body to place the key
 * in, and of the URL, made only for a strategy that reads it (a query key; header and body keys
 * never do). A class, so an attempt costs no object literal with closures over a dozen
 * variables; every field a strategy may read is an own enumerable property (a wrapper that
 * spreads the request keeps them all, `url` included), the callbacks are own functions
 * (callable detached), and what the transport keeps from the strategy is private.
 */
class AttemptAuthRequest implements AuthRequest {
  declare readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
  body: Record<string, unknown> | FormData | undefined;
  readonly refreshKey: boolean;
  readonly signal: AbortSignal;
  readonly provider: string;
  readonly conceal: (secret: string) => void;
  readonly onOutcome: (listener: AttemptOutcomeListener) => void;
  readonly useKey: (used: KeyUse) => void;
  readonly #listeners: AttemptOutcomeListener[] = [];
  #key: KeyUse | undefined;
  readonly #from: URL;
  #url: URL | undefined;

  // `url` as an own accessor, one shared descriptor: the copy is made on first read.
  static readonly #urlProperty: PropertyDescriptor = {
    get(this: AttemptAuthRequest): URL {
      // A copy: a query-key strategy adds its parameter here, never to the plan's URL.
      this.#url ??= new URL(this.#from);
      return this.#url;
    },
    enumerable: true,
  };

  constructor(plan: CallPlan, hop: Hop, signal: AbortSignal, refreshKey: boolean) {
    Object.defineProperty(this, 'url', AttemptAuthRequest.#urlProperty);
    this.#from = hop.url;
    this.method = hop.method;
    this.headers = new Headers(plan.headers);
    this.body = hop.withBody ? copyBody(plan) : undefined;
    this.refreshKey = refreshKey;
    this.signal = signal;
    this.provider = plan.providerId;
    this.conceal = (secret) => {
      if (typeof secret === 'string' && secret !== '') plan.secrets.add(secret);
    };
    this.onOutcome = (listener) => {
      if (typeof listener === 'function') this.#listeners.push(listener);
    };
    this.useKey = (used) => {
      if (typeof used?.fingerprint === 'string') this.#key = used;
    };
  }

  /**
   * The request the strategy finished: its URL (which must still be on the plan's origin),
   * headers and encoded body, with what it asked to be told and the key it said it placed.
   */
  static finish(request: AttemptAuthRequest, plan: CallPlan, hop: Hop): BuiltRequest {
    const { headers } = request;
    const url = request.#url;
    if (url !== undefined && url.origin !== plan.url.origin) {
      throw new ConfigurationError(
        `The "${plan.strategy.name}" auth strategy moved the request to another origin; strategies may add query ` +
          'parameters but not change where the key is sent.',
        { provider: plan.provider },
      );
    }
    return {
      url: url ?? hop.url,
      method: hop.method,
      headers,
      body: encodeBody(plan, request, hop.withBody),
      signal: request.signal,
      listeners: request.#listeners,
      key: request.#key,
    };
  }
}

function encodeBody(plan: CallPlan, request: AuthRequest, withBody: boolean): BodyInit | undefined {
  const { body, headers } = request;
  if (plan.binary !== undefined && withBody) return binaryBody(plan, plan.binary, headers);
  if (body === undefined) return undefined;
  if (body instanceof FormData) {
    // Encoded by keygate: a pulled stream with an exact length (see encodeMultipart).
    const multipart = encodeMultipart(body);
    headers.set('content-type', multipart.contentType);
    headers.set('content-length', String(multipart.length));
    return plan.onUploadProgress
      ? withUploadProgress(multipart.stream, multipart.length, plan.onUploadProgress)
      : multipart.stream;
  }
  headers.set('content-type', 'application/json');
  return serializeJson(body, plan.provider);
}

/**
 * Raw bytes, as a stream of the Blob with its exact length: undici would read a Blob body whole
 * into memory before sending it (its writeBlob), and object storage refuses a chunked upload. Each
 * attempt reads the Blob again, so a retry sends every byte.
 */
function binaryBody(plan: CallPlan, blob: Blob, headers: Headers): BodyInit {
  if (blob.type !== '' && !headers.has('content-type')) headers.set('content-type', blob.type);
  headers.set('content-length', String(blob.size));
  const stream = blob.stream();
  return plan.onUploadProgress === undefined
    ? stream
    : withUploadProgress(stream, blob.size, plan.onUploadProgress);
}

function copyBody(plan: CallPlan): Record<string, unknown> | FormData | undefined {
  if (plan.form !== undefined) {
    const form = new FormData();
    for (const [name, value] of plan.form) form.append(name, value);
    return form;
  }
  return plan.json === undefined ? undefined : { ...plan.json };
}

/**
 * Builds and authenticates one hop's request. A redirect that turned the call into a bodiless GET
 * leaves a body-key strategy nowhere to put the key: that is the redirect's doing, so it is
 * reported as one (never sent without a key). The mapping lives here, so the attempt's own path
 * holds no try/catch around the common case.
 *
 * @param plan The call's plan.
 * @param hop The method, URL and whether the body is sent.
 * @param deadline The attempt's deadline.
 * @param refreshKey Whether the previous attempt's key was refused.
 * @returns The request's parts (synchronously for a synchronous strategy).
 * @throws {ConfigurationError} When the strategy fails; {@link RedirectError} when it fails on a
 *   body a redirect took away.
 */
export function authenticateHop(
  plan: CallPlan,
  hop: Hop,
  deadline: AttemptDeadline,
  refreshKey: boolean,
): BuiltRequest | Promise<BuiltRequest> {
  if (hop.withBody) return buildRequest(plan, hop, deadline, refreshKey);
  try {
    const building = buildRequest(plan, hop, deadline, refreshKey);
    if (!(building instanceof Promise)) return building;
    return building.catch((error: unknown) => {
      throw bodilessRedirectError(error, plan, hop);
    });
  } catch (error) {
    throw bodilessRedirectError(error, plan, hop);
  }
}

// Called only for a hop that a redirect made bodiless (see authenticateHop).
function bodilessRedirectError(error: unknown, plan: CallPlan, hop: Hop): unknown {
  const hadBody = plan.json !== undefined || plan.form !== undefined;
  if (!(error instanceof ConfigurationError) || !hadBody) return error;
  return new RedirectError(
    `${plan.provider} redirected ${plan.method} ${describeUrl(plan.url)} in a way that turns it into a GET without a ` +
      `body; the "${plan.strategy.name}" strategy cannot authenticate that. Call the target path directly.`,
    { provider: plan.provider, location: hop.url.origin, cause: error },
  );
}

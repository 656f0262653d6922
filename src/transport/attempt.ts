import type { KyInstance, Options as KyOptions } from 'ky';
import { AbortError } from '../errors/abort-error.js';
import { createApiError, type ErrorResponse, retryAfterMsFromHeaders } from '../errors/classify-status.js';
import { KeygateError } from '../errors/keygate-error.js';
import { RedirectError } from '../errors/redirect-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { AttemptOutcomeListener, KeyUse } from '../strategies/strategy.js';
import { describeUrl } from './base-url.js';
import { authenticateHop, type BuiltRequest } from './build-attempt.js';
import type { CallPlan } from './call-plan.js';
import type { ClassifyResponse } from './classify-response.js';
import type { AttemptDeadline } from './deadline.js';
import { redactedExcerpt } from './excerpt.js';
import { attemptRequest, attemptRequestWithHeaders, globalFetchUnchanged } from './fetch-handoff.js';
import { loadedKy } from './load-ky.js';
import { readBodyText } from './read-body.js';
import { sanitizeCause } from './redact.js';
import { type Hop, redirectStep } from './redirect.js';
import { parseJsonBody } from './validate-response.js';

/** What one attempt needs besides the call's plan. */
export interface AttemptSettings {
  /** The transport's ky instance (retries and timeouts off: the loop owns them). */
  http: KyInstance;
  maxBytes: number;
  classify: ClassifyResponse | undefined;
  /** `false` for a 2xx body `classify` need not see (TransportOptions.reportsError). */
  reportsError: ((body: unknown) => boolean) | undefined;
  /**
   * `true` when no custom fetch was given: calls go through `globalThis.fetch`, which is trusted
   * to stop (request and body) when the attempt's signal aborts while it is the one keygate was
   * loaded with ({@link globalFetchUnchanged}). Any other fetch is also raced against the
   * deadline, in case it ignores the signal or drops its init.
   */
  platformFetch: boolean;
}

/** A successful answer: status, headers and the parsed (not yet validated) body. */
export interface CallResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: unknown;
  /**
   * For a streamed call (`transport.stream`): the unread body and the attempt's deadline, which
   * the stream now owns (it times each chunk and disposes of it when the stream ends).
   */
  streamed?:
    | {
        body: ReadableStream<Uint8Array> | null;
        deadline: AttemptDeadline;
        /** Whether the body stops by itself when the deadline's signal aborts (else it is raced). */
        stopsOnSignal: boolean;
      }
    | undefined;
}

/** How an attempt ended. Exactly one of `response`, `error` and `connectionCause` is set. */
export interface AttemptEnd {
  response?: CallResponse | undefined;
  /** The attempt's error (not yet scrubbed: the loop does that once, on its way out). */
  error?: KeygateError | undefined;
  /** Set when no answer arrived (reset, refused, DNS): the loop decides on a retry and the message. */
  connectionCause?: Error | undefined;
  /** The answer's status, when one arrived. */
  status?: number | undefined;
  /** The error answer's headers, when one arrived. */
  headers?: Headers | undefined;
  /** What `retry-after-ms` / `Retry-After` asked for, on an error answer. */
  headerWaitMs?: number | undefined;
  /** What the strategy asked to be told about the outcome. */
  listeners: AttemptOutcomeListener[];
  /** The key the attempt carried, as the strategy described it. */
  key?: KeyUse | undefined;
}

/**
 * Runs one attempt of a call under its deadline: authenticate, send through ky (one attempt, no
 * ky retry or timeout), follow same-origin redirects (re-authenticated), read the body within the
 * cap, and classify the answer. Never throws: every failure is described in the result, so the
 * attempt loop alone decides what happens next.
 *
 * @param plan The call's plan.
 * @param settings ky, the body cap and the provider's classifier.
 * @param deadline The attempt's deadline.
 * @param refreshKey Whether to ask for a fresh key (the previous key was refused).
 * @returns How the attempt ended.
 */
export async function runAttempt(
  plan: CallPlan,
  settings: AttemptSettings,
  deadline: AttemptDeadline,
  refreshKey: boolean,
): Promise<AttemptEnd> {
  let hop: Hop = { method: plan.method, url: plan.url, withBody: true };
  let listeners: AttemptOutcomeListener[] = [];
  let key: KeyUse | undefined;
  try {
    for (let hops = 0; ; hops++) {
      deadline.phase = 'key';
      const building = authenticateHop(plan, hop, deadline, refreshKey);
      const built = building instanceof Promise ? await building : building;
      listeners = built.listeners;
      key = built.key;
      plan.trace?.send(plan.attempts, built);
      deadline.phase = 'send';
      // Whether fetch stops on the attempt's signal by itself, or must also be raced (see
      // platformFetch). Asked again for the body: a fetch installed while the request was on its
      // way got the signal on its Request (see fetchFor), but may ignore it.
      let stopsOnSignal = settings.platformFetch && globalFetchUnchanged();
      const sent = send(settings, built, plan.redirect, stopsOnSignal);
      const response = await (stopsOnSignal ? sent : deadline.race(sent));
      stopsOnSignal &&= globalFetchUnchanged();
      const step = redirectStep(response, built.url, hop, plan.redirect, plan.provider, hops);
      if (step !== undefined) {
        await discard(response);
        if (step instanceof Error) throw step;
        hop = step;
        continue;
      }
      deadline.phase = 'body';
      if (plan.stream && response.status >= 200 && response.status < 300) {
        const { status, statusText, headers } = response;
        const streamed = { body: response.body, deadline, stopsOnSignal };
        return { response: { status, statusText, headers, body: undefined, streamed }, listeners, key };
      }
      const text = await readBodyText(response, plan.provider, settings.maxBytes, deadline, stopsOnSignal);
      return { ...interpret(plan, settings, response, text), listeners, key };
    }
  } catch (error) {
    return { ...failure(error, plan, deadline, hop), listeners, key };
  }
}

/**
 * The headers marked as ky's `replaceOption`: ky then copies them once, where merging them into
 * the instance's (empty) defaults builds two Headers and sets every entry again.
 */
function replaceHeaders(headers: Headers): Headers {
  const ky = loadedKy();
  return ky === undefined ? headers : ky.replaceOption(headers);
}

/** Drops an answer unread: a refused one, or a followed redirect's. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function send(
  settings: AttemptSettings,
  built: BuiltRequest,
  redirect: CallPlan['redirect'],
  loadTimeFetch: boolean,
) {
  // As few options as will do: ky merges per-call options into the instance's key by key, each
  // key copying the object built so far. GET is ky's default method, `manual` the instance's
  // redirect mode.
  const options: KyOptions & { [attemptRequest]?: BuiltRequest; [attemptRequestWithHeaders]?: BuiltRequest } =
    {};
  // The global fetch keygate loaded with gets the headers in its init (see fetch-handoff.ts);
  // every header keygate sends is set explicitly (content-type and content-length included), so
  // the `Request` ky builds lacks none that its body would add. Any other fetch gets them on the
  // `Request`, where it may read them.
  if (loadTimeFetch) options[attemptRequestWithHeaders] = built;
  else {
    options[attemptRequest] = built;
    options.headers = replaceHeaders(built.headers);
  }
  if (built.method !== 'GET') options.method = built.method;
  if (built.body !== undefined) options.body = built.body;
  if (redirect !== 'manual') options.redirect = redirect;
  return settings.http(built.url, options);
}

/** Turns an answer into a success or a classified error. */
function interpret(
  plan: CallPlan,
  settings: AttemptSettings,
  response: Response,
  text: string,
): Omit<AttemptEnd, 'listeners'> {
  const { status, headers } = response;
  if (status >= 200 && status < 300) {
    const body = parseJsonBody(text, headers, () => ({
      provider: plan.provider,
      target: `${plan.method} ${describeUrl(plan.url)}`,
      status,
    }));
    const success = { response: { status, statusText: response.statusText, headers, body } };
    if (settings.classify === undefined || !mayReportError(settings, body)) return success;
    // A provider may report an error inside a 2xx body (ModelsLab). Its classifier, like every
    // reader of a body keygate did not ask for, sees it scrubbed and bounded (see AnswerView).
    const view = new AnswerView(plan, response, body);
    const details = classifySafely(settings.classify, view);
    if (details === undefined) return success;
    return { error: createApiError(view.facts(), { kind: 'api', ...details }), status, headers };
  }
  const answer = new AnswerView(plan, response, parseErrorBody(text)).facts();
  const details = settings.classify === undefined ? undefined : classifySafely(settings.classify, answer);
  return {
    error: createApiError(answer, details),
    status,
    headers,
    headerWaitMs: retryAfterMsFromHeaders(headers),
  };
}

/**
 * The answer's facts for a classifier, with `body` (the scrubbed excerpt) and `url` computed on
 * first read: a classifier that decides by status alone costs no excerpt.
 */
class AnswerView implements ErrorResponse {
  readonly provider: string;
  readonly status: number;
  readonly statusText: string;
  readonly method: string;
  readonly headers: Headers;
  readonly #plan: CallPlan;
  readonly #parsed: unknown;
  #excerpt: unknown;
  #excerpted = false;

  constructor(plan: CallPlan, response: Response, parsed: unknown) {
    this.provider = plan.provider;
    this.status = response.status;
    this.statusText = response.statusText;
    this.method = plan.method;
    this.headers = response.headers;
    this.#plan = plan;
    this.#parsed = parsed;
  }

  get url(): string {
    return describeUrl(this.#plan.url);
  }

  get body(): unknown {
    if (!this.#excerpted) {
      this.#excerpt = redactedExcerpt(this.#parsed, this.#plan.secrets);
      this.#excerpted = true;
    }
    return this.#excerpt;
  }

  /** A plain copy, for building the error. */
  facts(): ErrorResponse {
    const { provider, status, statusText, method, url, headers, body } = this;
    return { provider, status, statusText, method, url, headers, body };
  }
}

/** Whether a 2xx body must go to the classifier: only a `false` from the predicate says no. */
function mayReportError(settings: AttemptSettings, body: unknown): boolean {
  if (settings.reportsError === undefined) return true;
  try {
    return settings.reportsError(body) !== false;
  } catch {
    return true;
  }
}

/** A classifier that throws on a hostile body must not turn an API error into an untyped one. */
function classifySafely(classify: ClassifyResponse, response: ErrorResponse) {
  try {
    return classify(response);
  } catch {
    return undefined;
  }
}

/** An error body as JSON when it is JSON, otherwise as text. */
function parseErrorBody(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Turns whatever an attempt threw into its end: a keygate error, or a connection failure. */
function failure(
  error: unknown,
  plan: CallPlan,
  deadline: AttemptDeadline,
  hop: Hop,
): Omit<AttemptEnd, 'listeners'> {
  const target = `${hop.method} ${describeUrl(hop.url)}`;
  if (deadline.stopReason === 'caller') return { error: abortedError(plan, hop) };
  if (deadline.stopReason === 'timeout') return { error: timeoutError(plan, deadline, target) };
  if (error instanceof KeygateError) return { error };
  const ky = loadedKy();
  const cause = sanitizeCause(ky?.isNetworkError(error) ? error.cause : error, plan.secrets);
  if (
    plan.redirect === 'error' &&
    causeChain(cause).some((link) => /redirect/i.test(link.message.slice(0, 200)))
  ) {
    return {
      error: new RedirectError(
        `${plan.provider} answered ${target} with a redirect. Uploads are sent with redirects turned off so the file ` +
          'streams from disk and the key cannot follow; call the final URL (set baseUrl) instead.',
        { provider: plan.provider, cause },
      ),
    };
  }
  if (ky?.isNetworkError(error) || error instanceof TypeError) return { connectionCause: cause };
  return {
    error: new KeygateError(`Calling ${plan.provider} for ${target} failed unexpectedly. See the cause.`, {
      provider: plan.provider,
      cause,
    }),
  };
}

/**
 * The caller's signal ended the call: during an attempt (the request it was on), or before or
 * between attempts (the planned request).
 *
 * @param plan The call's plan.
 * @param on The request in progress; the planned one by default.
 * @returns The error, its cause the signal's reason, scrubbed.
 */
export function abortedError(plan: CallPlan, on: Pick<Hop, 'method' | 'url'> = plan): AbortError {
  return new AbortError(
    `${on.method} ${describeUrl(on.url)} to ${plan.provider} was aborted by the caller's signal.`,
    {
      provider: plan.provider,
      cause: sanitizeCause(plan.signal?.reason, plan.secrets),
    },
  );
}

function timeoutError(plan: CallPlan, deadline: AttemptDeadline, target: string): TimeoutError {
  const { timeoutMs } = deadline;
  const options = { provider: plan.provider, timeoutMs, phase: deadline.phase };
  switch (deadline.phase) {
    case 'key':
      return new TimeoutError(
        `The "${plan.strategy.name}" auth strategy did not provide a key for ${target} within ${timeoutMs} ms. ` +
          'Check the key source (a secret store that does not answer?); it gets a signal that aborts at the deadline.',
        options,
      );
    case 'body':
      return new TimeoutError(
        `${plan.provider} did not finish sending the response body of ${target} within ${timeoutMs} ms. Raise \`timeout\` for slow calls.`,
        options,
      );
    default:
      return new TimeoutError(
        `${plan.provider} did not answer ${target} within ${timeoutMs} ms. Raise \`timeout\` for slow calls.`,
        options,
      );
  }
}

function causeChain(error: Error | undefined): Error[] {
  const chain: Error[] = [];
  for (let link: unknown = error; link instanceof Error && chain.length < 8; link = link.cause)
    chain.push(link);
  return chain;
}

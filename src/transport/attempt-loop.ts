import { ConnectionError } from '../errors/connection-error.js';
import { isApiError, isAuthenticationError, isRateLimitError } from '../errors/guards.js';
import type { KeygateError } from '../errors/keygate-error.js';
import { sleep } from '../sleep.js';
import type { AttemptOutcome, AttemptOutcomeListener } from '../strategies/strategy.js';
import {
  type AttemptEnd,
  type AttemptSettings,
  abortedError,
  type CallResponse,
  runAttempt,
} from './attempt.js';
import { describeUrl } from './base-url.js';
import type { CallPlan } from './call-plan.js';
import { AttemptDeadline } from './deadline.js';
import { redactError } from './redact.js';
import { decideApiRetry, decideConnectionRetry, type RetryDecision } from './retry-policy.js';

/** The loop's limits for one call. */
export interface LoopSettings extends AttemptSettings {
  /** The per-attempt deadline, in milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Whether a refused key is refreshed (once per call) and the call sent again. */
  refreshOnAuthError: boolean;
}

const stop: RetryDecision = { retry: false };

/**
 * The attempt loop: the only place in keygate that decides whether a call is sent again. Each
 * attempt runs under its own deadline ({@link AttemptDeadline}); after it, the loop tells the
 * strategy what happened to its key, then picks one of: return the answer; ask for a fresh key
 * and resend at once (a refused key, `refreshOnAuthError`, once per call); wait and retry (the
 * retry policy: rate limits for every method, transient statuses and connection failures for
 * idempotent ones, within `maxRetries`); or throw the attempt's error, scrubbed.
 *
 * @param plan The call's plan.
 * @param settings ky, limits and the provider's classifier.
 * @returns The successful answer.
 * @throws {KeygateError} The last attempt's error, scrubbed of every concealed key.
 */
export async function runAttemptLoop(plan: CallPlan, settings: LoopSettings): Promise<CallResponse> {
  const { signal, trace } = plan;
  const state: LoopState = { retries: 0, refreshUsed: false, refreshKey: false };
  for (let attempts = 1; ; attempts++) {
    if (signal?.aborted) throw abortedError(plan);
    plan.attempts = attempts;
    const deadline = new AttemptDeadline(settings.timeoutMs, signal);
    let end: AttemptEnd | undefined;
    try {
      end = await runAttempt(plan, settings, deadline, state.refreshKey);
    } finally {
      // A streamed answer's body is still arriving: its stream disposes of the deadline.
      if (end?.response?.streamed === undefined) deadline.dispose();
    }
    const { response } = end;
    if (response !== undefined) {
      if (end.listeners.length > 0) tell(end.listeners, outcomeOf(end, undefined, false));
      trace?.attemptEnd(attempts, response);
      return response;
    }
    const waitMs = afterFailedAttempt(plan, settings, end, attempts, state);
    if (waitMs !== undefined) await sleep(waitMs, signal);
  }
}

/** What the loop carries from one attempt to the next. */
interface LoopState {
  retries: number;
  /** Whether this call has already asked for a fresh key (once per call). */
  refreshUsed: boolean;
  /** Whether the next attempt asks for a fresh key. */
  refreshKey: boolean;
}

/**
 * Decides what follows an attempt that ended without an answer to return, out of the loop's
 * common path: tells the strategy, then either asks for a fresh key (resend at once:
 * `undefined`), or retries (the wait, in milliseconds), or throws the call's error, scrubbed.
 */
function afterFailedAttempt(
  plan: CallPlan,
  settings: LoopSettings,
  end: AttemptEnd,
  attempts: number,
  state: LoopState,
): number | undefined {
  const { trace } = plan;
  const error = end.error === undefined ? undefined : redactError(end.error, plan.secrets);
  if (error !== undefined && end.key !== undefined) error.keyFingerprint ??= end.key.fingerprint;
  trace?.attemptEnd(attempts, { status: end.status, headers: end.headers, error });
  const refreshRequested = settings.refreshOnAuthError && !state.refreshUsed && isAuthenticationError(error);
  const newKey = tell(end.listeners, outcomeOf(end, error, refreshRequested));
  // A strategy that registers no listener (a custom one) is asked again with `refreshKey`, as
  // before; a built-in one with a plain string key says no new key can come, and the 401 stands.
  if (refreshRequested && (newKey || end.listeners.length === 0)) {
    state.refreshUsed = true;
    state.refreshKey = true;
    trace?.refresh(attempts);
    return undefined;
  }
  state.refreshKey = false;
  const decision =
    state.retries < settings.maxRetries && !plan.upload
      ? decide(plan, end, error, newKey, state.retries + 1)
      : stop;
  if (!decision.retry) throw finalError(plan, settings, end, error, attempts);
  state.retries += 1;
  trace?.retry(attempts, decision.reason, decision.waitMs, error);
  return decision.waitMs;
}

function decide(
  plan: CallPlan,
  end: AttemptEnd,
  error: KeygateError | undefined,
  newKey: boolean,
  retryNumber: number,
): RetryDecision {
  if (end.connectionCause !== undefined) return decideConnectionRetry(plan.idempotent, retryNumber);
  if (!isApiError(error)) return stop;
  // A key source that hands out another key (a pool) makes a refused or exhausted key worth a
  // retry at once, for any method: the provider did no work for a refused key.
  if (newKey && (error.status === 401 || error.status === 402 || isRateLimitError(error))) {
    return { retry: true, reason: 'key', waitMs: 0 };
  }
  return decideApiRetry(plan.idempotent, error, retryNumber, end.headerWaitMs);
}

function outcomeOf(
  end: AttemptEnd,
  error: KeygateError | undefined,
  refreshRequested: boolean,
): AttemptOutcome {
  return {
    status: end.status,
    error,
    retryAfterMs: isRateLimitError(error) ? (error.retryAfterMs ?? end.headerWaitMs) : undefined,
    refreshRequested,
  };
}

/** Tells each listener; a listener that throws is ignored (it must not change the call's error). */
function tell(listeners: AttemptOutcomeListener[], outcome: AttemptOutcome): boolean {
  let newKey = false;
  for (const listener of listeners) {
    try {
      if (listener(outcome) === true) newKey = true;
    } catch {
      // A key source's bookkeeping failing is no reason to lose the provider's answer.
    }
  }
  return newKey;
}

function finalError(
  plan: CallPlan,
  settings: LoopSettings,
  end: AttemptEnd,
  error: KeygateError | undefined,
  attempts: number,
): KeygateError {
  if (error !== undefined) {
    error.provider ??= plan.provider;
    return error;
  }
  const cause = end.connectionCause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const target = `${plan.method} ${describeUrl(plan.url)}`;
  const unreachable = new ConnectionError(
    `Could not reach ${plan.provider} for ${target}${typeof code === 'string' ? ` (${code})` : ''}: ` +
      `${attemptsNote(plan, settings, attempts)} Check the network and baseUrl.`,
    { provider: plan.provider, cause },
  );
  if (end.key !== undefined) unreachable.keyFingerprint = end.key.fingerprint;
  return redactError(unreachable, plan.secrets);
}

/** The truth about retries, for the ConnectionError's message. */
function attemptsNote(plan: CallPlan, settings: LoopSettings, attempts: number): string {
  if (attempts > 1) return `${attempts} attempts failed.`;
  if (plan.upload) return 'uploads are sent once, so it was not retried.';
  if (!plan.idempotent) {
    return `${plan.method} is not retried after a connection failure, because ${plan.provider} may have received it.`;
  }
  if (settings.maxRetries === 0) return 'it was not retried (maxRetries is 0).';
  return 'it was not retried.';
}

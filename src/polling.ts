import { AbortError } from './errors/abort-error.js';
import { ConfigurationError } from './errors/configuration-error.js';
import { TimeoutError } from './errors/timeout-error.js';
import { sleep } from './sleep.js';

/** How {@link pollUntil} polls. */
export interface PollOptions<T> {
  provider: string;
  /** What is awaited, for messages, e.g. `task abc`. */
  what: string;
  /** The first state (e.g. the answer that started the job). */
  first: T;
  /** Fetches the next state. */
  next(signal: AbortSignal): Promise<T>;
  /** Whether a state is final. */
  isDone(state: T): boolean;
  /** How long to wait before fetching again after this state. */
  delayMs(state: T): number;
  /** Give up after this long, with a {@link TimeoutError}. */
  timeoutMs?: number | undefined;
  /** Stops polling, with an {@link AbortError}. */
  signal?: AbortSignal | undefined;
}

/**
 * Checks a wait's `timeoutMs`, so a bad one is a {@link ConfigurationError} instead of the
 * RangeError `AbortSignal.timeout` throws. Callers that start work before waiting (a paid job)
 * call it first, so the mistake costs nothing.
 *
 * @param timeoutMs The overall timeout, or `undefined` for none.
 * @param where What waits, to start the message with, e.g. `ModelsLab`.
 * @param provider The provider id for `error.provider`.
 * @throws {ConfigurationError} Unless it is a number of milliseconds from 0 to 2147483647.
 */
export function checkWaitTimeout(timeoutMs: unknown, where: string, provider?: string): void {
  if (timeoutMs === undefined) return;
  if (
    typeof timeoutMs !== 'number' ||
    !Number.isFinite(timeoutMs) ||
    timeoutMs < 0 ||
    timeoutMs > 2_147_483_647
  ) {
    throw new ConfigurationError(
      `${where}: \`timeoutMs\` must be a number of milliseconds from 0 to 2147483647.`,
      {
        provider,
      },
    );
  }
}

/**
 * Polls until a state is final, sleeping between fetches; the sleep ends early on abort, and the
 * whole wait is bounded by `timeoutMs`.
 *
 * @param options What to fetch and when to stop.
 * @returns The final state.
 * @throws {TimeoutError} When `timeoutMs` passes first.
 * @throws {AbortError} When `signal` aborts.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const { provider, what, timeoutMs } = options;
  checkWaitTimeout(timeoutMs, `Waiting for ${what}`, provider);
  const deadline = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const signals = [options.signal, deadline].filter((s): s is AbortSignal => s !== undefined);
  const combined = AbortSignal.any(signals);
  const stopped = () => {
    if (options.signal?.aborted) {
      return new AbortError(`Waiting for ${what} was aborted by the caller's signal.`, { provider });
    }
    return new TimeoutError(
      `${what} was not done after ${timeoutMs} ms; it may still finish: poll it again later.`,
      {
        provider,
        timeoutMs: timeoutMs ?? 0,
      },
    );
  };
  let state = options.first;
  while (!options.isDone(state)) {
    if (combined.aborted) throw stopped();
    await sleep(options.delayMs(state), combined);
    if (combined.aborted) throw stopped();
    try {
      state = await options.next(combined);
    } catch (error) {
      // A call cut short by the deadline or the caller reports as the wait's timeout or abort.
      if (combined.aborted) throw stopped();
      throw error;
    }
  }
  return state;
}

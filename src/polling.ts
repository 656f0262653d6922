import { AbortError } from './errors/abort-error.js';
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

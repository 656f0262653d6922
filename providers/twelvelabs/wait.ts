import { type CallOptions, ConfigurationError, pollUntil } from '../../src/index.js';

// The wait every TwelveLabs job shares (indexing tasks, assets, indexed assets, analyze and
// embedding tasks): poll until `ready` or `failed`, the two terminal statuses of each of them
// (twelvelabs-js src/wrapper/resources/TasksWrapper.ts: doneStatuses; the spec's status lists).

const providerId = 'twelvelabs';

/** Options of every `waitForDone` / `waitForReady`. */
export interface WaitForDoneOptions {
  /** Milliseconds between polls. @default 5000 */
  intervalMs?: number | undefined;
  /** Give up after this long with a `TimeoutError` (the job goes on at TwelveLabs). */
  timeoutMs?: number | undefined;
  /** Stops waiting with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

/**
 * Polls a job until its status is `ready` or `failed` and returns it: a `failed` job is a result,
 * not an error. Any other status, a newer one included, keeps it polling.
 *
 * @param what The job, for messages, e.g. `TwelveLabs task abc`.
 * @param fetch One poll, with the wait's signal.
 * @param options `intervalMs` (default 5 s), `timeoutMs`, `signal`.
 * @returns The job, `ready` or `failed`.
 * @throws {ConfigurationError} For a negative or non-finite `intervalMs`.
 * @throws {TimeoutError} After `timeoutMs` (the job goes on at TwelveLabs).
 * @throws {AbortError} When `signal` aborts.
 */
export async function waitUntilFinished<T extends { status?: string | null | undefined }>(
  what: string,
  fetch: (options: CallOptions) => Promise<T>,
  options: WaitForDoneOptions,
): Promise<T> {
  const intervalMs = options.intervalMs ?? 5_000;
  if (!Number.isFinite(intervalMs) || intervalMs < 0) {
    throw new ConfigurationError('TwelveLabs: waitForDone needs a non-negative intervalMs.', {
      provider: providerId,
    });
  }
  const first = await fetch(options.signal ? { signal: options.signal } : {});
  return pollUntil({
    provider: providerId,
    what,
    first,
    next: (signal) => fetch({ signal }),
    isDone: (job) => job.status === 'ready' || job.status === 'failed',
    delayMs: () => intervalMs,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
}

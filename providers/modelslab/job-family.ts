import { randomUUID } from 'node:crypto';
import {
  ApiPromise,
  type CallOptions,
  ConfigurationError,
  isConnectionError,
  isTimeoutError,
  pathSegment,
  pollUntil,
  type Transport,
} from '../../src/index.js';
import { checkWaitTimeout } from '../../src/polling.js';
import { GenerationMayHaveStartedError } from './generation-may-have-started-error.js';
import { type JobParams, type JobResult, JobResultSchema, type JobSuccess } from './schemas.js';

/** How `wait` and the `generate` helpers poll a queued job. */
export interface WaitOptions {
  /** Give up waiting after this long, with a `TimeoutError` (the job may still finish). */
  timeoutMs?: number | undefined;
  /** Stops waiting with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** The shortest wait between fetches, in ms. @default 1_000 */
  minPollMs?: number | undefined;
  /** The longest wait between fetches, in ms. @default 30_000 */
  maxPollMs?: number | undefined;
  /** Called with every `processing` answer, e.g. to show the `eta`. */
  onProcessing?: ((job: Extract<JobResult, { status: 'processing' }>) => void) | undefined;
}

/** Options of the `generate` helpers: the start call's options and the wait's. */
export interface GenerateOptions extends WaitOptions {
  /** Headers for the calls of this job. */
  headers?: HeadersInit | undefined;
  /** Milliseconds each call (the start and each fetch) may take. */
  timeout?: number | undefined;
}

const provider = 'ModelsLab';
const providerId = 'modelslab';
// Without an eta, polls wait 2 s, then 4, 8... (up to maxPollMs): a job without an estimate is
// not fetched every second for minutes.
const etalessFirstMs = 2_000;
// ±20 %: many jobs started together are not fetched together.
const jitter = 0.2;

/**
 * What every ModelsLab v6 family shares: start a job (the key in the body, a `track_id` for
 * every call), fetch it at the family's fetch endpoint, and wait for it. ModelsLab answers a
 * generation with `status: "success"` at once, or `status: "processing"` with an id and an
 * `eta` in seconds, to fetch later (docs.modelslab.com/quickstart).
 */
export class JobFamily {
  /** The client's transport. */
  protected readonly transport: Transport;
  /** The family's path below the v6 base URL, e.g. `images`. */
  readonly #family: string;

  /**
   * @param transport The client's transport.
   * @param family The family's path below the v6 base URL, e.g. `video`.
   */
  constructor(transport: Transport, family: string) {
    this.transport = transport;
    this.#family = family;
  }

  /**
   * Fetches a queued job (`POST /{family}/fetch/{id}` with `{ key }`; the official SDKs and
   * the quickstart use this form). It changes nothing, so keygate retries it like a GET.
   *
   * @param id The `id` of a processing answer (a number or a string).
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns The job's state: success with `output`, or still processing.
   * @throws {GenerationFailedError} When the job failed (`status: "failed"`), with ModelsLab's message.
   */
  fetch(id: number | string, options: CallOptions = {}): ApiPromise<JobResult> {
    return this.transport.request(() => ({
      ...options,
      method: 'POST',
      path: `${this.#family}/fetch/${pathSegment(id, 'job id', provider)}`,
      json: {},
      safeToRetry: true,
      schema: JobResultSchema,
    }));
  }

  /**
   * Waits for a job: while it is `processing`, waits about its `eta` (±20 % jitter, then clamped
   * to `minPollMs`–`maxPollMs`; without an eta 2 s, then twice as long each time) and fetches
   * it again. A failed job ends the wait with the typed error and ModelsLab's message.
   *
   * @param job The answer that started the job (or any later state of it).
   * @param options An overall timeout, a signal, the poll bounds, a progress callback.
   * @returns The finished job.
   * @throws {GenerationFailedError} When the job failed.
   * @throws {TimeoutError} When `timeoutMs` passed first (the job may still finish: fetch it later).
   * @throws {AbortError} When `signal` aborted.
   */
  async wait(job: JobResult, options: GenerateOptions = {}): Promise<JobSuccess> {
    const { minPollMs, maxPollMs } = pollBounds(options);
    if (
      typeof job !== 'object' ||
      job === null ||
      (typeof job.id !== 'number' && typeof job.id !== 'string')
    ) {
      throw new ConfigurationError(
        `ModelsLab: ${this.#family}.wait needs the answer that started the job (with its id).`,
        {
          provider: providerId,
        },
      );
    }
    let etaless = 0;
    const final = await pollUntil<JobResult>({
      provider: providerId,
      what: `ModelsLab ${this.#family} job ${job.id}`,
      first: job,
      next: (signal) => this.fetch(job.id, callOptions(options, signal)),
      isDone: (state) => state.status === 'success',
      delayMs: (state) => {
        if (state.status !== 'processing') return 0;
        options.onProcessing?.(state);
        const eta = state.eta;
        const base =
          typeof eta === 'number' && Number.isFinite(eta) && eta >= 0
            ? eta * 1000
            : etalessFirstMs * 2 ** Math.min(10, etaless++);
        const jittered = base * (1 - jitter + Math.random() * 2 * jitter);
        return Math.min(maxPollMs, Math.max(minPollMs, jittered));
      },
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    return final as JobSuccess;
  }

  /**
   * Starts a job: checks the required fields, refuses a `key` in the params, adds a `track_id`
   * when there is none, and sends the params with the key placed by the strategy. A generation
   * POST is never sent twice after an ambiguous failure (the connection broke, or the attempt
   * timed out, after the body may have reached ModelsLab): that ends in a
   * {@link GenerationMayHaveStartedError} carrying the `track_id`, to reconcile through a
   * webhook or `fetch`.
   *
   * @param endpoint The endpoint below the family, e.g. `text2img`.
   * @param params The caller's params (never changed).
   * @param required The fields that must be non-empty strings.
   * @param options Per-call options.
   * @param check The family's own checks of the params, run before anything is sent.
   * @returns The job's first answer.
   */
  protected start(
    endpoint: string,
    params: JobParams,
    required: readonly string[],
    options: CallOptions,
    check?: (params: JobParams) => void,
  ): ApiPromise<JobResult> {
    const path = `${this.#family}/${endpoint}`;
    let trackId: string | number | undefined;
    const call = this.transport
      .request(() => {
        checkParams(params, required, path);
        check?.(params);
        trackId = params.track_id ?? randomUUID();
        return {
          ...options,
          method: 'POST' as const,
          path,
          json: { ...params, track_id: trackId },
          // Whatever the options say: a generation is never "safe to retry".
          safeToRetry: false,
          schema: JobResultSchema,
        };
      })
      .withResponse()
      .catch((error: unknown) => {
        throw ambiguous(error, path, trackId, options.signal) ?? error;
      });
    return new ApiPromise(call);
  }

  /**
   * Starts a job and waits for it.
   *
   * @param endpoint The endpoint below the family.
   * @param params The caller's params.
   * @param required The fields that must be non-empty strings.
   * @param options The start call's and the wait's options.
   * @param check The family's own checks of the params.
   * @returns The finished job.
   */
  protected async startAndWait(
    endpoint: string,
    params: JobParams,
    required: readonly string[],
    options: GenerateOptions,
    check?: (params: JobParams) => void,
  ): Promise<JobSuccess> {
    // Checked before the job starts: a mistake in the options must not cost a generation.
    pollBounds(options);
    const first = await this.start(endpoint, params, required, callOptions(options, options.signal), check);
    return this.wait(first, options);
  }
}

function callOptions(options: GenerateOptions, signal: AbortSignal | undefined): CallOptions {
  return {
    ...(signal === undefined ? {} : { signal }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  };
}

/**
 * The error for a generation whose fate is unknown: a connection that failed after it may have
 * carried the body (not a refused or unresolvable host), or an attempt that timed out. Aborts
 * by the caller are the caller's own and stay as they are.
 */
function ambiguous(
  error: unknown,
  path: string,
  trackId: string | number | undefined,
  signal: AbortSignal | undefined,
): GenerationMayHaveStartedError | undefined {
  if (trackId === undefined || signal?.aborted) return undefined;
  // A key source that did not answer in time: nothing was sent.
  const timedOut = isTimeoutError(error) && error.phase !== 'key';
  if (!timedOut && !(isConnectionError(error) && !neverSent(error))) return undefined;
  return new GenerationMayHaveStartedError(
    `ModelsLab: POST ${path} ${timedOut ? 'timed out' : 'lost its connection'} after the request may have reached ModelsLab, ` +
      `so the job may have started (and may cost credits). keygate did not send it again. Reconcile by its track_id ` +
      `${JSON.stringify(String(trackId))}: wait for its webhook, or look for it before starting it again.`,
    { provider: providerId, trackId, cause: error },
  );
}

// Failures that happen before a byte is sent: the job cannot have started.
const beforeSending = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);

function neverSent(error: { cause?: unknown }): boolean {
  for (let link: unknown = error.cause, depth = 0; link instanceof Error && depth < 4; depth++) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && beforeSending.has(code)) return true;
    link = link.cause;
  }
  return false;
}

function checkParams(params: JobParams, required: readonly string[], path: string): void {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new ConfigurationError(`ModelsLab: ${path} needs a params object.`);
  }
  for (const field of required) {
    const value = params[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ConfigurationError(`ModelsLab: ${path} needs a non-empty \`${field}\`.`);
    }
  }
  if (Object.hasOwn(params, 'key')) {
    throw new ConfigurationError(
      'ModelsLab: do not put the key in the params; pass it as `apiKey` (or set MODELSLAB_API_KEY) so keygate can conceal it.',
    );
  }
  const trackId = params.track_id;
  if (
    trackId !== undefined &&
    !(typeof trackId === 'number' && Number.isSafeInteger(trackId)) &&
    !(typeof trackId === 'string' && trackId !== '' && trackId.length <= 200)
  ) {
    throw new ConfigurationError(
      'ModelsLab: `track_id` must be a non-empty string (≤ 200 characters) or an integer.',
    );
  }
  if (params.webhook !== undefined && typeof params.webhook !== 'string') {
    throw new ConfigurationError('ModelsLab: `webhook` must be a URL string.');
  }
}

function pollBounds(options: WaitOptions | null): { minPollMs: number; maxPollMs: number } {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'ModelsLab: the wait options must be an object, e.g. `{ timeoutMs: 120_000 }`.',
    );
  }
  const { timeoutMs, onProcessing } = options;
  if (onProcessing !== undefined && typeof onProcessing !== 'function') {
    throw new ConfigurationError('ModelsLab: `onProcessing` must be a function.');
  }
  checkWaitTimeout(timeoutMs, 'ModelsLab');
  const minPollMs = checkPoll(options.minPollMs ?? 1_000, 'minPollMs');
  return { minPollMs, maxPollMs: Math.max(minPollMs, checkPoll(options.maxPollMs ?? 30_000, 'maxPollMs')) };
}

function checkPoll(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 600_000) {
    throw new ConfigurationError(`ModelsLab: \`${name}\` must be a number of milliseconds from 0 to 600000.`);
  }
  return value;
}

import { familyTraits, type ModelsLabFamily } from './sim-modelslab-families.js';
import type { WebhookSender, WebhookTarget } from './sim-modelslab-webhooks.js';
import type { SimResponse } from './sim-types.js';

/** Timing and wiring of the job store. */
export interface JobStoreOptions {
  /** See `ModelsLabSimulatorOptions.processingFetches`. */
  processingFetches: number;
  /** `eta` of processing answers; `null` leaves it out. */
  etaSeconds: number | null;
  /** Milliseconds after which a queued job finishes by itself; non-finite: never. */
  jobMs: number;
  /** The `fetch_result` URL of a job, which depends on the image fetch form served. */
  fetchUrl: (family: ModelsLabFamily, id: string) => string;
  /** The simulator's origin, for output URLs. */
  origin: () => string;
  webhooks: WebhookSender;
}

/** A new job, as a generation route describes it. */
export interface NewJob {
  family: ModelsLabFamily;
  /** The key (account) that queued it, for the queue cap. */
  key: string;
  samples: number;
  /** Queue even with one sample (the `[fail:job]` marker). */
  forceQueue: boolean;
  /** End as `failed` instead of `success`. */
  fails: boolean;
  meta: Record<string, unknown>;
  webhook: WebhookTarget | undefined;
}

interface Job extends NewJob {
  id: string;
  seq: number;
  remaining: number;
  state: 'processing' | 'success' | 'failed';
  timer?: NodeJS.Timeout | undefined;
}

const failedMessage = 'Processing failed: Invalid input dimensions';
// A simulator left running (`keygate simulate`) forgets the oldest finished jobs past this many.
const maxRememberedJobs = 10_000;

/**
 * ModelsLab's generations in memory: jobs that finish at once or queue, finish through fetches
 * or by themselves after `jobMs`, and tell their webhook when they end.
 */
export class JobStore {
  readonly #options: JobStoreOptions;
  readonly #jobs = new Map<string, Job>();
  #nextSeq = 1000;

  /** @param options Timing, URLs and the webhook sender. */
  constructor(options: JobStoreOptions) {
    this.#options = options;
  }

  /**
   * Counts the jobs a key still has processing.
   *
   * @param key The key.
   * @returns How many are queued.
   */
  queued(key: string): number {
    let count = 0;
    for (const job of this.#jobs.values()) if (job.key === key && job.state === 'processing') count++;
    return count;
  }

  /**
   * Starts a job and answers as the generation route does.
   *
   * @param init The new job.
   * @returns `processing`, or the finished job at once.
   */
  start(init: NewJob): SimResponse {
    const seq = this.#nextSeq++;
    const { idPrefix, alwaysQueues } = familyTraits[init.family];
    const queues = alwaysQueues || init.forceQueue || init.samples > 1;
    const job: Job = {
      ...init,
      meta: { ...init.meta, seed: init.meta.seed ?? seq },
      id: `${idPrefix ?? ''}${seq}`,
      seq,
      remaining: queues ? Math.max(this.#options.processingFetches, 1) : 0,
      state: 'processing',
    };
    this.#jobs.set(job.id, job);
    if (this.#jobs.size > maxRememberedJobs) this.#forgetOldestFinished();
    if (!queues) this.#finish(job);
    else if (Number.isFinite(this.#options.jobMs))
      job.timer = setTimeout(() => this.#finish(job), this.#options.jobMs).unref();
    return this.#answer(job);
  }

  /**
   * Answers a fetch: one fetch closer to done while the job is processing.
   *
   * @param family The family whose fetch path was called.
   * @param id The id from the path or `request_id`.
   * @returns The job's state, or `Request not found.` for an unknown id or another family's job.
   */
  fetch(family: ModelsLabFamily, id: string): SimResponse {
    const job = this.#jobs.get(id.trim());
    if (job?.family !== family)
      return { status: 200, body: { status: 'error', message: 'Request not found.' } };
    if (job.state === 'processing' && --job.remaining <= 0) this.#finish(job);
    return this.#answer(job);
  }

  /** Clears every job timer; webhook deliveries are not waited for. */
  close(): void {
    for (const job of this.#jobs.values()) clearTimeout(job.timer);
  }

  #forgetOldestFinished(): void {
    for (const [id, job] of this.#jobs) {
      if (this.#jobs.size <= maxRememberedJobs) return;
      if (job.state !== 'processing') this.#jobs.delete(id);
    }
  }

  #finish(job: Job): void {
    if (job.state !== 'processing') return;
    clearTimeout(job.timer);
    job.timer = undefined;
    job.state = job.fails ? 'failed' : 'success';
    if (!job.webhook) return;
    // The webhook body (docs.modelslab.com/webhooks): the fetch answer's fields plus `track_id`.
    const { status, id, output, generationTime, meta, message } = this.#answer(job).body as Record<
      string,
      unknown
    >;
    const trackId = job.webhook.trackId;
    this.#options.webhooks.send(
      job.webhook.url,
      job.state === 'failed'
        ? { status, id, message, track_id: trackId }
        : { status, id, output, generationTime, track_id: trackId, meta },
    );
  }

  #answer(job: Job): SimResponse {
    const { extension, idPrefix } = familyTraits[job.family];
    // Images and realtime send numeric ids (numeric strings while processing); video and voice strings.
    const id = idPrefix === undefined ? job.seq : job.id;
    const origin = this.#options.origin();
    const names = Array.from({ length: Math.max(job.samples, 1) }, (_, i) => `${job.id}-${i}.${extension}`);
    const output = names.map((name) => `${origin}/generations/${name}`);
    if (job.state === 'failed')
      return { status: 200, body: { status: 'failed', id, message: failedMessage } };
    if (job.state === 'processing') {
      const { etaSeconds } = this.#options;
      return {
        status: 200,
        body: {
          status: 'processing',
          id: String(id),
          // Ids and ETAs arrive as strings on ModelsLab's image endpoints; the simulator does the same.
          ...(etaSeconds === null ? {} : { eta: idPrefix === undefined ? String(etaSeconds) : etaSeconds }),
          fetch_result: this.#options.fetchUrl(job.family, job.id),
          future_links: output,
          message: 'Try to fetch request after given estimated time',
        },
      };
    }
    return {
      status: 200,
      body: {
        status: 'success',
        id,
        output,
        proxy_links: names.map((name) => `${origin}/generations/proxy/${name}`),
        generationTime: 0.42,
        ...(job.family === 'voice' ? { audio_time: 3.2 } : {}),
        meta: job.meta,
      },
    };
  }
}

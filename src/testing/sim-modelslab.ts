import type { ModelsLabKeyScenario, SimRequest, SimResponse } from './sim-types.js';

/** Options of the simulated ModelsLab API. */
export interface ModelsLabSimOptions {
  /** Key → scenario; unknown keys are invalid. */
  keys: Map<string, ModelsLabKeyScenario>;
  /** How many fetches a queued generation answers `processing` before `success`. */
  processingFetches: number;
  /** The simulator's origin, for output and fetch URLs. */
  origin: () => string;
}

interface Job {
  remaining: number;
  prompt: unknown;
  model_id: unknown;
}

// ModelsLab answers most failures with HTTP 200; the legacy spelling `messege` is kept on purpose.
const bodyError = (message: unknown, legacy = false): SimResponse => ({
  status: 200,
  body: legacy ? { status: 'error', messege: message } : { status: 'error', message },
});

/**
 * An in-memory ModelsLab v6: the key in the JSON body, many errors as HTTP 200 with
 * `status: "error"` and some as real statuses, generations that succeed at once or queue
 * (`samples > 1`) and succeed through `fetch`.
 */
export class ModelsLabSim {
  readonly #options: ModelsLabSimOptions;
  readonly #jobs = new Map<number, Job>();
  #nextId = 1000;

  /** @param options Keys, queueing and the origin. */
  constructor(options: ModelsLabSimOptions) {
    this.#options = options;
  }

  /**
   * Answers one request below `/api`.
   *
   * @param request The parsed request (`path` relative to `/api`, e.g. `v6/images/text2img`).
   * @returns The answer.
   */
  async handle(request: SimRequest): Promise<SimResponse> {
    if (request.method !== 'POST')
      return { status: 405, body: { status: 'error', message: 'Method not allowed.' } };
    const { credential } = request;
    // ModelsLab reads the key from the JSON body only.
    const key = credential.location === 'body' && credential.name === 'key' ? credential.key : undefined;
    const scenario = key === undefined ? 'invalid' : (this.#options.keys.get(key) ?? 'invalid');
    if (request.path === 'wallet_balance') return this.#walletBalance(scenario);
    const denied = this.#deny(scenario);
    if (denied) return denied;
    const body = request.body instanceof FormData || request.body === undefined ? {} : request.body;
    if (request.path === 'v6/images/text2img') return this.#text2img(body);
    const fetchMatch = /^v6\/images\/fetch\/([^/]+)$/.exec(request.path);
    if (fetchMatch) return this.#fetch(Number(fetchMatch[1]));
    return { status: 404, body: { status: 'error', message: `No endpoint ${request.path}.` } };
  }

  #deny(scenario: ModelsLabKeyScenario): SimResponse | undefined {
    switch (scenario) {
      case 'valid':
        return undefined;
      case 'noCredits':
        return bodyError('Insufficient credits: your wallet balance is 0. Please top up to continue.');
      case 'forbidden':
        return {
          status: 403,
          body: { status: 'error', message: 'This model is only available on premium plans.' },
        };
      case 'rateLimited':
        return {
          status: 429,
          body: { status: 'error', message: 'Rate limit exceeded: too many requests.', retry_after: 1 },
          headers: { 'retry-after': '1' },
        };
      default:
        return bodyError('Invalid Api Key', true);
    }
  }

  #walletBalance(scenario: ModelsLabKeyScenario): SimResponse {
    // A key without credits is still a valid key: the balance says so.
    if (scenario === 'valid' || scenario === 'noCredits') {
      return {
        status: 200,
        body: { status: 'success', data: { balance: scenario === 'valid' ? 25 : 0, currency: 'USD' } },
      };
    }
    return this.#deny(scenario) ?? bodyError('Invalid Api Key', true);
  }

  #text2img(body: Record<string, unknown>): SimResponse {
    const missing: Record<string, string[]> = {};
    if (typeof body.prompt !== 'string' || body.prompt === '')
      missing.prompt = ['The prompt field is required.'];
    if (typeof body.model_id !== 'string' || body.model_id === '')
      missing.model_id = ['The model id field is required.'];
    if (Object.keys(missing).length > 0) return bodyError(missing);
    const id = this.#nextId++;
    const job: Job = {
      remaining: Number(body.samples ?? 1) > 1 ? this.#options.processingFetches : 0,
      prompt: body.prompt,
      model_id: body.model_id,
    };
    this.#jobs.set(id, job);
    return this.#answer(id, job);
  }

  #fetch(id: number): SimResponse {
    const job = this.#jobs.get(id);
    if (!job) return bodyError('Request not found.');
    job.remaining = Math.max(0, job.remaining - 1);
    return this.#answer(id, job);
  }

  #answer(id: number, job: Job): SimResponse {
    const base = `${this.#options.origin()}/api/v6/images`;
    const output = [`${this.#options.origin()}/generations/${id}-0.png`];
    if (job.remaining > 0) {
      // Ids and ETAs arrive as strings on some ModelsLab endpoints; the simulator does the same.
      return {
        status: 200,
        body: {
          status: 'processing',
          id: String(id),
          eta: '1',
          fetch_result: `${base}/fetch/${id}`,
          future_links: output,
          messege: 'Try to fetch request after given estimated time',
        },
      };
    }
    return {
      status: 200,
      body: {
        status: 'success',
        id,
        output,
        generationTime: 0.42,
        meta: { prompt: job.prompt, model_id: job.model_id, seed: id },
      },
    };
  }
}

import { ModelsLabChat } from './sim-modelslab-chat.js';
import {
  type GenerationRoute,
  generationMeta,
  generationRoutes,
  type ModelsLabFamily,
  validateGeneration,
} from './sim-modelslab-families.js';
import { JobStore } from './sim-modelslab-jobs.js';
import { readWebhook, WebhookSender } from './sim-modelslab-webhooks.js';
import type {
  ModelsLabKeyScenario,
  ModelsLabSimulatorOptions,
  SimRequest,
  SimResponse,
  WebhookDelivery,
} from './sim-types.js';

/** Options of the simulated ModelsLab API. */
export interface ModelsLabSimOptions extends ModelsLabSimulatorOptions {
  /** Key → scenario; unknown keys are invalid. */
  keys: Map<string, ModelsLabKeyScenario>;
  /** The simulator's origin, for output and fetch URLs. */
  origin: () => string;
}

// ModelsLab answers most failures with HTTP 200; the legacy spelling `messege` is kept on purpose.
const bodyError = (message: unknown, legacy = false): SimResponse => ({
  status: 200,
  body: legacy ? { status: 'error', messege: message } : { status: 'error', message },
});
const notFound = (path: string): SimResponse => ({
  status: 404,
  body: { status: 'error', message: `No endpoint ${path}.` },
});
const fetchPath = /^v6\/(images|realtime|video|voice)\/fetch(?:\/([^/]+))?$/;

/**
 * An in-memory ModelsLab: the v6 generation families (images, realtime, video, voice) with the
 * key in the JSON body, errors as HTTP 200 with `status: "error"`, jobs that queue and finish
 * through `fetch` or by themselves, a per-account queue cap, webhooks, the wallet, and the
 * OpenAI-compatible v7 chat behind `Authorization: Bearer`.
 */
export class ModelsLabSim {
  readonly #options: ModelsLabSimOptions;
  readonly #jobs: JobStore;
  readonly #webhooks: WebhookSender;
  readonly #chat: ModelsLabChat;

  /** @param options Keys, the origin and behaviour. */
  constructor(options: ModelsLabSimOptions) {
    this.#options = options;
    this.#webhooks = new WebhookSender(options.webhookDeliveries ?? 2);
    this.#chat = new ModelsLabChat(options.keys);
    const imageFetch = options.imageFetch ?? 'both';
    this.#jobs = new JobStore({
      processingFetches: options.processingFetches ?? 1,
      etaSeconds: options.etaSeconds === undefined ? 1 : options.etaSeconds,
      jobMs: options.jobMs ?? 2000,
      origin: options.origin,
      webhooks: this.#webhooks,
      fetchUrl: (family, id) =>
        `${options.origin()}/api/v6/${family}/fetch${family === 'images' && imageFetch === 'request_id' ? '' : `/${id}`}`,
    });
  }

  /** Every webhook delivery made, in the order they ended. */
  get webhookDeliveries(): WebhookDelivery[] {
    return this.#webhooks.deliveries;
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
    if (request.path === 'v7/llm/chat/completions') return this.#chat.complete(request);
    // The v6 routes and the wallet read the key from the JSON body only, never from a header.
    const key = request.credentials.find(
      (credential) => credential.location === 'body' && credential.name === 'key',
    )?.key;
    const scenario = key === undefined ? 'invalid' : (this.#options.keys.get(key) ?? 'invalid');
    if (request.path === 'wallet_balance') return this.#walletBalance(key, scenario);
    const denied = this.#deny(scenario);
    if (denied || key === undefined) return denied ?? bodyError('Invalid Api Key', true);
    const body = request.body instanceof FormData || request.body === undefined ? {} : request.body;
    const route = generationRoutes.get(request.path);
    if (route) return this.#generate(route, key, body);
    const fetchMatch = fetchPath.exec(request.path);
    if (fetchMatch) return this.#fetch(fetchMatch[1] as ModelsLabFamily, fetchMatch[2], body, request.path);
    return notFound(request.path);
  }

  /** Clears job timers; webhook deliveries in flight are not waited for. */
  close(): void {
    this.#jobs.close();
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

  #walletBalance(key: string | undefined, scenario: ModelsLabKeyScenario): SimResponse {
    // A key without credits is still a valid key: the balance says so.
    if (key !== undefined && (scenario === 'valid' || scenario === 'noCredits')) {
      const balance = this.#options.balances?.[key] ?? (scenario === 'valid' ? 25 : 0);
      return { status: 200, body: { status: 'success', data: { balance, currency: 'USD' } } };
    }
    return this.#deny(scenario) ?? bodyError('Invalid Api Key', true);
  }

  #generate(route: GenerationRoute, key: string, body: Record<string, unknown>): SimResponse {
    const queueLimit = this.#options.queueLimit ?? 5;
    if (this.#jobs.queued(key) >= queueLimit) {
      // docs.modelslab.com/rate-limits: a body with `retry_after`, and no Retry-After header.
      return {
        status: 429,
        body: {
          status: 'error',
          message: `Rate limit exceeded. Maximum ${queueLimit} queued requests allowed.`,
          retry_after: this.#options.queueRetryAfterSeconds ?? 2,
        },
      };
    }
    const problems = validateGeneration(route, body);
    if (problems) return bodyError(problems);
    const webhook = readWebhook(body);
    if (webhook && 'error' in webhook) return bodyError({ webhook: [webhook.error] });
    // Failure injection by prompt marker, so clients can test both failure paths.
    const prompt = typeof body.prompt === 'string' ? body.prompt : '';
    if (prompt.includes('[fail:start]')) return bodyError('Failed to generate image');
    const failsLater = prompt.includes('[fail:job]');
    // ModelsLab takes 1 to 4 samples (CommonImageGenerationParams in docs-v2's OpenAPI files);
    // more would also let one request make the simulator build a huge output list.
    const samples = Number(body.samples ?? 1);
    if (!Number.isInteger(samples) || samples < 1 || samples > 4) {
      return bodyError({ samples: ['The samples must be between 1 and 4.'] });
    }
    return this.#jobs.start({
      family: route.family,
      key,
      samples,
      forceQueue: failsLater,
      fails: failsLater,
      meta: generationMeta(route.family, body),
      webhook,
    });
  }

  #fetch(
    family: ModelsLabFamily,
    pathId: string | undefined,
    body: Record<string, unknown>,
    path: string,
  ): SimResponse {
    if (family !== 'images') return pathId === undefined ? notFound(path) : this.#jobs.fetch(family, pathId);
    // ModelsLab's docs show both `images/fetch/{id}` and `images/fetch` with `request_id`.
    const imageFetch = this.#options.imageFetch ?? 'both';
    if (pathId !== undefined)
      return imageFetch === 'request_id' ? notFound(path) : this.#jobs.fetch(family, pathId);
    if (imageFetch === 'path') return notFound(path);
    const requestId = body.request_id;
    if ((typeof requestId !== 'string' && typeof requestId !== 'number') || requestId === '')
      return bodyError({ request_id: ['The request id field is required.'] });
    return this.#jobs.fetch(family, String(requestId));
  }
}

import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  pollUntil,
  type Transport,
} from '../../src/index.js';
import { type ImageResult, ImageResultSchema, type ImageSuccess, type Text2ImgParams } from './schemas.js';

/** Per-call options of the image calls (the same as every resource's). */
export type ImageCallOptions = CallOptions;

/** Options of `images.generate`. */
export interface GenerateOptions {
  /** Give up waiting after this long, with a `TimeoutError`. */
  timeoutMs?: number | undefined;
  /** Stops waiting with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

// The display name for messages; errors carry the id (the transport sets it on everything it throws).
const provider = 'ModelsLab';
const providerId = 'modelslab';
// ModelsLab's eta is a guess in seconds; polling faster wastes calls, slower wastes time.
const minPollMs = 1_000;
const maxPollMs = 30_000;

/**
 * ModelsLab image generation (`/images`). The key travels inside the JSON body, including on
 * `fetch`, whose body is just `{ key }`.
 *
 * @example
 * ```ts no-run
 * const image = await client.images.generate({ prompt: 'a lighthouse at dawn', model_id: 'flux' });
 * console.log(image.output[0]);
 * ```
 */
export class Images {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Starts a text-to-image generation (`POST /images/text2img`).
   *
   * @param params `prompt`, `model_id` and any other documented field, in ModelsLab's names.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns `{ status: 'success', output }`, or `{ status: 'processing', eta }` to fetch later.
   * @throws {ConfigurationError} For a missing prompt or model_id, or a `key` in the params.
   */
  text2img(params: Text2ImgParams, options: ImageCallOptions = {}): ApiPromise<ImageResult> {
    return this.#transport.request(() => {
      checkParams(params);
      return {
        ...options,
        method: 'POST',
        path: 'images/text2img',
        json: { ...params },
        schema: ImageResultSchema,
      };
    });
  }

  /**
   * Fetches a queued generation (`POST /images/fetch/{id}` with the key in the body).
   *
   * @param id The `id` from a processing answer.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns The same union as {@link Images.text2img}.
   */
  fetch(id: number | string, options: ImageCallOptions = {}): ApiPromise<ImageResult> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: `images/fetch/${pathSegment(id, 'generation id', provider)}`,
      json: {},
      schema: ImageResultSchema,
    }));
  }

  /**
   * Generates and waits: calls `text2img`, and while the answer is `processing`, waits `eta`
   * seconds (clamped to 1–30 s) and fetches again.
   *
   * @param params As for {@link Images.text2img}.
   * @param options An overall timeout and a signal.
   * @returns The successful result with its `output` URLs.
   * @throws {TimeoutError} When `timeoutMs` passes first.
   */
  async generate(params: Text2ImgParams, options: GenerateOptions = {}): Promise<ImageSuccess> {
    const first = await this.text2img(params, options.signal ? { signal: options.signal } : {});
    const final = await pollUntil<ImageResult>({
      provider: providerId,
      what: `ModelsLab generation ${first.id}`,
      first,
      next: (signal) => this.fetch(first.id, { signal }),
      isDone: (result) => result.status === 'success',
      delayMs: (result) =>
        result.status === 'processing' ? clamp(result.eta * 1000, minPollMs, maxPollMs) : 0,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    return final as ImageSuccess;
  }
}

function checkParams(params: Text2ImgParams): void {
  if (typeof params?.prompt !== 'string' || params.prompt.trim() === '') {
    throw new ConfigurationError('ModelsLab: text2img needs a non-empty prompt.');
  }
  if (typeof params.model_id !== 'string' || params.model_id.trim() === '') {
    throw new ConfigurationError('ModelsLab: text2img needs a model_id.');
  }
  if (Object.hasOwn(params, 'key')) {
    throw new ConfigurationError(
      'ModelsLab: do not put the key in the params; pass it as `apiKey` (or set MODELSLAB_API_KEY) so keygate can conceal it.',
    );
  }
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

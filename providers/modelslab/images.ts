import {
  ApiPromise,
  type CallOptions,
  isNotFoundError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import { type GenerateOptions, JobFamily } from './job-family.js';
import {
  type ControlNetParams,
  type Img2ImgParams,
  type InpaintParams,
  type JobResult,
  JobResultSchema,
  type JobSuccess,
  type Text2ImgParams,
} from './schemas.js';

/** Per-call options of the image calls (the same as every resource's). */
export type ImageCallOptions = CallOptions;

/**
 * ModelsLab image generation (`/v6/images`): text2img, img2img, inpaint and ControlNet, every
 * one queued the same way. Image inputs (`init_image`, `mask_image`, `control_image`) are URLs,
 * or base64 strings where the endpoint's `base64` flag says so. The key travels inside the
 * JSON body, including on `fetch`.
 *
 * @example
 * ```ts no-run
 * const image = await client.images.generate({ prompt: 'a lighthouse at dawn', model_id: 'flux' });
 * console.log(image.output[0]);
 * ```
 */
export class Images extends JobFamily {
  // The docs disagree on the fetch: `POST images/fetch/{id}` with `{key}` (quickstart.mdx and
  // both official SDKs) or `POST images/fetch` with `{key, request_id}` (the community-models
  // OpenAPI file and dreambooth-fetch-queue-image.mdx). The first is tried; when it answers 404
  // and the second works, this client uses the second from then on.
  #fetchByRequestId = false;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    super(transport, 'images');
  }

  /**
   * Starts a text-to-image generation (`POST /images/text2img`).
   *
   * @param params `prompt`, `model_id` and any other documented field, in ModelsLab's names.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns `{ status: 'success', output }`, or `{ status: 'processing', id, eta }` to fetch later.
   * @throws {ConfigurationError} For a missing prompt or model_id, or a `key` in the params.
   * @throws {GenerationMayHaveStartedError} When the call's fate is unknown (never resent).
   */
  text2img(params: Text2ImgParams, options: ImageCallOptions = {}): ApiPromise<JobResult> {
    return this.start('text2img', params, ['prompt', 'model_id'], options);
  }

  /**
   * Transforms an image (`POST /images/img2img`); also Flux Kontext edits with
   * `model_id: 'flux-kontext-dev'` and a `prompt`.
   *
   * @param params `model_id`, `init_image` (URL or base64), `prompt`, `strength`...
   * @param options Per-call options.
   * @returns The job's first answer.
   */
  img2img(params: Img2ImgParams, options: ImageCallOptions = {}): ApiPromise<JobResult> {
    return this.start('img2img', params, ['model_id', 'init_image'], options);
  }

  /**
   * Repaints the masked part of an image (`POST /images/inpaint`).
   *
   * @param params `model_id`, `prompt`, `init_image`, `mask_image`...
   * @param options Per-call options.
   * @returns The job's first answer.
   */
  inpaint(params: InpaintParams, options: ImageCallOptions = {}): ApiPromise<JobResult> {
    return this.start('inpaint', params, ['model_id', 'prompt', 'init_image', 'mask_image'], options);
  }

  /**
   * Generates guided by a control image (`POST /images/controlnet`, the path of both official
   * SDKs; the docs' page names `POST /api/v5/controlnet`, reachable through `client.request`).
   *
   * @param params `model_id`, `controlnet_model`, `init_image`, `prompt`...
   * @param options Per-call options.
   * @returns The job's first answer.
   */
  controlnet(params: ControlNetParams, options: ImageCallOptions = {}): ApiPromise<JobResult> {
    return this.start('controlnet', params, ['model_id', 'controlnet_model', 'init_image'], options);
  }

  /**
   * Fetches a queued generation: `POST /images/fetch/{id}` with `{ key }`, or, where that is not
   * found, `POST /images/fetch` with `{ key, request_id }`.
   *
   * @param id The `id` from a processing answer.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns The job's state.
   * @throws {GenerationFailedError} When the job failed.
   */
  override fetch(id: number | string, options: ImageCallOptions = {}): ApiPromise<JobResult> {
    if (this.#fetchByRequestId) return this.#fetchWithRequestId(id, options);
    const byPath = super
      .fetch(id, options)
      .withResponse()
      .catch(async (error: unknown) => {
        if (!isNotFoundError(error) || error.status !== 404) throw error;
        const answer = await this.#fetchWithRequestId(id, options).withResponse();
        // Only once the other form answered: a 404 for one unknown id proves nothing about the API.
        this.#fetchByRequestId = true;
        return answer;
      });
    return new ApiPromise(byPath);
  }

  #fetchWithRequestId(id: number | string, options: ImageCallOptions): ApiPromise<JobResult> {
    return this.transport.request(() => {
      pathSegment(id, 'job id', 'ModelsLab'); // the same checks as an id in the path
      return {
        ...options,
        method: 'POST',
        path: 'images/fetch',
        json: { request_id: String(id) },
        safeToRetry: true,
        schema: JobResultSchema,
      };
    });
  }

  /**
   * Generates and waits: `text2img`, then, while the answer is `processing`, fetches about
   * every `eta` seconds until it succeeds or fails.
   *
   * @param params As for {@link Images.text2img}.
   * @param options An overall `timeoutMs`, a `signal`, the poll bounds, `onProcessing`.
   * @returns The successful result with its `output` URLs.
   * @throws {GenerationFailedError} When the job failed, with ModelsLab's message.
   * @throws {TimeoutError} When `timeoutMs` passes first.
   */
  generate(params: Text2ImgParams, options: GenerateOptions = {}): Promise<JobSuccess> {
    return this.startAndWait('text2img', params, ['prompt', 'model_id'], options);
  }
}

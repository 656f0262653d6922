import type { ApiPromise, CallOptions, Transport } from '../../src/index.js';
import { type GenerateOptions, JobFamily } from './job-family.js';
import type {
  JobResult,
  JobSuccess,
  RealtimeImg2ImgParams,
  RealtimeInpaintParams,
  RealtimeText2ImgParams,
} from './schemas.js';

/**
 * ModelsLab's realtime image endpoints (`/v6/realtime`): faster models, no `model_id`, the same
 * queued flow with their own fetch (`POST /realtime/fetch/{id}`; docs-v2
 * image-generation/realtime-stable-diffusion/openapi.json).
 *
 * @example
 * ```ts no-run
 * const image = await client.realtime.generate({ prompt: 'a red fox in snow' });
 * ```
 */
export class Realtime extends JobFamily {
  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    super(transport, 'realtime');
  }

  /**
   * `POST /realtime/text2img`.
   *
   * @param params `prompt`, and `negative_prompt`, `width`, `height`, `samples`...
   * @param options Per-call options.
   * @returns The job's first answer.
   */
  text2img(params: RealtimeText2ImgParams, options: CallOptions = {}): ApiPromise<JobResult> {
    return this.start('text2img', params, ['prompt'], options);
  }

  /**
   * `POST /realtime/img2img`.
   *
   * @param params `prompt`, `init_image` (a URL), `strength`...
   * @param options Per-call options.
   * @returns The job's first answer.
   */
  img2img(params: RealtimeImg2ImgParams, options: CallOptions = {}): ApiPromise<JobResult> {
    return this.start('img2img', params, ['prompt', 'init_image'], options);
  }

  /**
   * `POST /realtime/inpaint`.
   *
   * @param params `prompt`, `init_image`, `mask_image`...
   * @param options Per-call options.
   * @returns The job's first answer.
   */
  inpaint(params: RealtimeInpaintParams, options: CallOptions = {}): ApiPromise<JobResult> {
    return this.start('inpaint', params, ['prompt', 'init_image', 'mask_image'], options);
  }

  /**
   * `text2img`, then waits for it.
   *
   * @param params As for {@link Realtime.text2img}.
   * @param options An overall `timeoutMs`, a `signal`, the poll bounds.
   * @returns The finished job.
   */
  generate(params: RealtimeText2ImgParams, options: GenerateOptions = {}): Promise<JobSuccess> {
    return this.startAndWait('text2img', params, ['prompt'], options);
  }
}

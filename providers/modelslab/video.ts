import type { ApiPromise, CallOptions, Transport } from '../../src/index.js';
import { type GenerateOptions, JobFamily } from './job-family.js';
import type { Img2VideoParams, JobResult, JobSuccess, Text2VideoParams } from './schemas.js';

/**
 * ModelsLab video generation (`/v6/video`, docs-v2 video-api/openapi.json). Videos take
 * seconds to minutes, so expect a `processing` answer (text-to-video.mdx polls `video/fetch/{id}`):
 * use `generate`, or start one and `wait` (or take the webhook). Their ids may be strings.
 *
 * @example
 * ```ts no-run
 * const video = await client.video.generate({ model_id: 'wan2.2', prompt: 'waves at night' }, { timeoutMs: 600_000 });
 * console.log(video.output[0]);
 * ```
 */
export class Video extends JobFamily {
  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    super(transport, 'video');
  }

  /**
   * `POST /video/text2video`.
   *
   * @param params `model_id` (the docs' pages name `wan2.2` and `ltx-2.3`), `prompt`, `num_frames`...
   * @param options Per-call options.
   * @returns The job's first answer.
   */
  text2video(params: Text2VideoParams, options: CallOptions = {}): ApiPromise<JobResult> {
    return this.start('text2video', params, ['model_id', 'prompt'], options);
  }

  /**
   * `POST /video/img2video`: animates `init_image` (a URL).
   *
   * @param params `model_id`, `init_image`, `prompt`...
   * @param options Per-call options.
   * @returns The job's first answer.
   */
  img2video(params: Img2VideoParams, options: CallOptions = {}): ApiPromise<JobResult> {
    return this.start('img2video', params, ['model_id', 'init_image'], options);
  }

  /**
   * `text2video`, then waits for it.
   *
   * @param params As for {@link Video.text2video}.
   * @param options An overall `timeoutMs`, a `signal`, the poll bounds.
   * @returns The finished job.
   */
  generate(params: Text2VideoParams, options: GenerateOptions = {}): Promise<JobSuccess> {
    return this.startAndWait('text2video', params, ['model_id', 'prompt'], options);
  }
}

import { type ApiPromise, ConfigurationError, type Transport } from '../../src/index.js';
import {
  type CreateEmbeddingParams,
  type EmbeddingResponse,
  EmbeddingResponseSchema,
} from './embed-schemas.js';
import { EmbedTasks, fileName, modelForm, oneSource, setNumber } from './embed-tasks.js';
import { EmbedV2 } from './embed-v2.js';
import type { CreateTaskOptions } from './tasks.js';

/**
 * TwelveLabs embeddings with Marengo: vectors for text, images, audio and video, to search or
 * compare with your own store. `create` and `tasks` are the v1 endpoints (`/embed`,
 * `/embed/tasks`, multipart), which TwelveLabs says "will be deprecated"; `v2` is `/embed-v2`
 * (JSON), which replaces them.
 *
 * @example
 * ```ts no-run
 * const { data } = await client.embed.v2.create({ input_type: 'text', model_name: 'marengo3.0', text: { input_text: 'a dog' } });
 * const task = await client.embed.v2.tasks.create({ input_type: 'video', model_name: 'marengo3.0', video: { media_source: { url } } });
 * const done = await client.embed.v2.tasks.waitForDone(task._id);
 * ```
 */
export class Embed {
  readonly #transport: Transport;
  /** v1 video embedding tasks (`/embed/tasks`). */
  readonly tasks: EmbedTasks;
  /** The Embed API v2 (`/embed-v2`). */
  readonly v2: EmbedV2;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
    this.tasks = new EmbedTasks(transport);
    this.v2 = new EmbedV2(transport);
  }

  /**
   * Embeds text, an image and/or audio at once (`POST /embed`, multipart; v1). A modality that
   * fails comes back with `error_message` in its part of the 200 answer, not as an error. An
   * image or audio file is streamed and the call is then sent once, without retries.
   *
   * @param params `model_name` and at least one input.
   * @param options Per-call options and an upload progress listener.
   * @returns `{ model_name, text_embedding, image_embedding, audio_embedding }`, vectors under `segments[].float`.
   * @throws {ConfigurationError} For no input, a URL and a file of the same modality, or an offset without audio.
   */
  create(params: CreateEmbeddingParams, options: CreateTaskOptions = {}): ApiPromise<EmbeddingResponse> {
    return this.#transport.request(() => {
      const form = embeddingForm(params);
      const upload = params.image_file !== undefined || params.audio_file !== undefined;
      // Embedding creates nothing at TwelveLabs: as safe to send again as a GET.
      return {
        ...options,
        method: 'POST',
        path: 'embed',
        form,
        upload,
        safeToRetry: !upload,
        schema: EmbeddingResponseSchema,
      };
    });
  }
}

function embeddingForm(params: CreateEmbeddingParams): FormData {
  const form = modelForm(params, 'embed.create');
  const text = params.text;
  if (text !== undefined && (typeof text !== 'string' || text.trim() === '')) {
    throw new ConfigurationError('TwelveLabs: embed.create `text` must be a non-empty string.');
  }
  const image = oneSource(params.image_url, params.image_file, 'image');
  const audio = oneSource(params.audio_url, params.audio_file, 'audio');
  if (text === undefined && !image && !audio) {
    throw new ConfigurationError(
      'TwelveLabs: embed.create needs text, image_url or image_file, or audio_url or audio_file.',
    );
  }
  if (params.audio_start_offset_sec !== undefined && !audio) {
    throw new ConfigurationError('TwelveLabs: audio_start_offset_sec needs audio_url or audio_file.');
  }
  // Field names and order of twelvelabs-js 1.3.4 api/resources/embed/client/Client.js; numbers as strings.
  if (text !== undefined) form.set('text', text);
  if (params.image_url !== undefined) form.set('image_url', params.image_url);
  if (params.image_file !== undefined)
    form.set('image_file', params.image_file, fileName(params.image_file, 'image'));
  if (params.audio_url !== undefined) form.set('audio_url', params.audio_url);
  if (params.audio_file !== undefined)
    form.set('audio_file', params.audio_file, fileName(params.audio_file, 'audio'));
  setNumber(form, 'audio_start_offset_sec', params.audio_start_offset_sec);
  return form;
}

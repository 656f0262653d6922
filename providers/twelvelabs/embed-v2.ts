import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import {
  type CreatedEmbeddingTask,
  CreatedEmbeddingTaskSchema,
  type EmbeddingTaskList,
  EmbeddingTaskListSchema,
  type ListEmbeddingTasksParams,
  type ListedEmbeddingTask,
} from './embed-schemas.js';
import {
  type CreateEmbeddingV2Params,
  type CreateEmbeddingV2TaskParams,
  type EmbeddingV2Response,
  EmbeddingV2ResponseSchema,
  type EmbeddingV2Task,
  EmbeddingV2TaskSchema,
} from './embed-v2-schemas.js';
import { everyPage } from './pages.js';
import { type WaitForDoneOptions, waitUntilFinished } from './wait.js';

const provider = 'TwelveLabs';

/** The Embed API v2 (`/embed-v2`, JSON): `create` answers at once; `tasks` for long media. */
export class EmbedV2 {
  readonly #transport: Transport;
  /** Async embedding tasks (`/embed-v2/tasks`). */
  readonly tasks: EmbedV2Tasks;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
    this.tasks = new EmbedV2Tasks(transport);
  }

  /**
   * Embeds one input at once (`POST /embed-v2`): text, an image, text with an image, audio or
   * video (Marengo 3.0: up to 10 min), or a `multi_input` (the only input Marengo 3.5 takes here).
   *
   * @param params `input_type`, `model_name` and the payload object named by `input_type`.
   * @param options Per-call options.
   * @returns `{ data: [{ embedding, embedding_option, embedding_scope, start_sec, end_sec }], metadata, usage }`.
   * @throws {ConfigurationError} When the payload is missing, another one is present, or a media source is not exactly one.
   */
  create(params: CreateEmbeddingV2Params, options: CallOptions = {}): ApiPromise<EmbeddingV2Response> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: 'embed-v2',
      json: v2Body(params, 'embed.v2.create', syncPayloads),
      safeToRetry: true,
      schema: EmbeddingV2ResponseSchema,
    }));
  }
}

/** Async v2 embedding tasks (`/embed-v2/tasks`): create, retrieve (also the status), list, iterate, waitForDone. */
export class EmbedV2Tasks {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Starts an embedding task (`POST /embed-v2/tasks`, 202 in the spec). It checks only that the
   * media plays: the task may still end `failed`. Results are kept 7 days.
   *
   * @param params `input_type` (`audio`, `video`; Marengo 3.5 also `image`, `document`), `model_name`, the payload.
   * @param options Per-call options.
   * @returns `{ _id, status: 'processing' }`.
   */
  create(params: CreateEmbeddingV2TaskParams, options: CallOptions = {}): ApiPromise<CreatedEmbeddingTask> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: 'embed-v2/tasks',
      json: v2Body(params, 'embed.v2.tasks.create', asyncPayloads),
      schema: CreatedEmbeddingTaskSchema,
    }));
  }

  /**
   * A task (`GET /embed-v2/tasks/{task_id}`), the v2 status too: `data` once `ready`, `error.message` if `failed`.
   *
   * @param taskId The task.
   * @param options Per-call options.
   * @returns The task.
   * @throws {NotFoundError} When there is no such task.
   */
  retrieve(taskId: string, options: CallOptions = {}): ApiPromise<EmbeddingV2Task> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `embed-v2/tasks/${pathSegment(taskId, 'task id', provider)}`,
      schema: EmbeddingV2TaskSchema,
    }));
  }

  /**
   * One page of tasks (`GET /embed-v2/tasks`): metadata, not vectors.
   *
   * @param params Dates, `status`, `page`, `page_limit`.
   * @param options Per-call options.
   * @returns `{ data, page_info }`.
   */
  list(params: ListEmbeddingTasksParams = {}, options: CallOptions = {}): ApiPromise<EmbeddingTaskList> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: 'embed-v2/tasks',
      query: { ...params },
      schema: EmbeddingTaskListSchema,
    }));
  }

  /**
   * Every task, page after page.
   *
   * @param params Filters and a page size; `page` is where to start.
   * @param options Per-call options, applied to every page.
   * @returns An async iterator of tasks.
   */
  async *iterate(
    params: ListEmbeddingTasksParams = {},
    options: CallOptions = {},
  ): AsyncGenerator<ListedEmbeddingTask, void, undefined> {
    yield* everyPage(params.page ?? 1, (page) => this.list({ ...params, page }, options));
  }

  /**
   * Polls `retrieve` until `ready` or `failed` (neither official SDK has this for v2); an unknown
   * status keeps it polling. A `failed` task is returned, not thrown: read `error.message`.
   *
   * @param taskId The task.
   * @param options `intervalMs` (default 5 s), `timeoutMs`, `signal`.
   * @returns The task, with `data` when `ready`.
   * @throws {TimeoutError} After `timeoutMs` (the task goes on at TwelveLabs).
   */
  waitForDone(taskId: string, options: WaitForDoneOptions = {}): Promise<EmbeddingV2Task> {
    return waitUntilFinished(
      `TwelveLabs embedding task ${taskId}`,
      (call) => this.retrieve(taskId, call),
      options,
    );
  }
}

// The payload objects each API takes; `input_type` names the one sent (twelvelabs-js 1.3.4
// CreateEmbeddingsRequest.js, CreateAsyncEmbeddingRequest.js).
const syncPayloads = ['text', 'image', 'text_image', 'audio', 'video', 'multi_input'] as const;
const asyncPayloads = ['audio', 'video', 'image', 'document'] as const;
const mediaPayloads: ReadonlySet<string> = new Set(['image', 'text_image', 'audio', 'video', 'document']);

/**
 * The JSON body: the payload named by `input_type` must be there and no other. An input type
 * keygate does not know is sent as it is, with its payload of the same name.
 */
function v2Body(params: object, method: string, payloads: readonly string[]): Record<string, unknown> {
  const body = params as Record<string, unknown>;
  if (typeof params !== 'object' || params === null) {
    throw new ConfigurationError(`TwelveLabs: ${method} needs a params object.`);
  }
  const inputType = body.input_type;
  if (typeof inputType !== 'string' || inputType === '') {
    throw new ConfigurationError(`TwelveLabs: ${method} needs an input_type (${payloads.join(', ')}).`);
  }
  if (typeof body.model_name !== 'string' || body.model_name.trim() === '') {
    throw new ConfigurationError(`TwelveLabs: ${method} needs a model_name, e.g. "marengo3.0".`);
  }
  const payload = body[inputType];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ConfigurationError(`TwelveLabs: input_type "${inputType}" needs a \`${inputType}\` object.`);
  }
  const other = payloads.find((name) => name !== inputType && body[name] !== undefined);
  if (other !== undefined) {
    throw new ConfigurationError(
      `TwelveLabs: input_type "${inputType}" takes \`${inputType}\` only, not \`${other}\`.`,
    );
  }
  const fields = payload as Record<string, unknown>;
  if (mediaPayloads.has(inputType)) checkMediaSource(fields.media_source, `${inputType}.media_source`);
  if (inputType === 'text' || inputType === 'text_image') {
    if (typeof fields.input_text !== 'string' || fields.input_text.trim() === '') {
      throw new ConfigurationError(`TwelveLabs: ${inputType}.input_text must be a non-empty string.`);
    }
  }
  if (inputType === 'multi_input') {
    // "Provide the input_text field, the media_sources field, or both." (twelvelabs-js 1.3.4 MultiInputRequest.d.ts)
    const sources = fields.media_sources;
    if (fields.input_text === undefined && (!Array.isArray(sources) || sources.length === 0)) {
      throw new ConfigurationError('TwelveLabs: multi_input needs input_text, media_sources, or both.');
    }
    for (const [i, source] of (Array.isArray(sources) ? sources : []).entries()) {
      checkMediaSource(source, `multi_input.media_sources[${i}]`);
    }
  }
  return { ...body };
}

/** "You must provide exactly one of url, base64_string, or asset_id" (twelvelabs-js 1.3.4 api/types/MediaSource.d.ts). */
function checkMediaSource(source: unknown, where: string): void {
  const given =
    typeof source === 'object' && source !== null
      ? (['url', 'base64_string', 'asset_id'] as const).filter(
          (key) => (source as Record<string, unknown>)[key] !== undefined,
        )
      : [];
  if (given.length !== 1) {
    throw new ConfigurationError(
      `TwelveLabs: ${where} needs exactly one of url, base64_string and asset_id.`,
    );
  }
}

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
  type CreateEmbeddingTaskParams,
  type EmbeddingTask,
  type EmbeddingTaskList,
  EmbeddingTaskListSchema,
  EmbeddingTaskSchema,
  type EmbeddingTaskStatusResponse,
  EmbeddingTaskStatusResponseSchema,
  type ListEmbeddingTasksParams,
  type ListedEmbeddingTask,
  type RetrieveEmbeddingTaskParams,
} from './embed-schemas.js';
import { everyPage } from './pages.js';
import type { CreateTaskOptions } from './tasks.js';
import { type WaitForDoneOptions, waitUntilFinished } from './wait.js';

// v1 video embedding tasks, with what they share: the polling v2 tasks use too, and the multipart
// form checks of both v1 calls (`embed.create` in embed.ts).

const provider = 'TwelveLabs';

/** v1 video embedding tasks (`/embed/tasks`): create, status, retrieve, list, iterate, waitForDone. */
export class EmbedTasks {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Starts a video embedding task (`POST /embed/tasks`, multipart). Embeddings are kept 7 days.
   *
   * @param params `model_name`, one of `video_url` / `video_file`, offsets, clip length, scopes.
   * @param options Per-call options and an upload progress listener.
   * @returns `{ _id }`.
   * @throws {ConfigurationError} For both or neither video, or one offset without the other.
   */
  create(
    params: CreateEmbeddingTaskParams,
    options: CreateTaskOptions = {},
  ): ApiPromise<CreatedEmbeddingTask> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: 'embed/tasks',
      form: videoTaskForm(params),
      upload: params.video_file !== undefined,
      schema: CreatedEmbeddingTaskSchema,
    }));
  }

  /**
   * A task's status (`GET /embed/tasks/{task_id}/status`): `processing`, `ready` or `failed`.
   *
   * @param taskId The task.
   * @param options Per-call options.
   * @returns `{ _id, status, model_name, video_embedding: { metadata } }`.
   */
  status(taskId: string, options: CallOptions = {}): ApiPromise<EmbeddingTaskStatusResponse> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `embed/tasks/${pathSegment(taskId, 'task id', provider)}/status`,
      schema: EmbeddingTaskStatusResponseSchema,
    }));
  }

  /**
   * A task with its embeddings (`GET /embed/tasks/{task_id}`); the segments come once it is `ready`.
   *
   * @param taskId The task.
   * @param params `embedding_option`: only these types, sent as repeated keys
   *   (`embedding_option=visual&embedding_option=audio`, as twelvelabs-js 1.3.4's qs `arrayFormat: "repeat"`).
   * @param options Per-call options.
   * @returns The task; vectors under `video_embedding.segments[].float`.
   */
  retrieve(
    taskId: string,
    params: RetrieveEmbeddingTaskParams = {},
    options: CallOptions = {},
  ): ApiPromise<EmbeddingTask> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `embed/tasks/${pathSegment(taskId, 'task id', provider)}`,
      query: { embedding_option: params.embedding_option },
      schema: EmbeddingTaskSchema,
    }));
  }

  /**
   * One page of tasks (`GET /embed/tasks`): metadata, not vectors.
   *
   * @param params Dates, `status`, `page`, `page_limit`.
   * @param options Per-call options.
   * @returns `{ data, page_info }`.
   */
  list(params: ListEmbeddingTasksParams = {}, options: CallOptions = {}): ApiPromise<EmbeddingTaskList> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: 'embed/tasks',
      query: { ...params },
      schema: EmbeddingTaskListSchema,
    }));
  }

  /**
   * Every task, page after page (until an empty page, as twelvelabs-js does, or the last one).
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
   * Polls `GET /embed/tasks/{task_id}/status` until `ready` or `failed`, as twelvelabs-js 1.3.4's
   * EmbedTasksWrapper.waitForDone does (a missing or unknown status keeps it polling). A `failed`
   * task is returned, not thrown. Then `retrieve` the embeddings.
   *
   * @param taskId The task.
   * @param options `intervalMs` (default 5 s), `timeoutMs`, `signal`.
   * @returns The last status answer.
   * @throws {TimeoutError} After `timeoutMs` (the task goes on at TwelveLabs).
   */
  waitForDone(taskId: string, options: WaitForDoneOptions = {}): Promise<EmbeddingTaskStatusResponse> {
    return waitUntilFinished(
      `TwelveLabs embedding task ${taskId}`,
      (call) => this.status(taskId, call),
      options,
    );
  }
}

function videoTaskForm(params: CreateEmbeddingTaskParams): FormData {
  const form = modelForm(params, 'embed.tasks.create');
  // The API takes both and prefers the URL (docs): a file sent with a URL would be uploaded for nothing.
  if (!oneSource(params.video_url, params.video_file, 'video')) {
    throw new ConfigurationError('TwelveLabs: embed.tasks.create needs video_url or video_file.');
  }
  // "You must set both the start and end offsets. Setting only one of these offsets is not
  // permitted, resulting in an error." (twelvelabs-js 1.3.4 TasksCreateRequest.d.ts)
  if ((params.video_start_offset_sec === undefined) !== (params.video_end_offset_sec === undefined)) {
    throw new ConfigurationError(
      'TwelveLabs: give both video_start_offset_sec and video_end_offset_sec, or neither.',
    );
  }
  if (params.video_file !== undefined)
    form.set('video_file', params.video_file, fileName(params.video_file, 'video'));
  if (params.video_url !== undefined) form.set('video_url', params.video_url);
  setNumber(form, 'video_start_offset_sec', params.video_start_offset_sec);
  setNumber(form, 'video_end_offset_sec', params.video_end_offset_sec);
  setNumber(form, 'video_clip_length', params.video_clip_length);
  // One field per scope, as twelvelabs-js appends them and the docs' curl shows
  // (--form video_embedding_scope=clip --form video_embedding_scope=video).
  const scopes = params.video_embedding_scope;
  for (const scope of scopes === undefined ? [] : typeof scopes === 'string' ? [scopes] : scopes) {
    form.append('video_embedding_scope', scope);
  }
  return form;
}

/**
 * A v1 multipart form with its `model_name`, after checking `params` is an object.
 *
 * @param params The call's params.
 * @param method The method, for messages (`embed.create`).
 * @returns The form.
 * @throws {ConfigurationError} For no params object or no `model_name`.
 */
export function modelForm(params: { model_name?: unknown } | undefined, method: string): FormData {
  if (typeof params !== 'object' || params === null) {
    throw new ConfigurationError(`TwelveLabs: ${method} needs a params object.`);
  }
  if (typeof params.model_name !== 'string' || params.model_name.trim() === '') {
    throw new ConfigurationError(`TwelveLabs: ${method} needs a model_name, e.g. "marengo3.0".`);
  }
  const form = new FormData();
  form.set('model_name', params.model_name);
  return form;
}

/**
 * Whether a modality is given, by URL or file; both is a mistake.
 *
 * @param url The `<what>_url` param.
 * @param file The `<what>_file` param.
 * @param what The modality (`image`, `audio`, `video`).
 * @returns Whether either is given.
 * @throws {ConfigurationError} For both, an empty URL or a file that is not a Blob.
 */
export function oneSource(url: unknown, file: unknown, what: string): boolean {
  if (url !== undefined && file !== undefined) {
    throw new ConfigurationError(`TwelveLabs: give ${what}_url or ${what}_file, not both.`);
  }
  if (url !== undefined && (typeof url !== 'string' || url === '')) {
    throw new ConfigurationError(`TwelveLabs: ${what}_url must be a URL string.`);
  }
  if (file !== undefined && !(file instanceof Blob)) {
    throw new ConfigurationError(
      `TwelveLabs: ${what}_file must be a Blob or File (e.g. from fs.openAsBlob).`,
    );
  }
  return url !== undefined || file !== undefined;
}

/**
 * Sets a number of seconds as a form field, as a string (as twelvelabs-js sends numbers).
 *
 * @param form The form.
 * @param name The field.
 * @param value The param; nothing is set when it is undefined.
 * @throws {ConfigurationError} When it is not a finite number.
 */
export function setNumber(form: FormData, name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigurationError(`TwelveLabs: ${name} must be a number of seconds.`);
  }
  form.set(name, String(value));
}

/**
 * The file name a file part is sent with.
 *
 * @param file The Blob or File.
 * @param fallback The name when it has none.
 * @returns `file.name`, or `fallback`.
 */
export function fileName(file: Blob, fallback: string): string {
  return file instanceof File && file.name !== '' ? file.name : fallback;
}

import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
  type UploadProgressListener,
} from '../../src/index.js';
import { everyPage } from './pages.js';
import {
  type CreatedTask,
  CreatedTaskSchema,
  type CreateTaskParams,
  EmptySchema,
  type ListTasksParams,
  type Task,
  type TaskList,
  TaskListSchema,
  TaskSchema,
} from './schemas.js';
import { type WaitForDoneOptions, waitUntilFinished } from './wait.js';
/** Options of `tasks.create`. */
export interface CreateTaskOptions extends CallOptions {
  /** Receives the upload's progress as the file streams. */
  onUploadProgress?: UploadProgressListener | undefined;
}

// The display name for messages; errors carry the id (the transport sets it on everything it throws).
const provider = 'TwelveLabs';

/**
 * TwelveLabs video indexing tasks (`/tasks`): upload a video into an index and follow it until
 * it is `ready` or `failed`.
 *
 * @example
 * ```ts no-run
 * import { openAsBlob } from 'node:fs';
 * const task = await client.tasks.create({ index_id: 'idx', video_file: await openAsBlob('talk.mp4') });
 * const done = await client.tasks.waitForDone(task._id);
 * ```
 */
export class Tasks {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Creates a video indexing task (`POST /tasks`, multipart). TwelveLabs marks this endpoint
   * legacy, to be replaced by `POST /assets` then `POST /indexes/{index-id}/indexed-assets`
   * (docs.twelvelabs.io, tasks/create); it still works. A `video_file` is streamed from
   * its source (e.g. `fs.openAsBlob`), never read whole into memory: the upload is sent once,
   * without retries, and a redirect fails it instead of re-sending the file elsewhere.
   *
   * @param params `index_id` and exactly one of `video_file` / `video_url`.
   * @param options Per-call options and an upload progress listener.
   * @returns `{ _id, video_id }`.
   * @throws {ConfigurationError} When both or neither of `video_file` and `video_url` are given.
   */
  create(params: CreateTaskParams, options: CreateTaskOptions = {}): ApiPromise<CreatedTask> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: 'tasks',
      form: taskForm(params),
      upload: params.video_file !== undefined,
      schema: CreatedTaskSchema,
    }));
  }

  /**
   * Lists one page of tasks (`GET /tasks`), newest first unless `sort_option` says otherwise.
   *
   * @param params Paging, sorting and filters: `index_id`, `status` (one or several: sent as
   *   repeated keys), `filename`, `duration`, `width`, `height`, `created_at`, `updated_at`.
   * @param options Per-call options.
   * @returns `{ data, page_info }`.
   */
  list(params: ListTasksParams = {}, options: CallOptions = {}): ApiPromise<TaskList> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: 'tasks',
      // A status list goes as repeated keys, as twelvelabs-js sends lists (qs `arrayFormat:
      // "repeat"`): status=ready&status=failed.
      query: { ...params },
      schema: TaskListSchema,
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
    params: ListTasksParams = {},
    options: CallOptions = {},
  ): AsyncGenerator<Task, void, undefined> {
    yield* everyPage(params.page ?? 1, (page) => this.list({ ...params, page }, options));
  }

  /**
   * Deletes a task (`DELETE /tasks/{id}`, 204). Only a `ready` or `failed` task can be deleted
   * (for a `ready` one, delete its video first); otherwise TwelveLabs answers
   * `task_cannot_be_deleted`.
   *
   * @param taskId The task.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  delete(taskId: string, options: CallOptions = {}): ApiPromise<undefined> {
    return this.#transport.request(() => ({
      ...options,
      method: 'DELETE',
      path: `tasks/${pathSegment(taskId, 'task id', provider)}`,
      schema: EmptySchema,
    }));
  }

  /**
   * Retrieves a task (`GET /tasks/{id}`).
   *
   * @param taskId The task id.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns The task, with its `status`.
   */
  retrieve(taskId: string, options: CallOptions = {}): ApiPromise<Task> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `tasks/${pathSegment(taskId, 'task id', provider)}`,
      schema: TaskSchema,
    }));
  }

  /**
   * Polls a task until it is `ready` or `failed` and resolves with it (a `failed` task is a
   * result, not an error: check `status`).
   *
   * @param taskId The task id.
   * @param options The interval, an overall timeout and a signal.
   * @returns The final task.
   * @throws {TimeoutError} When `timeoutMs` passes first.
   */
  waitForDone(taskId: string, options: WaitForDoneOptions = {}): Promise<Task> {
    return waitUntilFinished(`TwelveLabs task ${taskId}`, (call) => this.retrieve(taskId, call), options);
  }
}

function taskForm(params: CreateTaskParams): FormData {
  if (typeof params?.index_id !== 'string' || params.index_id === '') {
    throw new ConfigurationError('TwelveLabs: tasks.create needs an index_id.');
  }
  const hasFile = params.video_file !== undefined;
  const hasUrl = params.video_url !== undefined;
  if (hasFile === hasUrl) {
    throw new ConfigurationError('TwelveLabs: tasks.create needs exactly one of video_file and video_url.');
  }
  if (hasFile && !(params.video_file instanceof Blob)) {
    throw new ConfigurationError('TwelveLabs: video_file must be a Blob or File (e.g. from fs.openAsBlob).');
  }
  const form = new FormData();
  form.set('index_id', params.index_id);
  if (params.video_file !== undefined) {
    const name = params.video_file instanceof File ? params.video_file.name : 'video';
    form.set('video_file', params.video_file, name);
  }
  if (params.video_url !== undefined) form.set('video_url', params.video_url);
  if (params.enable_video_stream !== undefined)
    form.set('enable_video_stream', String(params.enable_video_stream));
  if (params.user_metadata !== undefined) form.set('user_metadata', JSON.stringify(params.user_metadata));
  return form;
}

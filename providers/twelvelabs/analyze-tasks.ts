import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import {
  type AnalyzeTask,
  type AnalyzeTaskList,
  AnalyzeTaskListSchema,
  AnalyzeTaskSchema,
  type CreateAnalyzeTaskParams,
  type CreatedAnalyzeTask,
  CreatedAnalyzeTaskSchema,
  type ListAnalyzeTasksParams,
} from './analyze-schemas.js';
import { everyPage } from './pages.js';
import { EmptySchema } from './schemas.js';
import { type WaitForDoneOptions, waitUntilFinished } from './wait.js';

const provider = 'TwelveLabs';
// "custom_id: 1–64 characters of letters, digits, underscores and hyphens" (the spec,
// CreateAsyncAnalyzeRequest); checked here so a typo costs no call.
const customIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Analyze tasks (`/analyze/tasks`): analysis that runs at TwelveLabs while you wait or poll, for
 * videos up to 2 hours and for `time_based_metadata` segments. A task ends `ready` (its
 * `result`) or `failed` (its `error.message`). TwelveLabs can also call a webhook
 * (`analyze.task.ready` / `analyze.task.failed`, see `verifyTwelveLabsWebhook`).
 */
export class AnalyzeTasks {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Starts an analyze task (`POST /analyze/tasks`, 202). Not sent again after a connection
   * failure: TwelveLabs may have started it (and `custom_id` is not unique).
   *
   * @param params `video` (required), `model_name`, `prompt`, `analysis_mode`, `custom_id`...
   * @param options Per-call options.
   * @returns `{ task_id, status }`.
   */
  create(params: CreateAnalyzeTaskParams, options: CallOptions = {}): ApiPromise<CreatedAnalyzeTask> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: 'analyze/tasks',
      json: taskBody(params),
      schema: CreatedAnalyzeTaskSchema,
    }));
  }

  /**
   * One analyze task (`GET /analyze/tasks/{task_id}`), with `result` once `ready`.
   *
   * @param taskId The task.
   * @param options Per-call options.
   * @returns The task.
   * @throws {NotFoundError} When there is no such task.
   */
  retrieve(taskId: string, options: CallOptions = {}): ApiPromise<AnalyzeTask> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `analyze/tasks/${pathSegment(taskId, 'task id', provider)}`,
      schema: AnalyzeTaskSchema,
    }));
  }

  /**
   * One page of analyze tasks (`GET /analyze/tasks`); in lists, `request_params.prompt` is cut
   * to 30 characters.
   *
   * @param params Paging and filters.
   * @param options Per-call options.
   * @returns `{ data, page_info }`.
   */
  list(params: ListAnalyzeTasksParams = {}, options: CallOptions = {}): ApiPromise<AnalyzeTaskList> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: 'analyze/tasks',
      query: { ...params },
      schema: AnalyzeTaskListSchema,
    }));
  }

  /**
   * Every analyze task, page after page.
   *
   * @param params Filters and a page size; `page` is where to start.
   * @param options Per-call options, applied to every page.
   * @returns An async iterator of tasks.
   */
  async *iterate(
    params: ListAnalyzeTasksParams = {},
    options: CallOptions = {},
  ): AsyncGenerator<AnalyzeTask, void, undefined> {
    yield* everyPage(params.page ?? 1, (page) => this.list({ ...params, page }, options));
  }

  /**
   * Deletes an analyze task (`DELETE /analyze/tasks/{task_id}`); TwelveLabs refuses (409) while
   * it is being processed. Resolves `undefined`.
   *
   * @param taskId The task.
   * @param options Per-call options.
   * @returns `undefined`.
   */
  delete(taskId: string, options: CallOptions = {}): ApiPromise<undefined> {
    return this.#transport.request(() => ({
      ...options,
      method: 'DELETE',
      path: `analyze/tasks/${pathSegment(taskId, 'task id', provider)}`,
      schema: EmptySchema,
    }));
  }

  /**
   * Polls a task until it is `ready` or `failed` (neither official SDK has this for analyze
   * tasks). A status keygate does not know keeps it polling. A `failed` task is returned, not
   * thrown: read its `error.message`.
   *
   * @param taskId The task.
   * @param options `intervalMs` (default 5 s), `timeoutMs`, `signal`.
   * @returns The task, `ready` or `failed`.
   * @throws {TimeoutError} After `timeoutMs` (the task goes on at TwelveLabs).
   * @throws {AbortError} When `signal` aborts.
   */
  waitForDone(taskId: string, options: WaitForDoneOptions = {}): Promise<AnalyzeTask> {
    return waitUntilFinished(
      `TwelveLabs analyze task ${taskId}`,
      (call) => this.retrieve(taskId, call),
      options,
    );
  }
}

function taskBody(params: CreateAnalyzeTaskParams): Record<string, unknown> {
  if (
    typeof params !== 'object' ||
    params === null ||
    typeof params.video !== 'object' ||
    params.video === null
  ) {
    throw new ConfigurationError(
      'TwelveLabs: analyze.tasks.create needs `video` ({ type: "url" | "asset_id" | "base64_string", ... }).',
    );
  }
  const segments = params.analysis_mode === 'time_based_metadata';
  if (!segments && params.prompt === undefined && params.prompt_v2 === undefined) {
    throw new ConfigurationError(
      'TwelveLabs: analyze.tasks.create needs a `prompt` (or `prompt_v2`) in general mode.',
    );
  }
  if (params.custom_id !== undefined && !customIdPattern.test(String(params.custom_id))) {
    throw new ConfigurationError('TwelveLabs: `custom_id` must be 1 to 64 letters, digits, "_" or "-".');
  }
  return { ...params };
}

import type { ObjectStorage } from './sim-storage.js';
import { TwelveLabsAnalyze } from './sim-twelvelabs-analyze.js';
import { TwelveLabsAssets } from './sim-twelvelabs-assets.js';
import { TwelveLabsEmbed } from './sim-twelvelabs-embed.js';
import { TwelveLabsSearch } from './sim-twelvelabs-search.js';
import {
  describeUpload,
  error,
  newId as id,
  listParam,
  notFound,
  pageOf,
  type SimIndex,
  sorted,
  TwelveLabsVideos,
  type Upload,
} from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse, TwelveLabsKeyScenario } from './sim-types.js';

/** Options of the simulated TwelveLabs API. */
export interface TwelveLabsSimOptions {
  /** Key → scenario; unknown keys are invalid. */
  keys: Map<string, TwelveLabsKeyScenario>;
  /** How many `GET /tasks/{id}` it takes a task to become ready. */
  pollsUntilReady: number;
  /** The simulator's origin, for thumbnail URLs. */
  origin: () => string;
  /** The second origin multipart uploads send their parts to. */
  storage: ObjectStorage;
  /** The chunk size multipart uploads get, in bytes. */
  chunkSize: number;
}

interface SimTask extends Upload {
  _id: string;
  index_id: string;
  video_id: string;
  created_at: string;
  updated_at: string;
  polls: number;
  /** The last status seen, so `updated_at` moves and the video is added only on a change. */
  status: string;
}

type Route = [method: string, pattern: string, run: (params: string[]) => SimResponse];

// The models a new index may use (twelvelabs-js README: "marengo3.0" for search, "pegasus1.2" for generation).
const indexModels: ReadonlySet<string> = new Set(['marengo3.0', 'pegasus1.2']);
const taskSteps = ['validating', 'pending', 'queued', 'indexing'] as const;

/**
 * An in-memory TwelveLabs v1.3: indexes, their videos, tasks and search behind the `x-api-key`
 * header, errors as `{ code, message, docs_url }` with real statuses, as TwelveLabs documents them.
 */
export class TwelveLabsSim {
  readonly #options: TwelveLabsSimOptions;
  readonly #indexes = new Map<string, SimIndex>();
  readonly #tasks = new Map<string, SimTask>();
  readonly #videos = new TwelveLabsVideos();
  readonly #search: TwelveLabsSearch;
  readonly #assets: TwelveLabsAssets;
  readonly #embed: TwelveLabsEmbed;
  readonly #analyze: TwelveLabsAnalyze;

  /** @param options Keys, task timing and the origin. */
  constructor(options: TwelveLabsSimOptions) {
    this.#options = options;
    this.#search = new TwelveLabsSearch({
      index: (indexId) => this.#indexes.get(indexId),
      videos: this.#videos,
      origin: options.origin,
    });
    const { pollsUntilReady, storage, chunkSize } = options;
    const index = (indexId: string) => this.#indexes.get(indexId);
    this.#assets = new TwelveLabsAssets({ index, videos: this.#videos, storage, pollsUntilReady, chunkSize });
    this.#embed = new TwelveLabsEmbed({ pollsUntilReady });
    this.#analyze = new TwelveLabsAnalyze({ pollsUntilReady });
  }

  /**
   * Answers one request below `/v1.3`.
   *
   * @param request The parsed request.
   * @returns The answer.
   */
  async handle(request: SimRequest): Promise<SimResponse> {
    const denied = this.#authenticate(request);
    if (denied) return denied;
    const segments = request.path.split('/').map(decodeURIComponent);
    const { body } = request;
    const query = request.url.searchParams;
    const delegated =
      this.#assets.handle(request, segments) ??
      this.#embed.handle(request, segments) ??
      this.#analyze.handle(request, segments);
    if (delegated !== undefined) return delegated;
    // Routes as `METHOD pattern`; `:name` takes one non-empty path segment, passed in order.
    const routes: Route[] = [
      ['POST', 'indexes', () => this.#createIndex(body)],
      ['GET', 'indexes', () => this.#listIndexes(query)],
      ['GET', 'indexes/:index', ([i]) => this.#withIndex(i, (index) => ({ status: 200, body: index }))],
      ['PUT', 'indexes/:index', ([i]) => this.#withIndex(i, (index) => this.#renameIndex(index, body))],
      ['DELETE', 'indexes/:index', ([i]) => this.#withIndex(i, (index) => this.#deleteIndex(index))],
      [
        'GET',
        'indexes/:index/videos',
        ([i]) => this.#withIndex(i, (index) => this.#videos.list(index, query)),
      ],
      [
        '*',
        'indexes/:index/videos/:video',
        ([i, v]) => this.#withIndex(i, (index) => this.#videos.handle(request, index, v ?? '')),
      ],
      ['POST', 'tasks', () => this.#createTask(body)],
      ['GET', 'tasks', () => this.#listTasks(query)],
      ['GET', 'tasks/:task', ([t]) => this.#withTask(t, (task) => this.#advanceTask(task))],
      ['DELETE', 'tasks/:task', ([t]) => this.#withTask(t, (task) => this.#deleteTask(task))],
      ['POST', 'search', () => this.#search.search(body)],
      ['GET', 'search/:token', ([token]) => this.#search.page(token ?? '', query)],
    ];
    for (const [method, pattern, run] of routes) {
      const params = match(pattern, segments);
      if (params && (method === '*' || method === request.method)) return run(params);
    }
    return notFound(request);
  }

  #authenticate(request: SimRequest): SimResponse | undefined {
    const { credential } = request;
    // TwelveLabs reads the key from x-api-key only: a key anywhere else is no key at all.
    const key =
      credential.location === 'header' && credential.name === 'x-api-key' ? credential.key : undefined;
    const scenario = key === undefined ? 'invalid' : (this.#options.keys.get(key) ?? 'invalid');
    switch (scenario) {
      case 'valid':
        return undefined;
      case 'forbidden':
        return error(403, 'forbidden', 'Your plan does not allow this operation.');
      case 'rateLimited':
        return error(429, 'too_many_requests', 'You have exceeded the rate limit. Try again later.', {
          'retry-after': '1',
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
        });
      default:
        // Expired keys get the same answer as invalid ones, as on the real API.
        return error(401, 'api_key_invalid', 'The API key you provided is not valid or has expired.');
    }
  }

  #createIndex(body: SimRequest['body']): SimResponse {
    // marengo2.7 was deprecated with its videos reindexed to Marengo 3.0 from mid-March 2026
    // (twelvelabs-js, IndexesCreateRequestModelsItem.ts before 1.2.2); new indexes take these.
    const params = body instanceof FormData || body === undefined ? {} : body;
    if (typeof params.index_name !== 'string' || params.index_name === '') {
      return error(400, 'parameter_not_provided', 'The index_name parameter is required.');
    }
    if (!Array.isArray(params.models) || params.models.length === 0) {
      return error(400, 'parameter_invalid', 'The models parameter must list at least one model.');
    }
    const stale = params.models.find(
      (model) => !indexModels.has(String((model as { model_name?: unknown } | null)?.model_name)),
    );
    if (stale !== undefined) {
      return error(
        400,
        'parameter_invalid',
        `The models parameter is invalid: ${JSON.stringify(String((stale as { model_name?: unknown } | null)?.model_name)).slice(0, 60)} cannot index new videos; use marengo3.0 or pegasus1.2.`,
      );
    }
    if ([...this.#indexes.values()].some((index) => index.index_name === params.index_name)) {
      return error(409, 'index_name_already_exists', `An index named ${params.index_name} already exists.`);
    }
    const now = new Date().toISOString();
    const index: SimIndex = {
      _id: id(),
      index_name: params.index_name,
      models: params.models,
      addons: Array.isArray(params.addons) ? params.addons : [],
      video_count: 0,
      total_duration: 0,
      created_at: now,
      updated_at: now,
    };
    this.#indexes.set(index._id, index);
    return { status: 201, body: { _id: index._id } };
  }

  #listIndexes(query: URLSearchParams): SimResponse {
    const nameFilter = query.get('index_name');
    const family = query.get('model_family');
    const options = query.get('model_options')?.split(',').filter(Boolean) ?? [];
    const models = (index: SimIndex) =>
      index.models as Array<{ model_name?: string; model_options?: string[] }>;
    const all = sorted(this.#indexes.values(), query)
      .filter((index) => !nameFilter || index.index_name.includes(nameFilter))
      .filter((index) => !family || models(index).some((model) => model.model_name?.startsWith(family)))
      .filter((index) =>
        options.every((option) => models(index).some((model) => model.model_options?.includes(option))),
      );
    return pageOf(all, query);
  }

  #withIndex(indexId: string | undefined, then: (index: SimIndex) => SimResponse): SimResponse {
    const index = this.#indexes.get(indexId ?? '');
    return index ? then(index) : error(404, 'resource_not_exist', `The index ${indexId} does not exist.`);
  }

  #renameIndex(index: SimIndex, body: SimRequest['body']): SimResponse {
    const name = body instanceof FormData ? undefined : body?.index_name;
    if (typeof name !== 'string' || name === '')
      return error(400, 'parameter_not_provided', 'index_name is required.');
    index.index_name = name;
    index.updated_at = new Date().toISOString();
    return { status: 200 };
  }

  #deleteIndex(index: SimIndex): SimResponse {
    this.#indexes.delete(index._id);
    this.#videos.dropIndex(index._id);
    return { status: 204 };
  }

  #createTask(body: SimRequest['body']): SimResponse {
    if (!(body instanceof FormData))
      return error(400, 'parameter_invalid', 'Tasks are created with multipart/form-data.');
    const indexId = body.get('index_id');
    const index = typeof indexId === 'string' ? this.#indexes.get(indexId) : undefined;
    if (!index) return error(400, 'parameter_invalid', 'The index_id parameter does not name an index.');
    const upload = describeUpload(body);
    if ('status' in upload) return upload;
    const now = new Date().toISOString();
    const task: SimTask = {
      _id: id(),
      index_id: index._id,
      video_id: id(),
      created_at: now,
      updated_at: now,
      polls: 0,
      status: taskSteps[0],
      ...upload,
    };
    this.#tasks.set(task._id, task);
    return { status: 201, body: { _id: task._id, video_id: task.video_id } };
  }

  #withTask(taskId: string | undefined, then: (task: SimTask) => SimResponse): SimResponse {
    const task = this.#tasks.get(taskId ?? '');
    return task ? then(task) : error(404, 'resource_not_exist', `The task ${taskId} does not exist.`);
  }

  /** `GET /tasks/{id}`: the only call that moves a task on. */
  #advanceTask(task: SimTask): SimResponse {
    task.polls += 1;
    return { status: 200, body: this.#view(task) };
  }

  /**
   * The task object at its current status (twelvelabs-js src/api/types/VideoIndexingTask.ts); a
   * task seen `ready` for the first time adds its video to the index.
   */
  #view(task: SimTask): Record<string, unknown> {
    const done = task.polls >= this.#options.pollsUntilReady;
    const step = taskSteps[Math.min(task.polls, taskSteps.length - 1)] ?? 'indexing';
    const status = done ? (task.fails ? 'failed' : 'ready') : step;
    if (status !== task.status) {
      task.status = status;
      task.updated_at = new Date().toISOString();
      const index = this.#indexes.get(task.index_id);
      if (status === 'ready' && index)
        this.#videos.add(index, task.video_id, task.filename, task.userMetadata);
    }
    const { _id, index_id, video_id, created_at, updated_at } = task;
    return { _id, index_id, video_id, created_at, status, updated_at };
  }

  /**
   * `GET /tasks` (twelvelabs-js src/api/resources/tasks/client/requests/TasksListRequest.ts):
   * `index_id`, `status` repeated (`status=ready&status=failed`), `filename`, sorted and paged.
   */
  #listTasks(query: URLSearchParams): SimResponse {
    const indexId = query.get('index_id');
    const statuses = listParam(query, 'status');
    const filename = query.get('filename');
    const tasks = sorted(this.#tasks.values(), query)
      .filter((task) => !indexId || task.index_id === indexId)
      .filter((task) => !filename || task.filename.includes(filename))
      .map((task) => this.#view(task))
      .filter((task) => statuses.length === 0 || statuses.includes(String(task.status)));
    return pageOf(tasks, query);
  }

  /** `DELETE /tasks/{id}`: only a `ready` or `failed` task (twelvelabs-js src/api/resources/tasks/client/Client.ts). */
  #deleteTask(task: SimTask): SimResponse {
    const { status } = this.#view(task);
    if (status !== 'ready' && status !== 'failed') {
      return error(
        400,
        'task_cannot_be_deleted',
        `The task ${task._id} is ${String(status)}; only ready or failed tasks can be deleted.`,
      );
    }
    this.#tasks.delete(task._id);
    return { status: 204 };
  }
}

/** The params of a route pattern (`indexes/:index/videos`), or `undefined` when the path differs. */
function match(pattern: string, segments: readonly string[]): string[] | undefined {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: string[] = [];
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      params.push(segment);
    } else if (part !== segment) return undefined;
  }
  return params;
}

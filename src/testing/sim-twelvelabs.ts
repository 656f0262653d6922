import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse, TwelveLabsKeyScenario } from './sim-types.js';

/** Options of the simulated TwelveLabs API. */
export interface TwelveLabsSimOptions {
  /** Key → scenario; unknown keys are invalid. */
  keys: Map<string, TwelveLabsKeyScenario>;
  /** How many `GET /tasks/{id}` it takes a task to become ready. */
  pollsUntilReady: number;
}

interface SimIndex {
  _id: string;
  index_name: string;
  models: unknown[];
  addons: string[];
  video_count: number;
  total_duration: number;
  created_at: string;
  updated_at: string;
}

interface SimTask {
  _id: string;
  index_id: string;
  video_id: string;
  polls: number;
  fails: boolean;
  created_at: string;
}

// The models a new index may use (twelvelabs-js README: "marengo3.0" for search, "pegasus1.2" for generation).
const indexModels: ReadonlySet<string> = new Set(['marengo3.0', 'pegasus1.2']);
const taskSteps = ['validating', 'pending', 'queued', 'indexing'] as const;
const id = () => randomBytes(12).toString('hex');
const error = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SimResponse => ({
  status,
  body: { code, message, docs_url: `https://docs.twelvelabs.io/v1.3/api-reference/error-codes#${code}` },
  ...(headers ? { headers } : {}),
});

/**
 * An in-memory TwelveLabs v1.3: indexes and tasks behind the `x-api-key` header, errors as
 * `{ code, message, docs_url }` with real statuses, as TwelveLabs documents them.
 */
export class TwelveLabsSim {
  readonly #options: TwelveLabsSimOptions;
  readonly #indexes = new Map<string, SimIndex>();
  readonly #tasks = new Map<string, SimTask>();

  /** @param options Keys and task timing. */
  constructor(options: TwelveLabsSimOptions) {
    this.#options = options;
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
    const [resource, itemId, extra] = request.path.split('/').map(decodeURIComponent);
    if (extra !== undefined) return error(404, 'endpoint_not_exists', 'The endpoint does not exist.');
    const route = `${request.method} ${resource}${itemId === undefined ? '' : '/:id'}`;
    switch (route) {
      case 'POST indexes':
        return this.#createIndex(request.body);
      case 'GET indexes':
        return this.#listIndexes(request.url.searchParams);
      case 'GET indexes/:id':
        return this.#withIndex(itemId, (index) => ({ status: 200, body: index }));
      case 'PUT indexes/:id':
        return this.#withIndex(itemId, (index) => this.#renameIndex(index, request.body));
      case 'DELETE indexes/:id':
        return this.#withIndex(itemId, (index) => {
          this.#indexes.delete(index._id);
          return { status: 204 };
        });
      case 'POST tasks':
        return this.#createTask(request.body);
      case 'GET tasks/:id':
        return this.#advanceTask(itemId ?? '');
      default:
        return error(
          404,
          'endpoint_not_exists',
          `The endpoint ${request.method} /${request.path} does not exist.`,
        );
    }
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
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const limit = Math.min(50, Math.max(1, Number(query.get('page_limit') ?? 10) || 10));
    const nameFilter = query.get('index_name');
    const sortBy = query.get('sort_by') === 'updated_at' ? 'updated_at' : 'created_at';
    const direction = query.get('sort_option') === 'asc' ? 1 : -1;
    const family = query.get('model_family');
    const options = query.get('model_options')?.split(',').filter(Boolean) ?? [];
    const models = (index: SimIndex) =>
      index.models as Array<{ model_name?: string; model_options?: string[] }>;
    const all = [...this.#indexes.values()]
      .filter((index) => !nameFilter || index.index_name.includes(nameFilter))
      .filter((index) => !family || models(index).some((model) => model.model_name?.startsWith(family)))
      .filter((index) =>
        options.every((option) => models(index).some((model) => model.model_options?.includes(option))),
      )
      .sort((a, b) => direction * a[sortBy].localeCompare(b[sortBy]));
    return {
      status: 200,
      body: {
        data: all.slice((page - 1) * limit, page * limit),
        page_info: {
          page,
          limit_per_page: limit,
          total_page: Math.max(1, Math.ceil(all.length / limit)),
          total_results: all.length,
        },
      },
    };
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

  #createTask(body: SimRequest['body']): SimResponse {
    if (!(body instanceof FormData))
      return error(400, 'parameter_invalid', 'Tasks are created with multipart/form-data.');
    const indexId = body.get('index_id');
    const index = typeof indexId === 'string' ? this.#indexes.get(indexId) : undefined;
    if (!index) return error(400, 'parameter_invalid', 'The index_id parameter does not name an index.');
    const file = body.get('video_file');
    const url = body.get('video_url');
    if ((file === null) === (url === null)) {
      return error(400, 'parameter_invalid', 'Provide exactly one of video_file and video_url.');
    }
    const task: SimTask = {
      _id: id(),
      index_id: index._id,
      video_id: id(),
      polls: 0,
      // A video URL containing "fail" plays a failed indexing, for tests of that path.
      fails: typeof url === 'string' && url.includes('fail'),
      created_at: new Date().toISOString(),
    };
    this.#tasks.set(task._id, task);
    index.video_count += 1;
    return { status: 201, body: { _id: task._id, video_id: task.video_id } };
  }

  #advanceTask(taskId: string): SimResponse {
    const task = this.#tasks.get(taskId);
    if (!task) return error(404, 'resource_not_exist', `The task ${taskId} does not exist.`);
    task.polls += 1;
    const ready = task.polls >= this.#options.pollsUntilReady;
    const step = taskSteps[Math.min(task.polls, taskSteps.length - 1)] ?? 'indexing';
    const status = ready ? (task.fails ? 'failed' : 'ready') : step;
    const { polls: _polls, fails: _fails, ...fields } = task;
    return { status: 200, body: { ...fields, status, updated_at: new Date().toISOString() } };
  }
}

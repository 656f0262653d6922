import { error, nested, newId, pageOf } from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse } from './sim-types.js';

// Analyze of the simulated TwelveLabs: `POST /analyze` (whole or streamed as NDJSON) and
// `/analyze/tasks`, after the API spec (tryAGI/TwelveLabs openapi.json: NonStreamAnalyzeResponse,
// StreamAnalyzeResponse, AnalyzeTaskResponse) and twelvelabs-js 1.3.4.
//
// Markers in the prompt play the faults a client must survive:
// - `[fail:stream]` breaks the connection after two events;
// - `[fail:event]` sends an error event (`too_many_requests`) after the first text;
// - `[fail:end]` ends the stream cleanly but without `stream_end`;
// - `[length]` ends with `finish_reason: "length"` and its warning;
// - `[fail]` makes an analyze task end `failed`.

/** What the analyze part of the simulated TwelveLabs needs. */
export interface TwelveLabsAnalyzeOptions {
  /** How many GETs it takes an analyze task to become ready. */
  pollsUntilReady: number;
}

const models: ReadonlySet<string> = new Set(['pegasus1.2', 'pegasus1.5']);
const videoTypes: ReadonlySet<string> = new Set(['url', 'asset_id', 'base64_string']);
const taskSteps = ['queued', 'pending', 'processing'] as const;

interface SimAnalyzeTask {
  task_id: string;
  custom_id: string | null;
  created_at: string;
  video: Record<string, unknown>;
  request_params: Record<string, unknown>;
  polls: number;
  fails: boolean;
  text: string;
}

/** Analyze of the simulated TwelveLabs. */
export class TwelveLabsAnalyze {
  readonly #options: TwelveLabsAnalyzeOptions;
  readonly #tasks = new Map<string, SimAnalyzeTask>();

  /** @param options Task timing. */
  constructor(options: TwelveLabsAnalyzeOptions) {
    this.#options = options;
  }

  /**
   * Answers a request on `analyze…`.
   *
   * @param request The request.
   * @param segments Its decoded path segments below `/v1.3`.
   * @returns The answer, or `undefined` when the path is not analyze's.
   */
  handle(request: SimRequest, segments: readonly string[]): SimResponse | undefined {
    if (segments[0] !== 'analyze') return undefined;
    const { method } = request;
    const body = request.body instanceof FormData ? undefined : request.body;
    if (segments.length === 1 && method === 'POST') return this.#analyze(body);
    if (segments[1] !== 'tasks' || segments.length > 3) return undefined;
    if (segments.length === 2) {
      if (method === 'POST') return this.#createTask(body);
      if (method === 'GET') return this.#listTasks(request.url.searchParams);
      return undefined;
    }
    const task = this.#tasks.get(segments[2] ?? '');
    if (task === undefined) {
      // Analyze tasks answer errors in the nested envelope (the spec's ErrorResponse).
      return nested(404, 'resource_not_exist', `The analyze task ${segments[2]} does not exist.`);
    }
    if (method === 'GET') return { status: 200, body: this.#view(task, true) };
    if (method === 'DELETE') return this.#deleteTask(task);
    return undefined;
  }

  #analyze(body: Record<string, unknown> | undefined): SimResponse {
    const problem = checkRequest(body, false);
    if (problem) return problem;
    const params = body ?? {};
    const prompt = promptOf(params);
    const text = answerTo(params, prompt);
    const id = newId();
    const length = prompt.includes('[length]');
    const usage = { output_tokens: text.split(' ').length, input_tokens: 1_000 + prompt.length };
    // "stream: Default true" (the spec): only an explicit false gets the whole answer.
    if (params.stream === false) {
      return {
        status: 200,
        body: {
          id,
          data: text,
          finish_reason: length ? 'length' : 'stop',
          usage,
          ...(length ? { error: { message: 'The output was cut at max_tokens.' } } : {}),
        },
      };
    }
    const pieces = text.match(/\S+\s*/g) ?? [];
    const lines: unknown[] = [{ event_type: 'stream_start', metadata: { generation_id: id } }];
    for (const [n, piece] of pieces.entries()) {
      lines.push({ event_type: 'text_generation', text: piece });
      if (n === 0 && prompt.includes('[fail:event]')) {
        lines.push({
          event_type: 'error',
          error: {
            code: 'too_many_requests',
            message: 'You have exceeded the rate limit. Please try again later after 2 seconds.',
          },
        });
        return { status: 200, stream: { lines } };
      }
    }
    if (!prompt.includes('[fail:end]')) {
      lines.push({
        event_type: 'stream_end',
        finish_reason: length ? 'length' : 'stop',
        metadata: { generation_id: id, usage },
        ...(length ? { error: { message: 'The output was cut at max_tokens.' } } : {}),
      });
    }
    const breakAfter = prompt.includes('[fail:stream]') ? 2 : undefined;
    return { status: 200, stream: { lines, breakAfter } };
  }

  #createTask(body: Record<string, unknown> | undefined): SimResponse {
    const problem = checkRequest(body, true);
    if (problem) return problem;
    const params = body ?? {};
    const customId = params.custom_id;
    if (customId !== undefined && (typeof customId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(customId))) {
      return nested(400, 'parameter_invalid', 'The custom_id parameter is invalid.');
    }
    const prompt = promptOf(params);
    const { stream: _stream, ...requestParams } = params;
    const task: SimAnalyzeTask = {
      task_id: newId(),
      custom_id: typeof customId === 'string' ? customId : null,
      created_at: new Date().toISOString(),
      video: params.video as Record<string, unknown>,
      request_params: requestParams,
      polls: 0,
      fails: prompt.includes('[fail]'),
      text: answerTo(params, prompt),
    };
    this.#tasks.set(task.task_id, task);
    return { status: 202, body: { task_id: task.task_id, status: taskSteps[0] } };
  }

  /** The task at its current status; a GET of one task moves it on. */
  #view(task: SimAnalyzeTask, poll: boolean): Record<string, unknown> {
    if (poll) task.polls += 1;
    const done = task.polls >= this.#options.pollsUntilReady;
    const status = done
      ? task.fails
        ? 'failed'
        : 'ready'
      : (taskSteps[Math.min(task.polls, 2)] ?? 'processing');
    const { type, ...source } = task.video;
    return {
      task_id: task.task_id,
      custom_id: task.custom_id,
      status,
      created_at: task.created_at,
      video_source: { type, ...source },
      request_params: poll
        ? task.request_params
        : // "truncated to 30 characters" in lists (the spec's AnalyzeTaskResponseRequestParams).
          { ...task.request_params, prompt: promptOf(task.request_params).slice(0, 30) },
      ...(done ? { completed_at: new Date().toISOString() } : {}),
      ...(status === 'ready'
        ? {
            result: {
              generation_id: task.task_id,
              data: task.text,
              finish_reason: 'stop',
              usage: { output_tokens: task.text.split(' ').length, input_tokens: 2_000 },
            },
          }
        : {}),
      ...(status === 'failed' ? { error: { message: 'The video could not be analyzed.' } } : {}),
    };
  }

  #listTasks(query: URLSearchParams): SimResponse {
    const status = query.get('status');
    const tasks = [...this.#tasks.values()]
      .reverse()
      .map((task) => this.#view(task, false))
      .filter((task) => !status || task.status === status);
    return pageOf(tasks, query);
  }

  #deleteTask(task: SimAnalyzeTask): SimResponse {
    const { status } = this.#view(task, false);
    if (status !== 'ready' && status !== 'failed') {
      return nested(
        409,
        'task_in_progress',
        `The analyze task ${task.task_id} is ${String(status)} and cannot be deleted yet.`,
      );
    }
    this.#tasks.delete(task.task_id);
    return { status: 200 };
  }
}

/** A 400 for a request the API would refuse, or `undefined`. */
function checkRequest(body: Record<string, unknown> | undefined, task: boolean): SimResponse | undefined {
  const answer = task ? nested : error;
  if (body === undefined) return answer(400, 'parameter_invalid', 'The request body must be JSON.');
  const model = body.model_name;
  if (model !== undefined && !models.has(String(model))) {
    return answer(
      400,
      'parameter_invalid',
      'The model_name parameter is invalid: use pegasus1.2 or pegasus1.5.',
    );
  }
  const video = body.video as Record<string, unknown> | undefined;
  if (video === undefined && (task || body.video_id === undefined)) {
    return answer(400, 'parameter_not_provided', 'The video parameter is required.');
  }
  if (
    video !== undefined &&
    (typeof video !== 'object' || video === null || !videoTypes.has(String(video.type)))
  ) {
    return answer(
      400,
      'parameter_invalid',
      'The video parameter is invalid: type is url, asset_id or base64_string.',
    );
  }
  if (video !== undefined && typeof video[String(video.type)] !== 'string') {
    return answer(
      400,
      'parameter_invalid',
      `The video parameter is invalid: ${String(video.type)} is missing.`,
    );
  }
  // "Not supported with pegasus1.5" (the spec, video_id).
  if (body.video_id !== undefined && model === 'pegasus1.5') {
    return answer(
      400,
      'parameter_invalid',
      'The video_id parameter is not supported with pegasus1.5; send video.',
    );
  }
  const general = body.analysis_mode === undefined || body.analysis_mode === 'general';
  if (general && body.prompt === undefined && body.prompt_v2 === undefined) {
    return answer(400, 'parameter_not_provided', 'The prompt parameter is required.');
  }
  return undefined;
}

function promptOf(params: Record<string, unknown>): string {
  if (typeof params.prompt === 'string') return params.prompt;
  const v2 = params.prompt_v2 as { input_text?: unknown } | undefined;
  return typeof v2?.input_text === 'string' ? v2.input_text : '';
}

/** A deterministic answer that names what was asked about. */
function answerTo(params: Record<string, unknown>, prompt: string): string {
  const video = params.video as Record<string, unknown> | undefined;
  const source =
    video === undefined
      ? `video ${String(params.video_id)}`
      : `the ${String(video.type).replace('_', ' ')} video`;
  const asked = prompt
    .slice(0, 2_000)
    .replace(/\[[a-z:]+\]/g, '')
    .trim()
    .slice(0, 200);
  return `Pegasus watched ${source} and answers "${asked}": a person walks a dog along a beach at sunset.`;
}

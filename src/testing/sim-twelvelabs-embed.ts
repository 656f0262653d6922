import { embedV2, fakeEmbedding, segmentsOf, viewV2 } from './sim-twelvelabs-embed-v2.js';
import {
  checkV2,
  type SimEmbedInput,
  type SimEmbedTask,
  videoOptions,
} from './sim-twelvelabs-embed-v2-checks.js';
import { error, nested, newId, pageOf, videoDuration } from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse } from './sim-types.js';

// Embeddings of the simulated TwelveLabs, after twelvelabs-js 1.3.4 (api/resources/embed/**,
// serialization/types/Embedding*.js), the API spec (tryAGI/TwelveLabs openapi.json) and the docs'
// examples. v1 (`/embed`, `/embed/tasks`) is multipart with vectors under `float`; v2
// (`/embed-v2`, `/embed-v2/tasks`) is JSON with vectors under `embedding`, its checks in
// sim-twelvelabs-embed-v2-checks.ts and its answers in sim-twelvelabs-embed-v2.ts. v1 routes and
// the v2 list answer errors flat (`{ code, message }`), v2 create and retrieve nested
// (`{ error: {...} }`, the spec's ErrorResponse).
//
// Every medium lasts 30 s (a document has 3 pages). A media URL containing "fail" plays a
// failure: an `error_message` in a v1 `/embed` answer, a 400 on `/embed-v2`, a `failed` task.

/** What the embed part of the simulated TwelveLabs needs. */
export interface TwelveLabsEmbedOptions {
  /** How many GETs it takes an embedding task to become ready. */
  pollsUntilReady: number;
}

const statuses: ReadonlySet<string> = new Set(['processing', 'ready', 'failed']);
const invalid = (message: string) => error(400, 'parameter_invalid', message);

/** Embeddings of the simulated TwelveLabs: `/embed`, `/embed/tasks`, `/embed-v2`, `/embed-v2/tasks`. */
export class TwelveLabsEmbed {
  readonly #tasks = new Map<string, SimEmbedTask>();

  /** @param options Task timing. */
  constructor(readonly options: TwelveLabsEmbedOptions) {}

  /**
   * Answers a request on `embed…` or `embed-v2…`.
   *
   * @param request The request.
   * @param segments Its decoded path segments below `/v1.3`.
   * @returns The answer, or `undefined` when the path is not one of these.
   */
  handle(request: SimRequest, segments: readonly string[]): SimResponse | undefined {
    const [root, tasks, id, status, ...rest] = segments;
    if ((root !== 'embed' && root !== 'embed-v2') || rest.length > 0) return undefined;
    const api = root === 'embed' ? 'v1' : 'v2';
    const { method, body } = request;
    const query = request.url.searchParams;
    if (tasks === undefined)
      return method === 'POST' ? (api === 'v1' ? embedV1(body) : embedV2(body)) : undefined;
    if (tasks !== 'tasks') return undefined;
    if (id === undefined) {
      if (method === 'GET') return this.#list(api, query);
      if (method === 'POST') return api === 'v1' ? this.#createV1(body) : this.#createV2(body);
      return undefined;
    }
    if (method !== 'GET' || (status !== undefined && (api === 'v2' || status !== 'status'))) return undefined;
    const task = this.#tasks.get(id);
    if (task?.api !== api) {
      return (api === 'v1' ? error : nested)(
        404,
        'resource_not_exist',
        `The embedding task ${id} does not exist.`,
      );
    }
    this.#advance(task);
    if (api === 'v2') return { status: 200, body: viewV2(task) };
    if (status !== undefined) return { status: 200, body: viewV1(task, false) };
    const wanted = query.getAll('embedding_option');
    const unknown = wanted.find((option) => !videoOptions.includes(option));
    if (unknown !== undefined) {
      // `visual-text` was Marengo 2.7's (the spec's enum still has it); 3.0 has these three.
      return invalid(
        `The embedding_option parameter is invalid: ${JSON.stringify(unknown.slice(0, 40))}; use visual, audio or transcription.`,
      );
    }
    return { status: 200, body: viewV1(task, true, wanted) };
  }

  /** A status or retrieve GET: `processing` until the `pollsUntilReady`-th, then `ready` or `failed`. */
  #advance(task: SimEmbedTask): void {
    task.polls += 1;
    const status = task.polls < this.options.pollsUntilReady ? 'processing' : task.fails ? 'failed' : 'ready';
    if (status !== task.status) {
      task.status = status;
      task.updated_at = new Date().toISOString();
    }
  }

  /** `POST /embed/tasks` (multipart): a video, offsets (both or neither), clip length, scopes. */
  #createV1(body: SimRequest['body']): SimResponse {
    const form = v1Form(body, 'Embedding tasks');
    if (!(form instanceof FormData)) return form;
    const url = form.get('video_url');
    const file = form.get('video_file');
    if (url === null && file === null)
      return error(400, 'parameter_not_provided', 'Provide video_url or video_file.');
    const [startField, endField] = [form.get('video_start_offset_sec'), form.get('video_end_offset_sec')];
    if ((startField === null) !== (endField === null))
      return invalid('Set both video_start_offset_sec and video_end_offset_sec, or neither.');
    const clip = Number(form.get('video_clip_length') ?? 6);
    const start = Number(startField ?? 0);
    const end = Number(endField ?? videoDuration);
    if (!(clip >= 2 && clip <= 10)) return invalid('video_clip_length must be between 2 and 10.');
    if (!(start >= 0 && end > start && end <= videoDuration))
      return invalid(`The offsets must satisfy 0 <= start < end <= ${videoDuration} (the video's duration).`);
    const scopes = form.getAll('video_embedding_scope').map(String);
    if (scopes.some((scope) => scope !== 'clip' && scope !== 'video'))
      return invalid('video_embedding_scope takes clip and/or video.');
    // "If both are given, video_url takes precedence" (the docs).
    const source =
      typeof url === 'string' ? { input_url: url } : { input_filename: (file as File).name || 'video.mp4' };
    const task = this.#add('v1', {
      model_name: 'marengo3.0',
      input_type: 'video',
      source,
      start,
      end,
      clip,
      fixed: true,
      options: [...videoOptions],
      scopes: scopes.length > 0 ? scopes : ['clip'],
      types: ['separate_embedding'],
      uncertainty: false,
    });
    return { status: 200, body: { _id: task._id } };
  }

  /** `POST /embed-v2/tasks` (JSON), 202 as the spec says. */
  #createV2(body: SimRequest['body']): SimResponse {
    const checked = checkV2(body, false);
    if ('status' in checked) return checked;
    const task = this.#add('v2', checked);
    return { status: 202, body: { _id: task._id, status: 'processing' } };
  }

  #add(api: SimEmbedTask['api'], input: SimEmbedInput): SimEmbedTask {
    const now = new Date().toISOString();
    const fails = input.source.input_url?.includes('fail') ?? false;
    const task: SimEmbedTask = {
      _id: newId(),
      api,
      created_at: now,
      updated_at: now,
      polls: 0,
      fails,
      status: 'processing',
      ...input,
    };
    this.#tasks.set(task._id, task);
    return task;
  }

  /** `GET /embed/tasks`, `GET /embed-v2/tasks`: newest first, by status and creation dates; metadata only. */
  #list(api: 'v1' | 'v2', query: URLSearchParams): SimResponse {
    const status = query.get('status');
    if (status !== null && !statuses.has(status))
      return invalid('The status parameter is invalid: use processing, ready or failed.');
    const after = query.get('started_at') ?? '';
    const before = query.get('ended_at') ?? '\uffff';
    const tasks = [...this.#tasks.values()]
      .filter((task) => task.api === api && task.created_at >= after && task.created_at <= before)
      .filter((task) => status === null || task.status === status)
      .reverse()
      .map(listed);
    return pageOf(tasks, query);
  }
}

/** A v1 form with `model_name` `marengo3.0`, or the 400. */
function v1Form(body: SimRequest['body'], what: string): FormData | SimResponse {
  if (!(body instanceof FormData)) return invalid(`${what} are created with multipart/form-data.`);
  const model = body.get('model_name');
  if (model === null) return error(400, 'parameter_not_provided', 'The model_name parameter is required.');
  if (model !== 'marengo3.0') return invalid('The model_name parameter is invalid: use marengo3.0.');
  return body;
}

/** `POST /embed` (multipart): each modality asked for; a modality that fails says so in its part. */
function embedV1(body: SimRequest['body']): SimResponse {
  const form = v1Form(body, 'Embeddings');
  if (!(form instanceof FormData)) return form;
  const text = form.get('text');
  const image = mediaField(form, 'image');
  const audio = mediaField(form, 'audio');
  if (text === null && image === undefined && audio === undefined) {
    return error(
      400,
      'parameter_not_provided',
      'Provide text, image_url or image_file, or audio_url or audio_file.',
    );
  }
  const answer: Record<string, unknown> = { model_name: 'marengo3.0' };
  // Marengo 3.0 cuts text over 500 tokens from the end rather than failing (the docs).
  if (typeof text === 'string')
    answer.text_embedding = { segments: [{ float: fakeEmbedding('text', text) }] };
  if (image !== undefined) {
    answer.image_embedding = image.fails
      ? {
          error_message: 'Failed to download the image: check that the URL is publicly accessible.',
          metadata: image.metadata,
        }
      : { segments: [{ float: fakeEmbedding('image', image.key) }], metadata: image.metadata };
  }
  if (audio !== undefined) {
    const start = Number(form.get('audio_start_offset_sec') ?? 0);
    const segments = [];
    for (let at = start; at < videoDuration; at += 10) {
      const end = Math.min(at + 10, videoDuration);
      segments.push({
        float: fakeEmbedding('audio', audio.key, at),
        start_offset_sec: at,
        end_offset_sec: end,
      });
    }
    answer.audio_embedding =
      audio.fails || !(start >= 0 && start < videoDuration)
        ? {
            error_message: audio.fails
              ? 'Failed to download the audio: check that the URL is publicly accessible.'
              : `audio_start_offset_sec must be below the audio's duration (${videoDuration} s).`,
            metadata: audio.metadata,
          }
        : { segments, metadata: audio.metadata };
  }
  return { status: 200, body: answer };
}

function mediaField(
  form: FormData,
  kind: string,
): { key: string; fails: boolean; metadata: Record<string, string> } | undefined {
  const url = form.get(`${kind}_url`);
  const file = form.get(`${kind}_file`);
  if (typeof url === 'string') return { key: url, fails: url.includes('fail'), metadata: { input_url: url } };
  if (file instanceof File)
    return {
      key: `${file.name}:${file.size}`,
      fails: false,
      metadata: { input_filename: file.name || kind },
    };
  return undefined;
}

/** A v1 task: status answer, or the retrieve answer with its segments once ready. */
function viewV1(task: SimEmbedTask, full: boolean, wanted: string[] = []): Record<string, unknown> {
  const metadata = {
    ...task.source,
    video_clip_length: task.clip,
    video_embedding_scope: task.scopes,
    video_embedding_option: task.options,
    duration: videoDuration,
  };
  const { _id, model_name, status, created_at, updated_at } = task;
  if (!full) return { _id, model_name, status, video_embedding: { metadata } };
  const options = task.options.filter((option) => wanted.length === 0 || wanted.includes(option));
  const whole = task.scopes.includes('video') ? 'video' : undefined;
  const segments = segmentsOf(task, options, task.scopes.includes('clip'), whole).map((segment) => ({
    embedding_option: segment.option,
    embedding_scope: segment.scope,
    start_offset_sec: segment.start,
    end_offset_sec: segment.end,
    float: segment.vector,
  }));
  return {
    _id,
    model_name,
    status,
    created_at,
    updated_at,
    video_embedding: status === 'ready' ? { metadata, segments } : { metadata },
  };
}

/** A listed task (MediaEmbeddingTask.js): `<medium>_embedding.metadata`, no vectors. */
function listed(task: SimEmbedTask): Record<string, unknown> {
  const medium = task.input_type;
  const timed = medium === 'audio' || medium === 'video' ? { duration: videoDuration } : {};
  const metadata = {
    ...task.source,
    ...timed,
    [`${medium}_embedding_option`]: task.options,
    [`${medium}_embedding_scope`]: task.scopes,
    ...(medium === 'video' ? { video_clip_length: task.clip } : {}),
  };
  const { _id, model_name, status, created_at, updated_at } = task;
  return { _id, model_name, status, created_at, updated_at, [`${medium}_embedding`]: { metadata } };
}

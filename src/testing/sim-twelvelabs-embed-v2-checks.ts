import { isRecord } from '../errors/classify-status.js';
import { nested, videoDuration } from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse } from './sim-types.js';

// The checks of the simulated Embed API v2 (`POST /embed-v2`, `POST /embed-v2/tasks`), after
// twelvelabs-js 1.3.4, the API spec (tryAGI/TwelveLabs openapi.json) and the docs: the 400s the
// docs describe, in the nested envelope of the create and retrieve routes (`{ error: {...} }`, the
// spec's ErrorResponse), and what a body that passes says of its media. The answers are in
// sim-twelvelabs-embed-v2.ts; the routes and the tasks of both APIs in sim-twelvelabs-embed.ts.

const models: ReadonlySet<string> = new Set(['marengo3.0', 'marengo3.5']);
const syncTypes: ReadonlySet<string> = new Set([
  'text',
  'image',
  'text_image',
  'audio',
  'video',
  'multi_input',
]);
const asyncTypes: Readonly<Record<string, string>> = {
  audio: 'marengo3.0',
  video: 'marengo3.0',
  image: 'marengo3.5',
  document: 'marengo3.5',
};

/** The embedding options of Marengo 3.0 video, in both APIs. */
export const videoOptions: readonly string[] = ['visual', 'audio', 'transcription'];

/** A task of either API; `polls` moves it on. */
export interface SimEmbedTask {
  _id: string;
  api: 'v1' | 'v2';
  model_name: string;
  input_type: string;
  source: { input_url?: string; input_filename?: string };
  created_at: string;
  updated_at: string;
  polls: number;
  fails: boolean;
  status: string;
  start: number;
  end: number;
  /** Fixed clip length, or the dynamic minimum. */
  clip: number;
  fixed: boolean;
  options: string[];
  scopes: string[];
  types: string[];
  uncertainty: boolean;
}

/** What a request says of the media to embed: a task's fields before it is stored. */
export type SimEmbedInput = Omit<
  SimEmbedTask,
  '_id' | 'api' | 'created_at' | 'updated_at' | 'polls' | 'fails' | 'status'
>;

const invalid = (message: string) => nested(400, 'parameter_invalid', message);
const notProvided = (message: string) => nested(400, 'parameter_not_provided', message);

/**
 * Checks a v2 body as the docs describe the 400s.
 *
 * @param body The request body.
 * @param sync `POST /embed-v2` (`true`) or `POST /embed-v2/tasks`.
 * @returns The task fields it describes, or the 400.
 */
export function checkV2(body: SimRequest['body'], sync: boolean): SimEmbedInput | SimResponse {
  if (!isRecord(body) || body instanceof FormData) return invalid('The request body must be JSON.');
  const { input_type: type, model_name: model } = body;
  if (type === undefined) return notProvided('The input_type parameter is required.');
  if (typeof type !== 'string' || !(sync ? syncTypes.has(type) : Object.hasOwn(asyncTypes, type))) {
    const types = sync ? [...syncTypes] : Object.keys(asyncTypes);
    return invalid(`The input_type parameter is invalid: use ${types.join(', ')}.`);
  }
  if (model === undefined) return notProvided('The model_name parameter is required.');
  if (typeof model !== 'string' || !models.has(model))
    return invalid('The model_name parameter is invalid: use marengo3.0 or marengo3.5.');
  const newer = model === 'marengo3.5';
  // Marengo 3.5 takes only multi_input synchronously; async image and document need it (twelvelabs-js 1.3.4).
  if (sync && newer && type !== 'multi_input')
    return invalid(
      'marengo3.5 accepts only input_type multi_input on /embed-v2; use /embed-v2/tasks for other inputs.',
    );
  if (!sync && asyncTypes[type] === 'marengo3.5' && !newer)
    return invalid(`input_type ${type} requires marengo3.5.`);
  const uncertainty = body.embedding_uncertainty === true;
  if (uncertainty && !newer) return invalid('embedding_uncertainty requires marengo3.5.');
  const payload = body[type];
  if (!isRecord(payload)) return notProvided(`The ${type} parameter is required when input_type is ${type}.`);
  const base: SimEmbedInput = {
    model_name: model,
    input_type: type,
    source: {},
    start: 0,
    end: videoDuration,
    clip: 6,
    fixed: true,
    options: [],
    scopes: [],
    types: ['separate_embedding'],
    uncertainty,
  };
  if (type === 'multi_input') return checkMultiInput(payload, base, body.auto_truncate);
  if (type === 'text' || type === 'text_image') {
    if (typeof payload.input_text !== 'string' || payload.input_text === '')
      return notProvided(`${type}.input_text is required.`);
    if (type === 'text') return base;
  }
  const source = payload.media_source;
  const keys = isRecord(source)
    ? ['url', 'base64_string', 'asset_id'].filter((key) => typeof source[key] === 'string')
    : [];
  if (!isRecord(source) || keys.length !== 1)
    return invalid(`${type}.media_source needs exactly one of url, base64_string or asset_id.`);
  const url = typeof source.url === 'string' ? source.url : undefined;
  if (sync && url?.includes('fail'))
    return invalid(
      `The media at ${url.slice(0, 100)} could not be accessed: use a direct link to the raw file.`,
    );
  base.source =
    url !== undefined ? { input_url: url } : { input_filename: String(source.asset_id ?? 'media') };
  if (type === 'image' || type === 'text_image')
    return sync || type === 'text_image' ? base : { ...base, options: ['visual'], scopes: ['asset'] };
  if (type === 'document') return checkDocument(payload, base);
  return checkTimed(payload, base, sync);
}

function checkMultiInput(
  payload: Record<string, unknown>,
  base: SimEmbedInput,
  autoTruncate: unknown,
): SimEmbedInput | SimResponse {
  const sources = Array.isArray(payload.media_sources) ? payload.media_sources.filter(isRecord) : [];
  const text = typeof payload.input_text === 'string' ? payload.input_text : '';
  if (text === '' && sources.length === 0)
    return notProvided('multi_input needs input_text, media_sources, or both.');
  if (sources.length > 10) return invalid('multi_input takes up to 10 media sources.');
  const allowed = base.model_name === 'marengo3.5' ? ['image', 'video', 'audio'] : ['image'];
  if (sources.some((source) => !allowed.includes(String(source.media_type))))
    return invalid(`${base.model_name} multi_input takes media_type ${allowed.join(', ')}.`);
  if (text === '' && new Set(sources.map((source) => source.media_type)).size > 1) {
    return invalid('Media sources of different types need input_text.');
  }
  const names = new Set(sources.map((source) => source.name));
  const unnamed = [...text.matchAll(/<@([^>]+)>/g)].find((match) => !names.has(match[1]));
  if (unnamed) return invalid(`The reference ${unnamed[0].slice(0, 60)} has no media source with that name.`);
  if (base.uncertainty && text !== '' && sources.length > 0)
    return invalid('embedding_uncertainty takes text only or media only, not both.');
  if (base.model_name === 'marengo3.5' && tokens(text) > 2_000 && autoTruncate !== true) {
    // The docs give no default for auto_truncate; the simulator truncates only when asked.
    return invalid('The text exceeds 2,000 tokens: shorten it or set auto_truncate to true.');
  }
  return base;
}

function checkDocument(payload: Record<string, unknown>, base: SimEmbedInput): SimEmbedInput | SimResponse {
  const unsupported = [
    ...list(payload.embedding_option, ['visual']).filter((x) => x !== 'visual'),
    ...list(payload.embedding_type, ['separate_embedding']).filter((x) => x !== 'separate_embedding'),
    ...list(payload.embedding_scope, ['local']).filter((x) => x !== 'local'),
  ];
  if (unsupported.length > 0)
    return invalid(
      `Documents support only visual, separate_embedding and local, not ${unsupported.join(', ').slice(0, 80)}.`,
    );
  return { ...base, options: ['visual'], scopes: ['local'] };
}

/** Audio and video: segmentation shape by model, options, scopes, types, time range. */
function checkTimed(
  payload: Record<string, unknown>,
  base: SimEmbedInput,
  sync: boolean,
): SimEmbedInput | SimResponse {
  const video = base.input_type === 'video';
  const newer = base.model_name === 'marengo3.5';
  let segmentation = payload.segmentation;
  // Async Marengo 3.5 wraps it in `temporal`; 3.0 (and sync) takes it flat; a mismatch is a 400.
  if (isRecord(segmentation) && 'temporal' in segmentation !== (newer && !sync)) {
    return invalid(
      newer && !sync
        ? 'marengo3.5 takes segmentation as { temporal: {...} }.'
        : 'marengo3.0 takes segmentation flat, without temporal.',
    );
  }
  if (isRecord(segmentation) && 'temporal' in segmentation) segmentation = segmentation.temporal;
  const strategy = isRecord(segmentation) ? segmentation.strategy : video ? 'dynamic' : 'fixed';
  const settings =
    isRecord(segmentation) && isRecord(segmentation[String(strategy)])
      ? (segmentation[String(strategy)] as Record<string, unknown>)
      : {};
  const clip = Number(
    strategy === 'fixed' ? (settings.duration_sec ?? 6) : (settings.min_duration_sec ?? (newer ? 2 : 4)),
  );
  if ((strategy !== 'fixed' && (strategy !== 'dynamic' || !video)) || !(clip > 0)) {
    return invalid(
      `segmentation is invalid: ${video ? 'fixed { duration_sec } or dynamic { min_duration_sec }' : 'fixed { duration_sec }'}.`,
    );
  }
  const known = newer
    ? video
      ? ['visual', 'audio']
      : ['audio']
    : video
      ? videoOptions
      : ['audio', 'transcription'];
  const options = list(payload.embedding_option, [...known]);
  const scopes = list(payload.embedding_scope, ['clip', 'asset']);
  const types = list(payload.embedding_type, ['separate_embedding']);
  if (options.some((option) => !known.includes(option)))
    return invalid(`${base.model_name} ${base.input_type} embedding_option takes ${known.join(', ')}.`);
  if (scopes.some((scope) => !['clip', 'asset', ...(sync ? [] : ['local'])].includes(scope)))
    return invalid('embedding_scope takes clip, asset (and local for tasks).');
  if (base.uncertainty && scopes.includes('asset'))
    return invalid('embedding_uncertainty needs embedding_scope without asset.');
  const metadata = payload.time_based_metadata;
  if (metadata !== undefined && (!newer || !types.includes('fused_embedding')))
    return invalid('time_based_metadata needs marengo3.5 and fused_embedding.');
  if (newer && types.includes('fused_embedding') && metadata === undefined)
    return invalid('fused_embedding with marengo3.5 needs time_based_metadata.');
  const start = Number(payload.start_sec ?? 0);
  const end = Number(payload.end_sec ?? videoDuration);
  if (!(start >= 0 && end > start && end <= videoDuration))
    return invalid(
      `start_sec and end_sec must satisfy 0 <= start < end <= ${videoDuration} (the media's duration).`,
    );
  return { ...base, start, end, clip, fixed: strategy === 'fixed', options, scopes, types };
}

function list(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) ? value.map(String) : fallback;
}

/**
 * The tokens of a text, as the simulator counts them: its words.
 *
 * @param text The text, if it is one.
 * @returns The count; 0 for anything else.
 */
export function tokens(text: unknown): number {
  return typeof text === 'string' ? text.split(/\s+/).filter(Boolean).length : 0;
}

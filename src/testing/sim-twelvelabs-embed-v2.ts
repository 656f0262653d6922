import { createHash } from 'node:crypto';
import { checkV2, type SimEmbedInput, type SimEmbedTask, tokens } from './sim-twelvelabs-embed-v2-checks.js';
import { videoDuration } from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse } from './sim-types.js';

// The answers of the simulated Embed API v2 (`/embed-v2`, `/embed-v2/tasks`: JSON, vectors under
// `embedding`), after twelvelabs-js 1.3.4 (serialization/types/Embedding*.js), once
// sim-twelvelabs-embed-v2-checks.ts has passed the body. Also what v1 (sim-twelvelabs-embed.ts,
// which routes both) answers with too: the fake vectors and the clips of a timed medium.

// Marengo 3.0 embeddings have 512 dimensions (docs.twelvelabs.io/docs/concepts/models/marengo);
// no figure is published for 3.5, which gets the same here.
const dimensions = 512;
const documentPages = 3;
const failedMessage =
  'We could not process your media for embedding. Please verify the input file and try again.';

/**
 * A deterministic unit vector of 512 floats: the same parts always give the same vector.
 *
 * @param parts What the vector embeds (input, option, time...).
 * @returns The vector, rounded to 6 decimals.
 */
export function fakeEmbedding(...parts: unknown[]): number[] {
  const seed = JSON.stringify(parts);
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block += 1) {
    const digest = createHash('sha256').update(`${block}:${seed}`).digest();
    for (let i = 0; i < digest.length && values.length < dimensions; i += 2)
      values.push(digest.readUInt16BE(i) / 32_767.5 - 1);
  }
  const norm = Math.sqrt(values.reduce((sum, x) => sum + x * x, 0));
  return values.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

/** One vector of audio or video: an option over a clip or over the whole range. */
export interface SimSegment {
  option: string;
  scope: string;
  start: number;
  end: number;
  vector: number[];
}

/**
 * The segments of audio or video, per option: each clip of `input.clip` seconds when `clips`,
 * then the whole range under the scope `whole` names (v1 `video`, v2 `asset`), if any.
 *
 * @param input The media's range, clip length and source.
 * @param options The embedding options, in order.
 * @param clips Whether to cut clips.
 * @param whole The scope of the whole range's vector, or `undefined` for none.
 * @returns The segments.
 */
export function segmentsOf(
  input: SimEmbedInput,
  options: readonly string[],
  clips: boolean,
  whole: string | undefined,
): SimSegment[] {
  const key = JSON.stringify(input.source);
  const segments: SimSegment[] = [];
  for (const option of options) {
    for (let at = input.start; clips && at < input.end; at += input.clip) {
      const end = Math.min(at + input.clip, input.end);
      segments.push({ option, scope: 'clip', start: at, end, vector: fakeEmbedding(key, option, at) });
    }
    if (whole !== undefined) {
      const vector = fakeEmbedding(key, option, whole);
      segments.push({ option, scope: whole, start: input.start, end: input.end, vector });
    }
  }
  return segments;
}

/** One v2 embedding: the vector under `embedding`, then its option, scope and range. */
type SimEmbedding = { embedding: number[] } & Record<string, unknown>;

/**
 * `POST /embed-v2` (JSON): one input, at once.
 *
 * @param body The request body.
 * @returns The embeddings, or a 400.
 */
export function embedV2(body: SimRequest['body']): SimResponse {
  const checked = checkV2(body, true);
  if ('status' in checked) return checked;
  const type = checked.input_type;
  const payload = (body as Record<string, unknown>)[type] as Record<string, unknown>;
  const count = tokens(payload.input_text);
  const usage =
    checked.model_name === 'marengo3.5'
      ? { usage: { input_tokens: { text: count }, truncated: count > 2_000 } }
      : {};
  // Text and synced images come without option or scope (twelvelabs-js 1.3.4 EmbeddingData.d.ts).
  const data: SimEmbedding[] =
    type === 'audio' || type === 'video'
      ? timedData(checked)
      : [{ embedding: fakeEmbedding(type, JSON.stringify(payload)) }];
  const metadata = type === 'text' ? {} : { metadata: metadataOf(checked) };
  return { status: 200, body: { data: withUncertainty(checked, data), ...metadata, ...usage } };
}

/** The v2 embeddings of audio or video: per option, each clip and the whole asset; `fused` when asked. */
function timedData(input: SimEmbedInput) {
  const options = [
    ...(input.types.includes('separate_embedding') ? input.options : []),
    ...(input.types.includes('fused_embedding') ? ['fused'] : []),
  ];
  const clips = input.scopes.includes('clip') || input.scopes.includes('local');
  const segments = segmentsOf(input, options, clips, input.scopes.includes('asset') ? 'asset' : undefined);
  return segments.map(({ option, scope, start, end, vector }) => ({
    embedding: vector,
    embedding_option: option,
    embedding_scope: scope,
    start_sec: start,
    end_sec: end,
  }));
}

/**
 * A v2 task at its status (EmbeddingTaskResponse.js): `data` null until ready, `error` when failed.
 *
 * @param task The task.
 * @returns The `GET /embed-v2/tasks/{task_id}` answer.
 */
export function viewV2(task: SimEmbedTask): Record<string, unknown> {
  const ready = task.status === 'ready';
  const key = JSON.stringify(task.source);
  const data: SimEmbedding[] =
    task.input_type === 'document'
      ? Array.from({ length: documentPages }, (_, i) => ({
          embedding: fakeEmbedding(key, 'page', i + 1),
          embedding_option: 'visual',
          embedding_scope: 'page',
          start_page_number: i + 1,
          end_page_number: i + 1,
        }))
      : task.input_type === 'image'
        ? [{ embedding: fakeEmbedding(key, 'image'), embedding_option: 'visual', embedding_scope: 'asset' }]
        : timedData(task);
  const { _id, status, created_at, updated_at } = task;
  return {
    _id,
    status,
    created_at,
    updated_at,
    data: ready ? withUncertainty(task, data) : null,
    metadata: metadataOf(task),
    ...(ready && task.model_name === 'marengo3.5' ? { usage: { input_tokens: {}, truncated: false } } : {}),
    ...(task.status === 'failed' ? { error: { message: failedMessage } } : {}),
  };
}

/** What was embedded (EmbeddingMediaMetadata.js); audio and video also the options, scopes and range. */
function metadataOf(input: SimEmbedInput): Record<string, unknown> {
  if (input.input_type !== 'audio' && input.input_type !== 'video')
    return { input_type: input.input_type, ...input.source };
  return {
    input_type: input.input_type,
    ...input.source,
    embedding_options: input.options,
    embedding_scopes: input.scopes,
    duration: videoDuration,
    start_offset_sec: input.start,
    end_offset_sec: input.end,
    ...(input.input_type === 'video' && input.fixed ? { clip_length: input.clip } : {}),
  };
}

/** The embeddings, each with an uncertainty per dimension when the request asked for them. */
function withUncertainty(input: SimEmbedInput, data: SimEmbedding[]): SimEmbedding[] {
  if (!input.uncertainty) return data;
  return data.map((item) => ({
    ...item,
    embedding_uncertainty: item.embedding.map((x) => Math.round(Math.abs(x) * 1e5) / 1e6),
  }));
}

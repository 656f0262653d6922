import { type ApiPromise, type CallOptions, ConfigurationError, type Transport } from '../../src/index.js';
import { type AnalyzeParams, type AnalyzeResult, AnalyzeResultSchema } from './analyze-schemas.js';
import { AnalyzeStream } from './analyze-stream.js';
import { AnalyzeTasks } from './analyze-tasks.js';

const defaultMaxLineBytes = 1024 * 1024;

/** Options of `analyze.stream`. */
export interface AnalyzeStreamOptions extends CallOptions {
  /**
   * The longest event line kept, in bytes; a longer one fails the stream with a
   * `ResponseTooLargeError`. Memory stays bounded by it. @default 1_048_576 (1 MiB)
   */
  maxLineBytes?: number | undefined;
}

/**
 * Analyze videos with Pegasus (`POST /analyze`): the whole answer at once (`create`), or as it is
 * generated (`stream`); and analyze tasks for long videos (`tasks`: up to 2 h, segments).
 * `/gist`, `/summarize` and `/generate` are gone from the API (twelvelabs-js 1.2.1 removed them);
 * analyze with a prompt replaces them.
 *
 * @example
 * ```ts no-run
 * const answer = await client.analyze.stream({ model_name: 'pegasus1.5', video: { type: 'asset_id', asset_id }, prompt: 'Summarize' });
 * for await (const event of answer) if (event.event_type === 'text_generation') process.stdout.write(String(event.text));
 * ```
 */
export class Analyze {
  /** Analyze tasks (`/analyze/tasks`): create, retrieve, list, iterate, delete, waitForDone. */
  readonly tasks: AnalyzeTasks;
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
    this.tasks = new AnalyzeTasks(transport);
  }

  /**
   * Analyzes a video and returns the whole answer (`POST /analyze` with `stream: false`: the API
   * streams unless told not to). Sent again after a connection failure or a 5xx like a GET: it
   * changes nothing at TwelveLabs (as twelvelabs-js, which retries 408, 429 and 5xx).
   *
   * @param params `model_name`, `video` (or `video_id`), `prompt`, and generation options.
   * @param options Per-call options.
   * @returns `{ id, data, finish_reason, usage, error }`; `finish_reason: 'length'` with
   *   `error.message` means the text was cut short (a warning, not a failure).
   * @throws {ConfigurationError} Without a video or a prompt.
   */
  create(params: AnalyzeParams, options: CallOptions = {}): ApiPromise<AnalyzeResult> {
    return this.#transport.request(() => ({
      ...options,
      method: 'POST',
      path: 'analyze',
      json: analyzeBody(params, false),
      safeToRetry: true,
      schema: AnalyzeResultSchema,
    }));
  }

  /**
   * Analyzes a video and streams the answer as it is generated (`POST /analyze` with
   * `stream: true`). Retries, key refresh and error answers work as for any call until the
   * answer starts; then its events arrive one by one, each wait bounded by `timeout`.
   *
   * @param params As for {@link create}.
   * @param options Per-call options, and `maxLineBytes`.
   * @returns The events, readable once: iterate them, or `collect()` them.
   * @throws {KeygateError} A typed error for a refused call (before any event).
   */
  async stream(params: AnalyzeParams, options: AnalyzeStreamOptions = {}): Promise<AnalyzeStream> {
    const { maxLineBytes = defaultMaxLineBytes, ...callOptions } = options;
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
      throw new ConfigurationError('TwelveLabs: analyze.stream needs a positive whole `maxLineBytes`.', {
        provider: this.#transport.providerId,
      });
    }
    const source = await this.#transport.stream(() => ({
      ...callOptions,
      method: 'POST',
      path: 'analyze',
      json: analyzeBody(params, true),
      safeToRetry: true,
      headers: withAccept(callOptions.headers),
    }));
    const { origin, pathname } = this.#transport.baseUrl;
    const target = `POST ${origin}${pathname}analyze`;
    return new AnalyzeStream(source, { target, maxLineBytes });
  }
}

/** The body of `POST /analyze`, after the checks that save a call bound to fail. */
function analyzeBody(params: AnalyzeParams, stream: boolean): Record<string, unknown> {
  if (typeof params !== 'object' || params === null) {
    throw new ConfigurationError('TwelveLabs: analyze takes an object of parameters.');
  }
  if (params.video === undefined && params.video_id === undefined) {
    throw new ConfigurationError(
      'TwelveLabs: analyze needs `video` ({ type: "url" | "asset_id" | "base64_string", ... }) or `video_id` (Pegasus 1.2).',
    );
  }
  if (params.prompt === undefined && params.prompt_v2 === undefined) {
    throw new ConfigurationError('TwelveLabs: analyze needs a `prompt` (or `prompt_v2`).');
  }
  // A parameter left undefined is left out, as JSON drops it.
  return { ...params, stream };
}

// The spec declares `application/json` for both answers; the third-party AsyncAPI says
// `application/x-ndjson`. Both are asked for, and the body is read as lines either way.
function withAccept(headers: HeadersInit | undefined): Headers {
  const merged = new Headers(headers);
  if (!merged.has('accept')) merged.set('accept', 'application/x-ndjson, application/json');
  return merged;
}

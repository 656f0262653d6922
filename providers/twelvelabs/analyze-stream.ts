import * as v from 'valibot';
import { isRecord } from '../../src/errors/classify-status.js';
import {
  type ApiResponse,
  ConnectionError,
  createApiError,
  KeygateError,
  type ResponseStream,
  ResponseTooLargeError,
  ResponseValidationError,
  readJsonLines,
} from '../../src/index.js';
import { typeOf } from '../../src/transport/validate-response.js';
import {
  type AnalyzeStreamEvent,
  type AnalyzeUsage,
  type StreamEndEvent,
  StreamEndEventSchema,
  type StreamStartEvent,
  StreamStartEventSchema,
  type TextGenerationEvent,
  TextGenerationEventSchema,
} from './analyze-schemas.js';
import { retryAfterMsFromMessage, twelveLabsErrorKind } from './errors.js';

const provider = 'TwelveLabs';
const defaultMaxTextBytes = 16 * 1024 * 1024;

/** What {@link AnalyzeStream.collect} returns: the stream's events, put together. */
export interface AnalyzeStreamResult {
  /** Every `text_generation` piece, joined. */
  text: string;
  /** From `stream_start` or `stream_end`. */
  generation_id: string | undefined;
  /** `stop`, or `length` when the output was cut short. */
  finish_reason: string | undefined;
  /** From `stream_end.metadata.usage`. */
  usage: AnalyzeUsage | undefined;
  /** `stream_end.error.message`: the warning that comes with a cut-short answer. */
  warning: string | undefined;
}

/** Where the stream came from, for messages. */
export interface AnalyzeStreamSource {
  /** The call, e.g. `POST https://api.twelvelabs.io/v1.3/analyze`. */
  target: string;
  /** The longest NDJSON line kept, in bytes. */
  maxLineBytes: number;
}

const knownEvents = {
  stream_start: StreamStartEventSchema,
  text_generation: TextGenerationEventSchema,
  stream_end: StreamEndEventSchema,
} as const;

/**
 * A streamed analyze answer, as TwelveLabs sends it: NDJSON, one event per line
 * (`stream_start`, `text_generation`..., `stream_end`; the spec's StreamAnalyzeResponse, and
 * twelvelabs-js 1.3.4 splits the body on "\n" the same way). Iterate it for the events as they
 * arrive, or `collect()` them. It is read once.
 *
 * Every failure is a keygate error, as for any call: a connection that breaks is a
 * `ConnectionError`, and so is a stream that ends before `stream_end` (the answer is incomplete);
 * silence longer than `timeout` a `TimeoutError`; the caller's signal an `AbortError`; an error
 * event (`event_type: "error"`, or a line with `code`/`error` and no `event_type`; none is
 * documented, but an API error after the 200 must not pass for text) the class its code names,
 * as for an error answer; a line that is not JSON or an event of a known type with the wrong
 * shape a `ResponseValidationError`. An event of a type keygate does not know is passed on as it
 * came. Memory stays bounded by `maxLineBytes` however long the answer.
 */
export class AnalyzeStream implements AsyncIterable<AnalyzeStreamEvent> {
  /** The answer's status, headers and request id. */
  readonly response: ApiResponse;
  readonly #source: ResponseStream;
  readonly #options: AnalyzeStreamSource;

  /**
   * @param source The streamed answer.
   * @param options The call and the line cap.
   */
  constructor(source: ResponseStream, options: AnalyzeStreamSource) {
    this.response = source.response;
    this.#source = source;
    this.#options = options;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AnalyzeStreamEvent, void, undefined> {
    let events = 0;
    try {
      const lines = readJsonLines(this.#source, { provider, maxLineBytes: this.#options.maxLineBytes });
      for await (const line of lines) {
        events += 1;
        const event = this.#event(line, events);
        yield event;
        // The answer is whole: what may follow (silence, a proxy's trailer) cannot spoil it, so
        // the connection is released here.
        if (event.event_type === 'stream_end') return;
      }
    } catch (error) {
      throw this.#source.own(error instanceof KeygateError ? error : unexpected(error));
    }
    // The bytes ended before stream_end: the answer is incomplete.
    throw this.#source.own(
      new ConnectionError(
        `The analyze stream of ${this.#options.target} ended after ${events} events without stream_end: ` +
          'the answer is incomplete (a proxy or the connection cut it). Call again for a whole answer.',
        { provider },
      ),
    );
  }

  /**
   * Reads the whole stream and puts it together: the text, the generation id, why it stopped,
   * the tokens used and any warning. The text is held in memory, up to `maxTextBytes`; iterate
   * the stream instead to handle an answer of any length piece by piece.
   *
   * @param options `maxTextBytes`: the most text kept (UTF-8 bytes). @default 16_777_216 (16 MiB,
   *   far above Pegasus' 98,304 output tokens)
   * @returns The result.
   * @throws {ResponseTooLargeError} When the text grows past `maxTextBytes`.
   * @throws {KeygateError} As iterating does.
   */
  async collect(options: { maxTextBytes?: number | undefined } = {}): Promise<AnalyzeStreamResult> {
    const maxTextBytes = options.maxTextBytes ?? defaultMaxTextBytes;
    let textBytes = 0;
    const result: AnalyzeStreamResult = {
      text: '',
      generation_id: undefined,
      finish_reason: undefined,
      usage: undefined,
      warning: undefined,
    };
    const pieces: string[] = [];
    for await (const event of this) {
      if (event.event_type === 'stream_start') {
        result.generation_id ??= (event as StreamStartEvent).metadata?.generation_id ?? undefined;
      } else if (event.event_type === 'text_generation') {
        const piece = (event as TextGenerationEvent).text ?? '';
        textBytes += Buffer.byteLength(piece);
        if (textBytes > maxTextBytes) {
          await this.cancel();
          throw this.#source.own(
            new ResponseTooLargeError(
              `${provider} streamed more than ${maxTextBytes} bytes of analyze text; keygate stopped collecting. ` +
                'Raise maxTextBytes, or iterate the stream to handle the text piece by piece.',
              { provider, limitBytes: maxTextBytes },
            ),
          );
        }
        pieces.push(piece);
      } else if (event.event_type === 'stream_end') {
        const end = event as StreamEndEvent;
        result.generation_id ??= end.metadata?.generation_id ?? undefined;
        result.finish_reason = end.finish_reason ?? undefined;
        result.usage = end.metadata?.usage ?? undefined;
        result.warning = end.error?.message ?? undefined;
      }
    }
    result.text = pieces.join('');
    return result;
  }

  /**
   * Only the text, piece by piece as it is generated: the `text` of each `text_generation`
   * event. The other events are read (and their errors thrown) but not yielded.
   *
   * @returns An async iterator of text pieces.
   */
  async *textStream(): AsyncGenerator<string, void, undefined> {
    for await (const event of this) {
      if (event.event_type === 'text_generation') {
        const { text } = event as TextGenerationEvent;
        if (typeof text === 'string' && text !== '') yield text;
      }
    }
  }

  /** Stops reading and releases the connection. */
  cancel(): Promise<void> {
    return this.#source.cancel();
  }

  /** One line as a typed event, or the error it reports. */
  #event(line: unknown, number: number): AnalyzeStreamEvent {
    if (!isRecord(line))
      throw invalid(`event ${number} is not an object`, `event ${number}`, 'object', typeOf(line));
    const type = line.event_type;
    if (type === 'error' || (type === undefined && (line.code !== undefined || isRecord(line.error)))) {
      throw this.#errorEvent(line, number);
    }
    if (typeof type !== 'string') {
      throw invalid(
        `event ${number} has no event_type`,
        `event ${number}.event_type`,
        'string',
        typeOf(type),
      );
    }
    const schema = Object.hasOwn(knownEvents, type)
      ? knownEvents[type as keyof typeof knownEvents]
      : undefined;
    if (schema === undefined) return line as AnalyzeStreamEvent;
    const parsed = v.safeParse(schema, line);
    if (parsed.success) return parsed.output;
    const issue = parsed.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    throw invalid(
      `${type} event ${number} does not have the documented shape`,
      `event ${number}${path ? `.${path}` : ''}`,
      issue.expected ?? 'the documented shape',
      // The type, never the value: valibot's `received` quotes what the provider sent.
      typeOf(issue.input),
    );
  }

  /** An error reported inside the stream, as the class its code names (a server error otherwise). */
  #errorEvent(line: Record<string, unknown>, number: number): KeygateError {
    const nested = isRecord(line.error) ? line.error : line;
    const code = typeof nested.code === 'string' ? nested.code.slice(0, 100) : undefined;
    const message = typeof nested.message === 'string' ? nested.message : undefined;
    const [method = 'POST', url = this.#options.target] = this.#options.target.split(' ');
    const kind = twelveLabsErrorKind(code) ?? 'server';
    return createApiError(
      {
        provider,
        status: this.response.status,
        statusText: '',
        method,
        url,
        headers: this.response.headers,
        body: { code, message },
      },
      {
        kind,
        code,
        message,
        retryAfterMs:
          kind === 'rate_limit' && message !== undefined ? retryAfterMsFromMessage(message) : undefined,
        hint:
          `The error arrived inside the streamed answer (event ${number}), after the 200: ` +
          'the text before it is incomplete. Call again for a whole answer.',
      },
    );
  }
}

function invalid(what: string, path: string, expected: string, received: string): ResponseValidationError {
  return new ResponseValidationError(`${provider} streamed an analyze answer whose ${what}.`, {
    provider,
    status: 200,
    issues: [{ path, expected, received }],
  });
}

function unexpected(error: unknown): KeygateError {
  return new KeygateError(`Reading the ${provider} analyze stream failed unexpectedly. See the cause.`, {
    provider,
    cause: error instanceof Error ? error : undefined,
  });
}

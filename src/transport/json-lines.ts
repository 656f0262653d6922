import { ConfigurationError } from '../errors/configuration-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { ResponseValidationError } from '../errors/response-validation-error.js';
import type { ResponseStream } from './response-stream.js';

/** Options of {@link readJsonLines}. */
export interface JsonLinesOptions {
  /** The provider's display name, for messages. @default 'The provider' */
  provider?: string | undefined;
  /**
   * The longest line kept, in bytes: memory stays bounded by it however long the stream runs.
   * A longer line fails the stream with a `ResponseTooLargeError`.
   * @default 1_048_576 (1 MiB)
   */
  maxLineBytes?: number | undefined;
}

const newline = 0x0a;
const defaultMaxLineBytes = 1024 * 1024;
// Pieces of a line kept apart before they are merged: a line sent a byte at a time would
// otherwise cost one small buffer (and its overhead) per byte.
const maxPieces = 64;

/**
 * Parses a stream of newline-delimited JSON (NDJSON, JSON Lines) as it arrives: one value per
 * non-blank line, `\r\n` accepted, a last line without its newline included. Only the line being
 * assembled is held, so memory is bounded by `maxLineBytes`, whatever the stream's length; bytes
 * are split at newlines before decoding, so a character cut between two chunks arrives whole.
 *
 * @param chunks The bytes, e.g. a `ResponseStream` from `client.stream()` (its errors are then
 *   the call's: provider id, scrubbed, and the outcome logs and hooks record).
 * @param options The cap on one line and the provider's name for messages.
 * @returns An async iterator of the parsed values; leaving it early cancels the stream.
 * @throws {ResponseValidationError} For a line that is not JSON (the message gives its number
 *   and length, never its text).
 * @throws {ResponseTooLargeError} For a line longer than `maxLineBytes`.
 * @throws {ConfigurationError} For a `maxLineBytes` that is not a positive whole number.
 * @example
 * ```ts no-run
 * for await (const event of readJsonLines(await client.stream({ method: 'POST', path: 'analyze', json }))) {
 *   console.log(event);
 * }
 * ```
 */
export async function* readJsonLines(
  chunks: AsyncIterable<Uint8Array>,
  options: JsonLinesOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  const provider = options.provider ?? 'The provider';
  const maxLineBytes = options.maxLineBytes ?? defaultMaxLineBytes;
  // NaN or Infinity would switch the cap off: every comparison with them is false.
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new ConfigurationError('readJsonLines: `maxLineBytes` must be a positive whole number of bytes.');
  }
  const stream = isResponseStream(chunks) ? chunks : undefined;
  try {
    yield* lines(chunks, provider, maxLineBytes);
  } catch (error) {
    throw stream !== undefined && error instanceof KeygateError ? stream.own(error) : error;
  }
}

async function* lines(
  chunks: AsyncIterable<Uint8Array>,
  provider: string,
  maxLineBytes: number,
): AsyncGenerator<unknown, void, undefined> {
  const decoder = new TextDecoder();
  // The pieces of the line being assembled, joined only once its newline arrives: a long line
  // in many small chunks costs one copy, not one per chunk.
  let pieces: Uint8Array[] = [];
  let pending = 0;
  let lineNumber = 0;
  const parse = (bytes: Uint8Array): { value: unknown } | undefined => {
    lineNumber += 1;
    const text = decoder.decode(bytes).trim();
    if (text === '') return undefined;
    try {
      return { value: JSON.parse(text) };
    } catch {
      throw new ResponseValidationError(
        `${provider} streamed a line that is not JSON (line ${lineNumber}, ${bytes.byteLength} bytes).`,
        { status: 200, issues: [{ path: `line ${lineNumber}`, expected: 'JSON', received: 'text' }] },
      );
    }
  };
  const take = (end: Uint8Array): Uint8Array => {
    if (pieces.length === 0) return end;
    const line = new Uint8Array(pending + end.byteLength);
    let at = 0;
    for (const piece of pieces) {
      line.set(piece, at);
      at += piece.byteLength;
    }
    line.set(end, at);
    pieces = [];
    pending = 0;
    return line;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let at = chunk.indexOf(newline); at !== -1; at = chunk.indexOf(newline, start)) {
      if (pending + at - start > maxLineBytes) throw tooLong(provider, maxLineBytes);
      const parsed = parse(take(chunk.subarray(start, at)));
      start = at + 1;
      if (parsed !== undefined) yield parsed.value;
    }
    if (start < chunk.byteLength) {
      const rest = chunk.subarray(start);
      if (pending + rest.byteLength > maxLineBytes) throw tooLong(provider, maxLineBytes);
      // A copy: the stream may reuse its chunk's memory once the next one is read.
      pieces.push(rest.slice());
      pending += rest.byteLength;
      if (pieces.length >= maxPieces) {
        const merged = take(new Uint8Array(0));
        pieces = [merged];
        pending = merged.byteLength;
      }
    }
  }
  if (pending > 0) {
    const parsed = parse(take(new Uint8Array(0)));
    if (parsed !== undefined) yield parsed.value;
  }
}

function isResponseStream(chunks: AsyncIterable<Uint8Array>): chunks is ResponseStream {
  return typeof (chunks as Partial<ResponseStream>).own === 'function';
}

function tooLong(provider: string, maxLineBytes: number): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `${provider} streamed a line longer than ${maxLineBytes} bytes; keygate stopped reading. ` +
      'Raise maxLineBytes if such lines are expected.',
    { provider, limitBytes: maxLineBytes },
  );
}

import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import type { AttemptDeadline } from './deadline.js';

/**
 * Reads a response body (any status: error bodies are capped too) as UTF-8 text, never holding
 * more than `maxBytes`, and within the attempt's deadline.
 *
 * A body whose length is declared and within the cap is read in one go (`response.text()`: no
 * per-chunk work in JavaScript); undici fails a body longer than its declared length. Any other
 * body (no length, or compressed) is read as a stream and cut off at the cap.
 *
 * @param response The response to read.
 * @param provider The provider, for the message.
 * @param maxBytes The cap.
 * @param deadline The attempt's deadline: reading stops when it passes or the caller aborts.
 * @param stopsOnSignal Whether the body stops by itself when the deadline's signal aborts (the
 *   global fetch keygate was loaded with); otherwise the read is also raced against the deadline.
 * @returns The text.
 * @throws {ResponseTooLargeError} Past `maxBytes`.
 */
export function readBodyText(
  response: Response,
  provider: string,
  maxBytes: number,
  deadline: AttemptDeadline,
  stopsOnSignal: boolean,
): Promise<string> {
  const { body } = response;
  if (body === null) return Promise.resolve('');
  const declared = declaredLength(response.headers);
  if (declared !== undefined && declared > maxBytes) {
    return body
      .cancel()
      .catch(() => undefined)
      .then(() => Promise.reject(tooLarge(provider, maxBytes)));
  }
  // A compressed body's declared length says nothing about its decoded size: stream it with the cap.
  if (declared !== undefined && !response.headers.has('content-encoding')) {
    // A fetch that builds its own Response (a custom one, or a replaced globalThis.fetch) may
    // declare less than it sends: a char count over the cap means more bytes than allowed.
    const text = stopsOnSignal ? response.text() : deadline.race(response.text());
    return text.then((read) => {
      if (read.length > maxBytes) throw tooLarge(provider, maxBytes);
      return read;
    });
  }
  const reading = readCapped(body, provider, maxBytes, deadline.signal);
  return stopsOnSignal ? reading : deadline.race(reading);
}

async function readCapped(
  body: ReadableStream<Uint8Array>,
  provider: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<string> {
  const reader = body.getReader();
  // A stream from a custom fetch may ignore the signal: cancelling the reader ends it either way.
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) throw tooLarge(provider, maxBytes);
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    cancel();
    throw error;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function declaredLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

function tooLarge(provider: string, maxBytes: number): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `${provider} sent a response body larger than ${maxBytes} bytes; keygate stopped reading it. ` +
      'Raise maxResponseBytes if such answers are expected.',
    { provider, limitBytes: maxBytes },
  );
}

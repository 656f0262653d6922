import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { TimeoutError } from '../errors/timeout-error.js';

/** Limits for reading one response body. */
export interface ReadBodyLimits {
  provider: string;
  /** Stop and fail past this many bytes. */
  maxBytes: number;
  /** Stop and fail when the body has not arrived whole by then. */
  timeoutMs: number;
}

/**
 * Reads a body as UTF-8 text without ever holding more than `maxBytes`, and within `timeoutMs`
 * (ky's timeout covers the wait for headers, not a body that trickles in).
 *
 * @param response The response to read.
 * @param limits The size cap and the time limit.
 * @returns The text.
 * @throws {ResponseTooLargeError} Past `maxBytes`.
 * @throws {TimeoutError} Past `timeoutMs`.
 */
export async function readBodyText(response: Response, limits: ReadBodyLimits): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(limits);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new TimeoutError(
          `${limits.provider} did not finish sending the response body within ${limits.timeoutMs} ms.`,
          {
            provider: limits.provider,
            timeoutMs: limits.timeoutMs,
          },
        ),
      );
    }, limits.timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timedOut]);
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limits.maxBytes) throw tooLarge(limits);
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    timedOut.catch(() => undefined);
  }
}

function tooLarge(limits: ReadBodyLimits): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `${limits.provider} sent a response body larger than ${limits.maxBytes} bytes; keygate stopped reading it. ` +
      'Raise maxResponseBytes if such answers are expected.',
    { provider: limits.provider, limitBytes: limits.maxBytes },
  );
}

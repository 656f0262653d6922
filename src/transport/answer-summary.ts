import { requestIdOf } from '../errors/classify-status.js';
import type { ApiResponse } from './api-promise.js';
import { redactText } from './redact.js';

/**
 * The `response` of `withResponse()`: the status now, the headers and request id on first
 * read, so a call that never asks for them pays for nothing. Header values are scrubbed of every
 * concealed key, in case a server echoes one back.
 */
export class AnswerSummary implements ApiResponse {
  readonly status: number;
  readonly #raw: Headers;
  readonly #secrets: ReadonlySet<string>;
  #headers: Headers | undefined;

  /**
   * @param answer The successful answer's status and headers.
   * @param secrets What the strategy concealed on this call.
   */
  constructor(answer: { status: number; headers: Headers }, secrets: ReadonlySet<string>) {
    this.status = answer.status;
    this.#raw = answer.headers;
    this.#secrets = secrets;
  }

  /** The answer's headers, a copy with any concealed value `[REDACTED]`. */
  get headers(): Headers {
    if (this.#headers === undefined) {
      this.#headers = new Headers();
      for (const [name, value] of this.#raw) this.#headers.append(name, redactText(value, this.#secrets));
    }
    return this.#headers;
  }

  /** The provider's request id, when it sent one. */
  get requestId(): string | undefined {
    return requestIdOf(this.headers);
  }

  /** A plain object for logs and `JSON.stringify`. */
  toJSON(): { status: number; headers: Record<string, string>; requestId: string | undefined } {
    return { status: this.status, headers: Object.fromEntries(this.headers), requestId: this.requestId };
  }
}

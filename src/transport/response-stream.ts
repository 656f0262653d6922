import { ConfigurationError } from '../errors/configuration-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { AnswerSummary } from './answer-summary.js';
import type { ApiResponse } from './api-promise.js';
import { abortedError, type CallResponse } from './attempt.js';
import { describeUrl } from './base-url.js';
import type { CallPlan } from './call-plan.js';
import type { AttemptDeadline } from './deadline.js';
import { redactError, sanitizeCause } from './redact.js';

/**
 * A 2xx answer whose body is read as it arrives (`transport.stream`): an async iterable of its
 * bytes, readable once. Every failure while reading is a keygate error: the caller's signal an
 * `AbortError`; a provider silent for longer than `timeout` between two chunks a `TimeoutError`
 * (phase `body`); a connection that breaks mid-way a `ConnectionError`. None is retried, since
 * part of the answer was already delivered.
 */
export interface ResponseStream extends AsyncIterable<Uint8Array> {
  /** The answer's status, headers (scrubbed) and request id. */
  readonly response: ApiResponse;
  /** Stops reading and releases the connection; iterating afterwards is a `ConfigurationError`. */
  cancel(): Promise<void>;
  /**
   * Makes an error built from the stream's content (a parser's, an error event's) one of this
   * call's: `provider` set, every value the strategy concealed scrubbed, as the transport does
   * for its own errors, and the call's outcome in logs, hooks and spans this error rather than a
   * success. Call it before throwing the error.
   *
   * @param error The error.
   * @returns The same error.
   */
  own<E extends KeygateError>(error: E): E;
}

/** Reports the end of a streamed call to whatever watches it (logs, hooks, spans). */
type EndListener = (error: KeygateError | undefined) => void;

/**
 * The stream behind {@link ResponseStream}. It owns the attempt's deadline from the moment the
 * headers arrived: the clock runs only while it waits for the provider (paused while the
 * consumer handles a chunk) and restarts with each chunk; the deadline is disposed of when the
 * body ends, fails or is cancelled. A stream nobody reads is cut off after `timeout`, so an
 * unread answer never holds its connection.
 */
export class StreamedBody implements ResponseStream {
  readonly response: ApiResponse;
  readonly #body: ReadableStream<Uint8Array> | null;
  readonly #deadline: AttemptDeadline;
  readonly #plan: CallPlan;
  readonly #stopsOnSignal: boolean;
  readonly #onEnd: EndListener;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #state: 'unread' | 'reading' | 'over' = 'unread';
  #bytes = 0;
  /** Why the stream ended, when it failed: told again to whoever iterates it afterwards. */
  #endError: KeygateError | undefined;
  /** An error a reader of the content reported (see `own`), until the outcome is told. */
  #reported: KeygateError | undefined;
  #told = false;

  /**
   * @param answer The answer, with its unread body, its deadline and whether the body stops by
   *   itself when the deadline aborts (else each read is raced against it).
   * @param plan The call's plan (for messages and the secrets to scrub).
   * @param onEnd Told once, when the stream is over.
   */
  constructor(
    answer: CallResponse & { streamed: NonNullable<CallResponse['streamed']> },
    plan: CallPlan,
    onEnd: EndListener,
  ) {
    this.response = new AnswerSummary(answer, plan.secrets);
    this.#body = answer.streamed.body;
    this.#deadline = answer.streamed.deadline;
    this.#plan = plan;
    this.#stopsOnSignal = answer.streamed.stopsOnSignal;
    this.#onEnd = onEnd;
    // Unread, the stream still holds a connection: a full `timeout` from now, it is released.
    this.#deadline.rearm();
    this.#deadline.signal.addEventListener('abort', this.#onUnreadStop, { once: true });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.#state === 'reading') {
      throw new ConfigurationError(`The response stream of ${this.#target()} is already being read.`, {
        provider: this.#plan.providerId,
      });
    }
    if (this.#state === 'over') {
      throw (
        this.#endError ??
        new ConfigurationError(`The response stream of ${this.#target()} was already read or cancelled.`, {
          provider: this.#plan.providerId,
        })
      );
    }
    if (this.#body === null) {
      this.#finish(undefined);
      return;
    }
    this.#state = 'reading';
    const reader = this.#body.getReader();
    this.#reader = reader;
    // A body from a custom fetch may ignore the signal: cancelling the reader ends it either way.
    const cancel = () => void reader.cancel().catch(() => undefined);
    this.#deadline.signal.addEventListener('abort', cancel, { once: true });
    let failure: KeygateError | undefined;
    try {
      for (;;) {
        this.#deadline.rearm();
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          const read = reader.read();
          chunk = await (this.#stopsOnSignal ? read : this.#deadline.race(read));
        } catch (error) {
          failure = this.#failure(error);
          throw failure;
        }
        if (this.#deadline.stopReason !== undefined) {
          failure = this.#failure(undefined);
          throw failure;
        }
        if (chunk.done) return;
        this.#bytes += chunk.value.byteLength;
        this.#deadline.pause();
        yield chunk.value;
      }
    } finally {
      this.#deadline.signal.removeEventListener('abort', cancel);
      // Left early (a `break`, an error in the consumer): release the connection.
      if (failure === undefined) cancel();
      this.#finish(failure);
    }
  }

  async cancel(): Promise<void> {
    if (this.#state === 'over') return;
    const reading = this.#reader;
    this.#finish(undefined);
    await (reading ?? this.#body)?.cancel().catch(() => undefined);
  }

  own<E extends KeygateError>(error: E): E {
    error.provider = this.#plan.providerId;
    const owned = redactError(error, this.#plan.secrets);
    this.#reported ??= owned;
    return owned;
  }

  readonly #onUnreadStop = (): void => {
    if (this.#state !== 'unread') return;
    void this.#body?.cancel().catch(() => undefined);
    this.#finish(this.#failure(undefined));
  };

  #finish(error: KeygateError | undefined): void {
    if (this.#state === 'over') return;
    this.#state = 'over';
    this.#endError = error;
    this.#deadline.signal.removeEventListener('abort', this.#onUnreadStop);
    this.#deadline.dispose();
    if (error !== undefined) {
      this.#tell(error);
      return;
    }
    // A reader of the content (a parser) learns it was bad only after the bytes ended, and its
    // error unwinds through this stream first: the outcome waits for the next turn of the event
    // loop, so what `own` reports by then is what logs, hooks and spans record.
    setImmediate(() => this.#tell(undefined));
  }

  #tell(error: KeygateError | undefined): void {
    if (this.#told) return;
    this.#told = true;
    this.#onEnd(error ?? this.#reported);
  }

  #target(): string {
    return `${this.#plan.method} ${describeUrl(this.#plan.url)}`;
  }

  /** What a failed read means, as a scrubbed keygate error. */
  #failure(error: unknown): KeygateError {
    const plan = this.#plan;
    const { stopReason, timeoutMs } = this.#deadline;
    const provider = plan.provider;
    let result: KeygateError;
    if (stopReason === 'caller') {
      result = abortedError(plan);
    } else if (stopReason === 'timeout') {
      result = new TimeoutError(
        `${provider} sent nothing for ${timeoutMs} ms while streaming the answer to ${this.#target()} ` +
          `(${this.#bytes} bytes had arrived). Raise \`timeout\` if the provider pauses that long.`,
        { provider, timeoutMs, phase: 'body' },
      );
    } else if (error instanceof KeygateError) {
      result = error;
    } else {
      // A hop between here and the provider cut the answer short: no status tells it apart.
      result = new ConnectionError(
        `The answer ${provider} was streaming for ${this.#target()} broke after ${this.#bytes} bytes. ` +
          'It is not retried, since part of it was delivered; call again for a new answer.',
        { provider, cause: sanitizeCause(error, plan.secrets) },
      );
    }
    return this.own(result);
  }
}

/** What an attempt was doing when its deadline ran out, for the message of the `TimeoutError`. */
export type AttemptPhase = 'key' | 'send' | 'body';

/** Why an attempt's signal aborted. */
export type StopReason = 'timeout' | 'caller';

/**
 * One attempt's deadline: one `AbortController` and one timer, linked to the caller's signal.
 * Everything an attempt waits for (the strategy and its key source, the connection, the headers,
 * the whole body, a redirect hop) waits under it, so no part of an attempt can hang past
 * `timeout`, and a caller's abort ends whatever is in progress.
 *
 * `race` exists for the parts that may ignore the signal (a key function, a custom `fetch` or a
 * global one installed after keygate was loaded, a body stream from either): the attempt stops
 * waiting for them even if they never settle.
 */
export class AttemptDeadline {
  /** Aborts when the deadline passes or the caller aborts; given to fetch and to strategies. */
  readonly signal: AbortSignal;
  /** The per-attempt timeout, in milliseconds. */
  readonly timeoutMs: number;
  /** What the attempt is waiting for; set by the attempt loop as it goes. */
  phase: AttemptPhase = 'key';
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopReason: StopReason | undefined;
  #stopped: Promise<never> | undefined;
  #disposed = false;

  /**
   * Starts the clock.
   *
   * @param timeoutMs How long the attempt may take, in milliseconds.
   * @param caller The caller's signal, if any.
   */
  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.timeoutMs = timeoutMs;
    this.signal = this.#controller.signal;
    this.#caller = caller;
    // A module-level callback and the deadline as its argument: no closure per attempt.
    this.#timer = setTimeout(onTimeout, timeoutMs, this);
    if (caller !== undefined) {
      if (caller.aborted) this.#stop('caller', caller.reason);
      else {
        this.#onCallerAbort = () => this.#stop('caller', caller.reason);
        caller.addEventListener('abort', this.#onCallerAbort, { once: true });
      }
    }
  }

  /** `timeout` when the deadline passed, `caller` when the caller aborted, else `undefined`. */
  get stopReason(): StopReason | undefined {
    return this.#stopReason;
  }

  /**
   * Waits for `promise`, or rejects as soon as the attempt is stopped, whichever comes first. The
   * rejection carries no information: callers ask {@link stopReason} and build the keygate error.
   *
   * @param promise What the attempt waits for.
   * @returns Its value.
   */
  race<T>(promise: Promise<T>): Promise<T> {
    // One shared "stopped" promise per attempt, made on first use; most attempts never need it.
    this.#stopped ??= new Promise<never>((_, reject) => {
      if (this.signal.aborted) reject(this.signal.reason);
      else this.signal.addEventListener('abort', () => reject(this.signal.reason), { once: true });
    });
    // A losing `promise` may still reject later: that must not become an unhandled rejection.
    promise.catch(noop);
    return Promise.race([promise, this.#stopped]);
  }

  /**
   * Stops the clock without ending the attempt: a streamed body's consumer is busy with a chunk,
   * and its time is not the provider's. {@link rearm} starts it again.
   */
  pause(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Gives the attempt a fresh `timeoutMs` from now, unless it has already stopped: a streamed
   * body gets `timeoutMs` for each chunk, so a long stream that keeps arriving never times out
   * while one that goes silent does.
   */
  rearm(): void {
    // Disposed (a stream cancelled while its reader was busy): no timer may outlive it.
    if (this.#stopReason !== undefined || this.#disposed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(onTimeout, this.timeoutMs, this);
  }

  /** Stops the timer and unlinks the caller's signal. Call once the attempt is over. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    if (this.#onCallerAbort !== undefined) this.#caller?.removeEventListener('abort', this.#onCallerAbort);
    this.#stopped?.catch(noop);
  }

  /** The deadline passed (called by the timer). */
  timedOut(): void {
    this.#stop('timeout', new DOMException('The attempt timed out.', 'TimeoutError'));
  }

  /** The caller's abort listener, made only for a call that has a signal. */
  #onCallerAbort: (() => void) | undefined;

  #stop(reason: StopReason, cause: unknown): void {
    if (this.#stopReason !== undefined) return;
    this.#stopReason = reason;
    clearTimeout(this.#timer);
    this.#controller.abort(cause);
  }
}

function noop(): void {}

function onTimeout(deadline: AttemptDeadline): void {
  deadline.timedOut();
}

/** A success's status, headers and request id, as `withResponse()` gives them. */
export interface ApiResponse {
  /** The HTTP status of the answer that succeeded (after any retries). */
  readonly status: number;
  /**
   * The answer's headers. Any value the strategy concealed (a key a server echoed back) is
   * `[REDACTED]`, so the headers can be logged as they are.
   */
  readonly headers: Headers;
  /** The provider's request id (`x-request-id`, `request-id` or `x-amzn-requestid`), when it sent one. */
  readonly requestId: string | undefined;
}

/** What `withResponse()` resolves to: the typed result and the answer it came from. */
export interface WithResponse<T> {
  readonly data: T;
  readonly response: ApiResponse;
}

/**
 * The promise every call returns: awaited, it gives the typed result as before;
 * `.withResponse()` gives `{ data, response }` with the status, headers and request id of the
 * answer. The call starts at once either way, and is sent only once.
 *
 * @example
 * ```ts no-run
 * const { data, response } = await client.indexes.list().withResponse();
 * console.log(response.requestId, data.page_info?.total_results);
 * ```
 */
export class ApiPromise<T> extends Promise<T> {
  readonly #call: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  /** @param call The running call. */
  constructor(call: Promise<WithResponse<T>>) {
    // The base promise is never used: then/catch/finally read the call itself, so a failed
    // call is reported once, to whoever awaits it, and never as an unhandled second rejection.
    super(settleUnused);
    this.#call = call;
  }

  // Promise methods on an ApiPromise (then, Promise.all...) build plain promises.
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The typed result together with the answer's status, headers and request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#call;
  }

  // `reason: any`, as in the standard Promise typings: `unknown` would break callers' existing
  // `.catch((error) => error.message)` when a method's return type changed to ApiPromise.
  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass is meant to be awaited
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    // biome-ignore lint/suspicious/noExplicitAny: matches Promise.prototype.then's typing
    onRejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#result().then(onFulfilled, onRejected);
  }

  // biome-ignore lint/suspicious/noExplicitAny: matches Promise.prototype.catch's typing
  override catch<B = never>(onRejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#result().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#result().finally(onFinally);
  }

  #result(): Promise<T> {
    this.#data ??= this.#call.then((settled) => settled.data);
    return this.#data;
  }
}

/** The base promise's executor: one function for every ApiPromise, not a closure per call. */
function settleUnused(resolve: (value: never) => void): void {
  resolve(undefined as never);
}

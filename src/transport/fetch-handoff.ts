// How an attempt's request reaches fetch through ky. ky hands any option it does not know to
// fetch untouched, as its second argument; keygate's fetch wrapper (transport-setup.ts `fetchFor`)
// takes the request from there and builds fetch's init. ky itself never gets a signal (it would
// combine it with its own through AbortSignal.any on every call).

/** The ky option that carries the request whose headers are on ky's `Request` (the usual contract). */
export const attemptRequest = 'keygateAttemptRequest';

/**
 * The ky option that carries the request whose headers go in fetch's init instead, where they
 * replace the `Request`'s own: fetch fills the request it sends from them once, where given to
 * ky they would be copied four more times on the way (ky's clone of the option, its merge, its
 * content-type check, its `Request`), each copy validating every header again.
 */
export const attemptRequestWithHeaders = 'keygateAttemptRequestWithHeaders';

// The global fetch when keygate was loaded: Node's own, or whatever was installed before.
const fetchAtLoad = globalThis.fetch;

/**
 * Whether `globalThis.fetch` is still the one keygate found when it was loaded. Only that fetch
 * gets the headers in its init, and only it is trusted to stop on the attempt's signal without
 * a race. A fetch installed later (a test's spy, an interceptor, an instrumentation wrapper) may
 * read the `Request` alone and drop the init: it gets every header on the `Request`, as a custom
 * `fetch` option does, and is raced against the deadline. A fetch installed before keygate is
 * imported must pass its init on, as any fetch must.
 *
 * @returns `true` when `globalThis.fetch` is the one found at load.
 */
export function globalFetchUnchanged(): boolean {
  return globalThis.fetch === fetchAtLoad;
}

/**
 * The longest wait a provider's body or message can ask for, in milliseconds: one day. Rate-limit
 * windows are at most a day (TwelveLabs counts requests, durations and tokens per minute, hour
 * and day), and a larger value is either garbage (`1e308`) or a trap: `setTimeout` fires at once
 * for anything above 2^31 - 1 ms (24.8 days), so `sleep(error.retryAfterMs)` would not wait at all.
 *
 * @see https://docs.twelvelabs.io/docs/get-started/rate-limits
 */
export const MAX_PROVIDER_RETRY_AFTER_MS = 86_400_000;

// Digits with an optional fraction, nothing else: no sign, exponent, hex or empty string, all of
// which `Number()` would accept. Anchored, one quantifier per character class: linear.
const plainSeconds = /^\s*\d+(?:\.\d+)?\s*$/;

/**
 * Reads a wait in seconds that a provider sent in a body field (ModelsLab's `retry_after`) or in
 * a message, whatever JSON put there: a number, or a string of digits (`"12"`). Everything else
 * (`"soon"`, `[]`, `{}`, `null`, `-5`, `NaN`) is no wait at all; a huge one is capped.
 *
 * @param value The field as parsed; never converted with `Number()` or `String()`, which would
 *   call a hostile `toString`/`valueOf` or turn `[]` and `null` into 0.
 * @returns Milliseconds, rounded up and at most {@link MAX_PROVIDER_RETRY_AFTER_MS}; `undefined`
 *   when the value is not a non-negative number of seconds.
 */
export function retryAfterMsFromSeconds(value: unknown): number | undefined {
  let seconds: number | undefined;
  if (typeof value === 'number') seconds = value;
  else if (typeof value === 'string' && value.length <= 32 && plainSeconds.test(value))
    seconds = Number(value);
  if (seconds === undefined || Number.isNaN(seconds) || seconds < 0) return undefined;
  return Math.min(Math.ceil(seconds * 1000), MAX_PROVIDER_RETRY_AFTER_MS);
}

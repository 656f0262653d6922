/**
 * How many characters of a provider's message a classifier reads. Every message a provider
 * documents fits in a few hundred (ModelsLab's longest documented one, "Rate limit exceeded.
 * Maximum 5 queued requests allowed.", is 56); a body can be up to `maxResponseBytes` (10 MiB by
 * default), and what decides the class is always said first. Reading a fixed prefix makes the
 * cost of classifying independent of the body's size.
 */
export const MESSAGE_SCAN_CHARS = 1_000;

// One character class, one quantifier: `split` walks the text once, whatever it contains.
const separators = /[^a-z0-9]+/;

/**
 * The lower-case words of the first {@link MESSAGE_SCAN_CHARS} characters of a provider message,
 * split once on everything that is not a letter or digit, for whole-word matching: "rate" is a
 * word of "Rate limit exceeded" but not of "Failed to generate image" or "moderate".
 *
 * Matching walks the word list (at most about 500 words) a bounded number of times, so no message
 * can make it slow; there are no regexes over the free text to backtrack in.
 *
 * @example
 * ```ts no-run
 * const words = new MessageWords('Invalid API key provided');
 * words.has('api key'); // true
 * words.hasInOrder(['invalid'], ['key', 'apikey']); // true
 * new MessageWords('Failed to generate image').has('rate'); // false
 * ```
 */
export class MessageWords {
  /** The words, lower-case, in message order. */
  readonly words: readonly string[];

  /** @param message A provider message of any length; only its first characters are read. */
  constructor(message: string) {
    // Cut before lower-casing and splitting, so both see at most MESSAGE_SCAN_CHARS characters.
    const head = message.slice(0, MESSAGE_SCAN_CHARS).toLowerCase();
    this.words = head.split(separators).filter((word) => word !== '');
  }

  /**
   * Whether any of the phrases occurs as whole words.
   *
   * @param phrases Lower-case phrases; a space separates the words of a phrase ("too many").
   * @returns `true` when one of them occurs.
   */
  has(...phrases: readonly string[]): boolean {
    return phrases.some((phrase) => this.#find(phrase.split(' '), 0) !== -1);
  }

  /**
   * Whether one of the `first` phrases occurs and one of the `then` phrases starts after it ends,
   * any number of words later ("key ... is missing", "no ... api key").
   *
   * @param first Lower-case phrases that must come first.
   * @param then Lower-case phrases that must follow.
   * @returns `true` when both occur in that order.
   */
  hasInOrder(first: readonly string[], then: readonly string[]): boolean {
    // The earliest end of a `first` phrase is the most permissive place to look after.
    let end = Number.POSITIVE_INFINITY;
    for (const phrase of first) {
      const words = phrase.split(' ');
      const at = this.#find(words, 0);
      if (at !== -1) end = Math.min(end, at + words.length);
    }
    if (end === Number.POSITIVE_INFINITY) return false;
    return then.some((phrase) => this.#find(phrase.split(' '), end) !== -1);
  }

  // The index of the first occurrence of `phrase` at or after `from`, or -1.
  #find(phrase: readonly string[], from: number): number {
    const last = this.words.length - phrase.length;
    for (let start = from; start <= last; start += 1) {
      let matched = 0;
      while (matched < phrase.length && this.words[start + matched] === phrase[matched]) matched += 1;
      if (matched === phrase.length) return start;
    }
    return -1;
  }
}

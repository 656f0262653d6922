import { CIRCULAR, formsOf, keysOf, put, REDACTED, readOwn, scrub, TOO_DEEP, UNREADABLE } from './redact.js';

// Bounds of `redactedExcerpt`. An error body rides on the error, to a classifier and into logs,
// so a 10 MiB HTML error page or a 100,000-item array must not. Provider JSON error bodies are a
// few hundred bytes and stay whole; a text page keeps its opening, where the message is.
/** The longest text body an excerpt keeps, in UTF-16 code units, before its cut marker. */
export const EXCERPT_MAX_TEXT_CHARS = 8 * 1024;
/** The longest string (value or object key) an excerpt of a JSON body keeps. */
export const EXCERPT_MAX_STRING_CHARS = 2 * 1024;
/** How many object entries and array items, in all, an excerpt keeps. */
export const EXCERPT_MAX_NODES = 500;
/** How many entries of one object or array an excerpt keeps: one wide array must not take all. */
export const EXCERPT_MAX_ENTRIES = 100;
/** How many levels of objects and arrays below the top an excerpt keeps; deeper is `[TOO DEEP]`. */
export const EXCERPT_MAX_DEPTH = 32;

// Cuts after scrubbing, never before, so no prefix of a secret can be left at the cut. The cut
// does not split a `[REDACTED]` marker or a surrogate pair.
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const marker = text.lastIndexOf(REDACTED, end - 1);
  if (marker !== -1 && marker + REDACTED.length > end) end = marker;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…[truncated ${text.length - end} chars]`;
}

interface ExcerptJob {
  source: object;
  copy: Record<string, unknown> | unknown[];
  depth: number;
  parent: ExcerptJob | undefined;
  /** Where the copy sits, so a container the budget leaves empty can become one marker. */
  target: object;
  slot: string;
}

/**
 * A redacted and bounded copy of a response body, to keep on an error and hand to a classifier.
 * Every spelling of every secret is scrubbed first (object keys included), then the copy is
 * cut to the `EXCERPT_*` bounds, so no fragment of a secret can survive a cut. The walk is
 * breadth-first with its own queue, so it is linear in the input and the top-level fields are
 * kept first. Cut strings end in `…[truncated N chars]`; a container cut short gains
 * `[N more items]` (array) or a `…` entry (object); once the node budget is spent, containers
 * become `[array of N items]` / `[object of N entries]`; `[TOO DEEP]` and `[CIRCULAR]` stand in
 * for what is too deep or contains itself. The copy is JSON-safe: a BigInt becomes its digits,
 * a function or symbol a marker, an `Error` its name and message, binary data its size.
 *
 * @param value A text body, a parsed JSON body, or whatever a classifier or custom code built.
 * @param secrets The secrets registered with `conceal`.
 * @returns A new, scrubbed, bounded value; getters in its objects and arrays are not run.
 * @example
 * ```ts no-run
 * const body = redactedExcerpt(await response.text(), plan.secrets)
 * ```
 */
export function redactedExcerpt(value: unknown, secrets: ReadonlySet<string>): unknown {
  const forms = formsOf(secrets);
  const text = (item: string, max: number) => cut(scrub(item, forms), max);
  if (typeof value === 'string') return text(value, EXCERPT_MAX_TEXT_CHARS);
  const queue: ExcerptJob[] = [];
  const copyOf = (item: unknown, parent: ExcerptJob | undefined, target: object, slot: string): unknown => {
    if (typeof item === 'string') return text(item, EXCERPT_MAX_STRING_CHARS);
    if (typeof item === 'bigint') return item.toString(); // JSON.stringify throws on a BigInt
    if (typeof item === 'function' || typeof item === 'symbol') return `[${typeof item}]`;
    if (typeof item !== 'object' || item === null) return item;
    for (let up = parent; up !== undefined; up = up.parent) if (up.source === item) return CIRCULAR;
    const depth = parent === undefined ? 0 : parent.depth + 1;
    if (depth > EXCERPT_MAX_DEPTH) return TOO_DEEP;
    try {
      if (item instanceof Error) {
        const name = text(String(item.name), EXCERPT_MAX_STRING_CHARS);
        return { name, message: text(String(item.message), EXCERPT_MAX_STRING_CHARS) };
      }
      if (item instanceof Date) return Number.isNaN(item.getTime()) ? 'Invalid Date' : item.toISOString();
      if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer) return `[${item.byteLength} bytes]`;
      const copy = Array.isArray(item) ? [] : {};
      queue.push({ source: item, copy, depth, parent, target, slot });
      return copy;
    } catch {
      return UNREADABLE;
    }
  };
  const holder = { value: undefined as unknown };
  holder.value = copyOf(value, undefined, holder, 'value');
  let budget = EXCERPT_MAX_NODES;
  for (const job of queue) {
    const { source, copy, target, slot } = job;
    try {
      const isArray = Array.isArray(copy);
      // An array goes by index up to the budget: a sparse one of length 2**32 - 1 costs nothing.
      const keys = isArray ? undefined : keysOf(source);
      const length = keys ? keys.length : (source as unknown[]).length;
      if (length > 0 && budget === 0) {
        put(target, slot, isArray ? `[array of ${length} items]` : `[object of ${length} entries]`);
        continue;
      }
      const kept = Math.min(length, budget, EXCERPT_MAX_ENTRIES);
      budget -= kept;
      for (let at = 0; at < kept; at++) {
        const key = keys ? (keys[at] as string) : String(at);
        const name = keys ? text(key, EXCERPT_MAX_STRING_CHARS) : key;
        put(copy, name, copyOf(readOwn(source, key), job, copy, name));
      }
      if (kept < length) {
        if (isArray) copy.push(`[${length - kept} more items]`);
        else put(copy, '…', `[${length - kept} more entries]`);
      }
    } catch {
      put(target, slot, UNREADABLE); // a proxy whose traps throw
    }
  }
  return holder.value;
}

import { KeygateError } from '../errors/keygate-error.js';

/** What a concealed secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Marks a part of a value nested too deeply to be kept. */
export const TOO_DEEP = '[TOO DEEP]';
/** Marks a reference back to an object that contains it. */
export const CIRCULAR = '[CIRCULAR]';
// A getter is code: running it could throw, hang or build an endless structure.
export const GETTER = '[GETTER]';
/** Marks a value that could not be read (a revoked proxy). */
export const UNREADABLE = '[UNREADABLE]';

// Spellings are asked for on every error and every classified answer, for the same few keys:
// computed once per key. Bounded, so a key function that returns a new key per call cannot grow it.
const spellingsCache = new Map<string, readonly string[]>();
const spellingsCacheSize = 64;

/** {@link spellingsOf}, remembered for the most recent keys. */
function spellings(secret: string): readonly string[] {
  let forms = spellingsCache.get(secret);
  if (forms === undefined) {
    forms = spellingsOf(secret);
    if (spellingsCache.size >= spellingsCacheSize) spellingsCache.clear();
    spellingsCache.set(secret, forms);
  }
  return forms;
}

/**
 * The spellings a secret can take once it has travelled: as is, percent-encoded (a query
 * string, a `Location` header), form-encoded, and JSON-escaped (a body that echoes it).
 */
function spellingsOf(secret: string): string[] {
  const forms = [
    secret,
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
  try {
    forms.push(encodeURIComponent(secret));
  } catch {} // a lone surrogate cannot be percent-encoded, so it cannot travel that way either
  // Percent-encoding's hex digits are case-insensitive (RFC 3986 §2.1): a server may echo `%2f`.
  const all = forms.flatMap((form) => [form, form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())]);
  // Most keys spell the same every way: scanning a text once per distinct spelling is enough.
  return [...new Set(all)].filter((form) => form !== '');
}

/** Every non-empty spelling of every secret, whatever its length. */
export function formsOf(secrets: ReadonlySet<string>): readonly string[] {
  // The common case, one key: its remembered spellings, without a copy.
  if (secrets.size === 1) for (const secret of secrets) return spellings(secret);
  const forms = new Set<string>();
  for (const secret of secrets) for (const form of spellings(secret)) forms.add(form);
  return [...forms];
}

// Marks every character covered by any spelling of any secret, then replaces each covered run
// at once. Unlike replacing one spelling after another, no order can leave part of a secret
// behind: not a longer secret that contains a shorter one, nor two that overlap.
export function scrub(text: string, forms: readonly string[]): string {
  let covered: Uint8Array | undefined;
  for (const form of forms) {
    let coveredUntil = 0; // a secret that overlaps itself ("aaaa") is filled once per character
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
      covered ??= new Uint8Array(text.length);
      covered.fill(1, Math.max(at, coveredUntil), at + form.length);
      coveredUntil = at + form.length;
    }
  }
  if (covered === undefined) return text;
  let result = '';
  let from = 0;
  for (let start = covered.indexOf(1); start !== -1; start = covered.indexOf(1, from)) {
    const end = covered.indexOf(0, start);
    result += text.slice(from, start) + REDACTED;
    from = end === -1 ? text.length : end;
  }
  return result + text.slice(from);
}

/**
 * Replaces every concealed secret in a string.
 *
 * @param text Any string.
 * @param secrets The secrets registered with `conceal`.
 * @returns The string with each spelling of each secret replaced by `[REDACTED]`.
 */
export function redactText(text: string, secrets: ReadonlySet<string>): string {
  return secrets.size === 0 ? text : scrub(text, formsOf(secrets));
}

export function keysOf(source: object): string[] {
  try {
    return Object.keys(source);
  } catch {
    return []; // a revoked proxy
  }
}

export function readOwn(source: object, key: string): unknown {
  try {
    const descriptor = Object.getOwnPropertyDescriptor(source, key);
    return descriptor === undefined || 'value' in descriptor ? descriptor?.value : GETTER;
  } catch {
    return UNREADABLE;
  }
}

// Defines rather than assigns, so a `__proto__` key is copied as data, not as a prototype.
export function put(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Deep-copies a parsed body with every string (keys included) scrubbed, however deep: the walk
 * uses its own stack, not the call stack. An object reached twice is copied once, so a cyclic
 * body gives a copy with the same cycle and a shared one is not copied over and over.
 *
 * @param value A parsed JSON value or a text body.
 * @param secrets The secrets registered with `conceal`.
 * @returns A scrubbed copy; objects and arrays are new, getters are not run.
 */
export function redactValue(value: unknown, secrets: ReadonlySet<string>): unknown {
  const forms = formsOf(secrets);
  const copies = new Map<object, object>();
  const pending: Array<[source: object, copy: object]> = [];
  const copyOf = (item: unknown): unknown => {
    if (typeof item === 'string') return scrub(item, forms);
    if (typeof item !== 'object' || item === null) return item;
    let copy = copies.get(item);
    if (copy === undefined) {
      try {
        copy = Array.isArray(item) ? [] : {};
      } catch {
        return UNREADABLE; // a revoked proxy
      }
      copies.set(item, copy);
      pending.push([item, copy]);
    }
    return copy;
  };
  const root = copyOf(value);
  for (let job = pending.pop(); job !== undefined; job = pending.pop()) {
    const [source, copy] = job;
    for (const key of keysOf(source)) put(copy, scrub(key, forms), copyOf(readOwn(source, key)));
  }
  return root;
}

/**
 * Turns anything thrown below keygate (a fetch `TypeError`, a DNS error, an abort reason) into a
 * plain `Error` that carries only its name, message, `code` and cause, all scrubbed. Foreign
 * errors may hold requests, sockets or options; the copy holds none of them.
 *
 * @param error Anything thrown.
 * @param secrets The secrets registered with `conceal`.
 * @returns A safe `Error`, or `undefined` for `undefined`.
 */
export function sanitizeCause(error: unknown, secrets: ReadonlySet<string>, depth = 0): Error | undefined {
  if (error === undefined || error === null) return undefined;
  if (error instanceof KeygateError) return redactError(error, secrets);
  const source = error instanceof Error ? error : undefined;
  let name = 'Error';
  let message = UNREADABLE;
  try {
    name = redactText(String(source?.name ?? 'Error'), secrets);
    message = redactText(source ? String(source.message) : String(error), secrets);
  } catch {
    // A getter or `toString` that throws: the error says what it could read.
  }
  const nestedCause = depth < 4 ? sanitizeCause(source?.cause, secrets, depth + 1) : undefined;
  const copy = new Error(message, nestedCause ? { cause: nestedCause } : undefined);
  copy.name = name;
  const code = (source as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  // The copy's own stack points into keygate; the original's frames are not needed to debug a
  // network failure and may carry a URL with a query key.
  copy.stack = `${name}: ${message}`;
  return copy;
}

/**
 * Scrubs a keygate error in place, whoever built it (the transport, a strategy, a provider's
 * classifier): message, stack, every own string or body field, and the cause chain.
 *
 * @param error A keygate error about to leave the transport.
 * @param secrets The secrets registered with `conceal`.
 * @returns The same error, scrubbed.
 */
export function redactError<E extends KeygateError>(error: E, secrets: ReadonlySet<string>): E {
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key === 'cause') continue;
    fields[key] = redactValue(fields[key], secrets);
  }
  error.message = redactText(error.message, secrets);
  if (typeof error.stack === 'string') error.stack = redactText(error.stack, secrets);
  if (error.cause !== undefined) {
    Object.defineProperty(error, 'cause', {
      value: sanitizeCause(error.cause, secrets),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return error;
}

import type { PooledKeyStatus } from './all-keys-unavailable-error.js';
/**
 * Marks keygate errors so the guards in `guards.ts` recognise them across realms and across
 * duplicate copies of the package, where `instanceof` fails.
 */
export const keygateErrorBrand: unique symbol = Symbol.for('keygate.error');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

// A cause chain can loop back (A caused by B caused by A) or run long when custom code builds it.
// Rendering follows at most this many links, and an error already being rendered further up the
// chain is shown as a marker: `toJSON` and `util.inspect` then cannot recurse without end.
const MAX_CAUSE_LINKS = 8;
const inJson = new Set<object>();
const inInspect = new Set<object>();

/** Options every keygate error accepts. */
export interface KeygateErrorOptions {
  /** The provider the failing call was made to, e.g. `'TwelveLabs'`. */
  provider?: string | undefined;
  /** The underlying error. keygate only ever passes sanitised copies, never ky or fetch objects. */
  cause?: unknown | undefined;
}

/**
 * The base of every error keygate throws. It never holds a `Request`, request headers or
 * ky's options, so printing it (`String`, `JSON.stringify`, `util.inspect`) cannot show a key.
 *
 * @example
 * ```ts no-run
 * try { await client.indexes.list() } catch (error) {
 *   if (isKeygateError(error)) console.error(error.name, error.message)
 * }
 * ```
 */
export class KeygateError extends Error {
  override name: string = 'KeygateError';
  /** The provider the failing call was made to, when known. */
  provider?: string | undefined;
  /**
   * The fingerprint of the key the failing attempt carried (see `keyFingerprint`), e.g.
   * `twelvelabs:e19bf5ba`: which key failed, without the key. Absent when no key was placed.
   */
  keyFingerprint?: string | undefined;
  /**
   * Set by a `keyPool` when this error left none of its keys available: why each one is out, by
   * fingerprint (the same detail as `AllKeysUnavailableError.keys`).
   */
  unavailableKeys?: readonly PooledKeyStatus[] | undefined;

  /**
   * @param message What happened and what to do; never the key.
   * @param options The provider and a sanitised cause.
   */
  constructor(message: string, options: KeygateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.provider !== undefined) this.provider = options.provider;
    Object.defineProperty(this, keygateErrorBrand, { value: true });
  }

  /**
   * The fields that are safe to show, for logs and `JSON.stringify`.
   *
   * @returns A plain object of safe fields; subclasses add theirs.
   */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    if (this.provider !== undefined) json.provider = this.provider;
    if (this.keyFingerprint !== undefined) json.keyFingerprint = this.keyFingerprint;
    if (this.unavailableKeys !== undefined) json.unavailableKeys = this.unavailableKeys;
    const cause = causeToJSON(this);
    if (cause !== undefined) json.cause = cause;
    return json;
  }

  /** Node's `util.inspect` shows the stack and the safe fields only. */
  [inspectCustom](
    _depth: number,
    options: unknown,
    inspect: (value: unknown, options: unknown) => string,
  ): string {
    const stack = this.stack ?? `${this.name}: ${this.message}`;
    if (inInspect.has(this)) return `[CIRCULAR ${this.name}]`;
    if (inInspect.size >= MAX_CAUSE_LINKS) return stack;
    inInspect.add(this);
    try {
      const { name: _name, message: _message, cause, ...fields } = this.toJSON();
      const parts = [stack];
      if (Object.keys(fields).length > 0) parts.push(inspect(fields, options));
      if (cause !== undefined) parts.push(`[cause]: ${inspect(this.cause, options)}`);
      return parts.join('\n');
    } catch {
      // Printing an error must not throw a second one; the stack alone is still worth showing.
      return stack;
    } finally {
      inInspect.delete(this);
    }
  }
}

function causeToJSON(owner: KeygateError): unknown {
  const added = !inJson.has(owner);
  inJson.add(owner);
  try {
    const cause = owner.cause; // inside the try: a `cause` getter may throw
    if (cause === undefined) return undefined;
    if (inJson.has(cause as object)) return '[CIRCULAR]';
    if (inJson.size > MAX_CAUSE_LINKS) return '[MORE CAUSES]';
    if (cause instanceof KeygateError) return cause.toJSON();
    if (cause instanceof Error) return { name: String(cause.name), message: String(cause.message) };
    return undefined;
  } catch {
    return '[UNREADABLE]';
  } finally {
    if (added) inJson.delete(owner);
  }
}

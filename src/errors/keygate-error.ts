/**
 * Marks keygate errors so the guards in `guards.ts` recognise them across realms and across
 * duplicate copies of the package, where `instanceof` fails.
 */
export const keygateErrorBrand: unique symbol = Symbol.for('keygate.error');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** Options every keygate error accepts. */
export interface KeygateErrorOptions {
  /** The provider the failing call was made to, e.g. `'TwelveLabs'`. */
  provider?: string | undefined;
  /** The underlying error. keygate only ever passes sanitised copies, never ky or fetch objects. */
  cause?: unknown;
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
  provider?: string;

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
    if (this.cause !== undefined) json.cause = causeToJSON(this.cause);
    return json;
  }

  /** Node's `util.inspect` shows the stack and the safe fields only. */
  [inspectCustom](
    _depth: number,
    options: unknown,
    inspect: (value: unknown, options: unknown) => string,
  ): string {
    const { name: _name, message: _message, cause, ...fields } = this.toJSON();
    const stack = this.stack ?? `${this.name}: ${this.message}`;
    const parts = [stack];
    if (Object.keys(fields).length > 0) parts.push(inspect(fields, options));
    if (cause !== undefined) parts.push(`[cause]: ${inspect(this.cause, options)}`);
    return parts.join('\n');
  }
}

function causeToJSON(cause: unknown): unknown {
  if (cause instanceof KeygateError) return cause.toJSON();
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return undefined;
}

import { ConfigurationError } from './errors/configuration-error.js';
import { KeygateError } from './errors/keygate-error.js';

/** What a key function is told when it is asked for the key. */
export interface KeyRequest {
  /**
   * `true` when the provider has just refused the previous key (an `AuthenticationError` with
   * `refreshOnAuthError` on): a function that caches the key should fetch a fresh one.
   */
  refresh: boolean;
  /**
   * Aborts when the attempt that asked is over (its timeout passed or the caller aborted), so a
   * key function can stop its own I/O. A refresh shared by several calls gets its own signal.
   */
  signal?: AbortSignal | undefined;
}

/**
 * Where a key comes from: the key itself, or a function asked on every attempt (so a rotated
 * key is picked up on the next call, or on a retry).
 */
export type KeySource = string | ((request: KeyRequest) => string | Promise<string>);

/** Where a key travels; it decides which characters are allowed. */
export type KeyPlacement = 'header' | 'body' | 'query';

/** Options of {@link fromEnv}. */
export interface FromEnvOptions {
  /**
   * The option that could have held the key instead, named in the error when the variable is
   * unset, e.g. `'apiKey'` gives "pass `apiKey` or set TWELVE_LABS_API_KEY".
   */
  option?: string | undefined;
}

/**
 * A key source that reads an environment variable when a request is made, not when the client is
 * built, so a missing variable fails the call with a clear {@link ConfigurationError} and a
 * changed variable applies on the next call.
 *
 * @param name The environment variable, e.g. `TWELVE_LABS_API_KEY`.
 * @param options The option to name in the error message.
 * @returns A {@link KeySource}.
 * @example
 * ```ts
 * import { HeaderKeyStrategy, fromEnv } from 'keygate';
 * const strategy = new HeaderKeyStrategy({ key: fromEnv('TWELVE_LABS_API_KEY') });
 * ```
 */
export function fromEnv(name: string, options: FromEnvOptions = {}): KeySource {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new ConfigurationError(
      `fromEnv needs an environment variable name like MY_API_KEY, got "${name}".`,
    );
  }
  return () => {
    const value = process.env[name];
    if (value === undefined || value === '') {
      const alternative = options.option ? `pass \`${options.option}\` or set ${name}` : `set ${name}`;
      throw new ConfigurationError(
        `No API key: the environment variable ${name} is not set. To fix it, ${alternative}.`,
      );
    }
    return value;
  };
}

/**
 * Asks a key source for the key and checks that it can travel where it is going. Errors never
 * quote the key.
 *
 * @param source The key, or the function that returns it.
 * @param placement Where the key will travel (a header allows ASCII only).
 * @param request Passed to a key function: whether the last key was just refused.
 * @returns The key, unchanged.
 * @throws {ConfigurationError} When the source fails or the key is empty or malformed.
 */
export async function resolveKey(
  source: KeySource,
  placement: KeyPlacement,
  request: KeyRequest = { refresh: false },
): Promise<string> {
  let key: unknown = source;
  if (typeof source === 'function') {
    try {
      key = await source(request);
    } catch (error) {
      if (error instanceof KeygateError) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new ConfigurationError(
        `The API key source failed (${reason}). Check the function passed as the key.`,
      );
    }
  }
  return validateKey(key, placement);
}

// C0 controls and DEL: a CR/LF in a header splits it, a NUL truncates it in many servers.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacter = /[\u0000-\u001f\u007f]/;
const nonAscii = /[^\u0020-\u007e]/;

/**
 * Checks a key without revealing it.
 *
 * @param key What the key source produced.
 * @param placement Where the key will travel.
 * @returns The key, unchanged.
 * @throws {ConfigurationError} Empty, whitespace-padded, control characters, ill-formed Unicode,
 *   or non-ASCII for a header.
 */
export function validateKey(key: unknown, placement: KeyPlacement): string {
  if (typeof key !== 'string') {
    throw new ConfigurationError(
      `The API key must be a string, but the key source returned ${describeType(key)}.`,
    );
  }
  if (key.trim() === '')
    throw new ConfigurationError('The API key is empty. Set it to the key your provider issued.');
  const position = key.search(controlCharacter);
  if (position !== -1) {
    throw new ConfigurationError(
      `The API key contains a control character (line break, tab or NUL) at position ${position + 1} of ${key.length}. ` +
        'A trailing newline from a file or `echo` is the usual cause: trim it.',
    );
  }
  if (key !== key.trim()) {
    throw new ConfigurationError('The API key starts or ends with whitespace. Trim it before passing it.');
  }
  if (!key.isWellFormed())
    throw new ConfigurationError('The API key is not well-formed Unicode (a lone surrogate).');
  if (placement === 'header' && nonAscii.test(key)) {
    throw new ConfigurationError(
      'The API key contains a non-ASCII character, which cannot travel in an HTTP header. Check that the right value is set.',
    );
  }
  return key;
}

/**
 * Shows a key safely: its first 4 characters and an ellipsis, enough to tell two keys apart.
 * Keys of 8 characters or fewer show only the ellipsis.
 *
 * @param key The key.
 * @returns E.g. `tl-t…`.
 */
export function maskKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 4)}…` : '…';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

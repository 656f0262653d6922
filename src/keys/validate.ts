import { ConfigurationError } from '../errors/configuration-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import {
  type IssuedKey,
  isKeyIssuer,
  type KeyPlacement,
  type KeyRequest,
  type KeySource,
} from './key-source.js';

/**
 * Asks a key source for the key and checks that it can travel where it is going. Errors never
 * quote the key.
 *
 * @param source The key, a function that returns it, or a {@link KeyIssuer}.
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
  return (await issueFrom(source, placement, request)).key;
}

/**
 * Asks a key source for one key with what is known about it: a {@link KeyIssuer}'s answer as it
 * is, a key or a key function's result as a bare {@link IssuedKey}. The key is validated.
 *
 * @param source The key source.
 * @param placement Where the key will travel.
 * @param request Whether the last key was refused, the signal, the provider.
 * @returns The validated key and its facts.
 * @throws {ConfigurationError} When the source fails or the key is empty or malformed.
 */
export async function issueFrom(
  source: KeySource,
  placement: KeyPlacement,
  request: KeyRequest,
): Promise<IssuedKey> {
  if (typeof source !== 'function' && !isKeyIssuer(source)) return { key: validateKey(source, placement) };
  let answer: unknown;
  try {
    answer = isKeyIssuer(source) ? await source.issueKey(request) : await source(request);
  } catch (error) {
    if (error instanceof KeygateError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new ConfigurationError(`The API key source failed (${reason}). Check the key source you passed.`);
  }
  if (!isKeyIssuer(source)) return { key: validateKey(answer, placement) };
  if (typeof answer !== 'object' || answer === null) {
    throw new ConfigurationError(
      `A KeyIssuer must return { key }, but issueKey returned ${describeType(answer)}.`,
    );
  }
  const issued = answer as IssuedKey;
  try {
    validateKey(issued.key, placement);
  } catch (error) {
    // Where the bad key came from (a path, a variable name) is safe to show and saves a search.
    if (error instanceof ConfigurationError && typeof issued.origin === 'string') {
      error.message = `${error.message} (The key came from ${issued.origin.slice(0, 300)}.)`;
    }
    throw error;
  }
  return issued;
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

import { ConfigurationError } from '../errors/configuration-error.js';
import { KeyResolver } from '../keys/key-resolver.js';
import type { KeySource } from '../keys/key-source.js';
import { placeAttemptKey } from './place-attempt-key.js';
import type { AuthRequest, AuthStrategy } from './strategy.js';

/** Options of {@link HeaderKeyStrategy}. */
export interface HeaderKeyStrategyOptions {
  /** The key, or a function that returns it (see {@link fromEnv}). */
  key: KeySource;
  /**
   * The header that carries the key.
   * @default 'x-api-key'
   */
  header?: string | undefined;
  /**
   * Text before the key, e.g. `'Bearer '` with `header: 'authorization'`.
   * @default ''
   */
  prefix?: string | undefined;
}

// RFC 9110 token characters.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Sends the key in a request header: `x-api-key` (TwelveLabs) by default, or bearer auth with
 * `header: 'authorization', prefix: 'Bearer '`.
 *
 * @example
 * ```ts
 * import { HeaderKeyStrategy } from 'keygate';
 * const apiKey = new HeaderKeyStrategy({ key: 'tl-test-key' });
 * const bearer = new HeaderKeyStrategy({ key: 'tl-test-key', header: 'authorization', prefix: 'Bearer ' });
 * ```
 */
export class HeaderKeyStrategy implements AuthStrategy {
  readonly name = 'header-key';
  readonly #keys: KeyResolver;
  readonly #header: string;
  readonly #prefix: string;

  /** @param options The key, the header and an optional prefix. */
  constructor({ key, header = 'x-api-key', prefix = '' }: HeaderKeyStrategyOptions) {
    if (!headerName.test(header)) {
      throw new ConfigurationError(`HeaderKeyStrategy: "${header}" is not a valid HTTP header name.`);
    }
    if (!/^[\u0020-\u007e]*$/.test(prefix)) {
      throw new ConfigurationError('HeaderKeyStrategy: the prefix must be printable ASCII, e.g. "Bearer ".');
    }
    this.#keys = new KeyResolver(key, 'header');
    this.#header = header;
    this.#prefix = prefix;
  }

  /** @param request The attempt's request; gets the header. */
  authenticate(request: AuthRequest): void | Promise<void> {
    return placeAttemptKey(this.#keys, request, (key) => {
      request.headers.set(this.#header, `${this.#prefix}${key}`);
    });
  }
}

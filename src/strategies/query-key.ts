import { ConfigurationError } from '../errors/configuration-error.js';
import { KeyResolver } from '../keys/key-resolver.js';
import type { KeySource } from '../keys/key-source.js';
import { placeAttemptKey } from './place-attempt-key.js';
import type { AuthRequest, AuthStrategy } from './strategy.js';

/** Options of {@link QueryKeyStrategy}. */
export interface QueryKeyStrategyOptions {
  /** The key, or a function that returns it (see {@link fromEnv}). */
  key: KeySource;
  /**
   * The query parameter that carries the key.
   * @default 'key'
   */
  param?: string | undefined;
}

/**
 * Sends the key as a query parameter (`?key=...`). Keys in URLs end up in proxy and server logs
 * more easily than headers; keygate never puts a query string into an error message.
 *
 * @example
 * ```ts
 * import { QueryKeyStrategy } from 'keygate';
 * const strategy = new QueryKeyStrategy({ key: 'qk-test-key', param: 'api_key' });
 * ```
 */
export class QueryKeyStrategy implements AuthStrategy {
  readonly name = 'query-key';
  readonly #keys: KeyResolver;
  readonly #param: string;

  /** @param options The key and the query parameter. */
  constructor({ key, param = 'key' }: QueryKeyStrategyOptions) {
    if (param === '') throw new ConfigurationError('QueryKeyStrategy: the parameter name must not be empty.');
    this.#keys = new KeyResolver(key, 'query');
    this.#param = param;
  }

  /** @param request The attempt's request; its URL gets the parameter. */
  authenticate(request: AuthRequest): void | Promise<void> {
    return placeAttemptKey(this.#keys, request, (key) => {
      request.url.searchParams.set(this.#param, key);
    });
  }
}

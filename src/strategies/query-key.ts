import { ConfigurationError } from '../errors/configuration-error.js';
import { type KeySource, resolveKey } from '../keys.js';
import type { AuthRequest, AuthStrategy } from './strategy.js';

/** Options of {@link QueryKeyStrategy}. */
export interface QueryKeyStrategyOptions {
  /** The key, or a function that returns it (see {@link fromEnv}). */
  key: KeySource;
  /**
   * The query parameter that carries the key.
   * @default 'key'
   */
  param?: string;
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
  readonly #key: KeySource;
  readonly #param: string;

  /** @param options The key and the query parameter. */
  constructor({ key, param = 'key' }: QueryKeyStrategyOptions) {
    if (param === '') throw new ConfigurationError('QueryKeyStrategy: the parameter name must not be empty.');
    this.#key = key;
    this.#param = param;
  }

  /** @param request The attempt's request; its URL gets the parameter. */
  async authenticate(request: AuthRequest): Promise<void> {
    const key = await resolveKey(this.#key, 'query', { refresh: request.refreshKey === true });
    request.conceal(key);
    request.url.searchParams.set(this.#param, key);
  }
}

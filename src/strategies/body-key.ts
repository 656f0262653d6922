import { ConfigurationError } from '../errors/configuration-error.js';
import { KeyResolver } from '../keys/key-resolver.js';
import type { KeySource } from '../keys/key-source.js';
import { placeAttemptKey } from './place-attempt-key.js';
import type { AuthRequest, AuthStrategy } from './strategy.js';

/** Options of {@link BodyKeyStrategy}. */
export interface BodyKeyStrategyOptions {
  /** The key, or a function that returns it (see {@link fromEnv}). */
  key: KeySource;
  /**
   * The body field that carries the key.
   * @default 'key'
   */
  field?: string | undefined;
}

/**
 * Sends the key as a field of the JSON body or the multipart form, as ModelsLab wants
 * (`{"key": "..."}`). A request without a body fails with a {@link ConfigurationError} before
 * anything is sent. The caller's params object is never changed.
 *
 * @example
 * ```ts
 * import { BodyKeyStrategy } from 'keygate';
 * const strategy = new BodyKeyStrategy({ key: 'ml-test-key' });
 * ```
 */
export class BodyKeyStrategy implements AuthStrategy {
  readonly name = 'body-key';
  readonly #keys: KeyResolver;
  readonly #field: string;

  /** @param options The key and the body field. */
  constructor({ key, field = 'key' }: BodyKeyStrategyOptions) {
    if (field === '') throw new ConfigurationError('BodyKeyStrategy: the field name must not be empty.');
    this.#keys = new KeyResolver(key, 'body');
    this.#field = field;
  }

  /** @param request The attempt's request; its body gets the key field. */
  authenticate(request: AuthRequest): void | Promise<void> {
    const { body } = request;
    if (body === undefined) {
      return Promise.reject(
        new ConfigurationError(
          `BodyKeyStrategy cannot authenticate ${request.method} ${request.url.pathname}: the request has no body ` +
            'to carry the key. Use HeaderKeyStrategy or QueryKeyStrategy for requests without a body.',
        ),
      );
    }
    return placeAttemptKey(this.#keys, request, (key) => {
      // The body is this attempt's own copy (the AuthRequest contract), so the field is set in place.
      if (body instanceof FormData) body.set(this.#field, key);
      else body[this.#field] = key;
    });
  }
}

import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/** Why one key of a pool is out, or that it is not. Never the key: its fingerprint. */
export interface PooledKeyStatus {
  /** The member's position in the list given to `keyPool` (0 for the first). */
  readonly member: number;
  /** The fingerprint of the key the member last gave, once the pool has seen one. */
  readonly fingerprint: string | undefined;
  /** Where the key came from, when its source says (`env NAME`, `file PATH`). */
  readonly origin: string | undefined;
  /**
   * `available`; `invalid` (the provider refused it: wrong, revoked or expired, 401);
   * `no_credits` (402); `cooling` (rate-limited, 429: used again only when no other key is
   * available); `unresolved` (its source failed, see `detail`).
   */
  readonly state: 'available' | 'invalid' | 'no_credits' | 'cooling' | 'unresolved';
  /** Until when a `no_credits` or `cooling` key stays out; `undefined` for good (until re-enabled). */
  readonly until: Date | undefined;
  /** Why the source failed, for `unresolved` (its error's message, which never holds a key). */
  readonly detail: string | undefined;
}

/** What an {@link AllKeysUnavailableError} is built from. */
export interface AllKeysUnavailableErrorOptions extends KeygateErrorOptions {
  /** Every key of the pool and why it is out. */
  keys: readonly PooledKeyStatus[];
}

/**
 * Every key of a `keyPool` is out: refused (401), without credits (402) or its source failed, so
 * the call was not sent. `keys` says why each one is out, by fingerprint. A call that was sent
 * and failed with the pool's last key ends with that key's error instead (an
 * `AuthenticationError`...), whose `unavailableKeys` holds the same detail.
 *
 * @example
 * ```ts no-run
 * if (isAllKeysUnavailableError(error)) for (const key of error.keys) console.log(key.fingerprint, key.state)
 * ```
 */
export class AllKeysUnavailableError extends KeygateError {
  override name = 'AllKeysUnavailableError' as const;
  /** Every key of the pool and why it is out. */
  readonly keys: readonly PooledKeyStatus[];

  /**
   * @param message What happened and what to do; never a key.
   * @param options The keys' statuses, the provider and a sanitised cause.
   */
  constructor(message: string, options: AllKeysUnavailableErrorOptions) {
    super(message, options);
    this.keys = options.keys;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), keys: this.keys };
  }
}

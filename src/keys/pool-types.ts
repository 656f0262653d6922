import type { PooledKeyStatus } from '../errors/all-keys-unavailable-error.js';
import type { KeyIssuer, KeySource } from './key-source.js';

/** What a pool does with a key after the provider's answer. */
export interface KeyPoolPolicy {
  /**
   * How long a key that answered 402 (no credits) stays out before it is tried again;
   * `Infinity` keeps it out until `pool.enable()`.
   * @default 600_000 (10 minutes: long enough not to spend calls on an empty account, short
   *   enough that a topped-up account comes back without a restart)
   */
  noCreditsMs?: number | undefined;
  /**
   * How long a rate-limited key (429) cools down when the provider gave no wait.
   * @default 1_000
   */
  rateLimitCooldownMs?: number | undefined;
}

/** Options of {@link keyPool}. */
export interface KeyPoolOptions {
  /**
   * `failover`: always the first available key, the others only when it is out.
   * `round-robin`: each attempt takes the next available key in turn.
   * @default 'failover'
   */
  strategy?: 'failover' | 'round-robin' | undefined;
  /** What a refusal does to a key. */
  policy?: KeyPoolPolicy | undefined;
  /**
   * Told whenever a key changes state (and when every key is out), by fingerprint. Use it for an
   * alert: a key disabled for a 401 needs a human. A listener that throws is ignored.
   */
  onEvent?: ((event: KeyPoolEvent) => void) | undefined;
}

/** A change of a pool key's state. Never the key: its fingerprint. */
export interface KeyPoolEvent {
  /**
   * `disabled` (401: refused, for good until re-enabled or its source gives another key);
   * `no_credits` (402); `cooling` (429); `enabled` (by `pool.enable()`); `source_failed` (a
   * member's source threw); `exhausted` (no key left for a call).
   */
  readonly type: 'disabled' | 'no_credits' | 'cooling' | 'enabled' | 'source_failed' | 'exhausted';
  /** The key's fingerprint, e.g. `twelvelabs:e19bf5ba` (absent for `exhausted` and `source_failed`). */
  readonly fingerprint: string | undefined;
  /** The member's position in the pool (absent for `exhausted`). */
  readonly member: number | undefined;
  /** Until when the key stays out, for `no_credits` and `cooling`. */
  readonly until: Date | undefined;
  /** A sentence for a log line; never a key. */
  readonly message: string;
}

/** A {@link KeyIssuer} over several keys, from {@link keyPool}. */
export interface KeyPool extends KeyIssuer {
  /** The sources given to {@link keyPool}, in order. */
  readonly members: readonly KeySource[];
  /**
   * Every member's state now, by fingerprint.
   *
   * @returns One status per member, in order.
   */
  status(): PooledKeyStatus[];
  /**
   * Puts a key back in service: after a top-up, or once a refused key is known to be good.
   *
   * @param key The key's fingerprint (any prefix, e.g. `twelvelabs:e19bf5ba` or `e19bf5ba`), or
   *   the member's position.
   * @returns `true` when a key was out and is now available.
   */
  enable(key: string | number): boolean;
}

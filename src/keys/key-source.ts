import type { AttemptOutcome } from '../strategies/strategy.js';

/** What a key source is told when it is asked for the key. */
export interface KeyRequest {
  /**
   * `true` when the provider has just refused the previous key (an `AuthenticationError` with
   * `refreshOnAuthError` on): a source that caches the key should fetch a fresh one.
   */
  refresh: boolean;
  /**
   * Aborts when the attempt that asked is over (its timeout passed or the caller aborted), so a
   * key function can stop its own I/O. A refresh shared by several calls gets its own signal.
   */
  signal?: AbortSignal | undefined;
  /** The id of the provider the key is for, e.g. `twelvelabs`, when a client asks. */
  provider?: string | undefined;
}

/** A function asked for the key on every attempt, so a rotated key is picked up on the next call. */
export type KeyFunction = (request: KeyRequest) => string | Promise<string>;

/** What is known about a key besides its value. Safe to show: it never holds the key. */
export interface KeyInfo {
  /**
   * Where the key came from, e.g. `env TWELVE_LABS_API_KEY` or `file /run/secrets/twelvelabs`
   * (a path, never the file's content).
   */
  readonly origin?: string | undefined;
  /** When the provider issued the key, for expiry warnings. */
  readonly issuedAt?: Date | undefined;
  /**
   * After how many days the provider expires the key (TwelveLabs: 90). Without it, the client's
   * provider default applies.
   */
  readonly maxAgeDays?: number | undefined;
}

/** One key handed out for one attempt by a {@link KeyIssuer}, with what is known about it. */
export interface IssuedKey extends KeyInfo {
  /** The key itself. */
  readonly key: string;
  /**
   * Told what the provider made of the attempt that carried the key, once, after it. A pool
   * disables a refused key and cools down a rate-limited one here.
   *
   * @returns `true` when the next attempt may carry a different key (the loop then retries a
   *   refused or rate-limited call at once with it).
   */
  readonly report?: ((outcome: AttemptOutcome) => boolean | undefined) | undefined;
}

/**
 * A key source that is more than a key: it says where its keys come from and may learn from what
 * happened to them. {@link fromEnv}, {@link fromFile} and {@link keyPool} return one; write your own
 * for a key service that needs to know which key failed.
 *
 * @example
 * ```ts
 * import type { KeyIssuer } from 'keygate';
 * const issuer: KeyIssuer = {
 *   issueKey: () => ({ key: 'tl-test-key', origin: 'my vault', issuedAt: new Date('2026-10-01') }),
 * };
 * ```
 */
export interface KeyIssuer {
  /**
   * Hands out the key for one attempt.
   *
   * @param request Whether the previous key was refused, the attempt's signal, the provider.
   * @returns The key and what is known about it.
   */
  issueKey(request: KeyRequest): IssuedKey | Promise<IssuedKey>;
  /**
   * The sources inside this one, each to be checked on its own (`keygate check` verifies every
   * key of a pool). Absent for a source of one key.
   */
  readonly members?: readonly KeySource[] | undefined;
}

/**
 * Where a key comes from: the key itself, a function asked on every attempt, or a
 * {@link KeyIssuer} (environment variables, files, pools).
 */
export type KeySource = string | KeyFunction | KeyIssuer;

/** Where a key travels; it decides which characters are allowed. */
export type KeyPlacement = 'header' | 'body' | 'query';

/**
 * Tells a {@link KeyIssuer} from a key or a key function.
 *
 * @param source A key source.
 * @returns `true` for an object with an `issueKey` method.
 */
export function isKeyIssuer(source: unknown): source is KeyIssuer {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { issueKey?: unknown }).issueKey === 'function'
  );
}

import type { KeyInfo } from './key-source.js';

const dayMs = 86_400_000;

/** How many days before a key's expiry keygate warns (logs, hooks) and `keygate check` says `soon`. */
export const defaultKeyExpiryWarningDays = 14;

/** How old a key is and how long it has left, from its {@link KeyInfo}. */
export interface KeyAge {
  /** Whole days since the key was issued. */
  readonly ageDays: number;
  /** When the provider expires it, when its lifetime is known. */
  readonly expiresAt: Date | undefined;
  /** Whole days until it expires (0 on its last day, negative once expired), when known. */
  readonly daysLeft: number | undefined;
}

/**
 * A key's age and time left, when its source knows when it was issued.
 *
 * @param info What the key's source says: `issuedAt`, `maxAgeDays`.
 * @param defaultMaxAgeDays The provider's lifetime for keys whose source does not say (TwelveLabs: 90).
 * @param now The current time.
 * @returns The age, or `undefined` when `issuedAt` is unknown or not a valid date.
 * @example
 * ```ts
 * import { keyAge } from 'keygate';
 * const age = keyAge({ issuedAt: new Date('2026-01-01') }, 90, new Date('2026-03-02'));
 * console.log(age?.daysLeft); // → 30
 * ```
 */
export function keyAge(
  info: KeyInfo,
  defaultMaxAgeDays: number | undefined,
  now: Date = new Date(),
): KeyAge | undefined {
  const issued = info.issuedAt?.getTime();
  if (issued === undefined || Number.isNaN(issued)) return undefined;
  const ageDays = Math.floor((now.getTime() - issued) / dayMs);
  const maxAgeDays = info.maxAgeDays ?? defaultMaxAgeDays;
  if (maxAgeDays === undefined || !(maxAgeDays > 0))
    return { ageDays, expiresAt: undefined, daysLeft: undefined };
  const expires = issued + maxAgeDays * dayMs;
  return { ageDays, expiresAt: new Date(expires), daysLeft: Math.floor((expires - now.getTime()) / dayMs) };
}

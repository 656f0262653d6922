import { keyAge } from '../keys/expiry.js';
import type { KeyUse } from '../strategies/strategy.js';
import type { KeyExpiryView } from './options.js';

/** Warns about the same key at most this often per transport. */
const warnEveryMs = 86_400_000;
/** Keys remembered per transport (a tenant per client keeps this small; the bound keeps it so). */
const rememberedKeys = 256;

/** Decides when a key near its expiry is worth a warning. */
export interface KeyExpiryMonitor {
  /**
   * @param provider The provider's id.
   * @param key The key an attempt carries.
   * @param now The current time.
   * @returns A view to warn with, or `undefined` (not due, not near expiry, or warned today).
   */
  check(provider: string, key: KeyUse, now?: Date): KeyExpiryView | undefined;
}

/**
 * One transport's expiry warnings: a key whose source knows `issuedAt` is warned about when
 * `warnDays` or fewer days are left (or it has expired), once a day per key. TwelveLabs keys
 * expire every 90 days and an expired key answers the same 401 as a wrong one
 * (docs.twelvelabs.io/docs/authentication), so the warning is the only notice an operator gets.
 *
 * @param defaultMaxAgeDays The provider's key lifetime, for sources that do not give one.
 * @param warnDays How many days ahead to warn.
 * @returns The monitor.
 */
export function createKeyExpiryMonitor(
  defaultMaxAgeDays: number | undefined,
  warnDays: number,
): KeyExpiryMonitor {
  const warnedAt = new Map<string, number>();
  return {
    check(provider, key, now = new Date()) {
      const { issuedAt } = key;
      if (issuedAt === undefined) return undefined;
      const last = warnedAt.get(key.fingerprint);
      if (last !== undefined && now.getTime() - last < warnEveryMs) return undefined;
      const age = keyAge(key, defaultMaxAgeDays, now);
      if (age?.daysLeft === undefined || age.expiresAt === undefined || age.daysLeft > warnDays)
        return undefined;
      if (warnedAt.size >= rememberedKeys) warnedAt.clear();
      warnedAt.set(key.fingerprint, now.getTime());
      return Object.freeze({
        provider,
        fingerprint: key.fingerprint,
        origin: key.origin,
        issuedAt,
        expiresAt: age.expiresAt,
        ageDays: age.ageDays,
        daysLeft: age.daysLeft,
      });
    },
  };
}

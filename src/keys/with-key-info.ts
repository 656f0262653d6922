import { ConfigurationError } from '../errors/configuration-error.js';
import { type IssuedKey, isKeyIssuer, type KeyInfo, type KeyIssuer, type KeySource } from './key-source.js';

/**
 * Attaches what is known about a key to any key source: where it comes from, when the provider
 * issued it and after how many days it expires. A plain string then gets expiry warnings like a
 * pool member, and logs name its origin. The source is asked as before: `{ refresh: true }`
 * reaches it, and a {@link KeyIssuer}'s `report` and `members` are kept.
 *
 * Fields given here replace the source's own; the source's other fields stay.
 *
 * @param source A key, a key function or a key issuer.
 * @param info The origin (a description, never the key), the issue date, the maximum age.
 * @returns A {@link KeyIssuer}.
 * @throws {ConfigurationError} When `issuedAt` is not a valid date or `maxAgeDays` not a whole
 *   number of days above 0.
 * @example
 * ```ts
 * import { HeaderKeyStrategy, withKeyInfo } from 'keygate';
 * const key = withKeyInfo(process.env.TWELVE_LABS_API_KEY ?? '', {
 *   origin: 'env TWELVE_LABS_API_KEY',
 *   issuedAt: new Date('2026-01-15'),
 *   maxAgeDays: 90,
 * });
 * const strategy = new HeaderKeyStrategy({ key });
 * ```
 */
export function withKeyInfo(source: KeySource, info: KeyInfo): KeyIssuer {
  const facts = keyInfoFrom(info, 'withKeyInfo');
  if (typeof source === 'string') {
    const issued: IssuedKey = { key: source, ...facts };
    return { issueKey: () => issued };
  }
  if (!isKeyIssuer(source)) {
    if (typeof source !== 'function') {
      throw new ConfigurationError('withKeyInfo needs a key, a key function or a KeyIssuer as its source.');
    }
    return { issueKey: async (request) => ({ key: await source(request), ...facts }) };
  }
  const issuer: KeyIssuer = {
    issueKey: async (request) => ({ ...(await source.issueKey(request)), ...facts }),
  };
  return source.members === undefined ? issuer : { ...issuer, members: source.members };
}

/**
 * Checks key facts given as options and keeps only those that are set, so an {@link IssuedKey}
 * carries no `undefined` fields.
 *
 * @param info The options that hold them.
 * @param caller The function named in an error, e.g. `fromFile`.
 * @returns The facts that are set.
 * @throws {ConfigurationError} When `origin` is empty, `issuedAt` is not a valid date or
 *   `maxAgeDays` not a whole number above 0.
 * @example
 * ```ts no-run
 * keyInfoFrom({ issuedAt: new Date('2026-01-15') }, 'fromFile'); // { issuedAt: 2026-01-15… }
 * ```
 */
export function keyInfoFrom(info: KeyInfo, caller: string): KeyInfo {
  const facts: { -readonly [K in keyof KeyInfo]: KeyInfo[K] } = {};
  const { origin, issuedAt, maxAgeDays } = info;
  if (origin !== undefined) {
    if (typeof origin !== 'string' || origin.trim() === '') {
      throw new ConfigurationError(
        `${caller}: \`origin\` must be a non-empty description, e.g. "vault kv/twelvelabs".`,
      );
    }
    facts.origin = origin;
  }
  if (issuedAt !== undefined) {
    if (!(issuedAt instanceof Date) || Number.isNaN(issuedAt.getTime())) {
      throw new ConfigurationError(
        `${caller}: \`issuedAt\` must be a valid Date, e.g. new Date('2026-01-15').`,
      );
    }
    facts.issuedAt = issuedAt;
  }
  if (maxAgeDays !== undefined) {
    if (!Number.isSafeInteger(maxAgeDays) || maxAgeDays <= 0) {
      throw new ConfigurationError(
        `${caller}: \`maxAgeDays\` must be a whole number of days above 0 (TwelveLabs keys: 90), got ${String(maxAgeDays)}.`,
      );
    }
    facts.maxAgeDays = maxAgeDays;
  }
  return facts;
}

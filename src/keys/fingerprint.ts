import { createHash } from 'node:crypto';

/**
 * How many hex characters of the SHA-256 a fingerprint keeps: 32 bits tell a handful of keys
 * apart, and are far too few to confirm a guessed key with any confidence.
 */
const FINGERPRINT_HEX_LENGTH = 8;

const providerWord = /^[a-z0-9_-]{1,32}$/;

/**
 * A non-secret name for a key, to tell an operator which key failed without showing it: the
 * provider's id and the first 8 hex characters of the key's SHA-256, e.g. `twelvelabs:e19bf5ba`.
 * It has the same length for every key and holds none of its characters (unlike a masked key).
 * errors (`error.keyFingerprint`), logs, pool events and `keygate check` all show this form.
 *
 * @param key The key.
 * @param provider The provider's id (`twelvelabs`); `key` when unknown or not a plain word.
 * @returns The fingerprint.
 * @example
 * ```ts
 * import { keyFingerprint } from 'keygate';
 * console.log(keyFingerprint('tl-test-key', 'twelvelabs')); // → twelvelabs:e19bf5ba
 * ```
 */
export function keyFingerprint(key: string, provider?: string | undefined): string {
  const prefix = provider !== undefined && providerWord.test(provider) ? provider : 'key';
  const digest = createHash('sha256').update(key, 'utf8').digest('hex');
  return `${prefix}:${digest.slice(0, FINGERPRINT_HEX_LENGTH)}`;
}

/**
 * The hex part of a fingerprint, so one taken from another provider's prefix (or none) still
 * names the same key.
 *
 * @param fingerprint `twelvelabs:e19bf5ba` or `e19bf5ba`.
 * @returns The lower-case hex part, or `undefined` when it is not a fingerprint.
 */
export function fingerprintDigest(fingerprint: string): string | undefined {
  const hex = fingerprint.slice(fingerprint.lastIndexOf(':') + 1).toLowerCase();
  return /^[0-9a-f]{8}$/.test(hex) ? hex : undefined;
}

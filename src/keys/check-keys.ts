import { isKeygateError } from '../errors/guards.js';
import type { ProviderDefinition } from '../provider-client.js';
import { redactText } from '../transport/redact.js';
import type { Dispatcher } from '../transport/transport-types.js';
import { defaultKeyExpiryWarningDays, keyAge } from './expiry.js';
import { keyFingerprint } from './fingerprint.js';
import { type IssuedKey, isKeyIssuer, type KeyIssuer, type KeySource } from './key-source.js';
import { issueFrom } from './validate.js';

/**
 * The verdict on one key. `invalid` is a 401 (TwelveLabs answers the same for a wrong and an
 * expired key); `plan_limited` a 403; `rate_limited` a 429 (the key works); `unverifiable` no
 * answer at all (nothing is known about the key); `missing` no key set; `error` anything else,
 * such as a key source that failed.
 */
export type KeyCheckStatus =
  | 'valid'
  | 'invalid'
  | 'no_credits'
  | 'plan_limited'
  | 'rate_limited'
  | 'unverifiable'
  | 'missing'
  | 'error';

/** What `keygate check` and {@link checkKeySource} found about one key. Never the key. */
export interface KeyCheckResult {
  /** The provider's display name, e.g. `TwelveLabs`. */
  provider: string;
  /** The verdict. */
  status: KeyCheckStatus;
  /** The key's fingerprint (`twelvelabs:e19bf5ba`); absent when no key was obtained. */
  fingerprint?: string | undefined;
  /** Where the key came from (`env TWELVE_LABS_API_KEY`), when its source says. */
  origin?: string | undefined;
  /** Whole days since the key was issued, when its source knows `issuedAt`. */
  ageDays?: number | undefined;
  /** Whole days until the key expires (negative once expired), when its lifetime is known. */
  daysLeft?: number | undefined;
  /** When the key expires, when known. */
  expiresAt?: Date | undefined;
  /** `soon` when the key has `expiryWarningDays` or fewer left, `expired` past its lifetime. */
  expiry?: 'ok' | 'soon' | 'expired' | undefined;
  /** The wallet balance, for a provider that reports one (ModelsLab). */
  balance?: number | undefined;
  /** The balance's currency, as the provider names it. */
  currency?: string | undefined;
  /** `true` when the balance is above zero but low enough to top up soon. */
  lowBalance?: boolean | undefined;
  /** What was found, in a sentence: the provider's answer or the error's message. */
  detail: string;
}

/** Where and how a {@link KeyProbe} sends its call. */
export interface KeyProbeOptions {
  /** The provider's base URL. @default the provider's base URL variable, else production */
  baseUrl?: string | URL | undefined;
  /** Milliseconds the call may take. */
  timeout: number;
  /** The fetch to send with. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** An undici Dispatcher (a proxy agent) handed to fetch. */
  dispatcher?: Dispatcher | undefined;
}

/** What a provider said about a key it accepted. */
export interface KeyProbeAnswer {
  /** `no_credits` for a key that works on an empty account. */
  status: 'valid' | 'no_credits';
  /** One sentence on what the provider answered. */
  detail: string;
  /** The wallet balance, when the call reports one. */
  balance?: number | undefined;
  /** The balance's currency. */
  currency?: string | undefined;
  /** `true` when the balance is above zero but low enough to top up soon. */
  lowBalance?: boolean | undefined;
}

/** How to verify one provider's keys: `twelveLabsKeyProbe`, `modelsLabKeyProbe`. */
export interface KeyProbe {
  /** The provider: its name, its id (the fingerprint's prefix), its keys' lifetime. */
  readonly definition: ProviderDefinition;
  /**
   * Makes the cheapest call that proves the key, once, without retries.
   *
   * @param key The key.
   * @param options Where and how to send.
   * @returns What the provider said about an accepted key.
   * @throws The keygate error the provider's answer maps to (`AuthenticationError`, ...).
   */
  probe(key: string, options: KeyProbeOptions): Promise<KeyProbeAnswer>;
}

/**
 * The client options a {@link KeyProbe} sends with: one try, no retries (a check reports what the
 * provider says now, it does not insist), where and how the check asked.
 *
 * @param options The probe's options.
 * @returns Options for a provider client or `createProviderTransport`.
 */
export function probeClientOptions(options: KeyProbeOptions) {
  return {
    baseUrl: options.baseUrl,
    timeout: options.timeout,
    maxRetries: 0,
    fetch: options.fetch,
    dispatcher: options.dispatcher,
  };
}

/** Options of {@link checkKeySource}. */
export interface CheckKeySourceOptions extends Omit<KeyProbeOptions, 'timeout'> {
  /** Milliseconds each call may take. @default 15_000 */
  timeout?: number | undefined;
  /** Days left at which a key's expiry counts as `soon`. @default 14 */
  expiryWarningDays?: number | undefined;
  /** The current time, for ages. @default new Date() */
  now?: Date | undefined;
}

const statusByErrorName: Record<string, KeyCheckStatus> = {
  AuthenticationError: 'invalid',
  InsufficientCreditsError: 'no_credits',
  PermissionDeniedError: 'plan_limited',
  RateLimitError: 'rate_limited',
  ConnectionError: 'unverifiable',
  TimeoutError: 'unverifiable',
};

/**
 * Checks every key of a key source against its provider, with the cheapest call that proves
 * each one, and says what it found by fingerprint: a pool's members (and theirs) one by one, a
 * single source once. Each key is asked for once and sent once, without retries; a pool is
 * not told the outcomes, so checking a live pool leaves its state alone.
 *
 * @param source A key, a key function, or a {@link KeyIssuer} such as a pool.
 * @param probe The provider's check, e.g. `twelveLabsKeyProbe`.
 * @param options Where to send, the timeout, when expiry counts as near.
 * @returns One result per key, in the pool's order. Never throws for a key's fault.
 * @example
 * ```ts no-run
 * import { checkKeySource, fromEnv, keyPool } from 'keygate';
 * import { twelveLabsKeyProbe } from 'keygate/twelvelabs';
 * const keys = keyPool([fromEnv('TWELVE_LABS_API_KEY'), fromEnv('TWELVE_LABS_API_KEY_NEXT')]);
 * for (const result of await checkKeySource(keys, twelveLabsKeyProbe)) {
 *   console.log(result.fingerprint, result.status, result.daysLeft);
 * }
 * ```
 */
export async function checkKeySource(
  source: KeySource,
  probe: KeyProbe,
  options: CheckKeySourceOptions = {},
): Promise<KeyCheckResult[]> {
  const members = expandMembers(source, new Set());
  return Promise.all(members.map((member) => checkMember(member, probe, options)));
}

/** The sources to check: a pool's members, recursively (each issuer once), else the source. */
function expandMembers(source: KeySource, seen: Set<KeyIssuer>): KeySource[] {
  if (!isKeyIssuer(source)) return [source];
  if (seen.has(source)) return [];
  seen.add(source);
  const members = source.members;
  if (members === undefined || members.length === 0) return [source];
  return members.flatMap((member) => expandMembers(member, seen));
}

async function checkMember(
  source: KeySource,
  probe: KeyProbe,
  options: CheckKeySourceOptions,
): Promise<KeyCheckResult> {
  const { definition } = probe;
  const provider = definition.provider;
  let issued: IssuedKey;
  try {
    // `body` validates what every placement needs; the probe's strategy adds its own rules.
    issued = await issueFrom(source, 'body', { refresh: false, provider: definition.id });
  } catch (error) {
    return { provider, status: 'error', detail: messageOf(error) };
  }
  const secrets = new Set([issued.key]);
  const facts = {
    provider,
    fingerprint: keyFingerprint(issued.key, definition.id),
    ...(issued.origin === undefined ? {} : { origin: redactText(issued.origin, secrets) }),
    ...ageOf(issued, definition.keyMaxAgeDays, options),
  };
  try {
    const answer = await probe.probe(issued.key, {
      baseUrl: options.baseUrl,
      timeout: options.timeout ?? 15_000,
      fetch: options.fetch,
      dispatcher: options.dispatcher,
    });
    // The answer quotes the provider (a currency, a count): scrubbed in case it echoes the key.
    return {
      ...facts,
      ...answer,
      detail: redactText(answer.detail, secrets),
      ...(answer.currency === undefined ? {} : { currency: redactText(answer.currency, secrets) }),
    };
  } catch (error) {
    const name = isKeygateError(error) ? error.name : '';
    return {
      ...facts,
      status: statusByErrorName[name] ?? 'error',
      detail: redactText(messageOf(error), secrets),
    };
  }
}

function ageOf(
  issued: IssuedKey,
  defaultMaxAgeDays: number | undefined,
  options: CheckKeySourceOptions,
): Partial<KeyCheckResult> {
  const age = keyAge(issued, defaultMaxAgeDays, options.now ?? new Date());
  if (age === undefined) return {};
  if (age.daysLeft === undefined || age.expiresAt === undefined) return { ageDays: age.ageDays };
  const warnDays = options.expiryWarningDays ?? defaultKeyExpiryWarningDays;
  const expiry = age.daysLeft < 0 ? 'expired' : age.daysLeft <= warnDays ? 'soon' : 'ok';
  return { ageDays: age.ageDays, daysLeft: age.daysLeft, expiresAt: age.expiresAt, expiry };
}

// keygate errors never carry the key; once the key is known, every message is scrubbed of it anyway.
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

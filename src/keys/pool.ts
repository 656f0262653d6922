import { AllKeysUnavailableError, type PooledKeyStatus } from '../errors/all-keys-unavailable-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { KeygateError } from '../errors/keygate-error.js';
import type { AttemptOutcome } from '../strategies/strategy.js';
import { fingerprintDigest, keyFingerprint } from './fingerprint.js';
import { KeyResolver } from './key-resolver.js';
import type { IssuedKey, KeyRequest, KeySource } from './key-source.js';
import type { KeyPool, KeyPoolEvent, KeyPoolOptions } from './pool-types.js';

/** Why a key is out. A cooling key is only a last resort; the others are not used at all. */
type OutReason = 'invalid' | 'no_credits' | 'cooling';

interface KeyState {
  readonly reason: OutReason;
  /** Epoch milliseconds; `Infinity` until re-enabled. */
  readonly until: number;
}

interface Member {
  readonly index: number;
  readonly source: KeySource;
  readonly resolver: KeyResolver;
  /** The key the member gave last (kept private to the pool: never shown), and its facts. */
  lastKey: string | undefined;
  lastFingerprint: string | undefined;
  lastOrigin: string | undefined;
  /** The member's key was refused with `refreshOnAuthError`: ask its source for a fresh one. */
  refreshPending: boolean;
  /** The message of the member's source's last failure, while it fails. */
  failure: string | undefined;
}

const defaultNoCreditsMs = 600_000;
const defaultRateLimitCooldownMs = 1_000;
/** The pool remembers the states of at most this many keys per member (rotated keys add some). */
const statesPerMember = 4;

/**
 * A key source over several keys, for failover and rotation: it hands out one key per attempt
 * and learns from what the attempt loop reports. A 401 disables the key (until `enable()`, or
 * until its source gives another key: a rotated file, a refreshed secret); a 402 takes it out for
 * `policy.noCreditsMs`; a 429 cools it down for the provider's wait (it is used again only when
 * no other key is available); a 403 (a plan limit) and 5xx leave it alone. After a 401, 402 or
 * 429 the loop retries the same call at once with the next available key, within `maxRetries`.
 * When no key is left, the call ends with the last key's error, whose `unavailableKeys` says why
 * each key is out; a call that finds every key out fails with {@link AllKeysUnavailableError}.
 *
 * Pools are for failover and rotation, not for dodging limits: TwelveLabs' rate limits apply to
 * the whole organisation, ModelsLab's queue cap to the account.
 *
 * @param sources The keys, in order of preference: strings, functions or key issuers.
 * @param options The strategy (`failover` or `round-robin`), the policy and an event listener.
 * @returns A {@link KeyPool}, usable wherever a key source is.
 * @example
 * ```ts
 * import { keyPool } from 'keygate';
 * import { TwelveLabsClient } from 'keygate/twelvelabs';
 * const keys = keyPool(['tl-test-key', 'tl-test-key-2'], {
 *   onEvent: (event) => console.log(event.type, event.fingerprint),
 * });
 * const client = new TwelveLabsClient({ apiKey: keys });
 * ```
 */
export function keyPool(sources: readonly KeySource[], options: KeyPoolOptions = {}): KeyPool {
  return new Pool(sources, options);
}

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

class Pool implements KeyPool {
  readonly #sources: readonly KeySource[];
  readonly #members: Member[];
  readonly #roundRobin: boolean;
  readonly #noCreditsMs: number;
  readonly #cooldownMs: number;
  readonly #onEvent: ((event: KeyPoolEvent) => void) | undefined;
  /** The state of every key that is out, by key (private: never shown, never logged). */
  readonly #states = new Map<string, KeyState>();
  #next = 0;
  #provider: string | undefined;

  constructor(sources: readonly KeySource[], options: KeyPoolOptions) {
    if (!Array.isArray(sources) || sources.length === 0) {
      throw new ConfigurationError('keyPool needs a non-empty array of key sources.');
    }
    const { strategy = 'failover', policy = {}, onEvent } = options;
    if (strategy !== 'failover' && strategy !== 'round-robin') {
      throw new ConfigurationError('keyPool: `strategy` must be "failover" or "round-robin".');
    }
    this.#noCreditsMs = checkDuration(policy.noCreditsMs ?? defaultNoCreditsMs, 'policy.noCreditsMs');
    this.#cooldownMs = checkDuration(
      policy.rateLimitCooldownMs ?? defaultRateLimitCooldownMs,
      'policy.rateLimitCooldownMs',
    );
    if (onEvent !== undefined && typeof onEvent !== 'function') {
      throw new ConfigurationError('keyPool: `onEvent` must be a function.');
    }
    this.#roundRobin = strategy === 'round-robin';
    this.#onEvent = onEvent;
    this.#sources = Object.freeze([...sources]);
    // Members are validated for the most permissive placement; the strategy that uses the pool
    // validates the chosen key again for where it travels.
    this.#members = this.#sources.map((source, index) => ({
      index,
      source,
      resolver: new KeyResolver(source, 'body'),
      lastKey: undefined,
      lastFingerprint: undefined,
      lastOrigin: undefined,
      refreshPending: false,
      failure: undefined,
    }));
  }

  /** The sources, for `keygate check`: a getter, so printing the pool cannot show a plain key. */
  get members(): readonly KeySource[] {
    return this.#sources;
  }

  /** `JSON.stringify(pool)` and `util.inspect(pool)` show the keys' states by fingerprint only. */
  toJSON(): { keys: PooledKeyStatus[] } {
    return { keys: this.status() };
  }

  [inspectCustom](): string {
    return `KeyPool ${JSON.stringify(this.status())}`;
  }

  issueKey(request: KeyRequest): IssuedKey | Promise<IssuedKey> {
    if (request.provider !== undefined) this.#provider = request.provider;
    const count = this.#members.length;
    const start = this.#roundRobin ? this.#next++ % count : 0;
    const order = this.#members.map((_, offset) => this.#members[(start + offset) % count] as Member);
    return this.#pick(order, 0, request, undefined);
  }

  /**
   * Tries the members in order from `position`, synchronously while they answer synchronously
   * (plain keys: no promise per attempt). Remembers the first cooling key as a last resort.
   */
  #pick(
    order: Member[],
    position: number,
    request: KeyRequest,
    fallback: IssuedKey | undefined,
  ): IssuedKey | Promise<IssuedKey> {
    let lastResort = fallback;
    for (let at = position; at < order.length; at++) {
      const member = order[at] as Member;
      let answer: IssuedKey | Promise<IssuedKey>;
      try {
        answer = this.#ask(member, request);
      } catch (error) {
        this.#failed(member, error);
        continue;
      }
      if (answer instanceof Promise) {
        return answer.then(
          (issued) =>
            this.#consider(member, issued) ??
            this.#pick(order, at + 1, request, lastResort ?? this.#coolingChoice(member, issued)),
          (error: unknown) => {
            this.#failed(member, error);
            return this.#pick(order, at + 1, request, lastResort);
          },
        );
      }
      const chosen = this.#consider(member, answer);
      if (chosen !== undefined) return chosen;
      lastResort ??= this.#coolingChoice(member, answer);
    }
    if (lastResort !== undefined) return lastResort;
    throw this.#exhausted();
  }

  #ask(member: Member, request: KeyRequest): IssuedKey | Promise<IssuedKey> {
    const refresh = member.refreshPending;
    const answer = member.resolver.resolve({ ...request, refresh });
    if (!refresh) return answer;
    const settle = () => {
      member.refreshPending = false;
    };
    if (answer instanceof Promise) answer.then(settle, settle);
    else settle();
    return answer;
  }

  /** Records what the member gave; returns it, wired to the pool, when the key is available. */
  #consider(member: Member, issued: IssuedKey): IssuedKey | undefined {
    member.failure = undefined;
    if (member.lastKey !== issued.key) {
      member.lastKey = issued.key;
      member.lastFingerprint = keyFingerprint(issued.key, this.#provider);
    }
    member.lastOrigin = issued.origin;
    const state = this.#stateOf(issued.key);
    if (state !== undefined) return undefined;
    return this.#wire(member, issued);
  }

  /** A cooling key, wired, as the choice of last resort: the provider's answer decides. */
  #coolingChoice(member: Member, issued: IssuedKey): IssuedKey | undefined {
    return this.#stateOf(issued.key)?.reason === 'cooling' ? this.#wire(member, issued) : undefined;
  }

  #wire(member: Member, issued: IssuedKey): IssuedKey {
    const generation = member.resolver.generation;
    const report = (outcome: AttemptOutcome) => this.#learn(member, issued, generation, outcome);
    return { ...issued, report };
  }

  /** The key's state, forgetting one whose time is up. */
  #stateOf(key: string): KeyState | undefined {
    const state = this.#states.get(key);
    if (state === undefined) return undefined;
    if (state.until > Date.now()) return state;
    this.#states.delete(key);
    return undefined;
  }

  /** What the provider made of an attempt with the member's key. */
  #learn(member: Member, issued: IssuedKey, generation: number, outcome: AttemptOutcome): boolean {
    const { status } = outcome;
    const now = Date.now();
    if (status === 401) {
      this.#setState(member, issued.key, { reason: 'invalid', until: Number.POSITIVE_INFINITY });
      if (outcome.refreshRequested && member.resolver.refuse(issued.key, generation, this.#provider)) {
        member.refreshPending = true;
      }
    } else if (status === 402) {
      this.#setState(member, issued.key, { reason: 'no_credits', until: now + this.#noCreditsMs });
    } else if (status === 429) {
      const wait = outcome.retryAfterMs ?? this.#cooldownMs;
      this.#setState(member, issued.key, { reason: 'cooling', until: now + wait });
    } else {
      // 403 is a plan limit, not the key's fault; 5xx and connection failures are the provider's.
      return false;
    }
    const another = this.#members.some((other) => this.#mayOffer(other, status === 429));
    if (!another && outcome.error !== undefined) {
      (outcome.error as KeygateError).unavailableKeys = this.status();
    }
    return another;
  }

  /**
   * Whether a member may give an available key: one it has not given yet, a refreshed one, or
   * one not out. A cooling key counts only after a refusal other than a rate limit (the loop then
   * retries at once; after a 429 it waits for the provider anyway).
   */
  #mayOffer(member: Member, afterRateLimit: boolean): boolean {
    if (member.refreshPending || member.lastKey === undefined) return member.failure === undefined;
    const state = this.#stateOf(member.lastKey);
    if (state === undefined) return true;
    return state.reason === 'cooling' && !afterRateLimit;
  }

  #setState(member: Member, key: string, state: KeyState): void {
    const previous = this.#states.get(key);
    this.#states.set(key, state);
    this.#forgetOldStates();
    if (previous?.reason === state.reason && state.reason !== 'cooling') return;
    const fingerprint = member.lastKey === key ? member.lastFingerprint : keyFingerprint(key, this.#provider);
    const until = Number.isFinite(state.until) ? new Date(state.until) : undefined;
    const type = state.reason === 'invalid' ? 'disabled' : state.reason;
    this.#emit({
      type,
      fingerprint,
      member: member.index,
      until,
      message: describeChange(type, fingerprint, until),
    });
  }

  /** Keys that rotated away leave states behind; keep only the newest few per member. */
  #forgetOldStates(): void {
    const limit = this.#members.length * statesPerMember;
    for (const key of this.#states.keys()) {
      if (this.#states.size <= limit) break;
      this.#states.delete(key);
    }
  }

  #failed(member: Member, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const first = member.failure === undefined;
    member.failure = message.slice(0, 300);
    if (first) {
      this.#emit({
        type: 'source_failed',
        fingerprint: undefined,
        member: member.index,
        until: undefined,
        message: `The source of pool key #${member.index} failed: ${member.failure}`,
      });
    }
  }

  #exhausted(): AllKeysUnavailableError {
    const keys = this.status();
    const reasons = keys.map(describeStatus).join('; ');
    const message =
      `All ${keys.length} keys of the pool are unavailable, so the call was not sent: ${reasons}. ` +
      'Fix or replace the keys, then call pool.enable(fingerprint) (a key whose source now gives another key comes back by itself).';
    this.#emit({ type: 'exhausted', fingerprint: undefined, member: undefined, until: undefined, message });
    return new AllKeysUnavailableError(message, { keys });
  }

  #emit(event: KeyPoolEvent): void {
    try {
      this.#onEvent?.(Object.freeze(event));
    } catch {
      // An alerting hook failing is no reason to fail the call.
    }
  }

  status(): PooledKeyStatus[] {
    return this.#members.map((member) => {
      const state = member.lastKey === undefined ? undefined : this.#stateOf(member.lastKey);
      const base = { member: member.index, fingerprint: member.lastFingerprint, origin: member.lastOrigin };
      if (member.failure !== undefined) {
        return { ...base, state: 'unresolved', until: undefined, detail: member.failure };
      }
      if (state === undefined) return { ...base, state: 'available', until: undefined, detail: undefined };
      const until = Number.isFinite(state.until) ? new Date(state.until) : undefined;
      return { ...base, state: state.reason, until, detail: undefined };
    });
  }

  enable(key: string | number): boolean {
    const member =
      typeof key === 'number'
        ? this.#members[key]
        : this.#members.find((candidate) => {
            const digest = fingerprintDigest(key);
            return (
              digest !== undefined &&
              candidate.lastFingerprint !== undefined &&
              fingerprintDigest(candidate.lastFingerprint) === digest
            );
          });
    if (member?.lastKey === undefined || !this.#states.delete(member.lastKey)) return false;
    const fingerprint = member.lastFingerprint;
    this.#emit({
      type: 'enabled',
      fingerprint,
      member: member.index,
      until: undefined,
      message: describeChange('enabled', fingerprint, undefined),
    });
    return true;
  }
}

function checkDuration(value: unknown, name: string): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(`keyPool: \`${name}\` must be a whole number of milliseconds, or Infinity.`);
  }
  return value;
}

function describeChange(
  type: KeyPoolEvent['type'],
  fingerprint: string | undefined,
  until: Date | undefined,
): string {
  const key = `Key ${fingerprint ?? '(unknown)'}`;
  const time = until === undefined ? '' : ` until ${until.toISOString()}`;
  switch (type) {
    case 'disabled':
      return `${key} was refused (401: invalid, revoked or expired) and is disabled until re-enabled or replaced.`;
    case 'no_credits':
      return `${key} has no credits (402) and is out${time || ' until re-enabled'}.`;
    case 'cooling':
      return `${key} is rate-limited (429) and cools down${time}.`;
    default:
      return `${key} is back in service.`;
  }
}

function describeStatus(status: PooledKeyStatus): string {
  const name = `#${status.member} ${status.fingerprint ?? '(no key seen)'}`;
  const until = status.until === undefined ? '' : ` until ${status.until.toISOString()}`;
  switch (status.state) {
    case 'invalid':
      return `${name} invalid or expired (401)`;
    case 'no_credits':
      return `${name} no credits (402)${until}`;
    case 'cooling':
      return `${name} rate-limited (429)${until}`;
    case 'unresolved':
      return `${name} source failed: ${status.detail ?? 'unknown error'}`;
    default:
      return `${name} available`;
  }
}

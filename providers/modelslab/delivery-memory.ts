// De-duplicates ModelsLab webhook deliveries in memory, bounded in time and in size: "Webhooks
// may be sent multiple times. Use id or track_id for idempotency" (docs.modelslab.com/webhooks).

/** Remembers delivered keys for `ttlMs`, at most `maxEntries`, forgetting the oldest first. */
export class DeliveryMemory {
  // A Map iterates in insertion order and every entry lives equally long: the first is the oldest.
  readonly #expiries = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  /**
   * @param ttlMs How long a key is remembered.
   * @param maxEntries How many keys at most.
   * @param now The clock, in ms.
   */
  constructor(ttlMs: number, maxEntries: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  /**
   * @param key What identifies a delivery.
   * @returns Whether `key` was seen within the TTL; otherwise remembers it.
   */
  checkAndRemember(key: string): boolean {
    const now = this.#now();
    for (const [oldest, expiresAt] of this.#expiries) {
      if (expiresAt > now) break;
      this.#expiries.delete(oldest);
    }
    // Checked by time too: a wall clock set back can leave an expired entry behind a fresh one.
    if ((this.#expiries.get(key) ?? now) > now) return true;
    this.#expiries.delete(key); // re-inserted at the end: it is now the newest
    this.#expiries.set(key, now + this.#ttlMs);
    for (const oldest of this.#expiries.keys()) {
      if (this.#expiries.size <= this.#maxEntries) break;
      this.#expiries.delete(oldest);
    }
    return false;
  }
}

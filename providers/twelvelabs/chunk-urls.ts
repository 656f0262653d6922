import { ResponseValidationError } from '../../src/index.js';
import type { PresignedChunk, PresignedUrls } from './multipart-schemas.js';

// A URL this close to its expiry is not used: a part sent with it could be refused mid-way.
const expiryMarginMs = 60_000;

/** The presigned URLs known so far, by chunk; missing or stale ones are asked for in batches. */
export class ChunkUrls {
  readonly #urls = new Map<number, PresignedChunk>();
  readonly #fetch: (start: number) => Promise<PresignedUrls>;
  #refill: Promise<void> | undefined;

  /**
   * @param first The URLs the session came with.
   * @param fetch Asks TwelveLabs for URLs from chunk `start` on.
   */
  constructor(first: readonly PresignedChunk[], fetch: (start: number) => Promise<PresignedUrls>) {
    this.#fetch = fetch;
    this.#add(first);
  }

  /**
   * A URL for the chunk; it is single-use, so it is removed. One that looks stale by this
   * machine's clock is replaced once; after that any URL is used and the storage decides (a clock
   * an hour off must not stop every upload).
   */
  async take(index: number): Promise<PresignedChunk> {
    for (let refills = 0; ; refills++) {
      const known = this.#urls.get(index);
      if (known !== undefined && (refills > 0 || fresh(known))) {
        this.#urls.delete(index);
        return known;
      }
      if (refills === 2) break;
      // One request at a time: chunks waiting for the same batch share it.
      this.#refill ??= this.#fetch(index)
        .then((answer) => this.#add(answer.upload_urls ?? []))
        .finally(() => {
          this.#refill = undefined;
        });
      await this.#refill;
    }
    throw new ResponseValidationError(
      `TwelveLabs gave no upload URL for chunk ${index} when asked for one.`,
      {
        provider: 'twelvelabs',
        status: 200,
        issues: [{ path: 'upload_urls', expected: `chunk_index ${index}`, received: 'none' }],
      },
    );
  }

  /** Drops the chunk's URL (the storage refused it), so the next `take` asks for a fresh one. */
  forget(index: number): void {
    this.#urls.delete(index);
  }

  #add(urls: readonly PresignedChunk[]): void {
    for (const url of urls) this.#urls.set(url.chunk_index, url);
  }
}

function fresh(url: PresignedChunk): boolean {
  if (url.expires_at === undefined || url.expires_at === null) return true;
  const expires = Date.parse(url.expires_at);
  return Number.isNaN(expires) || expires - Date.now() > expiryMarginMs;
}

import * as v from 'valibot';
import type { ApiPromise, CallOptions, Transport } from '../../src/index.js';

/**
 * `POST /api/wallet_balance` with `{ key }` answers `{"status":"success","data":{"balance":43.6,
 * "currency":"USD"}}` (docs-v2 general-api/wallet-balance.mdx). The balance may come as a
 * numeric string; keygate gives a number.
 */
const WalletSchema = v.pipe(
  v.looseObject({
    status: v.literal('success'),
    data: v.looseObject({
      balance: v.pipe(
        v.union([v.pipe(v.number(), v.finite()), v.pipe(v.string(), v.regex(/^\s*-?\d+(\.\d+)?\s*$/))]),
        v.transform(Number),
      ),
      currency: v.optional(v.nullable(v.string())),
    }),
  }),
  v.transform(({ data }): WalletBalance => ({ balance: data.balance, currency: data.currency ?? undefined })),
);

/** The wallet's balance. */
export interface WalletBalance {
  /** What is left, in `currency`. */
  balance: number;
  /** e.g. `USD`, when ModelsLab names it. */
  currency: string | undefined;
}

/**
 * The ModelsLab account. The wallet endpoint lives beside the versioned API, at
 * `/api/wallet_balance` (no `/v6`), so it is reached as `../wallet_balance` from the client's
 * base URL, on the same origin.
 *
 * @example
 * ```ts no-run
 * const { balance, currency } = await client.account.balance();
 * ```
 */
export class Account {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * The wallet balance (`POST /api/wallet_balance` with `{ key }`; free). It only reads, so
   * keygate retries it like a GET.
   *
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns `{ balance, currency }`.
   */
  balance(options: CallOptions = {}): ApiPromise<WalletBalance> {
    return this.#transport.request({
      ...options,
      method: 'POST',
      path: '../wallet_balance',
      json: {},
      safeToRetry: true,
      schema: WalletSchema,
    });
  }
}

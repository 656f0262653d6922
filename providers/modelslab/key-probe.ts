import { type KeyProbe, probeClientOptions } from '../../src/index.js';
import { ModelsLabClient, modelsLabDefinition } from './client.js';

/**
 * Below this wallet balance (in the wallet's currency, USD), `keygate check` warns that the key
 * will soon run out of credits. keygate's choice, not ModelsLab's: a few dozen generations.
 */
export const MODELSLAB_LOW_BALANCE = 5;

/**
 * ModelsLab's key check: `POST /api/wallet_balance`, which costs nothing and also tells a key
 * without credits (balance 0 or less: `no_credits`) from a working one, and flags a balance
 * below {@link MODELSLAB_LOW_BALANCE} as `lowBalance`.
 */
export const modelsLabKeyProbe: KeyProbe = {
  definition: modelsLabDefinition,
  async probe(key, options) {
    // The client resolves the base URL (the option, else MODELSLAB_BASE_URL, else production)
    // and reaches the wallet at `../wallet_balance` beside it.
    const client = new ModelsLabClient({ apiKey: key, ...probeClientOptions(options) });
    const { balance, currency } = await client.account.balance();
    const low = balance > 0 && balance < MODELSLAB_LOW_BALANCE;
    const amount = `${balance} ${currency ?? ''}`.trim();
    return {
      status: balance > 0 ? 'valid' : 'no_credits',
      detail: low
        ? `Wallet balance ${amount}: low (below ${MODELSLAB_LOW_BALANCE}), top up soon.`
        : `Wallet balance ${amount}.`,
      balance,
      ...(low ? { lowBalance: true } : {}),
      ...(currency === undefined ? {} : { currency }),
    };
  },
};

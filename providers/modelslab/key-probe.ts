import * as v from 'valibot';
import { createProviderTransport, type KeyProbe, probeClientOptions } from '../../src/index.js';
import { MODELSLAB_BASE_URL, modelsLabDefinition } from './client.js';

const WalletSchema = v.looseObject({
  status: v.literal('success'),
  data: v.looseObject({
    balance: v.pipe(v.union([v.number(), v.string()]), v.transform(Number)),
    currency: v.optional(v.string()),
  }),
});

/**
 * ModelsLab's key check: `POST /api/wallet_balance`, which costs nothing and also tells a key
 * without credits (balance 0 or less: `no_credits`) from a working one.
 */
export const modelsLabKeyProbe: KeyProbe = {
  definition: modelsLabDefinition,
  async probe(key, options) {
    const baseUrl =
      options.baseUrl ?? nonEmpty(process.env[modelsLabDefinition.baseUrlEnv ?? '']) ?? MODELSLAB_BASE_URL;
    // The wallet endpoint lives at /api, beside the versioned /api/v6 the client uses.
    const transport = createProviderTransport(
      { apiKey: key, ...probeClientOptions(options), baseUrl: String(baseUrl).replace(/\/v6\/?$/, '') },
      modelsLabDefinition,
    );
    const wallet = await transport.request({
      method: 'POST',
      path: 'wallet_balance',
      json: {},
      schema: WalletSchema,
    });
    const { balance, currency } = wallet.data;
    return {
      status: balance > 0 ? 'valid' : 'no_credits',
      detail: `Wallet balance ${`${balance} ${currency ?? ''}`.trim()}.`,
      balance,
      ...(currency === undefined ? {} : { currency }),
    };
  },
};

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

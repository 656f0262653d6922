import { type KeyProbe, probeClientOptions } from '../../src/index.js';
import { TwelveLabsClient, twelveLabsDefinition } from './client.js';

/**
 * TwelveLabs' key check: `GET /v1.3/indexes?page_limit=1`, the cheapest authenticated call.
 * A 401 cannot tell a wrong key from an expired one: TwelveLabs answers `api_key_invalid` to both.
 */
export const twelveLabsKeyProbe: KeyProbe = {
  definition: twelveLabsDefinition,
  async probe(key, options) {
    const client = new TwelveLabsClient({ apiKey: key, ...probeClientOptions(options) });
    const page = await client.indexes.list({ page_limit: 1 });
    return {
      status: 'valid',
      detail: `GET /indexes answered; ${page.page_info?.total_results ?? page.data.length} index(es).`,
    };
  },
};

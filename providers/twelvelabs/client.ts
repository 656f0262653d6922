import { createProviderTransport, HeaderKeyStrategy, type ProviderClientOptions } from '../../src/index.js';
import { classifyTwelveLabsResponse, TWELVE_LABS_ENV } from './errors.js';
import { Indexes } from './indexes.js';
import { Tasks } from './tasks.js';

/** The production API. */
export const TWELVE_LABS_BASE_URL = 'https://api.twelvelabs.io/v1.3';

/** Options of {@link TwelveLabsClient}. */
export interface TwelveLabsClientOptions extends ProviderClientOptions {}

/**
 * A TwelveLabs v1.3 client. The key travels in the `x-api-key` header; it never follows a
 * redirect to another host, and every failure is a typed keygate error.
 *
 * @example
 * ```ts
 * import { TwelveLabsClient } from 'keygate/twelvelabs';
 *
 * // apiKey defaults to the TWELVE_LABS_API_KEY environment variable, read per request.
 * const client = new TwelveLabsClient({ apiKey: 'tl-test-key' });
 * ```
 */
export class TwelveLabsClient {
  /** Indexes: create, list, iterate, retrieve, update, delete. */
  readonly indexes: Indexes;
  /** Video indexing tasks: create (upload), retrieve, waitForDone. */
  readonly tasks: Tasks;

  /**
   * @param options `apiKey` (default: env `TWELVE_LABS_API_KEY`) or a `strategy` that replaces the
   *   `x-api-key` header strategy; `baseUrl` (default `https://api.twelvelabs.io/v1.3`), `timeout`,
   *   `maxRetries`, `fetch`.
   */
  constructor(options: TwelveLabsClientOptions = {}) {
    const transport = createProviderTransport(options, {
      provider: 'TwelveLabs',
      baseUrl: TWELVE_LABS_BASE_URL,
      env: TWELVE_LABS_ENV,
      defaultStrategy: (key) => new HeaderKeyStrategy({ key, header: 'x-api-key' }),
      classify: classifyTwelveLabsResponse,
    });
    this.indexes = new Indexes(transport);
    this.tasks = new Tasks(transport);
  }
}

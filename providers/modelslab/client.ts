import {
  BodyKeyStrategy,
  ProviderClient,
  type ProviderClientOptions,
  type ProviderDefinition,
} from '../../src/index.js';
import { classifyModelsLabResponse, MODELSLAB_ENV } from './errors.js';
import { Images } from './images.js';

/** The production API. */
export const MODELSLAB_BASE_URL = 'https://modelslab.com/api/v6';

/**
 * ModelsLab's defaults for {@link ProviderClient} and `createProviderTransport`: the key as `key`
 * in the body, the MODELSLAB_API_KEY variable, MODELSLAB_BASE_URL to point the client elsewhere,
 * and the classifier for errors reported inside 2xx answers. ModelsLab documents no
 * idempotency header, so calls take no `idempotencyKey`.
 */
export const modelsLabDefinition: ProviderDefinition = {
  provider: 'ModelsLab',
  id: 'modelslab',
  baseUrl: MODELSLAB_BASE_URL,
  baseUrlEnv: 'MODELSLAB_BASE_URL',
  env: MODELSLAB_ENV,
  defaultStrategy: (key) => new BodyKeyStrategy({ key, field: 'key' }),
  classify: classifyModelsLabResponse,
};

/** Options of {@link ModelsLabClient}. */
export interface ModelsLabClientOptions extends ProviderClientOptions {}

/**
 * A ModelsLab v6 client. The key travels as `key` inside the JSON body, never in a header;
 * errors ModelsLab reports inside HTTP 200 answers become typed keygate errors.
 *
 * @example
 * ```ts
 * import { ModelsLabClient } from 'keygate/modelslab';
 *
 * // apiKey defaults to the MODELSLAB_API_KEY environment variable, read per request.
 * const client = new ModelsLabClient({ apiKey: 'ml-test-key' });
 * ```
 */
export class ModelsLabClient extends ProviderClient<ModelsLabClientOptions> {
  /** Image generation: text2img, fetch, generate. */
  readonly images: Images;

  /**
   * @param options `apiKey` (default: env `MODELSLAB_API_KEY`) or a `strategy` that replaces the
   *   body-key strategy; `baseUrl` (default: env `MODELSLAB_BASE_URL`, else
   *   `https://modelslab.com/api/v6`), `timeout`, `maxRetries`, `headers`, `fetch`, `dispatcher`,
   *   `logger`, `hooks`, `openTelemetry`.
   */
  constructor(options: ModelsLabClientOptions = {}) {
    super(options, modelsLabDefinition);
    this.images = new Images(this.transport);
  }
}

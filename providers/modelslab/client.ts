import {
  BodyKeyStrategy,
  HeaderKeyStrategy,
  ProviderClient,
  type ProviderClientOptions,
  type ProviderDefinition,
} from '../../src/index.js';
import { Account } from './account.js';
import { Audio } from './audio.js';
import { CHAT_ROUTE_PATH, Chat } from './chat.js';
import { classifyModelsLabResponse, MODELSLAB_ENV, reportsModelsLabError } from './errors.js';
import { Images } from './images.js';
import { Realtime } from './realtime.js';
import { Video } from './video.js';

/** The production API. */
export const MODELSLAB_BASE_URL = 'https://modelslab.com/api/v6';

/**
 * ModelsLab's defaults for {@link ProviderClient} and `createProviderTransport`: the key as `key`
 * in the body, except on the `chat` route (`/api/v7/llm/`, the OpenAI-compatible API), which
 * takes it as `Authorization: Bearer` (docs-v2 llm-api/openapi.json); the MODELSLAB_API_KEY
 * variable, MODELSLAB_BASE_URL to point the client elsewhere, and the classifier for errors
 * reported inside 2xx answers. ModelsLab documents no idempotency header, so calls take no
 * `idempotencyKey`.
 */
export const modelsLabDefinition: ProviderDefinition = {
  provider: 'ModelsLab',
  id: 'modelslab',
  baseUrl: MODELSLAB_BASE_URL,
  baseUrlEnv: 'MODELSLAB_BASE_URL',
  env: MODELSLAB_ENV,
  defaultStrategy: (key) => new BodyKeyStrategy({ key, field: 'key' }),
  routes: [
    {
      name: 'chat',
      path: CHAT_ROUTE_PATH,
      defaultStrategy: (key) => new HeaderKeyStrategy({ key, header: 'authorization', prefix: 'Bearer ' }),
    },
  ],
  classify: classifyModelsLabResponse,
  reportsError: reportsModelsLabError,
};

/** Options of {@link ModelsLabClient}. */
export interface ModelsLabClientOptions extends ProviderClientOptions {}

/**
 * A ModelsLab client. The key travels as `key` inside the JSON body on the v6 APIs and the
 * wallet, and as `Authorization: Bearer` on the chat API only (chosen per route, never both);
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
  /** Images: text2img, img2img, inpaint, controlnet, fetch, wait, generate. */
  readonly images: Images;
  /** Realtime images: text2img, img2img, inpaint, fetch, wait, generate. */
  readonly realtime: Realtime;
  /** Video: text2video, img2video, fetch, wait, generate. */
  readonly video: Video;
  /** Voice: textToSpeech, fetch, wait, generate. */
  readonly audio: Audio;
  /** The OpenAI-compatible chat API, authenticated with a Bearer header. */
  readonly chat: Chat;
  /** The wallet. */
  readonly account: Account;

  /**
   * @param options `apiKey` (default: env `MODELSLAB_API_KEY`) or a `strategy` that replaces the
   *   body-key strategy; `routeStrategies: { chat }` to replace the chat API's Bearer strategy; `baseUrl` (default: env `MODELSLAB_BASE_URL`, else
   *   `https://modelslab.com/api/v6`), `timeout`, `maxRetries`, `headers`, `fetch`, `dispatcher`,
   *   `logger`, `hooks`, `openTelemetry`.
   */
  constructor(options: ModelsLabClientOptions = {}) {
    super(options, modelsLabDefinition);
    this.images = new Images(this.transport);
    this.realtime = new Realtime(this.transport);
    this.video = new Video(this.transport);
    this.audio = new Audio(this.transport);
    this.chat = new Chat(this.transport);
    this.account = new Account(this.transport);
  }
}

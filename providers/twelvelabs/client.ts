import {
  HeaderKeyStrategy,
  ProviderClient,
  type ProviderClientOptions,
  type ProviderDefinition,
} from '../../src/index.js';
import { Analyze } from './analyze.js';
import { Assets } from './assets.js';
import { Embed } from './embed.js';
import { classifyTwelveLabsResponse, TWELVE_LABS_ENV } from './errors.js';
import { IndexedAssets } from './indexed-assets.js';
import { Indexes } from './indexes.js';
import { MultipartUploads } from './multipart-upload.js';
import { Search } from './search.js';
import { classifyStorageAnswer } from './storage-errors.js';
import { Tasks } from './tasks.js';
import { Videos } from './videos.js';

/** The production API. */
export const TWELVE_LABS_BASE_URL = 'https://api.twelvelabs.io/v1.3';

/**
 * TwelveLabs' defaults for {@link ProviderClient} and `createProviderTransport`: the key in the
 * `x-api-key` header, the `TWELVE_LABS_API_KEY` variable (or `TWELVELABS_API_KEY`, or either as
 * `NAME_FILE`), keys that expire after 90 days, `TWELVE_LABS_BASE_URL` to point the
 * client elsewhere (a simulator, a gateway), and the classifier of TwelveLabs' error bodies.
 * TwelveLabs documents no idempotency header, so calls take no `idempotencyKey`.
 */
export const twelveLabsDefinition: ProviderDefinition = {
  provider: 'TwelveLabs',
  id: 'twelvelabs',
  baseUrl: TWELVE_LABS_BASE_URL,
  baseUrlEnv: 'TWELVE_LABS_BASE_URL',
  env: TWELVE_LABS_ENV,
  // The official SDK's README spells it TWELVELABS_API_KEY (twelvelabs-io/twelvelabs-js README).
  envAliases: ['TWELVELABS_API_KEY'],
  // "Your API key automatically expires every 90 days" (docs.twelvelabs.io/docs/authentication).
  keyMaxAgeDays: 90,
  defaultStrategy: (key) => new HeaderKeyStrategy({ key, header: 'x-api-key' }),
  classify: classifyTwelveLabsResponse,
  // TwelveLabs reports errors with error statuses; its classifier reads no 2xx body (errors in a
  // stream are events, read by analyze.stream).
  reportsError: () => false,
};

/** Options of {@link TwelveLabsClient}. */
export interface TwelveLabsClientOptions extends ProviderClientOptions {}

/**
 * A TwelveLabs v1.3 client. The key travels in the `x-api-key` header; it never follows a
 * redirect to another host, and every failure is a typed keygate error. Endpoints it does not
 * wrap yet are one `client.request({ method, path, ... })` away, through the same guarantees.
 *
 * @example
 * ```ts
 * import { TwelveLabsClient } from 'keygate/twelvelabs';
 *
 * // apiKey defaults to the TWELVE_LABS_API_KEY environment variable, read per request.
 * const client = new TwelveLabsClient({ apiKey: 'tl-test-key' });
 * ```
 */
export class TwelveLabsClient extends ProviderClient<TwelveLabsClientOptions> {
  /** Indexes: create, list, iterate, retrieve, update, delete. */
  readonly indexes: Indexes;
  /** Video indexing tasks: create (upload), retrieve, waitForDone. */
  readonly tasks: Tasks;
  /** Search an index by text or image: query, page, iterate. */
  readonly search: Search;
  /** The videos of an index: list, iterate, retrieve, update, delete. */
  readonly videos: Videos;
  /** Analyze videos with Pegasus: a whole answer, a streamed one, or an analyze task. */
  readonly analyze: Analyze;
  /** Embeddings: sync text, image and audio, video embedding tasks, and the newer `/embed-v2`. */
  readonly embed: Embed;
  /** Uploaded media (assets): create from a file or URL, list, iterate, retrieve, delete. */
  readonly assets: Assets;
  /** Indexed assets, the non-legacy way to index an asset (replacing `tasks.create`). */
  readonly indexedAssets: IndexedAssets;
  /** Multipart uploads of large files; the parts go to presigned URLs, never with the key. */
  readonly multipartUploads: MultipartUploads;

  /**
   * @param options `apiKey` (default: env `TWELVE_LABS_API_KEY`) or a `strategy` that replaces the
   *   `x-api-key` header strategy; `baseUrl` (default: env `TWELVE_LABS_BASE_URL`, else
   *   `https://api.twelvelabs.io/v1.3`), `timeout`, `maxRetries`, `headers`, `fetch`,
   *   `dispatcher`, `logger`, `hooks`, `openTelemetry`.
   */
  constructor(options: TwelveLabsClientOptions = {}) {
    super(options, twelveLabsDefinition);
    this.indexes = new Indexes(this.transport);
    this.tasks = new Tasks(this.transport);
    this.search = new Search(this.transport);
    this.videos = new Videos(this.transport);
    this.analyze = new Analyze(this.transport);
    this.embed = new Embed(this.transport);
    this.assets = new Assets(this.transport);
    this.indexedAssets = new IndexedAssets(this.transport);
    // Chunks go to the storage through a transport that has no key; its refusals are the storage's.
    this.multipartUploads = new MultipartUploads(this.transport, (origin) =>
      this.keylessTransport(origin, { provider: 'TwelveLabs storage', classify: classifyStorageAnswer }),
    );
  }
}

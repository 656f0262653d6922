import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findCredentials, type ReceivedCredential, withoutKey } from './credentials.js';
import { ModelsLabSim } from './sim-modelslab.js';
import { type ObjectStorage, startObjectStorage } from './sim-storage.js';
import { TwelveLabsSim } from './sim-twelvelabs.js';
import {
  type SendTwelveLabsWebhookOptions,
  sendTwelveLabsWebhook,
  type TwelveLabsWebhookEventInit,
} from './sim-twelvelabs-webhooks.js';
import type {
  ModelsLabKeyScenario,
  ModelsLabSimulatorOptions,
  SimResponse,
  TwelveLabsKeyScenario,
  WebhookDelivery,
} from './sim-types.js';

/** Faults the simulator injects, each with a probability from 0 to 1 per request. */
export interface SimulatorFaults {
  /** Destroy the connection without an answer. */
  resetRate?: number | undefined;
  /** Answer 502 with an HTML page, as a proxy would. */
  serverErrorRate?: number | undefined;
  /** Answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitRate?: number | undefined;
  /** @default 0 */
  retryAfterSeconds?: number | undefined;
  /** Seed of the fault dice, so a run can be repeated. @default 1 */
  seed?: number | undefined;
}

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** Extra keys and the scenario each plays (e.g. `{ twelvelabs: { 'tl-test-key': 'valid' } }`). */
  keys?: {
    twelvelabs?: Record<string, TwelveLabsKeyScenario> | undefined;
    modelslab?: Record<string, ModelsLabKeyScenario> | undefined;
  };
  /** Milliseconds to wait before every answer. @default 0 */
  latencyMs?: number | undefined;
  /** Faults to inject. */
  faults?: SimulatorFaults | undefined;
  /** How many `GET /tasks/{id}` until a TwelveLabs task is ready. @default 2 */
  pollsUntilReady?: number | undefined;
  /**
   * How many `processing` answers a queued ModelsLab generation gives; the default of
   * `modelslab.processingFetches`.
   * @default 1
   */
  processingFetches?: number | undefined;
  /** How the simulated ModelsLab queues, times, caps and calls back its jobs. */
  modelslab?: ModelsLabSimulatorOptions | undefined;
  /** The simulated TwelveLabs' multipart uploads. */
  twelvelabs?: {
    /** The chunk size multipart upload sessions get, in bytes. @default 5_242_880 (5 MiB) */
    chunkSize?: number | undefined;
    /**
     * The origin presigned chunk URLs name, e.g. `https://uploads.s3.amazonaws.com`, for a harness
     * that routes that host to `storage.origin` (a client refuses a loopback upload URL from an
     * API that is not on loopback). @default `storage.origin`
     */
    storageOrigin?: string | undefined;
  };
}

/** One request as the simulator received it; the key is masked. */
export interface SimulatedRequest {
  provider: 'twelvelabs' | 'modelslab' | 'unknown';
  method: string;
  /** The path without the query string. */
  path: string;
  /** Where the credential arrived (header, body, query or none), masked. */
  credential: ReceivedCredential;
  /**
   * Every place a key-like credential arrived (`x-api-key` / `authorization` header, `key` /
   * `api_key` query parameter or body field), masked: proof that no route got the key elsewhere.
   */
  credentials: ReceivedCredential[];
  /** The status answered; 0 for a reset connection. */
  status: number;
}

/** A running simulator of both providers on 127.0.0.1. */
export interface Simulator {
  /** `http://127.0.0.1:PORT`: both APIs live here, on their production paths. */
  origin: string;
  twelvelabs: {
    baseUrl: string;
    /**
     * POSTs a signed webhook (`TL-Signature`, JSON `{ id, created_at, type, data }`) to an http
     * receiver on a loopback host, as TwelveLabs would; `tamper: true` breaks the signature.
     *
     * @returns The receiver's HTTP status.
     */
    sendWebhook(
      url: string,
      event: TwelveLabsWebhookEventInit,
      options: SendTwelveLabsWebhookOptions,
    ): Promise<number>;
    /**
     * The object storage multipart uploads send their parts to: a second origin, which records
     * every request (and any credential that came with it: a correct client sends none).
     */
    storage: Pick<ObjectStorage, 'origin' | 'requests' | 'failNext'>;
  };
  modelslab: { baseUrl: string };
  /** Ready-made keys for each scenario. */
  keys: {
    twelvelabs: Record<TwelveLabsKeyScenario, string>;
    modelslab: Record<ModelsLabKeyScenario, string>;
  };
  /** Every request received, in order. */
  requests: SimulatedRequest[];
  /** Every ModelsLab webhook POST made so far, in the order they ended. */
  webhookDeliveries: WebhookDelivery[];
  /** Stops the server, drops open connections and clears job timers (webhooks are not awaited). */
  close(): Promise<void>;
}

const maxBodyBytes = 64 * 1024 * 1024;

/**
 * Starts a real HTTP server on 127.0.0.1 (random port) that plays TwelveLabs (`/v1.3`) and
 * ModelsLab (`/api/v6`, `/api/v7/llm`) with in-memory state: the key in the right place and of the right
 * scenario, or the errors each provider documents.
 *
 * @param options Extra keys, latency, faults and timing.
 * @returns The running simulator.
 * @example
 * ```ts
 * import { createSimulator } from 'keygate/testing';
 * import { TwelveLabsClient } from 'keygate/twelvelabs';
 *
 * const sim = await createSimulator();
 * const client = new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });
 * await client.indexes.list();
 * console.log(sim.requests[0]?.credential); // { location: 'header', name: 'x-api-key', masked: 'tl-s…' }
 * await sim.close();
 * ```
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const keys = {
    twelvelabs: scenarioKeys('tl', ['valid', 'invalid', 'expired', 'forbidden', 'rateLimited'] as const),
    modelslab: scenarioKeys('ml', ['valid', 'invalid', 'noCredits', 'forbidden', 'rateLimited'] as const),
  };
  const twelvelabsKeys = new Map(
    Object.entries(keys.twelvelabs).map(([scenario, key]) => [key, scenario as TwelveLabsKeyScenario]),
  );
  for (const [key, scenario] of Object.entries(options.keys?.twelvelabs ?? {}))
    twelvelabsKeys.set(key, scenario);
  const modelslabKeys = new Map(
    Object.entries(keys.modelslab).map(([scenario, key]) => [key, scenario as ModelsLabKeyScenario]),
  );
  for (const [key, scenario] of Object.entries(options.keys?.modelslab ?? {}))
    modelslabKeys.set(key, scenario);

  let origin = '';
  const storage = await startObjectStorage({ publicOrigin: options.twelvelabs?.storageOrigin });
  const twelvelabs = new TwelveLabsSim({
    keys: twelvelabsKeys,
    pollsUntilReady: options.pollsUntilReady ?? 2,
    origin: () => origin,
    storage,
    chunkSize: options.twelvelabs?.chunkSize ?? 5 * 1024 * 1024,
  });
  const modelslab = new ModelsLabSim({
    ...options.modelslab,
    keys: modelslabKeys,
    processingFetches: options.modelslab?.processingFetches ?? options.processingFetches ?? 1,
    origin: () => origin,
  });
  const requests: SimulatedRequest[] = [];
  const dice = seededRandom(options.faults?.seed ?? 1);

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const provider = url.pathname.startsWith('/v1.3/')
      ? 'twelvelabs'
      : url.pathname.startsWith('/api/')
        ? 'modelslab'
        : 'unknown';
    const record: SimulatedRequest = {
      provider,
      method: request.method ?? '',
      path: url.pathname,
      credential: { location: 'none' },
      credentials: [],
      status: 0,
    };
    requests.push(record);
    try {
      const raw = await readBody(request);
      const body =
        raw === undefined ? undefined : await parseBody(raw, String(request.headers['content-type'] ?? ''));
      const credentials = findCredentials(request.headers, url, body);
      const found = credentials[0] ?? { location: 'none' };
      record.credential = withoutKey(found);
      record.credentials = credentials.map(withoutKey);
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const fault = provider === 'unknown' ? undefined : injectFault(options.faults, dice);
      if (fault === 'reset') {
        request.socket.destroy();
        return;
      }
      const sim = {
        method: record.method,
        url,
        headers: request.headers,
        body,
        credential: found,
        credentials,
      };
      const answer: SimResponse =
        fault ??
        (provider === 'twelvelabs'
          ? await twelvelabs.handle({ ...sim, path: url.pathname.slice('/v1.3/'.length) })
          : provider === 'modelslab'
            ? await modelslab.handle({ ...sim, path: url.pathname.slice('/api/'.length) })
            : {
                status: 404,
                body: { message: 'The simulator serves /v1.3 (TwelveLabs) and /api (ModelsLab).' },
              });
      if (answer.stream !== undefined) await sendStream(response, answer, record);
      else send(response, answer, record);
    } catch (error) {
      send(
        response,
        { status: (error as { status?: number }).status ?? 400, body: { message: (error as Error).message } },
        record,
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    twelvelabs: {
      baseUrl: `${origin}/v1.3`,
      sendWebhook: sendTwelveLabsWebhook,
      storage: {
        origin: storage.origin,
        requests: storage.requests,
        failNext: (count, status) => storage.failNext(count, status),
      },
    },
    modelslab: { baseUrl: `${origin}/api/v6` },
    keys,
    requests,
    webhookDeliveries: modelslab.webhookDeliveries,
    close: async () => {
      modelslab.close();
      await Promise.all([
        storage.close(),
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
      ]);
    },
  };
}

function scenarioKeys<S extends string>(prefix: string, scenarios: readonly S[]): Record<S, string> {
  const suffix = randomBytes(4).toString('hex');
  return Object.fromEntries(
    scenarios.map((scenario) => [scenario, `${prefix}-sim-${scenario}-${suffix}`]),
  ) as Record<S, string>;
}

function send(response: http.ServerResponse, answer: SimResponse, record: SimulatedRequest): void {
  record.status = answer.status;
  if (answer.body === undefined) {
    response.writeHead(answer.status, answer.headers).end();
  } else if (typeof answer.body === 'string') {
    response.writeHead(answer.status, { 'content-type': 'text/html', ...answer.headers }).end(answer.body);
  } else {
    response
      .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      .end(JSON.stringify(answer.body));
  }
}

/** Writes an NDJSON answer line by line; `breakAfter` destroys the connection mid-stream. */
async function sendStream(
  response: http.ServerResponse,
  answer: SimResponse,
  record: SimulatedRequest,
): Promise<void> {
  const { lines = [], delayMs = 0, breakAfter } = answer.stream ?? {};
  record.status = answer.status;
  response.writeHead(answer.status, { 'content-type': 'application/x-ndjson', ...answer.headers });
  for (const [n, line] of lines.entries()) {
    if (breakAfter !== undefined && n >= breakAfter) {
      response.socket?.destroy();
      return;
    }
    if (response.destroyed) return;
    // Flushed before the next line (and before a break), so what was sent arrives.
    await new Promise((resolve) => response.write(`${JSON.stringify(line)}\n`, resolve));
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  response.end();
}

async function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes)
      throw Object.assign(new Error('Request body too large for the simulator.'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

async function parseBody(raw: Buffer, contentType: string): Promise<Record<string, unknown> | FormData> {
  if (contentType.startsWith('multipart/form-data')) {
    return new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  }
  const parsed: unknown = JSON.parse(raw.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('Expected a JSON object.');
  return parsed as Record<string, unknown>;
}

function injectFault(
  faults: SimulatorFaults | undefined,
  dice: () => number,
): SimResponse | 'reset' | undefined {
  if (!faults) return undefined;
  if (dice() < (faults.resetRate ?? 0)) return 'reset';
  if (dice() < (faults.serverErrorRate ?? 0))
    return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
  if (dice() < (faults.rateLimitRate ?? 0)) {
    return {
      status: 429,
      body: { code: 'too_many_requests', status: 'error', message: 'Simulated rate limit.' },
      headers: { 'retry-after': String(faults.retryAfterSeconds ?? 0) },
    };
  }
  return undefined;
}

// mulberry32: a tiny seeded PRNG, so fault runs are repeatable.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

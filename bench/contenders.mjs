// The request contenders, shared by the throughput rounds and the in-flight memory children.
// Each contender is built on demand and imports only what it needs, so a child process that
// measures one contender's memory loads nothing of the others.
import { distUrl, key } from './settings.mjs';

/** The bare-ky contenders: ky as most code uses it, and ky the way keygate's transport drives it. */
export const kyDefaults = 'ky';
export const kyLean = 'ky (retry 0, timeout off)';

/** The two request workloads and who runs them. */
export const workloads = [
  {
    id: 'get',
    title: 'GET, header key (indexes.list)',
    contenders: ['fetch', kyDefaults, kyLean, 'keygate', 'twelvelabs-js'],
  },
  {
    id: 'post',
    title: 'POST, body key (images.text2img)',
    contenders: ['fetch', kyDefaults, kyLean, 'keygate'],
  },
];

const paths = { get: 'v1.3/indexes', post: 'api/v6/images/text2img' };
const params = { prompt: 'a lighthouse at dawn', model_id: 'flux', width: 512, height: 512 };

/**
 * Builds one contender's call.
 *
 * @param {'get' | 'post'} workload
 * @param {string} contender One of the workload's contenders.
 * @param {string} base The server's origin, possibly with a `/delay/<ms>` prefix.
 * @param {URL} [dist] The keygate build the `keygate` contender loads (default: the one under test).
 * @returns {Promise<() => Promise<unknown>>} A function that sends one call and reads its JSON.
 */
export async function createCall(workload, contender, base, dist = distUrl) {
  const get = workload === 'get';
  const path = paths[workload];
  if (contender === 'fetch') {
    const url = `${base}/${path}`;
    const init = get
      ? { headers: { 'x-api-key': key } }
      : { method: 'POST', headers: { 'content-type': 'application/json' } };
    return get
      ? async () => (await fetch(url, init)).json()
      : async () => (await fetch(url, { ...init, body: JSON.stringify({ ...params, key }) })).json();
  }
  if (contender === kyDefaults || contender === kyLean) {
    const { default: ky } = await import('ky');
    // "ky": default retry (2 for GET) and a 60 s timeout (the default 10 s, made long enough never
    // to fire under load: the cost per call is the same timer either way).
    const client =
      contender === kyDefaults
        ? ky.create({ prefix: base, timeout: 60_000 })
        : ky.create({ prefix: base, retry: 0, timeout: false });
    return get
      ? () => client.get(path, { headers: { 'x-api-key': key } }).json()
      : () => client.post(path, { json: { ...params, key } }).json();
  }
  if (contender === 'keygate' && get) {
    const { TwelveLabsClient } = await import(new URL('twelvelabs.js', dist).href);
    const client = new TwelveLabsClient({ apiKey: key, baseUrl: `${base}/v1.3` });
    return () => client.indexes.list();
  }
  if (contender === 'keygate') {
    const { ModelsLabClient } = await import(new URL('modelslab.js', dist).href);
    const client = new ModelsLabClient({ apiKey: key, baseUrl: `${base}/api/v6` });
    return () => client.images.text2img(params);
  }
  if (contender === 'twelvelabs-js' && get) {
    const { TwelveLabs } = await import('twelvelabs-js');
    // The SDK's wrapper ignores a `baseUrl` option; it reads TWELVELABS_BASE_URL instead.
    process.env.TWELVELABS_BASE_URL = `${base}/v1.3`;
    const sdk = new TwelveLabs({ apiKey: key });
    return () => sdk.indexes.list();
  }
  throw new Error(`no ${contender} contender for the ${workload} workload`);
}

// One upload contender in its own process, so its peak RSS is its own:
// `node bench/upload.mjs <contender> <origin> <file>` prints { contender, peakRssMiB, seconds, receivedBytes }.
import { createReadStream, openAsBlob } from 'node:fs';
import { distUrl, key } from './settings.mjs';

const [contender, origin, file] = process.argv.slice(2);
const started = performance.now();
let receivedBytes;

if (contender === 'keygate') {
  const { TwelveLabsClient } = await import(new URL('twelvelabs.js', distUrl).href);
  const client = new TwelveLabsClient({ apiKey: key, baseUrl: `${origin}/v1.3`, timeout: 600_000 });
  receivedBytes = (await client.tasks.create({ index_id: 'idx', video_file: await openAsBlob(file) }))
    .video_id;
} else if (contender === 'fetch' || contender === 'ky') {
  // The naive way: FormData around the file blob, default redirect handling (and, for ky, retries).
  const form = new FormData();
  form.set('index_id', 'idx');
  form.set('video_file', await openAsBlob(file), 'video.mp4');
  const url = `${origin}/v1.3/tasks`;
  if (contender === 'fetch') {
    receivedBytes = (
      await (await fetch(url, { method: 'POST', body: form, headers: { 'x-api-key': key } })).json()
    ).video_id;
  } else {
    const { default: ky } = await import('ky');
    receivedBytes = (
      await ky.post(url, { body: form, headers: { 'x-api-key': key }, timeout: 600_000 }).json()
    ).video_id;
  }
} else if (contender === 'twelvelabs-js') {
  const { TwelveLabs } = await import('twelvelabs-js');
  // The SDK's wrapper ignores a `baseUrl` option; it reads TWELVELABS_BASE_URL instead.
  process.env.TWELVELABS_BASE_URL = `${origin}/v1.3`;
  const client = new TwelveLabs({ apiKey: key });
  receivedBytes = (await client.tasks.create({ indexId: 'idx', videoFile: createReadStream(file) })).videoId;
} else {
  throw new Error(`unknown contender ${contender}`);
}

console.log(
  JSON.stringify({
    contender,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    receivedBytes: Number(receivedBytes),
  }),
);

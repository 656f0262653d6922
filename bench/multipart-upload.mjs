// keygate's multipart upload of a large file, in its own process so its peak RSS is its own:
// `node bench/multipart-upload.mjs <origin> <file>` prints { peakRssMiB, seconds, chunks, receivedBytes, keyLeaks }.
import { openAsBlob } from 'node:fs';
import { distUrl, key } from './settings.mjs';

const [origin, file] = process.argv.slice(2);
const started = performance.now();
const { TwelveLabsClient } = await import(new URL('twelvelabs.js', distUrl).href);
const client = new TwelveLabsClient({ apiKey: key, baseUrl: `${origin}/v1.3`, timeout: 600_000 });
const uploaded = await client.multipartUploads.upload(await openAsBlob(file), {
  filename: 'bench.mp4',
  concurrency: 4,
});
const seconds = (performance.now() - started) / 1000;
// The bench server answers a report of the finished upload with what its storage received.
const stored = await client.multipartUploads.reportChunks(uploaded.upload_id, []);

console.log(
  JSON.stringify({
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    seconds: Number(seconds.toFixed(2)),
    chunks: uploaded.total_chunks,
    receivedBytes: stored.stored_bytes,
    keyLeaks: stored.key_leaks,
  }),
);

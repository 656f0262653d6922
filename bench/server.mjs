// The benchmark server, in its own process so it does not share the contenders' event loop.
// Small JSON answers for the request workloads; uploads are drained and counted. A path that starts
// with /delay/<ms> is answered like the rest of it, <ms> milliseconds late (the in-flight test).
// TwelveLabs' multipart upload endpoints hand out part URLs on a second listener (another origin,
// as S3 is): parts are drained and counted there, and any part that arrives with a key is counted
// as a leak.
import http from 'node:http';

/** The chunk size the multipart sessions get (TwelveLabs picks it; S3 parts are 5 MiB to 5 GiB). */
const chunkSize = 64 * 2 ** 20;
const uploads = new Map();
let storageOrigin = '';

const storage = http.createServer((request, response) => {
  let bytes = 0;
  request.on('data', (chunk) => {
    bytes += chunk.length;
  });
  request.on('end', () => {
    const [, , uploadId, index] = new URL(request.url ?? '/', 'http://x').pathname.split('/');
    const upload = uploads.get(uploadId);
    if (!upload || request.method !== 'PUT') return void response.writeHead(404).end();
    upload.storedBytes += bytes;
    if (request.headers['x-api-key'] !== undefined || request.headers.authorization !== undefined)
      upload.keyLeaks += 1;
    response.writeHead(200, { etag: `"etag-${index}-${bytes}"` }).end();
  });
});
storage.listen({ port: 0, host: '127.0.0.1' }, () => {
  storageOrigin = `http://127.0.0.1:${storage.address().port}`;
});

const partUrls = (uploadId, start, count) =>
  Array.from({ length: count }, (_, i) => ({
    chunk_index: start + i,
    url: `${storageOrigin}/parts/${uploadId}/${start + i}?X-Amz-Signature=bench${start + i}`,
  }));

/** The multipart endpoints: `{ status, body }`, or undefined for other paths. */
function multipart(path, method, text) {
  const parts = path.split('/').slice(2);
  if (parts[0] !== 'assets' || parts[1] !== 'multipart-uploads' || method !== 'POST') return undefined;
  const body = text === '' ? {} : JSON.parse(text);
  if (parts.length === 2) {
    const uploadId = `up${uploads.size + 1}`;
    const totalChunks = Math.ceil(body.total_size / chunkSize);
    uploads.set(uploadId, { totalChunks, reported: new Set(), storedBytes: 0, keyLeaks: 0 });
    const upload_urls = partUrls(uploadId, 1, Math.min(10, totalChunks));
    return {
      status: 201,
      body: {
        upload_id: uploadId,
        asset_id: `asset-${uploadId}`,
        upload_urls,
        chunk_size: chunkSize,
        total_chunks: totalChunks,
      },
    };
  }
  const upload = uploads.get(parts[2]);
  if (!upload) return { status: 404, body: { code: 'resource_not_exist', message: 'no such upload' } };
  if (parts[3] === 'presigned-urls')
    return { status: 200, body: { upload_urls: partUrls(parts[2], body.start, body.count) } };
  for (const chunk of body.completed_chunks ?? []) upload.reported.add(chunk.chunk_index);
  const done = upload.reported.size === upload.totalChunks;
  return {
    status: 200,
    body: {
      asset_id: `asset-${parts[2]}`,
      total_completed: upload.reported.size,
      // Not TwelveLabs' fields: what the storage received, for the bench to check.
      ...(done
        ? {
            url: `https://cdn.example/${parts[2]}`,
            stored_bytes: upload.storedBytes,
            key_leaks: upload.keyLeaks,
          }
        : {}),
    },
  };
}

const indexes = JSON.stringify({
  data: [
    {
      _id: '6601a2b3c4d5e6f708192a3b',
      index_name: 'bench',
      models: [{ model_name: 'marengo2.7', model_options: ['visual'] }],
    },
  ],
  page_info: { page: 1, total_page: 1, limit_per_page: 10, total_results: 1 },
});
const image = JSON.stringify({
  status: 'success',
  id: 42,
  output: ['https://cdn.example/42.png'],
  generationTime: 0.5,
});

const server = http.createServer((request, response) => {
  let bytes = 0;
  const small = [];
  request.on('data', (chunk) => {
    bytes += chunk.length;
    if (bytes < 65_536) small.push(chunk);
  });
  request.on('end', () => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const session = multipart(path, request.method, bytes < 65_536 ? Buffer.concat(small).toString() : '');
    if (session) {
      const text = JSON.stringify(session.body);
      return void response.writeHead(session.status, { 'content-type': 'application/json' }).end(text);
    }
    const delay = /^\/delay\/(\d+)\//.exec(path);
    if (delay) setTimeout(answer, Number(delay[1]), path.slice(delay[0].length - 1));
    else answer(path);
  });

  function answer(path) {
    let body;
    if (path.endsWith('/indexes')) body = indexes;
    else if (path.endsWith('/images/text2img')) body = image;
    else if (path.endsWith('/tasks')) body = JSON.stringify({ _id: 'task', video_id: String(bytes) });
    else return void response.writeHead(404).end();
    response.writeHead(request.method === 'POST' && path.endsWith('/tasks') ? 201 : 200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  }
});
server.keepAliveTimeout = 60_000;
// The in-flight test opens a thousand connections at once: more than the default backlog of 511.
server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }, () =>
  process.stdout.write(`${server.address().port}\n`),
);

// The benchmark server, in its own process so it does not share the contenders' event loop.
// Small JSON answers for the request workloads; uploads are drained and counted. A path that starts
// with /delay/<ms> is answered like the rest of it, <ms> milliseconds late (the in-flight test).
import http from 'node:http';

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
  request.on('data', (chunk) => {
    bytes += chunk.length;
  });
  request.on('end', () => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
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

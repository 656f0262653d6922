// A loopback server for the stress test, run in its own process so its work does not share the
// client's event loop. It plays both providers, echoes the key it received (so the client can
// detect cross-talk) and injects faults with fixed odds from a seeded sequence.
import http from 'node:http';

const slowMs = Number(process.env.STRESS_SLOW_MS ?? 800);
let seed = 42;
const dice = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const url = new URL(request.url ?? '/', 'http://x');
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const key = request.headers['x-api-key'] ?? body.key ?? 'none';
    const roll = dice();
    if (roll < 0.03) return request.socket.destroy(); // connection reset
    if (roll < 0.06) {
      // truncated body
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      response.write('{"data":[{"_id":');
      return response.socket.destroy();
    }
    if (roll < 0.09)
      return response
        .writeHead(502, { 'content-type': 'text/html' })
        .end('<html><h1>502 Bad Gateway</h1></html>');
    if (roll < 0.12) {
      // 429 echoing the key, to exercise scrubbing under load
      return response
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' })
        .end(JSON.stringify({ code: 'too_many_requests', status: 'error', message: `Slow down, ${key}` }));
    }
    const answer = () => {
      if (url.pathname.startsWith('/v1.3/')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ data: [{ _id: 'idx', index_name: key }], page_info: { page: 1, total_page: 1 } }),
        );
      } else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ status: 'success', id: 1, output: ['https://cdn.example/1.png'], meta: { key } }),
        );
      }
    };
    if (roll < 0.14)
      setTimeout(answer, slowMs); // slower than the client's timeout
    else answer();
  });
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));

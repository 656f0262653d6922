import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuthStrategy, createTransport, HeaderKeyStrategy } from '../../src/index.js';
import type { Hooks } from '../../src/observability/options.js';
import { captureLogger } from '../helpers/observed-call.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  trace.disable();
});

/** A custom strategy that places a key it never conceals, in a query parameter and a header. */
const careless: AuthStrategy = {
  name: 'careless',
  authenticate(request) {
    request.url.searchParams.set('token', 'ml-test-key');
    request.headers.set('x-partner', 'ml-test-key');
  },
};

/** A server that rate-limits the first request, then answers, echoing whatever key it got. */
async function echoingServer(): Promise<TestServer> {
  let calls = 0;
  return startServer((request, response) => {
    calls += 1;
    const echo = { 'x-request-id': `req-${String(request.headers['x-api-key'])}`, 'retry-after': '0' };
    if (calls === 1) sendJson(response, 429, { message: 'slow down' }, echo);
    else sendJson(response, 200, { ok: true }, { ...echo, 'x-echo': String(request.url) });
  });
}

describe('observability through a transport', () => {
  for (const [name, strategy] of [
    ['a concealed header key', new HeaderKeyStrategy({ key: 'tl-test-key' })],
    ['an unconcealed query and header key', careless],
  ] as const) {
    it(`logs, hooks and traces the first call and its retry with ${name}, never the key`, async () => {
      server = await echoingServer();
      const { logger, lines } = captureLogger();
      const seen: unknown[] = [];
      const hooks: Hooks = {
        onRequest: (view) => void seen.push(view),
        onResponse: (view) => void seen.push(view),
        onRetry: (view) => void seen.push(view),
      };
      const exporter = new InMemorySpanExporter();
      const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
      const transport = createTransport({
        provider: 'Echo',
        baseUrl: server.origin,
        strategy,
        logger,
        logLevel: 'debug',
        hooks,
        openTelemetry: { tracerProvider },
      });
      await transport.request({ method: 'GET', path: 'things', query: { page: 1 } });
      expect(server.everything()).toMatch(/tl-test-key|ml-test-key/);
      expect(lines.map((line) => line.level)).toEqual(['debug', 'debug', 'info', 'debug', 'debug']);
      expect(seen).toHaveLength(5);
      const spans = exporter.getFinishedSpans();
      expect(spans).toHaveLength(3);
      const captured = JSON.stringify({
        lines,
        seen,
        spans: spans.map(({ name, attributes, events, status }) => ({ name, attributes, events, status })),
      });
      expect(captured).toContain('[REDACTED]');
      expect(captured).not.toContain('tl-test-key');
      expect(captured).not.toContain('ml-test-key');
    });
  }
});

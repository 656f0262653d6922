import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../providers/twelvelabs/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
let agent: Agent | undefined;
afterEach(async () => {
  await server?.close();
  await agent?.close();
  server = undefined;
  agent = undefined;
});

const tenants = Array.from({ length: 10 }, (_, index) => `tenant-${index}`);
const keyOf = (tenant: string) => `tl-test-key-${tenant}`;

describe('one client per tenant, one connection pool', () => {
  it('no key crosses tenants under concurrency, and every tenant shares the same sockets', async () => {
    const sockets = new Set<string>();
    server = await startServer((request, response) => {
      sockets.add(`${request.socket.remotePort}`);
      // A little latency so the calls of different tenants really overlap on the sockets.
      setTimeout(() => sendJson(response, 200, { ok: true }), Math.random() * 5);
    });
    agent = new Agent({ connections: 4 });
    const base = new TwelveLabsClient({
      apiKey: 'tl-test-key-unused',
      baseUrl: server.origin,
      dispatcher: agent,
    });
    // withOptions keeps the dispatcher: each tenant's client differs only by its key.
    const clients = new Map(tenants.map((tenant) => [tenant, base.withOptions({ apiKey: keyOf(tenant) })]));
    const calls = [];
    for (let round = 0; round < 30; round++) {
      for (const tenant of tenants) {
        const client = clients.get(tenant) as TwelveLabsClient;
        calls.push(client.request({ method: 'GET', path: `tenants/${tenant}/indexes` }));
      }
    }
    await Promise.all(calls);
    expect(server.requests).toHaveLength(300);
    for (const received of server.requests) {
      const tenant = received.url.split('/')[2] as string;
      expect(received.headers['x-api-key']).toBe(keyOf(tenant));
    }
    expect(server.requests.some((received) => received.headers['x-api-key'] === 'tl-test-key-unused')).toBe(
      false,
    );
    // Ten tenants, at most four sockets: one pool served them all.
    expect(sockets.size).toBeLessThanOrEqual(4);
  });
});

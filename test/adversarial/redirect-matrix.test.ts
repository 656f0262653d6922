import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthStrategy,
  BodyKeyStrategy,
  ConfigurationError,
  createTransport,
  HeaderKeyStrategy,
  QueryKeyStrategy,
  RedirectError,
} from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

// Redirect matrix: 301/302/303/307/308 × GET/POST/PUT × header/body/query × JSON/multipart ×
// same-origin/cross-origin, on two loopback servers (two ports are two origins).

const key = 'tl-redirect-canary-key';
const statuses = [301, 302, 303, 307, 308] as const;
const methods = ['GET', 'POST', 'PUT'] as const;
const strategies: Record<string, () => AuthStrategy> = {
  header: () => new HeaderKeyStrategy({ key }),
  body: () => new BodyKeyStrategy({ key }),
  query: () => new QueryKeyStrategy({ key }),
};

let origin: TestServer;
let other: TestServer;
const tally = {
  cases: 0,
  crossOrigin: 0,
  leaks: 0,
  followed: 0,
  refusedBeforeSending: 0,
  refusedMethodChange: 0,
};

beforeAll(async () => {
  other = await startServer((_request, response) => sendJson(response, 200, { at: 'other' }));
  origin = await startServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const [, kind, status] = url.pathname.split('/');
    if (kind === 'same')
      return void response.writeHead(Number(status), { location: `/target?from=${status}` }).end();
    if (kind === 'cross') {
      return void response
        .writeHead(Number(status), { location: `${other.origin}/collect?from=${status}` })
        .end();
    }
    sendJson(response, 200, { at: 'target', method: request.method });
  });
});

afterAll(async () => {
  // The numbers of this suite, for the CI log.
  console.log(
    `redirect matrix: ${tally.cases} cases, ${tally.crossOrigin} cross-origin refused with ${tally.leaks} leaks, ` +
      `${tally.followed} same-origin followed, ${tally.refusedMethodChange} method-changing refused for the body key, ` +
      `${tally.refusedBeforeSending} refused before sending (body key on GET)`,
  );
  await origin.close();
  await other.close();
});

/** The fetch standard's rewrite: 303 → GET (but HEAD), and 301/302 turn POST into GET. */
const becomesGet = (status: number, method: string) =>
  status === 303 || ((status === 301 || status === 302) && method === 'POST');

describe('redirect matrix', () => {
  for (const status of statuses) {
    for (const method of methods) {
      for (const [strategyName, strategy] of Object.entries(strategies)) {
        for (const bodyKind of method === 'GET' ? (['none'] as const) : (['json', 'multipart'] as const)) {
          for (const target of ['same', 'cross'] as const) {
            it(`${status} ${method} ${strategyName} key ${bodyKind} body, ${target}-origin`, async () => {
              tally.cases += 1;
              const otherBefore = other.requests.length;
              const transport = createTransport({
                provider: 'Test',
                baseUrl: origin.origin,
                strategy: strategy(),
                maxRetries: 0,
              });
              const body =
                bodyKind === 'json'
                  ? { json: { prompt: 'p' } }
                  : bodyKind === 'multipart'
                    ? { form: formWithFile() }
                    : {};
              const outcome = await transport.request({ method, path: `${target}/${status}`, ...body }).then(
                (value) => ({ value }),
                (error: unknown) => ({ error }),
              );

              if (method === 'GET' && strategyName === 'body') {
                expect('error' in outcome && outcome.error).toBeInstanceOf(ConfigurationError);
                tally.refusedBeforeSending += 1;
                return;
              }
              if (target === 'cross') {
                tally.crossOrigin += 1;
                expect('error' in outcome && outcome.error).toBeInstanceOf(RedirectError);
                const received = other.requests.slice(otherBefore);
                if (received.some((r) => JSON.stringify(r).includes(key)) || received.length > 0)
                  tally.leaks += 1;
                expect(received).toHaveLength(0);
                return;
              }
              if (becomesGet(status, method) && strategyName === 'body') {
                expect('error' in outcome && outcome.error).toBeInstanceOf(RedirectError);
                tally.refusedMethodChange += 1;
                return;
              }
              expect(outcome).toEqual({
                value: { at: 'target', method: becomesGet(status, method) ? 'GET' : method },
              });
              const final = origin.requests.at(-1);
              // The key was applied again on the followed request, in its place.
              expect(JSON.stringify(final)).toContain(key);
              tally.followed += 1;
            });
          }
        }
      }
    }
  }
});

function formWithFile(): FormData {
  const form = new FormData();
  form.set('index_id', 'idx-1');
  form.set('video_file', new Blob(['fake video bytes']), 'clip.mp4');
  return form;
}

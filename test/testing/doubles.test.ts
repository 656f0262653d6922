import { describe, expect, it } from 'vitest';
import { BodyKeyStrategy, createTransport, HeaderKeyStrategy, QueryKeyStrategy } from '../../src/index.js';
import { RecordingStrategy, StaticKeyStrategy } from '../../src/testing/index.js';

const fakeFetch = async () => new Response('{}', { headers: { 'content-type': 'application/json' } });

async function call(strategy: RecordingStrategy | StaticKeyStrategy, method: 'GET' | 'POST' = 'POST') {
  const transport = createTransport({
    provider: 'T',
    baseUrl: 'https://api.example.test/v1',
    strategy,
    fetch: fakeFetch,
  });
  await transport.request({
    method,
    path: 'things',
    ...(method === 'POST' ? { json: { a: 1 } } : {}),
    query: { q: 'x' },
  });
}

describe('RecordingStrategy', () => {
  it.each([
    [new HeaderKeyStrategy({ key: 'tl-test-key' }), { location: 'header', name: 'x-api-key' }],
    [
      new HeaderKeyStrategy({ key: 'tl-test-key', header: 'authorization', prefix: 'Bearer ' }),
      { location: 'header', name: 'authorization' },
    ],
    [new BodyKeyStrategy({ key: 'tl-test-key' }), { location: 'body', name: 'key' }],
    [new QueryKeyStrategy({ key: 'tl-test-key', param: 'api_key' }), { location: 'query', name: 'api_key' }],
  ])('records where %o put the key', async (inner, placement) => {
    const recording = new RecordingStrategy(inner);
    await call(recording);
    expect(recording.calls).toEqual([
      {
        method: 'POST',
        url: 'https://api.example.test/v1/things',
        placements: [placement],
        masked: ['tl-t…'],
      },
    ]);
    expect(recording.name).toBe(`recording(${inner.name})`);
  });

  it('records one call per attempt', async () => {
    const recording = new RecordingStrategy(new HeaderKeyStrategy({ key: 'tl-test-key' }));
    await call(recording, 'GET');
    await call(recording, 'GET');
    expect(recording.calls).toHaveLength(2);
  });
});

describe('StaticKeyStrategy', () => {
  it.each([
    [undefined, { location: 'header', name: 'x-api-key' }],
    [{ in: 'body' as const }, { location: 'body', name: 'key' }],
    [
      { in: 'query' as const, name: 'token' },
      { location: 'query', name: 'token' },
    ],
  ])('with %o places the key at %o', async (options, placement) => {
    const recording = new RecordingStrategy(new StaticKeyStrategy('ml-test-key', options));
    await call(recording);
    expect(recording.calls[0]?.placements).toEqual([placement]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { BodyKeyStrategy, ConfigurationError, createTransport } from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';
import { transportTo } from '../helpers/transport.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('BodyKeyStrategy', () => {
  it('README example: sends the key as "key" in the JSON body', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { status: 'success' }));
    const transport = createTransport({
      provider: 'ModelsLab',
      baseUrl: `${server.origin}/api/v6`,
      strategy: new BodyKeyStrategy({ key: 'ml-test-key' }),
    });
    const result = await transport.request({
      method: 'POST',
      path: 'images/text2img',
      json: { prompt: 'a cat' },
    });
    expect(result).toEqual({ status: 'success' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ prompt: 'a cat', key: 'ml-test-key' });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('never changes the caller params object', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportTo(server, new BodyKeyStrategy({ key: 'ml-test-key', field: 'api_key' }));
    const params = Object.freeze({ prompt: 'a cat', nested: Object.freeze({ a: 1 }) });
    await transport.request({ method: 'POST', path: 'x', json: params });
    expect(params).toEqual({ prompt: 'a cat', nested: { a: 1 } });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      prompt: 'a cat',
      nested: { a: 1 },
      api_key: 'ml-test-key',
    });
  });

  it('sets the field in a multipart form, leaving the caller form unchanged', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportTo(server, new BodyKeyStrategy({ key: 'ml-test-key' }));
    const form = new FormData();
    form.set('index_id', 'idx-1');
    form.set('video_file', new Blob(['fake video bytes']), 'clip.mp4');
    await transport.request({ method: 'POST', path: 'tasks', form });
    const [received] = server.requests;
    expect(received?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(received?.body).toMatch(/name="key"\r\n\r\nml-test-key\r\n/);
    expect(received?.body).toContain('fake video bytes');
    expect(form.has('key')).toBe(false);
  });

  it('fails a request without a body before anything is sent', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportTo(server, new BodyKeyStrategy({ key: 'ml-test-key' }));
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toMatch(/no body to carry the key/);
    expect((error as ConfigurationError).provider).toBe('test');
    expect(server.requests).toHaveLength(0);
  });

  it('sends a non-ASCII key byte-exact', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const key = 'ml-tëst-🔑';
    const transport = transportTo(server, new BodyKeyStrategy({ key }));
    await transport.request({ method: 'POST', path: 'x', json: {} });
    expect(JSON.parse(server.requests[0]?.body ?? '').key).toBe(key);
  });
});

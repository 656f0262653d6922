import { afterEach, describe, expect, it } from 'vitest';
import { ModelsLabClient } from '../../../providers/modelslab/index.js';
import { AuthenticationError, ConfigurationError, TimeoutError } from '../../../src/index.js';
import { sendJson, startServer, type TestServer } from '../../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  delete process.env.MODELSLAB_API_KEY;
});

describe('ModelsLabClient end to end on a loopback server', () => {
  it('reads MODELSLAB_API_KEY per request and sends it in the body only', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { status: 'success', id: 1, output: ['https://cdn.example/1.png'] }),
    );
    process.env.MODELSLAB_API_KEY = 'ml-test-key-env';
    const ml = new ModelsLabClient({ baseUrl: `${server.origin}/api/v6` });
    await ml.images.text2img({ prompt: 'p', model_id: 'm' });
    const [received] = server.requests;
    expect(received?.url).toBe('/api/v6/images/text2img');
    // keygate adds a track_id to every generation, so a call whose fate is unknown can be reconciled.
    expect(JSON.parse(received?.body ?? '{}')).toEqual({
      prompt: 'p',
      model_id: 'm',
      key: 'ml-test-key-env',
      track_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.stringify(received?.headers)).not.toContain('ml-test-key-env');
  });

  it('names apiKey and MODELSLAB_API_KEY when there is no key', async () => {
    const error = await new ModelsLabClient().images
      .text2img({ prompt: 'p', model_id: 'm' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('pass `apiKey` or set MODELSLAB_API_KEY');
  });

  it('maps a 200 with status "error" from a real server', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { status: 'error', messege: 'Invalid Api Key' }),
    );
    const ml = new ModelsLabClient({ apiKey: 'ml-test-key', baseUrl: server.origin });
    const error = (await ml.images
      .text2img({ prompt: 'p', model_id: 'm' })
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('MODELSLAB_API_KEY');
  });

  it('generate gives up after timeoutMs while the job stays queued', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { status: 'processing', id: 9, eta: 1 }),
    );
    const ml = new ModelsLabClient({ apiKey: 'ml-test-key', baseUrl: server.origin });
    const error = await ml.images
      .generate({ prompt: 'p', model_id: 'm' }, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });
});

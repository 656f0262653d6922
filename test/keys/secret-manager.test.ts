import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { cachedKey } from '../../src/keys/cached.js';
import { HeaderKeyStrategy } from '../../src/strategies/header-key.js';
import { createTransport } from '../../src/transport/create-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';
import { everyRendering } from '../helpers/secrets.js';
import { type ReceivedRequest, sendJson, startServer, type TestServer } from '../helpers/server.js';

// The AWS SDK is real; only its endpoint is a loopback server that speaks the Secrets Manager
// JSON protocol (POST /, `x-amz-target: secretsmanager.GetSecretValue`, awsJson1_1). keygate is
// not mocked at all: the key goes from the SDK through cachedKey and a transport to a provider.

const secretId = 'prod/twelvelabs/api-key';

/** The secret as Secrets Manager holds it: rotation replaces AWSCURRENT. */
let current = 'tl-test-key-old';
let secretsManager: TestServer;
let provider: TestServer;
let client: SecretsManagerClient;

beforeEach(async () => {
  current = 'tl-test-key-old';
  secretsManager = await startServer((request, response, received) => {
    const { SecretId } = JSON.parse(received.body) as { SecretId?: string };
    const json = { 'content-type': 'application/x-amz-json-1.1' };
    if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue' || SecretId !== secretId) {
      const error = {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      };
      sendJson(response, 400, error, { ...json, 'x-amzn-errortype': 'ResourceNotFoundException' });
      return;
    }
    sendJson(
      response,
      200,
      {
        ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secretId}-AbCdEf`,
        Name: secretId,
        SecretString: current,
        VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_768_435_200,
      },
      json,
    );
  });
  provider = await startServer((request, response) => {
    if (request.headers['x-api-key'] === current) sendJson(response, 200, { ok: true });
    else sendJson(response, 401, { code: 'api_key_invalid', message: 'The API key is not valid.' });
  });
  client = new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: secretsManager.origin,
    credentials: { accessKeyId: 'AKIAKEYGATETEST', secretAccessKey: 'keygate-test-aws-secret' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  await secretsManager.close();
  await provider.close();
});

/** The pattern docs/keys.md shows: the SDK call, wrapped in cachedKey, feeding a strategy. */
function transportFor(id = secretId): Transport {
  const key = cachedKey(
    async ({ signal }) => {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: id }), {
        abortSignal: signal,
      });
      if (SecretString === undefined) throw new Error(`${id} holds binary, not a string`);
      return SecretString;
    },
    { ttlMs: 15 * 60_000, refreshAheadMs: 60_000 },
  );
  return createTransport({
    provider: 'Test',
    baseUrl: provider.origin,
    refreshOnAuthError: true,
    strategy: new HeaderKeyStrategy({ key }),
  });
}

function secretFetches(): ReceivedRequest[] {
  return secretsManager.requests.filter((r) => r.headers['x-amz-target'] === 'secretsmanager.GetSecretValue');
}

describe('cachedKey with AWS Secrets Manager', () => {
  it('docs example: the key comes from a signed GetSecretValue call, once for many calls', async () => {
    const transport = transportFor();
    for (let i = 0; i < 5; i++)
      await expect(transport.request({ method: 'GET', path: 'x' })).resolves.toEqual({ ok: true });
    const fetches = secretFetches();
    expect(fetches).toHaveLength(1);
    expect(JSON.parse(fetches[0]?.body ?? '{}')).toEqual({ SecretId: secretId });
    expect(fetches[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAKEYGATETEST\/\d{8}\/us-east-1\/secretsmanager\/aws4_request/,
    );
    expect(provider.requests.map((r) => r.headers['x-api-key'])).toEqual(Array(5).fill('tl-test-key-old'));
  });

  it('picks up a key rotated in Secrets Manager when the provider refuses the cached one', async () => {
    const transport = transportFor();
    await transport.request({ method: 'GET', path: 'x' });
    current = 'tl-test-key-new'; // rotated: the provider now accepts only the new key
    const results = await Promise.all(
      Array.from({ length: 20 }, () => transport.request({ method: 'GET', path: 'x' })),
    );
    expect(results).toEqual(Array(20).fill({ ok: true }));
    expect(secretFetches()).toHaveLength(2);
  });

  it("reports Secrets Manager's own error, with no key in it", async () => {
    const error = await transportFor('prod/missing')
      .request({ method: 'GET', path: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(
      "ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );
    expect(provider.requests).toHaveLength(0);
    expect(everyRendering(error)).not.toContain('tl-test-key');
    expect(everyRendering(error)).not.toContain('keygate-test-aws-secret');
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import {
  AuthenticationError,
  ConfigurationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '../../../src/index.js';
import { useNock } from '../../helpers/no-network.js';

useNock();

const api = 'https://api.twelvelabs.io';
const key = 'tl-test-key';
// Every scope checks that the key travels in x-api-key and nowhere else.
const scope = () => nock(api, { reqheaders: { 'x-api-key': key } });
const client = () => new TwelveLabsClient({ apiKey: key, maxRetries: 0 });
const index = {
  _id: 'idx-1',
  index_name: 'cats',
  models: [{ model_name: 'marengo3.0', model_options: ['visual'] }],
};

describe('TwelveLabsClient indexes', () => {
  it('README example: creates an index with x-api-key and the wire names', async () => {
    const params = {
      index_name: 'cats',
      models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
      addons: ['thumbnail'],
    };
    const created = scope()
      .post('/v1.3/indexes', (body) => JSON.stringify(body) === JSON.stringify(params))
      .reply(201, { _id: 'idx-1' });
    const tl = new TwelveLabsClient({ apiKey: key });
    await expect(tl.indexes.create(params)).resolves.toEqual({ _id: 'idx-1' });
    created.done();
  });

  it('never puts the key in the body or the query', async () => {
    const created = nock(api)
      .post('/v1.3/indexes', (body) => !JSON.stringify(body).includes(key))
      .query((query) => !JSON.stringify(query).includes(key))
      .reply(201, { _id: 'idx-2' });
    await client().indexes.create({
      index_name: 'x',
      models: [{ model_name: 'marengo3.0', model_options: ['visual'] }],
    });
    created.done();
  });

  it('lists a page with the query in wire names', async () => {
    const listed = scope()
      .get('/v1.3/indexes')
      .query({ page: '2', page_limit: '5', sort_by: 'created_at', sort_option: 'desc', index_name: 'cats' })
      .reply(200, {
        data: [index],
        page_info: { page: 2, total_page: 3, limit_per_page: 5, total_results: 11 },
      });
    const page = await client().indexes.list({
      page: 2,
      page_limit: 5,
      sort_by: 'created_at',
      sort_option: 'desc',
      index_name: 'cats',
    });
    expect(page.data).toEqual([index]);
    expect(page.page_info?.total_page).toBe(3);
    listed.done();
  });

  it('iterates over every index across pages', async () => {
    const pages = scope()
      .get('/v1.3/indexes')
      .query({ page: '1', page_limit: '2' })
      .reply(200, {
        data: [
          { ...index, _id: 'a' },
          { ...index, _id: 'b' },
        ],
        page_info: { page: 1, total_page: 2 },
      })
      .get('/v1.3/indexes')
      .query({ page: '2', page_limit: '2' })
      .reply(200, { data: [{ ...index, _id: 'c' }], page_info: { page: 2, total_page: 2 } });
    const ids: string[] = [];
    for await (const found of client().indexes.iterate({ page_limit: 2 })) ids.push(found._id);
    expect(ids).toEqual(['a', 'b', 'c']);
    pages.done();
  });

  it('retrieves, updates and deletes, encoding the id', async () => {
    const calls = scope()
      .get('/v1.3/indexes/idx%2F1')
      .reply(200, { ...index, video_count: 3, new_field: 'kept' })
      .put('/v1.3/indexes/idx-1', { index_name: 'dogs' })
      .reply(200)
      .delete('/v1.3/indexes/idx-1')
      .reply(204);
    const tl = client();
    const found = await tl.indexes.retrieve('idx/1');
    expect(found).toMatchObject({ _id: 'idx-1', video_count: 3, new_field: 'kept' });
    await expect(tl.indexes.update('idx-1', { index_name: 'dogs' })).resolves.toBeUndefined();
    await expect(tl.indexes.delete('idx-1')).resolves.toBeUndefined();
    calls.done();
  });

  it('refuses an empty id or missing params before sending (as a rejected promise)', async () => {
    const tl = client();
    await expect(tl.indexes.retrieve('')).rejects.toBeInstanceOf(ConfigurationError);
    await expect(tl.indexes.delete('  ')).rejects.toBeInstanceOf(ConfigurationError);
    await expect(tl.indexes.create({ index_name: '', models: [] })).rejects.toThrow(/index_name/);
  });
});

describe('TwelveLabs error mapping', () => {
  it('401 api_key_invalid → AuthenticationError that says keys expire every 90 days', async () => {
    scope().get('/v1.3/indexes/idx-1').reply(401, {
      code: 'api_key_invalid',
      message: 'The API key you provided is not valid.',
      docs_url: 'https://docs',
    });
    const error = (await client()
      .indexes.retrieve('idx-1')
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('api_key_invalid');
    expect(error.provider).toBe('twelvelabs');
    expect(error.message).toContain('expire every 90 days');
    expect(error.message).toContain('TWELVE_LABS_API_KEY');
    expect(error.message).not.toContain(key);
  });

  it.each([
    [403, 'forbidden', PermissionDeniedError],
    [404, 'resource_not_exist', NotFoundError],
    [500, 'internal_error', ServerError],
  ] as const)('%i %s → %o with the code kept', async (status, code, errorClass) => {
    scope()
      .get('/v1.3/indexes/idx-1')
      .reply(status, { code, message: `${code} happened` });
    const error = (await client()
      .indexes.retrieve('idx-1')
      .catch((e: unknown) => e)) as InstanceType<typeof errorClass>;
    expect(error).toBeInstanceOf(errorClass);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it('429 → RateLimitError with the x-ratelimit-* headers it saw', async () => {
    scope().get('/v1.3/indexes').reply(
      429,
      { code: 'too_many_requests', message: 'Slow down' },
      {
        'retry-after': '7',
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '1700000000',
      },
    );
    const error = (await client()
      .indexes.list()
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.rateLimit).toEqual({
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '1700000000',
    });
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import { createSimulator } from '../../../src/testing/index.js';
import { useNock } from '../../helpers/no-network.js';

// TwelveLabs' answers as the official SDK's schemas allow them: every field may be missing or
// null (twelvelabs-js src/serialization/types/*), statuses may be new, PUT/DELETE may answer {}.

useNock();

const api = 'https://api.twelvelabs.io';
const key = 'tl-test-key';
const scope = () => nock(api, { reqheaders: { 'x-api-key': key } });
const client = () => new TwelveLabsClient({ apiKey: key, maxRetries: 0 });

describe('TwelveLabs answers with nulls', () => {
  it('accepts an index whose optional fields are all null (addons: null, models with nulls)', async () => {
    const index = {
      _id: 'idx-1',
      index_name: null,
      models: [{ model_name: 'marengo3.0', model_options: null }],
      addons: null,
      video_count: null,
      total_duration: null,
      created_at: null,
      updated_at: null,
      expires_at: null,
    };
    scope().get('/v1.3/indexes/idx-1').reply(200, index);
    await expect(client().indexes.retrieve('idx-1')).resolves.toEqual(index);
  });

  it('accepts a list with null page_info fields and a null data (an empty page), and iterates it', async () => {
    scope()
      .get('/v1.3/indexes')
      .query({ page: 1 })
      .reply(200, { data: [{ _id: 'a' }], page_info: { page: null, total_page: null, limit_per_page: null } })
      .get('/v1.3/indexes')
      .query({ page: 2 })
      .reply(200, { data: null, page_info: null });
    const ids: string[] = [];
    for await (const index of client().indexes.iterate()) ids.push(index._id);
    // Without a total_page, the empty page ends it, as in the official SDK.
    expect(ids).toEqual(['a']);
  });

  it('a PUT or DELETE answered {} (the docs’ example) is the same as an empty answer', async () => {
    scope().put('/v1.3/indexes/idx-1').reply(200, {}).delete('/v1.3/indexes/idx-1').reply(204);
    await expect(client().indexes.update('idx-1', { index_name: 'dogs' })).resolves.toBeUndefined();
    await expect(client().indexes.delete('idx-1')).resolves.toBeUndefined();
  });

  it('still refuses an index without the _id keygate needs', async () => {
    scope().get('/v1.3/indexes/idx-1').reply(200, { _id: null, index_name: 'cats' });
    await expect(client().indexes.retrieve('idx-1')).rejects.toMatchObject({
      name: 'ResponseValidationError',
    });
  });
});

describe('TwelveLabs task statuses', () => {
  it('waitForDone keeps polling through uploading and a status it does not know, and ends on ready', async () => {
    const task = (status: string) => ({ _id: 't-1', status, video_id: null, index_id: null, hls: null });
    scope()
      .get('/v1.3/tasks/t-1')
      .reply(200, task('uploading'))
      .get('/v1.3/tasks/t-1')
      .reply(200, task('transcoding-next-gen'))
      .get('/v1.3/tasks/t-1')
      .reply(200, task('ready'));
    const done = await client().tasks.waitForDone('t-1', { intervalMs: 0 });
    expect(done.status).toBe('ready');
  });
});

describe('indexes.list query parameters', () => {
  it('sends model_options comma-separated, model_family, created_at and updated_at', async () => {
    const call = scope()
      .get('/v1.3/indexes')
      .query({
        page_limit: '5',
        model_options: 'visual,audio',
        model_family: 'marengo',
        created_at: '2026-11-01',
        updated_at: '2026-11-20',
      })
      .reply(200, { data: [], page_info: { page: 1, total_page: 1 } });
    await client().indexes.list({
      page_limit: 5,
      model_options: ['visual', 'audio'],
      model_family: 'marengo',
      created_at: '2026-11-01',
      updated_at: '2026-11-20',
    });
    call.done();
  });

  it('the simulator filters by model_family and model_options, and refuses marengo2.7 for a new index', async () => {
    const sim = await createSimulator();
    try {
      const tl = new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });
      await tl.indexes.create({
        index_name: 'search',
        models: [{ model_name: 'marengo3.0', model_options: ['visual'] }],
      });
      await tl.indexes.create({
        index_name: 'talk',
        models: [{ model_name: 'pegasus1.2', model_options: ['visual', 'audio'] }],
      });
      const names = async (params: Parameters<typeof tl.indexes.list>[0]) =>
        (await tl.indexes.list(params)).data.map((index) => index.index_name);
      expect(await names({ model_family: 'pegasus' })).toEqual(['talk']);
      expect(await names({ model_options: ['audio'] })).toEqual(['talk']);
      const stale = await tl.indexes
        .create({ index_name: 'old', models: [{ model_name: 'marengo2.7', model_options: ['visual'] }] })
        .catch((e: unknown) => e);
      expect(stale).toMatchObject({ name: 'BadRequestError', code: 'parameter_invalid' });
    } finally {
      await sim.close();
    }
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import { ConfigurationError, NotFoundError } from '../../../src/index.js';
import { useNock } from '../../helpers/no-network.js';

useNock();

const api = 'https://api.twelvelabs.io';
const key = 'tl-test-key';
const scope = () => nock(api, { reqheaders: { 'x-api-key': key } });
const client = () => new TwelveLabsClient({ apiKey: key, maxRetries: 0 });
const video = { _id: 'vid-1', system_metadata: { filename: 'talk.mp4', duration: 30, fps: null } };

describe('TwelveLabs videos', () => {
  it('list sends ranges as name[gte]/name[lte] and user-metadata filters as top-level keys', async () => {
    const call = scope()
      .get('/v1.3/indexes/idx-1/videos')
      .query({ page_limit: '5', 'duration[gte]': '10', 'duration[lte]': '60', category: 'news' })
      .reply(200, { data: [video], page_info: { page: 1, total_page: 1 } });
    const page = await client().videos.list('idx-1', {
      page_limit: 5,
      duration: { gte: 10, lte: 60 },
      user_metadata: { category: 'news' },
    });
    expect(page.data).toEqual([video]);
    call.done();
  });

  it('iterate pages until the last page; retrieve, update (PATCH, 204) and delete (204)', async () => {
    scope()
      .get('/v1.3/indexes/idx-1/videos')
      .query({ page: '1' })
      .reply(200, { data: [video], page_info: { page: 1, total_page: 2 } })
      .get('/v1.3/indexes/idx-1/videos')
      .query({ page: '2' })
      .reply(200, { data: [{ _id: 'vid-2' }], page_info: { page: 2, total_page: 2 } })
      .get('/v1.3/indexes/idx-1/videos/vid-1')
      .query({ transcription: 'true' })
      .reply(200, { ...video, user_metadata: { team: 'a' }, hls: null })
      .patch('/v1.3/indexes/idx-1/videos/vid-1', { user_metadata: { team: null, reviewed: true } })
      .reply(204)
      .delete('/v1.3/indexes/idx-1/videos/vid-1')
      .reply(204);
    const tl = client();
    const ids: string[] = [];
    for await (const each of tl.videos.iterate('idx-1')) ids.push(each._id);
    expect(ids).toEqual(['vid-1', 'vid-2']);
    await expect(tl.videos.retrieve('idx-1', 'vid-1', { transcription: true })).resolves.toMatchObject({
      user_metadata: { team: 'a' },
    });
    await expect(
      tl.videos.update('idx-1', 'vid-1', { user_metadata: { team: null, reviewed: true } }),
    ).resolves.toBeUndefined();
    await expect(tl.videos.delete('idx-1', 'vid-1')).resolves.toBeUndefined();
  });

  it('a missing video is a NotFoundError; bad params are ConfigurationErrors, nothing sent', async () => {
    scope()
      .get('/v1.3/indexes/idx-1/videos/nope')
      .reply(404, { code: 'resource_not_exist', message: 'Resource with id nope does not exist in videos.' });
    const tl = client();
    await expect(tl.videos.retrieve('idx-1', 'nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(tl.videos.update('idx-1', 'v', {} as never)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(tl.videos.list('idx-1', { duration: 30 as never })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    await expect(tl.videos.list('idx-1', { user_metadata: { page: 2 } })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    // A metadata name shaped like a range key would replace the range filter.
    await expect(
      tl.indexedAssets.list('idx-1', { duration: { gte: 10 }, user_metadata: { 'duration[gte]': 0 } }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    await expect(tl.videos.retrieve('..', 'v')).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('TwelveLabs tasks list and delete', () => {
  it('list sends several statuses as repeated keys; delete answers 204', async () => {
    scope()
      .get('/v1.3/tasks')
      .query((query) => JSON.stringify(query.status) === '["ready","failed"]' && query.index_id === 'idx-1')
      .reply(200, { data: [{ _id: 't-1', status: 'ready' }], page_info: { page: 1, total_page: 1 } })
      .delete('/v1.3/tasks/t-1')
      .reply(204);
    const tl = client();
    const page = await tl.tasks.list({ index_id: 'idx-1', status: ['ready', 'failed'] });
    expect(page.data.map((task) => task._id)).toEqual(['t-1']);
    await expect(tl.tasks.delete('t-1')).resolves.toBeUndefined();
  });

  it('a task that cannot be deleted yet is a BadRequestError with its code', async () => {
    scope()
      .delete('/v1.3/tasks/t-2')
      .reply(400, { code: 'task_cannot_be_deleted', message: 'The task is still indexing.' });
    await expect(client().tasks.delete('t-2')).rejects.toMatchObject({
      name: 'BadRequestError',
      code: 'task_cannot_be_deleted',
    });
  });
});

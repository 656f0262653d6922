import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

// The simulated TwelveLabs videos, task list/delete and search, with plain fetch.

let sim: Simulator | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await sim?.close();
  sim = undefined;
});

interface Answer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely.
  body: any;
}

async function start(pollsUntilReady = 2): Promise<Simulator> {
  sim = await createSimulator({ pollsUntilReady });
  return sim;
}

async function call(path: string, init: RequestInit = {}, key?: string): Promise<Answer> {
  if (!sim) throw new Error('no simulator');
  const headers = new Headers(init.headers);
  headers.set('x-api-key', key ?? sim.keys.twelvelabs.valid);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  const response = await fetch(`${sim.twelvelabs.baseUrl}/${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text) };
}

const models = [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }];

async function createIndex(name = 'videos'): Promise<string> {
  const answer = await call('indexes', {
    method: 'POST',
    body: JSON.stringify({ index_name: name, models }),
  });
  return answer.body._id;
}

async function createTask(
  indexId: string,
  source: { url: string } | { file: File },
  userMetadata?: Record<string, unknown>,
): Promise<{ _id: string; video_id: string }> {
  const form = new FormData();
  form.set('index_id', indexId);
  if ('url' in source) form.set('video_url', source.url);
  else form.set('video_file', source.file);
  if (userMetadata) form.set('user_metadata', JSON.stringify(userMetadata));
  const answer = await call('tasks', { method: 'POST', body: form });
  expect(answer.status).toBe(201);
  return answer.body;
}

async function pollUntilDone(taskId: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const { status } = (await call(`tasks/${taskId}`)).body;
    if (status === 'ready' || status === 'failed') return status;
  }
  throw new Error('task never finished');
}

/** An index with ready videos from these URLs; returns the index id and the video ids in order. */
async function indexWith(urls: string[], metadata: Array<Record<string, unknown> | undefined> = []) {
  const indexId = await createIndex();
  const videoIds: string[] = [];
  for (const [i, url] of urls.entries()) {
    const task = await createTask(indexId, { url }, metadata[i]);
    await pollUntilDone(task._id);
    videoIds.push(task.video_id);
  }
  return { indexId, videoIds };
}

function searchForm(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields))
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  return form;
}

const search = (fields: Record<string, string | string[]>) =>
  call('search', { method: 'POST', body: searchForm(fields) });

describe('TwelveLabs simulator: videos', () => {
  it('adds a video to the index when its task becomes ready, not before, and none for a failed task', async () => {
    await start(2);
    const indexId = await createIndex();
    const task = await createTask(
      indexId,
      { url: 'https://cdn.example.com/clips/My%20Cat.mp4?sig=1' },
      { topic: 'pets' },
    );
    expect((await call(`indexes/${indexId}/videos`)).body.data).toEqual([]);
    expect((await call(`tasks/${task._id}`)).body.status).toBe('pending');
    expect((await call(`indexes/${indexId}/videos/${task.video_id}`)).status).toBe(404);
    expect((await call(`tasks/${task._id}`)).body.status).toBe('ready');
    const video = (await call(`indexes/${indexId}/videos/${task.video_id}`)).body;
    expect(video).toMatchObject({
      _id: task.video_id,
      system_metadata: {
        filename: 'My Cat.mp4',
        duration: 30,
        fps: 30,
        width: 1280,
        height: 720,
        size: 1_000_000,
      },
      user_metadata: { topic: 'pets' },
      hls: null,
    });
    expect(typeof video.indexed_at).toBe('string');
    // Polling again adds nothing more.
    await call(`tasks/${task._id}`);
    expect((await call(`indexes/${indexId}`)).body).toMatchObject({ video_count: 1, total_duration: 30 });

    const uploaded = await createTask(indexId, { file: new File(['fake video'], 'upload.mov') });
    await pollUntilDone(uploaded._id);
    const failing = await createTask(indexId, { url: 'https://example.com/fail.mp4' });
    expect(await pollUntilDone(failing._id)).toBe('failed');
    const list = (await call(`indexes/${indexId}/videos?sort_option=asc`)).body;
    expect(
      list.data.map((item: { system_metadata: { filename: string } }) => item.system_metadata.filename),
    ).toEqual(['My Cat.mp4', 'upload.mov']);
    expect((await call(`indexes/${indexId}`)).body).toMatchObject({ video_count: 2, total_duration: 60 });
  });

  it('lists in pages without user_metadata, retrieves, patches (null removes a key) and deletes', async () => {
    await start(1);
    const { indexId, videoIds } = await indexWith(
      ['https://example.com/a.mp4', 'https://example.com/b.mp4', 'https://example.com/c.mp4'],
      [{ team: 'red', n: 1 }],
    );
    const first = await call(`indexes/${indexId}/videos?page_limit=2&sort_by=created_at&sort_option=asc`);
    expect(first.status).toBe(200);
    expect(first.body.page_info).toEqual({ limit_per_page: 2, page: 1, total_page: 2, total_results: 3 });
    expect(first.body.data.map((video: { _id: string }) => video._id)).toEqual(videoIds.slice(0, 2));
    expect(first.body.data[0]).not.toHaveProperty('user_metadata');
    const second = await call(`indexes/${indexId}/videos?page_limit=2&page=2&sort_option=asc`);
    expect(second.body.data.map((video: { _id: string }) => video._id)).toEqual([videoIds[2]]);
    const byName = await call(`indexes/${indexId}/videos?filename=b.mp4`);
    expect(byName.body.data.map((video: { _id: string }) => video._id)).toEqual([videoIds[1]]);
    expect((await call(`indexes/${indexId}/videos?page_limit=500`)).body.page_info.limit_per_page).toBe(50);

    const [id] = videoIds;
    const patched = await call(`indexes/${indexId}/videos/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ user_metadata: { team: null, score: 9.5, reviewed: true } }),
    });
    expect(patched).toMatchObject({ status: 204, text: '' });
    expect((await call(`indexes/${indexId}/videos/${id}`)).body.user_metadata).toEqual({
      n: 1,
      score: 9.5,
      reviewed: true,
    });
    const invalid = await call(`indexes/${indexId}/videos/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ user_metadata: { nested: { no: 1 } } }),
    });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'parameter_invalid' } });

    expect(await call(`indexes/${indexId}/videos/${id}`, { method: 'DELETE' })).toMatchObject({
      status: 204,
      text: '',
    });
    expect(await call(`indexes/${indexId}/videos/${id}`)).toMatchObject({
      status: 404,
      body: { code: 'resource_not_exist' },
    });
    expect((await call(`indexes/${indexId}`)).body).toMatchObject({ video_count: 2, total_duration: 60 });
    expect(await call(`indexes/nope/videos`)).toMatchObject({
      status: 404,
      body: { code: 'resource_not_exist' },
    });
    expect(await call(`indexes/nope/videos/${videoIds[1]}`)).toMatchObject({
      status: 404,
      body: { code: 'resource_not_exist' },
    });
    expect(await call(`indexes/${indexId}/videos/${videoIds[1]}/extra`)).toMatchObject({
      status: 404,
      body: { code: 'endpoint_not_exists' },
    });
    // The key is checked on the new routes too.
    expect((await call(`indexes/${indexId}/videos`, {}, sim?.keys.twelvelabs.invalid)).status).toBe(401);
  });
});

describe('TwelveLabs simulator: tasks', () => {
  it('lists tasks with a repeated status filter, without moving any task on', async () => {
    await start(2);
    const indexId = await createIndex();
    const other = await createIndex('other');
    const ready = await createTask(indexId, { url: 'https://example.com/ready.mp4' });
    const failed = await createTask(indexId, { url: 'https://example.com/fail.mp4' });
    const waiting = await createTask(indexId, { url: 'https://example.com/waiting.mp4' });
    await createTask(other, { url: 'https://example.com/elsewhere.mp4' });
    await pollUntilDone(ready._id);
    await pollUntilDone(failed._id);

    const done = await call(`tasks?index_id=${indexId}&status=ready&status=failed&sort_option=asc`);
    expect(done.status).toBe(200);
    expect(done.body.data.map((task: { _id: string; status: string }) => [task._id, task.status])).toEqual([
      [ready._id, 'ready'],
      [failed._id, 'failed'],
    ]);
    expect(done.body.page_info).toMatchObject({ page: 1, total_results: 2, total_page: 1 });
    expect(done.body.data[0]).toMatchObject({ index_id: indexId, video_id: ready.video_id });

    for (let i = 0; i < 3; i++) {
      const all = await call(`tasks?index_id=${indexId}&page_limit=50`);
      expect(all.body.page_info.total_results).toBe(3);
      expect(all.body.data.find((task: { _id: string }) => task._id === waiting._id).status).toBe(
        'validating',
      );
    }
    expect((await call('tasks?page_limit=2')).body.page_info).toMatchObject({
      total_results: 4,
      total_page: 2,
    });
    // Only GET /tasks/{id} moves it: its first poll is still the first step after validating.
    expect((await call(`tasks/${waiting._id}`)).body.status).toBe('pending');
  });

  it('refuses to delete a task while it is indexing, deletes it once ready', async () => {
    await start(5);
    const indexId = await createIndex();
    const task = await createTask(indexId, { url: 'https://example.com/long.mp4' });
    for (let i = 0; i < 3; i++) await call(`tasks/${task._id}`);
    expect((await call(`tasks?status=indexing`)).body.data).toHaveLength(1);
    expect(await call(`tasks/${task._id}`, { method: 'DELETE' })).toMatchObject({
      status: 400,
      body: { code: 'task_cannot_be_deleted' },
    });
    expect(await pollUntilDone(task._id)).toBe('ready');
    expect(await call(`tasks/${task._id}`, { method: 'DELETE' })).toMatchObject({ status: 204, text: '' });
    expect(await call(`tasks/${task._id}`)).toMatchObject({
      status: 404,
      body: { code: 'resource_not_exist' },
    });
    expect(await call(`tasks/${task._id}`, { method: 'DELETE' })).toMatchObject({
      status: 404,
      body: { code: 'resource_not_exist' },
    });
  });
});

describe('TwelveLabs simulator: search', () => {
  it('finds clips of the videos whose filename matches a query word, three per video, ranked', async () => {
    const simulator = await start(1);
    const { indexId, videoIds } = await indexWith([
      'https://example.com/Cats-on-a-sofa.mp4',
      'https://example.com/dogs.mp4',
      'https://example.com/kitten.mp4',
    ]);
    const page = await search({
      index_id: indexId,
      search_options: ['visual', 'audio'],
      query_text: 'CATS kitten',
    });
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(6);
    expect(page.body.data[0]).toEqual({
      start: 0,
      end: 10,
      video_id: videoIds[0],
      rank: 1,
      thumbnail_url: `${simulator.origin}/thumbnails/${videoIds[0]}-1.jpg`,
      transcription: 'clip 1 of Cats-on-a-sofa.mp4',
    });
    expect(page.body.data.map((clip: { rank: number }) => clip.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(page.body.data.map((clip: { video_id: string }) => clip.video_id)).not.toContain(videoIds[1]);
    expect(page.body.page_info).toMatchObject({ limit_per_page: 10, total_results: 6 });
    expect(page.body.page_info).not.toHaveProperty('next_page_token');
    const expires = Date.parse(page.body.page_info.page_expires_at) - Date.now();
    expect(expires).toBeGreaterThan(59 * 60 * 1000);
    expect(expires).toBeLessThanOrEqual(60 * 60 * 1000);
    expect(page.body.search_pool).toEqual({ total_count: 3, total_duration: 90, index_id: indexId });

    const none = await search({ index_id: indexId, search_options: 'visual', query_text: 'horses' });
    expect(none.body).toMatchObject({ data: [], page_info: { total_results: 0 } });
    // An image query matches every video.
    const image = await search({
      index_id: indexId,
      search_options: 'visual',
      query_media_type: 'image',
      query_media_url: 'https://example.com/query.png',
    });
    expect(image.body.page_info.total_results).toBe(9);
  });

  it('groups by video, matches user_metadata values and includes them on request', async () => {
    await start(1);
    const { indexId, videoIds } = await indexWith(
      ['https://example.com/one.mp4', 'https://example.com/two.mp4'],
      [undefined, { league: 'Premier', round: 3 }],
    );
    const grouped = await search({
      index_id: indexId,
      search_options: 'transcription',
      query_text: 'premier one',
      group_by: 'video',
      include_user_metadata: 'true',
    });
    expect(grouped.body.data.map((item: { id: string }) => item.id)).toEqual(videoIds);
    expect(grouped.body.data[1].user_metadata).toEqual({ league: 'Premier', round: 3 });
    expect(grouped.body.data[1].clips).toHaveLength(3);
    expect(grouped.body.data[1].clips[0]).toMatchObject({
      video_id: videoIds[1],
      rank: 4,
      start: 0,
      end: 10,
    });
    expect(grouped.body.data[1].clips[0].user_metadata).toEqual({ league: 'Premier', round: 3 });
    expect(grouped.body.page_info).toMatchObject({ total_results: 2 });

    const plain = await search({ index_id: indexId, search_options: 'visual', query_text: 'premier' });
    expect(plain.body.data).toHaveLength(3);
    expect(plain.body.data[0]).not.toHaveProperty('user_metadata');
  });

  it('pages with tokens to the end, back with prev_page_token; unknown and expired tokens are 400', async () => {
    await start(1);
    const { indexId } = await indexWith([1, 2, 3, 4].map((n) => `https://example.com/match-${n}.mp4`));
    const first = await search({
      index_id: indexId,
      search_options: 'visual',
      query_text: 'match',
      page_limit: '5',
    });
    expect(first.body.page_info).toMatchObject({ limit_per_page: 5, total_results: 12 });
    const ranks: number[] = first.body.data.map((clip: { rank: number }) => clip.rank);
    const tokens: string[] = [];
    let token: string | undefined = first.body.page_info.next_page_token;
    let previous: string | undefined;
    while (token) {
      tokens.push(token);
      const page = await call(`search/${token}`);
      expect(page.status).toBe(200);
      if (previous !== undefined) expect(page.body.page_info.prev_page_token).toBe(previous);
      else expect(typeof page.body.page_info.prev_page_token).toBe('string');
      expect(page.body.search_pool.index_id).toBe(indexId);
      ranks.push(...page.body.data.map((clip: { rank: number }) => clip.rank));
      previous = token;
      token = page.body.page_info.next_page_token;
    }
    expect(tokens).toHaveLength(2);
    expect(ranks).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // The first page's token, from prev_page_token, gives the first page again.
    const back = await call(`search/${(await call(`search/${tokens[0]}`)).body.page_info.prev_page_token}`);
    expect(back.body.data.map((clip: { rank: number }) => clip.rank)).toEqual([1, 2, 3, 4, 5]);

    expect(await call('search/sim-tok-unknown')).toMatchObject({
      status: 400,
      body: { code: 'search_page_token_expired' },
    });
    // An hour later (only Date is faked: the server keeps running) the tokens have expired.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60 * 60 * 1000 + 1);
    expect(await call(`search/${tokens[1]}`)).toMatchObject({
      status: 400,
      body: { code: 'search_page_token_expired' },
    });
  });

  it('filters by video id and duration; a filter that is not JSON is search_filter_invalid', async () => {
    await start(1);
    const { indexId, videoIds } = await indexWith([
      'https://example.com/x-1.mp4',
      'https://example.com/x-2.mp4',
    ]);
    const byId = await search({
      index_id: indexId,
      search_options: 'visual',
      query_text: 'x',
      filter: JSON.stringify({ id: [videoIds[1]] }),
    });
    expect(new Set(byId.body.data.map((clip: { video_id: string }) => clip.video_id))).toEqual(
      new Set([videoIds[1]]),
    );
    const short = await search({
      index_id: indexId,
      search_options: 'visual',
      query_text: 'x',
      filter: JSON.stringify({ duration: { gte: 1, lte: 10 } }),
    });
    expect(short.body.data).toEqual([]);
    const long = await search({
      index_id: indexId,
      search_options: 'visual',
      query_text: 'x',
      filter: JSON.stringify({ duration: { gte: 30 } }),
    });
    expect(long.body.data).toHaveLength(6);
    expect(
      await search({ index_id: indexId, search_options: 'visual', query_text: 'x', filter: '{"id": [' }),
    ).toMatchObject({ status: 400, body: { code: 'search_filter_invalid' } });
  });

  it('refuses a search without search_options, with a bad option, without a query, or on an unknown index', async () => {
    await start(1);
    const indexId = await createIndex();
    expect(await search({ index_id: indexId, query_text: 'goal' })).toMatchObject({
      status: 400,
      body: { code: 'parameter_not_provided' },
    });
    expect(
      await search({ index_id: indexId, search_options: ['visual', 'smell'], query_text: 'goal' }),
    ).toMatchObject({ status: 400, body: { code: 'parameter_invalid' } });
    expect(await search({ index_id: indexId, search_options: 'visual' })).toMatchObject({
      status: 400,
      body: { code: 'parameter_not_provided' },
    });
    expect(
      await search({ index_id: indexId, search_options: 'visual', query_text: 'goal', page_limit: '51' }),
    ).toMatchObject({ status: 400, body: { code: 'parameter_invalid' } });
    expect(await search({ index_id: 'nope', search_options: 'visual', query_text: 'goal' })).toMatchObject({
      status: 404,
      body: { code: 'resource_not_exist' },
    });
    expect(
      await call('search', {
        method: 'POST',
        body: JSON.stringify({ index_id: indexId, query_text: 'goal' }),
      }),
    ).toMatchObject({ status: 400, body: { code: 'parameter_invalid' } });
    const empty = await search({ index_id: indexId, search_options: 'visual', query_text: 'goal' });
    expect(empty.body).toMatchObject({ data: [], search_pool: { total_count: 0, total_duration: 0 } });
  });
});

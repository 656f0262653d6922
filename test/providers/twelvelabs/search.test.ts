import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import { BadRequestError, ConfigurationError } from '../../../src/index.js';
import { useNock } from '../../helpers/no-network.js';

useNock();

const api = 'https://api.twelvelabs.io';
const key = 'tl-test-key';
const scope = () => nock(api, { reqheaders: { 'x-api-key': key } });
const client = (maxRetries = 0) => new TwelveLabsClient({ apiKey: key, maxRetries });
const clip = (video: string, rank: number) => ({ video_id: video, start: rank, end: rank + 5, rank });

/** The fields of a multipart body, in order, as [name, value] (files as their file name). */
function formFields(body: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const part of body.split(/--[-\w]+\r\n/)) {
    const name = /name="([^"]+)"(?:; filename="([^"]+)")?/.exec(part);
    if (!name?.[1]) continue;
    const value = (part.split('\r\n\r\n')[1] ?? '').split('\r\n--')[0]?.replace(/\r\n$/, '') ?? '';
    fields.push([name[1], name[2] ?? value]);
  }
  return fields;
}

describe('TwelveLabs search', () => {
  it('POST /search: a multipart form, lists as repeated fields, the filter as JSON, removed fields never sent', async () => {
    let fields: Array<[string, string]> = [];
    scope()
      .post('/v1.3/search', (body: string) => {
        fields = formFields(body);
        return true;
      })
      .reply(200, {
        data: [clip('v1', 1)],
        page_info: { limit_per_page: 10, total_results: 1 },
        search_pool: null,
      });
    const page = await client().search.query({
      index_id: 'idx-1',
      query_text: 'a goal',
      search_options: ['visual', 'audio'],
      transcription_options: ['lexical'],
      group_by: 'clip',
      page_limit: 5,
      filter: { duration: { gte: 60 } },
      include_user_metadata: true,
    });
    expect(page.data).toEqual([clip('v1', 1)]);
    expect(fields).toEqual([
      ['index_id', 'idx-1'],
      ['search_options', 'visual'],
      ['search_options', 'audio'],
      ['query_text', 'a goal'],
      ['transcription_options', 'lexical'],
      ['group_by', 'clip'],
      ['page_limit', '5'],
      ['filter', '{"duration":{"gte":60}}'],
      ['include_user_metadata', 'true'],
    ]);
  });

  it('iterate follows next_page_token through GET /search/{token} to the last page', async () => {
    scope()
      .post('/v1.3/search')
      .reply(200, { data: [clip('v1', 1)], page_info: { next_page_token: 'tok/1' } })
      .get('/v1.3/search/tok%2F1')
      .reply(200, {
        data: [clip('v2', 2)],
        page_info: { next_page_token: 'tok-2', prev_page_token: 'tok/1' },
      })
      .get('/v1.3/search/tok-2')
      .reply(200, { data: [clip('v3', 3)], page_info: { prev_page_token: 'tok-2', next_page_token: null } });
    const videos: string[] = [];
    for await (const result of client().search.iterate({
      index_id: 'i',
      query_text: 'q',
      search_options: ['visual'],
    }))
      videos.push(result.video_id ?? '');
    expect(videos).toEqual(['v1', 'v2', 'v3']);
  });

  it('a grouped result (group_by video) keeps its clips; nulls anywhere are accepted', async () => {
    scope()
      .post('/v1.3/search')
      .reply(200, {
        data: [{ id: 'v1', clips: [{ ...clip('v1', 1), thumbnail_url: null, transcription: null }] }],
        page_info: null,
        search_pool: { total_count: 3, total_duration: null, index_id: 'i' },
      });
    const page = await client().search.query({
      index_id: 'i',
      query_text: 'q',
      search_options: ['visual'],
      group_by: 'video',
    });
    expect(page.data[0]?.clips).toHaveLength(1);
  });

  it('an expired page token is a BadRequestError with its code', async () => {
    scope()
      .get('/v1.3/search/old')
      .reply(400, { code: 'search_page_token_expired', message: 'The page token has expired.' });
    const error = await client()
      .search.page('old')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).code).toBe('search_page_token_expired');
  });

  it('a search only reads: a 503 is retried like a GET', async () => {
    scope().post('/v1.3/search').reply(503, {}).post('/v1.3/search').reply(200, { data: [] });
    await expect(
      client(1).search.query({ index_id: 'i', query_text: 'q', search_options: ['visual'] }),
    ).resolves.toEqual({
      data: [],
    });
  });

  it('an image query sends query_media_type image and the URLs as repeated fields', async () => {
    let fields: Array<[string, string]> = [];
    scope()
      .post('/v1.3/search', (body: string) => {
        fields = formFields(body);
        return true;
      })
      .reply(200, { data: [] });
    await client().search.query({
      index_id: 'i',
      search_options: ['visual'],
      query_media_url: ['https://img.example/1.png', 'https://img.example/2.png'],
    });
    expect(fields.filter(([name]) => name.startsWith('query_media'))).toEqual([
      ['query_media_type', 'image'],
      ['query_media_url', 'https://img.example/1.png'],
      ['query_media_url', 'https://img.example/2.png'],
    ]);
  });

  it.each([
    [{ index_id: '', query_text: 'q', search_options: ['visual'] }, /index_id/],
    [{ index_id: 'i', query_text: 'q', search_options: [] }, /search_options/],
    [{ index_id: 'i', query_text: 'q', search_options: ['smell'] }, /search_options/],
    [{ index_id: 'i', search_options: ['visual'] }, /query_text, query_media_url or query_media_file/],
    [{ index_id: 'i', query_text: 'q', search_options: ['visual'], filter: 7 }, /filter/],
  ])('refuses %o before sending', async (params, message) => {
    const error = await client()
      .search.query(params as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});

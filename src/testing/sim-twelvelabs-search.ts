import { error, type SimIndex, type SimVideo, type TwelveLabsVideos } from './sim-twelvelabs-videos.js';
import type { SimRequest, SimResponse } from './sim-types.js';

// Search of the simulated TwelveLabs: `POST /search` (multipart) and `GET /search/{page-token}`
// (twelvelabs-js src/api/resources/search/client/Client.ts, requests/SearchCreateRequest.ts).

/** Page tokens, like the pages' thumbnails, stop working an hour after the search. */
const pageLifetimeMs = 60 * 60 * 1000;
const clipsPerVideo = 3;
const searchOptions: ReadonlySet<string> = new Set(['visual', 'audio', 'transcription']);
const rangeKeys = ['duration', 'fps', 'width', 'height', 'size'] as const;

interface Clip {
  start: number;
  end: number;
  video_id: string;
  rank: number;
  thumbnail_url: string;
  transcription: string;
  user_metadata?: Record<string, unknown>;
}

interface VideoItem {
  id: string;
  user_metadata?: Record<string, unknown>;
  clips: Clip[];
}

/** A search's results, kept server-side for its page tokens. */
interface SearchSession {
  pages: Array<Array<Clip | VideoItem>>;
  /** The token of each page (the first page's too, for `prev_page_token`). */
  tokens: string[];
  limit: number;
  /** Whether pages carry `user_metadata` unless a page request says otherwise. */
  withMetadata: boolean;
  totalResults: number;
  totalInnerMatches: number | undefined;
  expiresAt: number;
  pool: { total_count: number; total_duration: number; index_id: string };
}

/** The dependencies of the search: the index lookup, the videos and the origin for thumbnails. */
export interface TwelveLabsSearchOptions {
  index: (indexId: string) => SimIndex | undefined;
  videos: TwelveLabsVideos;
  origin: () => string;
}

/** The search endpoints, with result pages kept behind tokens for an hour. */
export class TwelveLabsSearch {
  readonly #options: TwelveLabsSearchOptions;
  readonly #pages = new Map<string, { session: SearchSession; page: number }>();
  #tokens = 0;

  /** @param options The index lookup, the videos and the origin. */
  constructor(options: TwelveLabsSearchOptions) {
    this.#options = options;
  }

  /**
   * `POST /search`: the first page of the matches.
   *
   * @param body The multipart form.
   * @returns The first page, or a 400/404 error.
   */
  search(body: SimRequest['body']): SimResponse {
    if (!(body instanceof FormData))
      return error(400, 'parameter_invalid', 'A search is sent as multipart/form-data.');
    const text = (name: string) => {
      const value = body.get(name);
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const indexId = text('index_id');
    if (indexId === undefined)
      return error(400, 'parameter_not_provided', 'The index_id parameter is required.');
    const options = body.getAll('search_options');
    if (options.length === 0)
      return error(400, 'parameter_not_provided', 'The search_options parameter is required.');
    const badOption = options.find((option) => typeof option !== 'string' || !searchOptions.has(option));
    if (badOption !== undefined) {
      return error(
        400,
        'parameter_invalid',
        'The search_options parameter is invalid: use visual, audio and/or transcription.',
      );
    }
    const query = text('query_text');
    const media = body.get('query_media_url') ?? body.get('query_media_file');
    if (query === undefined && media === null) {
      return error(400, 'parameter_not_provided', 'Provide query_text, query_media_url or query_media_file.');
    }
    const groupBy = text('group_by') ?? 'clip';
    if (groupBy !== 'clip' && groupBy !== 'video')
      return error(400, 'parameter_invalid', 'group_by must be clip or video.');
    const operator = text('operator') ?? 'or';
    if (operator !== 'or' && operator !== 'and')
      return error(400, 'parameter_invalid', 'operator must be or or and.');
    const limit = Number(text('page_limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50)
      return error(400, 'parameter_invalid', 'page_limit must be an integer from 1 to 50.');
    let filter: unknown = {};
    try {
      filter = JSON.parse(text('filter') ?? '{}');
    } catch {
      return error(400, 'search_filter_invalid', 'The filter parameter is not valid JSON.');
    }
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter))
      return error(400, 'search_filter_invalid', 'The filter parameter must be a JSON object.');
    const index = this.#options.index(indexId);
    if (!index) return error(404, 'resource_not_exist', `The index ${indexId} does not exist.`);

    const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matches = this.#options.videos
      .of(index._id)
      .filter((video) => passes(video, filter as Record<string, unknown>))
      // A media query matches every video: the simulator cannot look at images.
      .filter((video) => query === undefined || words.some((word) => haystack(video).includes(word)));
    const withMetadata = text('include_user_metadata') === 'true';
    const session = this.#session(index, matches, groupBy, limit, withMetadata);
    return this.#answer(session, 0, withMetadata);
  }

  /**
   * `GET /search/{page-token}`: the page a token points to.
   *
   * @param token The page token.
   * @param query `include_user_metadata`, else the search's own choice.
   * @returns The page, or 400 `search_page_token_expired` for an unknown or expired token.
   */
  page(token: string, query: URLSearchParams): SimResponse {
    const entry = this.#pages.get(token);
    if (!entry || entry.session.expiresAt <= Date.now()) {
      this.#pages.delete(token);
      return error(
        400,
        'search_page_token_expired',
        `The page token ${token} has expired or does not exist.`,
      );
    }
    const include = query.get('include_user_metadata');
    return this.#answer(
      entry.session,
      entry.page,
      include === null ? entry.session.withMetadata : include === 'true',
    );
  }

  #session(
    index: SimIndex,
    videos: SimVideo[],
    groupBy: 'clip' | 'video',
    limit: number,
    withMetadata: boolean,
  ): SearchSession {
    this.#forgetExpired();
    let rank = 0;
    const grouped = videos.map((video): VideoItem => {
      const metadata = { user_metadata: video.user_metadata ?? {} };
      const step = video.system_metadata.duration / clipsPerVideo;
      const clips: Clip[] = Array.from({ length: clipsPerVideo }, (_, i) => ({
        start: i * step,
        end: (i + 1) * step,
        video_id: video._id,
        rank: ++rank,
        thumbnail_url: `${this.#options.origin()}/thumbnails/${video._id}-${i + 1}.jpg`,
        transcription: `clip ${i + 1} of ${video.system_metadata.filename}`,
        ...metadata,
      }));
      return { id: video._id, ...metadata, clips };
    });
    const items: Array<Clip | VideoItem> =
      groupBy === 'video' ? grouped : grouped.flatMap((video) => video.clips);
    const pages: Array<Array<Clip | VideoItem>> = [];
    for (let at = 0; at === 0 || at < items.length; at += limit) pages.push(items.slice(at, at + limit));
    const session: SearchSession = {
      pages,
      tokens: pages.map(() => `sim-tok-${++this.#tokens}`),
      limit,
      withMetadata,
      totalResults: items.length,
      totalInnerMatches: groupBy === 'video' ? rank : undefined,
      expiresAt: Date.now() + pageLifetimeMs,
      pool: { total_count: index.video_count, total_duration: index.total_duration, index_id: index._id },
    };
    session.tokens.forEach((token, page) => {
      this.#pages.set(token, { session, page });
    });
    return session;
  }

  #answer(session: SearchSession, page: number, withMetadata: boolean): SimResponse {
    const next = page + 1 < session.pages.length ? session.tokens[page + 1] : undefined;
    const prev = page > 0 ? session.tokens[page - 1] : undefined;
    return {
      status: 200,
      body: {
        data: (session.pages[page] ?? []).map((item) => (withMetadata ? item : withoutMetadata(item))),
        page_info: {
          limit_per_page: session.limit,
          total_results: session.totalResults,
          ...(session.totalInnerMatches === undefined
            ? {}
            : { total_inner_matches: session.totalInnerMatches }),
          page_expires_at: new Date(session.expiresAt).toISOString(),
          ...(next === undefined ? {} : { next_page_token: next }),
          ...(prev === undefined ? {} : { prev_page_token: prev }),
        },
        search_pool: session.pool,
      },
    };
  }

  #forgetExpired(): void {
    const now = Date.now();
    for (const [token, { session }] of this.#pages) if (session.expiresAt <= now) this.#pages.delete(token);
  }
}

/** A clip, or a video with its clips, without `user_metadata`. */
function withoutMetadata(item: Clip | VideoItem): Clip | VideoItem {
  const { user_metadata: _userMetadata, ...rest } = item;
  return 'clips' in rest ? { ...rest, clips: rest.clips.map((clip) => withoutMetadata(clip) as Clip) } : rest;
}

/** The text a query word may be found in: the filename and the user_metadata values, lower-cased. */
function haystack(video: SimVideo): string {
  return [video.system_metadata.filename, ...Object.values(video.user_metadata ?? {}).map(String)]
    .join('\n')
    .toLowerCase();
}

/**
 * Whether a video passes a search filter: `id` (a list of video ids), ranges (`{ gte, lte }`) or
 * exact numbers on `duration`, `fps`, `width`, `height`, `size`, `filename`, and any other key
 * compared with the video's `user_metadata`.
 */
function passes(video: SimVideo, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    if (key === 'id') return (Array.isArray(wanted) ? wanted : [wanted]).includes(video._id);
    if (key === 'filename') return video.system_metadata.filename === wanted;
    if ((rangeKeys as readonly string[]).includes(key)) {
      const value = video.system_metadata[key as (typeof rangeKeys)[number]];
      if (typeof wanted === 'number') return value === wanted;
      const { gte, lte } = (wanted ?? {}) as { gte?: unknown; lte?: unknown };
      return (typeof gte !== 'number' || value >= gte) && (typeof lte !== 'number' || value <= lte);
    }
    return video.user_metadata?.[key] === wanted;
  });
}

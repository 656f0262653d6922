import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from './sim-types.js';

// The videos of the simulated TwelveLabs indexes, and the helpers the other TwelveLabs parts share.

/** An index, as `GET /indexes/{index-id}` answers it. */
export interface SimIndex {
  _id: string;
  index_name: string;
  models: unknown[];
  addons: string[];
  video_count: number;
  total_duration: number;
  created_at: string;
  updated_at: string;
}

/** A value of a video's `user_metadata` (twelvelabs-js src/api/types/UserMetadata.ts). */
export type UserMetadataValue = string | number | boolean;

/** What the simulator measured of a video (twelvelabs-js src/api/types/VideoVectorSystemMetadata.ts). */
export interface SimSystemMetadata {
  filename: string;
  duration: number;
  fps: number;
  width: number;
  height: number;
  size: number;
}

/** An indexed video (twelvelabs-js src/api/types/VideoVector.ts, plus `user_metadata`). */
export interface SimVideo {
  _id: string;
  created_at: string;
  updated_at: string;
  indexed_at: string;
  system_metadata: SimSystemMetadata;
  user_metadata?: Record<string, UserMetadataValue>;
}

/** Every simulated video is 30 s of 1280×720 at 30 fps, 1 MB. */
export const videoDuration = 30;

/** A fresh 24-hex id, as TwelveLabs' ids look. */
export const newId = (): string => randomBytes(12).toString('hex');

/** A TwelveLabs error answer: `{ code, message, docs_url }`. */
export const error = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SimResponse => ({
  status,
  body: { code, message, docs_url: `https://docs.twelvelabs.io/v1.3/api-reference/error-codes#${code}` },
  ...(headers ? { headers } : {}),
});

/**
 * A TwelveLabs error in the nested envelope of the newer endpoints (analyze tasks, embed v2):
 * `{ error: { code, message } }` (twelvelabs-js src/serialization/types/ErrorResponse.ts).
 */
export const nested = (status: number, code: string, message: string): SimResponse => ({
  status,
  body: { error: { code, message } },
});

/** `page` (default 1) and `page_limit` (default 10, at most 50) of a list query. */
export function paging(query: URLSearchParams): { page: number; limit: number } {
  return {
    page: Math.max(1, Math.floor(Number(query.get('page') ?? 1)) || 1),
    limit: Math.min(50, Math.max(1, Math.floor(Number(query.get('page_limit') ?? 10)) || 10)),
  };
}

/** One page of a list: `{ data, page_info: { limit_per_page, page, total_page, total_results } }`. */
export function pageOf<T>(all: readonly T[], query: URLSearchParams): SimResponse {
  const { page, limit } = paging(query);
  return {
    status: 200,
    body: {
      data: all.slice((page - 1) * limit, page * limit),
      page_info: {
        limit_per_page: limit,
        page,
        total_page: Math.max(1, Math.ceil(all.length / limit)),
        total_results: all.length,
      },
    },
  };
}

/** Sorts on `sort_by` (`created_at` or `updated_at`), `sort_option` `desc` unless `asc`. */
export function sorted<T extends { created_at: string; updated_at: string }>(
  items: Iterable<T>,
  query: URLSearchParams,
): T[] {
  const sortBy = query.get('sort_by') === 'updated_at' ? 'updated_at' : 'created_at';
  const direction = query.get('sort_option') === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => direction * a[sortBy].localeCompare(b[sortBy]));
}

/**
 * A list parameter's values, sent as repeated keys (`status=ready&status=failed`, as twelvelabs-js
 * sends lists) or comma-separated.
 *
 * @param query The query.
 * @param name The parameter.
 * @returns The non-empty values.
 */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .filter(Boolean);
}

/**
 * `user_metadata` as it is stored: keys whose value is null dropped. A PATCH merge deletes them
 * that way, and on create a null value means the key is not set.
 *
 * @param metadata Validated `user_metadata` (see {@link isUserMetadata}), nulls allowed.
 * @returns The same keys and values without the null ones.
 */
export function withoutNulls(metadata: Record<string, unknown>): Record<string, UserMetadataValue> {
  return Object.fromEntries(Object.entries(metadata).filter(([, value]) => value !== null)) as Record<
    string,
    UserMetadataValue
  >;
}

/** `user_metadata` as the API takes it: an object of strings, numbers and booleans. */
export function isUserMetadata(value: unknown): value is Record<string, UserMetadataValue | null> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(
      (item) => item === null || ['string', 'number', 'boolean'].includes(typeof item),
    )
  );
}

/** 404 `endpoint_not_exists` for a method and path the API does not serve. */
export const notFound = (request: SimRequest): SimResponse =>
  error(404, 'endpoint_not_exists', `The endpoint ${request.method} /${request.path} does not exist.`);

/** What a task's form says of its video. */
export interface Upload {
  /** The uploaded file's name or the video URL's last path segment. */
  filename: string;
  /** A video URL containing "fail" plays a failed indexing, for tests of that path. */
  fails: boolean;
  userMetadata: Record<string, UserMetadataValue> | undefined;
}

/**
 * Reads `video_file` or `video_url` (exactly one) and `user_metadata`, a JSON string
 * (twelvelabs-js src/api/resources/tasks/client/requests/TasksCreateRequest.ts), of a task form.
 *
 * @param form The `POST /tasks` form.
 * @returns The upload, or a 400 answer.
 */
export function describeUpload(form: FormData): Upload | SimResponse {
  const file = form.get('video_file');
  const url = form.get('video_url');
  if ((file === null) === (url === null))
    return error(400, 'parameter_invalid', 'Provide exactly one of video_file and video_url.');
  const field = form.get('user_metadata');
  let metadata: unknown;
  try {
    metadata = typeof field === 'string' ? JSON.parse(field) : undefined;
  } catch {
    metadata = null;
  }
  if (field !== null && !isUserMetadata(metadata))
    return error(
      400,
      'parameter_invalid',
      'user_metadata must be a JSON object of strings, numbers and booleans.',
    );
  const entries = Object.entries(metadata ?? {}).filter(([, value]) => value !== null);
  return {
    filename: typeof url === 'string' ? lastSegment(url) : (file as File).name || 'video.mp4',
    fails: typeof url === 'string' && url.includes('fail'),
    userMetadata:
      field === null ? undefined : (Object.fromEntries(entries) as Record<string, UserMetadataValue>),
  };
}

/** A video URL's last path segment, decoded: the video's filename. */
function lastSegment(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not a URL: take the text after the last slash.
  }
  const segment = path.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(segment) || 'video.mp4';
  } catch {
    return segment;
  }
}

/**
 * The videos of every index (twelvelabs-js src/api/resources/indexes/resources/videos/client/Client.ts):
 * `GET /indexes/{index-id}/videos`, `GET`, `PATCH` and `DELETE /indexes/{index-id}/videos/{video-id}`.
 */
export class TwelveLabsVideos {
  readonly #byIndex = new Map<string, Map<string, SimVideo>>();

  /**
   * Adds the video of a task that became ready; the index's `video_count` and `total_duration` grow.
   *
   * @param index The task's index.
   * @param videoId The task's `video_id`.
   * @param filename The uploaded file's name or the video URL's last path segment.
   * @param userMetadata The task's `user_metadata`, if any.
   */
  add(
    index: SimIndex,
    videoId: string,
    filename: string,
    userMetadata?: Record<string, UserMetadataValue>,
  ): void {
    const videos = this.#byIndex.get(index._id) ?? new Map<string, SimVideo>();
    this.#byIndex.set(index._id, videos);
    if (videos.has(videoId)) return;
    const now = new Date().toISOString();
    videos.set(videoId, {
      _id: videoId,
      created_at: now,
      updated_at: now,
      indexed_at: now,
      system_metadata: {
        filename,
        duration: videoDuration,
        fps: 30,
        width: 1280,
        height: 720,
        size: 1_000_000,
      },
      ...(userMetadata ? { user_metadata: { ...userMetadata } } : {}),
    });
    index.video_count += 1;
    index.total_duration += videoDuration;
  }

  /**
   * The videos of an index, oldest first.
   *
   * @param indexId The index.
   * @returns Its videos.
   */
  of(indexId: string): SimVideo[] {
    return [...(this.#byIndex.get(indexId)?.values() ?? [])];
  }

  /** @param indexId A deleted index, whose videos go with it. */
  dropIndex(indexId: string): void {
    this.#byIndex.delete(indexId);
  }

  /**
   * Answers a request for one video, `/indexes/{index-id}/videos/{video-id}`.
   *
   * @param request The request.
   * @param index The index the path names.
   * @param videoId The video the path names.
   * @returns The answer.
   */
  handle(request: SimRequest, index: SimIndex, videoId: string): SimResponse {
    const video = this.#byIndex.get(index._id)?.get(videoId);
    if (!video)
      return error(404, 'resource_not_exist', `The video ${videoId} does not exist in index ${index._id}.`);
    switch (request.method) {
      case 'GET':
        // The one video carries its user_metadata and, without a video stream, `hls: null`.
        return { status: 200, body: { ...video, user_metadata: video.user_metadata ?? null, hls: null } };
      case 'PATCH':
        return this.#update(video, request.body);
      case 'DELETE':
        this.#byIndex.get(index._id)?.delete(videoId);
        index.video_count -= 1;
        index.total_duration -= video.system_metadata.duration;
        return { status: 204 };
      default:
        return notFound(request);
    }
  }

  /**
   * `GET /indexes/{index-id}/videos`: `filename`, sorted and paged, without `user_metadata`.
   *
   * @param index The index the path names.
   * @param query The query string.
   * @returns The page.
   */
  list(index: SimIndex, query: URLSearchParams): SimResponse {
    const filename = query.get('filename');
    const videos = sorted(this.of(index._id), query).filter(
      (video) => !filename || video.system_metadata.filename.includes(filename),
    );
    // The list leaves user_metadata out; retrieve one video for it.
    return pageOf(
      videos.map(({ user_metadata: _userMetadata, ...video }) => video),
      query,
    );
  }

  #update(video: SimVideo, body: SimRequest['body']): SimResponse {
    const metadata = body instanceof FormData ? undefined : body?.user_metadata;
    if (!isUserMetadata(metadata)) {
      return error(
        400,
        'parameter_invalid',
        'user_metadata must be an object of strings, numbers, booleans or null (to remove a key).',
      );
    }
    const next = { ...video.user_metadata };
    for (const [key, value] of Object.entries(metadata)) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    video.user_metadata = next;
    video.updated_at = new Date().toISOString();
    return { status: 204 };
  }
}

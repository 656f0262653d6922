import * as v from 'valibot';
import { pageOf } from './pages.js';

// Response schemas for TwelveLabs v1.3. Objects are loose: fields TwelveLabs adds later are kept.
// Nullability follows the official SDK's serialization schemas (twelvelabs-io/twelvelabs-js
// src/serialization/types/IndexSchema.ts, IndexModelsItem.ts, PageInfo.ts, VideoIndexingTask.ts),
// where every field is optional and nullable: here too, except the few keygate needs (an index's
// `_id`, a task's `_id` and `status`).

/** One model enabled on an index, e.g. `{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }`. */
export const IndexModelSchema = v.looseObject({
  model_name: v.nullish(v.string()),
  model_options: v.nullish(v.array(v.string())),
});

/** An index, as `GET /indexes/{id}` and the list return it. */
export const IndexSchema = v.looseObject({
  _id: v.string(),
  index_name: v.nullish(v.string()),
  models: v.nullish(v.array(IndexModelSchema)),
  addons: v.nullish(v.array(v.string())),
  video_count: v.nullish(v.number()),
  total_duration: v.nullish(v.number()),
  created_at: v.nullish(v.string()),
  updated_at: v.nullish(v.string()),
  // null on the Developer plan (docs.twelvelabs.io, indexes retrieve).
  expires_at: v.nullish(v.string()),
});

/** `GET /indexes`: a missing or null `data` is an empty page. */
export const IndexListSchema = pageOf(IndexSchema);

/** `POST /indexes` answers 201 with the new id. */
export const CreatedIndexSchema = v.looseObject({ _id: v.string() });

/**
 * `PUT` and `DELETE` answer with an empty body; the docs' examples show `{}`. Both are
 * "nothing", given as `undefined`.
 */
export const EmptySchema = v.pipe(
  v.union([v.undefined(), v.looseObject({})]),
  v.transform((): undefined => undefined),
);

/**
 * The statuses the docs name (docs.twelvelabs.io, tasks: validating, pending, queued, indexing,
 * ready, failed, and `uploading` for uploads in progress). Only `ready` and `failed` end a task
 * (the official SDK's `doneStatuses`).
 */
export const KNOWN_TASK_STATUSES = [
  'validating',
  'pending',
  'queued',
  'indexing',
  'uploading',
  'ready',
  'failed',
] as const;

/** A status the docs name. */
export type KnownTaskStatus = (typeof KNOWN_TASK_STATUSES)[number];

/**
 * Where a video indexing task is. Any string is accepted: a status TwelveLabs adds later keeps
 * `waitForDone` polling instead of failing validation.
 */
export const TaskStatusSchema = v.pipe(
  v.string(),
  v.transform((status): KnownTaskStatus | (string & {}) => status),
);

/** `POST /tasks` answers with the task and the video it will produce. */
export const CreatedTaskSchema = v.looseObject({ _id: v.string(), video_id: v.nullish(v.string()) });

/** A video indexing task, as `GET /tasks/{id}` returns it. */
export const TaskSchema = v.looseObject({
  _id: v.string(),
  index_id: v.nullish(v.string()),
  video_id: v.nullish(v.string()),
  status: TaskStatusSchema,
  created_at: v.nullish(v.string()),
  updated_at: v.nullish(v.string()),
  estimated_time: v.nullish(v.string()),
  system_metadata: v.nullish(v.looseObject({})),
  hls: v.nullish(v.looseObject({})),
});

/** `GET /tasks`: a missing or null `data` is an empty page. */
export const TaskListSchema = pageOf(TaskSchema);

/** An index. */
export type Index = v.InferOutput<typeof IndexSchema>;
/** One page of indexes. */
export type IndexList = v.InferOutput<typeof IndexListSchema>;
/** The id of a new index. */
export type CreatedIndex = v.InferOutput<typeof CreatedIndexSchema>;
/** A video indexing task. */
export type Task = v.InferOutput<typeof TaskSchema>;
/** One page of tasks. */
export type TaskList = v.InferOutput<typeof TaskListSchema>;
/** A task's status. */
export type TaskStatus = v.InferOutput<typeof TaskStatusSchema>;
/** The ids of a new task and its video. */
export type CreatedTask = v.InferOutput<typeof CreatedTaskSchema>;

/** Parameters of `indexes.create`, in TwelveLabs' wire names. */
export interface CreateIndexParams {
  index_name: string;
  models: Array<{ model_name: string; model_options: string[] }>;
  addons?: string[] | undefined;
}

/**
 * Parameters of `indexes.list`, in TwelveLabs' wire names (twelvelabs-js
 * src/api/resources/indexes/client/requests/IndexesListRequest.ts).
 */
export interface ListIndexesParams {
  /** The page, from 1. */
  page?: number | undefined;
  /** Indexes per page: 10 by default, at most 50. */
  page_limit?: number | undefined;
  sort_by?: 'created_at' | 'updated_at' | undefined;
  sort_option?: 'asc' | 'desc' | undefined;
  /** Only indexes with this name. */
  index_name?: string | undefined;
  /** Only indexes with these model options (`visual`, `audio`); a list is sent comma-separated. */
  model_options?: string | readonly string[] | undefined;
  /** Only indexes with a model of this family. */
  model_family?: 'marengo' | 'pegasus' | (string & {}) | undefined;
  /** Only indexes created at this date (RFC 3339 or `YYYY-MM-DD`, as the API takes it). */
  created_at?: string | undefined;
  /** Only indexes last updated at this date. */
  updated_at?: string | undefined;
}

/** Parameters of `indexes.update`. */
export interface UpdateIndexParams {
  index_name: string;
}

/** Parameters of `tasks.create`: exactly one of `video_file` and `video_url`. */
export interface CreateTaskParams {
  index_id: string;
  /** A file or blob; `fs.openAsBlob(path)` streams it from disk. */
  video_file?: Blob | undefined;
  video_url?: string | undefined;
  enable_video_stream?: boolean | undefined;
  /** Sent as a JSON string, as TwelveLabs expects. */
  user_metadata?: Record<string, unknown> | undefined;
}

/**
 * Parameters of `tasks.list` (twelvelabs-js src/api/resources/tasks/client/requests/
 * TasksListRequest.ts).
 */
export interface ListTasksParams {
  page?: number | undefined;
  /** Tasks per page: 10 by default, at most 50. */
  page_limit?: number | undefined;
  sort_by?: 'created_at' | 'updated_at' | undefined;
  sort_option?: 'asc' | 'desc' | undefined;
  index_id?: string | undefined;
  /** One status or several (sent as repeated `status` keys). */
  status?: TaskStatus | readonly TaskStatus[] | undefined;
  filename?: string | undefined;
  duration?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
  created_at?: string | undefined;
  updated_at?: string | undefined;
}

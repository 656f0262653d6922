import * as v from 'valibot';

// Response schemas for TwelveLabs v1.3. Objects are loose: fields TwelveLabs adds later are kept,
// and only the fields keygate relies on are required.

/** One model enabled on an index, e.g. `{ model_name: 'marengo2.7', model_options: ['visual', 'audio'] }`. */
export const IndexModelSchema = v.looseObject({
  model_name: v.string(),
  model_options: v.optional(v.array(v.string())),
});

/** An index, as `GET /indexes/{id}` and the list return it. */
export const IndexSchema = v.looseObject({
  _id: v.string(),
  index_name: v.string(),
  models: v.optional(v.array(IndexModelSchema)),
  addons: v.optional(v.array(v.string())),
  video_count: v.optional(v.number()),
  total_duration: v.optional(v.number()),
  created_at: v.optional(v.string()),
  updated_at: v.optional(v.nullable(v.string())),
  expires_at: v.optional(v.nullable(v.string())),
});

/** The paging block of list answers. */
export const PageInfoSchema = v.looseObject({
  page: v.number(),
  total_page: v.number(),
  limit_per_page: v.optional(v.number()),
  total_results: v.optional(v.number()),
});

/** `GET /indexes`. */
export const IndexListSchema = v.looseObject({
  data: v.array(IndexSchema),
  page_info: PageInfoSchema,
});

/** `POST /indexes` answers 201 with the new id. */
export const CreatedIndexSchema = v.looseObject({ _id: v.string() });

/** `PUT` and `DELETE` answer with an empty body. */
export const EmptySchema = v.undefined();

/** Where a video indexing task is: it ends in `ready` or `failed`. */
export const TaskStatusSchema = v.picklist([
  'validating',
  'pending',
  'queued',
  'indexing',
  'ready',
  'failed',
]);

/** `POST /tasks` answers with the task and the video it will produce. */
export const CreatedTaskSchema = v.looseObject({ _id: v.string(), video_id: v.optional(v.string()) });

/** A video indexing task, as `GET /tasks/{id}` returns it. */
export const TaskSchema = v.looseObject({
  _id: v.string(),
  index_id: v.optional(v.string()),
  video_id: v.optional(v.nullable(v.string())),
  status: TaskStatusSchema,
  created_at: v.optional(v.string()),
  updated_at: v.optional(v.string()),
  estimated_time: v.optional(v.nullable(v.string())),
  system_metadata: v.optional(v.nullable(v.looseObject({}))),
});

/** An index. */
export type Index = v.InferOutput<typeof IndexSchema>;
/** One page of indexes. */
export type IndexList = v.InferOutput<typeof IndexListSchema>;
/** The paging block of a list answer. */
export type PageInfo = v.InferOutput<typeof PageInfoSchema>;
/** The id of a new index. */
export type CreatedIndex = v.InferOutput<typeof CreatedIndexSchema>;
/** A video indexing task. */
export type Task = v.InferOutput<typeof TaskSchema>;
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

/** Parameters of `indexes.list`, in TwelveLabs' wire names. */
export interface ListIndexesParams {
  page?: number | undefined;
  page_limit?: number | undefined;
  sort_by?: 'created_at' | 'updated_at' | undefined;
  sort_option?: 'asc' | 'desc' | undefined;
  index_name?: string | undefined;
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

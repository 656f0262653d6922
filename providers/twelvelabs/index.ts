// The public surface of "keygate/twelvelabs".

export type { ApiPromise, ApiResponse, CallOptions, WithResponse } from '../../src/index.js';
export type { TwelveLabsClientOptions } from './client.js';
export { TWELVE_LABS_BASE_URL, TwelveLabsClient, twelveLabsDefinition } from './client.js';
export { classifyTwelveLabsResponse, TWELVE_LABS_ENV } from './errors.js';
export { Indexes } from './indexes.js';
export { twelveLabsKeyProbe } from './key-probe.js';
export type { PageInfo } from './pages.js';
export type {
  CreatedIndex,
  CreatedTask,
  CreateIndexParams,
  CreateTaskParams,
  Index,
  IndexList,
  KnownTaskStatus,
  ListIndexesParams,
  Task,
  TaskStatus,
  UpdateIndexParams,
} from './schemas.js';
export {
  CreatedIndexSchema,
  CreatedTaskSchema,
  IndexListSchema,
  IndexSchema,
  KNOWN_TASK_STATUSES,
  TaskListSchema,
  TaskSchema,
  TaskStatusSchema,
} from './schemas.js';
export { Search } from './search.js';
export type {
  SearchClip,
  SearchOption,
  SearchPage,
  SearchParams,
  SearchResult,
} from './search-schemas.js';
export { SearchPageSchema, SearchResultSchema } from './search-schemas.js';
export type { CreateTaskOptions, WaitForDoneOptions } from './tasks.js';
export { Tasks } from './tasks.js';
export type { ListVideosParams, RangeFilter, UpdateVideoParams, Video, VideoList } from './video-schemas.js';
export { VideoListSchema, VideoSchema } from './video-schemas.js';
export { Videos } from './videos.js';
export type {
  TwelveLabsWebhookData,
  TwelveLabsWebhookEvent,
  TwelveLabsWebhookEventType,
} from './webhook-schemas.js';
export {
  TWELVE_LABS_WEBHOOK_EVENT_TYPES,
  TwelveLabsWebhookDataSchema,
  TwelveLabsWebhookEventSchema,
} from './webhook-schemas.js';
export type { TwelveLabsWebhookSecret, VerifyTwelveLabsWebhookOptions } from './webhooks.js';
export { signTwelveLabsWebhook, verifyTwelveLabsWebhook } from './webhooks.js';

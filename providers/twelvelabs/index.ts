// The public surface of "keygate/twelvelabs".

export type { ApiPromise, ApiResponse, CallOptions, WithResponse } from '../../src/index.js';
export type { AnalyzeStreamOptions } from './analyze.js';
export { Analyze } from './analyze.js';
export type {
  AnalyzeModelName,
  AnalyzeParams,
  AnalyzeResponseFormat,
  AnalyzeResult,
  AnalyzeStreamEvent,
  AnalyzeTask,
  AnalyzeTaskList,
  AnalyzeTaskStatus,
  AnalyzeUsage,
  AnalyzeVideo,
  CreateAnalyzeTaskParams,
  CreatedAnalyzeTask,
  KnownAnalyzeTaskStatus,
  ListAnalyzeTasksParams,
  OtherStreamEvent,
  StreamEndEvent,
  StreamStartEvent,
  TextGenerationEvent,
} from './analyze-schemas.js';
export {
  AnalyzeResultSchema,
  AnalyzeTaskListSchema,
  AnalyzeTaskSchema,
  AnalyzeTaskStatusSchema,
  CreatedAnalyzeTaskSchema,
  KNOWN_ANALYZE_TASK_STATUSES,
  StreamEndEventSchema,
  StreamStartEventSchema,
  TextGenerationEventSchema,
} from './analyze-schemas.js';
export type { AnalyzeStreamResult } from './analyze-stream.js';
export { AnalyzeStream } from './analyze-stream.js';
export { AnalyzeTasks } from './analyze-tasks.js';
export type {
  Asset,
  AssetDetail,
  AssetList,
  AssetMetadataParams,
  AssetStatus,
  AssetType,
  CreateAssetFromFileParams,
  CreateAssetFromUrlParams,
  CreateAssetParams,
  DeleteAssetParams,
  KnownAssetStatus,
  ListAssetsParams,
  UserMetadataValue,
} from './asset-schemas.js';
export {
  AssetDetailSchema,
  AssetListSchema,
  AssetSchema,
  AssetStatusSchema,
  KNOWN_ASSET_STATUSES,
} from './asset-schemas.js';
export { Assets } from './assets.js';
export type { MultipartUploadProgress, UploadedFile, UploadFileOptions } from './chunked-upload.js';
export type { TwelveLabsClientOptions } from './client.js';
export { TWELVE_LABS_BASE_URL, TwelveLabsClient, twelveLabsDefinition } from './client.js';
export { Embed } from './embed.js';
export type {
  CreatedEmbeddingTask,
  CreateEmbeddingParams,
  CreateEmbeddingTaskParams,
  EmbeddingResponse,
  EmbeddingSegment,
  EmbeddingTask,
  EmbeddingTaskList,
  EmbeddingTaskStatus,
  EmbeddingTaskStatusResponse,
  ListEmbeddingTasksParams,
  ListedEmbeddingTask,
  MarengoModelName,
  ModalityEmbedding,
  RetrieveEmbeddingTaskParams,
  VideoEmbeddingOption,
} from './embed-schemas.js';
export {
  CreatedEmbeddingTaskSchema,
  EmbeddedMediaSchema,
  EmbeddingResponseSchema,
  EmbeddingSegmentSchema,
  EmbeddingTaskListSchema,
  EmbeddingTaskSchema,
  EmbeddingTaskStatusResponseSchema,
  EmbeddingTaskStatusSchema,
  ListedEmbeddingTaskSchema,
  ModalityEmbeddingSchema,
  VideoEmbeddingMetadataSchema,
} from './embed-schemas.js';
export { EmbedTasks } from './embed-tasks.js';
export { EmbedV2, EmbedV2Tasks } from './embed-v2.js';
export type {
  AudioEmbeddingInput,
  CreateEmbeddingV2Params,
  CreateEmbeddingV2TaskParams,
  DynamicSegmentation,
  EmbeddingData,
  EmbeddingMediaSource,
  EmbeddingMetadata,
  EmbeddingV2Response,
  EmbeddingV2Task,
  FixedSegmentation,
  MultiInputMediaSource,
  TimeBasedMetadataEntry,
  VideoEmbeddingInput,
} from './embed-v2-schemas.js';
export {
  EmbeddingDataSchema,
  EmbeddingMetadataSchema,
  EmbeddingUsageSchema,
  EmbeddingV2ResponseSchema,
  EmbeddingV2TaskSchema,
} from './embed-v2-schemas.js';
export { classifyTwelveLabsResponse, TWELVE_LABS_ENV } from './errors.js';
export type {
  CreatedIndexedAsset,
  CreateIndexedAssetParams,
  EmbeddingOption,
  IndexedAsset,
  IndexedAssetDetail,
  IndexedAssetList,
  IndexedAssetStatus,
  KnownIndexedAssetStatus,
  ListIndexedAssetsParams,
  RetrieveIndexedAssetParams,
  UpdateIndexedAssetParams,
} from './indexed-asset-schemas.js';
export {
  CreatedIndexedAssetSchema,
  IndexedAssetDetailSchema,
  IndexedAssetListSchema,
  IndexedAssetSchema,
  IndexedAssetStatusSchema,
  KNOWN_INDEXED_ASSET_STATUSES,
} from './indexed-asset-schemas.js';
export { IndexedAssets } from './indexed-assets.js';
export { Indexes } from './indexes.js';
export { twelveLabsKeyProbe } from './key-probe.js';
export type {
  ChunkReport,
  CompletedChunk,
  CreatedUpload,
  CreateUploadParams,
  IncompleteUploadList,
  PresignedChunk,
  PresignedUrls,
  UploadStatus,
} from './multipart-schemas.js';
export {
  ChunkReportSchema,
  CreatedUploadSchema,
  IncompleteUploadListSchema,
  PresignedUrlsSchema,
  UploadStatusSchema,
} from './multipart-schemas.js';
export { MultipartUploads } from './multipart-upload.js';
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
export type { CreateTaskOptions } from './tasks.js';
export { Tasks } from './tasks.js';
export type { ListVideosParams, RangeFilter, UpdateVideoParams, Video, VideoList } from './video-schemas.js';
export { VideoListSchema, VideoSchema } from './video-schemas.js';
export { Videos } from './videos.js';
export type { WaitForDoneOptions } from './wait.js';
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

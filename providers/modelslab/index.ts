// The public surface of "keygate/modelslab".

export type { ApiPromise, ApiResponse, CallOptions, WithResponse } from '../../src/index.js';
export type { WalletBalance } from './account.js';
export { Account } from './account.js';
export { Audio } from './audio.js';
export type { ChatCompletion, ChatCompletionParams, ChatMessage } from './chat.js';
export { Chat, ChatCompletions } from './chat.js';
export type { ModelsLabClientOptions } from './client.js';
export { MODELSLAB_BASE_URL, ModelsLabClient, modelsLabDefinition } from './client.js';
export { classifyModelsLabResponse, MODELSLAB_ENV, reportsModelsLabError } from './errors.js';
export type { GenerationMayHaveStartedErrorOptions } from './generation-may-have-started-error.js';
export {
  GenerationMayHaveStartedError,
  isGenerationMayHaveStartedError,
} from './generation-may-have-started-error.js';
export type { ImageCallOptions } from './images.js';
export { Images } from './images.js';
export type { GenerateOptions, WaitOptions } from './job-family.js';
export { JobFamily } from './job-family.js';
export { MODELSLAB_LOW_BALANCE, modelsLabKeyProbe } from './key-probe.js';
export { Realtime } from './realtime.js';
export type {
  ControlNetParams,
  ImageProcessing,
  ImageResult,
  ImageSuccess,
  Img2ImgParams,
  Img2VideoParams,
  InpaintParams,
  JobParams,
  JobProcessing,
  JobResult,
  JobSuccess,
  RealtimeImg2ImgParams,
  RealtimeInpaintParams,
  RealtimeText2ImgParams,
  Text2ImgParams,
  Text2VideoParams,
  TextToSpeechParams,
} from './schemas.js';
export {
  ImageProcessingSchema,
  ImageResultSchema,
  ImageSuccessSchema,
  JobProcessingSchema,
  JobResultSchema,
  JobSuccessSchema,
} from './schemas.js';
export { Video } from './video.js';
export type {
  ModelsLabWebhookEvent,
  ModelsLabWebhookFailure,
  ModelsLabWebhookSuccess,
} from './webhook-schemas.js';
export type {
  ModelsLabWebhookDelivery,
  ModelsLabWebhookHandler,
  ModelsLabWebhookHandlerOptions,
  ModelsLabWebhookInput,
  ModelsLabWebhookTarget,
} from './webhooks.js';
export { createModelsLabWebhookHandler } from './webhooks.js';

// The public surface of "keygate/modelslab".

export type { ApiPromise, ApiResponse, CallOptions, WithResponse } from '../../src/index.js';
export type { ModelsLabClientOptions } from './client.js';
export { MODELSLAB_BASE_URL, ModelsLabClient, modelsLabDefinition } from './client.js';
export { classifyModelsLabResponse, MODELSLAB_ENV } from './errors.js';
export type { GenerateOptions, ImageCallOptions } from './images.js';
export { Images } from './images.js';
export { modelsLabKeyProbe } from './key-probe.js';
export type { ImageProcessing, ImageResult, ImageSuccess, Text2ImgParams } from './schemas.js';
export { ImageProcessingSchema, ImageResultSchema, ImageSuccessSchema } from './schemas.js';

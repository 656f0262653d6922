// The ModelsLab v6 generation routes the simulator serves, and what each family's jobs look like.
// Paths and required fields follow ModelsLab's docs (docs.modelslab.com/image-generation,
// /realtime-stable-diffusion, /video-api, /voice-cloning).

/** A generation family: each has its own fetch path, `v6/<family>/fetch/{id}`. */
export type ModelsLabFamily = 'images' | 'realtime' | 'video' | 'voice';

/** One generation route. */
export interface GenerationRoute {
  family: ModelsLabFamily;
  /** Body fields that must be non-empty strings, in the order errors name them. */
  required: readonly string[];
}

/** What jobs of a family look like. */
export interface FamilyTraits {
  /** Images and realtime ids are numbers; video and voice ids are strings (`"ml-vid-1001"`). */
  idPrefix?: string | undefined;
  /** Video and voice always queue; images and realtime only when `samples > 1`. */
  alwaysQueues: boolean;
  /** The extension of the output URLs. */
  extension: string;
  /** Body fields echoed in `meta`, besides `prompt` and `seed`. Never `key`. */
  meta: readonly string[];
}

/** Route path below `/api` → route. */
export const generationRoutes: ReadonlyMap<string, GenerationRoute> = new Map([
  ['v6/images/text2img', { family: 'images', required: ['prompt', 'model_id'] }],
  ['v6/images/img2img', { family: 'images', required: ['model_id', 'init_image'] }],
  ['v6/images/inpaint', { family: 'images', required: ['prompt', 'model_id', 'init_image', 'mask_image'] }],
  ['v6/images/controlnet', { family: 'images', required: ['model_id', 'controlnet_model', 'init_image'] }],
  ['v6/realtime/text2img', { family: 'realtime', required: ['prompt'] }],
  ['v6/realtime/img2img', { family: 'realtime', required: ['prompt', 'init_image'] }],
  ['v6/realtime/inpaint', { family: 'realtime', required: ['prompt', 'init_image', 'mask_image'] }],
  ['v6/video/text2video', { family: 'video', required: ['model_id', 'prompt'] }],
  ['v6/video/img2video', { family: 'video', required: ['model_id', 'init_image'] }],
  ['v6/voice/text_to_speech', { family: 'voice', required: ['prompt', 'voice_id', 'language'] }],
] satisfies [string, GenerationRoute][]);

export const familyTraits: Record<ModelsLabFamily, FamilyTraits> = {
  images: {
    alwaysQueues: false,
    extension: 'png',
    meta: ['model_id', 'controlnet_model', 'width', 'height'],
  },
  realtime: { alwaysQueues: false, extension: 'png', meta: ['width', 'height'] },
  video: { idPrefix: 'ml-vid-', alwaysQueues: true, extension: 'mp4', meta: ['model_id', 'num_frames'] },
  voice: { idPrefix: 'ml-tts-', alwaysQueues: true, extension: 'wav', meta: ['voice_id', 'language'] },
};

/** Longest text-to-speech prompt ModelsLab accepts (docs.modelslab.com/voice-cloning/text-to-speech). */
const maxSpeechPrompt = 2500;

/**
 * Checks a generation body as ModelsLab's validator does, in Laravel's words.
 *
 * @param route The route.
 * @param body The JSON body.
 * @returns Field → messages, or `undefined` when the body is fine.
 */
export function validateGeneration(
  route: GenerationRoute,
  body: Record<string, unknown>,
): Record<string, string[]> | undefined {
  const problems: Record<string, string[]> = {};
  for (const field of route.required) {
    const value = body[field];
    if (typeof value !== 'string' || value === '')
      problems[field] = [`The ${field.replaceAll('_', ' ')} field is required.`];
  }
  if (route.family === 'voice' && typeof body.prompt === 'string' && body.prompt.length > maxSpeechPrompt)
    problems.prompt = [`The prompt may not be greater than ${maxSpeechPrompt} characters.`];
  return Object.keys(problems).length > 0 ? problems : undefined;
}

/**
 * The `meta` of a finished job: the prompt, the seed and the family's echoed fields.
 *
 * @param family The family.
 * @param body The generation body.
 * @returns The meta object; the job store fills in a seed when the body gave none.
 */
export function generationMeta(
  family: ModelsLabFamily,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const meta: Record<string, unknown> = { prompt: body.prompt ?? '', seed: body.seed ?? null };
  for (const field of familyTraits[family].meta) if (body[field] !== undefined) meta[field] = body[field];
  return meta;
}

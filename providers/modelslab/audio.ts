import { type ApiPromise, type CallOptions, ConfigurationError, type Transport } from '../../src/index.js';
import { type GenerateOptions, JobFamily } from './job-family.js';
import type { JobParams, JobResult, JobSuccess, TextToSpeechParams } from './schemas.js';

// The most a text_to_speech prompt may hold (docs-v2 voice-cloning/openapi.json).
const maxPromptChars = 2_500;

/**
 * ModelsLab voice (`/v6/voice`, docs-v2 voice-cloning/openapi.json): text to speech, queued
 * like the other families and fetched at `POST /voice/fetch/{id}` (voice-cloning/openapi.json
 * and fetch-voice.mdx document no separate TTS fetch). Other voice endpoints (`voice_to_voice`, `music_gen`...) take the same flow
 * through `client.request`.
 *
 * @example
 * ```ts no-run
 * const speech = await client.audio.generate({ prompt: 'Hello!', voice_id: 'madison', language: 'american english' });
 * console.log(speech.output[0]); // an audio URL
 * ```
 */
export class Audio extends JobFamily {
  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    super(transport, 'voice');
  }

  /**
   * `POST /voice/text_to_speech`.
   *
   * @param params `prompt` (≤ 2,500 characters), `voice_id`, `language`, `speed`, `emotion`.
   * @param options Per-call options.
   * @returns The job's first answer.
   * @throws {ConfigurationError} For a missing field or a prompt over 2,500 characters.
   */
  textToSpeech(params: TextToSpeechParams, options: CallOptions = {}): ApiPromise<JobResult> {
    return this.start('text_to_speech', params, required, options, checkPrompt);
  }

  /**
   * `textToSpeech`, then waits for it.
   *
   * @param params As for {@link Audio.textToSpeech}.
   * @param options An overall `timeoutMs`, a `signal`, the poll bounds.
   * @returns The finished job; `output` holds the audio URL.
   */
  generate(params: TextToSpeechParams, options: GenerateOptions = {}): Promise<JobSuccess> {
    return this.startAndWait('text_to_speech', params, required, options, checkPrompt);
  }
}

const required = ['prompt', 'voice_id', 'language'];

function checkPrompt(params: JobParams): void {
  const { prompt } = params;
  if (typeof prompt === 'string' && prompt.length > maxPromptChars) {
    throw new ConfigurationError(
      `ModelsLab: text_to_speech takes a prompt of at most ${maxPromptChars} characters; this one has ${prompt.length}. Split the text.`,
    );
  }
}

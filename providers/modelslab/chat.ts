import * as v from 'valibot';
import { type ApiPromise, type CallOptions, ConfigurationError, type Transport } from '../../src/index.js';

// ModelsLab's OpenAI-compatible LLM API: `POST https://modelslab.com/api/v7/llm/chat/completions`
// with `Authorization: Bearer <key>` (docs-v2 llm-api/openapi.json `bearerAuth`,
// llm-api/chat-completions.mdx). It lives beside the v6 API, on the same origin.

/** The path of chat completions, relative to the v6 base URL. */
export const CHAT_COMPLETIONS_PATH = '../v7/llm/chat/completions';
/** The route (relative to the v6 base URL) whose requests carry the key as a Bearer header. */
export const CHAT_ROUTE_PATH = '../v7/llm/';

/** One message of a conversation. */
export interface ChatMessage {
  /** Who speaks: `system`, `user` or `assistant`. */
  role: 'system' | 'user' | 'assistant' | (string & {});
  /** What is said. */
  content: string;
  /** Other OpenAI-style fields pass through. */
  [field: string]: unknown;
}

/** Parameters of `chat.completions.create`, in OpenAI's (and ModelsLab's) names. */
export interface ChatCompletionParams {
  /**
   * The model. The OpenAPI file makes only `messages` required; the advanced-parameters page
   * says `model` is required: send it.
   */
  model?: string | undefined;
  /** The conversation so far, oldest first; at least one message. */
  messages: ChatMessage[];
  max_tokens?: number | undefined;
  temperature?: number | undefined;
  top_p?: number | undefined;
  /** Streaming is not supported by this method yet; leave it unset. */
  stream?: false | undefined;
  [field: string]: unknown;
}

const ChatCompletionSchema = v.looseObject({
  id: v.string(),
  object: v.optional(v.string()),
  created: v.optional(v.number()),
  model: v.optional(v.nullable(v.string())),
  choices: v.array(
    v.looseObject({
      index: v.number(),
      message: v.looseObject({
        role: v.string(),
        content: v.nullable(v.string()),
      }),
      // "stop" | "length" | "content_filter" (llm-api/openapi.json); also "function_call"
      // (uncensored-chat-api/openapi.json): any string is kept.
      finish_reason: v.nullable(v.string()),
    }),
  ),
  usage: v.optional(
    v.nullable(
      v.looseObject({
        prompt_tokens: v.number(),
        completion_tokens: v.number(),
        total_tokens: v.number(),
      }),
    ),
  ),
});

/** A chat completion: `choices[0].message.content` holds the reply. */
export type ChatCompletion = v.InferOutput<typeof ChatCompletionSchema>;

/** `chat.completions`. */
export class ChatCompletions {
  readonly #transport: Transport;

  /** @param transport The client's transport (whose `chat` route signs with a Bearer header). */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Creates a chat completion (`POST /api/v7/llm/chat/completions`). The key travels as
   * `Authorization: Bearer`, never in the body, on this route only.
   *
   * @param params `model`, `messages` and any other OpenAI-style field.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns The completion.
   * @throws {ConfigurationError} For no messages, `stream: true`, or a `key` in the params.
   */
  create(params: ChatCompletionParams, options: CallOptions = {}): ApiPromise<ChatCompletion> {
    return this.#transport.request(() => {
      checkChat(params);
      return {
        ...options,
        method: 'POST',
        path: CHAT_COMPLETIONS_PATH,
        json: { ...params },
        // A completion costs tokens: never resent after an ambiguous failure.
        safeToRetry: false,
        schema: ChatCompletionSchema,
      };
    });
  }
}

/**
 * ModelsLab's OpenAI-compatible chat, on the same client as the generation APIs.
 *
 * @example
 * ```ts no-run
 * const reply = await client.chat.completions.create({ model: 'meta-llama-3-8B-instruct', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(reply.choices[0]?.message.content);
 * ```
 */
export class Chat {
  /** Chat completions. */
  readonly completions: ChatCompletions;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.completions = new ChatCompletions(transport);
  }
}

function checkChat(params: ChatCompletionParams): void {
  if (!Array.isArray(params?.messages) || params.messages.length === 0) {
    throw new ConfigurationError('ModelsLab: chat.completions.create needs a non-empty `messages` array.');
  }
  if ((params as { stream?: unknown }).stream === true) {
    throw new ConfigurationError(
      'ModelsLab: chat.completions.create does not stream yet; leave `stream` unset to get the whole completion.',
    );
  }
  if (Object.hasOwn(params, 'key')) {
    throw new ConfigurationError(
      'ModelsLab: do not put the key in the params; the chat API takes it as a Bearer header, which keygate sets.',
    );
  }
}

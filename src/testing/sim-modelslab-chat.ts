import type { ModelsLabKeyScenario, SimRequest, SimResponse } from './sim-types.js';

// ModelsLab's OpenAI-compatible chat (docs.modelslab.com/llm-api/chat-completions): unlike the
// v6 routes, the key travels as `Authorization: Bearer`, and errors come as `{ error: {...} }`
// with real HTTP statuses.

const chatError = (
  status: number,
  type: string,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SimResponse => ({ status, body: { error: { message, type, code } }, ...(headers ? { headers } : {}) });

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

interface ChatMessage {
  role: string;
  content: string;
}

/** Answers `POST v7/llm/chat/completions` by echoing the last user message. */
export class ModelsLabChat {
  readonly #keys: Map<string, ModelsLabKeyScenario>;
  #nextId = 1;

  /** @param keys Key → scenario; unknown keys are invalid. */
  constructor(keys: Map<string, ModelsLabKeyScenario>) {
    this.#keys = keys;
  }

  /**
   * Answers one chat completion.
   *
   * @param request The parsed request.
   * @returns The completion or an OpenAI-style error.
   */
  complete(request: SimRequest): SimResponse {
    const body = request.body instanceof FormData || request.body === undefined ? {} : request.body;
    if ('key' in body) {
      return chatError(
        400,
        'invalid_request_error',
        'key_in_body',
        'Send the API key as Authorization: Bearer, not in the body.',
      );
    }
    const denied = this.#authenticate(request.headers.authorization);
    if (denied) return denied;
    const messages = readMessages(body.messages);
    if (!messages) {
      return chatError(
        400,
        'invalid_request_error',
        'invalid_messages',
        'messages must be a non-empty array of { role, content } objects.',
      );
    }
    if (body.stream === true)
      return chatError(400, 'invalid_request_error', 'stream_unsupported', 'The simulator does not stream.');
    const lastUser = messages.findLast((message) => message.role === 'user')?.content ?? '';
    const content = `Echo: ${lastUser}`;
    const promptTokens = messages.reduce((sum, message) => sum + words(message.content), 0);
    const completionTokens = words(content);
    return {
      status: 200,
      body: {
        id: `chat-${this.#nextId++}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: typeof body.model === 'string' ? body.model : 'sim-llm',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      },
    };
  }

  #authenticate(authorization: string | undefined): SimResponse | undefined {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    switch (key === undefined ? 'invalid' : (this.#keys.get(key) ?? 'invalid')) {
      case 'valid':
        return undefined;
      case 'noCredits':
        return chatError(402, 'insufficient_quota', 'insufficient_credits', 'Insufficient credits.');
      case 'forbidden':
        return chatError(403, 'permission_error', 'forbidden', 'This model is not available on your plan.');
      case 'rateLimited':
        return chatError(429, 'rate_limit_error', 'rate_limit_exceeded', 'Rate limit exceeded.', {
          'retry-after': '1',
        });
      default:
        return chatError(401, 'authentication_error', 'invalid_api_key', 'Invalid API key');
    }
  }
}

function readMessages(value: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const valid = value.every(
    (message: unknown) =>
      typeof message === 'object' &&
      message !== null &&
      typeof (message as ChatMessage).role === 'string' &&
      typeof (message as ChatMessage).content === 'string',
  );
  return valid ? (value as ChatMessage[]) : undefined;
}

import { describe, expect, it } from 'vitest';
import { classifyModelsLabResponse } from '../../../providers/modelslab/errors.js';
import { type ApiErrorKind, createApiError, type ErrorDetails, isKeygateError } from '../../../src/index.js';

const kinds: ApiErrorKind[] = [
  'bad_request',
  'authentication',
  'insufficient_credits',
  'permission_denied',
  'not_found',
  'rate_limit',
  'server',
  'api',
];

const responseFor = (body: unknown, status = 200) => ({
  provider: 'ModelsLab',
  status,
  statusText: '',
  method: 'POST',
  url: 'https://modelslab.com/api/v6/images/text2img',
  headers: new Headers(),
  body,
});
const classify = (body: unknown, status = 200): ErrorDetails | undefined =>
  classifyModelsLabResponse(responseFor(body, status));
const kindOf = (message: string) => classify({ status: 'error', message })?.kind;

describe('classifyModelsLabResponse: whole words', () => {
  it.each([
    // "rate" is inside "generate", "moderate", "accelerate": none of them is a rate limit.
    ['Failed to generate image', 'generation_failed'],
    ['Please moderate your prompt and try again', 'bad_request'],
    ['Could not accelerate the model, choose another scheduler', 'bad_request'],
    // A content filter's "limit" is a refusal, not a reason to wait and send it again.
    ['NSFW content detected, limit exceeded', 'bad_request'],
    ['Your prompt exceeds the token limit', 'bad_request'],
  ] as const)('%j → %s', (message, kind) => {
    expect(kindOf(message)).toBe(kind);
  });

  it('classifies the messages ModelsLab documents, a generation failure as a server failure', () => {
    // https://docs.modelslab.com/error-codes (ModelsLab/docs-v2 error-codes.mdx, rate-limits.mdx)
    expect(
      classify({
        status: 'error',
        message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
        retry_after: 30,
      }),
    ).toMatchObject({ kind: 'rate_limit', retryAfterMs: 30_000 });
    expect(kindOf('Your queue is full')).toBe('rate_limit');
    expect(kindOf('Too many requests')).toBe('rate_limit');
    expect(classify({ status: 'error', messege: 'Invalid Api Key' })?.kind).toBe('authentication');
    expect(kindOf('Invalid API key')).toBe('authentication');
    expect(kindOf('Api key is missing')).toBe('authentication');
    expect(kindOf('Insufficient credits. Please add more credits to continue.')).toBe('insufficient_credits');
    expect(kindOf('This feature requires a premium subscription')).toBe('permission_denied');
    // The 500 example, inside an HTTP 200 answer: the provider failed, trying again may succeed.
    expect(kindOf('Internal server error. Please try again.')).toBe('server');
    expect(kindOf('Service temporarily unavailable. Please try again later.')).toBe('server');
    // Priorities: a key problem beats credits, credits beat the plan, the plan beats the queue.
    expect(kindOf('Invalid API key: no credits can be charged')).toBe('authentication');
    expect(kindOf('Insufficient credits on your plan')).toBe('insufficient_credits');
    expect(kindOf('Upgrade your plan to queue more requests: queue is full')).toBe('permission_denied');
  });

  it('reads a message nested under error, as the JSON-RPC errors are', () => {
    // ModelsLab/docs-v2 mcp-web-api/overview.mdx
    const details = classify({
      status: 'error',
      error: { code: -32600, message: 'Authentication required. Please provide a valid API key.' },
    });
    expect(details).toMatchObject({
      kind: 'authentication',
      message: 'Authentication required. Please provide a valid API key.',
    });
  });
});

describe('classifyModelsLabResponse: hostile bodies', () => {
  const deep: Record<string, unknown> = {};
  let cursor = deep;
  for (let i = 0; i < 10_000; i += 1) {
    const next: Record<string, unknown> = {};
    cursor.a = next;
    cursor = next;
  }

  // One test over the whole table: every row must hold, and any row that throws fails it.
  const hostile: Array<[string, Record<string, unknown>]> = [
    ['a message with a non-callable toString', { message: { prompt: { toString: 1 } } }],
    ['a null-prototype reason', { message: { prompt: Object.create(null) } }],
    ['a message that is a null-prototype object', { message: Object.create(null) }],
    [
      'retry_after with a non-callable toString',
      { message: 'Too many requests', retry_after: { toString: 1 } },
    ],
    [
      'retry_after that is a null-prototype object',
      { message: 'Slow down', retry_after: Object.create(null) },
    ],
    ['a list of messages', { message: ['Invalid API key', 'try again'] }],
    ['a list under messege', { messege: ['Your queue is full', { toString: 1 }] }],
    ['an error object', { error: { field: 'x' } }],
    ['an error list', { error: [['a'], [{ toString: 1 }]] }],
    ['a message nested 10,000 deep', { message: deep }],
    ['a number code', { message: 'x', code: 42 }],
    ['an object code', { message: 'x', code: { toString: 1 } }],
    ['a number message', { message: 404 }],
    ['a null-prototype body', Object.assign(Object.create(null), { message: 'Invalid API key' })],
  ];

  it('gives typed details with a string message for every hostile body, and never throws', () => {
    for (const [name, fields] of hostile) {
      const body = Object.assign(Object.getPrototypeOf(fields) === null ? Object.create(null) : {}, {
        status: 'error',
        ...fields,
      });
      let details: ErrorDetails | undefined;
      expect(() => {
        details = classify(body);
      }, name).not.toThrow();
      expect(kinds, name).toContain(details?.kind);
      expect(['string', 'undefined'], name).toContain(typeof details?.message);
      expect(details?.message ?? '', name).not.toContain('[object');
      expect(['string', 'undefined'], name).toContain(typeof details?.code);
      const error = createApiError(responseFor(body), details);
      expect(isKeygateError(error), name).toBe(true);
      expect(error.message, name).not.toContain('[object');
    }
  });

  it('joins lists and validation errors into readable text', () => {
    expect(classify({ status: 'error', message: ['Invalid API key', 'try again'] })).toMatchObject({
      kind: 'authentication',
      message: 'Invalid API key; try again',
    });
    expect(classify({ status: 'error', messege: ['Your queue is full', { toString: 1 }] })).toMatchObject({
      kind: 'rate_limit',
      message: 'Your queue is full; toString: 1',
    });
    expect(
      classify({ status: 'error', message: { prompt: ['is required.', 'must be text.'], width: 7 } })
        ?.message,
    ).toBe('prompt: is required. must be text.; width: 7');
    expect(classify({ status: 'error', message: { prompt: Object.create(null) } })?.message).toBeUndefined();
    expect(classify({ status: 'error', code: 42, message: 'x' })?.code).toBe('42');
  });

  it('reads retry_after only when it is a non-negative number of seconds, and caps it', () => {
    const cases: Array<[unknown, number | undefined]> = [
      ['soon', undefined],
      [[], undefined],
      [{}, undefined],
      [null, undefined],
      [true, undefined],
      ['', undefined],
      ['0x10', undefined],
      ['1e3', undefined],
      [-5, undefined],
      [Number.NaN, undefined],
      ['12', 12_000],
      [' 1.5 ', 1_500],
      [0, 0],
      // Anything over a day is capped: setTimeout fires at once for more than 24.8 days.
      [1e308, 86_400_000],
      [Number.POSITIVE_INFINITY, 86_400_000],
    ];
    for (const [retryAfter, expected] of cases) {
      const details = classify({ status: 'error', message: 'Too many requests', retry_after: retryAfter });
      expect(details?.kind).toBe('rate_limit');
      expect(details?.retryAfterMs, JSON.stringify(retryAfter) ?? String(retryAfter)).toBe(expected);
    }
  });
});

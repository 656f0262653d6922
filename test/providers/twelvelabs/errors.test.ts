import { describe, expect, it } from 'vitest';
import { classifyTwelveLabsResponse } from '../../../providers/twelvelabs/errors.js';
import {
  BadRequestError,
  createApiError,
  type ErrorDetails,
  isKeygateError,
  NotFoundError,
  RateLimitError,
} from '../../../src/index.js';

const responseFor = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  provider: 'TwelveLabs',
  status,
  statusText: '',
  method: 'POST',
  url: 'https://api.twelvelabs.io/v1.3/search',
  headers: new Headers(headers),
  body,
});
const tooManyRequests = (message: unknown) => ({ code: 'too_many_requests', message });
// The too_many_requests message of https://docs.twelvelabs.io/api-reference/error-codes:
// "You have exceeded the rate limit ({rate_limit}). Please try again later after {retry_after}."
const documented = (retryAfter: string) =>
  `You have exceeded the rate limit (60 requests per minute). Please try again later after ${retryAfter}.`;

describe('classifyTwelveLabsResponse: the wait a 429 message names', () => {
  it('takes retryAfterMs from the too_many_requests message when no Retry-After header says it', () => {
    const response = responseFor(429, tooManyRequests(documented('42 seconds')));
    expect(classifyTwelveLabsResponse(response)?.retryAfterMs).toBe(42_000);
    const error = createApiError(response, classifyTwelveLabsResponse(response));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(42_000);

    // A header is exact and wins: the classifier leaves the wait to it.
    const withHeader = responseFor(429, tooManyRequests(documented('42 seconds')), { 'retry-after': '7' });
    expect(classifyTwelveLabsResponse(withHeader)?.retryAfterMs).toBeUndefined();
    expect(
      (createApiError(withHeader, classifyTwelveLabsResponse(withHeader)) as RateLimitError).retryAfterMs,
    ).toBe(7_000);
  });

  it('reads seconds and the other units the sentence may use', () => {
    const cases: Array<[string, number | undefined]> = [
      [documented('30 seconds'), 30_000],
      [documented('1 second'), 1_000],
      [documented('1.5 seconds'), 1_500],
      [documented('45s'), 45_000],
      [documented('30'), 30_000],
      [documented('1 minute and 30 seconds'), 90_000],
      [documented('2 minutes, 5 seconds'), 125_000],
      [documented('2 hours'), 7_200_000],
      [documented('0:01:30'), 90_000],
      [documented('500 ms'), 500],
      [`${documented('30 seconds')} Contact support if this persists.`, 30_000],
      // More than a day is capped; a unit keygate does not know, or no number, is no wait.
      [documented('3 days'), 86_400_000],
      [documented('5 months'), undefined],
      [documented('a while'), undefined],
      ['You have exceeded the rate limit. Try again later.', undefined],
    ];
    for (const [message, expected] of cases) {
      expect(
        classifyTwelveLabsResponse(responseFor(429, tooManyRequests(message)))?.retryAfterMs,
        message,
      ).toBe(expected);
    }
    // The code decides where the status does not: a 400 with too_many_requests is a rate limit too.
    const coded = classifyTwelveLabsResponse(responseFor(400, tooManyRequests(documented('30 seconds'))));
    expect(coded).toMatchObject({ kind: 'rate_limit', retryAfterMs: 30_000 });
    // Without the code, the same words in another error are not a wait.
    expect(
      classifyTwelveLabsResponse(
        responseFor(400, { code: 'parameter_invalid', message: documented('30 seconds') }),
      )?.retryAfterMs,
    ).toBe(undefined);
  });
});

describe('classifyTwelveLabsResponse: hostile bodies', () => {
  it('never throws, and falls back to the next field that holds text or a code', () => {
    const cases: Array<[number, unknown]> = [
      [429, tooManyRequests({ toString: 1 })],
      [429, tooManyRequests(Object.create(null))],
      [429, tooManyRequests(['try again later after', '30 seconds'])],
      [429, tooManyRequests(`Please try again later after ${'9'.repeat(100_000)} seconds`)],
      [404, { code: { toString: 1 }, message: { toString: 1 }, detail: 'Index not found' }],
      [404, { code: 404, message: 'Index not found' }],
      [404, ['index_not_found', 'Index not found']],
      [404, Object.assign(Object.create(null), { code: 'index_not_found', message: 'Index not found' })],
      [400, { code: 'x'.repeat(10_000), message: ['a', 'b'], error: { code: 'parameter_invalid' } }],
    ];
    for (const [status, body] of cases) {
      let details: ErrorDetails | undefined;
      expect(() => {
        details = classifyTwelveLabsResponse(responseFor(status, body));
      }).not.toThrow();
      expect(['string', 'undefined']).toContain(typeof details?.message);
      expect(['string', 'undefined']).toContain(typeof details?.code);
      expect(['number', 'undefined']).toContain(typeof details?.retryAfterMs);
      const error = createApiError(responseFor(status, body), details);
      expect(isKeygateError(error)).toBe(true);
      expect(error.message).not.toContain('[object');
    }
    // A code or message of the wrong type gives way to the next candidate that has text.
    const notFound = { code: { toString: 1 }, message: { toString: 1 }, detail: 'Index not found' };
    const error = createApiError(
      responseFor(404, notFound),
      classifyTwelveLabsResponse(responseFor(404, notFound)),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('Index not found');
    const numbered = responseFor(404, { code: 404, message: 'Index not found' });
    expect(createApiError(numbered, classifyTwelveLabsResponse(numbered)).code).toBe('404');
    const nested = responseFor(400, { code: { toString: 1 }, error: { code: 'parameter_invalid' } });
    expect(createApiError(nested, classifyTwelveLabsResponse(nested)).code).toBe('parameter_invalid');
  });

  it('reads a code named like an object property as an unknown code, not as a class', () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const details = classifyTwelveLabsResponse(responseFor(400, { code, message: 'odd' }));
      expect(details?.kind).toBeUndefined();
      expect(createApiError(responseFor(400, { code, message: 'odd' }), details)).toBeInstanceOf(
        BadRequestError,
      );
    }
  });
});

describe('classifyTwelveLabsResponse: documented codes decide the class', () => {
  it.each([
    [
      400,
      { code: 'resource_not_exist', message: 'Resource with id 1 does not exist in indexes.' },
      'NotFoundError',
    ],
    [
      401,
      { code: 'api_key_invalid', message: 'API Key is either invalid or expired.' },
      'AuthenticationError',
    ],
    [400, { code: 'too_many_requests', message: documented('5 seconds') }, 'RateLimitError'],
    [
      403,
      { code: 'api_allowed_for_paid_plan', message: 'API is allowed for paid plan only.' },
      'PermissionDeniedError',
    ],
    [400, { code: 'api_not_allowed', message: 'API is not allowed to use.' }, 'PermissionDeniedError'],
    [400, { code: 'usage_limit_exceeded', message: 'Usage limit exceeded.' }, 'InsufficientCreditsError'],
    [
      409,
      { code: 'index_name_already_exists', message: 'Index name cats already exists.' },
      'BadRequestError',
    ],
    // Newer endpoints nest the error (twelvelabs-js ErrorResponse.ts).
    [400, { error: { code: 'resource_not_exist', message: 'No such asset.' } }, 'NotFoundError'],
  ] as const)('%i %j → %s', (status, body, name) => {
    const response = responseFor(status, body);
    const error = createApiError(response, classifyTwelveLabsResponse(response));
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    const code = 'code' in body ? body.code : body.error.code;
    expect(error.code).toBe(code);
    if (name === 'AuthenticationError') expect(error.message).toMatch(/invalid or expired/);
    if (name === 'AuthenticationError') expect(error.message).toContain('expire every 90 days');
    if (name === 'RateLimitError') expect((error as RateLimitError).retryAfterMs).toBe(5_000);
  });

  it('the 404 hint of a list call names the base URL; of a call with an id, the id', () => {
    const list = {
      ...responseFor(404, { code: 'endpoint_not_exists' }),
      method: 'GET',
      url: 'https://proxy.example/v1.2/indexes',
    };
    expect(createApiError(list, classifyTwelveLabsResponse(list)).message).toMatch(
      /Check the base URL: GET https:\/\/proxy\.example\/v1\.2\/indexes/,
    );
    const one = {
      ...responseFor(404, { code: 'resource_not_exist' }),
      method: 'GET',
      url: 'https://api.twelvelabs.io/v1.3/indexes/abc',
    };
    expect(createApiError(one, classifyTwelveLabsResponse(one)).message).toMatch(/Check the id/);
  });
});

it('an auth failure whose message does not say "expired" gets a hint that does', () => {
  const response = responseFor(401, { code: 'unauthorized', message: 'Authentication failed.' });
  expect(createApiError(response, classifyTwelveLabsResponse(response)).message).toMatch(
    /Authentication failed\. The key is invalid or expired \(TwelveLabs keys expire every 90 days\)/,
  );
});

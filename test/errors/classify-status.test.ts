import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  createApiError,
  InsufficientCreditsError,
  isApiError,
  isAuthenticationError,
  isKeygateError,
  isRateLimitError,
  kindForStatus,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '../../src/index.js';

function errorFor(
  status: number,
  body: unknown = { code: 'some_code', message: 'Something happened' },
  headers = {},
) {
  return createApiError({
    provider: 'Test',
    status,
    statusText: '',
    method: 'GET',
    url: 'https://api.example.test/v1/things',
    headers: new Headers(headers),
    body,
  });
}

describe('status → error class', () => {
  it.each([
    [400, BadRequestError, false],
    [401, AuthenticationError, false],
    [402, InsufficientCreditsError, false],
    [403, PermissionDeniedError, false],
    [404, NotFoundError, false],
    [405, ApiError, false],
    [408, ApiError, true],
    [409, BadRequestError, false],
    [422, BadRequestError, false],
    [429, RateLimitError, true],
    [500, ServerError, true],
    [501, ServerError, true],
    [503, ServerError, true],
  ])('%i → %o (retryable %s)', (status, errorClass, retryable) => {
    const error = errorFor(status);
    expect(error).toBeInstanceOf(errorClass);
    expect(error.constructor).toBe(errorClass);
    expect(error.name).toBe(errorClass.name);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.code).toBe('some_code');
    expect(error.provider).toBe('Test');
  });

  it('has no kind for a 2xx/3xx status', () => {
    expect(kindForStatus(200)).toBeUndefined();
    expect(kindForStatus(304)).toBeUndefined();
  });

  it('writes a message with what happened and what to do', () => {
    expect(errorFor(401).message).toBe(
      'Test answered 401 to GET https://api.example.test/v1/things (some_code): Something happened. ' +
        'Check that the API key is valid, not expired, and meant for this provider.',
    );
  });

  it('reads codes and messages nested under "error", and request ids from headers', () => {
    const error = errorFor(
      400,
      { error: { type: 'invalid_request', message: 'Bad field' } },
      { 'request-id': 'r-9' },
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Bad field');
    expect(error.requestId).toBe('r-9');
  });

  it('keeps a long HTML error page out of the message but in the body', () => {
    const page = `<html>${'x'.repeat(5_000)}</html>`;
    const error = errorFor(502, page);
    expect(error.message.length).toBeLessThan(300);
    expect(error.body).toBe(page);
  });
});

describe('guards, JSON and inspect', () => {
  it('guards recognise the class and its ancestors', () => {
    const error = errorFor(429);
    expect(isKeygateError(error)).toBe(true);
    expect(isApiError(error)).toBe(true);
    expect(isRateLimitError(error)).toBe(true);
    expect(isAuthenticationError(error)).toBe(false);
    expect(isKeygateError(new Error('x'))).toBe(false);
    expect(isKeygateError({ name: 'RateLimitError' })).toBe(false);
  });

  it('guards recognise an error from another copy of keygate by its brand', () => {
    const foreign = Object.assign(new Error('from another copy'), { name: 'AuthenticationError' });
    Object.defineProperty(foreign, Symbol.for('keygate.error'), { value: true });
    expect(isAuthenticationError(foreign)).toBe(true);
    expect(isApiError(foreign)).toBe(true);
  });

  it('toJSON gives the safe fields', () => {
    expect(JSON.parse(JSON.stringify(errorFor(404)))).toEqual({
      name: 'NotFoundError',
      message: expect.stringContaining('404'),
      provider: 'Test',
      status: 404,
      code: 'some_code',
      retryable: false,
      body: { code: 'some_code', message: 'Something happened' },
    });
  });

  it('util.inspect shows the stack and the fields', () => {
    const shown = inspect(errorFor(403));
    expect(shown).toMatch(/^PermissionDeniedError: Test answered 403/);
    expect(shown).toContain("code: 'some_code'");
  });
});

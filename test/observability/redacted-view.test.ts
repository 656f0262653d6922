import { describe, expect, it } from 'vitest';
import type { CallStart, SentRequest } from '../../src/observability/call-trace.js';
import {
  hiddenValues,
  redactStart,
  redactRequest as redactWith,
} from '../../src/observability/redact-request.js';
import { redactHeaders, requestView, responseView } from '../../src/observability/redacted-view.js';
import { REDACTED } from '../../src/transport/redact.js';
import {
  concealedKey,
  echoingHeaders,
  fakeCall,
  leakSpellings,
  unconcealedKey,
} from '../helpers/observed-call.js';

/** Redacts one request, learning into a fresh set. */
const redactRequest = (...args: [CallStart, SentRequest]) => redactWith(...args, new Set());

const expectNoLeak = (captured: unknown) => {
  const text = JSON.stringify(captured);
  for (const spelling of leakSpellings) expect(text).not.toContain(spelling);
};

describe('redactRequest', () => {
  it('redacts by location the header and query parameters the strategy placed, concealed or not', () => {
    const { start, sent } = fakeCall();
    const { url, headers } = redactRequest(start, sent());
    expect(new URL(url).searchParams.get('key')).toBe(REDACTED);
    expect(new URL(url).searchParams.get('sig')).toBe(REDACTED);
    expect(headers['x-custom-auth']).toBe(REDACTED);
    expect(headers['x-api-key']).toBe(REDACTED);
    expectNoLeak({ url, headers });
  });

  it('redacts a concealed key by value in the path, and keeps what the strategy left alone as sent', () => {
    const { start, sent } = fakeCall();
    const { url, headers } = redactRequest(start, sent());
    expect(url).toBe(
      `https://api.example.test/v1.3/indexes/${REDACTED}/videos?page=2&q=a+b+c&key=${REDACTED}&sig=${REDACTED}`,
    );
    expect(headers).toMatchObject({
      accept: 'application/json',
      'x-trace': 'abc',
      'content-type': 'application/json',
    });
  });

  it('shows an untouched query exactly as the call spelled it', () => {
    const { start } = fakeCall();
    const headers = new Headers(start.headers);
    headers.set('x-api-key', 'ml-test-key');
    const shown = redactRequest(start, { method: 'GET', url: new URL(start.url), headers });
    expect(shown.url).toBe('https://api.example.test/v1.3/indexes/me/videos?page=2&q=a+b%20c');
    expect(shown.headers['x-api-key']).toBe(REDACTED);
  });

  it('always hides credential headers by name, even ones the user set', () => {
    const { start, sent } = fakeCall();
    expect(redactRequest(start, sent()).headers.authorization).toBe(REDACTED);
  });

  it('redacts a changed value of a parameter the call already had, and one added under the same name', () => {
    const { start } = fakeCall();
    const url = new URL(start.url);
    url.searchParams.set('page', 'ml-test-key');
    expect(redactRequest(start, { method: 'GET', url, headers: start.headers }).url).toContain(
      `page=${REDACTED}`,
    );
    const appended = new URL(start.url);
    appended.searchParams.append('page', 'ml-test-key');
    const shown = redactRequest(start, { method: 'GET', url: appended, headers: start.headers }).url;
    expect(shown).toBe(
      `https://api.example.test/v1.3/indexes/me/videos?page=${REDACTED}&q=a+b+c&page=${REDACTED}`,
    );
  });

  it('treats a header the transport sets (multipart type, length) as the transport’s, but any other value as placed', () => {
    const { start } = fakeCall();
    const headers = new Headers(start.headers);
    headers.set('content-type', 'multipart/form-data; boundary=----keygate0123abcd');
    headers.set('content-length', '42');
    headers.set('x-trace', 'ml-test-key');
    const shown = redactRequest(start, { method: 'POST', url: start.url, headers }).headers;
    expect(shown['content-type']).toBe('multipart/form-data; boundary=----keygate0123abcd');
    expect(shown['content-length']).toBe('42');
    expect(shown['x-trace']).toBe(REDACTED);
  });

  it('drops userinfo and the fragment', () => {
    const { start } = fakeCall();
    const url = new URL(start.url);
    url.username = 'ml-test-key';
    url.hash = '#ml-test-key';
    expectNoLeak(redactRequest(start, { method: 'GET', url, headers: start.headers }).url);
  });

  it('scrubs the call’s own request by value when nothing was sent', () => {
    const { start, secrets } = fakeCall();
    secrets.add('me');
    expect(redactStart(start, new Set()).url).toBe(
      `https://api.example.test/v1.3/indexes/${REDACTED}/videos?page=2&q=a+b%20c`,
    );
  });
});

describe('values the strategy placed without concealing them', () => {
  it('are learned, and hidden by value wherever they appear again', () => {
    const { start, secrets, sent } = fakeCall();
    const learned = new Set<string>();
    const request = requestView(start, 1, redactWith(start, sent(), learned));
    expect([...learned]).toEqual([`Token ${unconcealedKey}`, unconcealedKey]);
    const echo = new Headers({
      'x-echo': `got ${encodeURIComponent(unconcealedKey)}`,
      'x-request-id': unconcealedKey,
    });
    const view = responseView(request, 200, 1, echo, hiddenValues(secrets, learned));
    expect(view.responseHeaders['x-echo']).toBe(`got ${REDACTED}`);
    expect(view.requestId).toBe(REDACTED);
  });

  it('are hidden in the path of the same request', () => {
    const { start } = fakeCall();
    const url = new URL(start.url);
    url.pathname = `/v1.3/${unconcealedKey}/videos`;
    url.searchParams.set('key', unconcealedKey);
    expect(redactRequest(start, { method: 'GET', url, headers: start.headers }).url).toBe(
      `https://api.example.test/v1.3/${REDACTED}/videos?page=2&q=a+b+c&key=${REDACTED}`,
    );
  });

  it('are not learned when short, or when they hold a concealed key (nothing more to hide)', () => {
    const { start, secrets } = fakeCall();
    secrets.add(concealedKey);
    const headers = new Headers(start.headers);
    headers.set('x-version', 'v2');
    headers.set('authorization', `Bearer ${concealedKey}`);
    const learned = new Set<string>();
    const shown = redactWith(start, { method: 'GET', url: start.url, headers }, learned);
    expect(learned.size).toBe(0);
    expect(hiddenValues(secrets, learned)).toBe(secrets);
    expect(shown.headers['x-version']).toBe(REDACTED);
  });
});

describe('responseView', () => {
  it('scrubs every echo of a concealed value from the response headers and the request id', () => {
    const { start, secrets, sent } = fakeCall();
    const request = requestView(start, 1, redactRequest(start, sent()));
    const view = responseView(request, 200, 12.5, echoingHeaders(), secrets);
    expect(view.requestId).toBe(`req-${REDACTED}`);
    expect(view.responseHeaders['x-echo']).toBe(`your key is ${REDACTED}`);
    expect(view.responseHeaders.location).toBe(`https://api.example.test/next?sig=${REDACTED}`);
    expect(view.responseHeaders['set-cookie']).toBe(REDACTED);
    expect(view.responseHeaders['x-ratelimit-remaining']).toBe('0');
    expect(view).toMatchObject({
      provider: 'twelvelabs',
      method: 'GET',
      attempt: 1,
      status: 200,
      durationMs: 12.5,
    });
    expectNoLeak(view);
  });

  it('reads the request id from the same headers errors do', () => {
    const request = requestView(fakeCall().start, 1, { url: 'https://x.test/', headers: {} });
    const id = (headers: Record<string, string>) =>
      responseView(request, 200, 1, new Headers(headers), new Set()).requestId;
    expect(id({ 'request-id': 'r1' })).toBe('r1');
    expect(id({ 'x-amzn-requestid': 'r2' })).toBe('r2');
    expect(id({})).toBeUndefined();
  });

  it('is frozen, headers included', () => {
    const { start, secrets, sent } = fakeCall();
    const request = requestView(start, 1, redactRequest(start, sent()));
    const view = responseView(request, 200, 1, echoingHeaders(), secrets);
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.isFrozen(view.headers)).toBe(true);
    expect(Object.isFrozen(view.responseHeaders)).toBe(true);
    expect(Object.isFrozen(request)).toBe(true);
  });
});

describe('redactHeaders', () => {
  it('joins repeated set-cookie lines, each hidden', () => {
    const headers = new Headers();
    headers.append('set-cookie', 'a=1');
    headers.append('set-cookie', 'b=2');
    expect(redactHeaders(headers, new Set())['set-cookie']).toBe(`${REDACTED}, ${REDACTED}`);
  });
});

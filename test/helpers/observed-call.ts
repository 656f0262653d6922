import { AuthenticationError } from '../../src/errors/authentication-error.js';
import { ConnectionError } from '../../src/errors/connection-error.js';
import { RateLimitError } from '../../src/errors/rate-limit-error.js';
import type { CallStart, CallTrace, SentRequest } from '../../src/observability/call-trace.js';
import type { Logger } from '../../src/observability/options.js';

/** Concealed by the strategy (it called `conceal`). */
export const concealedKey = 'tl-test-key';
/** A second concealed value whose percent-encoding differs from itself. */
export const concealedSlashKey = 'tl-test-key/+=';
/** Placed by a careless custom strategy that never called `conceal`: only its location hides it. */
export const unconcealedKey = 'ml-test-key';
/** Every spelling a leak could take, for `not.toContain`. */
export const leakSpellings = [
  concealedKey,
  unconcealedKey,
  encodeURIComponent(concealedSlashKey),
  'tl-test',
  'ml-test',
];

/**
 * A call to a fake provider whose strategy places keys everywhere: the path, a header of its own
 * (`x-api-key`), a header that is not concealed (`x-custom-auth`), and query parameters, one of
 * them not concealed. The call's own headers include a user-set `authorization`.
 */
export function fakeCall(): { start: CallStart; secrets: Set<string>; sent: () => SentRequest } {
  const secrets = new Set<string>();
  const start: CallStart = {
    provider: 'twelvelabs',
    providerName: 'TwelveLabs',
    method: 'GET',
    url: new URL('https://api.example.test/v1.3/indexes/me/videos?page=2&q=a+b%20c'),
    headers: new Headers({
      accept: 'application/json',
      'x-trace': 'abc',
      authorization: 'Bearer not-a-real-token',
    }),
    secrets,
  };
  const sent = (): SentRequest => {
    // What a strategy does: conceal, then place.
    secrets.add(concealedKey).add(concealedSlashKey);
    const url = new URL(start.url);
    url.pathname = `/v1.3/indexes/${concealedKey}/videos`;
    url.searchParams.append('key', unconcealedKey);
    url.searchParams.append('sig', concealedSlashKey);
    const headers = new Headers(start.headers);
    headers.set('x-api-key', concealedKey);
    headers.set('x-custom-auth', `Token ${unconcealedKey}`);
    headers.set('content-type', 'application/json');
    return { method: start.method, url, headers };
  };
  return { start, secrets, sent };
}

/** Response headers from a hostile server that echoes every concealed value. */
export function echoingHeaders(): Headers {
  return new Headers({
    'x-request-id': `req-${concealedKey}`,
    'x-echo': `your key is ${concealedKey}`,
    location: `https://api.example.test/next?sig=${encodeURIComponent(concealedSlashKey).toLowerCase()}`,
    'set-cookie': 'session=abc',
    'x-ratelimit-remaining': '0',
  });
}

/**
 * Plays a whole call on a trace: 429 then retry, 401 then key refresh, then a connection
 * failure and retry, then either a 200 or a final 401.
 *
 * @param trace The trace under test.
 * @param sent Builds each authenticated request.
 * @param outcome How the call ends.
 */
export function playCall(trace: CallTrace, sent: () => SentRequest, outcome: 'success' | 'failure'): void {
  const rateLimited = new RateLimitError(
    'TwelveLabs answered 429 to GET https://api.example.test/v1.3/indexes.',
    {
      provider: 'twelvelabs',
      status: 429,
      code: 'too_many_requests',
      retryable: true,
    },
  );
  const refused = new AuthenticationError('TwelveLabs rejected the API key (api_key_invalid).', {
    provider: 'twelvelabs',
    status: 401,
    code: 'api_key_invalid',
    requestId: 'req-[REDACTED]', // scrubbed by the loop, as every error the trace is given
    retryable: false,
  });
  trace.send(1, sent());
  trace.attemptEnd(1, { status: 429, headers: echoingHeaders(), error: rateLimited });
  trace.retry(1, 'rate_limit', 250, rateLimited);
  trace.send(2, sent());
  trace.attemptEnd(2, { status: 401, headers: echoingHeaders(), error: refused });
  trace.refresh(2);
  trace.send(3, sent());
  const dropped = new ConnectionError('Could not reach TwelveLabs (ECONNRESET).', { provider: 'twelvelabs' });
  Object.assign(dropped, { code: 'ECONNRESET' });
  trace.attemptEnd(3, { error: dropped });
  trace.retry(3, 'connection', 100, dropped);
  trace.send(4, sent());
  if (outcome === 'success') {
    trace.attemptEnd(4, { status: 200, headers: echoingHeaders() });
    trace.end({ attempts: 4, status: 200, headers: echoingHeaders() });
  } else {
    trace.attemptEnd(4, { status: 401, headers: echoingHeaders(), error: refused });
    // As the transport ends a call that throws: with the error alone, which knows its answer.
    trace.end({ attempts: 4, error: refused });
  }
}

/** One line a {@link captureLogger} received. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps every line, in order. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, fields, message });
    };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

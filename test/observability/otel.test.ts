import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createObserver } from '../../src/observability/observer.js';
import type { ObservabilityOptions } from '../../src/observability/options.js';
import { REDACTED } from '../../src/transport/redact.js';
import { keygateVersion } from '../../src/version.js';
import { fakeCall, leakSpellings, playCall } from '../helpers/observed-call.js';

function sdk() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracerProvider };
}

async function tracedCall(options: ObservabilityOptions, outcome: 'success' | 'failure', env = {}) {
  const observer = createObserver(options, 'twelvelabs', env);
  await observer?.ready;
  const call = fakeCall();
  const callTrace = observer?.start(call.start);
  if (callTrace) playCall(callTrace, call.sent, outcome);
  return callTrace;
}

function split(spans: ReadableSpan[]) {
  const callSpans = spans.filter((span) => span.kind === SpanKind.INTERNAL);
  const requestSpans = spans.filter((span) => span.kind === SpanKind.CLIENT);
  return { callSpan: callSpans[0], callSpans, requestSpans };
}

afterEach(() => {
  trace.disable();
});

describe('OpenTelemetry', () => {
  it('makes a call span and a client span per request, named and parented per the conventions', async () => {
    const { exporter, tracerProvider } = sdk();
    await tracedCall({ openTelemetry: { tracerProvider } }, 'success');
    const { callSpan, callSpans, requestSpans } = split(exporter.getFinishedSpans());
    expect(callSpans).toHaveLength(1);
    expect(callSpan?.name).toBe('keygate twelvelabs GET');
    expect(callSpan?.instrumentationScope).toMatchObject({ name: 'keygate', version: keygateVersion });
    expect(requestSpans.map((span) => span.name)).toEqual(['GET', 'GET', 'GET', 'GET']);
    for (const span of requestSpans) {
      expect(span.parentSpanContext?.spanId).toBe(callSpan?.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(callSpan?.spanContext().traceId);
    }
  });

  it('sets the HTTP client attributes on each request span, with the URL redacted', async () => {
    const { exporter, tracerProvider } = sdk();
    await tracedCall({ openTelemetry: { tracerProvider } }, 'success');
    const { requestSpans } = split(exporter.getFinishedSpans());
    expect(requestSpans[0]?.attributes).toEqual({
      'keygate.provider': 'twelvelabs',
      'http.request.method': 'GET',
      'server.address': 'api.example.test',
      'server.port': 443,
      'url.full': `https://api.example.test/v1.3/indexes/${REDACTED}/videos?page=2&q=a+b+c&key=${REDACTED}&sig=${REDACTED}`,
      'http.response.status_code': 429,
      'error.type': '429',
    });
    expect(requestSpans.map((span) => span.attributes['http.request.resend_count'])).toEqual([
      undefined,
      1,
      2,
      3,
    ]);
    expect(requestSpans.map((span) => span.attributes['http.response.status_code'])).toEqual([
      429,
      401,
      undefined,
      200,
    ]);
    expect(requestSpans.map((span) => span.attributes['error.type'])).toEqual([
      '429',
      '401',
      'ConnectionError',
      undefined,
    ]);
    expect(requestSpans.map((span) => span.status.code)).toEqual([
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.UNSET,
    ]);
  });

  it('records retries and key refreshes as events, and the outcome on the call span', async () => {
    const { exporter, tracerProvider } = sdk();
    await tracedCall({ openTelemetry: { tracerProvider } }, 'success');
    const { callSpan } = split(exporter.getFinishedSpans());
    expect(callSpan?.events.map((event) => [event.name, event.attributes])).toEqual([
      ['keygate.retry', { 'keygate.retry.reason': 'rate_limit', 'keygate.retry.wait_ms': 250 }],
      ['keygate.key_refresh', {}],
      ['keygate.retry', { 'keygate.retry.reason': 'connection', 'keygate.retry.wait_ms': 100 }],
    ]);
    expect(callSpan?.attributes).toMatchObject({ 'keygate.attempts': 4, 'http.response.status_code': 200 });
    expect(callSpan?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('marks a failed call ERROR with the scrubbed error’s message and class', async () => {
    const { exporter, tracerProvider } = sdk();
    await tracedCall({ openTelemetry: { tracerProvider } }, 'failure');
    const { callSpan } = split(exporter.getFinishedSpans());
    expect(callSpan?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'TwelveLabs rejected the API key (api_key_invalid).',
    });
    expect(callSpan?.attributes).toMatchObject({
      'error.type': 'AuthenticationError',
      'http.response.status_code': 401,
    });
  });

  it('never puts a key in a span: name, attributes, events or status', async () => {
    const { exporter, tracerProvider } = sdk();
    await tracedCall({ openTelemetry: { tracerProvider } }, 'success');
    await tracedCall({ openTelemetry: { tracerProvider } }, 'failure');
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(10);
    const text = JSON.stringify(
      spans.map(({ name, attributes, events, status }) => ({ name, attributes, events, status })),
    );
    expect(text).toContain(REDACTED);
    for (const spelling of leakSpellings) expect(text).not.toContain(spelling);
  });

  it('gives each redirect hop its own client span, counted as a resend', async () => {
    const { exporter, tracerProvider } = sdk();
    const observer = createObserver({ openTelemetry: { tracerProvider } }, 'twelvelabs', {});
    await observer?.ready;
    const call = fakeCall();
    const callTrace = observer?.start(call.start);
    callTrace?.send(1, call.sent());
    const hop = call.sent();
    hop.url.pathname = '/v1.3/moved';
    callTrace?.send(1, hop);
    callTrace?.attemptEnd(1, { status: 200, headers: new Headers() });
    callTrace?.end({ attempts: 1, status: 200 });
    const { requestSpans } = split(exporter.getFinishedSpans());
    expect(requestSpans.map((span) => span.attributes['http.request.resend_count'])).toEqual([undefined, 1]);
    expect(requestSpans[0]?.attributes['http.response.status_code']).toBeUndefined();
    expect(requestSpans[1]?.attributes['url.full']).toMatch(/^https:\/\/api\.example\.test\/v1\.3\/moved\?/);
  });

  it('names a loopback IPv6 server without brackets, with its port', async () => {
    const { exporter, tracerProvider } = sdk();
    const observer = createObserver({ openTelemetry: { tracerProvider } }, 'twelvelabs', {});
    await observer?.ready;
    const { start } = fakeCall();
    const local = { ...start, url: new URL('http://[::1]:8080/v1/things') };
    const callTrace = observer?.start(local);
    callTrace?.send(1, { method: 'GET', url: local.url, headers: local.headers });
    callTrace?.end({ attempts: 1, status: 200 });
    const { requestSpans } = split(exporter.getFinishedSpans());
    expect(requestSpans[0]?.attributes).toMatchObject({ 'server.address': '::1', 'server.port': 8080 });
  });

  it('uses the global tracer provider by default', async () => {
    const { exporter, tracerProvider } = sdk();
    trace.setGlobalTracerProvider(tracerProvider);
    await tracedCall({}, 'success');
    expect(exporter.getFinishedSpans()).toHaveLength(5);
  });

  it('does nothing per call when no SDK is registered (the call span is not recording)', async () => {
    expect(await tracedCall({}, 'success')).toBeUndefined();
  });

  it('is off with openTelemetry: false or KEYGATE_OTEL=off', async () => {
    const { exporter, tracerProvider } = sdk();
    trace.setGlobalTracerProvider(tracerProvider);
    expect(createObserver({ openTelemetry: false }, 'twelvelabs', {})).toBeUndefined();
    expect(createObserver({}, 'twelvelabs', { KEYGATE_OTEL: 'OFF' })).toBeUndefined();
    expect(createObserver({ openTelemetry: { tracerProvider } }, 'twelvelabs', { KEYGATE_OTEL: 'off' })).toBe(
      undefined,
    );
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('stays off, without failing, when the tracer provider throws', async () => {
    const throwing = {
      getTracer() {
        throw new Error('tracer provider down');
      },
    };
    const observer = createObserver({ openTelemetry: { tracerProvider: throwing } }, 'twelvelabs', {});
    await expect(observer?.ready).resolves.toBeUndefined();
    expect(observer?.start(fakeCall().start)).toBeUndefined();
    const broken = { getTracer: () => ({ startSpan: () => ({}) }) };
    const brokenObserver = createObserver({ openTelemetry: { tracerProvider: broken } }, 'twelvelabs', {});
    await brokenObserver?.ready;
    expect(brokenObserver?.start(fakeCall().start)).toBeUndefined();
  });
});

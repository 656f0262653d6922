import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import type { KeygateError } from '../errors/keygate-error.js';
import { redactText } from '../transport/redact.js';
import { keygateVersion } from '../version.js';
import type { CallStart } from './call-trace.js';
import type { ObservabilityOptions } from './options.js';
import type { CallWatcher, Watcher } from './watcher.js';

// Only the type is imported statically: the module itself is an optional peer dependency,
// loaded on demand, so keygate runs (untraced) where it is not installed.
type OtelApi = typeof import('@opentelemetry/api');

/** Tracing, once `ready` has settled; until then (and without the API) it watches nothing. */
export interface Tracing extends Watcher {
  /** Settles when `@opentelemetry/api` has been looked for; never rejects. */
  readonly ready: Promise<void>;
}

/**
 * OpenTelemetry tracing through `@opentelemetry/api`: a span per call (kind INTERNAL, named
 * `keygate <provider> <method>`) and, under it, a span per request sent (kind CLIENT, named by
 * the method, with the HTTP client semantic conventions' attributes: `http.request.method`,
 * `server.address`, `server.port`, `url.full` (redacted), `http.response.status_code`,
 * `error.type`, `http.request.resend_count`, plus `keygate.provider`). Retries and key refreshes
 * are events on the call span. A call whose span is not recording (no SDK registered) costs one
 * no-op span and nothing more.
 *
 * @param option The `openTelemetry` option: `false` turns tracing off; an object brings its
 *   own `tracerProvider`, otherwise the API's global one is used.
 * @param env The environment: `KEYGATE_OTEL=off` turns tracing off too.
 * @returns Tracing, or `undefined` when it is turned off.
 */
export function createTracing(
  option: ObservabilityOptions['openTelemetry'],
  env: NodeJS.ProcessEnv,
): Tracing | undefined {
  if (option === false || env.KEYGATE_OTEL?.trim().toLowerCase() === 'off') return undefined;
  let traced: { api: OtelApi; tracer: Tracer } | undefined;
  const ready = import('@opentelemetry/api')
    .then(
      (api) => {
        const provider = typeof option === 'object' ? option.tracerProvider : api.trace.getTracerProvider();
        traced = { api, tracer: provider.getTracer('keygate', keygateVersion) as Tracer };
      },
      () => {}, // not installed: tracing stays a no-op, silently, as an optional peer should
    )
    .catch(() => {}); // a `getTracer` that throws leaves tracing off
  return {
    ready,
    // The transport waits for `ready` before its first call, so no call starts before this knows.
    watch(call) {
      return traced === undefined ? undefined : watchCall(traced.api, traced.tracer, call);
    },
  };
}

function watchCall(api: OtelApi, tracer: Tracer, call: CallStart): CallWatcher | undefined {
  const common: Attributes = { 'keygate.provider': call.provider, 'http.request.method': call.method };
  const active = api.context.active();
  const callSpan = tracer.startSpan(
    `keygate ${call.provider} ${call.method}`,
    { kind: api.SpanKind.INTERNAL, attributes: common },
    active,
  );
  if (!callSpan.isRecording()) {
    callSpan.end();
    return undefined;
  }
  const parent = api.trace.setSpan(active, callSpan);
  // The origin never changes within a call (redirects are followed on the same origin only).
  const { hostname, port, protocol } = call.url;
  const server: Attributes = {
    'server.address': hostname.replace(/^\[(.*)\]$/, '$1'),
    'server.port': port === '' ? (protocol === 'http:' ? 80 : 443) : Number(port),
  };
  const failed = (span: Span, error: KeygateError) =>
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: redactText(error.message, call.secrets) });
  let requestSpan: Span | undefined;
  let sent = 0;
  return {
    request(view) {
      requestSpan?.end(); // a redirect hop: the request that was redirected is over
      const attributes: Attributes = { ...common, ...server, 'url.full': view.url };
      // Semantic conventions: counts every resend, whether a retry or a redirect.
      if (sent > 0) attributes['http.request.resend_count'] = sent;
      sent += 1;
      requestSpan = tracer.startSpan(view.method, { kind: api.SpanKind.CLIENT, attributes }, parent);
    },
    attemptEnd(_request, response, error) {
      const span = requestSpan;
      if (span === undefined) return;
      requestSpan = undefined;
      const status = response?.status;
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      // Semantic conventions: the status code when it says error, else the failure's kind.
      if (status !== undefined && status >= 400) span.setAttribute('error.type', String(status));
      else if (error !== undefined) span.setAttribute('error.type', error.name);
      if (error !== undefined) failed(span, error);
      else if (status !== undefined && status >= 400) span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.end();
    },
    retry(view) {
      callSpan.addEvent('keygate.retry', {
        'keygate.retry.reason': view.reason,
        'keygate.retry.wait_ms': view.waitMs,
      });
    },
    refresh() {
      callSpan.addEvent('keygate.key_refresh');
    },
    end({ attempts, status, failure }) {
      requestSpan?.end();
      requestSpan = undefined;
      callSpan.setAttribute('keygate.attempts', attempts);
      if (status !== undefined) callSpan.setAttribute('http.response.status_code', status);
      if (failure !== undefined) {
        callSpan.setAttribute('error.type', failure.error.name);
        failed(callSpan, failure.error);
      }
      callSpan.end();
    },
  };
}

import type { KeygateError } from '../errors/keygate-error.js';
import type { RetryReason } from '../transport/retry-policy.js';

/**
 * What keygate logs to: any object with the four level methods, called pino-style as
 * `logger.info({ ...fields }, 'message')`. A pino logger, `console`, or a wrapper of your own.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** How much keygate logs. `off` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/**
 * A request as hooks and logs see it: already redacted. The headers and query parameters the
 * strategy set are `[REDACTED]` whatever their name, and every concealed value is replaced
 * wherever else it appears.
 */
export interface RequestView {
  /** The provider's id, e.g. `twelvelabs`. */
  readonly provider: string;
  readonly method: string;
  /** The full URL, redacted. */
  readonly url: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The request headers, redacted, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The fingerprint of the key the attempt carries (e.g. `twelvelabs:e19bf5ba`), once placed. */
  readonly keyFingerprint: string | undefined;
}

/** A key close to its expiry (or past it), as hooks and logs see it: never the key. */
export interface KeyExpiryView {
  /** The provider's id, e.g. `twelvelabs`. */
  readonly provider: string;
  /** The key's fingerprint. */
  readonly fingerprint: string;
  /** Where the key came from, when its source says. */
  readonly origin: string | undefined;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** Whole days since it was issued. */
  readonly ageDays: number;
  /** Whole days until it expires: 0 on its last day, negative once expired. */
  readonly daysLeft: number;
}

/** An answer as hooks and logs see it (any status, before it is classified). */
export interface ResponseView extends RequestView {
  readonly status: number;
  /** Milliseconds from sending the attempt to the end of its body. */
  readonly durationMs: number;
  /** The provider's request id header, when it sent one. */
  readonly requestId: string | undefined;
  /** The response headers, with any concealed value redacted. */
  readonly responseHeaders: Readonly<Record<string, string>>;
}

/** A retry the attempt loop is about to make. */
export interface RetryView extends RequestView {
  /** `rate_limit`, `status` (408/5xx), `connection`, or `key` (a key source offers another key). */
  readonly reason: RetryReason;
  /** How long the loop waits before the next attempt. */
  readonly waitMs: number;
  /** The error of the attempt that failed (scrubbed), when there was one. */
  readonly error: KeygateError | undefined;
}

/** A call that failed for good. */
export interface ErrorView extends RequestView {
  /** The error the call throws (scrubbed). */
  readonly error: KeygateError;
  /** Milliseconds from the start of the call to its end. */
  readonly durationMs: number;
}

/**
 * Callbacks for metrics and audits. Each receives a redacted, frozen view; a hook that throws
 * or returns a rejected promise is ignored (it never changes the call).
 */
export interface Hooks {
  /** Before each attempt (and each same-origin redirect hop) is sent. */
  onRequest?(view: RequestView): void;
  /** When an attempt's answer has arrived, whatever its status. */
  onResponse?(view: ResponseView): void;
  /** Before the loop waits and sends the call again. */
  onRetry?(view: RetryView): void;
  /** When the call fails for good. */
  onError?(view: ErrorView): void;
  /**
   * When a call uses a key within `keyExpiryWarningDays` of its expiry (or past it): at most once
   * a day per key and transport. Needs a key source that knows `issuedAt`.
   */
  onKeyExpiring?(view: KeyExpiryView): void;
}

/** An OpenTelemetry `TracerProvider`, typed by its shape so keygate's types need no import of the API. */
export interface TracerProviderLike {
  getTracer(name: string, version?: string): unknown;
}

/** The observability options of a transport and of every client. */
export interface ObservabilityOptions {
  /**
   * Where keygate logs. Without one, keygate logs to `console` only when `logLevel` or `KEYGATE_LOG` asks it to.
   */
  logger?: Logger | undefined;
  /**
   * The lowest level logged.
   * @default the `KEYGATE_LOG` environment variable, else `'info'` with a logger and `'off'` without
   */
  logLevel?: LogLevel | undefined;
  /** Callbacks for metrics. */
  hooks?: Hooks | undefined;
  /**
   * OpenTelemetry tracing: a span per call and per attempt, through `@opentelemetry/api` when it
   * is installed (an optional peer dependency). `false` turns it off, as does `KEYGATE_OTEL=off`.
   * @default true
   */
  openTelemetry?: boolean | { readonly tracerProvider: TracerProviderLike } | undefined;
  /**
   * How many days before a key's expiry keygate starts to warn (a `warn` log line and the
   * `onKeyExpiring` hook), for keys whose source knows when they were issued.
   * @default 14
   */
  keyExpiryWarningDays?: number | undefined;
}

import { ConfigurationError } from '../errors/configuration-error.js';
import { defaultKeyExpiryWarningDays } from '../keys/expiry.js';
import type { Observer } from './call-trace.js';
import { createHookWatcher } from './hooks.js';
import { createKeyExpiryMonitor } from './key-expiry.js';
import { isLogLevel, resolveLogLevel } from './log-level.js';
import { consoleLogger, createLogWatcher } from './logger.js';
import type { Hooks, ObservabilityOptions } from './options.js';
import { createTracing } from './otel.js';
import { createViewTrace } from './view-trace.js';
import type { CallWatcher, Watcher } from './watcher.js';

const logMethods = ['debug', 'info', 'warn', 'error'] as const;
const hookNames: ReadonlySet<string> = new Set([
  'onRequest',
  'onResponse',
  'onRetry',
  'onError',
  'onKeyExpiring',
]);

/**
 * Builds a transport's observer from its options: the logger (or `console`, when only
 * `logLevel` or `KEYGATE_LOG` asks for logs), the hooks, and OpenTelemetry. Each watches calls
 * through redacted views only.
 *
 * @param options The transport's observability options, and the provider's key lifetime in days
 *   (`keyMaxAgeDays`, TwelveLabs: 90) for expiry warnings.
 * @param provider The provider, for error messages.
 * @param env Where `KEYGATE_LOG` and `KEYGATE_OTEL` are read, once, here.
 * @returns The observer, or `undefined` when nothing watches (the attempt loop then does no
 *   observability work at all).
 * @throws {ConfigurationError} For a logger without the four level methods, an unknown
 *   `logLevel`, a hook that is not a function, or an `openTelemetry` that is neither a boolean
 *   nor `{ tracerProvider }`.
 */
export function createObserver(
  options: ObservabilityOptions & { readonly keyMaxAgeDays?: number | undefined },
  provider: string,
  env: NodeJS.ProcessEnv = process.env,
): Observer | undefined {
  checkOptions(options, provider);
  const warnDays = options.keyExpiryWarningDays ?? defaultKeyExpiryWarningDays;
  if (typeof warnDays !== 'number' || !Number.isInteger(warnDays) || warnDays < 0) {
    throw new ConfigurationError(`${provider}: \`keyExpiryWarningDays\` must be a whole number of days.`);
  }
  const { logger, hooks } = options;
  const level = resolveLogLevel(options.logLevel, logger !== undefined, env);
  const tracing = createTracing(options.openTelemetry, env);
  const watchers = [
    createLogWatcher(logger ?? consoleLogger, level),
    hooks && createHookWatcher(hooks),
    tracing,
  ];
  const active = watchers.filter((watcher): watcher is Watcher => watcher !== undefined);
  if (active.length === 0) return undefined;
  const expiry = createKeyExpiryMonitor(options.keyMaxAgeDays, warnDays);
  const observer: Observer = {
    start(call) {
      const watching: CallWatcher[] = [];
      for (const watcher of active) {
        try {
          const watch = watcher.watch(call);
          if (watch !== undefined) watching.push(watch);
        } catch {
          // A tracer that throws on startSpan leaves this call untraced, not failed.
        }
      }
      return watching.length === 0 ? undefined : createViewTrace(call, watching, expiry);
    },
  };
  return tracing === undefined ? observer : { ...observer, ready: tracing.ready };
}

function checkOptions(options: ObservabilityOptions, provider: string): void {
  const fail = (message: string): never => {
    throw new ConfigurationError(`${provider}: ${message}`, { provider });
  };
  const { logger, logLevel, hooks, openTelemetry } = options;
  if (logger !== undefined) {
    const missing =
      typeof logger === 'object' || typeof logger === 'function'
        ? logMethods.filter((method) => typeof logger?.[method] !== 'function')
        : logMethods;
    if (missing.length > 0) {
      fail(
        `\`logger\` must have debug, info, warn and error methods (pino, console, …); missing: ${missing.join(', ')}.`,
      );
    }
  }
  if (logLevel !== undefined && !isLogLevel(logLevel)) {
    fail(`\`logLevel\` must be one of debug, info, warn, error or off, got ${describe(logLevel)}.`);
  }
  if (hooks !== undefined) {
    if (typeof hooks !== 'object' || hooks === null) fail('`hooks` must be an object of callbacks.');
    for (const name of hookNames) {
      const hook = hooks[name as keyof Hooks];
      if (hook !== undefined && typeof hook !== 'function') fail(`\`hooks.${name}\` must be a function.`);
    }
    // A misspelt hook would otherwise never be called, and nothing would say why.
    const unknown = Object.keys(hooks).find((name) => /^on[A-Z]/.test(name) && !hookNames.has(name));
    if (unknown !== undefined) {
      fail(
        `\`hooks.${unknown}\` is not a keygate hook; the hooks are onRequest, onResponse, onRetry and onError.`,
      );
    }
  }
  if (openTelemetry !== undefined && typeof openTelemetry !== 'boolean') {
    const getTracer = (openTelemetry as { tracerProvider?: { getTracer?: unknown } } | null)?.tracerProvider
      ?.getTracer;
    if (typeof getTracer !== 'function') {
      fail('`openTelemetry` must be true, false, or { tracerProvider } with a getTracer method.');
    }
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value).slice(0, 40) : typeof value;
}

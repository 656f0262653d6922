import type { KeygateError } from '../errors/keygate-error.js';
import { redactText } from '../transport/redact.js';
import { callSafely } from './call-safely.js';
import { logs } from './log-level.js';
import type { Logger, LogLevel, RequestView } from './options.js';
import type { CallWatcher, Watcher } from './watcher.js';

type LineLevel = Exclude<LogLevel, 'off'>;

/**
 * `console` as a {@link Logger}, message first so a terminal reads `keygate: GET … → 200 {…}`.
 * Looked up on every line, so a test's spy or a console replaced later is used.
 */
export const consoleLogger: Logger = {
  debug: (fields, message) => console.debug(message, fields),
  info: (fields, message) => console.info(message, fields),
  warn: (fields, message) => console.warn(message, fields),
  error: (fields, message) => console.error(message, fields),
};

/**
 * Logs calls, pino-style, from redacted views only:
 * - `debug`: each request sent, and each answer (status, duration, request id);
 * - `info`: each retry (reason, wait, what failed) and each key refresh;
 * - `warn`: a call that failed for good (the caller gets the error too, so it is not `error`).
 *
 * Fields are flat (`provider`, `method`, `url`, `attempt`, `status`, `durationMs`, `requestId`,
 * `reason`, `waitMs`, `keyFingerprint`) with `error: { name, message, code, status }`; never a
 * body, never a key. A key near its expiry is a `warn` line of its own.
 * A logger method that throws (or returns a rejected promise) is ignored.
 *
 * @param logger Where to log.
 * @param level The lowest level logged.
 * @returns The watcher, or `undefined` at `error` and `off`, where no line is logged.
 */
export function createLogWatcher(logger: Logger, level: LogLevel): Watcher | undefined {
  // Nothing is logged at `error` (a failed call is a warning: the caller gets the error itself).
  if (!logs(level, 'warn')) return undefined;
  // A broken logger must not break the call it was logging.
  const line: Line = (at, fields, message) => callSafely(() => logger[at](fields, message));
  return { watch: (call) => watchCall(line, level, call.secrets) };
}

type Line = (at: LineLevel, fields: Record<string, unknown>, message: string) => void;

/** The lines of one call, at `level` and above. */
function watchCall(line: Line, level: LogLevel, secrets: ReadonlySet<string>): CallWatcher {
  // The views are redacted already; the error's message is scrubbed again with the call's own
  // secrets, in case a custom classifier built it after the loop scrubbed.
  const errorFields = (error: KeygateError) => ({
    name: error.name,
    message: redactText(error.message, secrets),
    code: codeOf(error),
    status: statusOf(error),
  });
  const watcher: CallWatcher = {};
  if (logs(level, 'debug')) {
    watcher.request = (view) => line('debug', base(view), `keygate: ${target(view)}${attemptNote(view)}`);
    watcher.attemptEnd = (request, response, error) => {
      if (response !== undefined) {
        const { status, durationMs, requestId } = response;
        line(
          'debug',
          { ...base(request), status, durationMs, requestId },
          `keygate: ${target(request)} → ${status}`,
        );
      } else if (error !== undefined) {
        line(
          'debug',
          { ...base(request), error: errorFields(error) },
          `keygate: ${target(request)} ✗ ${error.name}`,
        );
      }
    };
  }
  if (logs(level, 'info')) {
    watcher.retry = (view) => {
      const fields = {
        ...base(view),
        reason: view.reason,
        waitMs: view.waitMs,
        status: statusOf(view.error),
      };
      const message = `keygate: retrying ${target(view)} in ${view.waitMs} ms (${view.reason})`;
      line(
        'info',
        view.error === undefined ? fields : { ...fields, error: errorFields(view.error) },
        message,
      );
    };
    watcher.refresh = (view) =>
      line(
        'info',
        base(view),
        `keygate: ${view.provider} refused the key; refreshing it for ${target(view)}`,
      );
  }
  if (logs(level, 'warn')) {
    watcher.keyExpiring = (view) => {
      const { provider, fingerprint, origin, expiresAt, daysLeft, ageDays } = view;
      const when = daysLeft < 0 ? `expired ${-daysLeft} day(s) ago` : `expires in ${daysLeft} day(s)`;
      line(
        'warn',
        {
          provider,
          keyFingerprint: fingerprint,
          keyOrigin: origin,
          ageDays,
          daysLeft,
          expiresAt: expiresAt.toISOString(),
        },
        `keygate: ${provider} key ${fingerprint}${origin === undefined ? '' : ` (${origin})`} ${when}, on ${expiresAt.toISOString().slice(0, 10)}: rotate it`,
      );
    };
    watcher.end = ({ failure, status, requestId }) => {
      if (failure === undefined) return;
      const { error, durationMs } = failure;
      const fields = { ...base(failure), status, requestId, durationMs, error: errorFields(error) };
      const code = statusOf(error) ?? codeOf(error);
      line(
        'warn',
        fields,
        `keygate: ${target(failure)} failed: ${error.name}${code === undefined ? '' : ` (${code})`}`,
      );
    };
  }
  return watcher;
}

function base(view: RequestView): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    provider: view.provider,
    method: view.method,
    url: view.url,
    attempt: view.attempt,
  };
  if (view.keyFingerprint !== undefined) fields.keyFingerprint = view.keyFingerprint;
  return fields;
}

function target(view: RequestView): string {
  return `${view.method} ${view.url}`;
}

function attemptNote(view: RequestView): string {
  return view.attempt > 1 ? ` (attempt ${view.attempt})` : '';
}

function statusOf(error: KeygateError | undefined): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

function codeOf(error: KeygateError): string | number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

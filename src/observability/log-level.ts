import type { LogLevel } from './options.js';

/** Every level, quietest last; a line is logged when its level is at or after the chosen one. */
export const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

/**
 * Whether a line at `line` is logged under `chosen`.
 *
 * @param chosen The logger's level.
 * @param line The line's level (never `off`).
 * @returns `true` when the line is at least as severe as the chosen level.
 */
export function logs(chosen: LogLevel, line: Exclude<LogLevel, 'off'>): boolean {
  return logLevels.indexOf(line) >= logLevels.indexOf(chosen);
}

/**
 * Whether a value is one of the five levels.
 *
 * @param value Anything.
 * @returns `true` for `debug`, `info`, `warn`, `error` and `off`.
 */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (logLevels as readonly string[]).includes(value);
}

// Values already warned about: a process builds many transports, and each reads the variable.
const warnedAbout = new Set<string>();

/**
 * Reads `KEYGATE_LOG`: one of the five levels, in any case, spaces trimmed. An unset or empty
 * variable says nothing. An unknown value (`verbose`, `true`) is ignored as if unset, with one
 * process warning per distinct value: a typo must not turn logging on or silence a logger given
 * in code, and must not go unnoticed either.
 *
 * @param value The variable's value.
 * @returns The level it names, or `undefined`.
 */
export function parseLogEnv(value: string | undefined): LogLevel | undefined {
  if (value === undefined) return undefined;
  const level = value.trim().toLowerCase();
  if (level === '') return undefined;
  if (isLogLevel(level)) return level;
  if (!warnedAbout.has(value)) {
    warnedAbout.add(value);
    process.emitWarning(
      `KEYGATE_LOG=${JSON.stringify(value)} is not a level (debug, info, warn, error or off); it is ignored.`,
      { code: 'KEYGATE_LOG' },
    );
  }
  return undefined;
}

/**
 * The level a transport logs at: the `logLevel` option, else `KEYGATE_LOG`, else `info` when a
 * logger was given and `off` without one.
 *
 * @param option The `logLevel` option (already validated).
 * @param hasLogger Whether a `logger` was given.
 * @param env The environment to read `KEYGATE_LOG` from.
 * @returns The level.
 */
export function resolveLogLevel(
  option: LogLevel | undefined,
  hasLogger: boolean,
  env: NodeJS.ProcessEnv,
): LogLevel {
  return option ?? parseLogEnv(env.KEYGATE_LOG) ?? (hasLogger ? 'info' : 'off');
}

// Runs one measurement in a child process of its own, so its memory peak is its own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * Runs `node [nodeFlags] bench/<script> ...args` and parses the JSON line it prints last.
 *
 * @param {string} script A file in bench/.
 * @param {string[]} args
 * @param {{ nodeFlags?: string[], timeoutMs?: number }} [options]
 * @returns {Record<string, unknown>} The child's result, or `{ error }` with a one-line reason.
 */
export function runChild(script, args, { nodeFlags = [], timeoutMs = 600_000 } = {}) {
  const run = spawnSync(
    process.execPath,
    [...nodeFlags, fileURLToPath(new URL(script, import.meta.url)), ...args],
    {
      cwd: benchDir,
      encoding: 'utf8',
      timeout: timeoutMs,
    },
  );
  const line = run.stdout?.trim().split('\n').at(-1);
  if (run.status === 0 && line) return JSON.parse(line);
  return { error: reason(run) };
}

/** A one-line reason for a failed child: its error's first line, not Node's version trailer. */
function reason(run) {
  if (run.error) return run.error.message;
  const lines = (run.stderr ?? '').split('\n').filter((line) => line.trim() && !line.startsWith('Node.js v'));
  const line = lines.find((l) => /^\s*(\w*Error|Uncaught)\b/.test(l)) ?? lines.at(-1);
  // It lands in a Markdown table cell.
  return (line?.trim() ?? `exit ${run.status ?? run.signal}`).replaceAll('|', '\\|').slice(0, 160);
}

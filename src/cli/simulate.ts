import { MODELSLAB_ENV } from '../../providers/modelslab/index.js';
import { TWELVE_LABS_ENV } from '../../providers/twelvelabs/index.js';
import { createSimulator, type Simulator } from '../testing/index.js';
import { BASE_URL_ENV } from './base-url.js';
import type { CliIo } from './io.js';

/**
 * `keygate simulate`: runs the loopback simulator of both providers in the foreground, so any
 * tool (a client, `keygate check`, curl, another language's SDK) can be pointed at it. It
 * prints `NAME=value` lines (base URLs, the valid keys, a key per scenario) that paste into a
 * shell or a `.env` file as they are, and runs until `io.signal` aborts or, without one, until
 * SIGINT (Ctrl-C) or SIGTERM; then it closes the server and every open connection.
 *
 * @param io Where to write; `signal` stops the simulator.
 * @returns The exit code (0 once stopped cleanly).
 */
export async function runSimulate(io: CliIo): Promise<number> {
  const sim = await createSimulator();
  try {
    io.stdout.write(describe(sim));
    await untilStopped(io.signal);
  } finally {
    await sim.close();
  }
  io.stderr.write(`keygate simulate: stopped after ${sim.requests.length} request(s).\n`);
  return 0;
}

// The output is read where keygate is installed, without its docs/ folder.
const scenarioDocs = 'https://github.com/keygate/keygate/blob/main/docs/testing.md#the-simulator';

/** `rateLimited` → `RATE_LIMITED`, the shape of an environment variable's name. */
const constantCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();

// Only `#` comments and NAME=value lines, with no quoting needed: the whole output is valid
// POSIX shell and dotenv, so it can be pasted, sourced (`set -a; . ./sim.env`) or parsed.
function describe(sim: Simulator): string {
  const scenarioLines = (prefix: string, keys: Record<string, string>) =>
    Object.entries(keys).map(([scenario, key]) => `${prefix}_KEY_${constantCase(scenario)}=${key}`);
  return [
    `# keygate simulate: TwelveLabs and ModelsLab on ${sim.origin}, in memory, no network.`,
    '# Runs until Ctrl-C. The clients and `keygate check` read these variables:',
    `${BASE_URL_ENV.twelvelabs}=${sim.twelvelabs.baseUrl}`,
    `${BASE_URL_ENV.modelslab}=${sim.modelslab.baseUrl}`,
    `${TWELVE_LABS_ENV}=${sim.keys.twelvelabs.valid}`,
    `${MODELSLAB_ENV}=${sim.keys.modelslab.valid}`,
    `# A key for each scenario; put one in ${TWELVE_LABS_ENV} or ${MODELSLAB_ENV} to try it. The answers:`,
    `# ${scenarioDocs}`,
    ...scenarioLines('TWELVE_LABS', sim.keys.twelvelabs),
    ...scenarioLines('MODELSLAB', sim.keys.modelslab),
    `# e.g. curl -H "x-api-key: $${TWELVE_LABS_ENV}" "$${BASE_URL_ENV.twelvelabs}/indexes"`,
    '',
  ].join('\n');
}

/**
 * Resolves once the command is asked to stop. The process's signal handlers are installed
 * here, not in the executable, so Ctrl-C still ends `keygate check` the usual way.
 */
function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal) {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

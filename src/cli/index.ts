import { parseArgs } from 'node:util';
import { type CheckTarget, runCheck } from './check.js';
import { runDemo } from './demo.js';
import { escapeControlCharacters } from './escape.js';
import type { CliIo } from './io.js';

const help = `keygate: API-key auth for AI APIs, checked and demonstrated

Usage:
  keygate check [--provider twelvelabs|modelslab|all] [--base-url ORIGIN] [--json]
  keygate demo
  keygate --help | --version

check   Verifies TWELVE_LABS_API_KEY and MODELSLAB_API_KEY with the cheapest call that
        proves each key (TwelveLabs: GET /v1.3/indexes?page_limit=1; ModelsLab: POST
        /api/wallet_balance, free, and it tells a key without credits). One line per
        provider: ok, no key, invalid or expired key, no credits, forbidden, rate limited,
        unreachable. Keys are masked (first 4 characters).
          --provider   which provider to check (default: all)
          --base-url   an origin to use instead of production, e.g. http://127.0.0.1:8080;
                       each provider's path (/v1.3, /api/v6) is appended
          --json       print the results as JSON
demo    Starts a local simulator of both providers and walks through the header key,
        the body key, a rotated key, a swapped strategy and the error each failing key
        produces. Uses no network.

Exit status: 0 when every checked key is ok (or the demo ran), 1 when any is not, 2 on a
usage error.
`;

/**
 * Runs the `keygate` command line.
 *
 * @param argv The arguments after the command name.
 * @param io Where to write, and the environment.
 * @returns The exit code.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr.write(
      `keygate: ${escapeControlCharacters((error as Error).message)}\nRun "keygate --help" for usage.\n`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(help);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${typeof KEYGATE_VERSION === 'string' ? KEYGATE_VERSION : '0.0.0-source'}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  // Usage errors quote the arguments, which may be pasted from anywhere.
  const usage = (message: string) => {
    io.stderr.write(`keygate: ${escapeControlCharacters(message)}\nRun "keygate --help" for usage.\n`);
    return 2;
  };
  if (rest.length > 0) return usage(`unexpected argument "${rest[0]}"`);
  if (command === 'demo') {
    if (values.provider || values['base-url'] || values.json) return usage('demo takes no options');
    return runDemo(io);
  }
  if (command !== 'check')
    return usage(command === undefined ? 'a command is required' : `unknown command "${command}"`);
  const target = (values.provider ?? 'all') as CheckTarget;
  if (!['twelvelabs', 'modelslab', 'all'].includes(target))
    return usage('--provider takes twelvelabs, modelslab or all');
  let origin: string | undefined;
  if (values['base-url'] !== undefined) {
    const url = URL.canParse(values['base-url']) ? new URL(values['base-url']) : undefined;
    if (!url || (url.pathname !== '/' && url.pathname !== '') || url.search) {
      return usage(
        '--base-url takes an origin such as http://127.0.0.1:8080 (no path: each provider adds its own)',
      );
    }
    origin = url.origin;
  }
  return runCheck({ target, json: values.json ?? false, ...(origin ? { origin } : {}) }, io);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      provider: { type: 'string' },
      'base-url': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

// Replaced at build time by tsup (`define`); the fallback serves runs from source.
declare const KEYGATE_VERSION: string;

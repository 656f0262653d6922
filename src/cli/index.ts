import { parseArgs } from 'node:util';
import { type BaseUrlOption, checkBaseUrls, parseBaseUrlOption } from './base-url.js';
import { type CheckTarget, runCheck } from './check.js';
import { runDemo } from './demo.js';
import { escapeControlCharacters } from './escape.js';
import type { CliIo } from './io.js';
import { runSimulate } from './simulate.js';

const help = `keygate: API-key auth for AI APIs, checked, simulated and demonstrated

Usage:
  keygate check [--provider twelvelabs|modelslab|all] [--base-url URL] [--json]
                [--key-env NAME]... [--key-file PATH]...
  keygate simulate
  keygate demo
  keygate --help | --version

check     Verifies every key it is given with the cheapest call that proves it (TwelveLabs:
          GET /v1.3/indexes?page_limit=1; ModelsLab: POST /api/wallet_balance, free, and it
          tells a key without credits). Keys: TWELVE_LABS_API_KEY (or TWELVELABS_API_KEY)
          and MODELSLAB_API_KEY, each also as NAME_FILE (a file that holds the key), plus
          every --key-env and --key-file. One line per key: the provider, the verdict
          (valid, invalid or expired, no credits, plan-limited, rate-limited, unverifiable
          (offline), missing, error), the key's fingerprint (never the key), where it came
          from, its age and days left when NAME_ISSUED_AT says when it was issued
          (TwelveLabs keys expire after 90 days), and what the provider said.
            --provider   which provider to check (default: all)
            --key-env    a variable that holds another key (NAME_FILE works too);
                         repeatable; needs --provider twelvelabs or modelslab
            --key-file   a file that holds another key, readable by its owner only
                         (mode 0600 or 0400); repeatable; needs --provider
            --base-url   where to send instead of production: an origin such as
                         http://127.0.0.1:8080 (each provider's path, /v1.3 and /api/v6,
                         is appended), or a provider's base URL as \`keygate simulate\`
                         prints it, such as http://127.0.0.1:8080/v1.3 (checks that
                         provider only). https, or http on 127.0.0.1, ::1, localhost.
                         Without it, TWELVE_LABS_BASE_URL and MODELSLAB_BASE_URL are
                         used when set, as the clients use them.
            --json       print the results as JSON
simulate  Runs a local simulator of both providers until Ctrl-C (SIGINT) or SIGTERM and
          prints, as NAME=value lines for a shell or a .env file, its base URLs, the
          valid keys and a key for each scenario (invalid, expired, no credits,
          forbidden, rate limited). Uses no network.
demo      Starts a local simulator of both providers and walks through the header key,
          the body key, a rotated key, a swapped strategy and the error each failing key
          produces. Uses no network.

Exit status: 0 when every checked key is valid (or the demo ran, or the simulator stopped
cleanly), 1 when any key is not, 2 on a usage error.
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
  if (command === 'demo' || command === 'simulate') {
    if (values.provider || values['base-url'] || values.json || values['key-env'] || values['key-file'])
      return usage(`${command} takes no options`);
    return command === 'demo' ? runDemo(io) : runSimulate(io);
  }
  if (command !== 'check')
    return usage(command === undefined ? 'a command is required' : `unknown command "${command}"`);
  if (values.provider !== undefined && !['twelvelabs', 'modelslab', 'all'].includes(values.provider))
    return usage('--provider takes twelvelabs, modelslab or all');
  let option: BaseUrlOption | undefined;
  let baseUrls: ReturnType<typeof checkBaseUrls>;
  try {
    option = values['base-url'] === undefined ? undefined : parseBaseUrlOption(values['base-url']);
    baseUrls = checkBaseUrls(option, io.env);
  } catch (error) {
    return usage((error as Error).message);
  }
  // A provider's base URL names the provider: checking the other one there would be a guess.
  if (option?.provider && values.provider !== undefined && values.provider !== option.provider) {
    return usage(
      `--base-url ${values['base-url']} is a ${option.provider} base URL, so it cannot check --provider ${values.provider}`,
    );
  }
  const target = (values.provider ?? option?.provider ?? 'all') as CheckTarget;
  const keyEnvs = values['key-env'] ?? [];
  const keyFiles = values['key-file'] ?? [];
  if (keyEnvs.length + keyFiles.length > 0 && (values.provider === undefined || values.provider === 'all'))
    return usage(
      '--key-env and --key-file need --provider twelvelabs or --provider modelslab: the provider the keys are for',
    );
  const badName = keyEnvs.find((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
  if (badName !== undefined)
    return usage(`--key-env takes an environment variable name like MY_API_KEY, got "${badName}"`);
  if (keyFiles.some((path) => path.trim() === ''))
    return usage('--key-file takes the path of a file that holds a key');
  return runCheck({ target, baseUrls, json: values.json ?? false, keyEnvs, keyFiles }, io);
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
      'key-env': { type: 'string', multiple: true },
      'key-file': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

// Replaced at build time by tsup (`define`); the fallback serves runs from source.
declare const KEYGATE_VERSION: string;

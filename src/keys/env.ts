import { resolve } from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { KeyFile } from './file.js';
import type { IssuedKey, KeyInfo, KeyIssuer, KeyRequest } from './key-source.js';
import { keyInfoFrom } from './with-key-info.js';

/** Options of {@link fromEnv}. */
export interface FromEnvOptions extends Pick<KeyInfo, 'issuedAt' | 'maxAgeDays'> {
  /**
   * The option that could have held the key instead, named in the error when the variable is
   * unset, e.g. `'apiKey'` gives "pass `apiKey` or set TWELVE_LABS_API_KEY".
   */
  option?: string | undefined;
  /**
   * Other spellings of the variable, tried in order after `name`, each with its own `_FILE`
   * variant, e.g. `['TWELVELABS_API_KEY']`, the spelling the official TwelveLabs SDK's README uses.
   */
  aliases?: readonly string[] | undefined;
  /**
   * The environment to read, e.g. a child process's or a test's. Read at each request, like
   * `process.env`.
   *
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A key source that reads an environment variable when a request is made, not when the client is
 * built, so a missing variable fails the call with a clear {@link ConfigurationError} and a
 * changed variable applies on the next call. The key's origin names the variable it came from.
 *
 * **`NAME_FILE`**: when `NAME_FILE` is set instead of `NAME`, the key is read from the file it
 * names (one trailing newline trimmed), the convention of the official Docker images for Docker
 * and Kubernetes secrets mounted as files. The file is looked at again (at most once a second)
 * and re-read when it changed. Its permissions are not checked: Docker mounts secrets with mode
 * `0444` by design. Setting both `NAME` and `NAME_FILE` is an error, as in those images.
 *
 * **`NAME_ISSUED_AT`** (an ISO date, e.g. `2026-01-31`) says when the key was issued, for expiry
 * warnings and `keygate check`, unless `options.issuedAt` does.
 *
 * @param name The environment variable, e.g. `TWELVE_LABS_API_KEY`.
 * @param options The option to name in the error message, other spellings, what is known about the key.
 * @returns A {@link KeyIssuer}; its origin is `env NAME` or `file <path> (NAME_FILE)`.
 * @throws {ConfigurationError} When a name is not an environment variable name or an option is invalid.
 * @example
 * ```ts
 * import { HeaderKeyStrategy, fromEnv } from 'keygate';
 * // TWELVE_LABS_API_KEY, TWELVE_LABS_API_KEY_FILE, TWELVELABS_API_KEY or TWELVELABS_API_KEY_FILE
 * const key = fromEnv('TWELVE_LABS_API_KEY', { aliases: ['TWELVELABS_API_KEY'] });
 * const strategy = new HeaderKeyStrategy({ key });
 * ```
 */
export function fromEnv(name: string, options: FromEnvOptions = {}): KeyIssuer {
  const names = [name, ...(options.aliases ?? [])];
  for (const each of names) {
    if (typeof each !== 'string' || !variableName.test(each)) {
      throw new ConfigurationError(
        `fromEnv needs environment variable names like MY_API_KEY, got "${String(each)}".`,
      );
    }
  }
  const facts = keyInfoFrom({ issuedAt: options.issuedAt, maxAgeDays: options.maxAgeDays }, 'fromEnv');
  /** The file each `_FILE` variable last named, cached so a key file is not read on every request. */
  const files = new Map<string, KeyFile>();
  const env = options.env ?? process.env;

  /** The options' facts, with the issue date from `NAME_ISSUED_AT` when the options give none. */
  function factsFor(variable: string): KeyInfo {
    if (facts.issuedAt !== undefined) return facts;
    const dateVariable = `${variable}_ISSUED_AT`;
    const text = read(env, dateVariable);
    if (text === undefined) return facts;
    const issuedAt = new Date(text);
    if (Number.isNaN(issuedAt.getTime())) {
      // A date is not a secret, but a mistyped one may be anything: only its length is shown.
      throw new ConfigurationError(
        `${dateVariable} must be an ISO date such as 2026-01-31 (it has ${text.length} characters that are not one).`,
      );
    }
    return { ...facts, issuedAt };
  }

  async function issueKey(request: KeyRequest): Promise<IssuedKey> {
    for (const each of names) {
      const fileVariable = `${each}_FILE`;
      const value = read(env, each);
      const path = read(env, fileVariable);
      // Docker's `file_env` refuses both too: "both $var and $fileVar are set (but are exclusive)".
      // @see https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh
      if (value !== undefined && path !== undefined) {
        throw new ConfigurationError(
          `Both ${each} and ${fileVariable} are set, so the API key is ambiguous. Unset one of them.`,
        );
      }
      if (value !== undefined) return { key: value, origin: `env ${each}`, ...factsFor(each) };
      if (path !== undefined) {
        const absolute = resolve(path);
        let file = files.get(fileVariable);
        if (file?.path !== absolute) {
          file = new KeyFile(absolute, `file ${absolute} (${fileVariable})`, { changes: 'stat' });
          files.set(fileVariable, file);
        }
        return { key: await file.read(request), origin: file.origin, ...factsFor(each) };
      }
    }
    throw new ConfigurationError(missing(names, options.option));
  }

  return { issueKey };
}

/** An empty variable counts as unset, as in shells' `${VAR:-default}` and Docker's `file_env`. */
function read(env: Readonly<Record<string, string | undefined>>, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value === '' ? undefined : value;
}

function missing(names: string[], option: string | undefined): string {
  const [first, ...aliases] = names;
  const tried = names.flatMap((each) => [each, `${each}_FILE`]);
  const what =
    aliases.length === 0
      ? `the environment variable ${first} is not set (nor ${first}_FILE)`
      : `none of the environment variables ${tried.join(', ')} is set`;
  const set = `set ${first}${aliases.length === 0 ? '' : ` (or ${aliases.join(' or ')})`}`;
  const fix = option ? `pass \`${option}\` or ${set}` : set;
  return `No API key: ${what}. To fix it, ${fix}, or set ${first}_FILE to the path of a file that holds the key.`;
}

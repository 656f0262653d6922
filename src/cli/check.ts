import { resolve } from 'node:path';
import { modelsLabKeyProbe } from '../../providers/modelslab/index.js';
import { twelveLabsKeyProbe } from '../../providers/twelvelabs/index.js';
import {
  checkKeySource,
  type KeyCheckResult,
  type KeyCheckStatus,
  type KeyProbe,
} from '../keys/check-keys.js';
import { fromEnv } from '../keys/env.js';
import { fromFile } from '../keys/file.js';
import type { KeySource } from '../keys/key-source.js';
import type { CheckBaseUrls, CheckProvider } from './base-url.js';
import { formatColumns } from './columns.js';
import { escapeControlCharacters, escapeJsonControlCharacters } from './escape.js';
import type { CliIo } from './io.js';
import { type Style, styleFor } from './style.js';

/** Which providers `keygate check` verifies. */
export type CheckTarget = CheckProvider | 'all';

/** What `keygate check` was asked to do. */
export interface CheckOptions {
  /** Which providers. */
  target: CheckTarget;
  /** Where to send each provider's call; production when absent. */
  baseUrls?: CheckBaseUrls | undefined;
  /** Print JSON instead of columns. */
  json: boolean;
  /** `--key-env`: more variables holding a key of the one provider in `target`. */
  keyEnvs?: readonly string[] | undefined;
  /** `--key-file`: files holding a key of the one provider in `target`. */
  keyFiles?: readonly string[] | undefined;
}

const probes: Record<CheckProvider, KeyProbe> = {
  twelvelabs: twelveLabsKeyProbe,
  modelslab: modelsLabKeyProbe,
};

/** One key to check: its source, or nothing when its variables are unset. */
interface Entry {
  source: KeySource | undefined;
  /** Where the key is looked for, shown when its source cannot say (it failed, or is unset). */
  origin: string;
  /** The variables that would hold it, for a missing key's hint. */
  variable?: string | undefined;
}

/**
 * Verifies keys with the cheapest call that proves each one (TwelveLabs `GET /indexes?page_limit=1`;
 * ModelsLab `POST /api/wallet_balance`, free, which also tells a key without credits): the
 * provider's variable (with its `_FILE` form and aliases), and every `--key-env` and `--key-file`.
 * One line (or JSON object) per key, by fingerprint, with its origin and, when known, its age.
 *
 * @param options Which providers and keys, where to send, JSON output.
 * @param io Where to write and the environment.
 * @returns The exit code: 0 when every key is valid, 1 otherwise.
 */
export async function runCheck(options: CheckOptions, io: CliIo): Promise<number> {
  const results: KeyCheckResult[] = [];
  for (const provider of ['twelvelabs', 'modelslab'] as const) {
    if (options.target !== 'all' && options.target !== provider) continue;
    const probe = probes[provider];
    const checked = await Promise.all(
      entriesFor(probe, options, io.env).map((entry) =>
        checkEntry(entry, probe, options.baseUrls?.[provider]),
      ),
    );
    results.push(...checked.flat());
  }
  if (options.json) {
    io.stdout.write(`${escapeJsonControlCharacters(JSON.stringify(results.map(toJson), null, 2))}\n`);
  } else {
    for (const line of formatColumns(rowsFor(results, styleFor(io.stdout, io.env))))
      io.stdout.write(`${line}\n`);
  }
  return results.every((result) => result.status === 'valid') ? 0 : 1;
}

/**
 * The keys to check for one provider: its own variable unless `--key-env` names it (reported as
 * missing only when nothing else is checked), then each `--key-env` and `--key-file`.
 */
function entriesFor(probe: KeyProbe, options: CheckOptions, env: NodeJS.ProcessEnv): Entry[] {
  const { env: name, envAliases = [] } = probe.definition;
  const keyEnvs = [...new Set(options.keyEnvs ?? [])];
  const keyFiles = [...new Set(options.keyFiles ?? [])];
  const entries: Entry[] = [];
  const own = [name, ...envAliases];
  const explicit = keyEnvs.length + keyFiles.length > 0;
  if (!keyEnvs.some((each) => own.includes(each)) && (!explicit || own.some((each) => isSet(env, each)))) {
    entries.push(envEntry(name, envAliases, env));
  }
  for (const each of keyEnvs) entries.push(envEntry(each, [], env));
  for (const path of keyFiles) {
    // Read once: a check needs no watcher, and none is left behind.
    entries.push({ source: fromFile(path, { watch: false }), origin: `file ${resolve(path)}` });
  }
  return entries;
}

function envEntry(name: string, aliases: readonly string[], env: NodeJS.ProcessEnv): Entry {
  const set = [name, ...aliases].some((each) => isSet(env, each));
  return {
    source: set ? fromEnv(name, { aliases, env }) : undefined,
    origin: `env ${name}`,
    variable: name,
  };
}

/** A variable or its `_FILE` form holds something (an empty variable counts as unset, as in fromEnv). */
function isSet(env: NodeJS.ProcessEnv, name: string): boolean {
  return Boolean(env[name]) || Boolean(env[`${name}_FILE`]);
}

async function checkEntry(
  entry: Entry,
  probe: KeyProbe,
  baseUrl: string | undefined,
): Promise<KeyCheckResult[]> {
  if (entry.source === undefined) {
    const { variable } = entry;
    return [
      {
        provider: probe.definition.provider,
        status: 'missing',
        origin: entry.origin,
        detail: `Set ${variable}, or ${variable}_FILE to a file that holds the key, to check it.`,
      },
    ];
  }
  // The CLI resolved the base URL from its own environment: production unless told otherwise.
  const results = await checkKeySource(entry.source, probe, { baseUrl: baseUrl ?? probe.definition.baseUrl });
  return results.map((result) => ({ ...result, origin: result.origin ?? entry.origin }));
}

const labels: Record<KeyCheckStatus, string> = {
  valid: 'valid',
  invalid: 'invalid or expired',
  no_credits: 'no credits',
  plan_limited: 'plan-limited',
  rate_limited: 'rate-limited',
  unverifiable: 'unverifiable (offline)',
  missing: 'missing',
  error: 'error',
};

function rowsFor(results: readonly KeyCheckResult[], style: Style) {
  const withAge = results.some((result) => result.ageDays !== undefined);
  return results.map((result) => {
    const verdictStyle =
      result.status === 'valid' && result.lowBalance !== true
        ? style.green
        : result.status === 'rate_limited' || result.status === 'unverifiable' || result.lowBalance === true
          ? style.yellow
          : style.red;
    const age = ageText(result);
    const ageStyle =
      result.expiry === 'soon' ? style.yellow : result.expiry === 'expired' ? style.red : undefined;
    return [
      { text: result.provider },
      {
        text: result.lowBalance === true ? `${labels[result.status]}, low balance` : labels[result.status],
        style: verdictStyle,
      },
      { text: result.fingerprint ?? '-' },
      // An origin names a path, and the detail quotes the provider: escaped before keygate's colours.
      { text: escapeControlCharacters(result.origin ?? '-') },
      ...(withAge ? [{ text: age, style: ageStyle }] : []),
      { text: escapeControlCharacters(result.detail), style: style.dim },
    ];
  });
}

/** `age 80 days, 10 days left (expires soon)`; the words say what the colour says. */
function ageText(result: KeyCheckResult): string {
  if (result.ageDays === undefined) return '';
  const age = `age ${days(result.ageDays)}`;
  const left = result.daysLeft;
  if (left === undefined) return age;
  if (left < 0) return `${age}, expired ${days(-left)} ago`;
  if (left === 0) return `${age}, expires today`;
  return `${age}, ${days(left)} left${result.expiry === 'soon' ? ' (expires soon)' : ''}`;
}

function days(count: number): string {
  return `${count} ${count === 1 ? 'day' : 'days'}`;
}

/** The JSON form: fields in a fixed order, dates as ISO strings, unknown fields left out. */
function toJson(result: KeyCheckResult) {
  const {
    provider,
    status,
    fingerprint,
    origin,
    ageDays,
    daysLeft,
    expiresAt,
    expiry,
    balance,
    currency,
    lowBalance,
    detail,
  } = result;
  return {
    provider,
    status,
    fingerprint,
    origin,
    ageDays,
    daysLeft,
    expiresAt: expiresAt?.toISOString(),
    expiry,
    balance,
    currency,
    lowBalance,
    detail,
  };
}

import * as v from 'valibot';
import { MODELSLAB_BASE_URL, MODELSLAB_ENV, modelsLabDefinition } from '../../providers/modelslab/index.js';
import { TWELVE_LABS_BASE_URL, TWELVE_LABS_ENV, TwelveLabsClient } from '../../providers/twelvelabs/index.js';
import { isKeygateError } from '../errors/guards.js';
import { maskKey } from '../keys.js';
import { createProviderTransport } from '../provider-client.js';
import type { CheckBaseUrls, CheckProvider } from './base-url.js';
import { formatColumns } from './columns.js';
import { escapeControlCharacters, escapeJsonControlCharacters } from './escape.js';
import type { CliIo } from './io.js';
import { styleFor } from './style.js';

/** Which providers `keygate check` verifies. */
export type CheckTarget = CheckProvider | 'all';

/** The verdict on one key. */
export type CheckStatus =
  | 'ok'
  | 'missing'
  | 'invalid'
  | 'no_credits'
  | 'forbidden'
  | 'rate_limited'
  | 'unreachable'
  | 'error';

/** One provider's line of `keygate check`. */
export interface CheckResult {
  provider: 'TwelveLabs' | 'ModelsLab';
  env: string;
  status: CheckStatus;
  /** The key, masked; absent when the variable is not set. */
  key?: string | undefined;
  /** What was found, in a sentence; never the key. */
  detail: string;
}

const labels: Record<CheckStatus, string> = {
  ok: 'ok',
  missing: 'no key',
  invalid: 'invalid or expired key',
  no_credits: 'no credits',
  forbidden: 'forbidden',
  rate_limited: 'rate limited',
  unreachable: 'unreachable',
  error: 'error',
};

const WalletSchema = v.looseObject({
  status: v.literal('success'),
  data: v.looseObject({
    balance: v.pipe(v.union([v.number(), v.string()]), v.transform(Number)),
    currency: v.optional(v.string()),
  }),
});

/**
 * Verifies the keys in the environment with the cheapest call that proves each one:
 * TwelveLabs `GET /indexes?page_limit=1`; ModelsLab `POST /api/wallet_balance`, which costs
 * nothing and also tells a key without credits (balance 0) from a working one.
 *
 * @param options Which providers, where to send each (production when absent), JSON output.
 * @param io Where to write and the environment.
 * @returns The exit code: 0 when every key is ok, 1 otherwise.
 */
export async function runCheck(
  options: { target: CheckTarget; baseUrls?: CheckBaseUrls; json: boolean },
  io: CliIo,
): Promise<number> {
  const baseUrls = options.baseUrls ?? {};
  const results: CheckResult[] = [];
  if (options.target !== 'modelslab') results.push(await checkTwelveLabs(io.env, baseUrls.twelvelabs));
  if (options.target !== 'twelvelabs') results.push(await checkModelsLab(io.env, baseUrls.modelslab));
  if (options.json) {
    io.stdout.write(`${escapeJsonControlCharacters(JSON.stringify(results, null, 2))}\n`);
  } else {
    const style = styleFor(io.stdout, io.env);
    const rows = results.map((result) => [
      { text: result.provider },
      { text: labels[result.status], style: result.status === 'ok' ? style.green : style.red },
      { text: escapeControlCharacters(result.key ? `key ${result.key}` : `${result.env} not set`) },
      // The detail quotes the provider (a message, a currency): escaped before keygate's colours.
      { text: escapeControlCharacters(result.detail), style: style.dim },
    ]);
    for (const line of formatColumns(rows)) io.stdout.write(`${line}\n`);
  }
  return results.every((result) => result.status === 'ok') ? 0 : 1;
}

async function checkTwelveLabs(env: NodeJS.ProcessEnv, baseUrl: string | undefined): Promise<CheckResult> {
  const base = { provider: 'TwelveLabs' as const, env: TWELVE_LABS_ENV };
  const key = env[TWELVE_LABS_ENV];
  if (!key) return { ...base, status: 'missing', detail: `Set ${TWELVE_LABS_ENV} to check it.` };
  try {
    const client = new TwelveLabsClient({
      apiKey: key,
      baseUrl: baseUrl ?? TWELVE_LABS_BASE_URL,
      maxRetries: 0,
      timeout: 15_000,
    });
    const page = await client.indexes.list({ page_limit: 1 });
    return {
      ...base,
      status: 'ok',
      key: maskKey(key),
      detail: `GET /indexes answered; ${page.page_info.total_results ?? page.data.length} index(es).`,
    };
  } catch (error) {
    return { ...base, ...verdictFor(error), key: maskKey(key) };
  }
}

async function checkModelsLab(env: NodeJS.ProcessEnv, baseUrl: string | undefined): Promise<CheckResult> {
  const base = { provider: 'ModelsLab' as const, env: MODELSLAB_ENV };
  const key = env[MODELSLAB_ENV];
  if (!key) return { ...base, status: 'missing', detail: `Set ${MODELSLAB_ENV} to check it.` };
  try {
    // The wallet endpoint lives at /api, beside the versioned /api/v6 the client uses.
    const transport = createProviderTransport(
      {
        apiKey: key,
        baseUrl: (baseUrl ?? MODELSLAB_BASE_URL).replace(/\/v6\/?$/, ''),
        maxRetries: 0,
        timeout: 15_000,
      },
      modelsLabDefinition,
    );
    const wallet = await transport.request({
      method: 'POST',
      path: 'wallet_balance',
      json: {},
      schema: WalletSchema,
    });
    const balance = `${wallet.data.balance} ${wallet.data.currency ?? ''}`.trim();
    if (!(wallet.data.balance > 0))
      return { ...base, status: 'no_credits', key: maskKey(key), detail: `Wallet balance ${balance}.` };
    return { ...base, status: 'ok', key: maskKey(key), detail: `Wallet balance ${balance}.` };
  } catch (error) {
    return { ...base, ...verdictFor(error), key: maskKey(key) };
  }
}

function verdictFor(error: unknown): { status: CheckStatus; detail: string } {
  const name = isKeygateError(error) ? error.name : 'Error';
  const statusByName: Record<string, CheckStatus> = {
    AuthenticationError: 'invalid',
    InsufficientCreditsError: 'no_credits',
    PermissionDeniedError: 'forbidden',
    RateLimitError: 'rate_limited',
    ConnectionError: 'unreachable',
    TimeoutError: 'unreachable',
  };
  // keygate errors never carry the key, so their messages are safe to print.
  return {
    status: statusByName[name] ?? 'error',
    detail: error instanceof Error ? error.message : String(error),
  };
}

import { MODELSLAB_BASE_URL, modelsLabDefinition } from '../../providers/modelslab/index.js';
import { TWELVE_LABS_BASE_URL, twelveLabsDefinition } from '../../providers/twelvelabs/index.js';
import { isKeygateError } from '../errors/guards.js';
import { carriesKeysSafely, parseBaseUrl } from '../transport/base-url.js';

/** A provider `keygate check` can verify. */
export type CheckProvider = 'twelvelabs' | 'modelslab';

/** Where `keygate check` sends each provider's call; production when absent. */
export type CheckBaseUrls = Partial<Record<CheckProvider, string>>;

/** The environment variables the clients read their base URL from (`keygate simulate` prints them). */
export const BASE_URL_ENV: Record<CheckProvider, string> = {
  twelvelabs: twelveLabsDefinition.baseUrlEnv ?? 'TWELVE_LABS_BASE_URL',
  modelslab: modelsLabDefinition.baseUrlEnv ?? 'MODELSLAB_BASE_URL',
};

const productionBaseUrl: Record<CheckProvider, string> = {
  twelvelabs: TWELVE_LABS_BASE_URL,
  modelslab: MODELSLAB_BASE_URL,
};
const displayName: Record<CheckProvider, string> = { twelvelabs: 'TwelveLabs', modelslab: 'ModelsLab' };
const providers = Object.keys(productionBaseUrl) as CheckProvider[];

/** What `--base-url` named: an origin for every provider, or one provider's base URL. */
export interface BaseUrlOption {
  origin: string;
  /** Set when the URL carries a provider's path (`/v1.3`, `/api/v6`): only that provider is meant. */
  provider?: CheckProvider | undefined;
}

/**
 * Reads `--base-url`. It takes an origin (`http://127.0.0.1:8080`; each provider's production
 * path is appended) or exactly what `createSimulator()` and `keygate simulate` print as a
 * provider's base URL (`http://127.0.0.1:8080/v1.3`), so a printed URL can be pasted as is.
 * The keys go there, so it must be HTTPS, or HTTP on loopback only.
 *
 * @param value The option's value.
 * @returns The origin, and the provider its path names, if any.
 * @throws {Error} With a usage message when the value is not one of those forms.
 */
export function parseBaseUrlOption(value: string): BaseUrlOption {
  if (!URL.canParse(value)) throw new Error(`--base-url takes a URL, got "${value}"`);
  const url = new URL(value);
  if (!carriesKeysSafely(url)) {
    throw new Error(
      `--base-url must use https (plain http only for 127.0.0.1, ::1 and localhost), got ${url.protocol}//${url.host}: ` +
        'the keys would travel unencrypted',
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('--base-url takes no user name, password, query string or fragment');
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '') return { origin: url.origin };
  const provider = providers.find((name) => new URL(productionBaseUrl[name]).pathname === path);
  if (provider === undefined) {
    throw new Error(
      `--base-url takes an origin such as http://127.0.0.1:8080, or a provider's base URL such as ` +
        `http://127.0.0.1:8080${new URL(TWELVE_LABS_BASE_URL).pathname} or ` +
        `http://127.0.0.1:8080${new URL(MODELSLAB_BASE_URL).pathname}; got the path "${url.pathname}"`,
    );
  }
  return { origin: url.origin, provider };
}

/**
 * Each provider's base URL for `keygate check`: from `--base-url` when given, else from the
 * variable the clients read (`TWELVE_LABS_BASE_URL`, `MODELSLAB_BASE_URL`), else production.
 * A variable is checked like a client checks it, so an insecure one is refused before any key
 * is sent.
 *
 * @param option The parsed `--base-url`, if given.
 * @param env The environment.
 * @returns The base URL of each provider that does not use production.
 * @throws {Error} With a usage message when a variable holds an insecure or malformed URL.
 */
export function checkBaseUrls(option: BaseUrlOption | undefined, env: NodeJS.ProcessEnv): CheckBaseUrls {
  const baseUrls: CheckBaseUrls = {};
  for (const provider of providers) {
    if (option !== undefined) {
      baseUrls[provider] = `${option.origin}${new URL(productionBaseUrl[provider]).pathname}`;
      continue;
    }
    const name = BASE_URL_ENV[provider];
    const value = env[name];
    if (value === undefined || value === '') continue;
    try {
      parseBaseUrl(value, displayName[provider]);
    } catch (error) {
      const reason = isKeygateError(error) ? error.message : String(error);
      throw new Error(`${name} is refused: ${reason}`);
    }
    baseUrls[provider] = value;
  }
  return baseUrls;
}

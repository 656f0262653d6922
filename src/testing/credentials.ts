import type { IncomingHttpHeaders } from 'node:http';
import { maskKey } from '../keys/validate.js';

/** Where a credential arrived in a request. */
export type CredentialLocation = 'header' | 'body' | 'query' | 'none';

/** The credential a request carried, masked. */
export interface ReceivedCredential {
  location: CredentialLocation;
  /** The header, body field or query parameter, e.g. `x-api-key`. */
  name?: string | undefined;
  /** The key's first characters and an ellipsis (see `maskKey`). */
  masked?: string | undefined;
}

/** A credential found in a request, unmasked, for the simulator's own checks. */
export interface FoundCredential extends ReceivedCredential {
  key?: string | undefined;
}

const headerNames = ['x-api-key', 'authorization'];
const fieldNames = ['key', 'api_key'];

/**
 * Finds every credential in a request: the key headers, then the query, then the body, in that
 * order, so a test can prove that no route received the key in the wrong place.
 *
 * @param headers The request headers.
 * @param url The request URL.
 * @param body The parsed JSON object or form, if any.
 * @returns Each place a key-like value arrived, with the key; empty when there is none.
 */
export function findCredentials(
  headers: IncomingHttpHeaders,
  url: URL,
  body: Record<string, unknown> | FormData | undefined,
): FoundCredential[] {
  const all: FoundCredential[] = [];
  for (const name of headerNames) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '')
      all.push(found('header', name, value.replace(/^Bearer\s+/i, '')));
  }
  for (const name of fieldNames) {
    const value = url.searchParams.get(name);
    if (value) all.push(found('query', name, value));
  }
  for (const name of fieldNames) {
    const value = body instanceof FormData ? body.get(name) : body?.[name];
    if (typeof value === 'string' && value !== '') all.push(found('body', name, value));
  }
  return all;
}

/**
 * Drops the key from a found credential, for the request log.
 *
 * @param credential A credential with its key.
 * @returns The same credential, masked only.
 */
export function withoutKey(credential: FoundCredential): ReceivedCredential {
  const { key: _key, ...masked } = credential;
  return masked;
}

function found(location: CredentialLocation, name: string, key: string): FoundCredential {
  return { location, name, masked: maskKey(key), key };
}

import type { ErrorDetails, ErrorResponse } from '../../src/index.js';

/** The environment variable TwelveLabs clients read the key from. */
export const TWELVE_LABS_ENV = 'TWELVE_LABS_API_KEY';

/**
 * Reads TwelveLabs' error bodies (`{ code, message, docs_url }`, real HTTP statuses) and adds
 * what to do. The status decides the class; `code` is kept as TwelveLabs sent it.
 *
 * @param response The response facts from the transport.
 * @returns Details for an error status; `undefined` for a 2xx (TwelveLabs never reports errors in one).
 * @see https://docs.twelvelabs.io/v1.3/api-reference/error-codes
 */
export function classifyTwelveLabsResponse(response: ErrorResponse): ErrorDetails | undefined {
  if (response.status < 400) return undefined;
  const body =
    typeof response.body === 'object' && response.body !== null
      ? (response.body as Record<string, unknown>)
      : {};
  const code = typeof body.code === 'string' ? body.code : undefined;
  const message = typeof body.message === 'string' ? body.message : undefined;
  return { code, message, hint: hintFor(response.status, code) };
}

function hintFor(status: number, code: string | undefined): string | undefined {
  if (status === 401 || code === 'api_key_invalid') {
    // TwelveLabs answers api_key_invalid for expired keys too, and keys expire every 90 days.
    return `TwelveLabs keys expire every 90 days: create a new one in the TwelveLabs dashboard and set ${TWELVE_LABS_ENV} (or pass \`apiKey\`).`;
  }
  if (status === 404)
    return 'Check the id: the index, task or video does not exist, or belongs to another account.';
  if (status === 429)
    return 'TwelveLabs rate-limits per key; wait for retryAfterMs, or check the x-ratelimit-* headers in error.rateLimit.';
  return undefined;
}

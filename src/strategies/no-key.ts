import type { AuthRequest, AuthStrategy } from './strategy.js';

// Presigned URLs carry their credential in the query (S3: `X-Amz-Signature`, `X-Amz-Credential`):
// values this long are concealed, so no error or log shows them; short ones (`X-Amz-Expires=3600`)
// are not secrets and stay readable.
const minConcealedLength = 8;

/**
 * Places no key: for URLs that carry their own credential, like the presigned upload URLs a
 * provider hands out for object storage. Every query value of the URL long enough to be a
 * signature is concealed, so errors and logs show it as `[REDACTED]`.
 *
 * @example
 * ```ts
 * import { createTransport, NoKeyStrategy } from 'keygate';
 * const storage = createTransport({ provider: 'Storage', baseUrl: 'https://bucket.s3.amazonaws.com', strategy: new NoKeyStrategy() });
 * ```
 */
export class NoKeyStrategy implements AuthStrategy {
  readonly name = 'no-key';

  /**
   * Places nothing; conceals the URL's long query values.
   *
   * @param request The attempt's request.
   */
  authenticate(request: AuthRequest): void {
    for (const value of request.url.searchParams.values()) {
      if (value.length >= minConcealedLength) request.conceal(value);
    }
  }
}

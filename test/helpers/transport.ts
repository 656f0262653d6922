import {
  type AuthStrategy,
  createTransport,
  HeaderKeyStrategy,
  type TransportOptions,
} from '../../src/index.js';
import type { TestServer } from './server.js';

/**
 * A transport to a loopback test server with the given strategy, under the provider name `Test`.
 * `options` adds to it or replaces any part.
 *
 * @param target The server.
 * @param strategy Where the key goes.
 * @param options More transport options.
 * @returns The transport.
 */
export function transportTo(
  target: TestServer,
  strategy: AuthStrategy,
  options: Partial<TransportOptions> = {},
) {
  return createTransport({ provider: 'Test', baseUrl: target.origin, strategy, ...options });
}

/**
 * A transport to a loopback test server, with the key `tl-test-key` in `x-api-key`: what most
 * transport suites send with. `options` adds to it or replaces any part.
 *
 * @param target The server.
 * @param options More transport options.
 * @returns The transport.
 */
export function headerKeyTransport(target: TestServer, options: Partial<TransportOptions> = {}) {
  return transportTo(target, new HeaderKeyStrategy({ key: 'tl-test-key' }), options);
}

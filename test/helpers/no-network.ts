import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Tests never reach the internet: nock refuses every host but loopback, and each test must use
 * up the scopes it declared.
 */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length > 0) throw new Error(`nock scopes not used: ${pending.join(', ')}`);
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
    nock.activate();
  });
}

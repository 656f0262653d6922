import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isApiError, isAuthenticationError } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const builtEntry = `${root}dist/index.js`;

// These tests exercise the published artefact, so `npm test` builds before it runs vitest.
function requireBuild(): void {
  if (!existsSync(builtEntry)) throw new Error('dist/ is missing: run `npm run build` before these tests.');
}

describe('the built package', () => {
  it('can be required from CommonJS (require(esm), Node >= 22.12)', () => {
    requireBuild();
    const output = execFileSync(process.execPath, [`${root}test/fixtures/cjs-consumer.cjs`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({
      createTransport: 'function',
      baseUrl: 'https://api.example.test/',
      strategyName: 'header-key',
      guard: true,
    });
  });

  it('throws errors that the guards of another copy recognise', async () => {
    requireBuild();
    const built = (await import(pathToFileURL(builtEntry).href)) as typeof import('../../src/index.js');
    const error = new built.AuthenticationError('denied', { status: 401, retryable: false });
    expect(error).not.toBeInstanceOf((await import('../../src/index.js')).AuthenticationError);
    expect(isAuthenticationError(error)).toBe(true);
    expect(isApiError(error)).toBe(true);
  });
});

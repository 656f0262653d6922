import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The CI-sized run of test/stress/run-stress.mjs (`npm run test:stress` runs 10,000 requests).
const total = Number(process.env.KEYGATE_STRESS_TOTAL ?? 1_000);
const script = fileURLToPath(new URL('./run-stress.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('load with faults', () => {
  it(`settles ${total} requests at concurrency 100: typed errors, no key in errors or logs, no cross-talk, bounded memory`, async () => {
    if (!existsSync(`${root}dist/index.js`))
      throw new Error('dist/ is missing: run `npm run build` before these tests.');
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', script, String(total)], {
      cwd: root,
      timeout: 300_000,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`stress run failed:\n${error.stdout ?? ''}${error.stderr ?? ''}${error.message}`);
    });
    console.log(stdout.trim());
    const line = stdout.trim().split('\n').at(-1) ?? '';
    expect(line).toMatch(new RegExp(`^stress: settled ${total}/${total}, `));
    expect(line).toContain('unhandled rejections 0, leaks 0, cross-talk 0, untyped 0');
    // Every log line at debug and every hook view of the run was searched for every key.
    expect(line).toContain('log leaks 0,');
    expect(line).toMatch(/log lines [1-9]\d*, hook views [1-9]\d*/);
  }, 320_000);
});

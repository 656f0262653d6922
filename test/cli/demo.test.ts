import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/cli.js`;

describe('keygate demo (the built executable)', () => {
  it('walks through both providers offline, in plain text when not on a TTY, and exits 0', async () => {
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` before these tests.');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'demo'], {
      env: { PATH: process.env.PATH ?? '' },
      timeout: 30_000,
    });
    for (const section of [
      'TwelveLabs: the key travels in the x-api-key header',
      'ModelsLab: the key travels inside the JSON body as "key"',
      'A rotated key',
      'A swapped strategy',
      'The error each failing key produces',
    ]) {
      expect(stdout).toContain(section);
    }
    expect(stdout).toMatch(/POST \/v1\.3\/indexes\s+key in header "x-api-key" \(tl-s…\) → 201/);
    expect(stdout).toMatch(/POST \/api\/v6\/images\/text2img\s+key in body "key" \(ml-s…\) → 200/);
    expect(stdout).toMatch(/ModelsLab\s+noCredits\s+InsufficientCreditsError\s+status 200/);
    expect(stdout).toContain('none of the 10 errors shows one');
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).not.toMatch(/(tl|ml)-sim-[a-zA-Z]+-[0-9a-f]{8}/);
  });
});

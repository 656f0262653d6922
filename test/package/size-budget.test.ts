import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with bench/, without type declarations
import { measureEntrySizes } from '../../scripts/entry-sizes.mjs';

const root = new URL('../../', import.meta.url);

describe('footprint', () => {
  it('each entry, bundled with ky and valibot, minified and gzipped, is within its budget', async () => {
    if (!existsSync(new URL('dist/index.js', root)))
      throw new Error('dist/ is missing: run `npm run build` first.');
    const sizes = (await measureEntrySizes(root)) as Array<{
      entry: string;
      gzipBytes: number;
      budgetBytes: number;
    }>;
    console.log(
      `entry sizes (min+gz, with ky and valibot): ${sizes.map((s) => `${s.entry} ${s.gzipBytes} B / ${s.budgetBytes} B`).join(', ')}`,
    );
    for (const size of sizes) expect(size.gzipBytes, size.entry).toBeLessThanOrEqual(size.budgetBytes);
  });
});

// Measures each public entry the way a user's bundler sees it: bundled with its dependencies
// (ky, valibot), minified, gzipped. Used by the size-budget test and by the benchmarks.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Budgets in bytes, minified + gzipped, dependencies included: about 10% above the sizes when
 * they were set (17.9, 19.9, 20.4 and 5.7 KB), so a regression shows up in `npm test`.
 */
export const sizeBudgets = {
  keygate: 19_700,
  'keygate/twelvelabs': 21_900,
  'keygate/modelslab': 22_400,
  'keygate/testing': 6_300,
};

const entries = {
  keygate: 'dist/index.js',
  'keygate/twelvelabs': 'dist/twelvelabs.js',
  'keygate/modelslab': 'dist/modelslab.js',
  'keygate/testing': 'dist/testing.js',
};

/**
 * @param {string} root The package root (with dist/ built).
 * @returns {Promise<Array<{ entry: string, minifiedBytes: number, gzipBytes: number, budgetBytes: number }>>}
 */
export async function measureEntrySizes(root) {
  const sizes = [];
  for (const [entry, file] of Object.entries(entries)) {
    const result = await build({
      entryPoints: [new URL(file, root).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    sizes.push({
      entry,
      minifiedBytes: code.length,
      gzipBytes: gzipSync(code).length,
      budgetBytes: sizeBudgets[entry],
    });
  }
  return sizes;
}

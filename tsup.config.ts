import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig([
  {
    // One entry per public export path; shared code lands in common chunks so that `keygate`,
    // `keygate/<provider>` and `keygate/testing` share one set of error classes at run time.
    entry: {
      index: 'src/index.ts',
      twelvelabs: 'providers/twelvelabs/index.ts',
      modelslab: 'providers/modelslab/index.ts',
      testing: 'src/testing/index.ts',
    },
    format: ['esm'],
    target: 'node22',
    platform: 'node',
    dts: true,
    clean: true,
    splitting: true,
    treeshake: true,
  },
  {
    // The `keygate` executable, bundled on its own so it needs only the shebang.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    target: 'node22',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    define: { KEYGATE_VERSION: JSON.stringify(version) },
    clean: false,
    treeshake: true,
  },
]);

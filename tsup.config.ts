import { defineConfig } from 'tsup';

// One entry per public export path; shared code lands in common chunks so that
// `keygate` and `keygate/<provider>` share one set of error classes at run time.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    twelvelabs: 'providers/twelvelabs/index.ts',
    modelslab: 'providers/modelslab/index.ts',
  },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  dts: true,
  clean: true,
  splitting: true,
  sourcemap: false,
  treeshake: true,
});

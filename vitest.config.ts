import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // The JSON report feeds the "N passed, N failed" line that .ci/run prints.
    reporters: [
      'default',
      ['json', { outputFile: process.env.KEYGATE_VITEST_REPORT ?? 'reports/vitest.json' }],
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/src/**/*.test.ts', '**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The JSON report feeds .ci/run's one-line summary ("N passed, N failed").
    reporters: ['default', ['json', { outputFile: 'artifacts/vitest-report.json' }]],
  },
});

import { defineConfig } from 'vitest/config';

// The default suite (npm test). Slow stress tests — many SIGKILL runs, bulk imports, long fuzzing — are named
// *.stress.test.ts and run with `npm run test:stress` (vitest.stress.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/electron/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.stress.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});

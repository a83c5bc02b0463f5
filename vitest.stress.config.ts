import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the slow tests the default suite leaves out (SIGKILL runs, bulk imports, long fuzzing).
export default defineConfig({
  test: {
    include: ['src/**/*.stress.test.ts', 'tests/**/*.stress.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});

import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/support/chromium.ts';

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: process.env.KEEL_PW_JSON ? [['list'], ['json', { outputFile: process.env.KEEL_PW_JSON }]] : 'list',
  outputDir: 'test-results',
  projects: [
    {
      name: 'web',
      testDir: 'tests/e2e',
      use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions(), viewport: { width: 1280, height: 800 } },
    },
    { name: 'electron', testDir: 'tests/e2e-electron' },
  ],
});

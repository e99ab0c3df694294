import { defineConfig } from '@playwright/test'

/**
 * e2e tests drive Debian's Chromium (`npx playwright install` cannot download
 * browsers here) against a real relay each test file starts (e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // two workers: the SwiftShader-bound training spec runs beside the rest (files run in parallel, tests in a file in order)
  workers: 2,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure'
  }
})

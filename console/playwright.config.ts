import { defineConfig } from '@playwright/test';

// Browser tests against a REAL inservice server that serves the built console at / and
// the API at /graphql, with the demo data (scripts/console-e2e.sh starts one).
// Chromium comes from Debian (apt-get install chromium); Playwright downloads nothing.
const baseURL = process.env.INSERVICE_URL ?? 'http://127.0.0.1:8080';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: '../test-output/console/results',
  // Two cores: the server, Chromium and the runner share them.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { outputFolder: '../test-output/console/report', open: 'never' }]],
  use: {
    baseURL,
    locale: 'zh-TW',
    // Not Taipei on purpose: the console must show Taipei time whatever the browser's zone.
    timezoneId: 'Europe/London',
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});

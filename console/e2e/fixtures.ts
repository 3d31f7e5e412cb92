import { test as base, expect } from '@playwright/test';

/**
 * Every test's page fails the test on a page error or a Content-Security-Policy
 * violation: the server's CSP allows nothing inline, and the console must not need it.
 */
export const test = base.extend<{ strictPage: void }>({
  strictPage: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const watch = (page: import('@playwright/test').Page) => {
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('console', (m) => {
          if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      expect(problems, 'page errors and CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

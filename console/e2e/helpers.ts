import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PASSWORD = 'inservice-demo';
export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-output', 'console');
mkdirSync(SHOTS, { recursive: true });

/** A suffix that keeps names unique across runs against the same database. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Signs in through the sign-in page and waits for the dashboard. */
export async function signIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('帳號').fill(login);
  await page.getByLabel('密碼').fill(password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await expect(page).toHaveURL(/\/manage/);
  await expect(page.getByTestId('user-name')).toContainText(login);
}

/** A fresh anonymous browser context: what the public sees. */
export async function anonymousPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/**
 * axe-core on the page as it is now: no serious or critical violation of WCAG 2.1 A/AA.
 * Optionally saves a screenshot under test-output/console/.
 */
export async function checkPage(page: Page, name: string, options: { screenshot?: boolean; fullPage?: boolean } = {}) {
  // Let pending requests settle, so the check sees the page people see.
  await expect(page.locator('.loading')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `accessibility violations on ${name}`).toEqual([]);
  if (options.screenshot !== false) {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: options.fullPage ?? false });
  }
}

/** The graphql endpoint, for setting up state without the UI (as the signed-in page). */
export async function gql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await page.request.post('/graphql', { data: { query, variables } });
  expect(response.ok()).toBeTruthy();
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors ?? []).toEqual([]);
  return body.data;
}

/** Today's date in Taipei as the console shows it (2026/11/28). */
export function taipeiToday(): string {
  return new Intl.DateTimeFormat('zh-TW', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

import type { Browser, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { anonymousPage, checkPage, gql, SHOTS, signIn, unique } from './helpers';

// 統計數據申請, 資訊傳報 and 研習課程報表 against the real server. Each test makes its own
// requests (a unique purpose finds them in the commissioner's list, shared by the run).
// The demo's only hours in the current school year are those of 正向管教與親師溝通研習
// (3500007, 幸安國小, 臺北市): two teachers (hours.spec.ts grants and revokes for the same
// two), so with k = 3 every cell of a result is suppressed — the case the pages must get
// right.

/** Where the brief's screenshots go: test-output/console/brief/ (checkPage's are in test-output/console/). */
const BRIEF_SHOTS = join(SHOTS, 'brief');
mkdirSync(BRIEF_SHOTS, { recursive: true });

const nav = (page: Page) => page.getByRole('navigation', { name: '主選單' });
const BOM = [0xef, 0xbb, 0xbf];

async function personPage(browser: Browser, login: string): Promise<Page> {
  const page = await anonymousPage(browser);
  await signIn(page, login);
  return page;
}

/** How often a running request's page asks again (POLL_INTERVAL_MS in statistics/model.ts). */
const POLL_INTERVAL_MS = 2_000;

/**
 * Returns once every request the page has made so far has reached the test's `request`
 * listeners: the page fetches something of its own after them and waits for the answer.
 */
async function settle(page: Page) {
  expect(await page.evaluate(async () => (await fetch('/readyz', { cache: 'no-store' })).status)).toBe(200);
}

async function expectNoOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The ROC school year now in Taipei (115 = Aug 2026 – Jul 2027). */
function currentSchoolYear(): number {
  const [year, month] = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7).split('-').map(Number);
  return (month ?? 1) >= 8 ? (year ?? 0) - 1911 : (year ?? 0) - 1912;
}

/** A Taipei day `days` from today, as <input type=date> takes it. */
function taipeiDayIn(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The commissioner opens a request from the list by its purpose. */
async function openFromList(page: Page, listPath: string, rowTestId: string, purpose: string) {
  await page.goto(listPath);
  const row = page.getByTestId(rowTestId).filter({ hasText: purpose });
  await expect(row).toHaveCount(1);
  await row.getByRole('link', { name: purpose }).click();
}

test.describe('statistics requests (統計數據申請)', () => {
  test('tepd requests by county, the commissioner approves, tepd follows the job to a suppressed result, its chart and the CSV', async ({ page, browser }) => {
    test.setTimeout(120_000);
    const purpose = `E2E 立法院質詢：各縣市教師研習時數 ${unique()}`;
    await signIn(page, 'tepd');

    // A ministry division requests statistics but has no unit that may apply for data
    // exchange: the menu and the dashboard offer 統計數據申請 and not 資訊傳報 (nor the
    // county report, as it governs no schools).
    await expect(nav(page).getByRole('link', { name: '統計數據申請' })).toBeVisible();
    await expect(nav(page).getByRole('link', { name: '資訊傳報' })).toHaveCount(0);
    const tasks = page.locator('.task-card');
    await expect(tasks.filter({ hasText: '統計數據申請' })).toHaveCount(1);
    await expect(tasks.filter({ hasText: '資訊傳報' })).toHaveCount(0);

    // From the menu to the list, then the form.
    await nav(page).getByRole('link', { name: '統計數據申請' }).click();
    await expect(page).toHaveURL(/\/manage\/statistics$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('統計數據申請');
    await expect(nav(page).getByRole('link', { name: '研習課程報表' })).toHaveCount(0);
    await checkPage(page, 'statistics-list-tepd');
    await page.getByTestId('new-statistics').click();
    await expect(page).toHaveURL(/\/manage\/statistics\/new$/);
    const form = page.getByTestId('statistics-form');
    await expect(form.getByRole('combobox', { name: /^申請單位/ })).toHaveValue(/.+/);
    await expect(form.getByRole('combobox', { name: /^申請單位/ }).locator('option:checked')).toHaveText('教育部師資培育及藝術教育司');
    await expect(form).toContainText('全國資料：統計全國所有學校的教師。');
    // The defaults: the current school year, by county, teachers and hours.
    await expect(form.getByRole('combobox', { name: '學年度' })).toHaveValue(String(currentSchoolYear()));
    await expect(form.getByTestId('dimension-0')).toHaveValue('COUNTY');
    await expect(form.getByTestId('dimension-1')).toHaveValue('');
    await expect(form.getByTestId('dimension-2')).toBeDisabled();
    await expect(form.getByTestId('dimension-preview')).toHaveText('統計表：縣市（欄）');
    await expect(form.getByLabel('研習教師數（人）')).toBeChecked();
    await expect(form.getByLabel('核發時數（小時）')).toBeChecked();
    await expect(form.getByLabel('門檻時數')).toHaveCount(0);
    // The 22 counties, in the Ministry's order.
    const counties = form.locator('[data-field="counties"] label');
    await expect(counties).toHaveCount(22);
    await expect(counties.first()).toHaveText('臺北市');
    await expect(counties.last()).toHaveText('連江縣');

    await form.getByRole('textbox', { name: /^申請目的/ }).fill(purpose);
    await form.getByLabel('申請目的類別').selectOption('LEGISLATIVE_QUESTION');
    await checkPage(page, 'statistics-form', { fullPage: true });
    await page.screenshot({ path: join(BRIEF_SHOTS, 'statistics-form.png'), fullPage: true });
    await form.getByTestId('submit-statistics').click();

    await expect(page).toHaveURL(/\/manage\/statistics\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';
    await expect(page.getByTestId('toast')).toContainText(/已送出統計數據申請第 \d+ 號/);
    await expect(page.getByTestId('statistics-status')).toHaveText('待審核');
    await expect(page.getByTestId('status-notice')).toHaveText('已送出，等候委辦單位審核。');
    const spec = page.getByTestId('statistics-spec');
    await expect(spec.locator('[data-key="period"] dd')).toHaveText(`${currentSchoolYear()} 學年度`);
    await expect(spec.locator('[data-key="counties"] dd')).toHaveText('全部（申請單位轄區內）');
    await expect(spec.locator('[data-key="dimensions"] dd')).toHaveText('縣市（欄）');
    await expect(spec.locator('[data-key="measures"] dd')).toHaveText('研習教師數（人）、核發時數（小時）');
    await expect(page.getByTestId('statistics-purpose')).toContainText(purpose);
    // The requester cannot decide; there is nothing to download yet.
    await expect(page.getByTestId('decision-panel')).toHaveCount(0);
    await expect(page.getByTestId('downloads')).toHaveCount(0);
    await checkPage(page, 'statistics-submitted');

    // The commissioner finds it in the list and approves with k = 3.
    const commissioner = await personPage(browser, 'commissioner');
    await nav(commissioner).getByRole('link', { name: '統計數據申請' }).click();
    await expect(commissioner.getByTestId('new-statistics')).toHaveCount(0);
    await openFromList(commissioner, '/manage/statistics?status=SUBMITTED', 'statistics-row', purpose);
    await expect(commissioner).toHaveURL(new RegExp(`/manage/statistics/${id}$`));
    await expect(commissioner.getByTestId('status-notice')).toContainText('此申請等候您審核');
    const panel = commissioner.getByTestId('decision-panel');
    await expect(panel.getByLabel('公開門檻 k')).toHaveValue('3');
    await checkPage(commissioner, 'statistics-decide');
    await panel.getByTestId('approve').click();
    await expect(commissioner.getByTestId('toast')).toContainText('已核准統計數據申請第');
    await expect(commissioner.getByTestId('decision-panel')).toHaveCount(0);
    // The job runs at once; the page follows it to the end.
    await expect(commissioner.getByTestId('statistics-status')).toHaveText('已完成', { timeout: 15_000 });
    await expect(commissioner.getByTestId('statistics-k')).toHaveText('少於 3 人不公開');
    await commissioner.context().close();

    // tepd opens it while the job is (as this test makes the answers say) 40% done: the
    // progress bar, asked for again every 2 s; then, the answers real again, the result; then
    // no more asking. Playwright's clock, installed before the page loads, runs the page's
    // timers: it flows as real time does, and runFor() moves it on at once.
    let simulateRunning = true;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string };
      if (!simulateRunning || !body.query.includes('query StatisticsRequest(')) return route.continue();
      const response = await route.fetch();
      const json = (await response.json()) as { data: { statisticsRequest: Record<string, unknown> & { transitions: { toStatus: string }[] } } };
      const r = json.data.statisticsRequest;
      Object.assign(r, {
        status: 'APPROVED',
        progress: 0.4,
        result: null,
        downloads: [],
        expiresAt: null,
        completedAt: null,
        transitions: r.transitions.filter((tr) => tr.toStatus !== 'COMPLETED'),
      });
      return route.fulfill({ response, json });
    });
    let polls = 0;
    page.on('request', (req) => {
      if (req.url().endsWith('/graphql') && (req.postData() ?? '').includes('query StatisticsRequest(')) polls += 1;
    });
    await page.clock.install();
    await page.reload();
    await expect(page.getByTestId('statistics-status')).toHaveText('已核准，處理中');
    await expect(page.getByTestId('job-progress-text')).toHaveText('已完成 40%');
    await expect(page.getByRole('progressbar', { name: '統計表計算進度' })).toHaveAttribute('value', '40');
    await checkPage(page, 'statistics-running');
    // The next poll (the clock moved on by one interval) gets the real answer.
    simulateRunning = false;
    await page.clock.runFor(POLL_INTERVAL_MS);
    await expect(page.getByTestId('statistics-status')).toHaveText('已完成');
    await expect(page.getByTestId('job-progress')).toHaveCount(0);
    await settle(page);
    const pollsWhenDone = polls;
    expect(pollsWhenDone, 'the page load and at least one poll').toBeGreaterThanOrEqual(2);
    // 30 s on the page's clock without waiting for them, one interval at a time (a poll waits
    // for the answer to the one before, so a page still polling would ask again each step).
    for (let elapsed = 0; elapsed < 30_000; elapsed += POLL_INTERVAL_MS) {
      await page.clock.runFor(POLL_INTERVAL_MS);
      await settle(page);
    }
    expect(polls, 'no polling once completed').toBe(pollsWhenDone);
    await page.unroute('**/graphql');

    // The result: 臺北市 and the total, every value suppressed (＊, never 0), the total styled.
    const table = page.getByTestId('result-table');
    await expect(table.locator('thead th')).toHaveText(['縣市', '研習教師數（人）', '核發時數（小時）']);
    const rows = page.getByTestId('result-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute('data-total', 'false');
    await expect(rows.nth(0).locator('th')).toHaveText('臺北市');
    await expect(rows.nth(1)).toHaveAttribute('data-total', 'true');
    await expect(rows.nth(1)).toHaveClass(/result-total/);
    await expect(rows.nth(1).locator('th')).toHaveText('合計');
    const hidden = table.locator('td[data-suppressed="true"]');
    await expect(hidden).toHaveCount(4);
    await expect(table.locator('td[data-suppressed="false"]')).toHaveCount(0);
    for (const cell of await hidden.all()) {
      await expect(cell).toHaveAttribute('title', '人數少於 3 人，不公開');
      await expect(cell).toContainText('＊');
      await expect(cell).toContainText('不公開（人數少於 3 人）');
      await expect(cell).not.toContainText('0');
    }
    await expect(page.getByTestId('suppressed-summary')).toContainText('共有 4 個數字不公開');
    await expect(page.getByTestId('result-note')).toContainText('不公開不代表 0');
    // The chart: one bar for 臺北市 (the total left out), hatched and labelled, not a zero.
    const bars = page.getByTestId('chart-bar');
    await expect(bars).toHaveCount(1);
    await expect(bars.first()).toHaveAttribute('data-suppressed', 'true');
    await expect(bars.first()).toContainText('臺北市');
    await expect(bars.first()).toContainText('不公開（少於 3 人）');
    await expect(bars.first().locator('rect')).toHaveAttribute('fill', /^url\(#hatch-/);
    await expect(page.getByTestId('chart-all-suppressed')).toBeVisible();
    await expect(page.getByTestId('chart-svg')).toHaveAttribute('role', 'img');

    // The downloads until they expire (Taipei time), the CSV starting with a BOM.
    const downloads = page.getByTestId('downloads');
    await expect(downloads.getByRole('link')).toHaveText(['CSV', 'Excel（XLSX）', 'ODS'].map((name) => new RegExp(name.replace(/[()（）]/g, '.'))));
    await expect(page.getByTestId('downloads-expiry')).toHaveText(/^下載期限：\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}（臺北時間）/);
    await expect(page.getByTestId('download-CSV')).toHaveAttribute('href', `/statistics/${id}/result.csv`);
    await expect(page.getByTestId('download-XLSX')).toHaveAttribute('href', `/statistics/${id}/result.xlsx`);
    const transitions = page.getByTestId('transition');
    await expect(transitions).toHaveCount(3);
    await expect(transitions.nth(0)).toContainText('送出申請');
    await expect(transitions.nth(1)).toContainText('待審核 → 已核准，處理中');
    await expect(transitions.nth(1)).toContainText('commissioner');
    await expect(transitions.nth(2)).toContainText('已核准，處理中 → 已完成');
    await expect(transitions.nth(2)).toContainText('系統（背景作業）');
    await checkPage(page, 'statistics-result', { fullPage: true });
    await page.screenshot({ path: join(BRIEF_SHOTS, 'statistics-result.png'), fullPage: true });

    const csv = await page.request.get(`/statistics/${id}/result.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/);
    expect(lines[0]).toBe('縣市,研習教師數（人）,核發時數（小時）');
    expect(lines).toContain('臺北市,*,*');
    const xlsx = await page.request.get(`/statistics/${id}/result.xlsx`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');

    // Another requester sees neither the request nor its files.
    const taipei = await personPage(browser, 'taipei');
    await taipei.goto(`/manage/statistics/${id}`);
    await expect(taipei.getByTestId('no-permission')).toBeVisible();
    expect((await taipei.request.get(`/statistics/${id}/result.csv`)).status()).toBe(403);
    await taipei.context().close();

    // A phone: no sideways scrolling, the chart within its box.
    await page.setViewportSize({ width: 375, height: 800 });
    await expect(page.getByTestId('result-table')).toBeVisible();
    await expectNoOverflow(page);
    const chartBox = await page.getByTestId('chart-svg').boundingBox();
    expect(chartBox?.width ?? 999).toBeLessThanOrEqual(375);
    await checkPage(page, 'statistics-result-375', { fullPage: true });

    // In English.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('language').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Statistics request no\. \d+$/);
    await expect(page.getByTestId('statistics-status')).toHaveText('Completed');
    await expect(hidden.first()).toHaveAttribute('title', 'Fewer than 3 people: not published');
    await expect(hidden.first()).toContainText('Not published (fewer than 3 people)');
    await expect(bars.first()).toContainText('not published (fewer than 3)');
    await expect(page.getByTestId('statistics-spec').locator('[data-key="dimensions"] dd')).toHaveText('County (columns)');
    await checkPage(page, 'statistics-result-en', { fullPage: true });
    await page.getByTestId('language').click();
  });

  test('the form checks before sending, the server’s errors appear beside their fields, and rejecting needs a reason', async ({ page, browser }) => {
    test.setTimeout(120_000);
    const purpose = `E2E 政策達成率：研習時數達標教師 ${unique()}`;
    await signIn(page, 'k12-hs');
    await page.goto('/manage/statistics/new');
    const form = page.getByTestId('statistics-form');
    await expect(form.getByRole('combobox', { name: /^申請單位/ }).locator('option:checked')).toHaveText('國教署高級中等教育組');

    // Nothing typed and no measure: refused beside the fields, focus on the first.
    await form.getByLabel('研習教師數（人）').uncheck();
    await form.getByLabel('核發時數（小時）').uncheck();
    await form.getByTestId('submit-statistics').click();
    const purposeBox = form.getByRole('textbox', { name: /^申請目的/ });
    await expect(purposeBox).toHaveAttribute('aria-invalid', 'true');
    await expect(purposeBox).toBeFocused();
    await expect(form.locator('[data-field="purpose"] .field-error')).toHaveText(/請說明申請目的/);
    await expect(form.locator('[data-field="purposeCategory"] .field-error')).toHaveText(/請選擇申請目的類別/);
    await expect(form.locator('[data-field="measures"] .field-error')).toHaveText(/請至少勾選一個統計項目/);
    await checkPage(page, 'statistics-form-errors', { fullPage: true });

    // Dates the wrong way round are refused here; more than ten years by the server.
    await purposeBox.fill(purpose);
    await form.getByLabel('申請目的類別').selectOption('POLICY_ACHIEVEMENT');
    await form.getByLabel('研習教師數（人）').check();
    await form.getByText('自訂日期').click();
    await form.getByLabel('起日').fill(taipeiDayIn(0));
    await form.getByLabel('迄日（含）').fill(taipeiDayIn(-30));
    await form.getByTestId('submit-statistics').click();
    await expect(form.locator('[data-field="period"] .field-error')).toHaveText(/起日不能晚於迄日/);
    await form.getByLabel('起日').fill('2010-01-01');
    await form.getByLabel('迄日（含）').fill(taipeiDayIn(0));
    await form.getByTestId('submit-statistics').click();
    await expect(form.locator('[data-field="period"] .field-error')).toHaveText(/期間最長十年/);
    await expect(page).toHaveURL(/\/manage\/statistics\/new$/);

    // Two dimensions (the second becomes the columns) and a threshold in halves.
    await form.getByText('學年度', { exact: true }).click();
    await form.getByTestId('dimension-1').selectOption('STAGE');
    await expect(form.getByTestId('dimension-preview')).toHaveText('統計表：縣市 → 教育階段（欄）');
    await expect(form.getByTestId('dimension-2')).toBeEnabled();
    await expect(form.getByTestId('dimension-1').locator('option[value="COUNTY"]')).toBeDisabled();
    await form.getByLabel('時數達門檻的教師數（人）').check();
    await form.getByLabel('門檻時數').fill('2.75');
    await form.getByTestId('submit-statistics').click();
    await expect(form.locator('[data-field="threshold.hours"] .field-error')).toHaveText(/門檻時數以半小時為單位/);
    await form.getByLabel('門檻時數').fill('3.5');
    await form.getByTestId('submit-statistics').click();
    await expect(page).toHaveURL(/\/manage\/statistics\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';
    const spec = page.getByTestId('statistics-spec');
    await expect(spec.locator('[data-key="dimensions"] dd')).toHaveText('縣市 → 教育階段（欄）');
    await expect(spec.locator('[data-key="measures"] dd')).toHaveText('研習教師數（人）、時數達 3.5 小時的教師數（人）');
    await expect(spec.locator('[data-key="threshold"] dd')).toHaveText('3.5 小時（全部研習時數）');

    // The commissioner: k below 3 refused, rejecting without a reason refused, then with one.
    const commissioner = await personPage(browser, 'commissioner');
    await openFromList(commissioner, '/manage/statistics', 'statistics-row', purpose);
    const panel = commissioner.getByTestId('decision-panel');
    await panel.getByLabel('公開門檻 k').fill('2');
    await panel.getByTestId('approve').click();
    await expect(panel.locator('.field-error')).toHaveText(/k 須為 3 至 100 的整數/);
    await expect(panel.getByLabel('公開門檻 k')).toBeFocused();
    await panel.getByLabel('公開門檻 k').fill('3');
    await panel.getByTestId('reject').click();
    const reason = panel.getByRole('textbox', { name: /^理由/ });
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(reason).toBeFocused();
    await expect(panel.locator('.field-error')).toHaveText(/不予核准時，請填寫理由（申請人會看到）/);
    await expect(commissioner.getByTestId('statistics-status')).toHaveText('待審核');
    await checkPage(commissioner, 'statistics-reject-reason');
    await reason.fill('E2E：請改以縣市為單位另行申請。');
    await panel.getByTestId('reject').click();
    await expect(commissioner.getByTestId('statistics-status')).toHaveText('不予核准');
    await expect(commissioner.getByTestId('decision-panel')).toHaveCount(0);
    await commissioner.context().close();

    // The requester reads the reason; nothing to download; the list's filter finds it.
    await page.reload();
    await expect(page.getByTestId('statistics-status')).toHaveText('不予核准');
    await expect(page.getByTestId('decision-reason')).toHaveText('E2E：請改以縣市為單位另行申請。');
    await expect(page.getByTestId('transition').last()).toContainText('待審核 → 不予核准');
    await expect(page.getByTestId('transition').last()).toContainText('理由：E2E：請改以縣市為單位另行申請。');
    await expect(page.getByTestId('downloads')).toHaveCount(0);
    await checkPage(page, 'statistics-rejected');
    await page.goto('/manage/statistics?status=REJECTED');
    await expect(page.getByTestId('status-filter')).toHaveValue('REJECTED');
    await expect(page.locator(`[data-testid="statistics-row"][data-id="${id}"]`)).toHaveAttribute('data-status', 'REJECTED');
    await page.getByTestId('status-filter').selectOption('COMPLETED');
    await expect(page).toHaveURL(/status=COMPLETED$/);
    await expect(page.locator(`[data-testid="statistics-row"][data-id="${id}"]`)).toHaveCount(0);
    expect((await page.request.get(`/statistics/${id}/result.csv`)).status()).toBe(410);
  });
});

test.describe('data exchange (資訊傳報)', () => {
  test('taipei applies, the commissioner approves, the CSV downloads; a ministry division has no unit to apply for', async ({ page, browser }) => {
    test.setTimeout(120_000);
    const purpose = `E2E 臺北市教師研習紀錄彙整 ${unique()}`;

    // 師資藝教司 governs no schools: no 資訊傳報 entry (統計數據申請 is there), no button on
    // the list, and the form, offering only units that govern schools, has none for it.
    const tepd = await personPage(browser, 'tepd');
    await expect(nav(tepd).getByRole('link', { name: '統計數據申請' })).toBeVisible();
    await expect(nav(tepd).getByRole('link', { name: '資訊傳報' })).toHaveCount(0);
    await tepd.goto('/manage/data-exchanges');
    await expect(tepd.getByRole('heading', { level: 1 })).toHaveText('資訊傳報');
    await expect(tepd.getByTestId('exchanges-empty').or(tepd.getByTestId('exchanges-list'))).toBeVisible();
    await expect(tepd.getByTestId('new-exchange')).toHaveCount(0);
    await tepd.goto('/manage/data-exchanges/new');
    await expect(tepd.getByTestId('no-permission')).toBeVisible();
    await expect(tepd.getByTestId('exchange-form')).toHaveCount(0);
    await checkPage(tepd, 'exchange-form-tepd');
    await tepd.context().close();

    // A county bureau has both entries, on the menu and the dashboard.
    await signIn(page, 'taipei');
    await expect(nav(page).getByRole('link', { name: '統計數據申請' })).toBeVisible();
    await expect(nav(page).getByRole('link', { name: '資訊傳報' })).toBeVisible();
    const tasks = page.locator('.task-card');
    await expect(tasks.filter({ hasText: '統計數據申請' })).toHaveCount(1);
    await expect(tasks.filter({ hasText: '資訊傳報' })).toHaveCount(1);
    await nav(page).getByRole('link', { name: '資訊傳報' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('資訊傳報');
    await page.getByTestId('new-exchange').click();
    const form = page.getByTestId('exchange-form');
    await expect(form.getByRole('combobox', { name: /^申請單位/ }).locator('option:checked')).toHaveText('臺北市政府教育局');
    await form.getByRole('textbox', { name: /^申請目的/ }).fill(purpose);
    // A validity ending yesterday is refused beside its field.
    await form.getByLabel('使用期限').fill(taipeiDayIn(-1));
    await form.getByTestId('submit-exchange').click();
    await expect(form.locator('[data-field="validUntil"] .field-error')).toHaveText(/使用期限不能早於今天/);
    await checkPage(page, 'exchange-form-error', { fullPage: true });
    await form.getByLabel('使用期限').fill(taipeiDayIn(30));
    await form.getByTestId('submit-exchange').click();
    await expect(page).toHaveURL(/\/manage\/data-exchanges\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';
    await expect(page.getByTestId('exchange-status')).toHaveText('待審核');
    await expect(page.getByTestId('downloads')).toHaveCount(0);

    // The commissioner approves (no k here).
    const commissioner = await personPage(browser, 'commissioner');
    await nav(commissioner).getByRole('link', { name: '資訊傳報' }).click();
    await openFromList(commissioner, '/manage/data-exchanges', 'exchange-row', purpose);
    const panel = commissioner.getByTestId('decision-panel');
    await expect(panel.getByLabel('公開門檻 k')).toHaveCount(0);
    await checkPage(commissioner, 'exchange-decide');
    await panel.getByTestId('approve').click();
    await expect(commissioner.getByTestId('exchange-status')).toHaveText('已完成', { timeout: 15_000 });
    await commissioner.context().close();

    // The applicant: completed, the count, the CSV until the validity's end at the latest.
    await page.reload();
    await expect(page.getByTestId('exchange-status')).toHaveText('已完成');
    await expect(page.getByTestId('exchange-row-count')).toHaveText(/^\d+ 筆$/);
    const count = Number((await page.getByTestId('exchange-row-count').textContent())?.match(/\d+/)?.[0]);
    expect(count).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('status-notice')).toHaveText(`匯出完成，共 ${count} 筆研習紀錄。`);
    await expect(page.getByTestId('download-CSV')).toHaveAttribute('href', `/data-exchanges/${id}/export.csv`);
    await expect(page.getByTestId('downloads-expiry')).toHaveText(/^下載期限：\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}（臺北時間）/);
    await checkPage(page, 'exchange-completed', { fullPage: true });
    const csv = await page.request.get(`/data-exchanges/${id}/export.csv`);
    expect(csv.status()).toBe(200);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/).filter((l) => l !== '');
    expect(lines[0]).toBe('個人專用識別碼,姓名,服務學校,研習代碼,研習名稱,研習日期,時數');
    expect(lines).toHaveLength(count + 1);
    expect(lines.some((l) => l.includes('林怡君') && l.includes('3500007'))).toBe(true);
    // Another county may not fetch it.
    const tainan = await personPage(browser, 'tainan');
    expect((await tainan.request.get(`/data-exchanges/${id}/export.csv`)).status()).toBe(403);
    await tainan.context().close();
  });
});

test.describe('county report (研習課程報表)', () => {
  test('taipei reads its schools’ courses of the current school year and downloads them; tainan sees its own only', async ({ page, browser }) => {
    const year = currentSchoolYear();
    await signIn(page, 'taipei');
    await nav(page).getByRole('link', { name: '研習課程報表' }).click();
    await expect(page).toHaveURL(/\/manage\/county-report$/);
    await expect(page.getByTestId('report-unit').locator('option:checked')).toHaveText('臺北市政府教育局');
    await expect(page.getByTestId('report-year')).toHaveValue(String(year));
    const report = page.getByTestId('county-report');
    await expect(report.getByRole('heading', { level: 2 })).toHaveText(`臺北市政府教育局 ${year} 學年度`);
    await expect(page.getByTestId('county-report-table').locator('thead th')).toHaveText([
      '研習代碼',
      '研習名稱',
      '日期',
      '開課學校',
      '教育階段',
      '錄取人數',
      '核發時數人數',
      '核發時數合計',
    ]);
    const row = page.locator('[data-testid="county-report-row"][data-code="3500007"]');
    await expect(row).toHaveCount(1);
    await expect(row.locator('th')).toHaveText('正向管教與親師溝通研習');
    await expect(row).toContainText('臺北市大安區幸安國民小學');
    await expect(row).toContainText('國民小學');
    await expect(row.locator('td').nth(5)).toHaveText('2');
    await expect(row.locator('td').nth(6)).toHaveText('5.5');
    await checkPage(page, 'county-report', { fullPage: true });

    // The files, made from the same report.
    await expect(report.getByRole('link', { name: /CSV/ })).toHaveAttribute('href', /\/county-reports\/[0-9a-f-]{36}\/county-report\.csv\?schoolYear=\d+$/);
    const href = (await report.getByRole('link', { name: /CSV/ }).getAttribute('href')) ?? '';
    const csv = await page.request.get(href);
    expect(csv.status()).toBe(200);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    expect(bytes.subarray(3).toString('utf8')).toContain('3500007');

    // The calendar year keeps it; the school year before has none of it.
    await page.getByText('年度', { exact: true }).click();
    await expect(page).toHaveURL(/calendarYear=\d{4}/);
    await expect(row).toHaveCount(1);
    await page.getByText('學年度', { exact: true }).click();
    await page.getByTestId('report-year').selectOption(String(year - 1));
    await expect(page).toHaveURL(new RegExp(`schoolYear=${year - 1}`));
    await expect(page.getByTestId('county-report-row').filter({ hasText: '正向管教與親師溝通研習' })).toHaveCount(0);

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/manage/county-report');
    await expect(row).toBeVisible();
    await expectNoOverflow(page);
    await checkPage(page, 'county-report-375', { fullPage: true });

    // tainan: its own bureau only, even when the URL names 臺北市.
    const tainan = await personPage(browser, 'tainan');
    await tainan.goto('/manage/county-report?unit=63000');
    await expect(tainan.getByTestId('report-unit').locator('option')).toHaveText(['臺南市政府教育局']);
    await expect(tainan.getByTestId('county-report')).toBeVisible();
    await expect(tainan.locator('[data-testid="county-report-row"][data-code="3500007"]')).toHaveCount(0);
    await tainan.context().close();

    // A ministry division governs no schools: no menu entry, 無權限 on the page.
    const tepd = await personPage(browser, 'tepd');
    await expect(nav(tepd).getByRole('link', { name: '研習課程報表' })).toHaveCount(0);
    await tepd.goto('/manage/county-report');
    await expect(tepd.getByTestId('no-permission')).toBeVisible();
    await tepd.context().close();
  });

  test('the commissioner reads any county’s report; a school admin has none of these pages', async ({ page, browser }) => {
    await signIn(page, 'commissioner');
    await page.goto('/manage/county-report?unit=63000');
    await expect(page.getByTestId('report-unit').locator('option:checked')).toHaveText('臺北市政府教育局');
    await expect(page.locator('[data-testid="county-report-row"][data-code="3500007"]')).toHaveCount(1);
    const unitIds = await gql<{ orgUnits: { totalCount: number } }>(page, 'query { orgUnits(filter: { kinds: [COUNTY_BUREAU] }) { totalCount } }');
    expect(await page.getByTestId('report-unit').locator('option').count()).toBeGreaterThanOrEqual(unitIds.orgUnits.totalCount);

    const school = await personPage(browser, 'taipei-school');
    for (const name of ['統計數據申請', '資訊傳報', '研習課程報表']) {
      await expect(nav(school).getByRole('link', { name })).toHaveCount(0);
    }
    await school.goto('/manage/statistics/new');
    await expect(school.getByTestId('no-permission')).toBeVisible();
    await school.goto('/manage/statistics');
    await expect(school.getByTestId('no-permission')).toBeVisible();
    await school.context().close();
  });
});

import type { Browser, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { anonymousPage, checkPage, gql, SHOTS, signIn, taipeiToday, unique } from './helpers';

// Where teachers serve (服務單位): the teacher's report (回報服務單位異動) and the schools'
// 服務單位待確認 on their rosters. Other specs rely on the demo teacher 林怡君 staying on
// 幸安國小's roster, so she only reports a move that the school then declines (維持名冊);
// the accepted move is made with a teacher created here, whose move a partner sign-in service
// reports through `operator` (no API links an account to a new teacher record).

const XINGAN = '臺北市大安區幸安國民小學';
const SHENGLI = '臺南市東區勝利國民小學';
/** Where the brief's screenshots go: test-output/console/brief/ (checkPage's are in test-output/console/). */
const BRIEF_SHOTS = join(SHOTS, 'brief');
mkdirSync(BRIEF_SHOTS, { recursive: true });

const conflictRow = (page: Page, name: string) => page.locator(`[data-testid="service-conflict"][data-name="${name}"]`);
const rosterRow = (page: Page, name: string) => page.getByTestId('teacher-row').filter({ hasText: name });

async function personPage(browser: Browser, login: string): Promise<Page> {
  const page = await anonymousPage(browser);
  await signIn(page, login);
  return page;
}

async function expectNoOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** A Taipei day (YYYY-MM-DD) `days` from today, as `<input type=date>` takes it. */
function taipeiDayFromToday(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** A made-up national ID with a valid check digit (F, then 1 or 2, then random digits): nobody's. */
function madeUpNationalId(): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';
  const first = letters.indexOf('F') + 10;
  const second = 1 + Math.floor(Math.random() * 2);
  const digits = Array.from({ length: 7 }, () => Math.floor(Math.random() * 10));
  let sum = Math.floor(first / 10) + (first % 10) * 9 + second * 8;
  digits.forEach((d, i) => (sum += d * (7 - i)));
  const check = (10 - (sum % 10)) % 10;
  return `F${second}${digits.join('')}${check}`;
}

test.describe.configure({ mode: 'serial' });

test.describe('service units (回報服務單位異動 and 服務單位待確認)', () => {
  test('a teacher reports a move; both schools see it; the school keeps its roster', async ({ page, browser }) => {
    test.setTimeout(120_000);
    const today = taipeiToday();
    await signIn(page, 'teacher');
    const card = page.getByTestId('my-service-card');
    await expect(card.getByRole('heading', { name: '我的服務單位' })).toBeVisible();
    await expect(card.getByTestId('my-roster-school')).toHaveText(XINGAN);
    await expect(card.getByTestId('my-latest-statement')).toContainText(XINGAN);
    await expect(card.getByTestId('my-service-pending')).toHaveCount(0);
    await expect(card.getByTestId('my-service-history').locator('li').first()).toContainText(XINGAN);

    // The form opens at its search field.
    const toggle = card.getByRole('button', { name: '回報服務單位異動' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const search = card.getByLabel('單位名稱或代碼');
    await expect(search).toBeFocused();

    // No unit chosen and a day in the future: both refused beside their fields, nothing sent.
    const form = card.getByTestId('service-report-form');
    const since = form.getByLabel('異動日期（選填）');
    await since.fill(taipeiDayFromToday(1));
    await form.getByRole('button', { name: '送出回報' }).click();
    await expect(card.getByTestId('unit-options')).toContainText('請搜尋並選擇服務單位，或選擇「未在任何單位服務」。');
    await expect(search).toBeFocused();
    await expect(since).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator('.field-invalid').filter({ hasText: '異動日期不能晚於今天' })).toBeVisible();
    await expect(card.getByTestId('my-service-notice')).toHaveText('');
    await checkPage(page, 'service-report-errors', { fullPage: true });

    // Nothing typed is refused beside the search field; then by name, and by code.
    await card.getByRole('button', { name: '搜尋單位' }).click();
    await expect(card.locator('.field-invalid').filter({ hasText: '請輸入單位名稱或代碼。' })).toBeVisible();
    await search.fill('勝利國民小學');
    await card.getByRole('button', { name: '搜尋單位' }).click();
    await expect(card.getByTestId('unit-results')).toContainText(/找到 \d+ 個單位/);
    const shengli = form.getByRole('radio', { name: new RegExp(SHENGLI) });
    await expect(shengli).toBeVisible();
    await expect(form.getByText('D673101')).toBeVisible();
    await search.fill('不存在的學校XYZ');
    await card.getByRole('button', { name: '搜尋單位' }).click();
    await expect(card.getByTestId('unit-results')).toHaveText('找不到符合「不存在的學校XYZ」的單位。');
    await search.fill('D673101');
    await card.getByRole('button', { name: '搜尋單位' }).click();
    await expect(card.getByTestId('unit-results')).toHaveText('找到 1 個單位。');
    await shengli.check();
    // Blank: today (sent as now).
    await since.fill('');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(BRIEF_SHOTS, 'teacher-report-unit.png'), fullPage: true });
    await form.getByRole('button', { name: '送出回報' }).click();
    await expect(card.getByTestId('my-service-notice')).toHaveText(`已回報您自 ${today} 起在「${SHENGLI}」服務。名冊不會立即變更，將由學校承辦人確認。`);
    await expect(card.getByTestId('my-latest-statement')).toContainText(SHENGLI);
    await expect(card.getByTestId('my-latest-statement')).toContainText('教師本人');
    await expect(card.getByTestId('my-service-pending')).toBeVisible();
    // No roster changed.
    await expect(card.getByTestId('my-roster-school')).toHaveText(XINGAN);
    await expect(page.getByTestId('my-school')).toHaveText(XINGAN);
    const newest = card.getByTestId('my-service-history').locator('li').first();
    await expect(newest).toContainText(SHENGLI);
    await expect(newest).toContainText('教師本人');
    await expect(newest).toHaveAttribute('data-source', 'TEACHER');
    await expect(form.getByRole('radio', { checked: true })).toHaveCount(0);
    await checkPage(page, 'service-report-sent', { fullPage: true });
    await page.screenshot({ path: join(BRIEF_SHOTS, 'teacher-report-unit-sent.png'), fullPage: true });

    await page.setViewportSize({ width: 375, height: 812 });
    await expectNoOverflow(page);
    await checkPage(page, 'service-report-375', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // 勝利國小 sees her as said to serve there, not on its roster.
    const tainan = await personPage(browser, 'tainan-school');
    await tainan.goto('/manage/units/D673101/teachers');
    const here = conflictRow(tainan, '林怡君');
    await expect(here).toHaveAttribute('data-kind', 'SERVES_HERE');
    await expect(here.getByTestId('conflict-source')).toHaveText('教師本人');
    await expect(here.getByTestId('conflict-unit')).toHaveText(SHENGLI);
    await expect(here.getByTestId('conflict-roster')).toHaveText('不在本校名冊');
    await expect(here.getByTestId('conflict-accept-effect')).toHaveText('將此教師加入本校名冊');

    // 幸安國小: on its roster, said to serve elsewhere.
    const school = await personPage(browser, 'taipei-school');
    await school.goto('/manage/units/D633101/teachers');
    const section = school.getByTestId('service-conflicts');
    await expect(section.getByRole('heading', { level: 2, name: /服務單位待確認/ })).toBeVisible();
    const lin = conflictRow(school, '林怡君');
    await expect(lin).toHaveAttribute('data-kind', 'SERVES_ELSEWHERE');
    await expect(lin.getByTestId('conflict-masked-id')).toHaveText('A22****006');
    await expect(lin.getByTestId('conflict-source')).toHaveText('教師本人');
    await expect(lin.getByTestId('conflict-unit')).toHaveText(SHENGLI);
    await expect(lin.getByTestId('conflict-statement')).toContainText(`自 ${today} 起`);
    await expect(lin.getByTestId('conflict-roster')).toHaveText('本校名冊：在職');
    await expect(lin.getByTestId('conflict-accept-effect')).toHaveText('將此教師自本校名冊移除（離職）');
    const count = await section.getByTestId('service-conflict').count();
    await expect(section.getByTestId('service-conflict-count')).toHaveText(`${count} 筆`);
    // The full national ID is nowhere; the page still lists her as active.
    await expect(rosterRow(school, '林怡君').getByTestId('teacher-status')).toHaveText('在職');
    await checkPage(school, 'service-conflicts-roster', { fullPage: true });
    await section.scrollIntoViewIfNeeded();
    await school.screenshot({ path: join(BRIEF_SHOTS, 'conflicts-roster.png'), fullPage: true });

    await school.setViewportSize({ width: 375, height: 812 });
    await expectNoOverflow(school);
    await checkPage(school, 'service-conflicts-roster-375', { fullPage: true });
    await school.setViewportSize({ width: 1280, height: 900 });

    // 維持名冊, after confirming: the roster stands, the conflict goes (at both schools).
    await lin.getByRole('button', { name: '維持名冊 林怡君' }).click();
    const dialog = school.getByRole('dialog', { name: '維持名冊' });
    await expect(dialog).toContainText('林怡君（A22****006）');
    await expect(dialog).toContainText(`最新回報：${SHENGLI}（教師本人，自 ${today} 起）`);
    await expect(dialog.getByTestId('conflict-dialog-effect')).toHaveText('維持名冊：此教師仍列於本校名冊。');
    await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
    await checkPage(school, 'service-conflict-keep-confirm');
    await dialog.getByRole('button', { name: '確定維持名冊' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(school.getByTestId('conflict-notice')).toHaveText('已維持名冊：林怡君（A22****006）仍列於本校名冊。');
    await expect(conflictRow(school, '林怡君')).toHaveCount(0);
    await expect(rosterRow(school, '林怡君').getByTestId('teacher-status')).toHaveText('在職');
    // The school's answer is her newest service record.
    await rosterRow(school, '林怡君').getByTestId('history-toggle').click();
    const history = school.locator(`#history-${await rosterRow(school, '林怡君').getAttribute('data-teacher-id')}`);
    await expect(history.locator('li').first()).toContainText(XINGAN);
    await expect(history.locator('li').first()).toContainText('學校承辦人');
    await expect(history.locator('li').nth(1)).toContainText('教師本人');
    await school.context().close();

    await tainan.reload();
    await expect(tainan.getByRole('heading', { level: 1, name: `${SHENGLI} 教師名冊` })).toBeVisible();
    await expect(tainan.getByTestId('teacher-row').first()).toBeVisible();
    await expect(conflictRow(tainan, '林怡君')).toHaveCount(0);
    await tainan.context().close();

    // The teacher: nothing waits any more.
    await page.reload();
    await expect(card.getByTestId('my-latest-statement')).toContainText(XINGAN);
    await expect(card.getByTestId('my-latest-statement')).toContainText('學校承辦人');
    await expect(card.getByTestId('my-service-pending')).toHaveCount(0);

    // A report dated before the school's answer (yesterday, read as Taipei midnight) is
    // recorded but changes nothing, and the teacher is told why.
    const yesterday = taipeiDayFromToday(-1);
    await card.getByRole('button', { name: '回報服務單位異動' }).click();
    await search.fill('D673101');
    await card.getByRole('button', { name: '搜尋單位' }).click();
    await shengli.check();
    await since.fill(yesterday);
    await form.getByRole('button', { name: '送出回報' }).click();
    const notice = card.getByTestId('my-service-notice');
    await expect(notice).toContainText(`已回報您自 ${yesterday.replace(/-/g, '/')} 起在「${SHENGLI}」服務。`);
    await expect(notice).toContainText(`這筆回報的日期早於最新的服務紀錄「${XINGAN}（學校承辦人，自 ${today} 起）」`);
    await expect(card.getByTestId('my-latest-statement')).toContainText(XINGAN);
    await expect(card.getByTestId('my-service-pending')).toHaveCount(0);
    const older = card.getByTestId('my-service-history').locator('li[data-source="TEACHER"]').filter({ hasText: yesterday.replace(/-/g, '/') });
    await expect(older).toHaveCount(1);
    await expect(older.locator('time')).toHaveAttribute('datetime', /.+/);

    // English.
    await page.getByTestId('language').click();
    await expect(card.getByRole('heading', { name: 'My service unit' })).toBeVisible();
    await expect(card.getByRole('button', { name: 'Report a change of service unit' })).toBeVisible();
    await page.getByTestId('language').click();
  });

  test('a sign-in service reports a move; the old school accepts (離職), the new one adds the teacher', async ({ page, browser }) => {
    test.setTimeout(120_000);
    await signIn(page, 'taipei-school');
    const unit = await gql<{ orgUnit: { id: string } }>(page, 'query { orgUnit(code: "D633101") { id } }');
    const name = `異動教師${unique()}`;
    const added = await gql<{
      upsertTeacher: { outcome: string; teacher: { personalCode: string | null; nationalIdMasked: string } | null; errors: unknown[] };
    }>(page, 'mutation($i: UpsertTeacherInput!) { upsertTeacher(input: $i) { outcome teacher { personalCode nationalIdMasked } errors { field code message } } }', {
      i: { schoolId: unit.orgUnit.id, nationalId: madeUpNationalId(), name, educationStage: 'ELEMENTARY', jobTitle: '導師' },
    });
    expect(added.upsertTeacher.errors).toEqual([]);
    const code = added.upsertTeacher.teacher?.personalCode ?? '';
    const masked = added.upsertTeacher.teacher?.nationalIdMasked ?? '';
    expect(code).not.toBe('');

    // The partner sign-in service saw her at 勝利國小 (after the school added her).
    const operator = await personPage(browser, 'operator');
    const recorded = await gql<{ recordSignInStatements: { recorded: number; errors: unknown[] } }>(
      operator,
      'mutation($s: [SignInStatementInput!]!) { recordSignInStatements(statements: $s) { recorded errors { field code message } } }',
      { s: [{ personalCode: code, unitCode: 'D673101', statedAt: new Date().toISOString() }] },
    );
    expect(recorded.recordSignInStatements).toEqual({ recorded: 1, errors: [] });
    await operator.context().close();

    // The county reads the roster but answers nothing: no section, no refusal.
    const county = await personPage(browser, 'taipei');
    await county.goto('/manage/units/D633101/teachers');
    await expect(rosterRow(county, name)).toBeVisible();
    await expect(county.getByTestId('service-conflicts')).toHaveCount(0);
    await expect(county.getByTestId('no-permission')).toHaveCount(0);
    await county.context().close();

    // 幸安國小 accepts: she leaves its roster.
    await page.goto('/manage/units/D633101/teachers');
    const row = conflictRow(page, name);
    await expect(row.getByTestId('conflict-source')).toHaveText('登入服務');
    await expect(row.getByTestId('conflict-unit')).toHaveText(SHENGLI);
    await expect(row.getByTestId('conflict-masked-id')).toHaveText(masked);
    await expect(row.getByTestId('conflict-roster')).toHaveText('本校名冊：在職');
    await row.getByRole('button', { name: `接受 ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: '接受服務單位異動' });
    await expect(dialog).toContainText(`最新回報：${SHENGLI}（登入服務，自 `);
    await expect(dialog.getByTestId('conflict-dialog-effect')).toHaveText('接受後：將此教師自本校名冊移除（離職）。');
    await checkPage(page, 'service-conflict-accept-confirm');
    await dialog.getByRole('button', { name: '確定接受' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('conflict-notice')).toHaveText(`已接受異動：${name}（${masked}）已自本校名冊移除（離職）。`);
    await expect(conflictRow(page, name)).toHaveCount(0);
    await expect(rosterRow(page, name)).toHaveCount(0);
    await page.getByLabel('包含已離校、已調出的教師').check();
    await expect(rosterRow(page, name).getByTestId('teacher-status')).toHaveText('已離校');

    // 勝利國小 sees her as serving there (the school's answer), and adds her.
    const tainan = await personPage(browser, 'tainan-school');
    await tainan.goto('/manage/units/D673101/teachers');
    const here = conflictRow(tainan, name);
    await expect(here).toHaveAttribute('data-kind', 'SERVES_HERE');
    await expect(here.getByTestId('conflict-source')).toHaveText('學校承辦人');
    await expect(here.getByTestId('conflict-unit')).toHaveText(SHENGLI);
    await expect(here.getByTestId('conflict-roster')).toHaveText('不在本校名冊');
    await expect(rosterRow(tainan, name)).toHaveCount(0);
    await checkPage(tainan, 'service-conflicts-here', { fullPage: true });

    // In English too.
    await tainan.getByTestId('language').click();
    await expect(tainan.getByRole('heading', { level: 2, name: /Service units to confirm/ })).toBeVisible();
    await expect(here.getByTestId('conflict-accept-effect')).toHaveText('adds the teacher to this school’s roster');
    await tainan.getByTestId('language').click();

    await here.getByRole('button', { name: `接受 ${name}` }).click();
    const accept = tainan.getByRole('dialog', { name: '接受服務單位異動' });
    await expect(accept.getByTestId('conflict-dialog-effect')).toHaveText('接受後：將此教師加入本校名冊。');
    await accept.getByRole('button', { name: '確定接受' }).click();
    await expect(accept).toHaveCount(0);
    await expect(tainan.getByTestId('conflict-notice')).toHaveText(`已接受異動：${name}（${masked}）已加入本校名冊。`);
    await expect(conflictRow(tainan, name)).toHaveCount(0);
    await expect(rosterRow(tainan, name).getByTestId('teacher-status')).toHaveText('在職');
    await expect(rosterRow(tainan, name).getByTestId('personal-code')).toHaveText(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
    await tainan.context().close();

    // And 幸安國小 has nothing left to confirm about her.
    await page.reload();
    await expect(rosterRow(page, '林怡君')).toBeVisible();
    await expect(conflictRow(page, name)).toHaveCount(0);
  });
});

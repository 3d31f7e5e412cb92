import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { anonymousPage, checkPage, gql, signIn, unique } from './helpers';

// Made-up national IDs with valid check digits (and one without): no real person's.
const NEW_ID = 'E120005006';
const BAD_ID = 'E120005007';
const MOVER_ID = 'E220005008';
const SCHOOL = '臺北市大安區幸安國民小學';
/** A personal code as shown: Crockford symbols in groups of 4, 4 and 2. */
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;

const nav = (page: Page) => page.getByRole('navigation', { name: '主選單' });
const rows = (page: Page) => page.getByTestId('teacher-row');
const row = (page: Page, name: string) => rows(page).filter({ hasText: name });

async function personPage(browser: Browser, login: string): Promise<Page> {
  const page = await anonymousPage(browser);
  await signIn(page, login);
  return page;
}

/** No horizontal scrolling: the page fits the phone. */
async function expectNoOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function fillTeacher(form: Locator, f: { nationalId: string; name: string; jobTitle?: string }) {
  await form.getByLabel('身分證字號').fill(f.nationalId);
  await form.getByLabel('姓名').fill(f.name);
  await form.getByLabel('教育階段').selectOption({ label: '國民小學' });
  await form.getByLabel('職稱').fill(f.jobTitle ?? '導師');
}

test.describe('teachers (教師名冊) and the personal code', () => {
  test('a school admin adds a teacher and sees the code; a bad national ID adds nobody; marks the teacher left', async ({ page }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page, 'taipei-school');
    await nav(page).getByRole('link', { name: '教師名冊' }).click();
    await expect(page).toHaveURL(/\/manage\/units\/D633101\/teachers$/);
    await expect(page.getByRole('heading', { level: 1, name: `${SCHOOL} 教師名冊` })).toBeVisible();
    // The demo roster: masked IDs only, each teacher's code in groups.
    const lin = row(page, '林怡君');
    await expect(lin.getByTestId('masked-id')).toHaveText('A22****006');
    await expect(lin.getByTestId('personal-code')).toHaveText(CODE);
    await expect(row(page, '陳冠宇')).toBeVisible();
    await expect(row(page, '王淑惠')).toContainText('特殊教育');
    await checkPage(page, 'teachers-school');

    const name = `測試教師${unique()}`;
    const before = await rows(page).count();

    // A national ID with a wrong check digit: the error beside the field, nobody added.
    await page.getByRole('button', { name: '新增教師' }).click();
    const form = page.getByTestId('teacher-form');
    await expect(form.getByLabel('身分證字號')).toBeFocused();
    await expect(form.getByLabel('身分證字號')).toHaveAttribute('autocomplete', 'off');
    await fillTeacher(form, { nationalId: BAD_ID, name });
    await form.getByRole('button', { name: '新增', exact: true }).click();
    const idField = form.getByLabel('身分證字號');
    await expect(idField).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator('.field-invalid')).toContainText('身分證字號的檢查碼不符');
    await expect(idField).toBeFocused();
    await checkPage(page, 'teachers-bad-id');
    await form.getByRole('button', { name: '取消' }).click();
    await expect(row(page, name)).toHaveCount(0);
    await expect(rows(page)).toHaveCount(before);

    // The right ID: added, with its outcome and a new personal code.
    await page.getByRole('button', { name: '新增教師' }).click();
    await expect(form.getByLabel('身分證字號')).toHaveValue('');
    await fillTeacher(form, { nationalId: NEW_ID, name });
    await form.getByRole('button', { name: '新增', exact: true }).click();
    await expect(form).toHaveCount(0);
    const notice = page.getByTestId('teacher-notice');
    // 新增 on a fresh database; 待轉入確認 when an earlier run left the same made-up ID at another school.
    await expect(notice.getByTestId('teacher-outcome')).toHaveText(/^(新增|重回本校|待轉入確認)$/);
    await expect(notice).toContainText(`${name}（E12****006）`);
    const code = (await notice.getByTestId('personal-code').textContent()) ?? '';
    expect(code).toMatch(CODE);
    const added = row(page, name);
    await expect(added.getByTestId('masked-id')).toHaveText('E12****006');
    await expect(added.getByTestId('personal-code')).toHaveText(code);
    await expect(added.getByTestId('teacher-status')).toHaveText('在職');
    // The national ID is nowhere: not in the page, not in the URL, not in a reopened form.
    await expect(page.locator('body')).not.toContainText(NEW_ID);
    expect(page.url()).not.toContain(NEW_ID);
    await page.getByRole('button', { name: '新增教師' }).click();
    await expect(form.getByLabel('身分證字號')).toHaveValue('');
    await form.getByRole('button', { name: '取消' }).click();

    // Copy the code (without hyphens), and open the service history.
    await added.getByTestId('copy-code').click();
    await expect(page.getByTestId('toast')).toContainText(`已複製 ${name} 的個人專用識別碼`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code.replace(/-/g, ''));
    const toggle = added.getByTestId('history-toggle');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const history = page.locator(`#history-${await added.getAttribute('data-teacher-id')}`);
    await expect(history).toBeVisible();
    await expect(history.locator('li').first()).toContainText(SCHOOL);
    await expect(history.locator('li').first()).toContainText('學校承辦人');
    await checkPage(page, 'teachers-added');

    // Editing means typing the national ID again; someone else's is refused at once.
    await added.getByRole('button', { name: /編輯/ }).click();
    await expect(form.getByLabel('姓名')).toHaveValue(name);
    await expect(form.getByLabel('身分證字號')).toHaveValue('');
    await form.getByLabel('身分證字號').fill('A123456789');
    await form.getByLabel('職稱').fill('科任教師');
    await form.getByRole('button', { name: '儲存' }).click();
    await expect(form.locator('.field-invalid')).toContainText('這不是此教師的身分證字號（此教師為 E12****006）');
    await checkPage(page, 'teachers-edit-other-id');
    await form.getByLabel('身分證字號').fill(NEW_ID.toLowerCase());
    await form.getByRole('button', { name: '儲存' }).click();
    await expect(form).toHaveCount(0);
    await expect(notice.getByTestId('teacher-outcome')).toHaveText('已更新');
    await expect(added).toContainText('科任教師');

    // Mark as left, after confirming: gone from the active roster, listed as 已離校.
    await added.getByRole('button', { name: /標記離校/ }).click();
    const dialog = page.getByRole('dialog', { name: '標記離校' });
    await expect(dialog).toContainText(`確定 ${name}（E12****006）已離開本校嗎？`);
    await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
    await checkPage(page, 'teachers-leave-confirm');
    await dialog.getByRole('button', { name: '確定離校' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(notice).toContainText(`已將 ${name}（E12****006）標記為離校`);
    await expect(row(page, name)).toHaveCount(0);
    await page.getByLabel('包含已離校、已調出的教師').check();
    await expect(row(page, name).getByTestId('teacher-status')).toHaveText('已離校');
    await expect(row(page, name).getByRole('button', { name: /編輯/ })).toHaveCount(0);

    // Search by name.
    await page.getByLabel('姓名').fill('林怡');
    await page.getByRole('button', { name: '搜尋', exact: true }).click();
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('林怡君');
    await page.getByLabel('姓名').fill('不存在的名字');
    await page.getByRole('button', { name: '搜尋', exact: true }).click();
    await expect(page.getByTestId('teachers-empty')).toHaveText('沒有符合條件的教師。');
    await page.getByLabel('姓名').fill('');
    await page.getByRole('button', { name: '搜尋', exact: true }).click();
    await expect(row(page, '林怡君')).toBeVisible();

    // A phone.
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(row(page, name)).toBeVisible();
    await expectNoOverflow(page);
    await checkPage(page, 'teachers-school-375', { fullPage: true });
    await row(page, '林怡君').scrollIntoViewIfNeeded();
    await checkPage(page, 'teachers-school-375-rows');
  });

  test('a teacher another school asks for moves once her school confirms, and shows as 已調出 there', async ({ page, browser }) => {
    await signIn(page, 'taipei-school');
    const school = await gql<{ orgUnit: { id: string } }>(page, 'query { orgUnit(code: "D633101") { id } }');
    const name = `調動教師${unique()}`;
    const seeded = await gql<{ upsertTeacher: { errors: unknown[] } }>(
      page,
      'mutation($i: UpsertTeacherInput!) { upsertTeacher(input: $i) { outcome errors { field code message } } }',
      { i: { schoolId: school.orgUnit.id, nationalId: MOVER_ID, name, educationStage: 'ELEMENTARY', jobTitle: '導師' } },
    );
    expect(seeded.upsertTeacher.errors).toEqual([]);
    await page.goto('/manage/units/D633101/teachers');
    const code = await row(page, name).getByTestId('personal-code').textContent();

    // 勝利國小 adds the same person: 待轉入確認, and nothing of her record (issue 13).
    const tainan = await personPage(browser, 'tainan-school');
    await nav(tainan).getByRole('link', { name: '教師名冊' }).click();
    await expect(tainan.getByRole('heading', { level: 1, name: '臺南市東區勝利國民小學 教師名冊' })).toBeVisible();
    await expect(row(tainan, '黃雅琪')).toBeVisible();
    await tainan.getByRole('button', { name: '新增教師' }).click();
    const form = tainan.getByTestId('teacher-form');
    await fillTeacher(form, { nationalId: MOVER_ID, name });
    await form.getByRole('button', { name: '新增', exact: true }).click();
    await expect(tainan.getByTestId('teacher-outcome')).toHaveText('待轉入確認');
    await expect(row(tainan, name)).toHaveCount(0);
    await expect(tainan.getByTestId('transfer-incoming').first()).toBeVisible();
    await expect(tainan.locator('body')).not.toContainText(code ?? '-');
    await checkPage(tainan, 'teachers-pending-transfer');
    await tainan.context().close();

    // 幸安國小 confirms; she is 已調出 there, with neither where to nor her code any more.
    await page.reload();
    const asked = page.locator(`[data-testid="transfer-outgoing"][data-name="${name}"]`);
    await expect(asked).toContainText('勝利');
    await asked.getByTestId('transfer-confirm').click();
    await expect(asked).toHaveCount(0);
    await expect(row(page, '林怡君')).toBeVisible();
    await expect(row(page, name)).toHaveCount(0);
    await page.getByLabel('包含已離校、已調出的教師').check();
    const moved = row(page, name);
    await expect(moved.getByTestId('teacher-status')).toHaveText('已調出');
    await expect(moved).not.toContainText('勝利');
    await expect(moved).not.toContainText(code ?? '-');
    await expect(moved).toContainText('已不在本校');
    await expect(moved.getByRole('button', { name: /編輯|標記離校/ })).toHaveCount(0);
    await checkPage(page, 'teachers-moved');
  });

  test('a county admin reads a governed school’s roster without personal codes; others may not', async ({ page, browser }) => {
    await signIn(page, 'taipei');
    await nav(page).getByRole('link', { name: '所轄單位' }).click();
    await page.locator('tr[data-unit-code="D633101"]').getByRole('link', { name: /教師名冊/ }).click();
    await expect(page).toHaveURL(/\/manage\/units\/D633101\/teachers$/);
    await expect(page.getByRole('heading', { level: 1, name: `${SCHOOL} 教師名冊` })).toBeVisible();
    await expect(page.getByRole('link', { name: '臺北市政府教育局 所轄單位' })).toBeVisible();
    const lin = row(page, '林怡君');
    await expect(lin.getByTestId('masked-id')).toHaveText('A22****006');
    await expect(row(page, '陳冠宇')).toBeVisible();
    // No codes, no column for them, no changes.
    await expect(page.getByTestId('personal-code')).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: '個人專用識別碼' })).toHaveCount(0);
    await expect(page.getByText('個人專用識別碼僅學校承辦人與教師本人可見')).toBeVisible();
    await expect(page.getByRole('button', { name: '新增教師' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /編輯|標記離校/ })).toHaveCount(0);
    await lin.getByTestId('history-toggle').click();
    await expect(page.locator(`#history-${await lin.getAttribute('data-teacher-id')}`)).toContainText('學校承辦人');
    await checkPage(page, 'teachers-county');

    // The school's contact page links its roster too.
    await page.goto('/manage/units/D633101/contacts');
    await page.getByRole('link', { name: '教師名冊' }).last().click();
    await expect(page).toHaveURL(/\/manage\/units\/D633101\/teachers$/);

    // Another county, and the teacher, may not read it.
    for (const login of ['tainan', 'teacher']) {
      const other = await personPage(browser, login);
      await other.goto('/manage/units/D633101/teachers');
      await expect(other.getByTestId('no-permission'), login).toBeVisible();
      await other.context().close();
    }
  });

  test('a teacher sees their own personal code on the dashboard', async ({ page }) => {
    await signIn(page, 'teacher');
    const card = page.getByTestId('my-teacher-card');
    await expect(card.getByRole('heading', { name: '我的個人專用識別碼' })).toBeVisible();
    await expect(card.getByTestId('personal-code')).toHaveText(CODE);
    await expect(card.getByTestId('my-masked-id')).toHaveText('A22****006');
    await expect(card.getByTestId('my-school')).toHaveText(SCHOOL);
    await expect(card).toContainText('用於研習簽到與時數上傳，可取代身分證字號；請勿外流。');
    await expect(card).toContainText('林怡君');
    await checkPage(page, 'teacher-home');

    await page.setViewportSize({ width: 375, height: 812 });
    await expectNoOverflow(page);
    await checkPage(page, 'teacher-home-375');

    await page.getByTestId('language').click();
    await expect(card.getByRole('heading', { name: 'My personal code' })).toBeVisible();
    await page.getByTestId('language').click();
  });

  test('accounts that are not teachers have no personal-code card', async ({ page }) => {
    await signIn(page, 'taipei-school');
    await expect(page.getByRole('heading', { level: 2, name: /工作/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /教師名冊/ }).first()).toBeVisible();
    await expect(page.getByTestId('my-teacher-card')).toHaveCount(0);
  });
});

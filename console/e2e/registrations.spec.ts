import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { join } from 'node:path';
import { anonymousPage, checkPage, gql, SHOTS, signIn, unique } from './helpers';

// The demo's approved 數位學習融入教學工作坊 of 幸安國小 (D633101): registration open since
// three days before seeding, on-site registration allowed, 30 seats.
const COURSE_CODE = '3500003';
const COURSE_TITLE = '數位學習融入教學工作坊';
const SCHOOL = '臺北市大安區幸安國民小學';
/** A personal code as shown: Crockford symbols in groups of 4, 4 and 2. */
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;

const nav = (page: Page) => page.getByRole('navigation', { name: '主選單' });
/** A teacher's rows of the list with one status (ended registrations stay on the list). */
const rowOf = (page: Page, name: string, status: string) =>
  page.locator(`[data-testid="registration-row"][data-status="${status}"]`).filter({ hasText: name });
const grouped = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

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

/** ISO 8601 at a Taipei wall-clock `time`, `days` from today. */
function isoAt(days: number, time: string): string {
  const day = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${time}:00+08:00`;
}

/** An approved course of 幸安國小 with one seat, made through the API (the school creates, taipei approves). */
async function oneSeatCourse(page: Page, browser: Browser): Promise<string> {
  const day = 40 + Math.floor(Math.random() * 250);
  const unit = await gql<{ orgUnit: { id: string } }>(page, 'query { orgUnit(code: "D633101") { id } }');
  const created = await gql<{ createCourse: { course: { id: string } | null; errors: unknown[] } }>(
    page,
    'mutation($o: UUID!, $i: CourseInput!) { createCourse(organizerId: $o, input: $i) { course { id } errors { field code message } } }',
    {
      o: unit.orgUnit.id,
      i: {
        title: `E2E 一個名額的研習 ${unique()}`,
        nature: 'workshop',
        category: 'digital',
        tags: ['digital_learning'],
        audience: { stages: ['ELEMENTARY'] },
        mode: 'IN_PERSON',
        venue: '幸安國小 會議室',
        sessions: [{ startsAt: isoAt(day, '09:00'), endsAt: isoAt(day, '12:00') }],
        hours: 3,
        capacity: 1,
        registrationOpensAt: new Date().toISOString(),
        registrationClosesAt: isoAt(day - 1, '17:00'),
        onsiteRegistration: true,
      },
    },
  );
  expect(created.createCourse.errors).toEqual([]);
  const id = created.createCourse.course?.id ?? '';
  const submitted = await gql<{ submitCourse: { errors: unknown[] } }>(page, 'mutation($id: UUID!) { submitCourse(id: $id) { errors { field code message } } }', { id });
  expect(submitted.submitCourse.errors).toEqual([]);
  const taipei = await personPage(browser, 'taipei');
  const reviewed = await gql<{ reviewCourse: { course: { status: string } | null; errors: unknown[] } }>(
    taipei,
    'mutation($id: UUID!) { reviewCourse(id: $id, decision: APPROVE) { course { status } errors { field code message } } }',
    { id },
  );
  expect(reviewed.reviewCourse.errors).toEqual([]);
  expect(reviewed.reviewCourse.course?.status).toBe('APPROVED');
  await taipei.context().close();
  return id;
}

async function courseId(page: Page): Promise<string> {
  const data = await gql<{ course: { id: string; onsiteRegistration: boolean; status: string } }>(
    page,
    `query { course(code: "${COURSE_CODE}") { id onsiteRegistration status } }`,
  );
  expect(data.course.status).toBe('APPROVED');
  expect(data.course.onsiteRegistration).toBe(true);
  return data.course.id;
}

/** A demo teacher's personal code, as the school reads it from its roster. */
async function personalCodeOf(page: Page, name: string): Promise<string> {
  const unit = await gql<{ orgUnit: { id: string } }>(page, 'query { orgUnit(code: "D633101") { id } }');
  const roster = await gql<{ teachers: { nodes: { teacher: { name: string; personalCode: string | null } }[] } }>(
    page,
    'query($f: TeacherFilter!) { teachers(filter: $f, first: 100) { nodes { teacher { name personalCode } } } }',
    { f: { schoolId: unit.orgUnit.id } },
  );
  const code = roster.teachers.nodes.find((n) => n.teacher.name === name)?.teacher.personalCode;
  expect(code, `${name}'s personal code`).toBeTruthy();
  return code ?? '';
}

/** A run against a used database may find the teacher registered already: remove it first. */
async function removeLiveRegistration(page: Page, id: string, name: string) {
  const list = await gql<{ registrations: { nodes: { id: string; teacherName: string }[] } }>(
    page,
    'query($c: UUID!) { registrations(courseId: $c, status: [ADMITTED, WAITLISTED], first: 100) { nodes { id teacherName } } }',
    { c: id },
  );
  for (const r of list.registrations.nodes.filter((n) => n.teacherName === name)) {
    await gql(page, 'mutation($id: UUID!) { removeRegistration(id: $id, reason: "E2E 重跑前清除") { errors { code } } }', { id: r.id });
  }
}

test.describe('registration (報名), the registration list and the sign-in sheet', () => {
  test('a teacher registers for an open course, sees 錄取, cancels and registers again; an ineligible course says why', async ({ page }) => {
    await signIn(page, 'teacher');
    await page.goto(`/courses/${COURSE_CODE}`);
    const panel = page.getByTestId('registration-panel');
    await expect(panel.getByRole('heading', { name: '報名' })).toBeVisible();
    // A teacher reads no registration list.
    await expect(page.getByTestId('registrations-link')).toHaveCount(0);
    const register = panel.getByRole('button', { name: '報名', exact: true });
    const cancel = panel.getByRole('button', { name: '取消報名' });
    const dialog = page.getByRole('dialog', { name: '取消報名' });
    await expect(register.or(cancel)).toBeVisible();
    if (await cancel.isVisible()) {
      // Registered by an earlier run against the same database.
      await cancel.click();
      await dialog.getByRole('button', { name: '確定取消報名' }).click();
      await expect(register).toBeVisible();
    }
    await expect(panel).toContainText('報名後即錄取');
    await checkPage(page, 'registration-course-open');

    await register.click();
    await expect(panel.getByTestId('registration-notice')).toHaveText('報名成功，您已錄取。');
    await expect(panel.getByTestId('registration-status')).toHaveText('錄取');
    await expect(panel).toContainText('請依時間出席並於簽到表簽名');
    await expect(register).toHaveCount(0);
    await checkPage(page, 'registration-course-admitted');

    // Cancelling asks first; keeping it changes nothing.
    await cancel.click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: '保留報名' })).toBeFocused();
    await dialog.getByRole('button', { name: '保留報名' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByTestId('registration-status')).toHaveText('錄取');
    await cancel.click();
    await dialog.getByRole('button', { name: '確定取消報名' }).click();
    await expect(panel.getByTestId('registration-notice')).toHaveText('已取消報名。');
    await expect(panel.getByTestId('registration-status')).toHaveCount(0);
    await expect(register).toBeVisible();

    // Registered again: the organizer's list shows the teacher (next test).
    await register.click();
    await expect(panel.getByTestId('registration-status')).toHaveText('錄取');

    // The preschool course is open, but not to an elementary teacher: the server says why.
    await page.goto('/courses/3500002');
    await panel.getByRole('button', { name: '報名', exact: true }).click();
    const errors = panel.getByTestId('registration-errors');
    await expect(errors).toContainText('無法完成報名作業');
    await expect(errors).toContainText('您不符合報名資格：此研習不開放給您的教育階段。');
    await expect(panel.getByTestId('registration-status')).toHaveCount(0);
    await checkPage(page, 'registration-not-eligible');

    // English keeps the server's sentence.
    await page.getByTestId('language').click();
    await panel.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(errors).toContainText('The course is not open to your education stage');
    await page.getByTestId('language').click();
  });

  test('a visitor is asked to sign in to register', async ({ page }) => {
    await page.goto(`/courses/${COURSE_CODE}`);
    const panel = page.getByTestId('registration-panel');
    await panel.getByRole('link', { name: '登入後報名' }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fcourses%2F3500003$/);
  });

  test('a school registers a teacher on site by personal code, prints the sign-in sheet and downloads it as XLSX', async ({ page, browser }) => {
    await signIn(page, 'taipei-school');
    const id = await courseId(page);
    const chen = await personalCodeOf(page, '陳冠宇');
    await removeLiveRegistration(page, id, '陳冠宇');

    // From 研習管理 to the course's 報名名單.
    await nav(page).getByRole('link', { name: '研習管理' }).click();
    await page.getByTestId('unit-course').filter({ hasText: COURSE_CODE }).getByRole('link', { name: /報名名單/ }).click();
    await expect(page).toHaveURL(new RegExp(`/manage/courses/${id}/registrations$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${COURSE_TITLE} 報名名單`);
    const rows = page.getByTestId('registration-row');
    // The teacher who registered online in the test before.
    const lin = rowOf(page, '林怡君', 'ADMITTED');
    await expect(lin.getByTestId('registration-status')).toHaveText('錄取');
    await expect(lin.getByTestId('registration-channel')).toHaveText('線上報名');
    await expect(lin.getByTestId('personal-code')).toHaveText(CODE);
    await expect(lin).toContainText(SCHOOL);
    await expect(lin).toContainText('大安區');
    const admittedBefore = (await page.getByTestId('admitted-count').textContent()) ?? '';

    // On site: a mistyped code is refused beside the field.
    const panel = page.getByTestId('onsite-panel');
    const field = panel.getByLabel('個人專用識別碼');
    const last = chen.slice(-1) === '0' ? '1' : '0';
    await field.fill(`${chen.slice(0, -1)}${last}`);
    await panel.getByRole('button', { name: '查詢' }).click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(panel.locator('.field-invalid')).toContainText('最後一碼檢查不符');
    await expect(field).toBeFocused();
    await expect(panel.getByTestId('onsite-confirm')).toHaveCount(0);

    // Typed in lower case with spaces: the masked name and school to check with the teacher.
    await field.fill(`${chen.slice(0, 4)} ${chen.slice(4, 8)} ${chen.slice(8)}`.toLowerCase());
    await panel.getByRole('button', { name: '查詢' }).click();
    const confirm = panel.getByTestId('onsite-confirm');
    await expect(confirm.getByTestId('onsite-name')).toHaveText('陳*宇');
    await expect(confirm.getByTestId('onsite-school')).toHaveText(SCHOOL);
    await expect(confirm.getByTestId('personal-code')).toHaveText(grouped(chen));
    await expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await expect(rowOf(page, '陳冠宇', 'ADMITTED')).toHaveCount(0);
    await expect(confirm.getByRole('button', { name: '確認現場報名' })).toBeFocused();
    await checkPage(page, 'registrations-onsite-confirm', { fullPage: true });

    await confirm.getByRole('button', { name: '確認現場報名' }).click();
    await expect(panel.getByTestId('onsite-notice')).toHaveText('已為「陳冠宇」完成現場報名（錄取）。');
    await expect(confirm).toHaveCount(0);
    await expect(field).toHaveValue('');
    await expect(field).toBeFocused();
    const chenRow = rowOf(page, '陳冠宇', 'ADMITTED');
    await expect(chenRow.getByTestId('registration-status')).toHaveText('錄取');
    await expect(chenRow.getByTestId('registration-channel')).toHaveText('現場報名');
    await expect(chenRow.getByTestId('personal-code')).toHaveText(grouped(chen));
    await expect(page.getByTestId('admitted-count')).not.toHaveText(admittedBefore);

    // The same code again: already registered, nothing to confirm.
    await field.fill(chen);
    await panel.getByRole('button', { name: '查詢' }).click();
    await expect(confirm.getByTestId('onsite-existing')).toContainText('此教師已報名本研習');
    await expect(confirm.getByRole('button', { name: '確認現場報名' })).toHaveCount(0);
    await confirm.getByRole('button', { name: '輸入下一位' }).click();
    await checkPage(page, 'registrations-list', { fullPage: true });

    // The XLSX link is the sheet's own xlsxUrl.
    const api = await gql<{ signInSheet: { xlsxUrl: string } }>(page, 'query($c: UUID!) { signInSheet(courseId: $c) { xlsxUrl } }', { c: id });
    await expect(page.getByTestId('xlsx-link')).toHaveAttribute('href', api.signInSheet.xlsxUrl);

    // The sign-in sheet: header facts and the admitted teachers with empty cells to sign.
    await page.getByTestId('sign-in-sheet-link').click();
    await expect(page).toHaveURL(new RegExp(`/manage/courses/${id}/sign-in-sheet$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('研習簽到表');
    const facts = page.getByTestId('sheet-facts');
    await expect(facts).toContainText(COURSE_CODE);
    await expect(facts).toContainText(COURSE_TITLE);
    await expect(facts).toContainText(SCHOOL);
    await expect(facts).toContainText(/\d{4}-\d{2}-\d{2} 09:00–12:00/);
    await expect(facts).toContainText('幸安國小 電腦教室');
    const sheetRows = page.getByTestId('sheet-row');
    const chenLine = sheetRows.filter({ hasText: '陳冠宇' });
    await expect(chenLine).toHaveCount(1);
    await expect(chenLine).toContainText('臺北市');
    await expect(chenLine).toContainText('大安區');
    await expect(chenLine).toContainText(SCHOOL);
    await expect(chenLine.getByTestId('personal-code')).toHaveText(grouped(chen));
    await expect(sheetRows.filter({ hasText: '林怡君' })).toHaveCount(1);
    const headers = page.getByTestId('sheet-table').locator('thead th');
    await expect(headers).toHaveText(['序號', '縣市', '鄉鎮市區', '服務學校', '姓名', '個人專用識別碼', '簽到', '簽退']);
    // Numbered 1, 2, … in the list's order; the signature cells are empty and tall enough to sign.
    await expect(sheetRows.first().locator('td').first()).toHaveText('1');
    const sign = chenLine.locator('td.sheet-sign').first();
    await expect(sign).toHaveText('');
    expect((await sign.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    await expect(page.getByRole('button', { name: '列印' })).toBeVisible();
    await checkPage(page, 'sign-in-sheet', { fullPage: true });

    // Printed: no header, menu, footer or buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header')).toBeHidden();
    await expect(page.locator('.site-footer')).toBeHidden();
    await expect(page.getByRole('button', { name: '列印' })).toBeHidden();
    await expect(page.getByTestId('xlsx-link')).toBeHidden();
    await expect(page.getByTestId('sheet-table')).toBeVisible();
    await page.screenshot({ path: join(SHOTS, 'sign-in-sheet-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // The XLSX: a spreadsheet from the link, by the browser and by a plain GET with the cookie.
    const href = (await page.getByTestId('xlsx-link').getAttribute('href')) ?? '';
    expect(href).toBe(api.signInSheet.xlsxUrl);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('xlsx-link').click()]);
    expect(download.suggestedFilename()).toMatch(/3500003\.xlsx$/);
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = await response.body();
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    // Another county's admin may not download it.
    const tainan = await personPage(browser, 'tainan');
    const refused = await tainan.request.get(href);
    expect(refused.status()).toBe(403);

    // Back on the list: removing needs a reason, which the row then shows.
    await page.getByRole('link', { name: `${COURSE_TITLE} 報名名單` }).click();
    await chenRow.getByRole('button', { name: /取消報名/ }).click();
    const dialog = page.getByRole('dialog', { name: '取消報名' });
    await expect(dialog.getByLabel(/取消理由/)).toBeFocused();
    await dialog.getByRole('button', { name: '確定取消報名' }).click();
    await expect(dialog.locator('.field-invalid')).toContainText('請填寫取消報名的理由');
    await checkPage(page, 'registrations-remove-reason');
    await dialog.getByLabel(/取消理由/).fill('E2E：現場報名測試後移除');
    await dialog.getByRole('button', { name: '確定取消報名' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('registration-notice')).toContainText('已取消「陳冠宇」的報名');
    await expect(chenRow).toHaveCount(0);
    const removed = rowOf(page, '陳冠宇', 'REMOVED').filter({ hasText: 'E2E：現場報名測試後移除' }).first();
    await expect(removed.getByTestId('registration-status')).toHaveText('主辦單位取消');
    await expect(removed).toContainText('E2E：現場報名測試後移除');
    await expect(page.getByTestId('admitted-count')).toHaveText(admittedBefore);

    // The status filter: admitted only.
    await page.getByLabel('報名狀態').selectOption({ label: '錄取' });
    await expect(page).toHaveURL(/status=ADMITTED$/);
    await expect(rows.filter({ hasText: '陳冠宇' })).toHaveCount(0);
    await expect(rows.filter({ hasText: '林怡君' })).toHaveCount(1);
    await expect(page.locator('[data-testid="registration-row"]:not([data-status="ADMITTED"])')).toHaveCount(0);

    // On a phone: stacked rows and a sheet that fits.
    await page.setViewportSize({ width: 375, height: 812 });
    await expectNoOverflow(page);
    await checkPage(page, 'registrations-phone', { fullPage: true });
    await page.goto(`/manage/courses/${id}/sign-in-sheet`);
    await expect(page.getByTestId('sheet-table')).toBeVisible();
    await expectNoOverflow(page);
    await checkPage(page, 'sign-in-sheet-phone', { fullPage: true });

    // Another county's admin: 無權限, and no link from the course page.
    await tainan.goto(`/manage/courses/${id}/registrations`);
    await expect(tainan.getByTestId('no-permission')).toBeVisible();
    await tainan.goto(`/courses/${COURSE_CODE}`);
    await expect(tainan.getByTestId('course-code')).toHaveText(`研習代碼 ${COURSE_CODE}`);
    await expect(tainan.getByTestId('registrations-link')).toHaveCount(0);
  });

  test('a full course waitlists a teacher; admitting needs a free seat, and a removal moves the waitlist up', async ({ page, browser }) => {
    await signIn(page, 'taipei-school');
    const id = await oneSeatCourse(page, browser);
    const chen = await personalCodeOf(page, '陳冠宇');
    const wang = await personalCodeOf(page, '王淑惠');

    // 陳冠宇 takes the only seat on site.
    await page.goto(`/manage/courses/${id}/registrations`);
    await expect(page.getByTestId('registrations-empty')).toHaveText('尚無人報名。');
    const panel = page.getByTestId('onsite-panel');
    const field = panel.getByLabel('個人專用識別碼');
    const confirm = panel.getByTestId('onsite-confirm');
    await field.fill(chen);
    await panel.getByRole('button', { name: '查詢' }).click();
    await confirm.getByRole('button', { name: '確認現場報名' }).click();
    await expect(panel.getByTestId('onsite-notice')).toHaveText('已為「陳冠宇」完成現場報名（錄取）。');
    await expect(page.getByTestId('seats-left')).toHaveText('0 名');

    // On site needs a free seat: 王淑惠 is refused, with the count.
    await field.fill(wang);
    await panel.getByRole('button', { name: '查詢' }).click();
    await expect(confirm.getByTestId('onsite-name')).toHaveText('王*惠');
    await confirm.getByRole('button', { name: '確認現場報名' }).click();
    await expect(panel.getByRole('alert')).toContainText('名額已滿（已錄取 1 / 1 名）');
    await expect(rowOf(page, '王淑惠', 'ADMITTED')).toHaveCount(0);

    // Online, the teacher goes on the waitlist as number 1.
    const teacher = await personPage(browser, 'teacher');
    await teacher.goto(`/courses/${id}`);
    const own = teacher.getByTestId('registration-panel');
    await expect(own).toContainText('名額已滿，現在報名將列入備取');
    await own.getByRole('button', { name: '報名', exact: true }).click();
    await expect(own.getByTestId('registration-notice')).toContainText('您已列入備取第 1 位');
    await expect(own.getByTestId('registration-status')).toHaveText('備取第 1 位');
    await checkPage(teacher, 'registration-course-waitlisted');

    // The organizer sees the waitlist; admitting without a free seat is refused.
    await page.reload();
    const waiting = rowOf(page, '林怡君', 'WAITLISTED');
    await expect(waiting.getByTestId('registration-status')).toHaveText('備取第 1 位');
    await waiting.getByRole('button', { name: /錄取/ }).click();
    const refusal = page.getByRole('alert').filter({ hasText: '無法調整「林怡君」的報名' });
    await expect(refusal).toContainText('名額已滿（已錄取 1 / 1 名）');
    await checkPage(page, 'registrations-waitlist', { fullPage: true });

    // Removing 陳冠宇 frees the seat, and the waitlist moves up by itself.
    await rowOf(page, '陳冠宇', 'ADMITTED').getByRole('button', { name: /取消報名/ }).click();
    const dialog = page.getByRole('dialog', { name: '取消報名' });
    await expect(dialog).toContainText('釋出的名額依序由備取者遞補');
    await dialog.getByLabel(/取消理由/).fill('E2E：讓出名額');
    await dialog.getByRole('button', { name: '確定取消報名' }).click();
    await expect(dialog).toBeHidden();
    await expect(rowOf(page, '林怡君', 'ADMITTED')).toHaveCount(1);
    await expect(rowOf(page, '林怡君', 'WAITLISTED')).toHaveCount(0);
    await teacher.reload();
    await expect(own.getByTestId('registration-status')).toHaveText('錄取');
  });
});

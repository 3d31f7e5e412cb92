import type { Browser, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { anonymousPage, checkPage, gql, SHOTS, signIn, unique } from './helpers';

// 時數核發 and 我的研習時數 against the real server. A course can only be created with its
// sessions in the future, and hours wait for it to start: the test makes an approved course
// of 幸安國小 (D633101) through the API, registers three demo teachers, then moves its dates
// two days into the past in the database, as tests/api/hours.rs `held_course` does.
// scripts/console-e2e.sh exports INSERVICE_E2E_DATABASE_URL, the server's own database.

const SCHOOL = '臺北市大安區幸安國民小學';
/** Where the brief's screenshots go: test-output/console/brief/ (checkPage's are in test-output/console/). */
const BRIEF_SHOTS = join(SHOTS, 'brief');
mkdirSync(BRIEF_SHOTS, { recursive: true });

const nav = (page: Page) => page.getByRole('navigation', { name: '主選單' });
const grantRow = (page: Page, name: string) => page.locator(`[data-testid="grant-row"][data-name="${name}"]`);
const ledgerRows = (page: Page) => page.getByTestId('ledger-row');
const ledgerRow = (page: Page, name: string, kind: 'GRANT' | 'REVOCATION') => page.locator(`[data-testid="ledger-row"][data-name="${name}"][data-kind="${kind}"]`);

async function personPage(browser: Browser, login: string): Promise<Page> {
  const page = await anonymousPage(browser);
  await signIn(page, login);
  return page;
}

async function expectNoOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** A CSV file for a file input, made in memory. */
function csvFile(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

/** ISO 8601 at a Taipei wall-clock `time`, `days` from today. */
function isoAt(days: number, time: string): string {
  const day = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${time}:00+08:00`;
}

/** The Taipei date as the console writes it (2026/11/26). */
function taipeiDate(at: Date): string {
  return new Intl.DateTimeFormat('zh-TW', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The ROC school year of a moment in Taipei (115 = Aug 2026 – Jul 2027). */
function schoolYearAt(at: Date): number {
  const [year, month] = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7).split('-').map(Number);
  return (month ?? 1) >= 8 ? (year ?? 0) - 1911 : (year ?? 0) - 1912;
}

/* ---------- The database, through psql ---------- */

function psql(url: string, sql: string): string {
  return execFileSync('psql', [url, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
}

/** Moves the course two days into the past (its session, dates and registration window). */
function holdCourseTwoDaysAgo(courseId: string) {
  const out = psql(
    process.env.INSERVICE_E2E_DATABASE_URL ?? '',
    `UPDATE course_sessions SET starts_at = now() - interval '2 days',
            ends_at = now() - interval '2 days' + interval '3 hours' WHERE course_id = '${courseId}'::uuid;
     UPDATE courses SET registration_opens_at = now() - interval '10 days',
            registration_closes_at = now() - interval '3 days',
            starts_at = now() - interval '2 days',
            ends_at = now() - interval '2 days' + interval '3 hours' WHERE id = '${courseId}'::uuid RETURNING id;`,
  );
  expect(out.split('\n').filter((line) => line.trim() === courseId)).toHaveLength(1);
}

/* ---------- State through the API ---------- */

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

interface Held {
  id: string;
  code: string;
  title: string;
  codes: { lin: string; chen: string; wang: string };
}

/**
 * An approved 3-hour 數位學習 course of 幸安國小 that the demo `teacher` (林怡君) registered
 * for online and 陳冠宇 and 王淑惠 on site, held two days ago.
 */
async function heldCourse(page: Page, browser: Browser): Promise<Held> {
  const day = 40 + Math.floor(Math.random() * 250);
  const title = `E2E 時數核發研習 ${unique()}`;
  const unit = await gql<{ orgUnit: { id: string } }>(page, 'query { orgUnit(code: "D633101") { id } }');
  const created = await gql<{ createCourse: { course: { id: string } | null; errors: unknown[] } }>(
    page,
    'mutation($o: UUID!, $i: CourseInput!) { createCourse(organizerId: $o, input: $i) { course { id } errors { field code message } } }',
    {
      o: unit.orgUnit.id,
      i: {
        title,
        nature: 'workshop',
        category: 'digital',
        tags: ['digital_learning'],
        audience: { stages: ['ELEMENTARY', 'SPECIAL_EDUCATION'] },
        mode: 'IN_PERSON',
        venue: '幸安國小 電腦教室',
        sessions: [{ startsAt: isoAt(day, '09:00'), endsAt: isoAt(day, '12:00') }],
        hours: 3,
        capacity: 30,
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
  const reviewed = await gql<{ reviewCourse: { course: { status: string; code: string } | null; errors: unknown[] } }>(
    taipei,
    'mutation($id: UUID!) { reviewCourse(id: $id, decision: APPROVE) { course { status code } errors { field code message } } }',
    { id },
  );
  expect(reviewed.reviewCourse.errors).toEqual([]);
  await taipei.context().close();

  const teacher = await personPage(browser, 'teacher');
  const registered = await gql<{ register: { registration: { status: string } | null; errors: unknown[] } }>(
    teacher,
    'mutation($c: UUID!) { register(courseId: $c) { registration { status } errors { field code message } } }',
    { c: id },
  );
  expect(registered.register.errors).toEqual([]);
  expect(registered.register.registration?.status).toBe('ADMITTED');
  await teacher.context().close();

  const codes = {
    lin: await personalCodeOf(page, '林怡君'),
    chen: await personalCodeOf(page, '陳冠宇'),
    wang: await personalCodeOf(page, '王淑惠'),
  };
  for (const code of [codes.chen, codes.wang]) {
    const onsite = await gql<{ registerOnsite: { registration: { status: string } | null; errors: unknown[] } }>(
      page,
      'mutation($c: UUID!, $p: String!) { registerOnsite(courseId: $c, personalCode: $p) { registration { status } errors { field code message } } }',
      { c: id, p: code },
    );
    expect(onsite.registerOnsite.errors).toEqual([]);
  }
  holdCourseTwoDaysAgo(id);
  return { id, code: reviewed.reviewCourse.course?.code ?? '', title, codes };
}

test.describe.configure({ mode: 'serial' });

test.describe('hours (時數核發 and 我的研習時數)', () => {
  let held: Held | null = null;

  test.beforeAll(() => {
    // A failure, not a skip: without the database these tests would pass by not running.
    if (!process.env.INSERVICE_E2E_DATABASE_URL) {
      throw new Error('needs INSERVICE_E2E_DATABASE_URL (scripts/console-e2e.sh exports it) to move a course into the past');
    }
  });

  test('a school grants hours one by one and by file, sees the ledger and revokes a grant', async ({ page, browser }) => {
    test.setTimeout(120_000);
    await signIn(page, 'taipei-school');
    const course = await heldCourse(page, browser);
    held = course;
    const { lin, chen, wang } = course.codes;

    // From the course's page and its registration list to 時數核發.
    await page.goto(`/manage/courses/${course.id}/registrations`);
    await expect(page.getByTestId('hours-link')).toBeVisible();
    await page.goto(`/courses/${course.id}`);
    await page.getByTestId('hours-link').click();
    await expect(page).toHaveURL(new RegExp(`/manage/courses/${course.id}/hours$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${course.title} 時數核發`);
    await expect(page.getByTestId('course-hours')).toHaveText('3 小時');
    await expect(page.getByTestId('grant-row')).toHaveCount(3);
    await expect(page.getByTestId('ledger-empty')).toHaveText('尚未核發任何時數。');

    // 全部核發 covers every admitted registration, not only the rows shown: with pages of one
    // (the page size rewritten on the way), the label counts all three, and pressing it loads
    // the other two and sends one grantHours with the three (stopped on the way: nothing written).
    const sent: { personalCode: string }[][] = [];
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string; variables: Record<string, unknown> };
      if (body.query.includes('query HoursRegistrants(')) {
        return route.continue({ postData: JSON.stringify({ ...body, variables: { ...body.variables, first: 1 } }) });
      }
      if (body.query.includes('mutation GrantHours(')) {
        sent.push(body.variables.entries as { personalCode: string }[]);
        return route.abort();
      }
      return route.continue();
    });
    await page.reload();
    await expect(page.getByTestId('grant-row')).toHaveCount(1);
    await expect(page.getByTestId('grant-all')).toHaveText('全部核發（3 位）');
    await page.getByTestId('grant-all').click();
    await expect(page.getByTestId('grant-row')).toHaveCount(3);
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]?.map((e) => e.personalCode).sort()).toEqual([lin, chen, wang].sort());
    await expect(page.getByTestId('grant-all')).toHaveText('全部核發（3 位）');
    await page.unroute('**/graphql');
    await page.reload();
    await expect(page.getByTestId('grant-row')).toHaveCount(3);
    await expect(page.getByTestId('ledger-empty')).toBeVisible();
    expect(sent).toHaveLength(1);

    // 林怡君: hours prefilled with the course's; not in halves is refused before sending.
    const linHours = page.getByLabel('林怡君 的時數');
    await expect(linHours).toHaveValue('3');
    await expect(grantRow(page, '林怡君').getByTestId('grant-in-force')).toHaveText('尚未核發');
    await linHours.fill('2.75');
    await page.getByLabel('選取 林怡君').check();
    await page.getByTestId('grant-selected').click();
    await expect(page.getByTestId('grant-refused')).toHaveText('有 1 位的資料需要修正，尚未送出。');
    await expect(linHours).toHaveAttribute('aria-invalid', 'true');
    await expect(linHours).toBeFocused();
    await expect(grantRow(page, '林怡君').locator('.field-error')).toContainText('時數以半小時為單位');
    await expect(page.getByTestId('ledger-empty')).toBeVisible();
    await checkPage(page, 'hours-local-error', { fullPage: true });

    await linHours.fill('2.5');
    await page.getByTestId('grant-selected').click();
    await expect(page.getByTestId('grant-notice')).toHaveText('已核發 1 位：新增 1、更正 0、不變 0。');
    await expect(grantRow(page, '林怡君').getByTestId('grant-outcome')).toHaveText('新增');
    await expect(grantRow(page, '林怡君').getByTestId('grant-in-force')).toHaveText('2.5 小時');
    await expect(ledgerRows(page)).toHaveCount(1);
    await expect(ledgerRow(page, '林怡君', 'GRANT').getByTestId('ledger-hours')).toHaveText('+2.5');
    await expect(ledgerRow(page, '林怡君', 'GRANT')).toContainText('taipei-school');

    // Correcting to 3 asks for a reason, beside the row.
    await linHours.fill('3');
    const linReason = page.getByLabel('林怡君 的更正理由');
    await expect(linReason).toBeVisible();
    await page.getByLabel('選取 林怡君').check();
    await page.getByTestId('grant-selected').click();
    await expect(linReason).toHaveAttribute('aria-invalid', 'true');
    await expect(grantRow(page, '林怡君').locator('.field-error')).toHaveText(/已核發 2.5 小時；更正時數須填寫理由。/);
    await linReason.fill('簽退時間補登');
    await page.getByTestId('grant-selected').click();
    await expect(page.getByTestId('grant-notice')).toHaveText('已核發 1 位：新增 0、更正 1、不變 0。');
    await expect(grantRow(page, '林怡君').getByTestId('grant-outcome')).toHaveText('更正');
    await expect(grantRow(page, '林怡君').getByTestId('grant-result')).toContainText('2.5 → 3 小時');
    await expect(ledgerRows(page)).toHaveCount(3);
    await expect(ledgerRow(page, '林怡君', 'REVOCATION')).toContainText('簽退時間補登');
    await expect(ledgerRow(page, '林怡君', 'REVOCATION')).toContainText('撤銷第 1 筆');
    await expect(ledgerRow(page, '林怡君', 'GRANT').first()).toHaveAttribute('data-revoked', 'true');
    await expect(grantRow(page, '林怡君').getByTestId('grant-in-force')).toHaveText('3 小時');

    // 王淑惠's registration is removed meanwhile: 全部核發 is refused as a whole, her row says why.
    const list = await gql<{ registrations: { nodes: { id: string; teacherName: string }[] } }>(
      page,
      'query($c: UUID!) { registrations(courseId: $c, status: [ADMITTED], first: 100) { nodes { id teacherName } } }',
      { c: course.id },
    );
    const wangRegistration = list.registrations.nodes.find((n) => n.teacherName === '王淑惠')?.id ?? '';
    await gql(page, 'mutation($id: UUID!) { removeRegistration(id: $id, reason: "E2E：未出席") { errors { code } } }', { id: wangRegistration });
    await page.getByTestId('grant-all').click();
    await expect(page.getByTestId('grant-refused')).toHaveText('有 1 位的資料有誤，沒有核發任何時數；請修正標示的列後再送出。');
    // The server names the code, not the person (only lookupRegistrant, audited, tells a name).
    await expect(grantRow(page, '王淑惠').getByTestId('grant-problems')).toHaveText(/^[0-9A-Z]{10} 的教師未錄取本研習，請先完成報名（可用現場報名）。$/);
    await expect(grantRow(page, '王淑惠')).toHaveClass(/import-row-error/);
    await expect(grantRow(page, '王淑惠').getByTestId('grant-outcome')).toHaveText('錯誤');
    await expect(grantRow(page, '陳冠宇').getByTestId('grant-outcome')).toHaveCount(0);
    await expect(ledgerRows(page)).toHaveCount(3);
    await checkPage(page, 'hours-server-error', { fullPage: true });
    await page.reload();
    await expect(page.getByTestId('grant-row')).toHaveCount(2);

    // The template: the admitted teachers with the course's hours, UTF-8 with a BOM.
    const upload = page.getByTestId('hours-upload');
    const [download] = await Promise.all([page.waitForEvent('download'), upload.getByTestId('hours-template').click()]);
    expect(download.suggestedFilename()).toBe(`時數核發-${course.code}.csv`);
    const template = readFileSync((await download.path()) ?? '');
    expect([...template.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = template.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('個人專用識別碼,姓名,時數');
    expect(lines).toContain(`${lin},林怡君,3`);
    expect(lines).toContain(`${chen},陳冠宇,3`);
    expect(lines.some((l) => l.includes('王淑惠'))).toBe(false);

    // A file with problems: previewed with every row's outcome, errors first, nothing granted.
    // (Files made in memory: nothing is left on disk.)
    const bad = csvFile('hours-bad.csv', `\uFEFF個人專用識別碼,姓名,時數\r\n${chen},陳冠宇,3\r\n${lin},林怡君,2\r\n${wang},王淑惠,3\r\nZZZZ,某人,1.25\r\n`);
    await upload.getByLabel('時數檔案').setInputFiles(bad);
    await upload.getByRole('button', { name: '預覽' }).click();
    const report = upload.getByTestId('hours-report');
    await expect(report.getByTestId('hours-format')).toHaveText('檔案格式：CSV（UTF-8）');
    await expect(report.getByTestId('hours-count-NEW').locator('dd')).toHaveText('1');
    await expect(report.getByTestId('hours-count-ERROR').locator('dd')).toHaveText('3');
    const rows = report.getByTestId('hours-row');
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(0)).toHaveAttribute('data-line', '3');
    await expect(rows.nth(3)).toHaveAttribute('data-line', '2');
    const line = (n: number) => report.locator(`[data-testid="hours-row"][data-line="${n}"]`);
    await expect(line(2).getByTestId('hours-outcome')).toHaveText('新增');
    await expect(line(3).getByTestId('hours-outcome')).toHaveText('錯誤');
    await expect(line(3)).toContainText('第 3 行');
    await expect(line(3).getByTestId('hours-problems')).toHaveText('理由：已核發 3 小時；更正時數須填寫理由。');
    await expect(line(4).getByTestId('hours-problems')).toHaveText(/^個人專用識別碼：[0-9A-Z]{10} 的教師未錄取本研習，請先完成報名（可用現場報名）。$/);
    await expect(line(4).getByTestId('hours-problems')).not.toContainText('王淑惠');
    await expect(line(5).getByTestId('hours-problems')).toContainText('個人專用識別碼：個人專用識別碼為 10 個英文字母與數字');
    await expect(line(5).getByTestId('hours-problems')).toContainText('時數：時數以半小時為單位，例如 3 或 3.5。');
    await expect(upload.getByRole('button', { name: '確認核發' })).toBeDisabled();
    await expect(upload.getByTestId('hours-confirm-note')).toContainText('請修正所有錯誤的列');
    await expect(line(5)).toContainText('ZZZZ');
    await checkPage(page, 'hours-upload-preview', { fullPage: true });
    // The read-out notice (a toast for 8 s) would cover the table.
    await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 15_000 });
    await upload.scrollIntoViewIfNeeded();
    await upload.screenshot({ path: join(BRIEF_SHOTS, 'hours-upload-preview.png') });
    await expect(ledgerRows(page)).toHaveCount(3);

    // The corrected file: 陳冠宇 new, 林怡君 unchanged; confirmed, it is granted.
    const good = csvFile('hours-good.csv', `\uFEFF個人專用識別碼,姓名,時數\r\n${chen},陳冠宇,3\r\n${lin.toLowerCase()},林怡君,3.0\r\n`);
    await upload.getByLabel('時數檔案').setInputFiles(good);
    await upload.getByRole('button', { name: '預覽' }).click();
    await expect(report.getByTestId('hours-count-NEW').locator('dd')).toHaveText('1');
    await expect(report.getByTestId('hours-count-UNCHANGED').locator('dd')).toHaveText('1');
    await expect(report.getByTestId('hours-count-ERROR').locator('dd')).toHaveText('0');
    await expect(line(3).getByTestId('hours-outcome')).toHaveText('不變');
    await expect(ledgerRows(page)).toHaveCount(3);
    await upload.getByRole('button', { name: '確認核發' }).click();
    await expect(upload.getByTestId('hours-committed')).toHaveText('已核發 2 列：新增 1、更正 0、不變 1。');
    await expect(ledgerRows(page)).toHaveCount(4);
    await expect(ledgerRow(page, '陳冠宇', 'GRANT').getByTestId('ledger-hours')).toHaveText('+3');
    await expect(grantRow(page, '陳冠宇').getByTestId('grant-in-force')).toHaveText('3 小時');

    // Revoking 陳冠宇's grant needs a reason, checked beside the field.
    await ledgerRow(page, '陳冠宇', 'GRANT').getByRole('button', { name: /撤銷/ }).click();
    const dialog = page.getByRole('dialog', { name: '撤銷時數' });
    await expect(dialog).toContainText('撤銷「陳冠宇」於');
    await expect(dialog.getByLabel(/撤銷理由/)).toBeFocused();
    await dialog.getByRole('button', { name: '確定撤銷' }).click();
    await expect(dialog.locator('.field-invalid')).toContainText('請填寫撤銷理由');
    await checkPage(page, 'hours-revoke-reason');
    await dialog.getByLabel(/撤銷理由/).fill('E2E：未實際出席');
    await dialog.getByRole('button', { name: '確定撤銷' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('ledger-notice')).toHaveText('已撤銷「陳冠宇」的 3 小時。');
    await expect(ledgerRows(page)).toHaveCount(5);
    await expect(ledgerRow(page, '陳冠宇', 'GRANT')).toHaveAttribute('data-revoked', 'true');
    await expect(ledgerRow(page, '陳冠宇', 'GRANT').getByRole('button', { name: /撤銷/ })).toHaveCount(0);
    await expect(ledgerRow(page, '陳冠宇', 'REVOCATION').getByTestId('ledger-hours')).toHaveText('−3');
    await expect(ledgerRow(page, '陳冠宇', 'REVOCATION')).toContainText('E2E：未實際出席');
    await expect(grantRow(page, '陳冠宇').getByTestId('grant-in-force')).toHaveText('尚未核發');
    await checkPage(page, 'hours-organizer', { fullPage: true });
    await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 15_000 });
    await page.screenshot({ path: join(BRIEF_SHOTS, 'hours-organizer.png'), fullPage: true });

    // On a phone: stacked rows that fit.
    await page.setViewportSize({ width: 375, height: 812 });
    await expectNoOverflow(page);
    await checkPage(page, 'hours-organizer-phone', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A course that has not started: the organizer is told from when, with nothing to grant.
    const future = await gql<{ course: { id: string; viewerCan: { grantHours: boolean } } }>(page, 'query { course(code: "3500003") { id viewerCan { grantHours } } }');
    expect(future.course.viewerCan.grantHours).toBe(false);
    await page.goto(`/manage/courses/${future.course.id}/hours`);
    await expect(page.getByTestId('hours-not-yet')).toContainText('研習開始後才能核發時數');
    await expect(page.getByTestId('grant-panel')).toHaveCount(0);
    await page.goto(`/manage/courses/${future.course.id}/registrations`);
    await expect(page.getByTestId('registration-facts')).toBeVisible();
    await expect(page.getByTestId('hours-link')).toHaveCount(0);

    // Another county's admin may not grant or read them.
    const tainan = await personPage(browser, 'tainan');
    await tainan.goto(`/manage/courses/${course.id}/hours`);
    await expect(tainan.getByTestId('no-permission')).toBeVisible();
    await tainan.goto(`/courses/${course.id}`);
    await expect(tainan.getByTestId('course-code')).toBeVisible();
    await expect(tainan.getByTestId('hours-link')).toHaveCount(0);
    await tainan.context().close();
  });

  test('a teacher sees their hours by school year and calendar year, per tag, and downloads the transcript', async ({ page }) => {
    // Serial mode: this runs only after the test before succeeded and set it.
    expect(held, 'the course of the test before').not.toBeNull();
    const course = held as Held;
    const ended = new Date(Date.now() - 2 * 86_400_000 + 3 * 3_600_000);
    const schoolYear = schoolYearAt(ended);

    await signIn(page, 'teacher');
    // From the teacher's home (their personal code card) and the menu.
    await expect(page.getByTestId('my-teacher-card').getByTestId('my-hours-link')).toHaveText('查看我的研習時數');
    await nav(page).getByRole('link', { name: '我的研習時數' }).click();
    await expect(page).toHaveURL(/\/my\/hours$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的研習時數');
    await expect(page.getByRole('radio', { name: '學年度' })).toBeChecked();
    await expect(page.getByTestId('period-year').locator('option:checked')).toHaveText(`${schoolYear} 學年度`);

    const line = page.locator(`[data-testid="my-hours-course"][data-code="${course.code}"]`);
    await expect(line).toContainText(course.title);
    await expect(line).toContainText(SCHOOL);
    await expect(line).toContainText(taipeiDate(ended));
    await expect(line).toContainText('數位學習');
    await expect(line.getByTestId('my-hours-course-hours')).toHaveText('3');
    // The total is the sum of the courses; the tag total counts this course.
    const courseHours = (await page.getByTestId('my-hours-course-hours').allTextContents()).map(Number);
    const total = Number(await page.getByTestId('my-hours-total-value').textContent());
    expect(total).toBe(courseHours.reduce((a, b) => a + b, 0));
    expect(total).toBeGreaterThanOrEqual(3);
    const tag = page.locator('[data-testid="my-hours-tag"][data-tag="digital_learning"]');
    await expect(tag).toContainText('數位學習');
    expect(Number(await tag.getByTestId('my-hours-tag-hours').textContent())).toBeGreaterThanOrEqual(3);
    await checkPage(page, 'hours-teacher', { fullPage: true });
    await page.screenshot({ path: join(BRIEF_SHOTS, 'hours-teacher.png'), fullPage: true });

    // The transcript: a same-origin GET with the cookie, an XLSX (a ZIP).
    const href = (await page.getByTestId('transcript-link').getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^/teachers/[0-9a-f-]{36}/transcript\\.xlsx\\?schoolYear=${schoolYear}$`));
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await response.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('transcript-link').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // By calendar year: the same course; the school year before: not in it.
    const kinds = page.getByTestId('period-kind');
    await kinds.getByText('年度', { exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/my/hours\\?calendarYear=${taipeiDate(ended).slice(0, 4)}$`));
    await expect(page.getByRole('radio', { name: '年度', exact: true })).toBeChecked();
    await expect(line.getByTestId('my-hours-course-hours')).toHaveText('3');
    expect(await page.getByTestId('transcript-link').getAttribute('href')).toMatch(/calendarYear=\d{4}$/);
    await kinds.getByText('學年度', { exact: true }).click();
    await page.getByTestId('period-year').selectOption({ label: `${schoolYear - 1} 學年度` });
    await expect(page).toHaveURL(new RegExp(`schoolYear=${schoolYear - 1}$`));
    await expect(page.getByTestId('my-hours-total')).toBeVisible();
    await expect(line).toHaveCount(0);

    // In English, and on a phone.
    await page.goto('/my/hours');
    await page.getByTestId('language').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My training hours');
    await expect(page.getByTestId('transcript-link')).toContainText('Download the transcript');
    await page.getByTestId('language').click();
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(line).toBeVisible();
    await expectNoOverflow(page);
    await checkPage(page, 'hours-teacher-phone', { fullPage: true });
  });

  test('a school admin without a teacher record has no 我的研習時數', async ({ page }) => {
    await signIn(page, 'taipei-school');
    await expect(nav(page).getByRole('link', { name: '我的研習時數' })).toHaveCount(0);
  });
});

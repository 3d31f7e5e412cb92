import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { anonymousPage, checkPage, gql, signIn, unique } from './helpers';

/** Signs in in a fresh browser context (another person at another computer). */
async function personPage(browser: Browser, login: string): Promise<Page> {
  const page = await anonymousPage(browser);
  await signIn(page, login);
  return page;
}

/** A Taipei wall-clock `datetime-local` value `days` from today at `time`. */
function taipeiAt(days: number, time: string): string {
  const day = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${time}`;
}

/** No horizontal scrolling: the page fits the phone. */
async function expectNoOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const nav = (page: Page) => page.getByRole('navigation', { name: '主選單' });

interface CourseFields {
  title: string;
  startsAt: string;
  endsAt: string;
  hours?: string;
}

/** Fills the editor's required fields. */
async function fillCourse(form: Locator, f: CourseFields) {
  await form.getByLabel('研習名稱').fill(f.title);
  await form.getByLabel('研習說明').fill('E2E 研習說明：課程內容與講師介紹。');
  await form.getByLabel('研習性質').selectOption({ label: '工作坊' });
  await form.getByLabel('課程類別').selectOption({ label: '資訊與科技' });
  await form.getByRole('group', { name: '研習屬性' }).getByLabel('數位學習').check();
  await form.getByRole('group', { name: '教育階段' }).getByLabel('國民小學').check();
  await form.getByRole('group', { name: '縣市' }).getByLabel('臺北市').check();
  await form.getByRole('group', { name: '身分' }).getByLabel('教師', { exact: true }).check();
  await form.getByRole('combobox', { name: '辦理方式' }).selectOption({ label: '實體' });
  await form.getByLabel('上課地點').fill('幸安國小 會議室');
  const row = form.getByTestId('session-row').first();
  await row.getByLabel('開始時間').fill(f.startsAt);
  await row.getByLabel('結束時間').fill(f.endsAt);
  await form.getByLabel('研習時數').fill(f.hours ?? '3');
  await form.getByRole('spinbutton', { name: '名額' }).fill('30');
  await form.getByLabel('報名開始（臺北時間）').fill(taipeiAt(0, '00:00'));
  await form.getByLabel('報名截止（臺北時間）').fill(taipeiAt(18, '17:00'));
}

const COURSE_FIELDS = `id code title status`;

/** A draft course of taipei-school's school made through the API (for tests about something else). */
async function createDraft(page: Page, title: string, sessions: { startsAt: string; endsAt: string }[], hours = 3): Promise<{ id: string }> {
  const unit = await gql<{ orgUnit: { id: string } }>(page, 'query { orgUnit(code: "D633101") { id } }');
  const data = await gql<{ createCourse: { course: { id: string } | null; errors: unknown[] } }>(
    page,
    `mutation($o: UUID!, $i: CourseInput!) { createCourse(organizerId: $o, input: $i) { course { ${COURSE_FIELDS} } errors { field code message } } }`,
    {
      o: unit.orgUnit.id,
      i: {
        title,
        nature: 'lecture',
        category: 'curriculum',
        tags: ['counselling'],
        audience: { stages: ['ELEMENTARY'] },
        mode: 'IN_PERSON',
        venue: '幸安國小 視聽教室',
        sessions,
        hours,
        capacity: 40,
        registrationOpensAt: new Date().toISOString(),
        registrationClosesAt: sessions[0]?.startsAt,
      },
    },
  );
  expect(data.createCourse.errors).toEqual([]);
  return { id: data.createCourse.course?.id ?? '' };
}

function isoAt(days: number, time: string): string {
  return `${taipeiAt(days, time)}:00+08:00`;
}

function queued(page: Page, title: string) {
  return page.getByTestId('queued-course').filter({ hasText: title });
}

test.describe('courses (研習)', () => {
  test('anyone searches approved courses by county, stage, tag, dates and keyword, and opens one', async ({ page }) => {
    await page.goto('/');
    await nav(page).getByRole('link', { name: '研習查詢' }).click();
    await expect(page).toHaveURL(/\/courses$/);
    await expect(page.getByRole('heading', { level: 1, name: '研習查詢' })).toBeVisible();
    const results = page.getByTestId('course-result');
    await expect(results.first()).toBeVisible();
    // The demo's approved courses, earliest first.
    await expect(page.getByTestId('course-results')).toContainText('3500001');
    await expect(page.getByTestId('course-results')).not.toContainText('3500004');
    await checkPage(page, 'courses-search');

    // County, stage and tag together.
    await page.getByLabel('縣市').selectOption({ label: '臺北市' });
    await page.getByLabel('教育階段').selectOption({ label: '學前教育' });
    await page.getByLabel('研習屬性').selectOption({ label: '教保專業知能' });
    await page.getByRole('button', { name: '搜尋', exact: true }).click();
    await expect(page).toHaveURL(/county=63000/);
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText('3500002');
    await expect(results.first()).toContainText('國立臺灣師範大學進修學院');
    await expect(results.first()).toContainText('6 小時');
    await expect(results.first().getByTestId('seats-left')).toHaveText('60 / 60 名');

    // A range that ends before it starts is refused beside the field.
    await page.getByRole('button', { name: '清除' }).click();
    await page.getByLabel('日期（起）').fill('2030-01-10');
    await page.getByLabel('日期（迄）').fill('2030-01-01');
    await page.getByRole('button', { name: '搜尋', exact: true }).click();
    await expect(page.getByText('迄日不能早於起日')).toBeVisible();
    await expect(page.getByLabel('日期（迄）')).toBeFocused();
    await expect(page.getByLabel('日期（迄）')).toHaveAttribute('aria-invalid', 'true');

    // Keyword by course code, registration open only; online courses say 線上.
    await page.getByLabel('日期（起）').fill('');
    await page.getByLabel('日期（迄）').fill('');
    await page.getByLabel('關鍵字').fill('3500001');
    await page.getByLabel('只顯示報名中的研習').check();
    await page.getByRole('button', { name: '搜尋', exact: true }).click();
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText('線上');
    await expect(results.first()).toContainText('報名中');

    // The detail page: every public field, no history for visitors.
    await results.first().getByRole('link').click();
    await expect(page).toHaveURL(/\/courses\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('個別化教育計畫');
    await expect(page.getByTestId('course-code')).toHaveText('研習代碼 3500001');
    await expect(page.getByTestId('course-status')).toHaveText('已核准');
    await expect(page.getByTestId('sessions')).toContainText('第 1 場');
    await expect(page.getByTestId('course-hours')).toHaveText('3 小時');
    await expect(page.getByText('國民小學、國民中學')).toBeVisible();
    await expect(page.getByTestId('history')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /送審|取消研習/ })).toHaveCount(0);
    await checkPage(page, 'course-detail-public', { fullPage: true });

    // `/search` is a short alias, with its query.
    await page.goto('/search?q=3500003');
    await expect(page).toHaveURL(/\/courses\?q=3500003$/);
    await expect(page.getByTestId('course-result')).toHaveCount(1);

    // By code, and in English.
    await page.goto('/courses/3500002');
    await expect(page.getByTestId('course-code')).toHaveText('研習代碼 3500002');
    await page.getByTestId('language').click();
    await expect(page.getByTestId('course-status')).toHaveText('Approved');
    await expect(page.getByText('Preschool educator competence')).toBeVisible();
    await page.getByTestId('language').click();

    // A course that is not public asks a visitor to sign in.
    await page.goto('/courses/3500006');
    await expect(page).toHaveURL(/\/login\?next=%2Fcourses%2F3500006/);
  });

  test('the search and a course work on a 375-px phone', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/courses');
    await expect(page.getByTestId('course-result').first()).toBeVisible();
    await expectNoOverflow(page);
    await checkPage(page, 'courses-search-phone', { fullPage: true });
    await page.goto('/courses/3500002');
    await expect(page.getByTestId('sessions')).toContainText('第 2 場');
    await expectNoOverflow(page);
    await checkPage(page, 'course-detail-phone', { fullPage: true });
  });

  test('a school creates and submits a course, its county approves it, and visitors find it', async ({ page, browser }) => {
    const title = `E2E 數位教材設計研習 ${unique()}`;
    // A day of its own, so that a run against a used database meets no look-alike from an earlier run.
    const day = 20 + Math.floor(Math.random() * 300);
    await signIn(page, 'taipei-school');
    await expect(nav(page).getByRole('link', { name: '研習審核' })).toHaveCount(0);
    await nav(page).getByRole('link', { name: '研習管理' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('臺北市大安區幸安國民小學 研習管理');
    await expect(page.getByTestId('unit-courses')).toContainText('3500004');
    await checkPage(page, 'courses-unit-list');

    await page.getByRole('link', { name: '新增研習' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '新增研習' })).toBeVisible();
    const form = page.getByTestId('course-form');
    // Bad input first: the session ends before it starts; the server names the field.
    await fillCourse(form, { title, startsAt: taipeiAt(day, '13:00'), endsAt: taipeiAt(day, '10:00') });
    await form.getByRole('button', { name: '儲存', exact: true }).click();
    const end = form.getByTestId('session-row').first().getByLabel('結束時間');
    await expect(end).toHaveAttribute('aria-invalid', 'true');
    await expect(end).toBeFocused();
    await expect(form.getByTestId('session-row').first()).toContainText('結束時間須晚於開始時間');
    await checkPage(page, 'course-editor-errors', { fullPage: true });

    // A second session, removed again; then the right times.
    await form.getByRole('button', { name: '新增場次' }).click();
    await expect(form.getByTestId('session-row')).toHaveCount(2);
    await expect(form.getByTestId('session-row').nth(1).getByLabel('開始時間')).toBeFocused();
    await form.getByRole('button', { name: '刪除第 2 場' }).click();
    await expect(form.getByTestId('session-row')).toHaveCount(1);
    await form.getByTestId('session-row').first().getByLabel('開始時間').fill(taipeiAt(day, '09:00'));
    await end.fill(taipeiAt(day, '12:00'));
    await form.getByRole('button', { name: '儲存', exact: true }).click();

    // Saved as a draft: its page, with 送審.
    await expect(page).toHaveURL(/\/courses\/[0-9a-f-]{36}$/);
    const courseUrl = page.url();
    await expect(page.getByTestId('toast')).toContainText(`已建立研習「${title}」`);
    await expect(page.getByTestId('course-status')).toHaveText('草稿');
    await expect(page.getByTestId('course-dates')).toContainText('09:00–12:00');
    await expect(page.getByTestId('history').getByTestId('transition')).toHaveCount(1);
    await page.getByRole('button', { name: `送審 ${title}` }).click();
    await expect(page.getByTestId('toast')).toContainText(`「${title}」已送審，研習代碼`);
    await expect(page.getByTestId('course-status')).toHaveText('待審');
    await expect(page.getByTestId('course-code')).toHaveText(/研習代碼 \d{7}/);
    const code = ((await page.getByTestId('course-code').textContent()) ?? '').replace(/\D/g, '');
    await expect(page.getByTestId('waiting')).toContainText('臺北市政府教育局');
    await expect(page.getByRole('link', { name: '編輯' })).toHaveCount(0);
    await checkPage(page, 'course-detail-submitted', { fullPage: true });
    // The school may not review.
    await page.goto('/manage/reviews');
    await expect(page.getByTestId('no-permission')).toBeVisible();

    // The county reviews it from the link in its email.
    const taipei = await personPage(browser, 'taipei');
    await taipei.goto('/reviews');
    await expect(taipei).toHaveURL(/\/manage\/reviews$/);
    await expect(nav(taipei).getByRole('link', { name: '研習審核' })).toHaveAttribute('aria-current', 'page');
    const row = queued(taipei, title);
    await expect(row).toContainText(code);
    await expect(row).toContainText('臺北市大安區幸安國民小學');
    await expect(row.getByTestId('days-waiting')).toHaveText('0 天');
    // Oldest first: the demo's 3500004 waits longer.
    await expect(taipei.getByTestId('queued-course').first()).toContainText('3500004');
    await checkPage(taipei, 'reviews-queue');
    await row.getByRole('button', { name: `審核 ${title}` }).click();
    const dialog = taipei.getByRole('dialog', { name: '審核研習' });
    await expect(dialog.getByTestId('review-form')).toBeVisible();
    await expect(dialog.getByTestId('duplicate-warning')).toHaveCount(0);
    await checkPage(taipei, 'reviews-dialog');
    await dialog.getByRole('button', { name: '核准', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(taipei.getByTestId('toast')).toContainText(`已核准「${title}」`);
    await expect(queued(taipei, title)).toHaveCount(0);

    // The school sees the decision and its history.
    await page.goto(courseUrl);
    await expect(page.getByTestId('course-status')).toHaveText('已核准');
    await expect(page.getByTestId('course-reviewer')).toHaveText('臺北市政府教育局');
    await expect(page.getByTestId('history').getByTestId('transition')).toHaveCount(3);
    await expect(page.getByRole('button', { name: `取消研習 ${title}` })).toBeVisible();

    // Anyone finds it.
    const visitor = await anonymousPage(browser);
    await visitor.goto(`/courses?q=${encodeURIComponent(title)}`);
    const found = visitor.getByTestId('course-result');
    await expect(found).toHaveCount(1);
    await expect(found).toContainText(code);
    await expect(found).toContainText('幸安國小 會議室');
    await expect(found.getByTestId('seats-left')).toHaveText('30 / 30 名');
    await found.getByRole('link', { name: title }).click();
    await expect(visitor.getByTestId('course-status')).toHaveText('已核准');
    await checkPage(visitor, 'course-detail-approved');
  });

  test('a returned course, edited and resubmitted, shows the reviewer what changed', async ({ page, browser }) => {
    const title = `E2E 班級經營研習 ${unique()}`;
    const day = 20 + Math.floor(Math.random() * 300);
    await signIn(page, 'taipei-school');
    const { id } = await createDraft(page, title, [{ startsAt: isoAt(day, '09:00'), endsAt: isoAt(day, '12:00') }]);
    await gql(page, 'mutation($id: UUID!) { submitCourse(id: $id) { errors { code } } }', { id });

    const taipei = await personPage(browser, 'taipei');
    await taipei.goto('/manage/reviews');
    await queued(taipei, title).getByRole('button', { name: `審核 ${title}` }).click();
    let dialog = taipei.getByRole('dialog', { name: '審核研習' });
    // Returning needs a reason: checked before anything is sent.
    await dialog.getByRole('button', { name: '退回修正' }).click();
    await expect(dialog.getByLabel('理由')).toBeFocused();
    await expect(dialog.getByTestId('review-form')).toContainText('退回修正或不予核准時，請填寫理由');
    await checkPage(taipei, 'reviews-reason-required');
    await dialog.getByLabel('理由').fill('請將研習時數改為 2.5 小時，並補充講師資料。');
    await dialog.getByRole('button', { name: '退回修正' }).click();
    await expect(dialog).toBeHidden();
    await expect(taipei.getByTestId('toast')).toContainText(`已將「${title}」退回修正`);

    // The school reads the reason, edits and submits again.
    await page.goto(`/courses/${id}`);
    await expect(page.getByTestId('course-status')).toHaveText('退回修正');
    await expect(page.getByTestId('return-reason')).toContainText('請將研習時數改為 2.5 小時');
    await page.getByRole('link', { name: '編輯', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/manage/courses/${id}/edit$`));
    await expect(page.getByTestId('return-reason')).toContainText('補充講師資料');
    const form = page.getByTestId('course-form');
    await expect(form.getByLabel('研習時數')).toHaveValue('3');
    await form.getByLabel('研習時數').fill('2.5');
    await form.getByLabel('研習說明').fill('講師：王大明老師（國立臺灣師範大學）。');
    await checkPage(page, 'course-editor', { fullPage: true });
    await form.getByRole('button', { name: '儲存', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/courses/${id}$`));
    await page.getByRole('button', { name: `送審 ${title}` }).click();
    await expect(page.getByTestId('course-status')).toHaveText('待審');

    // The reviewer sees field by field what changed since it returned the course.
    await taipei.reload();
    await queued(taipei, title).getByRole('button', { name: `審核 ${title}` }).click();
    dialog = taipei.getByRole('dialog', { name: '審核研習' });
    const changes = dialog.getByTestId('changes-since-review');
    await expect(changes).toContainText('請將研習時數改為 2.5 小時');
    await expect(changes.locator('[data-field="hours"]')).toContainText('研習時數');
    await expect(changes.locator('[data-field="hours"] del')).toHaveText('3');
    await expect(changes.locator('[data-field="hours"] ins')).toHaveText('2.5');
    await expect(changes.locator('[data-field="description"] ins')).toContainText('王大明');
    await expect(changes.getByTestId('change')).toHaveCount(2);
    await checkPage(taipei, 'reviews-changes');
    await dialog.getByLabel('理由').fill('本研習與本局已辦理之研習重複，不予核准。');
    await dialog.getByRole('button', { name: '不予核准' }).click();
    await expect(dialog).toBeHidden();

    await page.reload();
    await expect(page.getByTestId('course-status')).toHaveText('不予核准');
    const history = page.getByTestId('history');
    await expect(history.locator('[data-status="REJECTED"]')).toContainText('本局已辦理之研習重複');
    await expect(history.locator('[data-status="RETURNED"]')).toContainText('補充講師資料');
    await expect(page.getByRole('button', { name: /送審/ })).toHaveCount(0);
  });

  test('a likely duplicate is shown before submitting, and goes ahead only with a reason the reviewer sees', async ({ page, browser }) => {
    await signIn(page, 'taipei-school');
    // The demo's approved 3500003, entered again by the same school on the same day.
    const existing = await gql<{ course: { title: string; sessions: { startsAt: string; endsAt: string }[] } }>(
      page,
      'query { course(code: "3500003") { title sessions { startsAt endsAt } } }',
    );
    const { id } = await createDraft(page, existing.course.title, existing.course.sessions);
    await page.goto(`/courses/${id}`);
    await page.getByRole('button', { name: `送審 ${existing.course.title}` }).click();
    const dialog = page.getByRole('dialog', { name: '可能重複的研習' });
    const duplicate = dialog.getByTestId('duplicate').filter({ hasText: '3500003' });
    await expect(duplicate).toContainText(existing.course.title);
    await expect(duplicate).toContainText('名稱相似度 100%');
    await expect(duplicate).toContainText('同單位、日期重疊');
    await expect(duplicate).toContainText('臺北市大安區幸安國民小學');
    await expect(page.getByTestId('course-status')).toHaveText('草稿');
    await dialog.getByRole('button', { name: '仍要送審' }).click();
    await expect(dialog.getByLabel('不是重複研習的理由')).toBeFocused();
    await expect(dialog).toContainText('請說明為何不是重複的研習');
    await checkPage(page, 'course-duplicates');
    await dialog.getByLabel('不是重複研習的理由').fill('第二梯次，對象為新進教師。');
    await dialog.getByRole('button', { name: '仍要送審' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('course-status')).toHaveText('待審');

    const taipei = await personPage(browser, 'taipei');
    await taipei.goto(`/courses/${id}`);
    const panel = taipei.getByTestId('review-panel');
    await expect(panel.getByTestId('duplicate-warning')).toContainText('3500003');
    await expect(panel.getByTestId('duplicate-reason')).toContainText('第二梯次，對象為新進教師。');
    await checkPage(taipei, 'course-detail-review-panel', { fullPage: true });
    await panel.getByLabel('理由').fill('請改為不同名稱以利教師辨識。');
    await panel.getByRole('button', { name: '退回修正' }).click();
    await expect(taipei.getByTestId('course-status')).toHaveText('退回修正');
  });

  test('an operator ends and recreates the K-12 delegation, and the pending course moves each time', async ({ page, browser }) => {
    await signIn(page, 'operator');
    await page.goto('/manage/reviews');
    await expect(queued(page, '3500005')).toHaveCount(1);

    await nav(page).getByRole('link', { name: '審核授權' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '審核授權' })).toBeVisible();
    const k12 = page.getByTestId('delegation').filter({ hasText: '教育部國民及學前教育署' }).filter({ has: page.locator('[data-testid="delegation-state"]', { hasText: '生效中' }) });
    await expect(k12).toHaveCount(1);
    await expect(k12).toContainText('國立高雄師範大學 全國教師在職進修資訊網營運團隊');
    await checkPage(page, 'delegations');

    // End it: the pending 3500005 goes back to the K-12 division.
    await k12.getByRole('button', { name: /結束授權/ }).click();
    const end = page.getByRole('dialog', { name: '結束審核授權' });
    await end.getByLabel('結束理由').fill('E2E：國教署收回審核');
    await end.getByRole('button', { name: '確定結束' }).click();
    await expect(end).toBeHidden();
    await expect(page.getByTestId('delegation-outcome')).toContainText('1 件待審研習已移轉');
    await expect(page.getByTestId('delegation-outcome')).toBeFocused();
    await expect(page.getByTestId('delegation').filter({ hasText: '教育部國民及學前教育署' })).toHaveCount(0);
    await page.getByLabel('包含已結束的授權').check();
    await expect(page.getByTestId('delegation').filter({ hasText: 'E2E：國教署收回審核' })).toContainText('已結束');
    await page.goto('/manage/reviews');
    await expect(page.getByTestId('queue-empty')).toBeVisible();
    const k12hs = await personPage(browser, 'k12-hs');
    await k12hs.goto('/manage/reviews');
    await expect(queued(k12hs, '3500005')).toHaveCount(1);

    // Recreate it (a bad period first): the course comes back.
    await page.goto('/manage/delegations');
    await page.getByRole('button', { name: '新增審核授權' }).click();
    const create = page.getByRole('dialog', { name: '新增審核授權' });
    await create.getByLabel('主管機關').selectOption({ label: '教育部國民及學前教育署' });
    await create.getByLabel('代審單位').selectOption({ label: '國立高雄師範大學 全國教師在職進修資訊網營運團隊' });
    await create.getByLabel('生效日').fill('2099-12-31');
    await create.getByLabel('結束日').fill('2099-01-01');
    await create.getByRole('button', { name: '設定授權' }).click();
    await expect(create.getByLabel('結束日')).toHaveAttribute('aria-invalid', 'true');
    await expect(create).toContainText('結束日不能早於生效日');
    await checkPage(page, 'delegations-create-error');
    await create.getByLabel('生效日').fill('');
    await create.getByLabel('結束日').fill('');
    await create.getByLabel('備註').fill('E2E：再次委託營運團隊代審');
    await create.getByRole('button', { name: '設定授權' }).click();
    await expect(create).toBeHidden();
    await expect(page.getByTestId('delegation-outcome')).toContainText('1 件待審研習已移轉');
    await expect(page.getByTestId('delegation').filter({ hasText: 'E2E：再次委託營運團隊代審' })).toContainText('生效中');
    await page.goto('/manage/reviews');
    await expect(queued(page, '3500005')).toHaveCount(1);
    await k12hs.reload();
    await expect(queued(k12hs, '3500005')).toHaveCount(0);

    // The commissioner manages delegations but reviews nothing; a county admin has neither menu.
    const commissioner = await personPage(browser, 'commissioner');
    await expect(nav(commissioner).getByRole('link', { name: '審核授權' })).toBeVisible();
    await expect(nav(commissioner).getByRole('link', { name: '研習審核' })).toHaveCount(0);
    await expect(nav(k12hs).getByRole('link', { name: '審核授權' })).toHaveCount(0);
  });

  test('course pages fit a 375-px phone for organizers and reviewers', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await signIn(page, 'taipei');
    await page.goto('/manage/reviews');
    await expect(page.getByTestId('review-queue')).toBeVisible();
    await expectNoOverflow(page);
    await checkPage(page, 'reviews-queue-phone', { fullPage: true });
    await page.goto('/manage/units/63000/courses/new');
    await expect(page.getByTestId('course-form')).toBeVisible();
    await expectNoOverflow(page);
    await checkPage(page, 'course-editor-phone', { fullPage: true });
  });
});

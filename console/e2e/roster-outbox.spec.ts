import { request as apiRequest, type Page } from '@playwright/test';
import { currentSchoolYear, schoolYearRange, suggestedDeadline } from '../src/pages/roster/schoolYear';
import { expect, test } from './fixtures';
import { checkPage, PASSWORD, signIn, taipeiToday } from './helpers';

// The roster campaign (每學年教師資料維護), the outbox (寄件匣) and email delivery on
// contacts. The tests of a run share one database: each starts from whatever state the
// campaign is in (the operator's test opens it through the console when it is not open
// yet; the others make sure it is open through the API).

const year = currentSchoolYear();
const xinan = { code: 'D633101', name: '臺北市大安區幸安國民小學', email: 'academic@xinan.example' };
const jianguo = { code: 'D633102', name: '臺北市立建國高級中學' };

/** Opens the current school year's campaign through the API, unless it is open. */
async function ensureCampaign(baseURL: string | undefined) {
  const api = await apiRequest.newContext({ baseURL: baseURL ?? '' });
  const call = async <T,>(query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await api.post('/graphql', {
      data: { query, variables },
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(response.ok()).toBeTruthy();
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    expect(body.errors ?? []).toEqual([]);
    return body.data;
  };
  const { login } = await call<{ login: { token: string | null } }>(
    'mutation ($input: LoginInput!) { login(input: $input) { token } }',
    { input: { login: 'operator', password: PASSWORD } },
  );
  const token = login.token ?? '';
  const { rosterCampaign } = await call<{ rosterCampaign: { schoolYear: number } | null }>(
    'query ($y: Int!) { rosterCampaign(schoolYear: $y) { schoolYear } }',
    { y: year },
    token,
  );
  if (!rosterCampaign) {
    await call('mutation ($y: Int!, $d: Date!) { openRosterCampaign(schoolYear: $y, deadline: $d) { messagesQueued } }', { y: year, d: suggestedDeadline(year) }, token);
  }
  await api.dispose();
}

function nav(page: Page) {
  return page.getByRole('navigation', { name: '主選單' });
}

test.describe('roster campaign (每學年教師資料維護)', () => {
  test('an operator opens the campaign of the current school year', async ({ page }) => {
    await signIn(page, 'operator');
    await nav(page).getByRole('link', { name: '教師資料維護' }).click();
    await expect(page).toHaveURL(new RegExp(`/manage/roster/${year}$`));
    await expect(page.getByRole('heading', { level: 1, name: `${year} 學年度教師資料維護` })).toBeVisible();

    const form = page.getByTestId('open-campaign');
    const table = page.getByTestId('roster-table');
    await expect(form.or(table)).toBeVisible();
    const deadline = suggestedDeadline(year);
    if (await form.isVisible()) {
      // The form proposes today + 30 days, within the school year.
      await expect(form.getByLabel('學年度')).toHaveValue(String(year));
      await expect(form.getByLabel('截止日')).toHaveValue(deadline);
      await checkPage(page, 'roster-open');

      // A deadline after the school year is refused beside its field.
      const { last } = schoolYearRange(year);
      await form.getByLabel('截止日').fill(`${Number(last.slice(0, 4))}-08-01`);
      await form.getByRole('button', { name: '開始並寄送通知' }).click();
      const field = form.getByLabel('截止日');
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAccessibleDescription(/截止日須為今天或之後，且在該學年度內/);
      await expect(field).toBeFocused();
      await checkPage(page, 'roster-open-error');

      await field.fill(deadline);
      await form.getByRole('button', { name: '開始並寄送通知' }).click();
      await expect(page.getByTestId('roster-opened')).toContainText(new RegExp(`已開始 ${year} 學年度教師資料維護，已排入 \\d+ 封通知信`));
      await expect(page.getByTestId('roster-opened')).toBeFocused();
      await expect(page.getByTestId('toast')).toContainText('已排入');
    }

    // The campaign: its deadline, the progress of every school, all schools listed.
    await expect(page.getByTestId('open-campaign')).toHaveCount(0);
    await expect(page.getByTestId('roster-deadline')).toContainText(/\d{4}\/\d{2}\/\d{2}/);
    const progress = page.getByRole('progressbar', { name: '確認進度' });
    await expect(progress).toBeVisible();
    await expect(page.getByTestId('roster-progress-text')).toContainText(/已確認 \d+ \/ \d+ 校（\d+%）/);
    await expect(table).toContainText(xinan.name);
    await expect(table).toContainText('臺南市東區勝利國民小學');
    await checkPage(page, 'roster-operator');
  });

  test('a county admin follows its schools and reminds one now', async ({ page, baseURL }) => {
    await ensureCampaign(baseURL);
    await signIn(page, 'taipei');
    await nav(page).getByRole('link', { name: '教師資料維護' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${year} 學年度教師資料維護` })).toBeVisible();

    // A labelled progress bar with its value, over Taipei's schools only.
    const progress = page.getByRole('progressbar', { name: '確認進度' });
    await expect(progress).toBeVisible();
    const text = (await page.getByTestId('roster-progress-text').textContent()) ?? '';
    const [, confirmed, total] = /已確認 (\d+) \/ (\d+) 校/.exec(text) ?? [];
    expect(Number(total)).toBe(2);
    await expect(progress).toHaveJSProperty('value', Number(confirmed));
    await expect(progress).toHaveJSProperty('max', 2);
    const table = page.getByTestId('roster-table');
    const codes = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit-code')));
    expect(codes.sort()).toEqual([xinan.code, jianguo.code]);
    await expect(table).not.toContainText('臺南');
    // No confirmation button for a county admin: confirming is the school's.
    await expect(page.getByRole('button', { name: '確認本學年度教師資料' })).toHaveCount(0);

    // A school without any contact who receives email: NOT_FOUND, said beside the school.
    const jianguoRow = table.locator(`tr[data-unit-code="${jianguo.code}"]`);
    await jianguoRow.getByRole('button', { name: `立即提醒 ${jianguo.name}` }).click();
    await expect(jianguoRow.getByRole('alert')).toContainText('此校沒有設定「接收電子郵件」的聯絡人');

    // 幸安國小's contact receives email: the reminder is queued, unless the school has confirmed.
    const row = table.locator(`tr[data-unit-code="${xinan.code}"]`);
    const remind = row.getByRole('button', { name: `立即提醒 ${xinan.name}` });
    if ((await remind.count()) > 0) {
      await remind.click();
      await expect(row.getByTestId('row-result')).toContainText(/已排入 \d+ 封提醒信/);
      await expect(page.getByTestId('toast')).toContainText(xinan.name);
      await expect(row).toContainText(taipeiToday());
    } else {
      await expect(row).toContainText('/');
    }
    await checkPage(page, 'roster');
  });

  test('a school admin confirms its school, from the link in the email', async ({ page, browser, baseURL }) => {
    await ensureCampaign(baseURL);
    // A county admin has the list open meanwhile (to see a reminder that comes too late).
    const county = await (await browser.newContext()).newPage();
    await signIn(county, 'taipei');
    await county.goto(`/manage/roster/${year}`);
    const countyRow = county.getByTestId('roster-table').locator(`tr[data-unit-code="${xinan.code}"]`);
    await expect(countyRow).toBeVisible();
    const stale = countyRow.getByRole('button', { name: `立即提醒 ${xinan.name}` });
    const wasUnconfirmed = (await stale.count()) > 0;

    // The email links to /roster/<year>: sign in first, then the campaign page.
    await page.goto(`/roster/${year}`);
    await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fmanage%2Froster%2F${year}$`));
    await page.getByLabel('帳號').fill('taipei-school');
    await page.getByLabel('密碼').fill(PASSWORD);
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/manage/roster/${year}$`));
    await expect(page.getByRole('heading', { level: 1, name: `${year} 學年度教師資料維護` })).toBeVisible();

    // Its own school only: no list of schools, no reminders.
    const own = page.getByTestId('own-school');
    await expect(own).toHaveCount(1);
    await expect(own.getByRole('heading', { level: 2, name: xinan.name })).toBeVisible();
    await expect(page.getByTestId('roster-table')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /立即提醒/ })).toHaveCount(0);
    await expect(nav(page).getByRole('link', { name: '教師資料維護' })).toHaveAttribute('aria-current', 'page');
    await expect(nav(page).getByRole('link', { name: '寄件匣' })).toHaveCount(0);

    const confirm = own.getByRole('button', { name: '確認本學年度教師資料' });
    if ((await confirm.count()) > 0) {
      await checkPage(page, 'roster-school-unconfirmed');
      await confirm.click();
      await expect(page.getByTestId('toast')).toContainText(`已確認「${xinan.name}」${year} 學年度教師資料`);
      // The button is gone: the keyboard continues at the school.
      await expect(own.getByRole('heading', { level: 2, name: xinan.name })).toBeFocused();
    }
    await expect(page.getByTestId('own-school-status')).toContainText(`本校已於 ${taipeiToday()} 確認本學年度教師資料`);
    await expect(confirm).toHaveCount(0);
    await checkPage(page, 'roster-school');

    // The county admin's page was opened before: its reminder now meets CONFLICT.
    if (wasUnconfirmed) {
      await stale.click();
      await expect(countyRow.getByRole('alert')).toContainText('此校已確認，不需提醒');
    }
    await county.reload();
    await expect(countyRow.getByRole('button', { name: /立即提醒/ })).toHaveCount(0);
    await expect(county.getByTestId('roster-progress-text')).toContainText(/已確認 [1-9]\d* \/ 2 校/);
    await county.context().close();
  });

  test('other roles find no campaign page', async ({ page }) => {
    await signIn(page, 'teacher');
    await expect(nav(page).getByRole('link', { name: '教師資料維護' })).toHaveCount(0);
    await page.goto(`/manage/roster/${year}`);
    await expect(page.getByTestId('no-permission')).toBeVisible();
  });
});

test.describe('outbox (寄件匣)', () => {
  test('an operator lists the queued messages and sends one again', async ({ page, baseURL }) => {
    await ensureCampaign(baseURL);
    await signIn(page, 'operator');
    await nav(page).getByRole('link', { name: '寄件匣' }).click();
    await expect(page).toHaveURL(/\/manage\/outbox$/);
    await expect(page.getByRole('heading', { level: 1, name: '寄件匣' })).toBeVisible();
    const table = page.getByTestId('outbox-table');
    // Without SMTP in this test server, the campaign's messages wait.
    await expect(table).toContainText(xinan.email);
    await expect(table.getByTestId('outbox-status').first()).toHaveText('待寄送');

    // Filters: status and recipient (case does not matter), kept in the address.
    await page.getByLabel('狀態').selectOption({ label: '待寄送' });
    await page.getByLabel('收件人地址').fill(xinan.email.toUpperCase());
    await page.getByLabel('郵件類型').selectOption({ label: '教師資料維護開始通知' });
    await page.getByRole('button', { name: '查詢' }).click();
    await expect(page).toHaveURL(/status=PENDING/);
    await expect(page).toHaveURL(/template=roster_opened/);
    const rows = table.getByTestId('outbox-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-status', 'PENDING');
    await expect(rows.first()).toContainText(xinan.email);
    await expect(rows.first()).toContainText('教師資料維護開始通知');
    await checkPage(page, 'outbox');

    // Sending a pending message again starts a fresh round now.
    await rows.first().getByRole('button', { name: /^重新寄送/ }).click();
    await expect(rows.first().getByTestId('row-result')).toContainText('已重新排入寄送');
    await expect(page.getByTestId('toast')).toContainText('已重新排入寄送');
    await expect(rows.first().getByTestId('outbox-status')).toHaveText('待寄送');

    // Clearing the filters lists every message again.
    await page.getByRole('button', { name: '清除' }).click();
    await expect(page).toHaveURL(/\/manage\/outbox$/);
    await expect(page.getByLabel('收件人地址')).toHaveValue('');
  });

  test('an undeliverable message shows its attempts, and a retry that conflicts says so', async ({ page, baseURL }) => {
    await ensureCampaign(baseURL);
    await signIn(page, 'operator');
    // This server sends nothing, so a dead message and a late retry are simulated:
    // the list's first message as the worker would have left it after a 550 refusal,
    // and the answer a retry gets when the message was sent meanwhile.
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string };
      if (body.query.includes('mutation RetryEmail')) {
        return route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            data: { retryEmail: { message: null, errors: [{ field: 'id', code: 'CONFLICT', message: 'The message is sent; only pending or dead messages can be retried.' }] } },
          }),
        });
      }
      if (!body.query.includes('query Outbox')) return route.continue();
      const response = await route.fetch();
      const json = (await response.json()) as { data: { outbox: { nodes: Record<string, unknown>[] } } };
      const first = json.data.outbox.nodes[0];
      if (first) {
        Object.assign(first, {
          status: 'DEAD',
          attempts: 2,
          nextAttemptAt: null,
          lastError: '550 5.1.1 mailbox unavailable',
          deliveryAttempts: [
            { at: '2026-11-28T06:03:00Z', outcome: 'temporary', smtpCode: 451, detail: '451 4.3.0 try again later' },
            { at: '2026-11-28T06:04:00Z', outcome: 'permanent', smtpCode: 550, detail: '550 5.1.1 mailbox unavailable' },
          ],
        });
      }
      return route.fulfill({ response, json });
    });
    await page.goto('/manage/outbox');
    const row = page.getByTestId('outbox-row').first();
    await expect(row).toHaveAttribute('data-status', 'DEAD');
    await expect(row.getByTestId('outbox-status')).toHaveText('無法寄送');
    await expect(row).toContainText('550 5.1.1 mailbox unavailable');

    // The attempts open under the message.
    const toggle = row.getByRole('button', { name: /^寄送紀錄（2）/ });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const log = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
    await expect(log).toBeVisible();
    await expect(log.getByRole('listitem')).toHaveCount(2);
    await expect(log).toContainText('2026/11/28 14:03');
    await expect(log).toContainText('暫時失敗，將重試');
    await expect(log).toContainText('SMTP 550');
    await expect(log).toContainText('永久失敗');

    await row.getByRole('button', { name: /^重新寄送/ }).click();
    await expect(row.getByRole('alert')).toContainText('此郵件已寄出或正在寄送，不能重新寄送');
    await checkPage(page, 'outbox-dead');
    await toggle.click();
    await expect(log).toBeHidden();
  });

  test('a county admin has no outbox', async ({ page }) => {
    await signIn(page, 'taipei');
    await expect(nav(page).getByRole('link', { name: '教師資料維護' })).toBeVisible();
    await expect(nav(page).getByRole('link', { name: '寄件匣' })).toHaveCount(0);
    await page.goto('/manage/outbox');
    await expect(page.getByRole('heading', { level: 1, name: '無權限' })).toBeVisible();
    await expect(page.getByTestId('outbox-table')).toHaveCount(0);
    await checkPage(page, 'outbox-no-permission', { screenshot: false });
  });
});

test.describe('email on contacts', () => {
  test('receiving email needs an address, said beside the checkbox', async ({ page }) => {
    await signIn(page, 'taipei');
    await page.goto('/manage/units/63000/contacts');
    // 黃淑芬 has no email address in the demo data.
    await page.getByRole('button', { name: '編輯 黃淑芬' }).click();
    const dialog = page.getByRole('dialog', { name: '編輯聯絡人' });
    await expect(dialog.getByLabel('電子郵件', { exact: true })).toHaveValue('');
    const receives = dialog.getByLabel('接收電子郵件');
    await expect(receives).not.toBeChecked();
    await receives.check();
    await dialog.getByRole('button', { name: '儲存' }).click();
    await expect(receives).toHaveAttribute('aria-invalid', 'true');
    await expect(receives).toHaveAccessibleDescription(/要接收電子郵件，請先填寫電子郵件地址/);
    await expect(receives).toBeFocused();
    await expect(dialog.getByLabel('電子郵件', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, 'contact-email');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('contact-item').filter({ hasText: '黃淑芬' }).getByTestId('receives-email')).toHaveCount(0);
  });

  test('a contact shows the latest email to it, and a bounced address', async ({ page, baseURL }) => {
    await ensureCampaign(baseURL);
    await signIn(page, 'taipei');
    await page.goto(`/manage/units/${xinan.code}/contacts`);
    const wang = page.getByTestId('contact-item').filter({ hasText: xinan.email });
    await expect(wang.getByTestId('receives-email')).toHaveText('接收電子郵件');
    // The campaign's messages wait (no SMTP here).
    await expect(wang.getByTestId('last-email')).toContainText(/最近郵件：\s*(待寄送|待重試)/);

    // A bounce, as the worker would record it after a 550 refusal.
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string };
      if (!body.query.includes('query UnitContacts')) return route.continue();
      const response = await route.fetch();
      const json = (await response.json()) as { data: { orgUnit: { contacts: { email: string | null; emailSuppressed: unknown; lastEmail: Record<string, unknown> | null }[] } } };
      for (const c of json.data.orgUnit.contacts) {
        if (c.email !== xinan.email) continue;
        c.emailSuppressed = { at: '2026-11-28T06:03:00Z', reason: '550 5.1.1 <academic@xinan.example>: mailbox unavailable' };
        if (c.lastEmail) Object.assign(c.lastEmail, { status: 'DEAD', attempts: 1, lastError: '550 5.1.1 mailbox unavailable' });
      }
      return route.fulfill({ response, json });
    });
    await page.reload();
    const suppressed = wang.getByTestId('email-suppressed');
    await expect(suppressed).toContainText('退信，已停止寄送');
    await expect(suppressed).toContainText('修改此聯絡人的電子郵件地址後，會恢復寄送');
    await expect(wang.getByTestId('last-email')).toContainText('無法寄送：550 5.1.1 mailbox unavailable');
    await suppressed.locator('summary', { hasText: '原因' }).click();
    await expect(suppressed).toContainText('2026/11/28 14:03 起停止寄送到此地址');
    await expect(suppressed).toContainText('退信原因：550 5.1.1 <academic@xinan.example>: mailbox unavailable');
    await checkPage(page, 'contact-email-status');

    // The editor shows it too, beside the address to edit.
    await page.getByRole('button', { name: '編輯 王美玲' }).click();
    const dialog = page.getByRole('dialog', { name: '編輯聯絡人' });
    await expect(dialog.getByLabel('接收電子郵件')).toBeChecked();
    await expect(dialog.getByTestId('email-suppressed')).toContainText('退信，已停止寄送');
    await dialog.getByRole('button', { name: '取消' }).click();
  });
});

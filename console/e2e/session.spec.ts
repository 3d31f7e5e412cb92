import { expect, test } from './fixtures';
import { checkPage, signIn, unique } from './helpers';

test.describe('signing in and out', () => {
  test('shows sign-in errors clearly', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: '登入管理後台' })).toBeVisible();
    await checkPage(page, 'sign-in');

    // REQUIRED, beside the empty fields, without asking the server.
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(page.getByLabel('帳號')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('帳號')).toHaveAccessibleDescription(/請輸入帳號/);
    await expect(page.getByLabel('密碼')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('密碼')).toHaveAccessibleDescription(/此欄位為必填/);

    // INVALID_CREDENTIALS, for a login of its own so the throttle touches nobody else.
    await page.getByLabel('帳號').fill(`nobody-${unique()}`);
    await page.getByLabel('密碼').fill('wrong-password');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(page.getByTestId('signin-error')).toContainText('帳號或密碼錯誤');
    await expect(page.getByLabel('密碼')).toBeFocused();
    await checkPage(page, 'sign-in-error');
  });

  test('returns to the page asked for, and signs out', async ({ page }) => {
    await page.goto('/manage/audit');
    await expect(page).toHaveURL(/\/login\?next=%2Fmanage%2Faudit/);
    await page.getByLabel('帳號').fill('taipei');
    await page.getByLabel('密碼').fill('inservice-demo');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(page).toHaveURL(/\/manage\/audit$/);
    await expect(page.getByRole('heading', { level: 1, name: '稽核紀錄' })).toBeVisible();

    await page.getByRole('button', { name: '登出' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('link', { name: '登入' })).toBeVisible();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'inservice_session')).toBeUndefined();
    await page.goto('/manage');
    await expect(page).toHaveURL(/\/login/);
  });

  test('sends a dead session to sign in, but keeps the directory open', async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: 'inservice_session', value: 'x'.repeat(43), url: baseURL ?? '' }]);
    await page.goto('/');
    await expect(page.getByTestId('directory-entry').first()).toBeVisible();
    await page.context().addCookies([{ name: 'inservice_session', value: 'y'.repeat(43), url: baseURL ?? '' }]);
    await page.goto('/manage/units/63000/contacts');
    await expect(page).toHaveURL(/\/login\?next=/);
  });

  test('shows the request id of an internal error', async ({ page }) => {
    await signIn(page, 'taipei');
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string };
      if (!body.query.includes('query UnitContacts')) return route.continue();
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          data: null,
          errors: [{ message: 'Internal error. Quote the request id when reporting it.', extensions: { code: 'INTERNAL', requestId: '0b5e8f7a-1111-4222-8333-944455556666' } }],
        }),
      });
    });
    await page.goto('/manage/units/63000/contacts');
    await expect(page.getByTestId('error')).toContainText('系統發生錯誤');
    await expect(page.getByTestId('request-id')).toContainText('0b5e8f7a-1111-4222-8333-944455556666');
    await checkPage(page, 'internal-error');
  });
});

import { expect, test } from './fixtures';
import { checkPage, signIn, unique } from './helpers';

test.describe('accounts', () => {
  test('an admin creates an account, grants and revokes roles within the ceiling', async ({ page, browser }) => {
    const login = `e2e-${unique()}`;
    const displayName = `測試承辦人 ${login}`;
    await signIn(page, 'taipei');
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '帳號管理' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '臺北市政府教育局 帳號管理' })).toBeVisible();
    await expect(page.getByTestId('user-table')).toContainText('taipei');
    await checkPage(page, 'accounts');

    await page.getByRole('button', { name: '建立帳號' }).click();
    const dialog = page.getByRole('dialog', { name: '在 臺北市政府教育局 建立帳號' });
    // The role picker offers only the grant ceiling at this unit.
    const roleOptions = await dialog.getByLabel('角色').locator('option').allTextContents();
    expect(roleOptions.filter((o) => o !== '—')).toEqual(['縣市區管中心']);

    await dialog.getByLabel('帳號').fill(login);
    await dialog.getByLabel('顯示名稱').fill(displayName);
    await dialog.getByLabel('初始密碼').fill('short');
    await dialog.getByRole('button', { name: '建立帳號' }).click();
    await expect(dialog.getByLabel('初始密碼')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel('初始密碼')).toHaveAccessibleDescription(/密碼強度不足/);
    await checkPage(page, 'accounts-create-error');

    const password = `Aa1-${unique()}-long-enough`;
    await dialog.getByLabel('初始密碼').fill(password);
    await dialog.getByRole('button', { name: '建立帳號' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole('row').filter({ hasText: login });
    await expect(row).toContainText('縣市區管中心');

    // Grant a school role at a governed school; the picker follows the chosen unit.
    await row.getByRole('button', { name: `授予角色 ${displayName}` }).click();
    const grant = page.getByRole('dialog', { name: `授予 ${displayName} 角色` });
    await grant.getByLabel('單位').selectOption({ label: '臺北市大安區幸安國民小學' });
    const grantable = await grant.getByLabel('角色').locator('option').allTextContents();
    expect(grantable).toEqual(['學校承辦人', '教師']);
    await grant.getByLabel('角色').selectOption({ label: '學校承辦人' });
    await checkPage(page, 'accounts-grant');
    await grant.getByRole('button', { name: '授予角色' }).click();
    await expect(grant).toBeHidden();
    await expect(row).toContainText('學校承辦人');

    // The new account holds roles in two units: it gets a unit switcher.
    const other = await browser.newContext();
    const newcomer = await other.newPage();
    await newcomer.goto('/login');
    await newcomer.getByLabel('帳號').fill(login);
    await newcomer.getByLabel('密碼').fill(password);
    await newcomer.getByRole('button', { name: '登入', exact: true }).click();
    await expect(newcomer).toHaveURL(/\/manage$/);
    const switcher = newcomer.getByLabel('目前單位');
    await expect(switcher).toBeVisible();
    await newcomer.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '聯絡資訊' }).click();
    await expect(newcomer).toHaveURL(/\/manage\/units\/63000\/contacts$/);
    await switcher.selectOption({ label: '臺北市大安區幸安國民小學（學校承辦人）' });
    await expect(newcomer).toHaveURL(/\/manage\/units\/D633101\/contacts$/);
    await expect(newcomer.getByRole('heading', { level: 1, name: '臺北市大安區幸安國民小學 聯絡資訊' })).toBeVisible();
    await expect(newcomer.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '所轄單位' })).toHaveCount(0);
    await checkPage(newcomer, 'unit-switcher');
    await other.close();

    // Revoke the school role again.
    await row.getByRole('button', { name: `撤銷 ${displayName} 在 臺北市大安區幸安國民小學 的 學校承辦人 角色` }).click();
    const revoke = page.getByRole('dialog', { name: '撤銷角色' });
    await revoke.getByRole('button', { name: '撤銷' }).click();
    await expect(revoke).toBeHidden();
    await expect(row).not.toContainText('學校承辦人');
  });
});

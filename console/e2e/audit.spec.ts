import { expect, test } from './fixtures';
import { checkPage, signIn, taipeiToday } from './helpers';

test.describe('audit log', () => {
  test('is filtered by action, unit, actor and date', async ({ page }) => {
    await signIn(page, 'taipei');
    // Make sure there is a contact change to find.
    await page.goto('/manage/units/63000/contacts');
    await page.getByRole('button', { name: '確認聯絡資訊無誤' }).click();
    await expect(page.getByTestId('toast')).toContainText('已確認');

    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '稽核紀錄' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '稽核紀錄' })).toBeVisible();
    const table = page.getByTestId('audit-table');
    await expect(table).toBeVisible();
    await checkPage(page, 'audit');

    await page.getByLabel('動作').fill('contact.');
    await page.getByLabel('單位').fill('63000');
    await page.getByRole('button', { name: '查詢' }).click();
    await expect(page).toHaveURL(/action=contact\.&unit=63000|unit=63000.*action=contact\./);
    // The previous page stays on screen until the filtered one arrives, so wait (retrying)
    // until no row of another action is left rather than reading the rows once.
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await expect(table.locator('tbody tr:not([data-action^="contact."])')).toHaveCount(0);
    await expect(table.locator('tbody tr[data-action^="contact."]').first()).toBeVisible();
    await expect(table.locator('tbody tr').first()).toContainText(taipeiToday());

    // By actor (clicking a login filters by it) and by today's date.
    await table.getByRole('button', { name: /^taipei/ }).first().click();
    await expect(page).toHaveURL(/actor=/);
    await page.getByLabel('起日').fill(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Taipei' }));
    await page.getByLabel('迄日').fill(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Taipei' }));
    await page.getByRole('button', { name: '查詢' }).click();
    await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}/);
    await expect(table.locator('tbody tr').first()).toContainText('taipei');

    // A range that ends before it starts is refused beside the field.
    await page.getByLabel('起日').fill('2026-02-01');
    await page.getByLabel('迄日').fill('2026-01-01');
    await page.getByRole('button', { name: '查詢' }).click();
    await expect(page.getByLabel('迄日')).toHaveAccessibleDescription(/迄日不能早於起日/);
  });
});

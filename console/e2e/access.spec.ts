import { expect, test } from './fixtures';
import { checkPage, signIn } from './helpers';

test.describe('who may reach what', () => {
  test('tainan finds no way to 臺北市 pages', async ({ page }) => {
    await signIn(page, 'tainan');
    const nav = page.getByRole('navigation', { name: '主選單' });
    await expect(nav.getByRole('link', { name: '聯絡資訊' })).toHaveAttribute('href', '/manage/units/67000/contacts');
    const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.some((h) => h.includes('63000') || h.includes('D6331'))).toBe(false);
    await expect(page.getByRole('main')).not.toContainText('臺北');

    // Its own governed units list holds only 臺南 units.
    await nav.getByRole('link', { name: '所轄單位' }).click();
    await expect(page.getByTestId('unit-table')).toContainText('67000');
    await expect(page.getByTestId('unit-table')).not.toContainText('臺北');

    for (const path of [
      '/manage/units/63000/contacts',
      '/manage/units/D633101/contacts',
      '/manage/units/63000/users',
      '/manage/units?within=63000',
    ]) {
      await page.goto(path);
      await expect(page.getByTestId('no-permission'), path).toBeVisible();
      await expect(page.getByRole('heading', { level: 1, name: '無權限' })).toBeVisible();
    }
    await checkPage(page, 'no-permission');
  });

  test('a school admin sees only its school', async ({ page }) => {
    await signIn(page, 'taipei-school');
    const nav = page.getByRole('navigation', { name: '主選單' });
    // Its own school only: no governed units, and every link stays at D633101.
    await expect(nav.getByRole('link', { name: '聯絡資訊' })).toHaveAttribute('href', '/manage/units/D633101/contacts');
    await expect(nav.getByRole('link', { name: '所轄單位' })).toHaveCount(0);
    const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => h.includes('/manage/units/')).every((h) => h.includes('D633101'))).toBe(true);
    await checkPage(page, 'overview-school');
    await nav.getByRole('link', { name: '聯絡資訊' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '臺北市大安區幸安國民小學 聯絡資訊' })).toBeVisible();
    await page.goto('/manage/units/63000/contacts');
    await expect(page.getByTestId('no-permission')).toBeVisible();
  });
});

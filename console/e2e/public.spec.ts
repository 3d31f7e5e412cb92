import { expect, test } from './fixtures';
import { checkPage } from './helpers';

test.describe('public directory, without signing in', () => {
  test('is the landing page and can be searched and filtered', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: '區管中心與業務單位聯絡名錄' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    // Regional centers and divisions, the five K-12 divisions as units of their own.
    const entries = page.getByTestId('directory-entry');
    await expect(entries.first()).toBeVisible();
    await checkPage(page, 'directory');

    await page.getByRole('checkbox', { name: '國教署各組' }).check();
    await expect(page).toHaveURL(/kind=k12/);
    for (const name of ['國教署高級中等教育組', '國教署國中小教育組', '國教署學前教育組', '國教署原住民族及特殊教育組', '國教署學生事務及校園安全組']) {
      await expect(page.getByRole('heading', { level: 3, name })).toBeVisible();
    }
    await page.getByRole('checkbox', { name: '國教署各組' }).uncheck();

    await page.getByLabel('縣市', { exact: true }).selectOption({ label: '臺北市' });
    await expect(page.getByRole('heading', { level: 3, name: '臺北市政府教育局' })).toBeVisible();
    await expect(entries).toHaveCount(1);
    await page.getByLabel('縣市', { exact: true }).selectOption({ label: '全部' });

    await page.getByRole('searchbox', { name: '關鍵字' }).fill('臺南');
    await page.getByRole('button', { name: '搜尋' }).click();
    await expect(page.getByRole('heading', { level: 3, name: '臺南市政府教育局' })).toBeVisible();
    await expect(entries).toHaveCount(1);
  });

  test('shows only published contacts on a unit page', async ({ page }) => {
    await page.goto('/units/63000');
    await expect(page.getByRole('heading', { level: 1, name: '臺北市政府教育局' })).toBeVisible();
    // 黃淑芬 is on the demo page but not published.
    const contacts = page.getByTestId('public-contact');
    await expect(contacts.first()).toBeVisible();
    const texts = await contacts.allTextContents();
    expect(texts.join(' ')).not.toContain('黃淑芬');
    await checkPage(page, 'public-unit');
  });

  test('switches to English and remembers the choice', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Directory of regional centers and divisions' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Directory of regional centers and divisions' })).toBeVisible();
    await checkPage(page, 'directory-en');
    await page.getByRole('button', { name: '切換為中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  });

  test('works on a 375-px phone', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/');
    await expect(page.getByTestId('directory-entry').first()).toBeVisible();
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkPage(page, 'directory-phone');
  });

  test('offers a skip link to the main content', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('directory-entry').first()).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '跳至主要內容' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
  });

  test('answers an unknown address with a not-found page', async ({ page }) => {
    await page.goto('/units/NO-SUCH-UNIT');
    await expect(page.getByTestId('not-found')).toBeVisible();
    await checkPage(page, 'not-found', { screenshot: false });
  });
});

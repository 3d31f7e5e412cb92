import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { anonymousPage, checkPage, signIn, taipeiToday, unique } from './helpers';

/** Adds a contact through the dialog and waits for it in the list. */
async function addContact(page: Page, fields: { name: string; title?: string; phone?: string; email?: string; duty?: string; isPublic?: boolean }) {
  await page.getByRole('button', { name: '新增聯絡人' }).click();
  const dialog = page.getByRole('dialog', { name: '新增聯絡人' });
  await expect(dialog.getByLabel('姓名')).toBeFocused();
  await dialog.getByLabel('姓名').fill(fields.name);
  if (fields.title) await dialog.getByLabel('職稱').fill(fields.title);
  if (fields.phone) await dialog.getByLabel('電話').fill(fields.phone);
  if (fields.email) await dialog.getByLabel('電子郵件', { exact: true }).fill(fields.email);
  if (fields.duty) await dialog.getByLabel('業務職掌').fill(fields.duty);
  if (fields.isPublic) await dialog.getByLabel('公開於聯絡名錄').check();
  await dialog.getByRole('button', { name: '儲存' }).click();
  await expect(dialog).toBeHidden();
  await expect(contactItem(page, fields.name)).toBeVisible();
}

function contactItem(page: Page, name: string) {
  return page.getByTestId('contact-item').filter({ hasText: name });
}

async function deleteContact(page: Page, name: string) {
  await page.getByRole('button', { name: `刪除 ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: '刪除聯絡人' });
  await expect(dialog).toContainText(name);
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
  await dialog.getByRole('button', { name: '刪除' }).click();
  await expect(contactItem(page, name)).toHaveCount(0);
  // The deleted contact's buttons are gone: the keyboard continues at the list.
  await expect(page.locator('#contacts-heading')).toBeFocused();
}

test.describe('contact pages (區管中心)', () => {
  test('a county admin edits a governed school, and the public page changes', async ({ page, browser }) => {
    const name = `測試聯絡人${unique()}`;
    await signIn(page, 'taipei');

    // From the navigation to the governed units, with their confirmation dates.
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '所轄單位' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '臺北市政府教育局 所轄單位' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'D633101' });
    await expect(row).toContainText('臺北市大安區幸安國民小學');
    await checkPage(page, 'governed-units');
    await row.getByRole('link', { name: '聯絡資訊 臺北市大安區幸安國民小學' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '臺北市大安區幸安國民小學 聯絡資訊' })).toBeVisible();

    await addContact(page, { name, title: '教學組長', phone: '02-2733-3063', email: 'e2e@xinan.example', duty: '研習報名', isPublic: true });
    await checkPage(page, 'contacts-school');

    // Anyone sees it on the school's public page.
    const visitor = await anonymousPage(browser);
    await visitor.goto('/units/D633101');
    await expect(visitor.getByTestId('public-contact').filter({ hasText: name })).toContainText('教學組長');

    // Edit it; the public page follows.
    await page.getByRole('button', { name: `編輯 ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: '編輯聯絡人' });
    await dialog.getByLabel('職稱').fill('註冊組長');
    await dialog.getByRole('button', { name: '儲存' }).click();
    await expect(dialog).toBeHidden();
    await expect(contactItem(page, name)).toContainText('註冊組長');
    await visitor.reload();
    await expect(visitor.getByTestId('public-contact').filter({ hasText: name })).toContainText('註冊組長');

    // Confirm all still correct: today's date, in Taipei.
    await page.getByRole('button', { name: '確認聯絡資訊無誤' }).click();
    await expect(page.getByTestId('confirmed-at')).toContainText(taipeiToday());
    await page.goto('/manage/units?within=63000');
    await expect(page.getByRole('row').filter({ hasText: 'D633101' })).toContainText(taipeiToday());

    // Delete, with a confirmation; it leaves the public page.
    await page.goto('/manage/units/D633101/contacts');
    await deleteContact(page, name);
    await visitor.reload();
    await expect(visitor.getByRole('heading', { level: 1, name: '臺北市大安區幸安國民小學' })).toBeVisible();
    await expect(visitor.getByText(name)).toHaveCount(0);
    await visitor.context().close();
  });

  test('publishing and hiding a contact shows and removes it in the public directory', async ({ page, browser }) => {
    const name = `公開測試${unique()}`;
    await signIn(page, 'taipei');
    await page.goto('/manage/units/63000/contacts');
    await addContact(page, { name, title: '專員', phone: '02-2720-8889', duty: '教師進修' });
    await expect(contactItem(page, name).getByTestId('visibility')).toHaveText('未公開');

    const visitor = await anonymousPage(browser);
    const search = async () => {
      await visitor.goto(`/?q=${encodeURIComponent(name)}`);
      await expect(visitor.getByRole('heading', { level: 2, name: /共 \d+ 個單位/ })).toBeVisible();
    };
    await search();
    await expect(visitor.getByTestId('directory-contact').filter({ hasText: name })).toHaveCount(0);

    await page.getByRole('button', { name: `公開 ${name}` }).click();
    await expect(contactItem(page, name).getByTestId('visibility')).toHaveText('公開');
    await expect(page.getByTestId('toast')).toContainText('已公開');
    await search();
    await expect(visitor.getByTestId('directory-contact').filter({ hasText: name })).toBeVisible();
    await checkPage(visitor, 'directory-search');

    await page.getByRole('button', { name: `隱藏 ${name}` }).click();
    await expect(contactItem(page, name).getByTestId('visibility')).toHaveText('未公開');
    await search();
    await expect(visitor.getByTestId('directory-contact').filter({ hasText: name })).toHaveCount(0);

    await deleteContact(page, name);
    await visitor.context().close();
  });

  test('a validation error appears beside its field', async ({ page }) => {
    await signIn(page, 'taipei');
    await page.goto('/manage/units/63000/contacts');
    const first = page.getByTestId('contact-item').first();
    await first.getByRole('button', { name: /^編輯/ }).click();
    const dialog = page.getByRole('dialog', { name: '編輯聯絡人' });
    await dialog.getByLabel('電子郵件', { exact: true }).fill('not-an-email');
    await dialog.getByLabel('分機').fill('12a');
    await dialog.getByRole('button', { name: '儲存' }).click();

    const email = dialog.getByLabel('電子郵件', { exact: true });
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription(/電子郵件格式不正確/);
    // Focus goes to the first field in error, in the form's order (分機 comes before 電子郵件).
    await expect(dialog.getByLabel('分機')).toBeFocused();
    await expect(dialog.getByLabel('分機')).toHaveAccessibleDescription(/分機只能填數字/);
    // The other fields are fine.
    await expect(dialog.getByLabel('姓名')).not.toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, 'contact-validation-error');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(dialog).toBeHidden();
  });

  test('contacts can be reordered with the keyboard', async ({ page }) => {
    await signIn(page, 'taipei');
    await page.goto('/manage/units/63000/contacts');
    const items = page.getByTestId('contact-item');
    await expect(items.nth(1)).toBeVisible();
    const names = await items.locator('.contact-name strong').allTextContents();
    const [firstName, secondName] = names;

    const down = page.getByRole('button', { name: `下移 ${firstName}` });
    await down.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('toast')).toContainText(`已將「${firstName}」移至第 2 位`);
    await expect(items.nth(0)).toContainText(secondName ?? '');
    await expect(items.nth(1)).toContainText(firstName ?? '');

    // The keyboard stays with the moved contact: here on its other button.
    const focused = page.locator(':focus');
    await expect(focused).toHaveAccessibleName(new RegExp(`${firstName}$`));
    await page.getByRole('button', { name: `上移 ${firstName}` }).focus();
    await page.keyboard.press('Enter');
    await expect(items.nth(0)).toContainText(firstName ?? '');

    // The order holds after a reload: it was saved.
    await page.reload();
    await expect(items.nth(0)).toContainText(firstName ?? '');
    await expect(items.nth(1)).toContainText(secondName ?? '');
  });
});

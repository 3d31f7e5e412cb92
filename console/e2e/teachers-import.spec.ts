import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { checkPage, signIn, unique } from './helpers';

// A national ID with a wrong check digit (made up, as every ID here).
const BAD_ID = 'E120005007';
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';

/** A made-up national ID with a valid check digit, new on every run (so its outcome is 新增). */
function madeUpId(): string {
  const letter = 'KLMNPQ'.charAt(Math.floor(Math.random() * 6));
  const second = Math.random() < 0.5 ? 1 : 2;
  const middle = Array.from({ length: 7 }, () => Math.floor(Math.random() * 10));
  const first = LETTERS.indexOf(letter) + 10;
  let sum = Math.floor(first / 10) + (first % 10) * 9 + second * 8;
  middle.forEach((d, i) => (sum += d * (7 - i)));
  const check = (10 - (sum % 10)) % 10;
  return `${letter}${second}${middle.join('')}${check}`;
}
const masked = (id: string) => `${id.slice(0, 3)}****${id.slice(7)}`;

const HEADER = '身分證統一編號,姓名,電子郵件,教育階段,職稱';
const csv = (lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');

const panel = (page: Page) => page.getByTestId('import-panel');
const importRows = (page: Page) => page.getByTestId('import-row');

async function choose(page: Page, name: string, buffer: Buffer) {
  await panel(page).getByLabel('名冊檔案').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

async function expectNoOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test.describe('roster import (匯入名冊)', () => {
  test('a school admin previews a file with errors, corrects it and imports it', async ({ page }) => {
    await signIn(page, 'taipei-school');
    await page.goto('/manage/units/D633101/teachers');
    await expect(page.getByTestId('teacher-row').first()).toBeVisible();

    const openButton = page.getByRole('button', { name: '匯入名冊' });
    await expect(openButton).toHaveAttribute('aria-expanded', 'false');
    await openButton.click();
    await expect(openButton).toHaveAttribute('aria-expanded', 'true');
    await expect(panel(page).getByRole('heading', { name: '匯入名冊' })).toBeFocused();
    const fileInput = panel(page).getByLabel('名冊檔案');
    await expect(fileInput).toHaveAttribute('accept', '.csv,.xlsx,.xls,.ods');
    const confirm = panel(page).getByRole('button', { name: '確認匯入' });
    await expect(confirm).toBeDisabled();

    // The template, made in the browser: UTF-8 with a BOM, the header and a made-up example.
    const [download] = await Promise.all([page.waitForEvent('download'), panel(page).getByRole('button', { name: '下載範本（CSV）' }).click()]);
    expect(download.suggestedFilename()).toBe('教師名冊範本.csv');
    const template = readFileSync((await download.path())!);
    expect([...template.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(template.toString('utf8').slice(1).split('\r\n')).toEqual([HEADER, 'E120005006,王小明,teacher@example.edu.tw,國小,導師', '']);

    // Nothing chosen: said beside the control.
    await panel(page).getByRole('button', { name: '預覽' }).click();
    await expect(fileInput).toHaveAttribute('aria-invalid', 'true');
    await expect(panel(page).locator('.field-invalid')).toContainText('請先選擇要匯入的檔案');

    // Wrong headers: a file-level error beside the control.
    await choose(page, 'wrong.csv', Buffer.from('ID,Phone\r\nA,B\r\n'));
    await panel(page).getByRole('button', { name: '預覽' }).click();
    await expect(panel(page).locator('.field-invalid')).toContainText('第一列須為欄位名稱');
    await expect(panel(page).locator('.field-invalid')).toContainText('缺少：身分證統一編號、姓名。無法辨識：ID、Phone。');
    await expect(page.getByTestId('import-report')).toHaveCount(0);

    const tag = unique();
    const good = { id: madeUpId(), name: `匯入甲${tag}` };
    const second = { id: madeUpId(), name: `匯入乙${tag}` };
    const third = { id: madeUpId(), name: `匯入丙${tag}` };

    // One good row, one bad ID, one bad stage.
    await choose(
      page,
      'roster.csv',
      csv([`${good.id},${good.name},,國小,導師`, `${BAD_ID},${second.name},,國中,`, `${third.id},${third.name},,大學,科任教師`]),
    );
    await panel(page).getByRole('button', { name: '預覽' }).click();
    const report = page.getByTestId('import-report');
    await expect(report).toBeVisible();
    await expect(page.getByTestId('import-format')).toHaveText('檔案格式：CSV（UTF-8）');
    await expect(page.getByTestId('import-count-NEW')).toContainText('1');
    await expect(page.getByTestId('import-count-ERROR')).toContainText('2');
    // Error rows first, with their line numbers and the column of each problem.
    await expect(importRows(page)).toHaveCount(3);
    await expect(importRows(page).nth(0)).toHaveAttribute('data-line', '3');
    await expect(importRows(page).nth(1)).toHaveAttribute('data-line', '4');
    await expect(importRows(page).nth(2)).toHaveAttribute('data-line', '2');
    const badId = importRows(page).filter({ hasText: '第 3 行' });
    await expect(badId.getByTestId('import-outcome')).toHaveText('錯誤');
    await expect(badId.getByTestId('import-problems')).toContainText('身分證統一編號：身分證字號的檢查碼不符');
    const badStage = importRows(page).filter({ hasText: '第 4 行' });
    await expect(badStage.getByTestId('import-outcome')).toHaveText('錯誤');
    await expect(badStage.getByTestId('import-problems')).toContainText('教育階段：教育階段請填 學前、國小、國中、高中 或 特教');
    await expect(badStage.getByTestId('import-masked-id')).toHaveText(masked(third.id));
    const goodRow = importRows(page).filter({ hasText: '第 2 行' });
    await expect(goodRow.getByTestId('import-outcome')).toHaveText('新增');
    await expect(goodRow.getByTestId('import-masked-id')).toHaveText(masked(good.id));
    await expect(confirm).toBeDisabled();
    await expect(page.getByTestId('import-confirm-note')).toContainText('請修正所有錯誤的列');
    // Filter: errors only.
    await panel(page).getByLabel('只顯示有錯誤的列').check();
    await expect(importRows(page)).toHaveCount(2);
    await panel(page).getByLabel('只顯示有錯誤的列').uncheck();
    // No full national ID anywhere in the page.
    for (const id of [good.id, BAD_ID, third.id]) await expect(page.locator('body')).not.toContainText(id);
    await checkPage(page, 'teachers-import-errors', { fullPage: true });

    await page.setViewportSize({ width: 375, height: 800 });
    await expectNoOverflow(page);
    await checkPage(page, 'teachers-import-errors-375', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Nothing was imported.
    await expect(page.getByTestId('teacher-row').filter({ hasText: good.name })).toHaveCount(0);

    // The corrected file: three new teachers, then confirmed.
    await choose(
      page,
      'roster-fixed.csv',
      csv([`${good.id},${good.name},,國小,導師`, `${second.id},${second.name},,國中,`, `${third.id},${third.name},,特教,科任教師`]),
    );
    await expect(report).toHaveCount(0);
    await expect(confirm).toBeDisabled();
    await panel(page).getByRole('button', { name: '預覽' }).click();
    await expect(page.getByTestId('import-count-NEW')).toContainText('3');
    await expect(page.getByTestId('import-count-ERROR')).toContainText('0');
    await expect(importRows(page)).toHaveCount(3);
    for (const r of await importRows(page).all()) await expect(r.getByTestId('import-outcome')).toHaveText('新增');
    await expect(confirm).toBeEnabled();
    await checkPage(page, 'teachers-import-preview', { fullPage: true });

    await confirm.click();
    await expect(page.getByTestId('import-committed')).toContainText('已匯入 3 列：新增 3、重回本校 0、待轉入確認 0、更新 0、無變更 0。');
    await expect(report).toHaveAttribute('data-committed', 'true');
    await expect(confirm).toBeDisabled();
    // The file is not kept once imported.
    expect(await fileInput.evaluate((el: HTMLInputElement) => el.files?.length ?? 0)).toBe(0);
    await checkPage(page, 'teachers-import-committed', { fullPage: true });

    // The roster, refreshed, lists them with masked IDs.
    for (const t of [good, second, third]) {
      const r = page.getByTestId('teacher-row').filter({ hasText: t.name });
      await expect(r).toHaveCount(1);
      await expect(r.getByTestId('masked-id')).toHaveText(masked(t.id));
    }
    await expect(page.getByTestId('teacher-row').filter({ hasText: third.name })).toContainText('特殊教育');
    for (const t of [good, second, third]) await expect(page.locator('body')).not.toContainText(t.id);

    // Closing returns to the button.
    await panel(page).getByRole('button', { name: '關閉匯入' }).click();
    await expect(panel(page)).toHaveCount(0);
    await expect(openButton).toBeFocused();
  });

  test('the import is only for the school admin', async ({ page }) => {
    await signIn(page, 'taipei');
    await page.goto('/manage/units/D633101/teachers');
    await expect(page.getByTestId('teacher-row').first()).toBeVisible();
    await expect(page.getByRole('button', { name: '匯入名冊' })).toHaveCount(0);
  });
});

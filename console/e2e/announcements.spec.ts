import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { anonymousPage, checkPage, gql, signIn, taipeiToday, unique } from './helpers';

/** Signs in in a fresh browser context (another person at another computer). */
async function personPage(browser: Browser, login: string): Promise<Page> {
  const page = await anonymousPage(browser);
  await signIn(page, login);
  return page;
}

async function openEditor(page: Page) {
  await page.goto('/manage/announcements');
  await expect(page.getByRole('heading', { level: 1, name: '公告管理' })).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
}

/** Opens 新增公告, fills what is given and presses 發佈; returns the dialog (titled 編輯公告 once saved). */
async function publish(
  page: Page,
  fields: { kind?: '最新消息' | '公佈欄' | '跑馬燈'; unit?: string; title: string; body?: string; publishAt?: string; expiresAt?: string; pinned?: boolean },
): Promise<Locator> {
  await page.getByRole('button', { name: '新增公告' }).click();
  const dialog = page.getByRole('dialog', { name: '新增公告' });
  await expect(dialog.getByLabel('標題')).toBeFocused();
  if (fields.kind) await dialog.getByLabel('類型').selectOption({ label: fields.kind });
  if (fields.unit) await dialog.getByLabel('發佈單位').selectOption({ label: fields.unit });
  await dialog.getByLabel('標題').fill(fields.title);
  if (fields.body) await dialog.getByLabel('內文').fill(fields.body);
  if (fields.publishAt) await dialog.getByLabel('發佈時間').fill(fields.publishAt);
  if (fields.expiresAt) await dialog.getByLabel('下架時間').fill(fields.expiresAt);
  if (fields.pinned) await dialog.getByLabel('置頂', { exact: true }).check();
  await dialog.getByRole('button', { name: '發佈', exact: true }).click();
  return page.getByRole('dialog');
}

function managedRow(page: Page, title: string) {
  return page.getByTestId('managed-announcement').filter({ hasText: title });
}

/** A network-wide announcement made through the API (for tests about something else). */
async function createByApi(page: Page, input: Record<string, unknown>): Promise<string> {
  const data = await gql<{ createAnnouncement: { announcement: { id: string } | null; errors: unknown[] } }>(
    page,
    'mutation($input: CreateAnnouncementInput!) { createAnnouncement(input: $input) { announcement { id } errors { field code message } } }',
    { input },
  );
  expect(data.createAnnouncement.errors).toEqual([]);
  return data.createAnnouncement.announcement?.id ?? '';
}

/** The value of a datetime-local field, `days` from now (Taipei wall clock, to the minute). */
function taipeiLocal(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

test.describe('announcements (公佈欄、最新消息、跑馬燈)', () => {
  test('an operator publishes a network-wide marquee and news; anonymous visitors see them on the landing page', async ({ page, browser }) => {
    const id = unique();
    const marquee = `E2E 跑馬燈 系統維護通知 ${id}`;
    const news = `E2E 最新消息 研習報名開始 ${id}`;
    await signIn(page, 'operator');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '公告管理' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '公告管理' })).toBeVisible();

    // A marquee line for the whole network (the operator's first choice).
    let dialog = await publish(page, { kind: '跑馬燈', title: marquee });
    await expect(dialog.getByTestId('saved-notice')).toContainText(marquee);
    await expect(dialog.getByTestId('saved-notice')).toBeFocused();
    await dialog.getByRole('button', { name: '關閉' }).first().click();
    await expect(dialog).toBeHidden();
    await expect(managedRow(page, marquee)).toContainText('跑馬燈');
    await expect(managedRow(page, marquee)).toContainText('全網');
    await expect(managedRow(page, marquee).getByTestId('status')).toHaveText('上架中');

    // News, pinned, with Markdown that tries to run a script.
    dialog = await publish(page, {
      kind: '最新消息',
      title: news,
      body: '請於期限內**完成報名**。\n\n<script>window.__xss = 1; alert("xss")</script>\n\n- 第一場\n- 第二場',
      pinned: true,
    });
    const preview = dialog.getByTestId('rendered-preview');
    await expect(preview.locator('strong')).toHaveText('完成報名');
    await expect(preview.locator('li')).toHaveCount(2);
    await expect(preview.locator('script')).toHaveCount(0);
    await checkPage(page, 'announcements-editor-saved');
    await dialog.getByRole('button', { name: '關閉' }).first().click();
    await expect(managedRow(page, news).getByTestId('pinned')).toHaveText('置頂');
    await managedRow(page, news).getByRole('button', { name: `顯示內容 ${news}` }).click();
    await expect(page.locator('.announcement-body-row:visible strong')).toHaveText('完成報名');
    await checkPage(page, 'announcements-editor');

    // Anyone, signed in or not, on the landing page.
    const visitor = await anonymousPage(browser);
    const visitorDialogs: string[] = [];
    visitor.on('dialog', (d) => {
      visitorDialogs.push(d.message());
      void d.dismiss();
    });
    await visitor.goto('/');
    await expect(visitor.getByTestId('marquee')).toContainText(marquee);
    const item = visitor.getByTestId('news').getByTestId('announcement-item').filter({ hasText: news });
    await expect(item.getByTestId('pinned')).toHaveText('置頂');
    await expect(item.getByTestId('announcement-date')).toHaveText(taipeiToday());
    await item.getByRole('button', { name: news }).click();
    await expect(item.getByRole('button', { name: news })).toHaveAttribute('aria-expanded', 'true');
    await expect(item.getByTestId('announcement-body').locator('strong')).toHaveText('完成報名');
    expect(await visitor.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await checkPage(visitor, 'landing-announcements');

    // All the news, one page further.
    await visitor.getByTestId('news').getByRole('link', { name: /全部/ }).click();
    await expect(visitor).toHaveURL(/\/announcements\?kind=NEWS$/);
    await expect(visitor.getByRole('heading', { level: 1, name: '最新消息' })).toBeVisible();
    await expect(visitor.getByRole('link', { name: '最新消息' })).toHaveAttribute('aria-current', 'page');
    await expect(visitor.getByTestId('announcement-item').filter({ hasText: news })).toBeVisible();
    await checkPage(visitor, 'announcements-public');

    expect(dialogs).toEqual([]);
    expect(visitorDialogs).toEqual([]);
    await visitor.context().close();
  });

  test('a county admin publishes a bulletin for 臺北市: its school sees it, a 臺南 school does not', async ({ page, browser }) => {
    const title = `E2E 公佈欄 臺北市研習調查 ${unique()}`;
    await signIn(page, 'taipei');
    await openEditor(page);
    const dialog = await publish(page, { kind: '公佈欄', unit: '臺北市政府教育局', title, body: '請各校於週五前回覆。' });
    await expect(dialog.getByTestId('saved-notice')).toContainText(title);
    await dialog.getByRole('button', { name: '關閉' }).first().click();
    await expect(managedRow(page, title)).toContainText('臺北市政府教育局');

    const school = await personPage(browser, 'taipei-school');
    const bulletin = school.getByTestId('bulletin');
    const item = bulletin.getByTestId('announcement-item').filter({ hasText: title });
    await expect(item).toBeVisible();
    await expect(item).toContainText('臺北市政府教育局');
    await checkPage(school, 'overview-bulletin-school');
    await school.context().close();

    const other = await personPage(browser, 'tainan-school');
    await expect(other.getByTestId('bulletin')).toBeVisible();
    await expect(other.getByText(title)).toHaveCount(0);
    await other.context().close();

    const visitor = await anonymousPage(browser);
    await visitor.goto('/');
    await expect(visitor.getByTestId('bulletin')).toBeVisible();
    await expect(visitor.getByText(title)).toHaveCount(0);
    await visitor.context().close();
  });

  test('errors appear beside their fields; scheduled, edited and deleted announcements', async ({ page, browser }) => {
    await signIn(page, 'operator');
    await openEditor(page);

    // An empty title: REQUIRED beside it, and the keyboard taken there.
    let dialog = await publish(page, { kind: '最新消息', title: '' });
    const title = dialog.getByLabel('標題');
    await expect(title).toBeFocused();
    await expect(title).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.locator('.field-invalid').filter({ has: page.getByLabel('標題') })).toContainText('此欄位為必填');

    // An expiry before the publication time.
    await title.fill(`E2E 排程 ${unique()}`);
    await dialog.getByLabel('發佈時間').fill(taipeiLocal(10));
    await dialog.getByLabel('下架時間').fill(taipeiLocal(5));
    await dialog.getByRole('button', { name: '發佈', exact: true }).click();
    const expires = dialog.getByLabel('下架時間');
    await expect(expires).toBeFocused();
    await expect(dialog.locator('.field-invalid').filter({ has: page.getByLabel('下架時間') })).toContainText('下架時間須晚於發佈時間');
    await checkPage(page, 'announcements-editor-errors');

    // Fixed: scheduled ten days ahead, not on the landing page yet.
    const scheduled = await title.inputValue();
    await expires.fill(taipeiLocal(20));
    await dialog.getByRole('button', { name: '發佈', exact: true }).click();
    dialog = page.getByRole('dialog', { name: '編輯公告' });
    await expect(dialog.getByTestId('saved-notice')).toContainText(scheduled);
    // The times read back as typed (Taipei), whatever the browser's zone.
    await expect(dialog.getByLabel('發佈時間')).toHaveValue(taipeiLocal(10));
    await dialog.getByRole('button', { name: '關閉' }).first().click();
    await expect(managedRow(page, scheduled).getByTestId('status')).toHaveText('已排程');
    const visitor = await anonymousPage(browser);
    await visitor.goto('/announcements?kind=NEWS');
    await expect(visitor.getByRole('heading', { level: 1, name: '最新消息' })).toBeVisible();
    await expect(visitor.locator('.loading')).toHaveCount(0);
    await expect(visitor.getByText(scheduled)).toHaveCount(0);

    // Edit: publish now instead; it goes live.
    await page.getByRole('button', { name: `編輯 ${scheduled}` }).click();
    dialog = page.getByRole('dialog', { name: '編輯公告' });
    await expect(dialog).toContainText('類型與發佈單位在發佈後不能變更');
    await dialog.getByLabel('發佈時間').fill('');
    await dialog.getByRole('button', { name: '儲存', exact: true }).click();
    await expect(dialog.getByTestId('saved-notice')).toBeVisible();
    await dialog.getByRole('button', { name: '關閉' }).first().click();
    await expect(managedRow(page, scheduled).getByTestId('status')).toHaveText('上架中');
    await visitor.reload();
    await expect(visitor.getByTestId('announcement-item').filter({ hasText: scheduled })).toBeVisible();

    // Delete, after confirming.
    await page.getByRole('button', { name: `刪除 ${scheduled}` }).click();
    const confirm = page.getByRole('dialog', { name: '刪除公告' });
    await expect(confirm).toContainText(scheduled);
    await expect(confirm.getByRole('button', { name: '取消' })).toBeFocused();
    await checkPage(page, 'announcements-delete', { screenshot: false });
    await confirm.getByRole('button', { name: '刪除' }).click();
    await expect(managedRow(page, scheduled)).toHaveCount(0);
    await expect(page.locator('#announcements-heading')).toBeFocused();
    await visitor.reload();
    await expect(visitor.getByRole('heading', { level: 1, name: '最新消息' })).toBeVisible();
    await expect(visitor.locator('.loading')).toHaveCount(0);
    await expect(visitor.getByText(scheduled)).toHaveCount(0);
    await visitor.context().close();
  });

  test('attachments: a PDF is uploaded and offered for download; other files are refused beside the control', async ({ page, browser }) => {
    const title = `E2E 最新消息 附件 ${unique()}`;
    await signIn(page, 'operator');
    await openEditor(page);
    const dialog = await publish(page, { kind: '最新消息', title, body: '研習手冊請見附件。', pinned: true });
    await expect(dialog.getByTestId('saved-notice')).toContainText(title);
    const manager = dialog.getByTestId('attachment-manager');
    await expect(manager).toContainText('尚無附件');
    const input = manager.getByLabel('上傳附件');
    await expect(input).toHaveAttribute('accept', /\.pdf/);

    // A small PDF: uploaded, listed with its type and size.
    const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    await input.setInputFiles({ name: '研習手冊.pdf', mimeType: 'application/pdf', buffer: pdf });
    await manager.getByRole('button', { name: '上傳', exact: true }).click();
    const attachment = manager.getByTestId('attachment').filter({ hasText: '研習手冊.pdf' });
    await expect(attachment).toContainText(`（PDF，${pdf.length} B）`);
    await expect(attachment.getByRole('link', { name: '研習手冊.pdf' })).toHaveAttribute('href', /^\/attachments\//);

    // A program, however it is named, and a text file: INVALID_FORMAT beside the control.
    await input.setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1') });
    await manager.getByRole('button', { name: '上傳', exact: true }).click();
    const field = manager.locator('.field-invalid');
    await expect(field).toContainText('不接受這種檔案');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toBeFocused();
    await checkPage(page, 'announcements-attachments');
    await input.setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just text, not a PDF') });
    await manager.getByRole('button', { name: '上傳', exact: true }).click();
    await expect(field).toContainText('不接受這種檔案');
    // Over the size limit (10 MiB unless configured otherwise): TOO_LONG, naming the limit.
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]);
    await input.setInputFiles({ name: '大檔案.pdf', mimeType: 'application/pdf', buffer: big });
    await manager.getByRole('button', { name: '上傳', exact: true }).click();
    await expect(field).toContainText('檔案太大：每個檔案最大 10 MB');
    await expect(manager.getByTestId('attachment')).toHaveCount(1);
    await dialog.getByRole('button', { name: '關閉' }).first().click();

    // Anyone downloads it from the landing page: the same bytes, as a PDF.
    const visitor = await anonymousPage(browser);
    await visitor.goto('/');
    const item = visitor.getByTestId('news').getByTestId('announcement-item').filter({ hasText: title });
    await item.getByRole('button', { name: title }).click();
    const link = item.getByRole('link', { name: '研習手冊.pdf' });
    await expect(item.getByTestId('attachment')).toContainText('PDF');
    const href = await link.getAttribute('href');
    const response = await visitor.request.get(href ?? '');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect(Buffer.compare(await response.body(), pdf)).toBe(0);
    await checkPage(visitor, 'landing-attachment', { screenshot: false });

    // Removed in the editor: gone for everyone.
    await page.getByRole('button', { name: `編輯 ${title}` }).click();
    const edit = page.getByRole('dialog', { name: '編輯公告' });
    await edit.getByRole('button', { name: '移除 研習手冊.pdf' }).click();
    await expect(edit.getByTestId('attachment')).toHaveCount(0);
    await expect(edit.getByLabel('上傳附件')).toBeFocused();
    expect((await visitor.request.get(href ?? '')).status()).toBe(404);
    await visitor.context().close();
  });

  test('the marquee pauses on request and stands still for reduced motion', async ({ page, browser }) => {
    const title = `E2E 跑馬燈 動態測試 ${unique()}`;
    await signIn(page, 'operator');
    await createByApi(page, { kind: 'MARQUEE', title });

    const visitor = await anonymousPage(browser);
    await visitor.goto('/');
    const marquee = visitor.getByTestId('marquee');
    await expect(marquee).toContainText(title);
    await expect(marquee.locator('[aria-live="off"]')).toContainText(title);
    const track = marquee.getByTestId('marquee-track');
    const playState = () => track.evaluate((el) => el.getAnimations().map((a) => a.playState));
    await expect.poll(playState).toEqual(['running']);
    await marquee.getByRole('button', { name: '暫停' }).click();
    await expect.poll(playState).toEqual(['paused']);
    await expect(marquee.getByRole('button', { name: '繼續播放' })).toBeVisible();
    await marquee.getByRole('button', { name: '繼續播放' }).click();
    await expect.poll(playState).toEqual(['running']);

    // Reduced motion: the same titles, no animation, nothing to pause.
    await visitor.emulateMedia({ reducedMotion: 'reduce' });
    await expect(marquee.getByTestId('marquee-track')).toHaveCount(0);
    await expect(marquee).toContainText(title);
    expect(await marquee.evaluate((el) => el.getAnimations({ subtree: true }).length)).toBe(0);
    await expect(marquee.getByRole('button', { name: '暫停' })).toHaveCount(0);
    await visitor.reload();
    await expect(visitor.getByTestId('marquee')).toContainText(title);
    expect(await visitor.getByTestId('marquee').evaluate((el) => el.getAnimations({ subtree: true }).length)).toBe(0);
    await checkPage(visitor, 'landing-reduced-motion', { screenshot: false });
    await visitor.context().close();
  });
});

import { describe, expect, it } from 'vitest';
import { multipartBody } from '../../api/client';
import { inputErrorText, LOCAL_ERROR } from '../../api/inputErrors';
import { translator } from '../../i18n/translate';
import {
  canConfirm,
  cellErrorText,
  fileErrorText,
  formatKey,
  IMPORT_OUTCOMES,
  maskIdsIn,
  orderRows,
  outcomeCount,
  outcomeKey,
  templateCsv,
  type ImportReport,
  type ImportRow,
} from './importModel';
import { nationalIdProblem } from './model';

const zh = translator('zh-TW');
const en = translator('en');

const row = (line: number, outcome: ImportRow['outcome'], errors: ImportRow['errors'] = []): ImportRow => ({
  line,
  outcome,
  name: `教師${line}`,
  nationalIdMasked: 'E12****006',
  errors,
});

const report = (rows: ImportRow[], committed = false): ImportReport => ({
  format: 'CSV_UTF8',
  rows,
  newCount: rows.filter((r) => r.outcome === 'NEW').length,
  joinedCount: rows.filter((r) => r.outcome === 'JOINED').length,
  pendingTransferCount: rows.filter((r) => r.outcome === 'PENDING_TRANSFER').length,
  updatedCount: rows.filter((r) => r.outcome === 'UPDATED').length,
  unchangedCount: rows.filter((r) => r.outcome === 'UNCHANGED').length,
  errorCount: rows.filter((r) => r.outcome === 'ERROR').length,
  committed,
});

describe('roster import', () => {
  it('makes a UTF-8 template with a BOM, the header row and one made-up example', () => {
    const csv = templateCsv();
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual(['身分證統一編號,姓名,電子郵件,教育階段,職稱', 'E120005006,王小明,teacher@example.edu.tw,國小,導師', '']);
    // The example ID passes the check the server makes.
    expect(nationalIdProblem('E120005006')).toBeNull();
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('labels every outcome and format in both languages', () => {
    expect(IMPORT_OUTCOMES.map((o) => zh(outcomeKey(o)))).toEqual(['新增', '重回本校', '待轉入確認', '更新', '無變更', '錯誤']);
    expect(en(outcomeKey('JOINED'))).toBe('Back at your school');
    expect(en(outcomeKey('PENDING_TRANSFER'))).toBe('Pending transfer');
    expect(zh(formatKey('CSV_UTF8')!)).toBe('CSV（UTF-8）');
    expect(zh(formatKey('CSV_BIG5')!)).toBe('CSV（Big5）');
    expect(zh(formatKey('SPREADSHEET')!)).toBe('試算表');
    expect(formatKey('PDF')).toBeNull();
  });

  it('counts by outcome, lists error rows first, filters them, and allows confirming only without errors', () => {
    const rows = [row(2, 'NEW'), row(3, 'ERROR', [{ column: '教育階段', code: 'INVALID_FORMAT', message: 'x', params: [] }]), row(4, 'UPDATED'), row(5, 'ERROR')];
    const r = report(rows);
    expect(IMPORT_OUTCOMES.map((o) => outcomeCount(r, o))).toEqual([1, 0, 0, 1, 0, 2]);
    expect(orderRows(rows).map((x) => x.line)).toEqual([3, 5, 2, 4]);
    expect(orderRows(rows, true).map((x) => x.line)).toEqual([3, 5]);
    expect(canConfirm(r)).toBe(false);
    expect(canConfirm(report([row(2, 'NEW'), row(3, 'JOINED')]))).toBe(true);
    expect(canConfirm(report([row(2, 'NEW')], true))).toBe(false);
    expect(canConfirm(report([]))).toBe(false);
    expect(canConfirm(null)).toBe(false);
  });

  it('words cell errors in zh-TW, keeping the server sentence in English', () => {
    const checksum = {
      column: '身分證統一編號',
      code: 'INVALID_FORMAT' as const,
      message: "The national ID's check digit does not match; check for a mistyped character.",
      params: [{ name: 'problem', value: 'checksum' }],
    };
    expect(cellErrorText(checksum, zh, 'zh-TW')).toBe(zh('teachers.nationalId.checksum'));
    expect(cellErrorText(checksum, en, 'en')).toBe(checksum.message);
    const format = { ...checksum, message: 'A national ID has a letter, then 1, 2, 8 or 9…', params: [{ name: 'problem', value: 'format' }] };
    expect(cellErrorText(format, zh, 'zh-TW')).toBe(zh('teachers.nationalId.format'));
    const stage = { column: '教育階段', code: 'INVALID_FORMAT' as const, message: '“大學” is not an education stage; use 學前, 國小, 國中, 高中 or 特教.', params: [] };
    expect(cellErrorText(stage, zh, 'zh-TW')).toBe('教育階段請填 學前、國小、國中、高中 或 特教。');
    const dup = { column: '身分證統一編號', code: 'ALREADY_EXISTS' as const, message: 'The same national ID as line 3.', params: [{ name: 'line', value: '3' }] };
    expect(cellErrorText(dup, zh, 'zh-TW')).toBe('與第 3 行的身分證統一編號相同。');
    expect(cellErrorText({ column: '姓名', code: 'REQUIRED', message: 'The name is missing.', params: [] }, zh, 'zh-TW')).toBe('未填姓名。');
    expect(
      cellErrorText({ column: '職稱', code: 'TOO_LONG', message: 'A job title may have at most 50 characters.', params: [{ name: 'max', value: '50' }] }, zh, 'zh-TW'),
    ).toBe('內容過長，最多 50 個字');
    const formula = { column: '姓名', code: 'INVALID_FORMAT' as const, message: 'The cell holds a formula.', params: [{ name: 'problem', value: 'formula' }] };
    expect(cellErrorText(formula, zh, 'zh-TW')).toBe(zh('import.cell.formula'));
    // The sentence alone is not read: without params, the general wording.
    expect(cellErrorText({ ...dup, params: [] }, zh, 'zh-TW')).not.toContain('3');
  });

  it('words file errors from their params, and never shows an unmasked national ID', () => {
    const file = (problem: string, more: Record<string, string> = {}, message = 'An English sentence.') => ({
      field: 'file',
      code: 'INVALID_FORMAT',
      message,
      params: Object.entries({ problem, ...more }).map(([name, value]) => ({ name, value })),
    });
    const headers = file(
      'columns',
      { missing: '身分證統一編號, 姓名', unknown: 'E120005006, 王小明' },
      'The first row must name the columns: 身分證統一編號 and 姓名, optionally 電子郵件, 教育階段, 職稱. Missing: 身分證統一編號, 姓名. Not understood: E120005006, 王小明.',
    );
    const zhText = fileErrorText(headers, zh, 'zh-TW');
    expect(zhText).toContain('缺少：身分證統一編號、姓名。');
    expect(zhText).toContain('無法辨識：E12****006、王小明。');
    expect(zhText).not.toContain('E120005006');
    expect(fileErrorText(headers, en, 'en')).not.toContain('E120005006');
    expect(fileErrorText(file('empty', {}, 'The file has no rows.'), zh, 'zh-TW')).toBe(zh('import.file.empty'));
    expect(fileErrorText(file('encoding'), zh, 'zh-TW')).toBe(zh('import.file.encoding'));
    expect(fileErrorText(file('unreadable'), zh, 'zh-TW')).toBe(zh('import.file.spreadsheet'));
    expect(fileErrorText(file('tooManyRows', { max: '5000' }), zh, 'zh-TW')).toBe('檔案超過 5,000 列，一次最多匯入 5,000 位教師，請分成多個檔案。');
    expect(fileErrorText(file('tooManyRows', { max: '5000' }), en, 'en')).toBe('An English sentence.');
    const limits = file('limits', {}, 'The sheet is wider than 64 columns.');
    expect(fileErrorText(limits, zh, 'zh-TW')).toBe(inputErrorText(limits, zh, 'zh-TW'));
    expect(fileErrorText({ field: 'file', code: LOCAL_ERROR, message: '請先選擇' }, zh, 'zh-TW')).toBe('請先選擇');
    expect(maskIdsIn('a E120005007 and e220005008, not 1E1200050071')).toBe('a E12****007 and E22****008, not 1E1200050071');
  });

  it('builds a GraphQL multipart request with the file variable null and mapped to part 0', async () => {
    const form = multipartBody('mutation M($file: Upload!) { x }', { schoolId: 's', dryRun: true }, 'file', new Blob(['a,b']), 'r.csv');
    expect(JSON.parse(form.get('operations') as string)).toEqual({ query: 'mutation M($file: Upload!) { x }', variables: { schoolId: 's', dryRun: true, file: null } });
    expect(JSON.parse(form.get('map') as string)).toEqual({ '0': ['variables.file'] });
    const part = form.get('0') as File;
    expect(part.name).toBe('r.csv');
    expect(await part.text()).toBe('a,b');
  });
});

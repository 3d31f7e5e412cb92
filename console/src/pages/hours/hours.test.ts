import { describe, expect, it } from 'vitest';
import { HOUR_ENTRY_KINDS, HOURS_OUTCOMES } from '../../api/domain';
import { inputErrorText, LOCAL_ERROR } from '../../api/inputErrors';
import { translator } from '../../i18n/translate';
import {
  canConfirm,
  countMayFitOneGrant,
  csvCell,
  currentPeriod,
  entryKindKey,
  errorColumnKey,
  errorsByEntry,
  fitsOneGrant,
  GRANT_MAX_BODY_BYTES,
  GRANT_MAX_ENTRIES,
  grantAllCount,
  grantBodyBytes,
  grantsInForce,
  hoursErrorText,
  hoursFileErrorText,
  hoursProblemText,
  hoursTemplateCsv,
  hoursTemplateFileName,
  localizeHoursErrors,
  orderRows,
  outcomeCount,
  outcomeKey,
  outcomeValues,
  parseHours,
  parsePeriod,
  periodLabel,
  periodPath,
  periodVariables,
  signedHours,
  splitEntryField,
  yearOptions,
  type HourEntry,
  type HoursPayload,
  type HoursRow,
} from './model';

const zh = translator('zh-TW');
const en = translator('en');

type RowError = HoursRow['errors'][number];
const row = (line: number, outcome: HoursRow['outcome'], errors: (Omit<RowError, 'params'> & Partial<Pick<RowError, 'params'>>)[] = []): HoursRow => ({
  line,
  personalCode: '7KQ2M9XA4B',
  teacherName: `教師${line}`,
  hours: 3,
  previousHours: null,
  outcome,
  errors: errors.map((e) => ({ ...e, params: e.params ?? [] })),
});

const payload = (rows: HoursRow[], committed = false): HoursPayload => ({
  format: 'CSV_UTF8',
  rows,
  newCount: rows.filter((r) => r.outcome === 'NEW').length,
  correctedCount: rows.filter((r) => r.outcome === 'CORRECTED').length,
  unchangedCount: rows.filter((r) => r.outcome === 'UNCHANGED').length,
  errorCount: rows.filter((r) => r.outcome === 'ERROR').length,
  committed,
  errors: [],
});

const entry = (id: string, kind: HourEntry['kind'], code: string, hours: number, over: Partial<HourEntry> = {}): HourEntry => ({
  id,
  kind,
  hours,
  teacherName: '林怡君',
  personalCode: code,
  reason: null,
  issuedByLogin: 'taipei-school',
  issuedAt: '2026-11-28T01:00:00Z',
  revoked: false,
  revokesId: null,
  ...over,
});

describe('the hours template', () => {
  it('lists the admitted teachers with the course hours, UTF-8 with a BOM', () => {
    const csv = hoursTemplateCsv(
      [
        { personalCode: '7KQ2-M9XA-4B', teacherName: '林怡君' },
        { personalCode: null, teacherName: '沒有識別碼' },
        { personalCode: 'abcd efgh jk', teacherName: '王, "小明"' },
      ],
      3.5,
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1).split('\r\n')).toEqual(['個人專用識別碼,姓名,時數', '7KQ2M9XA4B,林怡君,3.5', 'ABCDEFGHJK,"王, ""小明""",3.5', '']);
    expect(hoursTemplateCsv([], 3)).toBe('\uFEFF個人專用識別碼,姓名,時數\r\n');
    expect(hoursTemplateFileName('3500007')).toBe('時數核發-3500007.csv');
    expect(hoursTemplateFileName(null)).toBe('時數核發.csv');
  });

  it('never lets a spreadsheet run a cell as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+886')).toBe("'+886");
    expect(csvCell('@me')).toBe("'@me");
    expect(csvCell('林怡君')).toBe('林怡君');
  });
});

describe('hours as typed', () => {
  it('reads halves, full-width digits and trailing zeros', () => {
    expect(parseHours('3')).toEqual({ hours: 3, problem: null });
    expect(parseHours(' 3.5 ')).toEqual({ hours: 3.5, problem: null });
    expect(parseHours('3.0')).toEqual({ hours: 3, problem: null });
    expect(parseHours('.5')).toEqual({ hours: 0.5, problem: null });
    expect(parseHours('３．５')).toEqual({ hours: 3.5, problem: null });
  });

  it('refuses what the server would', () => {
    expect(parseHours('').problem).toBe('required');
    expect(parseHours('   ').problem).toBe('required');
    expect(parseHours('三').problem).toBe('number');
    expect(parseHours('1e1').problem).toBe('number');
    expect(parseHours('-1').problem).toBe('number');
    expect(parseHours('3.25').problem).toBe('halves');
    expect(parseHours('2.75').problem).toBe('halves');
    expect(parseHours('0').problem).toBe('range');
    expect(parseHours('3.5', 3).problem).toBe('max');
    expect(parseHours('3', 3).problem).toBeNull();
  });

  it('words each problem', () => {
    expect(hoursProblemText('halves', zh)).toBe('時數以半小時為單位，例如 3 或 3.5。');
    expect(hoursProblemText('max', zh, 3)).toBe('時數不可超過本研習的 3 小時。');
    expect(hoursProblemText('max', en, 2.5)).toBe('Not more than the course’s 2.5 hours.');
    expect(hoursProblemText('required', zh)).toBe('請填寫時數。');
  });

  it('signs ledger hours', () => {
    expect(signedHours(3)).toBe('+3');
    expect(signedHours(-2.5)).toBe('−2.5');
  });
});

describe('outcomes and the ledger', () => {
  it('labels every outcome and ledger kind in both languages', () => {
    expect(HOURS_OUTCOMES.map((o) => zh(outcomeKey(o)))).toEqual(['新增', '更正', '不變', '錯誤']);
    expect(HOURS_OUTCOMES.map((o) => en(outcomeKey(o)))).toEqual(['New', 'Corrected', 'Unchanged', 'Error']);
    expect(HOUR_ENTRY_KINDS.map((k) => zh(entryKindKey(k)))).toEqual(['核發', '撤銷']);
  });

  it('counts and words a result', () => {
    const p = payload([row(2, 'NEW'), row(3, 'CORRECTED'), row(4, 'UNCHANGED'), row(5, 'NEW')], true);
    expect(HOURS_OUTCOMES.map((o) => outcomeCount(p, o))).toEqual([2, 1, 1, 0]);
    expect(zh('hours.upload.committed', outcomeValues(p))).toBe('已核發 4 列：新增 2、更正 1、不變 1。');
    expect(zh('hours.granted', outcomeValues(p))).toBe('已核發 4 位：新增 2、更正 1、不變 1。');
  });

  it('puts rows in error first and allows confirming only a clean dry run', () => {
    const bad = row(4, 'ERROR', [{ field: 'hours', code: 'OUT_OF_RANGE', message: 'x' }]);
    const p = payload([row(2, 'NEW'), bad, row(3, 'UNCHANGED')]);
    expect(orderRows(p.rows).map((r) => r.line)).toEqual([4, 2, 3]);
    expect(orderRows(p.rows, true).map((r) => r.line)).toEqual([4]);
    expect(canConfirm(p)).toBe(false);
    expect(canConfirm(payload([row(2, 'NEW')]))).toBe(true);
    expect(canConfirm(payload([row(2, 'NEW')], true))).toBe(false);
    expect(canConfirm(payload([]))).toBe(false);
    expect(canConfirm(null)).toBe(false);
  });

  it('finds the grants in force: not revoked, the correction replacing the grant before it', () => {
    const entries = [
      entry('g1', 'GRANT', '7KQ2M9XA4B', 2.5, { revoked: true }),
      entry('r1', 'REVOCATION', '7KQ2M9XA4B', -2.5, { revokesId: 'g1' }),
      entry('g2', 'GRANT', '7KQ2M9XA4B', 3),
      entry('g3', 'GRANT', 'ABCDEFGHJK', 3),
      entry('r2', 'REVOCATION', 'ABCDEFGHJK', -3, { revokesId: 'g3' }),
      entry('g4', 'GRANT', '0123456789', 1.5),
    ];
    const inForce = grantsInForce(entries);
    expect([...inForce.entries()]).toEqual([
      ['7KQ2M9XA4B', { id: 'g2', hours: 3 }],
      // g3's revocation is in the page even though its `revoked` was read before it.
      ['0123456789', { id: 'g4', hours: 1.5 }],
    ]);
  });
});

describe('one grant request', () => {
  const courseId = '0b6f2c1e-7d2a-4c1b-9a8e-3f5d6c7b8a90';
  const entries = (n: number, reason: string | null = null) =>
    Array.from({ length: n }, (_, i) => ({ personalCode: `7KQ2M9XA${String(i % 100).padStart(2, '0')}`, hours: 2.5, reason }));

  it('measures the body as request sends it, in UTF-8 bytes', () => {
    const one = grantBodyBytes(courseId, entries(1));
    const two = grantBodyBytes(courseId, entries(2));
    const entrySize = two - one;
    expect(entrySize).toBe(JSON.stringify(entries(1)[0]).length + 1);
    // A reason in Chinese counts three bytes a character: "簽退補登" instead of null.
    expect(grantBodyBytes(courseId, entries(1, '簽退補登')) - one).toBe(2 + 3 * 4 - 'null'.length);
  });

  it('fits a few thousand plain entries in one grant, and refuses what the server would not take', () => {
    expect(fitsOneGrant(courseId, entries(1))).toBe(true);
    expect(fitsOneGrant(courseId, entries(3_000))).toBe(true);
    // About 55 bytes an entry: 5,000 are over the server's 256 KiB body.
    expect(grantBodyBytes(courseId, entries(5_000))).toBeGreaterThan(GRANT_MAX_BODY_BYTES);
    expect(fitsOneGrant(courseId, entries(5_000))).toBe(false);
    // Long reasons fill it sooner.
    expect(fitsOneGrant(courseId, entries(300, '更'.repeat(500)))).toBe(false);
    expect(fitsOneGrant(courseId, entries(GRANT_MAX_ENTRIES + 1))).toBe(false);
  });

  it('tells before loading every page whether the count could fit at all', () => {
    expect(countMayFitOneGrant(courseId, 150, 3)).toBe(true);
    expect(countMayFitOneGrant(courseId, 3_000, 3)).toBe(true);
    expect(countMayFitOneGrant(courseId, 6_000, 3)).toBe(false);
    expect(countMayFitOneGrant(courseId, GRANT_MAX_ENTRIES + 1, 3)).toBe(false);
  });

  it('counts every admitted registration for 全部核發, not only the rows loaded', () => {
    // 100 of 250 loaded: the server's total.
    expect(grantAllCount(100, 250, true)).toBe(250);
    // All loaded: exactly the rows that will be sent (even if the total has moved since).
    expect(grantAllCount(250, 250, false)).toBe(250);
    expect(grantAllCount(249, 250, false)).toBe(249);
    // More loaded than the first page's total said (admitted meanwhile), still loading.
    expect(grantAllCount(120, 110, true)).toBe(120);
    expect(grantAllCount(0, 0, false)).toBe(0);
  });
});

describe('where errors go', () => {
  it('splits entry fields', () => {
    expect(splitEntryField('entries[3].hours')).toEqual({ index: 3, field: 'hours' });
    expect(splitEntryField('entries[0].personalCode')).toEqual({ index: 0, field: 'personalCode' });
    expect(splitEntryField('courseId')).toBeNull();
    expect(splitEntryField(null)).toBeNull();
  });

  it('groups a grant answer by entry with plain field names', () => {
    const p = {
      rows: [
        row(0, 'NEW'),
        row(1, 'ERROR', [
          {
            field: 'entries[1].personalCode',
            code: 'CONFLICT',
            message: '陳冠宇 is not admitted to this course; register them first.',
            params: [{ name: 'personalCode', value: '7KQ2M9XA4B' }],
          },
        ]),
        row(2, 'ERROR', [
          { field: 'entries[2].personalCode', code: 'INVALID_FORMAT', message: 'A personal code has 10 letters…' },
          { field: 'entries[2].hours', code: 'OUT_OF_RANGE', message: 'Hours are given in halves (e.g. 3 or 3.5), not 1.25.' },
        ]),
      ],
    };
    const byEntry = errorsByEntry(p);
    expect([...byEntry.keys()]).toEqual([1, 2]);
    expect(byEntry.get(2)?.map((e) => e.field)).toEqual(['personalCode', 'hours']);
    // The values the server named travel with the error, for its wording.
    expect(byEntry.get(1)?.[0]?.params).toEqual([{ name: 'personalCode', value: '7KQ2M9XA4B' }]);
    expect(errorColumnKey('entries[2].hours')).toBe('hours.column.hours');
    expect(errorColumnKey('reason')).toBe('hours.column.reason');
    expect(errorColumnKey('file')).toBeNull();
  });

  it('words the server’s row errors in zh-TW and keeps its sentences in English', () => {
    // The values come from `params`, not from the English sentence.
    const notAdmitted = {
      field: 'entries[1].personalCode',
      code: 'CONFLICT',
      message: 'The personal code 7KQ2M9XA4B is not admitted to this course; register the teacher first.',
      params: [{ name: 'personalCode', value: '7KQ2M9XA4B' }],
    };
    expect(hoursErrorText(notAdmitted, zh, 'zh-TW')).toBe('7KQ2M9XA4B 的教師未錄取本研習，請先完成報名（可用現場報名）。');
    expect(hoursErrorText(notAdmitted, en, 'en')).toBe(notAdmitted.message);
    const p = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));
    const cases: [string, string, string, string, { name: string; value: string }[]?][] = [
      ['personalCode', 'NOT_FOUND', 'No teacher has the personal code 7KQ2M9XA4B.', '查無使用此個人專用識別碼的教師，請核對後再輸入。'],
      ['personalCode', 'INVALID_FORMAT', "The personal code's last symbol does not match the others; …", '個人專用識別碼有字元打錯或前後對調（最後一碼檢查不符），請再核對一次。', p(['problem', 'checksum'])],
      ['personalCode', 'ALREADY_EXISTS', 'The same personal code as line 2.', '與第 2 行的個人專用識別碼相同。', p(['line', '2'])],
      ['personalCode', 'REQUIRED', 'The personal code is missing.', '未填個人專用識別碼。'],
      ['hours', 'OUT_OF_RANGE', 'More than the course allows.', '3.5 小時超過本研習的 3 小時。', p(['hours', '3.5'], ['max', '3'])],
      ['hours', 'OUT_OF_RANGE', 'Hours are given in halves (e.g. 3 or 3.5), not 1.25.', '時數以半小時為單位，例如 3 或 3.5。', p(['problem', 'halves'])],
      ['hours', 'OUT_OF_RANGE', '“abc” is not a number of hours.', '時數須為數字，例如 3 或 3.5。', p(['problem', 'notNumber'])],
      ['hours', 'OUT_OF_RANGE', '0 is not a number of hours a course can grant.', '時數須大於 0。', p(['problem', 'range'])],
      ['hours', 'INVALID_FORMAT', 'The cell holds a formula; type the value itself.', '儲存格是公式，請直接填入值。', p(['problem', 'formula'])],
      ['hours', 'REQUIRED', 'The hours are missing.', '請填寫時數。'],
      ['entries[0].reason', 'REQUIRED', 'Hours are already granted; give a reason.', '已核發 2.5 小時；更正時數須填寫理由。', p(['hours', '2.5'])],
      ['entries[0].reason', 'REQUIRED', 'A reason is required.', '請填寫理由。'],
      ['reason', 'TOO_LONG', 'A reason may have at most 500 characters.', '理由最多 500 個字。'],
      ['courseId', 'CONFLICT', 'The course has not started yet; hours can be granted from 2026/12/12 09:00 (Taipei time).', '研習尚未開始，自 2026/12/12 09:00 起才能核發時數。', p(['from', '2026/12/12 09:00'])],
      ['courseId', 'CONFLICT', 'Hours are granted only for approved courses.', '只有已核准或已辦理的研習才能核發時數。'],
      ['grantId', 'CONFLICT', 'This grant is already revoked.', '這筆時數已經撤銷，請重新整理後再看。'],
      ['grantId', 'NOT_FOUND', 'No such grant.', '找不到這筆時數紀錄，請重新整理後再試。'],
    ];
    for (const [field, code, message, words, params] of cases) {
      expect(hoursErrorText({ field, code, message, params }, zh, 'zh-TW'), `${field} ${code}`).toBe(words);
    }
    // Unknown cases: the code's general wording, then the server's sentence.
    expect(hoursErrorText({ field: 'name', code: 'TOO_LONG', message: 'at most 100 characters', params: [{ name: 'max', value: '100' }] }, zh, 'zh-TW')).toBe(
      '內容過長，最多 100 個字',
    );
    expect(hoursErrorText({ field: 'x', code: 'SOMETHING_NEW', message: 'Server says.' }, zh, 'zh-TW')).toBe('Server says.');
    // Checks made in the browser keep their sentence.
    expect(hoursErrorText({ field: 'hours', code: LOCAL_ERROR, message: '自己的話' }, zh, 'zh-TW')).toBe('自己的話');
    expect(localizeHoursErrors([{ field: 'entries[0].hours', code: 'REQUIRED', message: 'The hours are missing.' }], zh, 'zh-TW')).toEqual([
      { field: 'entries[0].hours', code: LOCAL_ERROR, message: '請填寫時數。' },
    ]);
  });

  it('words problems with the whole file from its params, never from its sentence', () => {
    const file = (problem: string, more: Record<string, string> = {}, message = 'An English sentence.') => ({
      field: 'file',
      code: 'INVALID_FORMAT',
      message,
      params: Object.entries({ problem, ...more }).map(([name, value]) => ({ name, value })),
    });
    const headers = file(
      'columns',
      { missing: '個人專用識別碼, 時數', unknown: '代碼, 小時' },
      'The first row must name the columns: 個人專用識別碼 and 時數, optionally 理由 (needed to correct hours already granted) and 姓名. Missing: 個人專用識別碼, 時數. Not understood: 代碼, 小時.',
    );
    expect(hoursFileErrorText(headers, zh, 'zh-TW')).toBe(
      '第一列須為欄位名稱：個人專用識別碼、時數（必填），理由（更正已核發時數時必填）、姓名（選填）。缺少：個人專用識別碼、時數。無法辨識：代碼、小時。',
    );
    expect(hoursFileErrorText(headers, en, 'en')).toBe(headers.message);
    expect(hoursFileErrorText(file('columns', { unknown: '代碼' }), zh, 'zh-TW')).toBe(`${zh('hours.file.headers')}${zh('import.file.unknown', { columns: '代碼' })}`);
    expect(hoursFileErrorText(file('columns'), zh, 'zh-TW')).toBe(zh('hours.file.headers'));
    expect(hoursFileErrorText(file('empty'), zh, 'zh-TW')).toBe('檔案中沒有任何資料列。');
    expect(hoursFileErrorText(file('tooManyRows', { max: '20000' }), zh, 'zh-TW')).toBe('檔案超過 20,000 列，一次最多上傳 20,000 列，請分成多個檔案。');
    expect(hoursErrorText(file('encoding'), zh, 'zh-TW')).toContain('不是 UTF-8 或 Big5');
    expect(hoursFileErrorText(file('unreadable'), zh, 'zh-TW')).toBe(zh('import.file.spreadsheet'));
    const limits = file('limits', {}, 'The sheet is wider than 64 columns.');
    expect(hoursFileErrorText(limits, zh, 'zh-TW')).toBe(inputErrorText(limits, zh, 'zh-TW'));
    // Without params the sentence is not read: the code's general wording.
    expect(hoursFileErrorText({ field: 'file', code: 'INVALID_FORMAT', message: 'The file has no rows.' }, zh, 'zh-TW')).toBe(inputErrorText({ field: 'file', code: 'INVALID_FORMAT', message: '' }, zh, 'zh-TW'));
  });
});

describe('the teacher’s period', () => {
  // 2026-11-28 in Taipei: school year 115; 2026-07-31 23:30 in Taipei: still 114.
  const november = new Date('2026-11-28T04:00:00Z');
  const lateJuly = new Date('2026-07-31T15:30:00Z');

  it('reads the URL, defaulting to the current school year in Taipei', () => {
    expect(parsePeriod('', november)).toEqual({ kind: 'schoolYear', year: 115 });
    expect(parsePeriod('', lateJuly)).toEqual({ kind: 'schoolYear', year: 114 });
    expect(parsePeriod('?schoolYear=113', november)).toEqual({ kind: 'schoolYear', year: 113 });
    expect(parsePeriod('calendarYear=2025', november)).toEqual({ kind: 'calendarYear', year: 2025 });
    expect(parsePeriod('?schoolYear=abc', november)).toEqual({ kind: 'schoolYear', year: 115 });
    expect(parsePeriod('?calendarYear=99999', november)).toEqual({ kind: 'schoolYear', year: 115 });
    expect(currentPeriod('calendarYear', new Date('2026-12-31T17:00:00Z'))).toEqual({ kind: 'calendarYear', year: 2027 });
  });

  it('asks for exactly one year and keeps it in the path', () => {
    expect(periodVariables({ kind: 'schoolYear', year: 115 })).toEqual({ schoolYear: 115, calendarYear: null });
    expect(periodVariables({ kind: 'calendarYear', year: 2026 })).toEqual({ schoolYear: null, calendarYear: 2026 });
    expect(periodPath({ kind: 'schoolYear', year: 115 })).toBe('/my/hours?schoolYear=115');
    expect(periodPath({ kind: 'calendarYear', year: 2026 })).toBe('/my/hours?calendarYear=2026');
  });

  it('offers the last ten years, and an older chosen one', () => {
    expect(yearOptions({ kind: 'schoolYear', year: 115 }, november)).toEqual([115, 114, 113, 112, 111, 110, 109, 108, 107, 106]);
    expect(yearOptions({ kind: 'calendarYear', year: 2001 }, november).slice(-2)).toEqual([2017, 2001]);
    expect(periodLabel({ kind: 'schoolYear', year: 115 }, zh)).toBe('115 學年度');
    expect(periodLabel({ kind: 'calendarYear', year: 2026 }, zh)).toBe('2026 年');
    expect(periodLabel({ kind: 'schoolYear', year: 115 }, en)).toBe('School year 115');
  });
});

import { describe, expect, it } from 'vitest';
import { NO_PERMISSIONS, type Me, type ViewerPermissions } from '../../api/session';
import type { OrgUnitKind } from '../../gql/graphql';
import { translator } from '../../i18n/translate';
import { unitCan } from '../../test-fixtures';
import { countyReportOwnUnits, exchangeUnits, readsAnyCountyReport, statisticsUnits, usesCountyReport, usesDataExchange, usesStatistics } from './access';
import {
  allSuppressed,
  axisTicks,
  cellView,
  chartModel,
  checkDecision,
  checkExchangeDraft,
  checkStatisticsDraft,
  courseDays,
  decisionErrorText,
  dimensionsText,
  downloadsExpired,
  emptyExchangeDraft,
  emptyStatisticsDraft,
  exchangeErrorText,
  isRunning,
  niceStep,
  orderDownloads,
  parseK,
  parseThresholdHours,
  periodInput,
  periodText,
  progressPercent,
  rowLabel,
  setDimension,
  sortCounties,
  specLines,
  statisticsErrorText,
  statisticsFormField,
  statisticsInput,
  transitionActor,
  transitionText,
  type StatisticsResult,
  type StatisticsSpec,
} from './model';

const t = translator('zh-TW');
const en = translator('en');
const LOCAL = 'LOCAL';

const spec = (over: Partial<StatisticsSpec> = {}): StatisticsSpec => ({
  period: { schoolYear: 115, calendarYear: null, from: null, to: null },
  counties: [],
  stages: [],
  tags: [],
  organizerIds: [],
  dimensions: ['COUNTY'],
  measures: ['TEACHERS', 'HOURS'],
  threshold: null,
  ...over,
});

const TAGS = [
  { code: 'counselling', name: '輔導知能', nameEn: 'Counselling' },
  { code: 'digital_learning', name: '數位學習', nameEn: 'Digital learning' },
];

/** The demo's result: 臺北市 with two teachers, so every value is suppressed. */
const suppressedResult: StatisticsResult = {
  columns: [
    { key: 'county', label: '縣市', kind: 'DIMENSION' },
    { key: 'teachers', label: '研習教師數（人）', kind: 'MEASURE' },
    { key: 'hours', label: '核發時數（小時）', kind: 'MEASURE' },
  ],
  rows: [
    { cells: ['臺北市', null, null], total: false },
    { cells: ['合計', null, null], total: true },
  ],
  suppressed: 4,
  k: 3,
};

/** Two dimensions: county × stage, some values published. */
const twoWay: StatisticsResult = {
  columns: [
    { key: 'county', label: '縣市', kind: 'DIMENSION' },
    { key: 'stage', label: '教育階段', kind: 'DIMENSION' },
    { key: 'teachers', label: '研習教師數（人）', kind: 'MEASURE' },
    { key: 'hours', label: '核發時數（小時）', kind: 'MEASURE' },
  ],
  rows: [
    { cells: ['臺北市', '國民小學', '12', '40.5'], total: false },
    { cells: ['臺北市', '國民中學', null, null], total: false },
    { cells: ['臺北市', '合計', '14', '47'], total: true },
    { cells: ['臺南市', '國民小學', '0', '0'], total: false },
    { cells: ['臺南市', '合計', '5', '9'], total: true },
    { cells: ['合計', '國民小學', '17', '49.5'], total: true },
    { cells: ['合計', '合計', '19', '56'], total: true },
  ],
  suppressed: 2,
  k: 3,
};

describe('statuses and progress', () => {
  it('follows only approved requests, whose job runs, and words progress as a whole percentage', () => {
    expect(isRunning('APPROVED')).toBe(true);
    for (const s of ['SUBMITTED', 'REJECTED', 'COMPLETED', 'FAILED'] as const) expect(isRunning(s)).toBe(false);
    expect(progressPercent(0.4)).toBe(40);
    expect(progressPercent(0.126)).toBe(13);
    expect(progressPercent(1.7)).toBe(100);
    expect(progressPercent(-1)).toBe(0);
    expect(progressPercent(Number.NaN)).toBe(0);
  });

  it('words the steps, the first as the submission and the job without a login', () => {
    expect(transitionText({ fromStatus: null, toStatus: 'SUBMITTED' }, t)).toBe('送出申請');
    expect(transitionText({ fromStatus: 'SUBMITTED', toStatus: 'APPROVED' }, t)).toBe('待審核 → 已核准，處理中');
    expect(transitionText({ fromStatus: 'APPROVED', toStatus: 'COMPLETED' }, t)).toBe('已核准，處理中 → 已完成');
    expect(transitionActor({ actorLogin: null }, t)).toBe('系統（背景作業）');
    expect(transitionActor({ actorLogin: 'commissioner' }, t)).toBe('commissioner');
  });
});

describe('the specification in words', () => {
  it('words the three kinds of period', () => {
    expect(periodText({ schoolYear: 115, calendarYear: null, from: null, to: null }, t, 'zh-TW')).toBe('115 學年度');
    expect(periodText({ schoolYear: null, calendarYear: 2026, from: null, to: null }, t, 'zh-TW')).toBe('2026 年');
    expect(periodText({ schoolYear: null, calendarYear: null, from: '2026-09-01', to: '2026-11-30' }, t, 'zh-TW')).toBe('2026/09/01 至 2026/11/30');
    expect(periodText({ schoolYear: null, calendarYear: null, from: '2026-09-01', to: '2026-11-30' }, en, 'en')).toBe('1 Sept 2026 to 30 Nov 2026');
  });

  it('says 全部 for empty filters and names the grouping, the last dimension as the columns', () => {
    const lines = specLines(spec(), TAGS, t, 'zh-TW');
    expect(lines.map((l) => [l.label, l.value])).toEqual([
      ['統計期間', '115 學年度'],
      ['縣市', '全部（申請單位轄區內）'],
      ['教育階段', '全部'],
      ['研習屬性', '全部'],
      ['分組方式', '縣市（欄）'],
      ['統計項目', '研習教師數（人）、核發時數（小時）'],
    ]);
    expect(dimensionsText([], t)).toBe('不分組（只有總計）');
    expect(dimensionsText(['COUNTY', 'STAGE', 'MONTH'], t)).toBe('縣市 → 教育階段 → 月份（欄）');
  });

  it('lists the filters in official order with their names, the organizers counted and the threshold', () => {
    const lines = specLines(
      spec({
        counties: ['67000', '63000', '09007'],
        stages: ['ELEMENTARY', 'SPECIAL_EDUCATION'],
        tags: ['counselling', 'unknown_tag'],
        organizerIds: ['a', 'b'],
        measures: ['TEACHERS_MEETING_THRESHOLD'],
        threshold: { tag: 'digital_learning', hours: 3.5 },
      }),
      TAGS,
      t,
      'zh-TW',
    );
    const value = (key: string) => lines.find((l) => l.key === key)?.value;
    expect(value('counties')).toBe('臺北市、臺南市、連江縣');
    expect(value('stages')).toBe('國民小學、特殊教育');
    expect(value('tags')).toBe('輔導知能、unknown_tag');
    expect(value('organizers')).toBe('指定 2 個開課單位');
    expect(value('measures')).toBe('時數達 3.5 小時的教師數（人）');
    expect(value('threshold')).toBe('3.5 小時（數位學習）');
    const english = specLines(spec({ counties: ['63000'], threshold: { tag: null, hours: 18 }, measures: ['TEACHERS_MEETING_THRESHOLD'] }), TAGS, en, 'en');
    expect(english.find((l) => l.key === 'counties')?.value).toBe('Taipei City');
    expect(english.find((l) => l.key === 'threshold')?.value).toBe('18 hours (All hours)');
  });

  it('sorts counties as the Ministry lists them, unknown codes last, without repeats', () => {
    expect(sortCounties(['09007', '10002', '63000', '99999', '63000', '65000'])).toEqual(['63000', '65000', '10002', '09007', '99999']);
  });
});

describe('the request form', () => {
  const today = '2026-11-28';

  it('starts with the current school year by county, teachers and hours', () => {
    const d = emptyStatisticsDraft('u1', today);
    expect(d.schoolYear).toBe(115);
    expect(d.calendarYear).toBe(2026);
    expect(d.from).toBe('2026-08-01');
    expect(d.dimensions).toEqual(['COUNTY']);
    expect(d.measures).toEqual(['TEACHERS', 'HOURS']);
    // In July the school year is still the one before.
    expect(emptyStatisticsDraft('u1', '2027-07-31').schoolYear).toBe(115);
  });

  it('keeps the dimensions ordered without gaps', () => {
    expect(setDimension(['COUNTY'], 1, 'STAGE')).toEqual(['COUNTY', 'STAGE']);
    expect(setDimension(['COUNTY', 'STAGE', 'MONTH'], 1, 'TAG')).toEqual(['COUNTY', 'TAG', 'MONTH']);
    // Clearing one drops every one after it.
    expect(setDimension(['COUNTY', 'STAGE', 'MONTH'], 1, '')).toEqual(['COUNTY']);
    expect(setDimension(['COUNTY', 'STAGE'], 0, '')).toEqual([]);
    expect(setDimension(['COUNTY', 'STAGE', 'MONTH'], 2, 'SCHOOL')).toEqual(['COUNTY', 'STAGE', 'SCHOOL']);
  });

  it('reads threshold hours in halves, above 0 and up to 1000', () => {
    expect(parseThresholdHours('18')).toBe(18);
    expect(parseThresholdHours(' 3.5 ')).toBe(3.5);
    expect(parseThresholdHours('2.75')).toBeNull();
    expect(parseThresholdHours('0')).toBeNull();
    expect(parseThresholdHours('1000.5')).toBeNull();
    expect(parseThresholdHours('-3')).toBeNull();
    expect(parseThresholdHours('三')).toBeNull();
  });

  it('sends exactly one kind of period', () => {
    const d = emptyStatisticsDraft('u1', today);
    expect(periodInput(d)).toEqual({ schoolYear: 115 });
    expect(periodInput({ ...d, periodKind: 'calendarYear' })).toEqual({ calendarYear: 2026 });
    expect(periodInput({ ...d, periodKind: 'dates', from: '2026-09-01', to: '' })).toEqual({ from: '2026-09-01', to: null });
  });

  it('makes the input: counties in official order, measures in the offered order, a threshold only with its measure', () => {
    const d = {
      ...emptyStatisticsDraft('u1', today),
      purpose: '  立法院質詢  ',
      purposeCategory: 'LEGISLATIVE_QUESTION' as const,
      counties: ['67000', '63000'],
      measures: ['HOURS', 'TEACHERS'] as ('HOURS' | 'TEACHERS')[],
    };
    expect(statisticsInput(d)).toEqual({
      unitId: 'u1',
      purpose: '立法院質詢',
      purposeCategory: 'LEGISLATIVE_QUESTION',
      period: { schoolYear: 115 },
      counties: ['63000', '67000'],
      stages: [],
      tags: [],
      organizerIds: [],
      dimensions: ['COUNTY'],
      measures: ['TEACHERS', 'HOURS'],
      threshold: null,
    });
    const withThreshold = statisticsInput({ ...d, measures: ['TEACHERS_MEETING_THRESHOLD'], thresholdHours: '3.5', thresholdTag: 'counselling' });
    expect(withThreshold.threshold).toEqual({ hours: 3.5, tag: 'counselling' });
    expect(statisticsInput({ ...d, measures: ['TEACHERS_MEETING_THRESHOLD'], thresholdTag: '' }).threshold).toEqual({ hours: 18, tag: null });
  });

  it('checks blanks, dates, measures and the threshold before sending', () => {
    const d = emptyStatisticsDraft('u1', today);
    const fields = (draft: typeof d) => checkStatisticsDraft(draft, t).map((e) => [e.field, e.message]);
    expect(fields({ ...d, measures: [] })).toEqual([
      ['purpose', '請說明申請目的'],
      ['purposeCategory', '請選擇申請目的類別'],
      ['measures', '請至少勾選一個統計項目'],
    ]);
    const ok = { ...d, purpose: '質詢', purposeCategory: 'OTHER' as const };
    expect(fields(ok)).toEqual([]);
    expect(fields({ ...ok, periodKind: 'dates', from: '2026-11-01', to: '2026-10-01' })).toEqual([['period', '起日不能晚於迄日']]);
    expect(fields({ ...ok, periodKind: 'dates', from: '', to: '2026-10-01' })).toEqual([['period', '請填寫起日與迄日']]);
    expect(fields({ ...ok, measures: ['TEACHERS_MEETING_THRESHOLD'], thresholdHours: '2.75' })).toEqual([['threshold.hours', '門檻時數以半小時為單位，須大於 0 且不超過 1000']]);
    expect(checkStatisticsDraft({ ...ok, purpose: ' ' }, t).every((e) => e.code === LOCAL)).toBe(true);
  });

  it('puts each server error beside its field: list items by their list, a dimension by its select', () => {
    expect(statisticsFormField('counties[3]')).toBe('counties');
    expect(statisticsFormField('tags[0]')).toBe('tags');
    expect(statisticsFormField('measures[1]')).toBe('measures');
    expect(statisticsFormField('dimensions[1]')).toBe('dimensions[1]');
    expect(statisticsFormField('dimensions')).toBe('dimensions');
    expect(statisticsFormField('threshold.hours')).toBe('threshold.hours');
    expect(statisticsFormField('period')).toBe('period');
    // Organizers are not in the form: the top of it.
    expect(statisticsFormField('organizerIds[0]')).toBeNull();
    expect(statisticsFormField(null)).toBeNull();
  });

  it('words the server’s errors in zh-TW (English keeps its sentence)', () => {
    const w = (field: string, code: string, message: string, params: Record<string, string> = {}) =>
      statisticsErrorText({ field, code, message, params: Object.entries(params).map(([name, value]) => ({ name, value })) }, t, 'zh-TW');
    // A period's problem is read from its `problem` param, never from the sentence.
    expect(w('period', 'OUT_OF_RANGE', 'A period of dates spans at most ten years.', { problem: 'tooLong' })).toBe('期間最長十年');
    expect(w('period', 'OUT_OF_RANGE', 'The period is reversed: 2026-11-01 is after 2026-10-01.', { problem: 'reversed' })).toBe('起日不能晚於迄日');
    expect(w('period', 'OUT_OF_RANGE', '99 is not a school year; school years are ROC years such as 115.', { problem: 'schoolYear' })).toBe('請選擇民國學年度，例如 115');
    expect(w('period', 'OUT_OF_RANGE', 'x', { problem: 'calendarYear' })).toBe(t('stats.error.calendarYear'));
    expect(w('period', 'REQUIRED', 'x', { problem: 'incomplete' })).toBe(t('stats.error.periodDates'));
    expect(w('period', 'OUT_OF_RANGE', 'The period is reversed.')).toBe(t('stats.error.period'));
    expect(w('purpose', 'TOO_LONG', 'The purpose is at most 2000 characters.', { max: '2000' })).toBe('內容過長，最多 2000 個字');
    expect(w('counties[1]', 'OUT_OF_RANGE', 'Outside the jurisdiction.', { county: '臺南市', own: '臺北市' })).toBe('臺南市不在申請單位的轄區（臺北市）內');
    expect(w('counties[0]', 'NOT_FOUND', 'Not a county code.', { code: '12345' })).toBe('沒有這個縣市代碼：12345');
    expect(w('dimensions[1]', 'ALREADY_EXISTS', '縣市 is already a dimension.')).toBe('這個分組已經選過了');
    expect(w('dimensions', 'OUT_OF_RANGE', 'Group by at most 3 dimensions.')).toBe('分組最多 3 個');
    expect(w('measures', 'REQUIRED', 'Choose at least one measure.')).toBe('請至少勾選一個統計項目');
    expect(w('threshold', 'REQUIRED', 'TEACHERS_MEETING_THRESHOLD needs a threshold')).toBe('統計「時數達門檻的教師數」時，請填寫門檻時數');
    expect(w('threshold.hours', 'OUT_OF_RANGE', 'The threshold is in half hours')).toBe('門檻時數以半小時為單位，須大於 0 且不超過 1000');
    expect(w('threshold.tag', 'NOT_FOUND', 'x is not a course tag.')).toBe('沒有這個研習屬性，請重新選擇');
    expect(w('unitId', 'INVALID_PLACEMENT', '某國小 cannot request statistics')).toContain('此單位不能申請統計數據');
    expect(statisticsErrorText({ field: 'period', code: 'OUT_OF_RANGE', message: 'A period of dates spans at most ten years.' }, en, 'en')).toBe('A period of dates spans at most ten years.');
  });
});

describe('decisions', () => {
  it('reads k as a whole number from 3 to 100', () => {
    expect(parseK('3')).toBe(3);
    expect(parseK(' 10 ')).toBe(10);
    expect(parseK('2')).toBeNull();
    expect(parseK('101')).toBeNull();
    expect(parseK('3.5')).toBeNull();
    expect(parseK('')).toBeNull();
  });

  it('needs a reason to reject and k in range to approve', () => {
    expect(checkDecision(false, '  ', '3', t).map((e) => [e.field, e.message])).toEqual([['reason', '不予核准時，請填寫理由（申請人會看到）']]);
    expect(checkDecision(false, '資料不足', '3', t)).toEqual([]);
    expect(checkDecision(true, '', '2', t).map((e) => e.field)).toEqual(['k']);
    expect(checkDecision(true, '', '3', t)).toEqual([]);
    // A data exchange has no k.
    expect(checkDecision(true, '', null, t)).toEqual([]);
  });

  it('words the server’s refusals', () => {
    expect(decisionErrorText({ field: null, code: 'OWN_APPLICATION', message: 'You cannot decide your own application' }, t, 'zh-TW')).toBe('不能審核自己的申請，須由其他委辦單位承辦人審核');
    expect(decisionErrorText({ field: null, code: 'CONFLICT', message: 'This application has already been decided.' }, t, 'zh-TW')).toBe('這件申請已經審核過了，請重新整理頁面');
    expect(decisionErrorText({ field: 'reason', code: 'REQUIRED', message: 'Rejecting needs a reason' }, t, 'zh-TW')).toBe('不予核准時，請填寫理由（申請人會看到）');
    expect(decisionErrorText({ field: 'k', code: 'OUT_OF_RANGE', message: 'k must be at least 3' }, t, 'zh-TW')).toBe('k 須為 3 至 100 的整數');
  });
});

describe('the result', () => {
  it('shows a null measure as suppressed, never as 0, and a published 0 as 0', () => {
    const measure = { kind: 'MEASURE' as const };
    expect(cellView(null, measure)).toEqual({ kind: 'suppressed' });
    expect(cellView(undefined, measure)).toEqual({ kind: 'suppressed' });
    expect(cellView('0', measure)).toEqual({ kind: 'value', text: '0', value: 0 });
    expect(cellView('40.5', measure)).toEqual({ kind: 'value', text: '40.5', value: 40.5 });
    expect(cellView('臺北市', { kind: 'DIMENSION' })).toEqual({ kind: 'dimension', text: '臺北市' });
    expect(cellView(null, { kind: 'DIMENSION' })).toEqual({ kind: 'dimension', text: '' });
  });

  it('labels rows by their dimension cells and tells a fully suppressed table', () => {
    expect(rowLabel(twoWay, twoWay.rows[0] ?? { cells: [] })).toBe('臺北市 · 國民小學');
    expect(rowLabel(suppressedResult, suppressedResult.rows[0] ?? { cells: [] })).toBe('臺北市');
    expect(allSuppressed(suppressedResult)).toBe(true);
    expect(allSuppressed(twoWay)).toBe(false);
  });
});

describe('the bar chart', () => {
  it('steps by 1, 2 or 5 × 10ⁿ, whole steps for counts', () => {
    expect(niceStep(0.75)).toBe(1);
    expect(niceStep(3.4)).toBe(5);
    expect(niceStep(34)).toBe(50);
    expect(niceStep(1.5)).toBe(2);
    expect(niceStep(0)).toBe(1);
    expect(axisTicks(3, true)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(137, true)).toEqual([0, 50, 100, 150]);
    expect(axisTicks(12, true)).toEqual([0, 5, 10, 15]);
    expect(axisTicks(1.5, false)).toEqual([0, 0.5, 1, 1.5]);
    expect(axisTicks(0, true)).toEqual([0, 1]);
  });

  it('draws the first measure by row, totals left out, suppressed rows as hatched stubs (not zero bars)', () => {
    const model = chartModel(twoWay, 664);
    expect(model).not.toBeNull();
    if (!model) return;
    expect(model.measure).toBe('研習教師數（人）');
    expect(model.bars.map((b) => [b.label, b.value, b.text])).toEqual([
      ['臺北市 · 國民小學', 12, '12'],
      ['臺北市 · 國民中學', null, '＊'],
      ['臺南市 · 國民小學', 0, '0'],
    ]);
    // Scaled to the axis (0 … 15) over the plot's width (664 − 64 for the values).
    expect(model.plotWidth).toBe(600);
    expect(model.ticks.map((x) => x.value)).toEqual([0, 5, 10, 15]);
    expect(model.bars[0]?.length).toBeCloseTo(480);
    expect(model.bars[1]?.length).toBe(0);
    expect(model.bars[2]?.length).toBe(0);
    expect(model.bars.map((b) => b.y)).toEqual([0, 46, 92]);
    expect(model.height).toBe(3 * 46 + 26);
    expect(model.allSuppressed).toBe(false);
    expect(model.omitted).toBe(0);
  });

  it('keeps a fully suppressed table’s rows in place, says so, and leaves out what does not fit', () => {
    const model = chartModel(suppressedResult, 320);
    expect(model?.bars.map((b) => [b.label, b.value])).toEqual([['臺北市', null]]);
    expect(model?.allSuppressed).toBe(true);
    expect(model?.width).toBe(320);
    // A narrow box still gets a usable chart.
    expect(chartModel(suppressedResult, 100)?.width).toBe(240);
    const many: StatisticsResult = {
      ...twoWay,
      rows: Array.from({ length: 45 }, (_, i) => ({ cells: [`縣市${i}`, '國民小學', String(i), '1'], total: false })),
    };
    const cut = chartModel(many, 640, 30);
    expect(cut?.bars).toHaveLength(30);
    expect(cut?.omitted).toBe(15);
    // Totals only (no dimension): nothing to draw; no measure: nothing either.
    expect(chartModel({ columns: [{ key: 'teachers', label: 'x', kind: 'MEASURE' }], rows: [{ cells: ['9'], total: true }] }, 640)).toBeNull();
    expect(chartModel({ columns: [{ key: 'county', label: 'x', kind: 'DIMENSION' }], rows: [{ cells: ['臺北市'], total: false }] }, 640)).toBeNull();
  });
});

describe('downloads', () => {
  it('orders CSV, XLSX, ODS and tells expired files', () => {
    const d = (format: 'CSV' | 'XLSX' | 'ODS') => ({ format, url: `/x.${format}`, expiresAt: null });
    expect(orderDownloads([d('ODS'), d('CSV'), d('XLSX')]).map((x) => x.format)).toEqual(['CSV', 'XLSX', 'ODS']);
    const now = new Date('2026-11-28T12:00:00Z');
    expect(downloadsExpired('COMPLETED', [d('CSV')], '2026-12-05T12:00:00Z', now)).toBe(false);
    expect(downloadsExpired('COMPLETED', [d('CSV')], '2026-11-28T11:59:00Z', now)).toBe(true);
    // The server lists no files once they expired.
    expect(downloadsExpired('COMPLETED', [], '2026-11-20T00:00:00Z', now)).toBe(true);
    expect(downloadsExpired('APPROVED', [], null, now)).toBe(false);
  });
});

describe('data exchange', () => {
  const today = '2026-11-28';

  it('starts with the school year so far, valid for 90 days', () => {
    expect(emptyExchangeDraft('u', today)).toEqual({ unitId: 'u', purpose: '', periodFrom: '2026-08-01', periodTo: today, validUntil: '2027-02-26' });
  });

  it('checks the purpose, the period’s order and the validity (today … a year) before sending', () => {
    const d = { ...emptyExchangeDraft('u', today), purpose: '彙整' };
    const fields = (x: typeof d) => checkExchangeDraft(x, today, t).map((e) => [e.field, e.message]);
    expect(fields(d)).toEqual([]);
    expect(fields({ ...d, purpose: ' ' })).toEqual([['purpose', '請說明申請目的']]);
    expect(fields({ ...d, periodFrom: '2026-11-29' })).toEqual([['periodTo', '迄日不能早於起日']]);
    expect(fields({ ...d, validUntil: '2026-11-27' })).toEqual([['validUntil', '使用期限不能早於今天']]);
    expect(fields({ ...d, validUntil: today })).toEqual([]);
    expect(fields({ ...d, validUntil: '2027-11-30' })).toEqual([['validUntil', '使用期限最長一年']]);
    expect(fields({ ...d, periodTo: '' })).toEqual([['periodTo', '請選擇日期']]);
  });

  it('words the server’s errors, naming a unit that governs no schools', () => {
    expect(
      exchangeErrorText(
        {
          field: 'unitId',
          code: 'INVALID_PLACEMENT',
          message: 'The unit governs no schools.',
          params: [{ name: 'unit', value: '教育部師資培育及藝術教育司' }],
        },
        t,
        'zh-TW',
      ),
    ).toBe('教育部師資培育及藝術教育司 不轄管學校：資訊傳報限縣市政府教育局與國教署各組申請');
    const problem = (field: string, value: string, message = 'An English sentence.') =>
      exchangeErrorText({ field, code: 'OUT_OF_RANGE', message, params: [{ name: 'problem', value }] }, t, 'zh-TW');
    expect(problem('periodTo', 'reversed', 'The period is reversed: 2026-11-29 is after 2026-11-28.')).toBe('迄日不能早於起日');
    expect(problem('periodTo', 'tooLong')).toBe(t('stats.error.periodTooLong'));
    expect(problem('validUntil', 'past', 'The validity ends in the past (2026-11-27).')).toBe('使用期限不能早於今天');
    expect(problem('validUntil', 'tooLong', 'Records are released for at most a year.')).toBe('使用期限最長一年');
    // Without the param the sentence is not read.
    expect(exchangeErrorText({ field: 'validUntil', code: 'OUT_OF_RANGE', message: 'The validity ends in the past.' }, t, 'zh-TW')).not.toBe('使用期限不能早於今天');
    expect(exchangeErrorText({ field: 'purpose', code: 'REQUIRED', message: 'The purpose is required.' }, t, 'zh-TW')).toBe('請說明申請目的');
  });

  it('writes a course’s days as one day or a range', () => {
    expect(courseDays('2026-11-14', '2026-11-14', 'zh-TW')).toBe('2026/11/14');
    expect(courseDays('2026-11-14', '2026-11-15', 'zh-TW')).toBe('2026/11/14–2026/11/15');
  });
});

describe('who may do what', () => {
  const unit = (id: string, kind: OrgUnitKind) => ({
    id,
    code: id,
    name: id,
    kind,
    viewerCan: unitCan({ readContacts: true }),
  });
  const me = (roles: Me['roles']): Me => ({ id: 'me', login: 'x', displayName: 'X', email: null, roles });
  const tepd = me([{ role: 'DIVISION_ADMIN', grantedAt: '', unit: unit('MOE-TEPD', 'MINISTRY_DIVISION') }]);
  const taipei = me([
    { role: 'COUNTY_ADMIN', grantedAt: '', unit: unit('63000', 'COUNTY_BUREAU') },
    { role: 'SCHOOL_ADMIN', grantedAt: '', unit: unit('D633101', 'SCHOOL') },
  ]);
  const commissioner = me([{ role: 'COMMISSIONER', grantedAt: '', unit: unit('MOE-TEPD', 'MINISTRY_DIVISION') }]);
  const operator = me([{ role: 'OPERATOR', grantedAt: '', unit: unit('NKNU-OPS', 'OPERATIONS_TEAM') }]);

  it('offers the units of the requesting roles, of the kinds that have a jurisdiction', () => {
    expect(statisticsUnits(tepd).map((u) => u.code)).toEqual(['MOE-TEPD']);
    expect(statisticsUnits(taipei).map((u) => u.code)).toEqual(['63000']);
    expect(statisticsUnits(commissioner)).toEqual([]);
  });

  it('offers only the units of the applying roles that govern schools for data exchange', () => {
    expect(exchangeUnits(tepd)).toEqual([]);
    expect(exchangeUnits(taipei).map((u) => u.code)).toEqual(['63000']);
    const k12 = me([{ role: 'DIVISION_ADMIN', grantedAt: '', unit: unit('K12EA-HS', 'K12_DIVISION') }]);
    expect(exchangeUnits(k12).map((u) => u.code)).toEqual(['K12EA-HS']);
    expect(exchangeUnits(commissioner)).toEqual([]);
  });

  it('shows statistics and data exchange from the server’s flags', () => {
    const flags = (over: Partial<ViewerPermissions>): ViewerPermissions => ({ ...NO_PERMISSIONS, ...over });
    expect(usesStatistics(flags({ requestStatistics: true }))).toBe(true);
    expect(usesStatistics(flags({ decideStatistics: true }))).toBe(true);
    expect(usesStatistics(flags({ readCountyReports: true, applyDataExchange: true, decideDataExchange: true }))).toBe(false);
    expect(usesStatistics(NO_PERMISSIONS)).toBe(false);
    expect(usesDataExchange(flags({ applyDataExchange: true }))).toBe(true);
    expect(usesDataExchange(flags({ decideDataExchange: true }))).toBe(true);
    expect(usesDataExchange(flags({ requestStatistics: true, decideStatistics: true, readCountyReports: true }))).toBe(false);
  });

  it('reads county reports of governing units, and anywhere for operators and the commissioner', () => {
    expect(countyReportOwnUnits(taipei).map((u) => u.code)).toEqual(['63000']);
    expect(countyReportOwnUnits(tepd)).toEqual([]);
    expect(usesCountyReport(tepd)).toBe(false);
    expect(readsAnyCountyReport(operator)).toBe(true);
    expect(readsAnyCountyReport(commissioner)).toBe(true);
    expect(readsAnyCountyReport(taipei)).toBe(false);
    expect(usesCountyReport(taipei)).toBe(true);
  });
});

// Pure helpers of statistics requests (統計數據申請), data exchange (資訊傳報) and the county
// report (研習課程報表), unit-tested in statistics.test.ts: statuses and progress, the
// specification in words, the request and application inputs from their forms with the
// checks made before sending, where each server error goes and its wording, the result's
// cells (a null measure is suppressed, never 0), the bar chart's scale and layout, the
// downloads. Who may do what is in access.ts (used by the menu, outside this chunk).
import { COUNTIES, DOWNLOAD_FORMATS, MEASURES } from '../../api/domain';
import { errorParam, inputErrorText, LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import type {
  ApplicationStatus,
  ApplicationTransitionFieldsFragment,
  Dimension,
  DownloadFieldsFragment,
  DownloadFormat,
  EducationStage,
  Measure,
  PurposeCategory,
  StatisticsRequestDetailFragment,
  StatisticsRequestInput,
  DataExchangeInput,
} from '../../gql/graphql';
import { formatDate } from '../../i18n/format';
import type { Locale, Translate } from '../../i18n/translate';
import { formatHours } from '../courses/model';
import { addDays, currentSchoolYear, schoolYearRange } from '../roster/schoolYear';

export type StatisticsDetail = StatisticsRequestDetailFragment;
export type StatisticsSpec = StatisticsDetail['spec'];
export type StatisticsResult = NonNullable<StatisticsDetail['result']>;
export type PeriodSpec = StatisticsSpec['period'];
export type Transition = ApplicationTransitionFieldsFragment;
export type Download = DownloadFieldsFragment;

/** A tag's names, for the spec in words and the threshold. */
export interface TagName {
  code: string;
  name: string;
  nameEn: string;
}

/* ---------- Statuses and progress ---------- */

export const APPLICATION_BADGE: Record<ApplicationStatus, string> = {
  SUBMITTED: '',
  APPROVED: 'badge-warning',
  REJECTED: 'badge-danger',
  COMPLETED: 'badge-success',
  FAILED: 'badge-danger',
};

/** Whether the job is queued or running, so the page follows its progress. */
export function isRunning(status: ApplicationStatus): boolean {
  return status === 'APPROVED';
}

/** 0 … 1 as a whole percentage (clamped). */
export function progressPercent(progress: number): number {
  if (!Number.isFinite(progress)) return 0;
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/** How often a running request is asked for again, in milliseconds. */
export const POLL_INTERVAL_MS = 2000;

/** The join of a list in the user's language: 、 in Chinese, a comma in English. */
export function joinList(items: readonly string[], locale: Locale): string {
  return items.join(locale === 'zh-TW' ? '、' : ', ');
}

/** A Taipei calendar day (YYYY-MM-DD) as the console writes days (2026/11/28). */
export function dayText(day: string, locale: Locale): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(`${day}T12:00:00+08:00`, locale) : day;
}

/* ---------- The specification in words ---------- */

/** 115 學年度, 2026 年, or 2026/09/01 至 2026/11/30. */
export function periodText(period: PeriodSpec, t: Translate, locale: Locale): string {
  if (period.schoolYear != null) return t('myHours.schoolYearValue', { year: period.schoolYear });
  if (period.calendarYear != null) return t('myHours.calendarYearValue', { year: period.calendarYear });
  if (period.from && period.to) return t('stats.period.datesValue', { from: dayText(period.from, locale), to: dayText(period.to, locale) });
  return t('common.none');
}

/** A county's name by MOI code (the code itself when unknown). */
export function countyName(code: string, locale: Locale): string {
  const county = COUNTIES.find((c) => c.code === code);
  return county ? (locale === 'zh-TW' ? county.zh : county.en) : code;
}

/** County codes in the Ministry's customary order (unknown codes last). */
export function sortCounties(codes: readonly string[]): string[] {
  const rank = (code: string) => {
    const i = COUNTIES.findIndex((c) => c.code === code);
    return i < 0 ? COUNTIES.length : i;
  };
  return [...new Set(codes)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A measure's name, with the threshold's hours for TEACHERS_MEETING_THRESHOLD. */
export function measureText(measure: Measure, spec: Pick<StatisticsSpec, 'threshold'>, t: Translate): string {
  if (measure === 'TEACHERS_MEETING_THRESHOLD' && spec.threshold) {
    return t('stats.measure.thresholdValue', { hours: formatHours(spec.threshold.hours) });
  }
  return t(`stats.measure.${measure}`);
}

/**
 * The grouping in words: 縣市 → 教育階段 → 月份（欄）. The last dimension is the column
 * dimension of the table (its totals are the row totals); none means the grand total only.
 */
export function dimensionsText(dimensions: readonly Dimension[], t: Translate): string {
  if (dimensions.length === 0) return t('stats.spec.noDimensions');
  return dimensions
    .map((d, i) => (i === dimensions.length - 1 ? t('stats.spec.columnDimension', { name: t(`stats.dimension.${d}`) }) : t(`stats.dimension.${d}`)))
    .join(' → ');
}

export interface SpecLine {
  key: 'period' | 'counties' | 'stages' | 'tags' | 'organizers' | 'dimensions' | 'measures' | 'threshold';
  label: string;
  value: string;
}

/** What was asked for, line by line (filters left empty say 全部). */
export function specLines(spec: StatisticsSpec, tags: readonly TagName[], t: Translate, locale: Locale): SpecLine[] {
  const all = t('stats.spec.all');
  const tagName = (code: string) => {
    const tag = tags.find((x) => x.code === code);
    return tag ? (locale === 'zh-TW' ? tag.name : tag.nameEn) : code;
  };
  const lines: SpecLine[] = [
    { key: 'period', label: t('stats.field.period'), value: periodText(spec.period, t, locale) },
    {
      key: 'counties',
      label: t('stats.field.counties'),
      value: spec.counties.length === 0 ? t('stats.spec.allCounties') : joinList(sortCounties(spec.counties).map((c) => countyName(c, locale)), locale),
    },
    { key: 'stages', label: t('stats.field.stages'), value: spec.stages.length === 0 ? all : joinList(spec.stages.map((s) => t(`stage.${s}`)), locale) },
    { key: 'tags', label: t('stats.field.tags'), value: spec.tags.length === 0 ? all : joinList(spec.tags.map(tagName), locale) },
  ];
  if (spec.organizerIds.length > 0) {
    lines.push({ key: 'organizers', label: t('stats.field.organizers'), value: t('stats.spec.organizers', { n: spec.organizerIds.length }) });
  }
  lines.push(
    { key: 'dimensions', label: t('stats.field.dimensions'), value: dimensionsText(spec.dimensions, t) },
    { key: 'measures', label: t('stats.field.measures'), value: joinList(spec.measures.map((m) => measureText(m, spec, t)), locale) },
  );
  if (spec.threshold) {
    const tag = spec.threshold.tag ? tagName(spec.threshold.tag) : t('stats.threshold.allHours');
    lines.push({
      key: 'threshold',
      label: t('stats.field.threshold'),
      value: t('stats.spec.thresholdValue', { hours: formatHours(spec.threshold.hours), tag }),
    });
  }
  return lines;
}

/* ---------- The request form ---------- */

export type PeriodKind = 'schoolYear' | 'calendarYear' | 'dates';

export interface StatisticsDraft {
  unitId: string;
  purpose: string;
  purposeCategory: PurposeCategory | '';
  periodKind: PeriodKind;
  schoolYear: number;
  calendarYear: number;
  /** Taipei days, YYYY-MM-DD (input type=date). */
  from: string;
  to: string;
  counties: string[];
  stages: EducationStage[];
  tags: string[];
  /** Ordered, without gaps; the last is the table's columns. */
  dimensions: Dimension[];
  measures: Measure[];
  /** As typed; used with TEACHERS_MEETING_THRESHOLD only. */
  thresholdHours: string;
  /** A tag code, or '' for all hours. */
  thresholdTag: string;
}

/** A new request: the current school year, by county, teachers and hours. */
export function emptyStatisticsDraft(unitId: string, today: string): StatisticsDraft {
  const schoolYear = currentSchoolYear(new Date(`${today}T12:00:00+08:00`));
  return {
    unitId,
    purpose: '',
    purposeCategory: '',
    periodKind: 'schoolYear',
    schoolYear,
    calendarYear: Number(today.slice(0, 4)),
    from: schoolYearRange(schoolYear).first,
    to: today,
    counties: [],
    stages: [],
    tags: [],
    dimensions: ['COUNTY'],
    measures: ['TEACHERS', 'HOURS'],
    thresholdHours: '18',
    thresholdTag: '',
  };
}

/**
 * Sets the dimension at `index` (0 … 2): '' drops it and every one after it, so the list
 * stays ordered without gaps.
 */
export function setDimension(dimensions: readonly Dimension[], index: number, value: Dimension | ''): Dimension[] {
  if (value === '') return dimensions.slice(0, index);
  const next = dimensions.slice(0, index + 1);
  next[index] = value;
  return [...next, ...dimensions.slice(index + 1)].slice(0, 3);
}

/** Threshold hours as typed: a number of halves, more than 0 and at most 1000 (as the server checks). */
export function parseThresholdHours(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const hours = Number(trimmed);
  return hours > 0 && hours <= 1000 && Number.isInteger(hours * 2) ? hours : null;
}

/** The period of the form as the API's PeriodInput: exactly one of the three. */
export function periodInput(draft: Pick<StatisticsDraft, 'periodKind' | 'schoolYear' | 'calendarYear' | 'from' | 'to'>) {
  switch (draft.periodKind) {
    case 'schoolYear':
      return { schoolYear: draft.schoolYear };
    case 'calendarYear':
      return { calendarYear: draft.calendarYear };
    case 'dates':
      return { from: draft.from || null, to: draft.to || null };
  }
}

/** The form as the API's input: counties in official order, measures in the offered order. */
export function statisticsInput(draft: StatisticsDraft): StatisticsRequestInput {
  const measures = MEASURES.filter((m) => draft.measures.includes(m));
  const thresholdHours = parseThresholdHours(draft.thresholdHours);
  return {
    unitId: draft.unitId,
    purpose: draft.purpose.trim(),
    purposeCategory: draft.purposeCategory || 'OTHER',
    period: periodInput(draft),
    counties: sortCounties(draft.counties),
    stages: draft.stages,
    tags: draft.tags,
    organizerIds: [],
    dimensions: draft.dimensions,
    measures,
    threshold: measures.includes('TEACHERS_MEETING_THRESHOLD') && thresholdHours !== null ? { hours: thresholdHours, tag: draft.thresholdTag || null } : null,
  };
}

const local = (field: string, message: string): InputErrorLike => ({ field, code: LOCAL_ERROR, message });

/** What the console can tell before sending: blanks, dates, measures, the threshold's hours. */
export function checkStatisticsDraft(draft: StatisticsDraft, t: Translate): InputErrorLike[] {
  const errors: InputErrorLike[] = [];
  if (!draft.unitId) errors.push(local('unitId', t('stats.error.unitRequired')));
  if (draft.purpose.trim() === '') errors.push(local('purpose', t('stats.error.purposeRequired')));
  if (!draft.purposeCategory) errors.push(local('purposeCategory', t('stats.error.categoryRequired')));
  if (draft.periodKind === 'dates') {
    if (!draft.from || !draft.to) errors.push(local('period', t('stats.error.periodDates')));
    else if (draft.from > draft.to) errors.push(local('period', t('stats.error.periodReversed')));
  }
  if (draft.measures.length === 0) errors.push(local('measures', t('stats.error.measuresRequired')));
  if (draft.measures.includes('TEACHERS_MEETING_THRESHOLD') && parseThresholdHours(draft.thresholdHours) === null) {
    errors.push(local('threshold.hours', t('stats.error.thresholdHours')));
  }
  return errors;
}

/**
 * Where a server error goes in the request form: list items go to their list
 * (`counties[2]` → `counties`), a dimension to its select (`dimensions[1]`), the rest to
 * the field of the same name; organizers, which the form does not offer, to the top.
 */
export function statisticsFormField(field: string | null | undefined): string | null {
  if (!field) return null;
  const m = /^(counties|stages|tags|measures|organizerIds)\[\d+\]$/.exec(field);
  if (m) return m[1] === 'organizerIds' ? null : (m[1] ?? null);
  if (field === 'organizerIds') return null;
  return field;
}

/** A server error of `requestStatistics` in the user's language (English keeps the server's sentence). */
export function statisticsErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  const field = error.field ?? '';
  if (field === 'unitId' && error.code === 'INVALID_PLACEMENT') return t('stats.error.unitPlacement');
  if (field === 'purpose' && error.code === 'REQUIRED') return t('stats.error.purposeRequired');
  if (field === 'period') return periodErrorText(error, t);
  if (/^counties\[\d+\]$/.test(field)) {
    const county = errorParam(error, 'county');
    if (error.code === 'OUT_OF_RANGE' && county) return t('stats.error.countyOutside', { county, own: errorParam(error, 'own') ?? '' });
    if (error.code === 'NOT_FOUND') return t('stats.error.countyUnknown', { code: errorParam(error, 'code') ?? '' });
  }
  if ((/^tags\[\d+\]$/.test(field) || field === 'threshold.tag') && error.code === 'NOT_FOUND') return t('stats.error.tagUnknown');
  if (/^organizerIds\[\d+\]$/.test(field)) return t('stats.error.organizerUnknown');
  if (field === 'dimensions' && error.code === 'OUT_OF_RANGE') return t('stats.error.tooManyDimensions', { max: 3 });
  if (/^dimensions\[\d+\]$/.test(field) && error.code === 'ALREADY_EXISTS') return t('stats.error.dimensionRepeated');
  if (field === 'measures' && error.code === 'REQUIRED') return t('stats.error.measuresRequired');
  if (/^measures\[\d+\]$/.test(field) && error.code === 'ALREADY_EXISTS') return t('stats.error.measureRepeated');
  if (field === 'threshold' && error.code === 'REQUIRED') return t('stats.error.thresholdRequired');
  if (field === 'threshold' && error.code === 'INVALID_FORMAT') return t('stats.error.thresholdUnused');
  if (field === 'threshold.hours') return t('stats.error.thresholdHours');
  return decisionErrorText(error, t, locale);
}

/** The server's problem with a period (its `problem` param) in words. */
function periodErrorText(error: InputErrorLike, t: Translate): string {
  switch (errorParam(error, 'problem')) {
    case 'reversed':
      return t('stats.error.periodReversed');
    case 'tooLong':
      return t('stats.error.periodTooLong');
    case 'incomplete':
      return t('stats.error.periodDates');
    case 'schoolYear':
      return t('stats.error.schoolYear');
    case 'calendarYear':
      return t('stats.error.calendarYear');
    default:
      return t('stats.error.period');
  }
}

/** Errors worded for a form, as already-translated errors that fields show as they are. */
export function localizeErrors(
  errors: readonly InputErrorLike[],
  wording: (e: InputErrorLike, t: Translate, locale: Locale) => string,
  t: Translate,
  locale: Locale,
  place: (field: string | null | undefined) => string | null = (f) => f ?? null,
): InputErrorLike[] {
  return errors.map((e) => ({ field: place(e.field), code: LOCAL_ERROR, message: wording(e, t, locale) }));
}

/* ---------- Decisions ---------- */

/** The disclosure threshold k as typed: a whole number from 3 to 100 (the server's range). */
export function parseK(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const k = Number(trimmed);
  return k >= 3 && k <= 100 ? k : null;
}

/** What the console can tell before deciding: a reason to reject, k in range. */
export function checkDecision(approve: boolean, reason: string, k: string | null, t: Translate): InputErrorLike[] {
  const errors: InputErrorLike[] = [];
  if (!approve && reason.trim() === '') errors.push(local('reason', t('application.error.reasonRequired')));
  if (approve && k !== null && parseK(k) === null) errors.push(local('k', t('stats.error.k')));
  return errors;
}

/** A decision's error in words (also the fallback of the forms' wording). */
export function decisionErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  if (error.field === 'reason' && error.code === 'REQUIRED') return t('application.error.reasonRequired');
  if (error.field === 'k' && error.code === 'OUT_OF_RANGE') return t('stats.error.k');
  if (error.code === 'OWN_APPLICATION') return t('application.error.own');
  if (error.code === 'CONFLICT') return t('application.error.decided');
  return inputErrorText(error, t, locale);
}

/* ---------- The result ---------- */

export type CellView =
  | { kind: 'dimension'; text: string }
  | { kind: 'value'; text: string; value: number }
  /** Hidden by disclosure control: shown as ＊ with its reason, never as 0. */
  | { kind: 'suppressed' };

/** What a result cell shows: a measure's null is suppressed (not zero, not blank). */
export function cellView(cell: string | null | undefined, column: { kind: 'DIMENSION' | 'MEASURE' }): CellView {
  if (column.kind === 'DIMENSION') return { kind: 'dimension', text: cell ?? '' };
  if (cell == null) return { kind: 'suppressed' };
  const value = Number(cell);
  return { kind: 'value', text: cell, value: Number.isFinite(value) ? value : Number.NaN };
}

/** The mark of a suppressed cell, as in the downloaded files. */
export const SUPPRESSED_MARK = '＊';

/** The label of the rows' dimension cells, e.g. 臺北市 · 國民小學. */
export function rowLabel(result: Pick<StatisticsResult, 'columns'>, row: { cells: readonly (string | null)[] }): string {
  return result.columns
    .map((c, i) => (c.kind === 'DIMENSION' ? (row.cells[i] ?? '') : null))
    .filter((v): v is string => v !== null)
    .join(' · ');
}

/** Whether every measure value of the result is suppressed (the demo's two teachers). */
export function allSuppressed(result: Pick<StatisticsResult, 'columns' | 'rows'>): boolean {
  const measures = result.columns.flatMap((c, i) => (c.kind === 'MEASURE' ? [i] : []));
  return measures.length > 0 && result.rows.length > 0 && result.rows.every((r) => measures.every((i) => r.cells[i] == null));
}

/* ---------- The bar chart ---------- */

/** A step of 1, 2 or 5 × 10ⁿ close to `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const exponent = 10 ** Math.floor(Math.log10(rough));
  const f = rough / exponent;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * exponent;
}

/**
 * The axis for values up to `max`: about `count` steps of 1, 2 or 5 × 10ⁿ (whole steps
 * when the values are whole), from 0 to the first step at or above `max`.
 */
export function axisTicks(max: number, wholeNumbers: boolean, count = 4): number[] {
  let step = niceStep(max / count);
  if (wholeNumbers && step < 1) step = 1;
  const top = max > 0 ? Math.ceil(max / step - 1e-9) * step : step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

export interface ChartBar {
  label: string;
  /** Null: suppressed, drawn hatched with its label, never as a zero-length bar. */
  value: number | null;
  text: string;
  /** Top of the row (its label); the bar is below the label. */
  y: number;
  /** The bar's length (0 for suppressed and zero values). */
  length: number;
}

export interface ChartModel {
  width: number;
  height: number;
  measure: string;
  /** Left edge and length of the value axis. */
  plotX: number;
  plotWidth: number;
  /** Bottom of the last bar row, where the tick labels start. */
  axisY: number;
  ticks: { value: number; x: number; text: string }[];
  bars: ChartBar[];
  /** Rows left out of the chart (the table has them all). */
  omitted: number;
  /** Nothing to draw but suppressed bars. */
  allSuppressed: boolean;
}

export const CHART = {
  rowHeight: 46,
  labelHeight: 18,
  barHeight: 18,
  axisHeight: 26,
  /** Room right of the longest bar for its value. */
  valueRoom: 64,
  maxBars: 30,
  suppressedWidth: 44,
} as const;

/**
 * The bar chart of the first measure by the table's rows (totals left out): each row a
 * label above a horizontal bar, values scaled to a 1-2-5 axis, suppressed rows kept in
 * place as hatched stubs. Null when there is no measure or no row to draw (a table of
 * totals only).
 */
export function chartModel(result: Pick<StatisticsResult, 'columns' | 'rows'>, width: number, maxBars: number = CHART.maxBars): ChartModel | null {
  const index = result.columns.findIndex((c) => c.kind === 'MEASURE');
  if (index < 0) return null;
  const rows = result.rows.filter((r) => !r.total);
  if (rows.length === 0) return null;
  const shown = rows.slice(0, maxBars);
  const values = shown.map((r) => {
    const cell = r.cells[index];
    if (cell == null) return null;
    const v = Number(cell);
    return Number.isFinite(v) ? v : null;
  });
  const present = values.filter((v): v is number => v !== null);
  const max = present.length > 0 ? Math.max(...present) : 0;
  const whole = present.every((v) => Number.isInteger(v));
  const ticks = axisTicks(max, whole);
  const top = ticks[ticks.length - 1] ?? 1;
  const w = Math.max(240, Math.round(width));
  const plotX = 0;
  const plotWidth = w - CHART.valueRoom;
  const bars: ChartBar[] = shown.map((r, i) => {
    const value = values[i] ?? null;
    const cell = r.cells[index];
    return {
      label: rowLabel(result, r),
      value,
      text: value === null ? SUPPRESSED_MARK : (cell ?? ''),
      y: i * CHART.rowHeight,
      length: value === null || top <= 0 ? 0 : Math.max(0, (value / top) * plotWidth),
    };
  });
  const axisY = shown.length * CHART.rowHeight;
  return {
    width: w,
    height: axisY + CHART.axisHeight,
    measure: result.columns[index]?.label ?? '',
    plotX,
    plotWidth,
    axisY,
    ticks: ticks.map((v) => ({ value: v, x: plotX + (top > 0 ? (v / top) * plotWidth : 0), text: formatHours(v) })),
    bars,
    omitted: rows.length - shown.length,
    allSuppressed: present.length === 0,
  };
}

/* ---------- Downloads and transitions ---------- */

/** The downloads in the order CSV, XLSX, ODS. */
export function orderDownloads<D extends { format: DownloadFormat }>(downloads: readonly D[]): D[] {
  return [...downloads].sort((a, b) => DOWNLOAD_FORMATS.indexOf(a.format) - DOWNLOAD_FORMATS.indexOf(b.format));
}

/** Whether a completed application's files have expired (or were never there). */
export function downloadsExpired(status: ApplicationStatus, downloads: readonly unknown[], expiresAt: string | null | undefined, now: Date = new Date()): boolean {
  if (status !== 'COMPLETED') return false;
  if (downloads.length === 0) return true;
  return !!expiresAt && new Date(expiresAt).getTime() <= now.getTime();
}

/** Who made a step: the login, or the background job. */
export function transitionActor(transition: Pick<Transition, 'actorLogin'>, t: Translate): string {
  return transition.actorLogin ?? t('application.actor.job');
}

/** 待審核 → 已核准, or 送出申請 for the first step. */
export function transitionText(transition: Pick<Transition, 'fromStatus' | 'toStatus'>, t: Translate): string {
  if (!transition.fromStatus) return t('application.transition.submitted');
  return `${t(`application.status.${transition.fromStatus}`)} → ${t(`application.status.${transition.toStatus}`)}`;
}

/* ---------- Data exchange ---------- */

export interface ExchangeDraft {
  unitId: string;
  purpose: string;
  periodFrom: string;
  periodTo: string;
  validUntil: string;
}

/** A new application: the current school year so far, usable for 90 days. */
export function emptyExchangeDraft(unitId: string, today: string): ExchangeDraft {
  const schoolYear = currentSchoolYear(new Date(`${today}T12:00:00+08:00`));
  return { unitId, purpose: '', periodFrom: schoolYearRange(schoolYear).first, periodTo: today, validUntil: addDays(today, 90) };
}

export function exchangeInput(draft: ExchangeDraft): DataExchangeInput {
  return { unitId: draft.unitId, purpose: draft.purpose.trim(), periodFrom: draft.periodFrom, periodTo: draft.periodTo, validUntil: draft.validUntil };
}

/** What the console can tell before sending: blanks, the period's order, the validity (today … a year). */
export function checkExchangeDraft(draft: ExchangeDraft, today: string, t: Translate): InputErrorLike[] {
  const errors: InputErrorLike[] = [];
  if (!draft.unitId) errors.push(local('unitId', t('stats.error.unitRequired')));
  if (draft.purpose.trim() === '') errors.push(local('purpose', t('exchange.error.purposeRequired')));
  if (!draft.periodFrom) errors.push(local('periodFrom', t('exchange.error.dateRequired')));
  if (!draft.periodTo) errors.push(local('periodTo', t('exchange.error.dateRequired')));
  else if (draft.periodFrom && draft.periodFrom > draft.periodTo) errors.push(local('periodTo', t('exchange.error.periodReversed')));
  if (!draft.validUntil) errors.push(local('validUntil', t('exchange.error.dateRequired')));
  else if (draft.validUntil < today) errors.push(local('validUntil', t('exchange.error.validPast')));
  else if (draft.validUntil > addDays(today, 366)) errors.push(local('validUntil', t('exchange.error.validTooLong')));
  return errors;
}

/** A server error of `applyDataExchange` in the user's language. */
export function exchangeErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  const problem = errorParam(error, 'problem');
  switch (error.field) {
    case 'unitId':
      if (error.code === 'INVALID_PLACEMENT') {
        return t('exchange.error.unitPlacement', { unit: errorParam(error, 'unit') ?? t('exchange.thisUnit') });
      }
      break;
    case 'purpose':
      if (error.code === 'REQUIRED') return t('exchange.error.purposeRequired');
      break;
    case 'periodTo':
      if (problem === 'reversed') return t('exchange.error.periodReversed');
      if (problem === 'tooLong') return t('stats.error.periodTooLong');
      break;
    case 'validUntil':
      if (error.code === 'OUT_OF_RANGE' && problem === 'past') return t('exchange.error.validPast');
      if (error.code === 'OUT_OF_RANGE' && problem === 'tooLong') return t('exchange.error.validTooLong');
      break;
    default:
      break;
  }
  return decisionErrorText(error, t, locale);
}

/* ---------- The county report ---------- */

/** A course's days: one day, or first – last. */
export function courseDays(startsOn: string, endsOn: string, locale: Locale): string {
  return startsOn === endsOn ? dayText(startsOn, locale) : `${dayText(startsOn, locale)}–${dayText(endsOn, locale)}`;
}

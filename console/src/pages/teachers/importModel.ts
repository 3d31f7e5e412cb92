// Pure helpers of the roster import (匯入名冊): the template file, the labels of outcomes
// and formats, the order of the report's rows, and the wording of its errors. Nothing here
// reads, keeps or logs a file's contents or a national ID.
import { LOCAL_ERROR, errorParam, inputErrorText, type InputErrorLike } from '../../api/inputErrors';
import { spreadsheetErrorText } from '../../api/spreadsheetErrors';
import type { ImportOutcome, ImportTeachersMutation } from '../../gql/graphql';
import type { Locale, Translate } from '../../i18n/translate';
import { maskNationalId } from './model';

export type ImportReport = NonNullable<ImportTeachersMutation['importTeachers']['report']>;
export type ImportRow = ImportReport['rows'][number];
export type ImportCellError = ImportRow['errors'][number];

/** What the file control offers; the server reads the contents, whatever the name. */
export const IMPORT_ACCEPT = '.csv,.xlsx,.xls,.ods';
/** The server's limit for an upload (MAX_UPLOAD_BYTES). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const TEMPLATE_FILE_NAME = '教師名冊範本.csv';

/** The columns in the order the template lists them (the first two are required). */
export const IMPORT_COLUMNS = ['身分證統一編號', '姓名', '電子郵件', '教育階段', '職稱'] as const;
/** A made-up example row: the ID has a valid check digit and belongs to nobody. */
const TEMPLATE_EXAMPLE = ['E120005006', '王小明', 'teacher@example.edu.tw', '國小', '導師'] as const;

/**
 * The template CSV: UTF-8 with a BOM (so Excel opens it as UTF-8), the header row and
 * one example row, CRLF line ends.
 */
export function templateCsv(): string {
  return `\uFEFF${IMPORT_COLUMNS.join(',')}\r\n${TEMPLATE_EXAMPLE.join(',')}\r\n`;
}

/** Every outcome, in the order the counts are shown. */
export const IMPORT_OUTCOMES: readonly ImportOutcome[] = ['NEW', 'JOINED', 'PENDING_TRANSFER', 'UPDATED', 'UNCHANGED', 'ERROR'];

/** The message key of an outcome's label (新增 / 重回本校 / 待轉入確認 / 更新 / 無變更 / 錯誤). */
export function outcomeKey(outcome: ImportOutcome): `import.outcome.${ImportOutcome}` {
  return `import.outcome.${outcome}`;
}

/** The number of rows with an outcome, from the report's counts. */
export function outcomeCount(report: ImportReport, outcome: ImportOutcome): number {
  switch (outcome) {
    case 'NEW':
      return report.newCount;
    case 'JOINED':
      return report.joinedCount;
    case 'PENDING_TRANSFER':
      return report.pendingTransferCount;
    case 'UPDATED':
      return report.updatedCount;
    case 'UNCHANGED':
      return report.unchangedCount;
    case 'ERROR':
      return report.errorCount;
  }
}

/** The message key naming the file's format as the server detected it (CSV_UTF8, CSV_BIG5, SPREADSHEET). */
export function formatKey(format: string): 'import.format.CSV_UTF8' | 'import.format.CSV_BIG5' | 'import.format.SPREADSHEET' | null {
  switch (format) {
    case 'CSV_UTF8':
    case 'CSV_BIG5':
    case 'SPREADSHEET':
      return `import.format.${format}`;
    default:
      return null;
  }
}

/** Rows with errors first, then in file order (by line). */
export function orderRows(rows: readonly ImportRow[], errorsOnly = false): ImportRow[] {
  const isError = (r: ImportRow) => r.outcome === 'ERROR' || r.errors.length > 0;
  return rows
    .filter((r) => !errorsOnly || isError(r))
    .sort((a, b) => Number(isError(b)) - Number(isError(a)) || a.line - b.line);
}

/** Whether confirming may be offered: a preview exists, has rows, and none is in error. */
export function canConfirm(report: ImportReport | null): boolean {
  return report !== null && !report.committed && report.errorCount === 0 && report.rows.length > 0;
}

/**
 * Anything in a server sentence that looks like a national ID, masked (`E12****006`): a
 * file whose header row was forgotten names its first data row as "not understood".
 */
export function maskIdsIn(text: string): string {
  return text.replace(/(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]\d{8}(?![0-9])/g, (id) =>
    // The format's textbook example, as the server's sentences give it.
    id === EXAMPLE_ID ? id : (maskNationalId(id) ?? `${id.slice(0, 3)}****${id.slice(7)}`),
  );
}
const EXAMPLE_ID = 'A123456789';

/**
 * A cell's problem in the user's language. zh-TW words the known ones from column and
 * code (the server's sentences are English); English keeps the server's sentence. A
 * national ID is never part of the wording.
 */
export function cellErrorText(error: ImportCellError, t: Translate, locale: Locale): string {
  return cellErrorWords({ ...error, message: maskIdsIn(error.message) }, t, locale);
}

function cellErrorWords(error: ImportCellError, t: Translate, locale: Locale): string {
  if (locale === 'en' && error.message) return error.message;
  const { column, code } = error;
  const problem = errorParam(error, 'problem');
  if (problem === 'formula') return t('import.cell.formula');
  if (column === '身分證統一編號') {
    if (code === 'ALREADY_EXISTS') {
      const line = errorParam(error, 'line');
      if (line) return t('import.cell.duplicate', { line });
    }
    if (code === 'INVALID_FORMAT') return problem === 'checksum' ? t('teachers.nationalId.checksum') : t('teachers.nationalId.format');
    if (code === 'REQUIRED') return t('import.cell.idRequired');
  }
  if (column === '姓名' && code === 'REQUIRED') return t('import.cell.nameRequired');
  if (column === '教育階段' && code === 'INVALID_FORMAT') return t('import.cell.stage');
  return inputErrorText(error, t, locale);
}

/**
 * A problem with the whole file (field `file`) in the user's language: zh-TW words the
 * server's params (missing or unknown headers keep the column names it lists). A header
 * row may be a teacher's row, so national IDs are masked in the sentence and the params.
 */
export function fileErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  const masked =
    error.code === LOCAL_ERROR
      ? error
      : { ...error, message: maskIdsIn(error.message), params: error.params?.map((p) => ({ ...p, value: maskIdsIn(p.value) })) };
  return spreadsheetErrorText(masked, t, locale, {
    headers: t('import.file.headers'),
    tooManyRows: (max) => t('import.file.tooManyRows', { max }),
  });
}

// The wording of a rejected spreadsheet, apart from inputErrors.ts so that only the pages
// that upload one (the roster import, the hours upload) load it.
import type { Locale, Translate } from '../i18n/translate';
import { inputErrorText, LOCAL_ERROR, type InputErrorLike } from './inputErrors';

/**
 * A problem with a whole uploaded spreadsheet (field `file`: the roster import, the hours
 * upload) in the user's language: zh-TW recognizes the server's sentences (missing or unknown
 * headers keep the column names it lists). `upload` words what differs by upload: the
 * headers it expects and its row limit (null when the sentence is not about the limit).
 */
export function spreadsheetErrorText(
  error: InputErrorLike,
  t: Translate,
  locale: Locale,
  upload: { headers: string; tooManyRows: (message: string) => string | null },
): string {
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  const m = error.message;
  if (error.code === 'INVALID_FORMAT') {
    if (/no rows/i.test(m)) return t('import.file.empty');
    if (/neither UTF-8/i.test(m)) return t('import.file.encoding');
    if (/spreadsheet could not be read/i.test(m)) return t('import.file.spreadsheet');
    const tooMany = upload.tooManyRows(m);
    if (tooMany) return tooMany;
    if (/first row must name/i.test(m)) {
      const missing = /Missing: ([^.]+)\./.exec(m)?.[1];
      const unknown = /Not understood: ([^.]+)\./.exec(m)?.[1];
      return [
        upload.headers,
        missing ? t('import.file.missing', { columns: missing.split(', ').join('、') }) : '',
        unknown ? t('import.file.unknown', { columns: unknown.split(', ').join('、') }) : '',
      ].join('');
    }
  }
  return inputErrorText(error, t, locale);
}

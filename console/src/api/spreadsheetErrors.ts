// The wording of a rejected spreadsheet, apart from inputErrors.ts so that only the pages
// that upload one (the roster import, the hours upload) load it.
import type { Locale, Translate } from '../i18n/translate';
import { errorParam, inputErrorText, LOCAL_ERROR, type InputErrorLike } from './inputErrors';

/**
 * A problem with a whole uploaded spreadsheet (field `file`: the roster import, the hours
 * upload) in the user's language: zh-TW words the server's `problem` param (missing or
 * unknown headers keep the column names it lists in `missing` and `unknown`). `upload` words
 * what differs by upload: the headers it expects and its row limit (the server's `max`, written 20,000).
 */
export function spreadsheetErrorText(
  error: InputErrorLike,
  t: Translate,
  locale: Locale,
  upload: { headers: string; tooManyRows: (max: string) => string },
): string {
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  if (error.code === 'INVALID_FORMAT') {
    switch (errorParam(error, 'problem')) {
      case 'empty':
        return t('import.file.empty');
      case 'encoding':
        return t('import.file.encoding');
      case 'unreadable':
        return t('import.file.spreadsheet');
      case 'tooManyRows': {
        const max = errorParam(error, 'max');
        if (max) return upload.tooManyRows(Number(max).toLocaleString('en'));
        break;
      }
      case 'columns': {
        const missing = errorParam(error, 'missing');
        const unknown = errorParam(error, 'unknown');
        return [
          upload.headers,
          missing ? t('import.file.missing', { columns: missing.split(', ').join('、') }) : '',
          unknown ? t('import.file.unknown', { columns: unknown.split(', ').join('、') }) : '',
        ].join('');
      }
      default:
        break;
    }
  }
  return inputErrorText(error, t, locale);
}

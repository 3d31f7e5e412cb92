// Mutation payloads carry `errors { field code message params }`. These helpers put each
// error beside the form field it concerns and word it in the user's language.
import { hasMessage, type Locale, type Translate } from '../i18n/translate';

export interface InputErrorLike {
  field?: string | null;
  code: string;
  message: string;
  /** The values the message names (docs/api.md lists them), when the query asks for them. */
  params?: readonly { name: string; value: string }[] | null;
}

/** The value the server named `name` in this error, if it named one. */
export function errorParam(error: InputErrorLike, name: string): string | undefined {
  return error.params?.find((p) => p.name === name)?.value;
}

export interface GroupedErrors {
  /** Errors for fields the form shows, by input name (`email`, `phone`, …). */
  byField: Partial<Record<string, InputErrorLike[]>>;
  /** Errors for the whole request, or for fields the form does not show. */
  general: InputErrorLike[];
}

/** The code of an error found by the console itself, whose message is already in the user's language. */
export const LOCAL_ERROR = 'LOCAL';

export const NO_ERRORS: GroupedErrors = { byField: {}, general: [] };

export function groupInputErrors(
  errors: readonly InputErrorLike[],
  formFields: readonly string[],
): GroupedErrors {
  const byField: Partial<Record<string, InputErrorLike[]>> = {};
  const general: InputErrorLike[] = [];
  for (const e of errors) {
    if (e.field && formFields.includes(e.field)) {
      (byField[e.field] ??= []).push(e);
    } else {
      general.push(e);
    }
  }
  return { byField, general };
}

/**
 * The error in the user's language. zh-TW words it from the `code` (preferring a
 * field-specific wording), keeping the numbers the server named in `params`; English
 * prefers the server's own sentence, which names the value. Unknown codes fall back to
 * the server's message.
 */
export function inputErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  // Checks made in the browser carry their own, already translated, sentence.
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  const fieldKey = `code.${error.field ?? ''}.${error.code}`;
  if (error.field && hasMessage(fieldKey)) return t(fieldKey);
  if (error.code === 'TOO_LONG') {
    const max = errorParam(error, 'max');
    if (max) return t('code.TOO_LONG.max', { max });
  }
  if (error.code === 'TOO_MANY_ATTEMPTS') {
    // A locked account is unlocked by the emailed link, so its wording names no wait.
    if (errorParam(error, 'reason') === 'locked') return t('code.TOO_MANY_ATTEMPTS.locked');
    const seconds = errorParam(error, 'retryAfterSeconds');
    if (seconds) return t('code.TOO_MANY_ATTEMPTS.wait', { seconds });
  }
  const key = `code.${error.code}`;
  if (hasMessage(key)) return t(key);
  return error.message;
}

export function hasErrors(grouped: GroupedErrors): boolean {
  return grouped.general.length > 0 || Object.keys(grouped.byField).length > 0;
}

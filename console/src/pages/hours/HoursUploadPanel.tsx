// 上傳時數檔案: choose a file, 預覽 (a dry run: every row's outcome and problems by line),
// then 確認核發 (the same file again, applied whole) once the preview has no errors. The
// template is made in the browser from the admitted registrations.
import { useId, useRef, useState } from 'react';
import { request, requestWithFile } from '../../api/client';
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import { HOURS_OUTCOMES } from '../../api/domain';
import { useAnnounce } from '../../components/Announcer';
import { ActionError } from '../../components/ErrorView';
import { CheckboxField, FieldErrors, FormErrors } from '../../components/Field';
import { HoursRegistrantsDocument, UploadHoursDocument, type HoursRegistrantsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatHours } from '../courses/model';
import { formatKey, IMPORT_ACCEPT, IMPORT_MAX_BYTES } from '../teachers/importModel';
import { PersonalCode } from '../teachers/PersonalCode';
import type { HoursCourse } from './CourseHoursPage';
import {
  canConfirm,
  errorColumnKey,
  hoursErrorText,
  hoursFileErrorText,
  hoursTemplateCsv,
  hoursTemplateFileName,
  OUTCOME_BADGE,
  orderRows,
  outcomeCount,
  outcomeKey,
  outcomeValues,
  type HoursPayload,
} from './model';

type Registrant = HoursRegistrantsQuery['registrations']['nodes'][number];

/** Every admitted registration, page by page (the template lists them all). */
async function allAdmitted(courseId: string): Promise<Registrant[]> {
  const out: Registrant[] = [];
  let after: string | null = null;
  for (;;) {
    const { registrations: page }: HoursRegistrantsQuery = await request(HoursRegistrantsDocument, { courseId, first: 100, after });
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return out;
    after = page.pageInfo.endCursor;
  }
}

/** Saves text made in the browser as a file (nothing is uploaded). */
function saveText(text: string, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function HoursUploadPanel({ course, onCommitted }: { course: HoursCourse; onCommitted: () => void }) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const headingId = `${id}-heading`;
  const inputId = `${id}-file`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const confirmNoteId = `${id}-confirm-note`;
  const inputRef = useRef<HTMLInputElement>(null);
  // The file the preview was made from: confirming sends this one again.
  const previewed = useRef<File | null>(null);
  const [report, setReport] = useState<HoursPayload | null>(null);
  const [fileErrors, setFileErrors] = useState<InputErrorLike[]>([]);
  const [otherErrors, setOtherErrors] = useState<InputErrorLike[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'preview' | 'confirm' | 'template' | null>(null);
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [refused, setRefused] = useState(false);

  const reset = () => {
    previewed.current = null;
    setReport(null);
    setFileErrors([]);
    setOtherErrors([]);
    setFailure(null);
    setErrorsOnly(false);
    setRefused(false);
  };

  const downloadTemplate = async () => {
    if (busy) return;
    setBusy('template');
    setFailure(null);
    try {
      const rows = await allAdmitted(course.id);
      saveText(hoursTemplateCsv(rows, course.hours), hoursTemplateFileName(course.code), 'text/csv;charset=utf-8');
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  };

  const send = async (file: File, dryRun: boolean): Promise<HoursPayload | null> => {
    setFailure(null);
    setFileErrors([]);
    setOtherErrors([]);
    try {
      const { uploadHours: payload } = await requestWithFile(UploadHoursDocument, { courseId: course.id, dryRun }, file);
      if (payload.errors.length > 0) {
        setFileErrors(payload.errors.filter((e) => e.field === 'file'));
        setOtherErrors(payload.errors.filter((e) => e.field !== 'file').map((e) => ({ field: e.field, code: LOCAL_ERROR, message: hoursErrorText(e, t, locale) })));
        if (payload.errors.some((e) => e.field === 'file')) inputRef.current?.focus();
        return null;
      }
      return payload;
    } catch (e) {
      setFailure(e);
      return null;
    }
  };

  const preview = async () => {
    if (busy) return;
    reset();
    const file = inputRef.current?.files?.[0];
    if (!file) {
      setFileErrors([{ field: 'file', code: LOCAL_ERROR, message: t('hours.upload.chooseFile') }]);
      inputRef.current?.focus();
      return;
    }
    if (file.size > IMPORT_MAX_BYTES) {
      setFileErrors([{ field: 'file', code: LOCAL_ERROR, message: t('import.tooLarge') }]);
      inputRef.current?.focus();
      return;
    }
    setBusy('preview');
    try {
      const result = await send(file, true);
      if (result) {
        previewed.current = file;
        setReport(result);
        announce(t('import.previewDone', { rows: result.rows.length, errors: result.errorCount }));
      }
    } finally {
      setBusy(null);
    }
  };

  const confirm = async () => {
    const file = previewed.current;
    if (busy || !file || !canConfirm(report)) return;
    setBusy('confirm');
    try {
      const result = await send(file, false);
      if (!result) return;
      setReport(result);
      previewed.current = null;
      if (result.committed) {
        if (inputRef.current) inputRef.current.value = '';
        announce(t('hours.upload.committed', outcomeValues(result)));
        onCommitted();
      } else {
        setRefused(true);
        announce(t('hours.upload.notCommitted'));
      }
    } finally {
      setBusy(null);
    }
  };

  const shownFileErrors = fileErrors.map((e) => ({ field: 'file', code: LOCAL_ERROR, message: hoursFileErrorText(e, t, locale) }));
  const invalid = shownFileErrors.length > 0;
  const confirmable = canConfirm(report);
  const format = report?.format ? formatKey(report.format) : null;
  const rows = report ? orderRows(report.rows, errorsOnly) : [];

  return (
    <section className="card import-panel hours-upload" aria-labelledby={headingId} data-testid="hours-upload">
      <h2 id={headingId}>{t('hours.upload.title')}</h2>
      <p className="import-intro">{t('hours.upload.intro', { hours: formatHours(course.hours) })}</p>
      <p className="import-template">
        <button type="button" className="link-button" onClick={() => void downloadTemplate()} disabled={busy === 'template'} data-testid="hours-template">
          <span aria-hidden="true">⤓</span> {t('hours.upload.template')}
        </button>
        <span className="block small muted">{t('hours.upload.templateHint')}</span>
      </p>

      <div className={`field import-file ${invalid ? 'field-invalid' : ''}`}>
        <label htmlFor={inputId} className="field-label">
          {t('hours.upload.file')}
        </label>
        <p className="field-hint" id={hintId}>
          {t('hours.upload.fileHint')}
        </p>
        <FieldErrors id={invalid ? errorId : undefined} errors={shownFileErrors} />
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          name="file"
          accept={IMPORT_ACCEPT}
          aria-describedby={invalid ? `${errorId} ${hintId}` : hintId}
          aria-invalid={invalid ? true : undefined}
          onChange={reset}
          data-testid="hours-file"
        />
      </div>
      <FormErrors errors={otherErrors} />
      <ActionError error={failure} />

      <div className="form-actions import-actions">
        <button type="button" className="button" disabled={busy !== null} onClick={() => void preview()}>
          {busy === 'preview' ? t('import.previewing') : t('import.preview')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!confirmable || busy !== null}
          aria-describedby={report && !report.committed ? confirmNoteId : undefined}
          onClick={() => void confirm()}
        >
          {busy === 'confirm' ? t('hours.granting') : t('hours.upload.confirm')}
        </button>
      </div>
      {report && !report.committed && report.rows.length > 0 && (
        <p id={confirmNoteId} className={`small ${confirmable ? 'muted' : 'import-blocked'}`} data-testid="hours-confirm-note">
          {confirmable ? t('hours.upload.confirmReady') : t('hours.upload.confirmBlocked')}
        </p>
      )}

      {report && (
        <div className="import-report" data-testid="hours-report" data-committed={report.committed}>
          <h3>{report.committed ? t('hours.upload.resultTitle') : t('import.previewTitle')}</h3>
          {report.committed ? (
            <p className="alert alert-success" data-testid="hours-committed">
              {t('hours.upload.committed', outcomeValues(report))}
            </p>
          ) : (
            refused && (
              <p className="alert alert-error" data-testid="hours-not-committed">
                {t('hours.upload.notCommitted')}
              </p>
            )
          )}
          {report.format && (
            <p className="small" data-testid="hours-format">
              {t('import.format', { format: format ? t(format) : report.format })}
            </p>
          )}
          <h4 className="sr-only">{t('import.counts')}</h4>
          <dl className="facts import-counts">
            {HOURS_OUTCOMES.map((o) => (
              <div key={o} data-testid={`hours-count-${o}`}>
                <dt>{t(outcomeKey(o))}</dt>
                <dd className={o === 'ERROR' && report.errorCount > 0 ? 'import-error-count' : undefined}>{outcomeCount(report, o)}</dd>
              </div>
            ))}
          </dl>
          {report.rows.length === 0 ? (
            <p className="empty">{t('hours.upload.noRows')}</p>
          ) : (
            <>
              {report.errorCount > 0 && (
                <CheckboxField label={t('import.errorsOnly')} name="errorsOnly" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} />
              )}
              <div className="table-card card import-table-card">
                <table className="data-table import-table" data-testid="hours-table">
                  <caption className="sr-only">{t('import.rowsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('import.line')}</th>
                      <th scope="col">{t('import.outcome')}</th>
                      <th scope="col">{t('registration.teacherName')}</th>
                      <th scope="col">{t('teacher.personalCode')}</th>
                      <th scope="col">{t('hours.hours')}</th>
                      <th scope="col">{t('import.problems')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => {
                      const bad = row.outcome === 'ERROR' || row.errors.length > 0;
                      return (
                        <tr key={row.line} className={bad ? 'import-row-error' : undefined} data-testid="hours-row" data-line={row.line} data-outcome={row.outcome}>
                          <th scope="row" data-label={t('import.line')} className="nowrap">
                            {t('import.lineNo', { line: row.line })}
                          </th>
                          <td data-label={t('import.outcome')}>
                            <span className={`badge ${OUTCOME_BADGE[row.outcome]}`} data-testid="hours-outcome">
                              {t(outcomeKey(row.outcome))}
                            </span>
                          </td>
                          <td data-label={t('registration.teacherName')} className="nowrap">
                            {row.teacherName ?? <span className="muted">{t('common.none')}</span>}
                          </td>
                          <td data-label={t('teacher.personalCode')} className="nowrap">
                            {/^[0-9A-Z]{10}$/.test(row.personalCode) ? <PersonalCode code={row.personalCode} /> : <span className="mono">{row.personalCode || t('common.none')}</span>}
                          </td>
                          <td data-label={t('hours.hours')} className="nowrap" data-testid="hours-row-hours">
                            {row.hours === null ? (
                              <span className="muted">{t('common.none')}</span>
                            ) : row.outcome === 'CORRECTED' && row.previousHours !== null ? (
                              t('hours.correctedFrom', { from: formatHours(row.previousHours), to: formatHours(row.hours) })
                            ) : (
                              formatHours(row.hours)
                            )}
                          </td>
                          <td data-label={t('import.problems')}>
                            {row.errors.length === 0 ? (
                              <span className="muted">{t('common.none')}</span>
                            ) : (
                              <ul className="import-problems" data-testid="hours-problems">
                                {row.errors.map((e, i) => {
                                  const column = errorColumnKey(e.field);
                                  return (
                                    <li key={i}>
                                      {column && <strong>{t(column)}：</strong>}
                                      {hoursErrorText(e, t, locale)}
                                    </li>
                                  );
                                })}
                              </ul>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}

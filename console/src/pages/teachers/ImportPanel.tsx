import { useEffect, useId, useRef, useState } from 'react';
import { requestWithFile } from '../../api/client';
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import { useAnnounce } from '../../components/Announcer';
import { ActionError } from '../../components/ErrorView';
import { CheckboxField, FieldErrors, FormErrors } from '../../components/Field';
import { ImportTeachersDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import {
  canConfirm,
  cellErrorText,
  fileErrorText,
  formatKey,
  IMPORT_ACCEPT,
  IMPORT_MAX_BYTES,
  IMPORT_OUTCOMES,
  orderRows,
  outcomeCount,
  outcomeKey,
  templateCsv,
  TEMPLATE_FILE_NAME,
  type ImportReport,
} from './importModel';

const OUTCOME_BADGE = {
  NEW: 'badge-success',
  JOINED: 'badge-success',
  UPDATED: '',
  UNCHANGED: 'badge-muted',
  ERROR: 'badge-danger',
} as const;

/** Saves the template CSV, made in the browser (nothing is fetched). */
function downloadTemplate() {
  const url = URL.createObjectURL(new Blob([templateCsv()], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = TEMPLATE_FILE_NAME;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * 匯入名冊: choose a file, 預覽 (a dry run: every row's outcome and problems), then
 * 確認匯入 (the same file again, imported whole) once the preview has no errors. The
 * chosen File is held only until it is imported, replaced or the panel closes; the page
 * never reads its contents and shows national IDs only masked, as the server reports them.
 */
export function ImportPanel({ schoolId, onClose, onImported }: { schoolId: string; onClose: () => void; onImported: () => void }) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const headingId = `${id}-heading`;
  const inputId = `${id}-file`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const confirmNoteId = `${id}-confirm-note`;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // The file the preview was made from: confirming sends this one again.
  const previewed = useRef<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [fileErrors, setFileErrors] = useState<InputErrorLike[]>([]);
  const [otherErrors, setOtherErrors] = useState<InputErrorLike[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'preview' | 'confirm' | null>(null);
  const [errorsOnly, setErrorsOnly] = useState(false);
  // The import was refused as a whole (a row had an error after all).
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
    return () => {
      previewed.current = null;
    };
  }, []);

  const reset = () => {
    previewed.current = null;
    setReport(null);
    setFileErrors([]);
    setOtherErrors([]);
    setFailure(null);
    setErrorsOnly(false);
    setRefused(false);
  };

  const forget = () => {
    previewed.current = null;
    if (inputRef.current) inputRef.current.value = '';
  };

  const send = async (file: File, dryRun: boolean): Promise<ImportReport | null> => {
    setFailure(null);
    setFileErrors([]);
    setOtherErrors([]);
    try {
      const { importTeachers: payload } = await requestWithFile(ImportTeachersDocument, { schoolId, dryRun }, file);
      if (payload.errors.length > 0) {
        setFileErrors(payload.errors.filter((e) => e.field === 'file'));
        setOtherErrors(payload.errors.filter((e) => e.field !== 'file'));
        if (payload.errors.some((e) => e.field === 'file')) inputRef.current?.focus();
        return null;
      }
      return payload.report ?? null;
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
      setFileErrors([{ field: 'file', code: LOCAL_ERROR, message: t('import.chooseFile') }]);
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
      if (result.committed) {
        // Imported: the file is no longer needed.
        forget();
        announce(t('import.committed', committedValues(result)));
        onImported();
      } else {
        previewed.current = null;
        setRefused(true);
        announce(t('import.notCommitted'));
      }
    } finally {
      setBusy(null);
    }
  };

  const shownFileErrors = fileErrors.map((e) => ({ field: 'file', code: LOCAL_ERROR, message: fileErrorText(e, t, locale) }));
  const invalid = shownFileErrors.length > 0;
  const confirmable = canConfirm(report);
  const format = report ? formatKey(report.format) : null;
  const rows = report ? orderRows(report.rows, errorsOnly) : [];

  return (
    <section className="card import-panel" id="teacher-import" aria-labelledby={headingId} data-testid="import-panel">
      <div className="import-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {t('import.title')}
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('import.close')}
        </button>
      </div>
      <p className="import-intro">{t('import.intro')}</p>
      <p className="import-template">
        <button type="button" className="link-button" onClick={downloadTemplate}>
          <span aria-hidden="true">⤓</span> {t('import.template')}
        </button>
        <span className="block small muted">{t('import.templateHint')}</span>
      </p>

      <div className={`field import-file ${invalid ? 'field-invalid' : ''}`}>
        <label htmlFor={inputId} className="field-label">
          {t('import.file')}
        </label>
        <p className="field-hint" id={hintId}>
          {t('import.fileHint')}
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
          data-testid="import-file"
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
          {busy === 'confirm' ? t('import.confirming') : t('import.confirm')}
        </button>
      </div>
      {report && !report.committed && report.rows.length > 0 && (
        <p id={confirmNoteId} className={`small ${confirmable ? 'muted' : 'import-blocked'}`} data-testid="import-confirm-note">
          {confirmable ? t('import.confirmReady') : t('import.confirmBlocked')}
        </p>
      )}

      {report && (
        <div className="import-report" data-testid="import-report" data-committed={report.committed}>
          <h3>{report.committed ? t('import.resultTitle') : t('import.previewTitle')}</h3>
          {report.committed ? (
            <p className="alert alert-success" data-testid="import-committed">
              {t('import.committed', committedValues(report))}
            </p>
          ) : (
            refused && (
              <p className="alert alert-error" data-testid="import-not-committed">
                {t('import.notCommitted')}
              </p>
            )
          )}
          <p className="small" data-testid="import-format">
            {t('import.format', { format: format ? t(format) : report.format })}
          </p>
          <h4 className="sr-only">{t('import.counts')}</h4>
          <dl className="facts import-counts">
            {IMPORT_OUTCOMES.map((o) => (
              <div key={o} data-testid={`import-count-${o}`}>
                <dt>{t(outcomeKey(o))}</dt>
                <dd className={o === 'ERROR' && report.errorCount > 0 ? 'import-error-count' : undefined}>{outcomeCount(report, o)}</dd>
              </div>
            ))}
          </dl>
          {report.rows.length === 0 ? (
            <p className="empty">{t('import.noRows')}</p>
          ) : (
            <>
              {report.errorCount > 0 && (
                <CheckboxField label={t('import.errorsOnly')} name="errorsOnly" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} />
              )}
              <div className="table-card card import-table-card">
                <table className="data-table import-table" data-testid="import-table">
                  <caption className="sr-only">{t('import.rowsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('import.line')}</th>
                      <th scope="col">{t('import.outcome')}</th>
                      <th scope="col">{t('teacher.name')}</th>
                      <th scope="col">{t('teacher.nationalIdMasked')}</th>
                      <th scope="col">{t('import.problems')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => {
                      const bad = row.outcome === 'ERROR' || row.errors.length > 0;
                      return (
                        <tr key={row.line} className={bad ? 'import-row-error' : undefined} data-testid="import-row" data-line={row.line} data-outcome={row.outcome}>
                          <th scope="row" data-label={t('import.line')} className="nowrap">
                            {t('import.lineNo', { line: row.line })}
                          </th>
                          <td data-label={t('import.outcome')}>
                            <span className={`badge ${OUTCOME_BADGE[row.outcome]}`} data-testid="import-outcome">
                              {t(outcomeKey(row.outcome))}
                            </span>
                          </td>
                          <td data-label={t('teacher.name')}>{row.name || <span className="muted">{t('common.none')}</span>}</td>
                          <td data-label={t('teacher.nationalIdMasked')} className="mono nowrap" data-testid="import-masked-id">
                            {row.nationalIdMasked ?? <span className="muted">{t('common.none')}</span>}
                          </td>
                          <td data-label={t('import.problems')}>
                            {row.errors.length === 0 ? (
                              <span className="muted">{t('common.none')}</span>
                            ) : (
                              <ul className="import-problems" data-testid="import-problems">
                                {row.errors.map((e, i) => (
                                  <li key={i}>
                                    {e.column && <strong>{e.column}：</strong>}
                                    {cellErrorText(e, t, locale)}
                                  </li>
                                ))}
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

function committedValues(report: ImportReport) {
  return {
    rows: report.rows.length,
    new: report.newCount,
    joined: report.joinedCount,
    updated: report.updatedCount,
    unchanged: report.unchangedCount,
  };
}

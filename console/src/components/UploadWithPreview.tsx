import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { LOCAL_ERROR, type InputErrorLike } from '../api/inputErrors';
import { useMutation } from '../api/useMutation';
import { useI18n } from '../i18n';
import { useAnnounce } from './Announcer';
import { ActionError } from './ErrorView';
import { CheckboxField, FieldErrors, FormErrors } from './Field';

/** A row of an upload's report: its line in the file, what it comes to and its problems. */
export interface PreviewRow<O extends string> {
  line: number;
  outcome: O;
  errors: readonly unknown[];
}

/** What the server answers an upload, dry run or not. */
export interface PreviewReport<Row> {
  committed: boolean;
  errorCount: number;
  /** The detected format (CSV UTF-8 / Big5, spreadsheet), when the server says. */
  format?: string | null;
  rows: readonly Row[];
}

/** An upload's answer: the report, or the errors that stopped it (`file` ones beside the control). */
export interface UploadAnswer<R> {
  report: R | null;
  errors: readonly InputErrorLike[];
}

export interface UploadWithPreviewProps<O extends string, Row extends PreviewRow<O>, R extends PreviewReport<Row>> {
  /** Prefix of the parts' data-testid: `-template`, `-file`, `-confirm-note`, `-report`, `-row`, … */
  testId: string;
  /** The file input's `accept` and the size checked before sending. */
  accept: string;
  maxBytes: number;
  /** The wording that differs between uploads (the shared words are the `import.*` messages). */
  text: {
    file: string;
    fileHint: string;
    chooseFile: string;
    confirm: string;
    confirming: string;
    confirmReady: string;
    confirmBlocked: string;
    resultTitle: string;
    notCommitted: string;
    noRows: string;
  };
  /** 下載範本, above the file control; a promise keeps the buttons busy and its failure is shown. */
  template?: { label: string; hint: string; download: () => void | Promise<void> };
  /**
   * Sends the file (`dryRun`: 預覽). Errors other than `file` ones are shown as given (a
   * LOCAL_ERROR carries its own words); `file` ones are worded by `fileErrorText`.
   */
  send: (file: File, dryRun: boolean) => Promise<UploadAnswer<R>>;
  fileErrorText: (error: InputErrorLike) => string;
  /** Whether a preview may be committed (no errors, rows to apply, not committed yet). */
  canConfirm: (report: R | null) => boolean;
  /** The report's format in words, or null to leave it out. */
  formatText: (report: R) => string | null;
  /** What a committed upload came to: shown in the report and read out. */
  committedText: (report: R) => string;
  outcomes: readonly O[];
  outcomeLabel: (outcome: O) => string;
  /** The badge class of each outcome. */
  outcomeBadges: Readonly<Record<O, string>>;
  outcomeCount: (report: R, outcome: O) => number;
  /** The rows in the order shown (errors first), optionally the rows with errors only. */
  orderRows: (rows: readonly Row[], errorsOnly: boolean) => Row[];
  /** The table's own columns, between 行 / 結果 and 問題, and a row's cells for them. */
  columns: readonly string[];
  cells: (row: Row) => ReactNode;
  /** One problem of a row: its column (if any) and its words. */
  problem: (error: Row['errors'][number]) => { column: string | null; text: string };
  onCommitted: () => void;
}

/**
 * A file upload with a preview: the template link, the file control, 預覽 (a dry run: every
 * row's outcome and problems, errors first, optionally errors only), then the confirm button
 * (the same File again, applied whole by the server) once the preview has no errors. The
 * chosen File is held only until it is committed, replaced or the component goes away; the
 * page never reads its contents. The caller renders the section and its heading around it.
 */
export function UploadWithPreview<O extends string, Row extends PreviewRow<O>, R extends PreviewReport<Row>>(props: UploadWithPreviewProps<O, Row, R>) {
  const { testId, text, template } = props;
  const { t } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const inputId = `${id}-file`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const confirmNoteId = `${id}-confirm-note`;
  const inputRef = useRef<HTMLInputElement>(null);
  // The file the preview was made from: confirming sends this one again.
  const previewed = useRef<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  // The request under way (its key) and the last one's failure and errors.
  const upload = useMutation<'preview' | 'confirm' | 'template'>();
  const { failure, busyKey: busy } = upload;
  const fileErrors = upload.errors.filter((e) => e.field === 'file');
  const otherErrors = upload.errors.filter((e) => e.field !== 'file');
  const [errorsOnly, setErrorsOnly] = useState(false);
  // The upload was refused as a whole (a row had an error after all).
  const [refused, setRefused] = useState(false);

  useEffect(
    () => () => {
      previewed.current = null;
    },
    [],
  );

  const reset = () => {
    previewed.current = null;
    setReport(null);
    upload.reset();
    setErrorsOnly(false);
    setRefused(false);
  };

  const downloadTemplate = async () => {
    if (busy || !template) return;
    const made = template.download();
    // Made at once in the browser: nothing to wait for.
    if (!made) return;
    await upload.run(async () => {
      await made;
      return { errors: [] };
    }, 'template');
  };

  const send = async (file: File, dryRun: boolean): Promise<R | null> => {
    const answer = await upload.run(() => props.send(file, dryRun), dryRun ? 'preview' : 'confirm');
    if (!answer) return null;
    if (answer.errors.length > 0) {
      if (answer.errors.some((e) => e.field === 'file')) inputRef.current?.focus();
      return null;
    }
    return answer.report;
  };

  const preview = async () => {
    if (busy) return;
    reset();
    const file = inputRef.current?.files?.[0];
    if (!file) {
      upload.setErrors([{ field: 'file', code: LOCAL_ERROR, message: text.chooseFile }]);
      inputRef.current?.focus();
      return;
    }
    if (file.size > props.maxBytes) {
      upload.setErrors([{ field: 'file', code: LOCAL_ERROR, message: t('import.tooLarge') }]);
      inputRef.current?.focus();
      return;
    }
    const result = await send(file, true);
    if (result) {
      previewed.current = file;
      setReport(result);
      announce(t('import.previewDone', { rows: result.rows.length, errors: result.errorCount }));
    }
  };

  const confirm = async () => {
    const file = previewed.current;
    if (busy || !file || !props.canConfirm(report)) return;
    const result = await send(file, false);
    if (!result) return;
    setReport(result);
    // Committed or refused, this File is done with: a new attempt starts with a preview.
    previewed.current = null;
    if (result.committed) {
      if (inputRef.current) inputRef.current.value = '';
      announce(props.committedText(result));
      props.onCommitted();
    } else {
      setRefused(true);
      announce(text.notCommitted);
    }
  };

  const shownFileErrors = fileErrors.map((e) => ({ field: 'file', code: LOCAL_ERROR, message: props.fileErrorText(e) }));
  const invalid = shownFileErrors.length > 0;
  const confirmable = props.canConfirm(report);
  const format = report ? props.formatText(report) : null;
  const rows = report ? props.orderRows(report.rows, errorsOnly) : [];

  return (
    <>
      {template && (
        <p className="import-template">
          <button type="button" className="link-button" onClick={() => void downloadTemplate()} disabled={busy === 'template'} data-testid={`${testId}-template`}>
            <span aria-hidden="true">⤓</span> {template.label}
          </button>
          <span className="block small muted">{template.hint}</span>
        </p>
      )}

      <div className={`field import-file ${invalid ? 'field-invalid' : ''}`}>
        <label htmlFor={inputId} className="field-label">
          {text.file}
        </label>
        <p className="field-hint" id={hintId}>
          {text.fileHint}
        </p>
        <FieldErrors id={invalid ? errorId : undefined} errors={shownFileErrors} />
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          name="file"
          accept={props.accept}
          aria-describedby={invalid ? `${errorId} ${hintId}` : hintId}
          aria-invalid={invalid ? true : undefined}
          onChange={reset}
          data-testid={`${testId}-file`}
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
          {busy === 'confirm' ? text.confirming : text.confirm}
        </button>
      </div>
      {report && !report.committed && report.rows.length > 0 && (
        <p id={confirmNoteId} className={`small ${confirmable ? 'muted' : 'import-blocked'}`} data-testid={`${testId}-confirm-note`}>
          {confirmable ? text.confirmReady : text.confirmBlocked}
        </p>
      )}

      {report && (
        <div className="import-report" data-testid={`${testId}-report`} data-committed={report.committed}>
          <h3>{report.committed ? text.resultTitle : t('import.previewTitle')}</h3>
          {report.committed ? (
            <p className="alert alert-success" data-testid={`${testId}-committed`}>
              {props.committedText(report)}
            </p>
          ) : (
            refused && (
              <p className="alert alert-error" data-testid={`${testId}-not-committed`}>
                {text.notCommitted}
              </p>
            )
          )}
          {format && (
            <p className="small" data-testid={`${testId}-format`}>
              {format}
            </p>
          )}
          <h4 className="sr-only">{t('import.counts')}</h4>
          <dl className="facts import-counts">
            {props.outcomes.map((o) => (
              <div key={o} data-testid={`${testId}-count-${o}`}>
                <dt>{props.outcomeLabel(o)}</dt>
                <dd className={o === 'ERROR' && report.errorCount > 0 ? 'import-error-count' : undefined}>{props.outcomeCount(report, o)}</dd>
              </div>
            ))}
          </dl>
          {report.rows.length === 0 ? (
            <p className="empty">{text.noRows}</p>
          ) : (
            <>
              {report.errorCount > 0 && (
                <CheckboxField label={t('import.errorsOnly')} name="errorsOnly" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} />
              )}
              <div className="table-card card import-table-card">
                <table className="data-table import-table" data-testid={`${testId}-table`}>
                  <caption className="sr-only">{t('import.rowsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('import.line')}</th>
                      <th scope="col">{t('import.outcome')}</th>
                      {props.columns.map((label) => (
                        <th key={label} scope="col">
                          {label}
                        </th>
                      ))}
                      <th scope="col">{t('import.problems')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => {
                      const bad = row.outcome === 'ERROR' || row.errors.length > 0;
                      return (
                        <tr key={row.line} className={bad ? 'import-row-error' : undefined} data-testid={`${testId}-row`} data-line={row.line} data-outcome={row.outcome}>
                          <th scope="row" data-label={t('import.line')} className="nowrap">
                            {t('import.lineNo', { line: row.line })}
                          </th>
                          <td data-label={t('import.outcome')}>
                            <span className={`badge ${props.outcomeBadges[row.outcome]}`} data-testid={`${testId}-outcome`}>
                              {props.outcomeLabel(row.outcome)}
                            </span>
                          </td>
                          {props.cells(row)}
                          <td data-label={t('import.problems')}>
                            {row.errors.length === 0 ? (
                              <span className="muted">{t('common.none')}</span>
                            ) : (
                              <ul className="import-problems" data-testid={`${testId}-problems`}>
                                {row.errors.map((e, i) => {
                                  const { column, text: problem } = props.problem(e);
                                  return (
                                    <li key={i}>
                                      {column && <strong>{column}：</strong>}
                                      {problem}
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
    </>
  );
}

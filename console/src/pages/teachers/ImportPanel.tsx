import { useEffect, useId, useRef } from 'react';
import { requestWithFile } from '../../api/client';
import { UploadWithPreview } from '../../components/UploadWithPreview';
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
  PENDING_TRANSFER: 'badge-muted',
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
 * 確認匯入 (the same file again, imported whole) once the preview has no errors
 * (UploadWithPreview). The chosen File is held only until it is imported, replaced or the
 * panel closes; the page never reads its contents and shows national IDs only masked, as
 * the server reports them.
 */
export function ImportPanel({ schoolId, onClose, onImported }: { schoolId: string; onClose: () => void; onImported: () => void }) {
  const { t, locale } = useI18n();
  const headingId = `${useId()}-heading`;
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const none = <span className="muted">{t('common.none')}</span>;

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
      <UploadWithPreview
        testId="import"
        accept={IMPORT_ACCEPT}
        maxBytes={IMPORT_MAX_BYTES}
        text={{
          file: t('import.file'),
          fileHint: t('import.fileHint'),
          chooseFile: t('import.chooseFile'),
          confirm: t('import.confirm'),
          confirming: t('import.confirming'),
          confirmReady: t('import.confirmReady'),
          confirmBlocked: t('import.confirmBlocked'),
          resultTitle: t('import.resultTitle'),
          notCommitted: t('import.notCommitted'),
          noRows: t('import.noRows'),
        }}
        template={{ label: t('import.template'), hint: t('import.templateHint'), download: downloadTemplate }}
        send={async (file, dryRun) => {
          const { importTeachers: payload } = await requestWithFile(ImportTeachersDocument, { schoolId, dryRun }, file);
          return { report: payload.report ?? null, errors: payload.errors };
        }}
        fileErrorText={(e) => fileErrorText(e, t, locale)}
        canConfirm={canConfirm}
        formatText={(report: ImportReport) => {
          const format = formatKey(report.format);
          return t('import.format', { format: format ? t(format) : report.format });
        }}
        committedText={(report) => t('import.committed', committedValues(report))}
        outcomes={IMPORT_OUTCOMES}
        outcomeLabel={(o) => t(outcomeKey(o))}
        outcomeBadges={OUTCOME_BADGE}
        outcomeCount={outcomeCount}
        orderRows={orderRows}
        columns={[t('teacher.name'), t('teacher.nationalIdMasked')]}
        cells={(row) => (
          <>
            <td data-label={t('teacher.name')}>{row.name || none}</td>
            <td data-label={t('teacher.nationalIdMasked')} className="mono nowrap" data-testid="import-masked-id">
              {row.nationalIdMasked ?? none}
            </td>
          </>
        )}
        problem={(e) => ({ column: e.column ?? null, text: cellErrorText(e, t, locale) })}
        onCommitted={onImported}
      />
    </section>
  );
}

function committedValues(report: ImportReport) {
  return {
    rows: report.rows.length,
    new: report.newCount,
    joined: report.joinedCount,
    pending: report.pendingTransferCount,
    updated: report.updatedCount,
    unchanged: report.unchangedCount,
  };
}

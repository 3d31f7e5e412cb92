// 上傳時數檔案: choose a file, 預覽 (a dry run: every row's outcome and problems by line),
// then 確認核發 (the same file again, applied whole) once the preview has no errors
// (UploadWithPreview). The template is made in the browser from the admitted registrations.
import { useId } from 'react';
import { request, requestWithFile } from '../../api/client';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { HOURS_OUTCOMES } from '../../api/domain';
import { UploadWithPreview } from '../../components/UploadWithPreview';
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
  const headingId = `${useId()}-heading`;
  const none = <span className="muted">{t('common.none')}</span>;

  const downloadTemplate = async () => {
    const rows = await allAdmitted(course.id);
    saveText(hoursTemplateCsv(rows, course.hours), hoursTemplateFileName(course.code), 'text/csv;charset=utf-8');
  };

  return (
    <section className="card import-panel hours-upload" aria-labelledby={headingId} data-testid="hours-upload">
      <h2 id={headingId}>{t('hours.upload.title')}</h2>
      <p className="import-intro">{t('hours.upload.intro', { hours: formatHours(course.hours) })}</p>
      <UploadWithPreview
        testId="hours"
        accept={IMPORT_ACCEPT}
        maxBytes={IMPORT_MAX_BYTES}
        text={{
          file: t('hours.upload.file'),
          fileHint: t('hours.upload.fileHint'),
          chooseFile: t('hours.upload.chooseFile'),
          confirm: t('hours.upload.confirm'),
          confirming: t('hours.granting'),
          confirmReady: t('hours.upload.confirmReady'),
          confirmBlocked: t('hours.upload.confirmBlocked'),
          resultTitle: t('hours.upload.resultTitle'),
          notCommitted: t('hours.upload.notCommitted'),
          noRows: t('hours.upload.noRows'),
        }}
        template={{ label: t('hours.upload.template'), hint: t('hours.upload.templateHint'), download: downloadTemplate }}
        send={async (file, dryRun) => {
          const { uploadHours: payload } = await requestWithFile(UploadHoursDocument, { courseId: course.id, dryRun }, file);
          // The server's sentences about rows or the course, worded here; the file's beside its control.
          const errors = payload.errors.map((e) => (e.field === 'file' ? e : { field: e.field, code: LOCAL_ERROR, message: hoursErrorText(e, t, locale) }));
          return { report: errors.length > 0 ? null : payload, errors };
        }}
        fileErrorText={(e) => hoursFileErrorText(e, t, locale)}
        canConfirm={canConfirm}
        formatText={(report: HoursPayload) => {
          if (!report.format) return null;
          const format = formatKey(report.format);
          return t('import.format', { format: format ? t(format) : report.format });
        }}
        committedText={(report) => t('hours.upload.committed', outcomeValues(report))}
        outcomes={HOURS_OUTCOMES}
        outcomeLabel={(o) => t(outcomeKey(o))}
        outcomeBadges={OUTCOME_BADGE}
        outcomeCount={outcomeCount}
        orderRows={orderRows}
        columns={[t('registration.teacherName'), t('teacher.personalCode'), t('hours.hours')]}
        cells={(row) => (
          <>
            <td data-label={t('registration.teacherName')} className="nowrap">
              {row.teacherName ?? none}
            </td>
            <td data-label={t('teacher.personalCode')} className="nowrap">
              {/^[0-9A-Z]{10}$/.test(row.personalCode) ? <PersonalCode code={row.personalCode} /> : <span className="mono">{row.personalCode || t('common.none')}</span>}
            </td>
            <td data-label={t('hours.hours')} className="nowrap" data-testid="hours-row-hours">
              {row.hours === null
                ? none
                : row.outcome === 'CORRECTED' && row.previousHours !== null
                  ? t('hours.correctedFrom', { from: formatHours(row.previousHours), to: formatHours(row.hours) })
                  : formatHours(row.hours)}
            </td>
          </>
        )}
        problem={(e) => {
          const column = errorColumnKey(e.field);
          return { column: column ? t(column) : null, text: hoursErrorText(e, t, locale) };
        }}
        onCommitted={onCommitted}
      />
    </section>
  );
}

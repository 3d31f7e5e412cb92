// 報名名單: a course's registrations for its organizer (admitted by county, district,
// school and name, then the waitlist in order, then ended ones), with 錄取 from the
// waitlist, 取消報名 with a reason, 現場報名 by personal code, and the sign-in sheet.
import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { request } from '../../api/client';
import { paths, REGISTRATION_STATUSES } from '../../api/domain';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { ActionError, ErrorView, NoPermission, NotFound } from '../../components/ErrorView';
import { FormErrors } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { StatusFilter } from '../../components/StatusFilter';
import { Loading, PageTitle } from '../../components/Page';
import { ReasonForm } from '../../components/ReasonForm';
import {
  AdmitRegistrationDocument,
  RegistrationCourseDocument,
  RegistrationsDocument,
  RemoveRegistrationDocument,
  type RegistrationCourseQuery,
  type RegistrationFieldsFragment,
  type RegistrationsQuery,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { CourseFacts, CourseLead } from '../courses/shared';
import { PersonalCode } from '../teachers/PersonalCode';
import { admittedCount, localizeRegistrationErrors, parseStatusFilter, REGISTRATION_BADGE, registrationStatusText } from './model';
import { OnsitePanel } from './OnsitePanel';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 50;
const selectRegistrations = (d: RegistrationsQuery) => d.registrations;

type Course = NonNullable<RegistrationCourseQuery['course']>;
type Row = RegistrationFieldsFragment;
type Notice = { kind: 'admitted' | 'removed'; name: string };

export function RegistrationsPage({ id }: { id: string }) {
  if (!UUID.test(id)) return <NotFound />;
  return <RegistrationsOf id={id} />;
}

function RegistrationsOf({ id }: { id: string }) {
  const query = useQuery(RegistrationCourseDocument, { id });
  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const course = query.data.course;
  if (!course) return <NotFound />;
  if (!course.viewerCan.readRegistrations) return <NoPermission />;
  return <RegistrationList course={course} onCourseChange={() => void query.refetch().catch(() => undefined)} />;
}

function RegistrationList({ course, onCourseChange }: { course: Course; onCourseChange: () => void }) {
  const { t, locale, dateTime } = useI18n();
  const [location, navigate] = useLocation();
  const status = parseStatusFilter(new URLSearchParams(useSearch()).get('status'));
  const [notice, setNotice] = useState<Notice | null>(null);
  const admission = useMutation();
  const { failure, busy } = admission;
  // Whose admission the errors are about.
  const [admittedName, setAdmittedName] = useState('');
  const [removing, setRemoving] = useState<Row | null>(null);

  const result = usePagedQuery(
    RegistrationsDocument,
    { courseId: course.id, status: status ? [status] : null, first: PAGE_SIZE },
    selectRegistrations,
  );
  if (result.error && !result.data) return <ErrorView error={result.error} onRetry={() => void result.refetch()} />;

  const rows = result.nodes;
  const showCodes = course.viewerCan.manageRegistrations || rows.some((r) => r.personalCode);
  const showActions = rows.some((r) => r.viewerCan.admit || r.viewerCan.remove);
  const admitted = admittedCount(course.capacity, course.seatsLeft);

  const refresh = () => {
    onCourseChange();
    void result.refetch().catch(() => {
      // The list shows its own error.
    });
  };

  const admit = async (row: Row) => {
    if (busy) return;
    setNotice(null);
    setAdmittedName(row.teacherName);
    const p = await admission.run(async () => (await request(AdmitRegistrationDocument, { id: row.id })).admitRegistration);
    if (!p?.registration || p.errors.length > 0) return;
    setNotice({ kind: 'admitted', name: row.teacherName });
    refresh();
  };

  const onRemoved = (row: Row) => {
    setRemoving(null);
    setNotice({ kind: 'removed', name: row.teacherName });
    refresh();
  };

  const openRemove = (row: Row) => {
    setNotice(null);
    admission.reset();
    setRemoving(row);
  };

  return (
    <>
      <p className="breadcrumb no-print">
        <Link href={paths.course(course.id)}>{course.title}</Link>
      </p>
      <PageTitle
        title={t('registrations.title', { title: course.title })}
        lead={
          <>
            <CourseLead course={course} />
            <CourseFacts course={course} testId="registration-facts">
              <div>
                <dt>{t('registrations.admitted')}</dt>
                <dd data-testid="admitted-count">{t('registrations.admittedValue', { admitted, capacity: course.capacity })}</dd>
              </div>
              <div>
                <dt>{t('course.seatsLeft')}</dt>
                <dd data-testid="seats-left">{t('registrations.seatsValue', { left: course.seatsLeft })}</dd>
              </div>
            </CourseFacts>
          </>
        }
        actions={
          <>
            <Link href={paths.signInSheet(course.id)} className="button" data-testid="sign-in-sheet-link">
              {t('signInSheet.open')}
            </Link>
            <a href={paths.signInSheetXlsx(course.id)} className="button" download data-testid="xlsx-link">
              {t('signInSheet.download')}
            </a>
            {course.viewerCan.grantHours && (
              <Link href={paths.courseHours(course.id)} className="button" data-testid="hours-link">
                {t('hours.link')}
              </Link>
            )}
          </>
        }
      >
        {t('registrations.title', { title: course.title })}
      </PageTitle>

      {course.viewerCan.registerOnsite ? (
        <OnsitePanel
          courseId={course.id}
          onRegistered={(r) => {
            setNotice(null);
            admission.reset();
            // Stay on a list that shows the new row.
            if (status && status !== r.status) navigate(location, { replace: true });
            refresh();
          }}
        />
      ) : (
        course.viewerCan.manageRegistrations && (
          <p className="alert alert-info" data-testid="no-onsite">
            {course.onsiteRegistration ? t('onsite.closed') : t('onsite.notAllowed')}
          </p>
        )
      )}

      <div role="status" aria-live="polite" className="registration-notice-region" data-testid="registration-notice">
        {notice && (
          <p className="alert alert-success">
            {notice.kind === 'admitted' ? t('registrations.admittedNotice', { name: notice.name }) : t('registrations.removedNotice', { name: notice.name })}
          </p>
        )}
      </div>
      {admission.errors.length > 0 && (
        <FormErrors errors={localizeRegistrationErrors(admission.errors, t, locale)} title={t('registrations.changeFailed', { name: admittedName })} />
      )}
      <ActionError error={failure} />

      <div className="filters card">
        <StatusFilter label={t('registrations.statusFilter')} status={status} statuses={REGISTRATION_STATUSES} text={(s) => t(`registration.status.${s}`)} />
        <p className="filter-help muted small">{t('registrations.orderHint')}</p>
      </div>

      <h2 id="registrations-heading" className="sr-only" tabIndex={-1}>
        {t('registrations.caption')}
      </h2>
      <PagedList paged={result} empty={status ? t('registrations.noMatch') : t('registrations.empty')} emptyTestId="registrations-empty">
        <div className="table-card card">
          <table className="data-table registration-table" aria-labelledby="registrations-heading" data-testid="registration-table">
            <thead>
              <tr>
                <th scope="col">{t('registration.number')}</th>
                <th scope="col">{t('registration.county')}</th>
                <th scope="col">{t('registration.district')}</th>
                <th scope="col">{t('registration.school')}</th>
                <th scope="col">{t('registration.teacherName')}</th>
                {showCodes && <th scope="col">{t('teacher.personalCode')}</th>}
                <th scope="col">{t('registration.status')}</th>
                <th scope="col">{t('registration.channel')}</th>
                {showActions && <th scope="col">{t('registrations.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id} data-testid="registration-row" data-status={r.status} data-channel={r.channel}>
                  <td data-label={t('registration.number')} className="nowrap">
                    {i + 1}
                  </td>
                  <td data-label={t('registration.county')}>{r.countyName ?? <span className="muted">{t('common.none')}</span>}</td>
                  <td data-label={t('registration.district')}>{r.district ?? <span className="muted">{t('common.none')}</span>}</td>
                  <td data-label={t('registration.school')}>{r.school?.name ?? <span className="muted">{t('common.none')}</span>}</td>
                  <th scope="row" data-label={t('registration.teacherName')} data-testid="registration-name">
                    {r.teacherName}
                  </th>
                  {showCodes && (
                    <td data-label={t('teacher.personalCode')}>
                      {r.personalCode ? <PersonalCode code={r.personalCode} /> : <span className="muted">{t('common.none')}</span>}
                    </td>
                  )}
                  <td data-label={t('registration.status')}>
                    <span className={`badge ${REGISTRATION_BADGE[r.status]}`} data-testid="registration-status">
                      {registrationStatusText(r.status, r.waitlistPosition, t)}
                    </span>
                    {r.endedAt && <span className="block small muted nowrap">{dateTime(r.endedAt)}</span>}
                    {r.endReason && <span className="block small pre-wrap">{t('course.reason', { reason: r.endReason })}</span>}
                  </td>
                  <td data-label={t('registration.channel')}>
                    <span data-testid="registration-channel">{t(`registration.channel.${r.channel}`)}</span>
                    <span className="block small muted nowrap">{dateTime(r.registeredAt)}</span>
                  </td>
                  {showActions && (
                    <td data-label={t('registrations.actions')} className="actions-cell">
                      {r.viewerCan.admit && (
                        <button type="button" className="button button-small button-success" disabled={busy} onClick={() => void admit(r)} data-action="admit">
                          {t('registrations.admit')}
                          <span className="sr-only"> {r.teacherName}</span>
                        </button>
                      )}
                      {r.viewerCan.remove && (
                        <button type="button" className="button button-small button-danger" onClick={() => openRemove(r)} data-action="remove">
                          {t('registrations.remove')}
                          <span className="sr-only"> {r.teacherName}</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </PagedList>

      <Dialog open={removing !== null} title={t('registrations.removeTitle')} onClose={() => setRemoving(null)} size="narrow" fallbackFocus="#registrations-heading">
        {removing && <RemoveForm row={removing} onRemoved={() => onRemoved(removing)} onCancel={() => setRemoving(null)} />}
      </Dialog>
    </>
  );
}

/** 取消報名 by the organizer: the reason is required (the teacher is told by email). */
function RemoveForm({ row, onRemoved, onCancel }: { row: Row; onRemoved: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const removal = useMutation();
  const errors = localizeRegistrationErrors(removal.errors, t, locale);

  return (
    <ReasonForm
      intro={t(row.status === 'ADMITTED' ? 'registrations.removeBodyAdmitted' : 'registrations.removeBody', { name: row.teacherName })}
      label={t('registrations.removeReason')}
      hint={t('registrations.removeReasonHint')}
      name="removeReason"
      maxLength={500}
      reason={reason}
      onReason={setReason}
      requiredMessage={t('registration.error.reasonRequired')}
      confirm={t('registrations.removeConfirm')}
      mutation={removal}
      errors={errors}
      send={async (why) => {
        const p = await removal.run(async () => (await request(RemoveRegistrationDocument, { id: row.id, reason: why })).removeRegistration);
        if (p?.registration && p.errors.length === 0) onRemoved();
      }}
      onClose={onCancel}
      testId="remove-form"
    />
  );
}

// The course's hours ledger (時數紀錄), oldest first: every grant and revocation as written,
// append-only. An unrevoked grant can be revoked with a reason (a new, negative entry).
import { useId, useState } from 'react';
import { request } from '../../api/client';
import { useMutation } from '../../api/useMutation';
import type { PagedState } from '../../api/usePagedQuery';
import { Dialog } from '../../components/Dialog';
import { ErrorView } from '../../components/ErrorView';
import { LoadMore } from '../../components/PagedList';
import { Loading } from '../../components/Page';
import { ReasonForm } from '../../components/ReasonForm';
import { RevokeHoursDocument, type HourEntriesQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatHours } from '../courses/model';
import { PersonalCode } from '../teachers/PersonalCode';
import type { HoursCourse } from './CourseHoursPage';
import { entryKindKey, localizeHoursErrors, signedHours, type HourEntry } from './model';

export function HoursLedger({ course, ledger, onRevoked }: {
  course: HoursCourse;
  ledger: PagedState<HourEntriesQuery, HourEntry>;
  onRevoked: () => void;
}) {
  const { t, dateTime } = useI18n();
  const headingId = useId();
  const [revoking, setRevoking] = useState<HourEntry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const entries = ledger.nodes;
  const number = new Map(entries.map((e, i) => [e.id, i + 1]));

  const done = (entry: HourEntry) => {
    setRevoking(null);
    const text = t('hours.revokedNotice', { name: entry.teacherName, hours: formatHours(entry.hours) });
    // Read out by the notice's own live region.
    setNotice(text);
    onRevoked();
  };

  return (
    <section className="card hours-ledger" aria-labelledby={headingId} data-testid="hours-ledger">
      <h2 id={headingId} tabIndex={-1}>
        {t('hours.ledgerTitle')}
      </h2>
      <p className="muted small">{t('hours.ledgerIntro')}</p>
      <div role="status" aria-live="polite" data-testid="ledger-notice">
        {notice && <p className="alert alert-success">{notice}</p>}
      </div>
      {ledger.error && !ledger.data ? (
        <ErrorView error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : !ledger.data ? (
        <Loading />
      ) : entries.length === 0 ? (
        <p className="empty" data-testid="ledger-empty">
          {t('hours.ledgerEmpty')}
        </p>
      ) : (
        <div className="table-card ledger-table-card">
          <table className="data-table ledger-table" data-testid="ledger-table">
            <caption className="sr-only">{t('hours.ledgerTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('signInSheet.number')}</th>
                <th scope="col">{t('hours.issuedAt')}</th>
                <th scope="col">{t('hours.kind')}</th>
                <th scope="col">{t('registration.teacherName')}</th>
                <th scope="col">{t('hours.hours')}</th>
                <th scope="col">{t('hours.reason')}</th>
                <th scope="col">{t('hours.issuedBy')}</th>
                <th scope="col">{t('registrations.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const n = number.get(e.id) ?? 0;
                const target = e.revokesId ? number.get(e.revokesId) : undefined;
                return (
                  <tr key={e.id} data-testid="ledger-row" data-kind={e.kind} data-revoked={e.revoked} data-name={e.teacherName}>
                    <td data-label={t('signInSheet.number')}>{n}</td>
                    <td data-label={t('hours.issuedAt')} className="nowrap small">
                      {dateTime(e.issuedAt)}
                    </td>
                    <td data-label={t('hours.kind')}>
                      <span className={`badge ${e.kind === 'GRANT' ? 'badge-success' : 'badge-danger'}`} data-testid="ledger-kind">
                        {t(entryKindKey(e.kind))}
                      </span>
                      {e.revoked && (
                        <span className="badge badge-muted ledger-revoked" data-testid="ledger-revoked">
                          {t('hours.revoked')}
                        </span>
                      )}
                      {target !== undefined && <span className="block small muted">{t('hours.revokesEntry', { n: target })}</span>}
                    </td>
                    <th scope="row" data-label={t('registration.teacherName')}>
                      {e.teacherName}
                      <span className="block small">
                        <PersonalCode code={e.personalCode} />
                      </span>
                    </th>
                    <td data-label={t('hours.hours')} className="nowrap ledger-hours" data-testid="ledger-hours">
                      {signedHours(e.hours)}
                    </td>
                    <td data-label={t('hours.reason')} className="pre-wrap">
                      {e.reason ?? <span className="muted">{t('common.none')}</span>}
                    </td>
                    <td data-label={t('hours.issuedBy')}>{e.issuedByLogin ?? <span className="muted">{t('common.none')}</span>}</td>
                    <td data-label={t('registrations.actions')} className="actions-cell">
                      {e.kind === 'GRANT' && !e.revoked && course.viewerCan.grantHours && (
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={() => {
                            setNotice(null);
                            setRevoking(e);
                          }}
                          data-action="revoke"
                        >
                          {t('hours.revoke')}
                          <span className="sr-only"> {t('hours.revokeWhat', { name: e.teacherName, hours: formatHours(e.hours) })}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {ledger.data && (
        <LoadMore paged={ledger} />
      )}
      <Dialog open={revoking !== null} title={t('hours.revokeTitle')} onClose={() => setRevoking(null)} size="narrow" fallbackFocus={`[id="${headingId}"]`}>
        {revoking && <RevokeForm entry={revoking} onRevoked={() => done(revoking)} onCancel={() => setRevoking(null)} />}
      </Dialog>
    </section>
  );
}

/** 撤銷 a grant: the reason is required and kept in the ledger. */
function RevokeForm({ entry, onRevoked, onCancel }: { entry: HourEntry; onRevoked: () => void; onCancel: () => void }) {
  const { t, locale, dateTime } = useI18n();
  const [reason, setReason] = useState('');
  const revocation = useMutation();
  // A missing reason is worded for revoking, whether the form or the server found it.
  const errors = localizeHoursErrors(revocation.errors, t, locale).map((x, i) =>
    revocation.errors[i]?.field === 'reason' && revocation.errors[i]?.code === 'REQUIRED' ? { ...x, message: t('hours.error.revokeReasonRequired') } : x,
  );

  return (
    <ReasonForm
      intro={t('hours.revokeBody', { name: entry.teacherName, hours: formatHours(entry.hours), at: dateTime(entry.issuedAt) })}
      label={t('hours.revokeReason')}
      hint={t('hours.revokeReasonHint')}
      name="revokeReason"
      maxLength={500}
      reason={reason}
      onReason={setReason}
      requiredMessage={t('hours.error.revokeReasonRequired')}
      confirm={t('hours.revokeConfirm')}
      mutation={revocation}
      errors={errors}
      send={async (why) => {
        const p = await revocation.run(async () => (await request(RevokeHoursDocument, { grantId: entry.id, reason: why })).revokeHours);
        if (p?.entry && p.errors.length === 0) onRevoked();
      }}
      onClose={onCancel}
      testId="revoke-form"
    />
  );
}

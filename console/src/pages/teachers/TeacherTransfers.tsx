// 待轉入確認: transfers between schools. Outgoing — other schools asking to add this
// school's teachers — are confirmed or objected to here (with a reason); incoming —
// this school's own requests — show only what the school typed (the name as typed, the
// masked ID) and when they take effect: nothing of the teacher's record until confirmed.
// Shown only to those who edit the roster; empty lists show no section.
import { useEffect, useRef, useState } from 'react';
import { request } from '../../api/client';
import { inputErrorText } from '../../api/inputErrors';
import { useQuery } from '../../api/useQuery';
import { ActionError } from '../../components/ErrorView';
import { DecideTeacherTransferDocument, TeacherTransfersDocument, type TeacherTransfersQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';

type Transfer = TeacherTransfersQuery['teacherTransfers']['nodes'][number];

export function TeacherTransfers({ schoolId, version, onDecided }: {
  schoolId: string;
  /** Bumped when the roster changed elsewhere on the page (added, imported): new requests. */
  version: number;
  onDecided: () => void;
}) {
  const { t, date, locale } = useI18n();
  const outgoing = useQuery(TeacherTransfersDocument, { schoolId, direction: 'OUTGOING' });
  const incoming = useQuery(TeacherTransfersDocument, { schoolId, direction: 'INCOMING' });
  const [objecting, setObjecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const seen = useRef(version);
  const { refetch } = incoming;

  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    refetch().catch(() => undefined);
  }, [version, refetch]);

  const decide = async (x: Transfer, accept: boolean) => {
    if (busy) return;
    setBusy(true);
    setErrors([]);
    try {
      const { decideTeacherTransfer: payload } = await request(DecideTeacherTransferDocument, {
        transferId: x.id,
        accept,
        reason: accept ? null : reason.trim() || null,
      });
      if (payload.errors.length > 0) {
        setErrors(payload.errors.map((e) => inputErrorText(e, t, locale)));
        return;
      }
      setObjecting(null);
      setReason('');
      await outgoing.refetch().catch(() => undefined);
      onDecided();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const out = outgoing.data?.teacherTransfers.nodes ?? [];
  const mine = incoming.data?.teacherTransfers.nodes ?? [];
  if (out.length === 0 && mine.length === 0) return <ActionError error={failure} />;
  return (
    <section className="card teacher-transfers" aria-labelledby="teacher-transfers-heading" data-testid="teacher-transfers">
      <h2 id="teacher-transfers-heading">{t('transfers.title')}</h2>
      <ActionError error={failure} />
      {errors.length > 0 && (
        <div className="alert alert-error" role="alert">
          <ul>
            {errors.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {out.length > 0 && (
        <>
          <h3>{t('transfers.outgoing')}</h3>
          <ul className="plain-list">
            {out.map((x) => (
              <li key={x.id} data-testid="transfer-outgoing" data-name={x.teacher?.name ?? ''}>
                <span className="badge badge-warning">{t('transfers.status.PENDING')}</span>{' '}
                {t('transfers.outgoingText', {
                  name: x.teacher?.name ?? x.statedName,
                  masked: x.nationalIdMasked,
                  school: x.toSchool?.name ?? '',
                  date: date(x.takesEffectAt),
                })}
                {x.viewerCan.confirm && (
                  <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void decide(x, true)} data-testid="transfer-confirm">
                    {t('transfers.confirm')}
                  </button>
                )}
                {x.viewerCan.object && objecting !== x.id && (
                  <button type="button" className="button button-small" disabled={busy} onClick={() => setObjecting(x.id)} data-testid="transfer-object">
                    {t('transfers.object')}
                  </button>
                )}
                {objecting === x.id && (
                  <span className="transfer-object-form">
                    <label>
                      {t('transfers.reason')}
                      <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="transfer-reason" />
                    </label>
                    <button type="button" className="button button-small" disabled={busy} onClick={() => void decide(x, false)} data-testid="transfer-object-send">
                      {t('transfers.objectSend')}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {mine.length > 0 && (
        <>
          <h3>{t('transfers.incoming')}</h3>
          <ul className="plain-list">
            {mine.map((x) => (
              <li key={x.id} data-testid="transfer-incoming">
                <span className="badge badge-muted">{t('transfers.status.PENDING')}</span>{' '}
                {t('transfers.incomingText', { name: x.statedName, masked: x.nationalIdMasked, date: date(x.takesEffectAt) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

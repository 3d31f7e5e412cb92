// 待轉入確認: transfers between schools. Outgoing — other schools asking to add this
// school's teachers — are confirmed or objected to here (with a reason); incoming —
// this school's own requests — show only what the school typed (the name as typed, the
// masked ID) and when they take effect: nothing of the teacher's record until confirmed.
// Shown only to those who edit the roster; empty lists show no section.
import { useEffect, useRef } from 'react';
import { useQuery } from '../../api/useQuery';
import { ActionError } from '../../components/ErrorView';
import { TeacherTransfersDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { TransferDecisionControls, TransferDecisionErrors, useTransferDecision } from './TransferDecision';

export function TeacherTransfers({ schoolId, version, onDecided }: {
  schoolId: string;
  /** Bumped when the roster changed elsewhere on the page (added, imported): new requests. */
  version: number;
  onDecided: () => void;
}) {
  const { t, date } = useI18n();
  const outgoing = useQuery(TeacherTransfersDocument, { schoolId, direction: 'OUTGOING' });
  const incoming = useQuery(TeacherTransfersDocument, { schoolId, direction: 'INCOMING' });
  const seen = useRef(version);
  const { refetch } = incoming;

  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    refetch().catch(() => undefined);
  }, [version, refetch]);

  const decision = useTransferDecision(async () => {
    await outgoing.refetch().catch(() => undefined);
    onDecided();
  });

  const out = outgoing.data?.teacherTransfers.nodes ?? [];
  const mine = incoming.data?.teacherTransfers.nodes ?? [];
  if (out.length === 0 && mine.length === 0) return <ActionError error={decision.failure} />;
  return (
    <section className="card teacher-transfers" aria-labelledby="teacher-transfers-heading" data-testid="teacher-transfers">
      <h2 id="teacher-transfers-heading">{t('transfers.title')}</h2>
      <TransferDecisionErrors decision={decision} />
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
                <TransferDecisionControls transfer={x} decision={decision} testId="transfer" confirmLabel={t('transfers.confirm')} />
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

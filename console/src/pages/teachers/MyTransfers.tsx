// 轉入申請: another school asked to add the signed-in teacher. She may confirm (she moves
// there) or object with a reason; without either the move takes effect when the notice
// period ends. Only pending requests are shown.
import { useId } from 'react';
import { ActionError } from '../../components/ErrorView';
import { type MyTeacherQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { TransferDecisionControls, TransferDecisionErrors, useTransferDecision } from './TransferDecision';

type Transfer = NonNullable<NonNullable<MyTeacherQuery['me']>['teacher']>['transfers'][number];

export function MyTransfers({ transfers, onDecided }: { transfers: readonly Transfer[]; onDecided: () => void }) {
  const { t, date } = useI18n();
  const headingId = useId();
  const decision = useTransferDecision(onDecided);
  const pending = transfers.filter((x) => x.status === 'PENDING');
  if (pending.length === 0) return <ActionError error={decision.failure} />;

  return (
    <section className="card my-transfers" aria-labelledby={headingId} data-testid="my-transfers">
      <h2 id={headingId}>{t('myTransfers.title')}</h2>
      <TransferDecisionErrors decision={decision} />
      <ul className="plain-list">
        {pending.map((x) => (
          <li key={x.id} data-testid="my-transfer">
            {t('myTransfers.text', { school: x.toSchool?.name ?? '', date: date(x.takesEffectAt) })}{' '}
            <TransferDecisionControls transfer={x} decision={decision} testId="my-transfer" confirmLabel={t('myTransfers.confirm')} />
          </li>
        ))}
      </ul>
    </section>
  );
}

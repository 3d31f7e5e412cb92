// 轉入申請: another school asked to add the signed-in teacher. She may confirm (she moves
// there) or object with a reason; without either the move takes effect when the notice
// period ends. Only pending requests are shown.
import { useId, useState } from 'react';
import { request } from '../../api/client';
import { inputErrorText } from '../../api/inputErrors';
import { ActionError } from '../../components/ErrorView';
import { DecideTeacherTransferDocument, type MyTeacherQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';

type Transfer = NonNullable<NonNullable<MyTeacherQuery['me']>['teacher']>['transfers'][number];

export function MyTransfers({ transfers, onDecided }: { transfers: readonly Transfer[]; onDecided: () => void }) {
  const { t, date, locale } = useI18n();
  const headingId = useId();
  const [objecting, setObjecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const pending = transfers.filter((x) => x.status === 'PENDING');
  if (pending.length === 0) return <ActionError error={failure} />;

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
      onDecided();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card my-transfers" aria-labelledby={headingId} data-testid="my-transfers">
      <h2 id={headingId}>{t('myTransfers.title')}</h2>
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
      <ul className="plain-list">
        {pending.map((x) => (
          <li key={x.id} data-testid="my-transfer">
            {t('myTransfers.text', { school: x.toSchool?.name ?? '', date: date(x.takesEffectAt) })}{' '}
            {x.viewerCan.confirm && (
              <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void decide(x, true)} data-testid="my-transfer-confirm">
                {t('myTransfers.confirm')}
              </button>
            )}
            {x.viewerCan.object && objecting !== x.id && (
              <button type="button" className="button button-small" disabled={busy} onClick={() => setObjecting(x.id)} data-testid="my-transfer-object">
                {t('transfers.object')}
              </button>
            )}
            {objecting === x.id && (
              <span className="transfer-object-form">
                <label>
                  {t('transfers.reason')}
                  <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="my-transfer-reason" />
                </label>
                <button type="button" className="button button-small" disabled={busy} onClick={() => void decide(x, false)} data-testid="my-transfer-object-send">
                  {t('transfers.objectSend')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

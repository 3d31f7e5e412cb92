// Deciding a teacher transfer (confirm, or object with a reason): the same request, state
// and controls for the former school (待轉入確認 on the roster) and for the teacher herself
// (轉入申請 on her card).
import { useState } from 'react';
import { request } from '../../api/client';
import { inputErrorText } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { ActionError } from '../../components/ErrorView';
import { DecideTeacherTransferDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n';

type Decidable = { id: string; viewerCan: { confirm: boolean; object: boolean } };

export type TransferDecision = ReturnType<typeof useTransferDecision>;

/** State of one list's decisions; `onDecided` runs after a decision was taken. */
export function useTransferDecision(onDecided: () => Promise<unknown> | void) {
  const { t, locale } = useI18n();
  const [objecting, setObjecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const decision = useMutation();
  const { busy, failure } = decision;
  const errors = decision.errors.map((e) => inputErrorText(e, t, locale));

  const decide = async (transferId: string, accept: boolean) => {
    await decision.run(async () => {
      const { decideTeacherTransfer: payload } = await request(DecideTeacherTransferDocument, {
        transferId,
        accept,
        reason: accept ? null : reason.trim() || null,
      });
      if (payload.errors.length === 0) {
        setObjecting(null);
        setReason('');
        await onDecided();
      }
      return payload;
    });
  };

  return { objecting, setObjecting, reason, setReason, errors, busy, failure, decide };
}

/** The failure and the refused decision's errors, above the list. */
export function TransferDecisionErrors({ decision }: { decision: TransferDecision }) {
  return (
    <>
      <ActionError error={decision.failure} />
      {decision.errors.length > 0 && (
        <div className="alert alert-error" role="alert">
          <ul>
            {decision.errors.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** Confirm and object buttons, and the reason form while objecting; test ids `${testId}-confirm` …. */
export function TransferDecisionControls({ transfer, decision, testId, confirmLabel }: {
  transfer: Decidable;
  decision: TransferDecision;
  testId: string;
  confirmLabel: string;
}) {
  const { t } = useI18n();
  const { busy, objecting, reason } = decision;
  return (
    <>
      {transfer.viewerCan.confirm && (
        <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void decision.decide(transfer.id, true)} data-testid={`${testId}-confirm`}>
          {confirmLabel}
        </button>
      )}{' '}
      {transfer.viewerCan.object && objecting !== transfer.id && (
        <button type="button" className="button button-small" disabled={busy} onClick={() => decision.setObjecting(transfer.id)} data-testid={`${testId}-object`}>
          {t('transfers.object')}
        </button>
      )}
      {objecting === transfer.id && (
        <span className="transfer-object-form">
          <label>
            {t('transfers.reason')}
            <input value={reason} maxLength={500} onChange={(e) => decision.setReason(e.target.value)} data-testid={`${testId}-reason`} />
          </label>
          <button type="button" className="button button-small" disabled={busy} onClick={() => void decision.decide(transfer.id, false)} data-testid={`${testId}-object-send`}>
            {t('transfers.objectSend')}
          </button>
        </span>
      )}
    </>
  );
}

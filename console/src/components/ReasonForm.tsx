import type { FormEvent } from 'react';
import { LOCAL_ERROR, type InputErrorLike } from '../api/inputErrors';
import type { MutationState } from '../api/useMutation';
import { useI18n } from '../i18n';
import { ActionError } from './ErrorView';
import { FormErrors, TextAreaField } from './Field';

/**
 * A dialog's form for a step that needs a reason (取消研習, 取消報名, 撤銷 hours): what the step
 * does, the reason (required: a blank one is refused beside the field before sending, and
 * focused), the other errors and a failed request above it, then the confirming button and
 * 關閉. `errors` are the mutation's, worded by the page; those on `reason` go beside it.
 */
export function ReasonForm({ intro, label, hint, name, maxLength, reason, onReason, requiredMessage, confirm, mutation, errors, send, onClose, testId }: {
  intro: string;
  label: string;
  hint?: string;
  /** The text area's name, unique on the page. */
  name: string;
  maxLength: number;
  reason: string;
  onReason: (reason: string) => void;
  requiredMessage: string;
  confirm: string;
  mutation: MutationState;
  errors: readonly InputErrorLike[];
  /** Sends the step with the reason, trimmed. */
  send: (reason: string) => Promise<void>;
  onClose: () => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mutation.busy) return;
    if (reason.trim() === '') {
      mutation.setErrors([{ field: 'reason', code: LOCAL_ERROR, message: requiredMessage }]);
      document.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
      return;
    }
    await send(reason.trim());
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form" data-testid={testId}>
      <p>{intro}</p>
      <FormErrors errors={errors.filter((e) => e.field !== 'reason')} />
      <ActionError error={mutation.failure} />
      <TextAreaField
        label={label}
        hint={hint}
        name={name}
        rows={3}
        value={reason}
        onChange={(e) => onReason(e.target.value)}
        errors={errors.filter((e) => e.field === 'reason')}
        required
        maxLength={maxLength}
        data-autofocus
      />
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={mutation.busy}>
          {confirm}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </form>
  );
}

import { useRef, useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import type { InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { ActionError } from '../../components/ErrorView';
import { FormErrors, TextField } from '../../components/Field';
import { OpenRosterCampaignDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { taipeiDay } from '../../i18n/format';
import { parseSchoolYear, schoolYearRange, suggestedDeadline } from './schoolYear';

/** Input names of openRosterCampaign; errors for these appear beside their field. */
const FIELDS = ['schoolYear', 'deadline'] as const;

/** For operators: opens a school year's campaign, which writes to every school. */
export function OpenCampaignForm({ schoolYear, onOpened }: {
  schoolYear: number;
  onOpened: (schoolYear: number, messagesQueued: number) => void;
}) {
  const { t, date } = useI18n();
  const [year, setYear] = useState(String(schoolYear));
  const [deadline, setDeadline] = useState(() => suggestedDeadline(schoolYear));
  const opening = useMutation({ fields: FIELDS });
  const { grouped, failure, busy } = opening;
  const formRef = useRef<HTMLFormElement>(null);

  const parsedYear = parseSchoolYear(year.trim());
  const range = schoolYearRange(parsedYear ?? schoolYear);
  const today = taipeiDay();
  const min = today > range.first ? today : range.first;

  const focusFirstError = (list: readonly InputErrorLike[]) => {
    const first = FIELDS.find((f) => list.some((e) => e.field === f));
    const el = first ? formRef.current?.elements.namedItem(first) : null;
    if (el instanceof HTMLElement) el.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Blank or malformed values are answered here; the range is the server's to check.
    const local: InputErrorLike[] = [];
    if (parsedYear === null) local.push({ field: 'schoolYear', code: 'OUT_OF_RANGE', message: '' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) local.push({ field: 'deadline', code: 'REQUIRED', message: '' });
    if (local.length > 0 || parsedYear === null) {
      opening.setErrors(local);
      focusFirstError(local);
      return;
    }
    const payload = await opening.run(async () => (await request(OpenRosterCampaignDocument, { schoolYear: parsedYear, deadline })).openRosterCampaign);
    if (!payload) return;
    if (payload.errors.length > 0 || !payload.campaign) {
      focusFirstError(payload.errors);
      return;
    }
    onOpened(payload.campaign.schoolYear, payload.messagesQueued);
  };

  return (
    <section className="card" aria-labelledby="open-campaign-heading">
      <h2 id="open-campaign-heading">{t('roster.open.title')}</h2>
      <p className="muted">{t('roster.open.intro')}</p>
      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="open-campaign">
        <FormErrors errors={grouped.general} />
        <ActionError error={failure} />
        <div className="form-grid">
          <TextField
            label={t('roster.open.schoolYear')}
            hint={t('roster.open.schoolYearHint')}
            name="schoolYear"
            inputMode="numeric"
            autoComplete="off"
            value={year}
            onChange={(e) => setYear(e.target.value)}
            errors={grouped.byField.schoolYear}
            required
          />
          <TextField
            label={t('roster.open.deadline')}
            hint={t('roster.open.deadlineHint', { from: date(range.first), to: date(range.last) })}
            name="deadline"
            type="date"
            min={min}
            max={range.last}
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            errors={grouped.byField.deadline}
            required
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('roster.open.submitting') : t('roster.open.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

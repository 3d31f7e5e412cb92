import { useLocation } from 'wouter';
import { useI18n } from '../i18n';
import { SelectField } from './Field';

/** A list's status filter, kept in the URL's `?status=` (全部 drops it). */
export function StatusFilter<S extends string>({ label, status, statuses, text, testId }: {
  label: string;
  status: S | null;
  statuses: readonly S[];
  text: (status: S) => string;
  testId?: string;
}) {
  const { t } = useI18n();
  const [location, navigate] = useLocation();
  return (
    <SelectField
      label={label}
      name="status"
      value={status ?? ''}
      onChange={(e) => navigate(e.target.value ? `${location}?status=${e.target.value}` : location, { replace: true })}
      data-testid={testId}
    >
      <option value="">{t('common.all')}</option>
      {statuses.map((s) => (
        <option key={s} value={s}>
          {text(s)}
        </option>
      ))}
    </SelectField>
  );
}

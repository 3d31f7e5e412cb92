import { useId } from 'react';
import { useI18n } from '../../i18n';
import { currentPeriod, periodLabel, yearOptions, type Period } from './model';

/**
 * A period of hours, 學年度 or 年度 and which one (我的研習時數, 研習課程報表): choosing the
 * kind goes to its current year. `name` groups the radios; the test ids name the controls.
 */
export function PeriodFields({ period, onChange, name, kindTestId, yearTestId }: {
  period: Period;
  onChange: (period: Period) => void;
  name: string;
  kindTestId?: string;
  yearTestId: string;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <>
      <fieldset className="period-kind">
        <legend className="field-label">{t('myHours.periodKind')}</legend>
        <div className="segmented" data-testid={kindTestId}>
          {(['schoolYear', 'calendarYear'] as const).map((kind) => (
            <span key={kind} className="segmented-option">
              <input type="radio" id={`${id}-${kind}`} name={name} value={kind} checked={period.kind === kind} onChange={() => onChange(currentPeriod(kind))} />
              <label htmlFor={`${id}-${kind}`}>{t(kind === 'schoolYear' ? 'myHours.kind.schoolYear' : 'myHours.kind.calendarYear')}</label>
            </span>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-year`} className="field-label">
          {t(period.kind === 'schoolYear' ? 'myHours.schoolYear' : 'myHours.calendarYear')}
        </label>
        <select id={`${id}-year`} value={period.year} onChange={(e) => onChange({ kind: period.kind, year: Number(e.target.value) })} data-testid={yearTestId}>
          {yearOptions(period).map((y) => (
            <option key={y} value={y}>
              {periodLabel({ kind: period.kind, year: y }, t)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

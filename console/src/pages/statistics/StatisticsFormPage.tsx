// 新增統計數據申請: the unit asking (the viewer's division or bureau), the purpose and its
// category, the period (a school year, a calendar year or dates), optional filters (counties
// in the Ministry's order, stages, tags), the grouping (up to three dimensions, in order; the
// last is the table's columns) and the measures, with a threshold when one counts teachers
// meeting it. Checked here first; the server's errors appear beside their fields.
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { COUNTIES, DIMENSIONS, EDUCATION_STAGES, MAX_DIMENSIONS, MEASURES, paths, PURPOSE_CATEGORIES } from '../../api/domain';
import { request } from '../../api/client';
import { type InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { ActionError } from '../../components/ErrorView';
import { CheckboxGroupField, FieldErrors, SelectField, TextField } from '../../components/Field';
import { RequestStatisticsDocument, StatisticsTagsDocument, type Dimension, type EducationStage, type Measure, type PurposeCategory } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { taipeiDay } from '../../i18n/format';
import { currentCalendarYear } from '../hours/model';
import { currentSchoolYear } from '../roster/schoolYear';
import { statisticsUnits } from './access';
import { ApplicationForm, ApplicationFormPage, focusFirstError, PurposeField } from './ApplicationList';
import {
  checkStatisticsDraft,
  dimensionsText,
  emptyStatisticsDraft,
  localizeErrors,
  setDimension,
  statisticsErrorText,
  statisticsFormField,
  statisticsInput,
  type PeriodKind,
  type StatisticsDraft,
} from './model';

const PERIOD_KINDS: readonly PeriodKind[] = ['schoolYear', 'calendarYear', 'dates'];
/** Fields the form shows errors beside; any other error goes to the top. */
const FORM_FIELDS = [
  'unitId',
  'purpose',
  'purposeCategory',
  'period',
  'counties',
  'stages',
  'tags',
  'dimensions',
  'dimensions[0]',
  'dimensions[1]',
  'dimensions[2]',
  'measures',
  'threshold',
  'threshold.hours',
  'threshold.tag',
];

export function StatisticsFormPage() {
  return <ApplicationFormPage kind="stats" unitsOf={statisticsUnits} form={(units, initialUnitId) => <StatisticsForm units={units} initialUnitId={initialUnitId} />} />;
}

function StatisticsForm({ units, initialUnitId }: { units: ReturnType<typeof statisticsUnits>; initialUnitId: string }) {
  const { t, locale } = useI18n();
  const [, navigate] = useLocation();
  const announce = useAnnounce();
  const id = useId();
  const today = taipeiDay();
  const [draft, setDraft] = useState<StatisticsDraft>(() => emptyStatisticsDraft(initialUnitId, today));
  const submission = useMutation();
  const { failure, busy } = submission;
  // The server's errors and the form's own, worded and placed beside their fields.
  const errors = localizeErrors(submission.errors, statisticsErrorText, t, locale, statisticsFormField);
  const tagsQuery = useQuery(StatisticsTagsDocument, {});
  const tags = tagsQuery.data?.tags ?? [];
  const unit = units.find((u) => u.id === draft.unitId) ?? null;
  const set = <K extends keyof StatisticsDraft>(key: K, value: StatisticsDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const schoolYears = useMemo(() => Array.from({ length: 10 }, (_, i) => currentSchoolYear() - i), []);
  const calendarYears = useMemo(() => Array.from({ length: 10 }, (_, i) => currentCalendarYear() - i), []);
  const tagLabel = (tag: { name: string; nameEn: string }) => (locale === 'zh-TW' ? tag.name : tag.nameEn);

  const on = (field: string) => errors.filter((e) => e.field === field);
  const general = errors.filter((e) => !e.field || !FORM_FIELDS.includes(e.field));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = checkStatisticsDraft(draft, t);
    if (local.length > 0) {
      submission.setErrors(local);
      focusFirstError(local, FORM_FIELDS);
      return;
    }
    const p = await submission.run(async () => (await request(RequestStatisticsDocument, { input: statisticsInput(draft) })).requestStatistics);
    if (!p) return;
    if (p.errors.length > 0 || !p.request) {
      focusFirstError(localizeErrors(p.errors, statisticsErrorText, t, locale, statisticsFormField), FORM_FIELDS);
      return;
    }
    announce(t('stats.submitted', { number: p.request.number }));
    navigate(paths.statisticsRequest(p.request.id));
  };

  const countyBureau = unit?.kind === 'COUNTY_BUREAU';
  const threshold = draft.measures.includes('TEACHERS_MEETING_THRESHOLD');

  return (
    <ApplicationForm kind="stats" className="statistics-form" errors={errors} general={general} failure={failure} busy={busy} onSubmit={submit}>
      <p className="alert alert-info small">{t('stats.disclosureNote')}</p>

      <section className="card" aria-labelledby={`${id}-who`}>
        <h2 id={`${id}-who`}>{t('stats.section.who')}</h2>
        <div className="form-grid">
          <div data-field="unitId">
            <SelectField label={t('stats.field.unit')} required value={draft.unitId} onChange={(e) => set('unitId', e.target.value)} errors={on('unitId')}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </SelectField>
            <p className="field-hint field-after" data-testid="statistics-scope">
              {jurisdictionHint(unit?.kind, t)}
            </p>
          </div>
          <div data-field="purposeCategory">
            <SelectField
              label={t('stats.field.category')}
              required
              value={draft.purposeCategory}
              onChange={(e) => set('purposeCategory', e.target.value as PurposeCategory | '')}
              errors={on('purposeCategory')}
            >
              <option value="">{t('stats.chooseCategory')}</option>
              {PURPOSE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`stats.category.${c}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <PurposeField kind="stats" value={draft.purpose} onChange={(v) => set('purpose', v)} errors={on('purpose')} />
        </div>
      </section>

      <section className="card" aria-labelledby={`${id}-period`}>
        <h2 id={`${id}-period`}>{t('stats.field.period')}</h2>
        <fieldset className="field period-fieldset" data-field="period" aria-describedby={on('period').length > 0 ? `${id}-period-error` : undefined}>
          <legend className="field-label">{t('stats.periodKind')}</legend>
          <FieldErrors id={on('period').length > 0 ? `${id}-period-error` : undefined} errors={on('period')} />
          <div className="segmented" data-testid="period-kind">
            {PERIOD_KINDS.map((kind) => (
              <span key={kind} className="segmented-option">
                <input type="radio" id={`${id}-${kind}`} name="periodKind" value={kind} checked={draft.periodKind === kind} onChange={() => set('periodKind', kind)} />
                <label htmlFor={`${id}-${kind}`}>{t(`stats.periodKind.${kind}`)}</label>
              </span>
            ))}
          </div>
          <div className="period-values">
            {draft.periodKind === 'schoolYear' && (
              <SelectField label={t('myHours.schoolYear')} value={draft.schoolYear} onChange={(e) => set('schoolYear', Number(e.target.value))}>
                {schoolYears.map((y) => (
                  <option key={y} value={y}>
                    {t('myHours.schoolYearValue', { year: y })}
                  </option>
                ))}
              </SelectField>
            )}
            {draft.periodKind === 'calendarYear' && (
              <SelectField label={t('myHours.calendarYear')} value={draft.calendarYear} onChange={(e) => set('calendarYear', Number(e.target.value))}>
                {calendarYears.map((y) => (
                  <option key={y} value={y}>
                    {t('myHours.calendarYearValue', { year: y })}
                  </option>
                ))}
              </SelectField>
            )}
            {draft.periodKind === 'dates' && (
              <>
                <TextField label={t('stats.from')} type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
                <TextField label={t('stats.to')} type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />
              </>
            )}
          </div>
          <p className="field-hint">{t('stats.periodHint')}</p>
        </fieldset>
      </section>

      <section className="card" aria-labelledby={`${id}-filters`}>
        <h2 id={`${id}-filters`}>{t('stats.section.filters')}</h2>
        <p className="muted small">{t('stats.filtersIntro')}</p>
        {countyBureau ? (
          <p className="small" data-testid="county-scope">
            <strong>{t('stats.field.counties')}</strong>：{t('stats.countyBureauScope', { unit: unit?.name ?? '' })}
          </p>
        ) : (
          <div data-field="counties">
            <CheckboxGroupField
              legend={t('stats.field.counties')}
              hint={t('stats.countiesHint')}
              className="checkbox-grid"
              options={COUNTIES.map((c) => ({ value: c.code, label: locale === 'zh-TW' ? c.zh : c.en }))}
              value={draft.counties}
              onChange={(v) => set('counties', v)}
              errors={on('counties')}
            />
          </div>
        )}
        <div data-field="stages">
          <CheckboxGroupField<EducationStage>
            legend={t('stats.field.stages')}
            hint={t('stats.emptyMeansAll')}
            options={EDUCATION_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
            value={draft.stages}
            onChange={(v) => set('stages', v)}
            errors={on('stages')}
          />
        </div>
        <div data-field="tags">
          {tagsQuery.error ? (
            <ActionError error={tagsQuery.error} />
          ) : (
            <CheckboxGroupField
              legend={t('stats.field.tags')}
              hint={t('stats.tagsHint')}
              className="checkbox-grid"
              options={tags.map((tag) => ({ value: tag.code, label: tagLabel(tag) }))}
              value={draft.tags}
              onChange={(v) => set('tags', v)}
              errors={on('tags')}
            />
          )}
        </div>
      </section>

      <section className="card" aria-labelledby={`${id}-table`}>
        <h2 id={`${id}-table`}>{t('stats.section.table')}</h2>
        <fieldset className="field dimension-fieldset" data-field="dimensions" aria-describedby={`${id}-dims-hint`}>
          <legend className="field-label">{t('stats.field.dimensions')}</legend>
          <p className="field-hint" id={`${id}-dims-hint`}>
            {t('stats.dimensionsHint', { max: MAX_DIMENSIONS })}
          </p>
          <FieldErrors id={on('dimensions').length > 0 ? `${id}-dims-error` : undefined} errors={on('dimensions')} />
          <div className="dimension-selects">
            {Array.from({ length: MAX_DIMENSIONS }, (_, i) => {
              const disabled = i > draft.dimensions.length;
              const last = i === draft.dimensions.length - 1;
              return (
                <div key={i} data-field={`dimensions[${i}]`}>
                  <SelectField
                    label={last ? t('stats.dimensionColumns', { n: i + 1 }) : t('stats.dimensionN', { n: i + 1 })}
                    value={draft.dimensions[i] ?? ''}
                    disabled={disabled}
                    onChange={(e) => set('dimensions', setDimension(draft.dimensions, i, e.target.value as Dimension | ''))}
                    errors={on(`dimensions[${i}]`)}
                    data-testid={`dimension-${i}`}
                  >
                    <option value="">{i === 0 ? t('stats.noDimension') : t('stats.noMoreDimension')}</option>
                    {DIMENSIONS.map((d) => (
                      <option key={d} value={d} disabled={draft.dimensions.slice(0, i).includes(d)}>
                        {t(`stats.dimension.${d}`)}
                      </option>
                    ))}
                  </SelectField>
                </div>
              );
            })}
          </div>
          <p className="dimension-preview" data-testid="dimension-preview" aria-live="polite">
            <strong>{t('stats.layout')}</strong>：{dimensionsText(draft.dimensions, t)}
          </p>
        </fieldset>

        <div data-field="measures">
          <MeasureChoices value={draft.measures} onChange={(v) => set('measures', v)} errors={on('measures')} />
        </div>

        {threshold && (
          <fieldset className="field threshold-fieldset" data-field="threshold">
            <legend className="field-label">{t('stats.field.threshold')}</legend>
            <FieldErrors id={on('threshold').length > 0 ? `${id}-threshold-error` : undefined} errors={on('threshold')} />
            <div className="form-grid">
              <div data-field="threshold.hours">
                <TextField
                  label={t('stats.thresholdHours')}
                  hint={t('stats.thresholdHoursHint')}
                  required
                  inputMode="decimal"
                  value={draft.thresholdHours}
                  onChange={(e) => set('thresholdHours', e.target.value)}
                  errors={on('threshold.hours')}
                />
              </div>
              <div data-field="threshold.tag">
                <SelectField label={t('stats.thresholdTag')} value={draft.thresholdTag} onChange={(e) => set('thresholdTag', e.target.value)} errors={on('threshold.tag')}>
                  <option value="">{t('stats.threshold.allHours')}</option>
                  {tags.map((tag) => (
                    <option key={tag.code} value={tag.code}>
                      {tagLabel(tag)}
                    </option>
                  ))}
                </SelectField>
              </div>
            </div>
          </fieldset>
        )}
      </section>

    </ApplicationForm>
  );
}

/** Whose teachers the unit's statistics count. */
function jurisdictionHint(kind: string | undefined, t: ReturnType<typeof useI18n>['t']): ReactNode {
  switch (kind) {
    case 'MINISTRY':
    case 'MINISTRY_DIVISION':
      return t('stats.scope.national');
    case 'COUNTY_BUREAU':
      return t('stats.scope.county');
    case 'K12_ADMINISTRATION':
    case 'K12_DIVISION':
      return t('stats.scope.k12');
    default:
      return undefined;
  }
}

function MeasureChoices({ value, onChange, errors }: { value: Measure[]; onChange: (next: Measure[]) => void; errors: InputErrorLike[] }) {
  const { t } = useI18n();
  const id = useId();
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  return (
    <fieldset className={`field checkbox-group measure-group ${errorId ? 'field-invalid' : ''}`} aria-describedby={errorId}>
      <legend className="field-label">
        {t('stats.field.measures')}
        <span className="field-required"> {t('common.required')}</span>
      </legend>
      <FieldErrors id={errorId} errors={errors} />
      <ul className="measure-options">
        {MEASURES.map((m) => (
          <li key={m}>
            <input
              id={`${id}-${m}`}
              type="checkbox"
              checked={value.includes(m)}
              onChange={(e) => onChange(e.target.checked ? [...value, m] : value.filter((x) => x !== m))}
              aria-describedby={`${id}-${m}-hint`}
            />
            <label htmlFor={`${id}-${m}`}>{t(`stats.measure.${m}`)}</label>
            <span className="small muted block" id={`${id}-${m}-hint`}>
              {t(`stats.measureHint.${m}`)}
            </span>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

// 我的服務單位, on the teacher's home: the school whose roster has them, the newest service
// statement (and whether a school still has to confirm it), a form to report a change of
// service unit (回報服務單位異動: a unit found by name or code, or none, since a Taipei day)
// and the whole service record. A report changes no roster: the schools concerned see a
// conflict and answer it.
import { useId, useRef, useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { useQuery } from '../../api/useQuery';
import { ActionError } from '../../components/ErrorView';
import { FieldErrors, FormErrors, TextField } from '../../components/Field';
import {
  MyServiceUnitDocument,
  ServiceUnitSearchDocument,
  StateServiceUnitDocument,
  type MyServiceUnitQuery,
  type ServiceUnitSearchQuery,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { taipeiDay } from '../../i18n/format';
import { ServiceHistory } from './ServiceHistory';
import { describeStatement, pendingStatement, sinceFromDay, sourceKey, statementUnitText, supersedingStatement } from './serviceModel';

type Teacher = NonNullable<NonNullable<MyServiceUnitQuery['me']>['teacher']>;
type Statement = Teacher['serviceHistory'][number];
type Unit = ServiceUnitSearchQuery['orgUnits']['nodes'][number];

/** Units listed per search: enough for a school's name, short enough to read through. */
const SEARCH_LIMIT = 20;
const FIELDS = ['unitId', 'since'] as const;

export function MyServiceUnit() {
  const { t, date } = useI18n();
  const headingId = useId();
  const reportId = useId();
  const [reporting, setReporting] = useState(false);
  const query = useQuery(MyServiceUnitDocument, {});
  if (query.error) return <ActionError error={query.error} />;
  const teacher = query.data?.me?.teacher;
  if (!teacher) return null;
  const newest = teacher.serviceHistory[0] ?? null;
  const pending = pendingStatement(teacher.school, teacher.serviceHistory);

  return (
    <section className="card my-service-card" aria-labelledby={headingId} data-testid="my-service-card">
      <h2 id={headingId}>{t('myService.title')}</h2>
      <dl className="facts my-service-facts">
        <div>
          <dt>{t('myService.rosterSchool')}</dt>
          <dd data-testid="my-roster-school">{teacher.school ? teacher.school.name : <span className="muted">{t('myTeacher.noSchool')}</span>}</dd>
        </div>
        <div>
          <dt>{t('myService.latest')}</dt>
          <dd data-testid="my-latest-statement">
            {newest ? (
              <>
                {statementUnitText(newest, t)} <span className="badge">{t(sourceKey(newest.source))}</span>{' '}
                <span className="small muted nowrap">{t('service.since', { date: date(newest.statedAt) })}</span>
              </>
            ) : (
              <span className="muted">{t('myService.noHistory')}</span>
            )}
          </dd>
        </div>
      </dl>
      {pending && (
        <p className="alert alert-warning" data-testid="my-service-pending">
          {t('myService.pending')}
        </p>
      )}
      <p>
        <button
          type="button"
          className="button"
          aria-expanded={reporting}
          aria-controls={reportId}
          onClick={() => {
            const opening = !reporting;
            setReporting(opening);
            // Continue at the form's first field once it shows.
            if (opening) window.setTimeout(() => document.getElementById(reportId)?.querySelector<HTMLInputElement>('input[name="unitSearch"]')?.focus(), 0);
          }}
          data-testid="report-toggle"
        >
          {t('myService.reportTitle')}
        </button>
      </p>
      {/* Kept mounted while hidden, so a closed form keeps what was typed and said. */}
      <div id={reportId} hidden={!reporting}>
        <ReportForm
          history={teacher.serviceHistory}
          onReported={() => {
            query.refetch().catch(() => {
              // The card shows its own error.
            });
          }}
        />
      </div>
      <h3 className="my-service-history-title">{t('myService.historyTitle')}</h3>
      <ServiceHistory statements={teacher.serviceHistory} label={t('teachers.historyOf', { name: teacher.name })} testId="my-service-history" />
    </section>
  );
}

function ReportForm({ history, onReported }: { history: readonly Statement[]; onReported: () => void }) {
  const { t, date } = useI18n();
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const field = (name: string) => root.current?.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  const optionsRef = useRef<HTMLFieldSetElement>(null);
  const [q, setQ] = useState('');
  // Searching for units, then reporting one: each request's busy, failure and errors.
  const lookup = useMutation();
  const { busy: searching, errors: searchError } = lookup;
  const [found, setFound] = useState<{ q: string; units: Unit[]; total: number } | null>(null);
  const [chosen, setChosen] = useState<Unit | 'nowhere' | null>(null);
  const [day, setDay] = useState('');
  const report = useMutation({ fields: FIELDS });
  const { busy, grouped } = report;
  const failure = report.failure ?? lookup.failure;
  const [notice, setNotice] = useState<string | null>(null);
  const today = taipeiDay();
  // A field's error goes once the field is changed.
  const clear = (field: string) => {
    if (report.errors.some((x) => x.field === field)) report.setErrors(report.errors.filter((x) => x.field !== field));
  };
  const choose = (next: Unit | 'nowhere') => {
    setChosen(next);
    clear('unitId');
  };

  const search = async (e: FormEvent) => {
    e.preventDefault();
    const text = q.trim();
    if (!text) {
      lookup.setErrors([{ field: 'q', code: LOCAL_ERROR, message: t('myService.searchEmpty') }]);
      field('unitSearch')?.focus();
      return;
    }
    const answer = await lookup.run(async () => ({ errors: [], ...(await request(ServiceUnitSearchDocument, { search: text, first: SEARCH_LIMIT })) }));
    if (answer) setFound({ q: text, units: answer.orgUnits.nodes, total: answer.orgUnits.totalCount });
  };

  // The chosen unit stays offered when a new search does not list it.
  const units = found?.units ?? [];
  const offered = chosen && chosen !== 'nowhere' && !units.some((u) => u.id === chosen.id) ? [chosen, ...units] : units;

  const focusFirstInvalid = (fields: readonly string[]) => {
    if (fields.includes('unitId')) {
      const radio = optionsRef.current?.querySelector<HTMLInputElement>('input[type=radio]');
      if (radio && offered.length > 0) radio.focus();
      else field('unitSearch')?.focus();
    } else if (fields.includes('since')) {
      field('since')?.focus();
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setNotice(null);
    lookup.reset();
    const local: InputErrorLike[] = [];
    if (!chosen) local.push({ field: 'unitId', code: LOCAL_ERROR, message: t('myService.chooseUnit') });
    const since = sinceFromDay(day, today, { invalid: t('myService.invalidDate'), future: t('myService.futureDate') });
    if (since.error) local.push(since.error);
    if (local.length > 0 || !chosen || since.error) {
      report.setErrors(local);
      focusFirstInvalid(local.map((l) => l.field ?? ''));
      return;
    }
    const unitId = chosen === 'nowhere' ? null : chosen.id;
    const payload = await report.run(async () => (await request(StateServiceUnitDocument, { unitId, since: since.since })).stateServiceUnit);
    if (!payload) return;
    if (payload.errors.length > 0) {
      focusFirstInvalid(payload.errors.map((x) => x.field ?? ''));
      return;
    }
    const shownDate = date(since.since ?? new Date().toISOString());
    let text =
      chosen === 'nowhere'
        ? t('myService.reportedNowhere', { date: shownDate })
        : t('myService.reportedUnit', { date: shownDate, unit: chosen.name });
    const newer = supersedingStatement(since.since, history);
    if (newer) text += ` ${t('myService.superseded', { statement: describeStatement(newer, t, date) })}`;
    setNotice(text);
    setChosen(null);
    setDay('');
    setFound(null);
    setQ('');
    onReported();
  };

  const unitErrors = grouped.byField.unitId;
  const unitErrorId = unitErrors ? `${id}-unit-error` : undefined;
  const unitHintId = `${id}-unit-hint`;

  return (
    <div className="my-service-report" ref={root}>
      <p className="muted">{t('myService.reportIntro')}</p>
      {/* Read out when the report is sent. */}
      <div role="status" aria-live="polite" data-testid="my-service-notice">
        {notice && <p className="alert alert-success">{notice}</p>}
      </div>
      <ActionError error={failure} />

      <form className="filters unit-search" role="search" aria-label={t('myService.searchLabel')} onSubmit={(e) => void search(e)} noValidate>
        <TextField
          className="filter-grow"
          label={t('myService.search')}
          hint={t('myService.searchHint')}
          type="search"
          name="unitSearch"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          errors={searchError.length > 0 ? [...searchError] : undefined}
          autoComplete="off"
        />
        <div className="filter-actions">
          <button type="submit" className="button" disabled={searching}>
            {t('myService.searchButton')}
          </button>
        </div>
      </form>

      <form className="form my-service-form" onSubmit={(e) => void submit(e)} noValidate data-testid="service-report-form">
        <fieldset
          ref={optionsRef}
          className={`field unit-options ${unitErrorId ? 'field-invalid' : ''}`}
          aria-describedby={[unitErrorId, unitHintId].filter(Boolean).join(' ')}
          data-testid="unit-options"
        >
          <legend className="field-label">{t('myService.unit')}</legend>
          <p className="field-hint" id={unitHintId}>
            {t('myService.unitHint')}
          </p>
          <FieldErrors id={unitErrorId} errors={unitErrors} />
          <p className="small muted" role="status" data-testid="unit-results">
            {found &&
              (found.units.length === 0
                ? t('myService.noResults', { q: found.q })
                : found.total > found.units.length
                  ? t('myService.resultsMore', { count: found.total, shown: found.units.length })
                  : t('myService.results', { count: found.total }))}
          </p>
          <ul className="unit-option-list">
            {offered.map((u) => (
              <li key={u.id}>
                <input
                  type="radio"
                  id={`${id}-unit-${u.id}`}
                  name="serviceUnit"
                  value={u.id}
                  checked={chosen !== null && chosen !== 'nowhere' && chosen.id === u.id}
                  onChange={() => choose(u)}
                />
                <label htmlFor={`${id}-unit-${u.id}`}>
                  {u.name}
                  <span className="block small muted">
                    <span className="mono">{u.code}</span> · {t(`kind.${u.kind}`)}
                    {u.parent ? ` · ${u.parent.name}` : ''}
                  </span>
                </label>
              </li>
            ))}
            <li>
              <input
                type="radio"
                id={`${id}-nowhere`}
                name="serviceUnit"
                value=""
                checked={chosen === 'nowhere'}
                onChange={() => choose('nowhere')}
              />
              <label htmlFor={`${id}-nowhere`}>{t('myService.nowhere')}</label>
            </li>
          </ul>
        </fieldset>
        <TextField
          label={t('myService.since')}
          hint={t('myService.sinceHint')}
          type="date"
          name="since"
          max={today}
          value={day}
          onChange={(e) => {
            setDay(e.target.value);
            clear('since');
          }}
          errors={grouped.byField.since}
        />
        <FormErrors errors={grouped.general} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('myService.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

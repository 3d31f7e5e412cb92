// 資訊傳報 (data exchange): the identified training records of the teachers serving in a county
// bureau's or K-12 division's jurisdiction, under an application the commissioner approves.
// The list (the viewer's applications; the commissioner's: everyone's), the application form
// and one application (its progress while the export runs, the row count and the CSV link
// until it expires).
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { paths } from '../../api/domain';
import { request } from '../../api/client';
import { useSession } from '../../api/session';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { ErrorView, NotFound } from '../../components/ErrorView';
import { SelectField, TextField } from '../../components/Field';
import { Loading, PageTitle } from '../../components/Page';
import { ApplyDataExchangeDocument, DataExchangeDocument, DataExchangesDocument, DecideDataExchangeDocument, type DataExchangeDetailFragment, type DataExchangesQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { taipeiDay } from '../../i18n/format';
import { addDays } from '../roster/schoolYear';
import { exchangeUnits } from './access';
import { ApplicationForm, ApplicationFormPage, ApplicationListPage, focusFirstError, PurposeField } from './ApplicationList';
import {
  checkExchangeDraft,
  dayText,
  decisionErrorText,
  emptyExchangeDraft,
  exchangeErrorText,
  exchangeInput,
  isRunning,
  localizeErrors,
  POLL_INTERVAL_MS,
  type ExchangeDraft,
} from './model';
import { ApplicationStatusBadge, DecisionPanel, DownloadLinks, JobProgress, TransitionList, usePoll, useStatusParam } from './parts';

const PAGE_SIZE = 30;
const selectExchanges = (d: DataExchangesQuery) => d.dataExchanges;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/* ---------- The list ---------- */

export function DataExchangesPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const status = useStatusParam();
  const result = usePagedQuery(DataExchangesDocument, { filter: { status }, first: PAGE_SIZE }, selectExchanges);
  return (
    <ApplicationListPage
      kind="exchange"
      paged={result}
      status={status}
      mayCreate={exchangeUnits(me).length > 0}
      extra={{
        label: t('exchange.period'),
        cell: (x) => t('stats.period.datesValue', { from: dayText(x.periodFrom, locale), to: dayText(x.periodTo, locale) }),
      }}
    />
  );
}

/* ---------- The application form ---------- */

const EXCHANGE_FIELDS = ['unitId', 'purpose', 'periodFrom', 'periodTo', 'validUntil'];

export function DataExchangeFormPage() {
  // Only units that govern schools (EXCHANGE_UNIT_KINDS).
  return <ApplicationFormPage kind="exchange" unitsOf={exchangeUnits} form={(units, initialUnitId) => <ExchangeForm units={units} initialUnitId={initialUnitId} />} />;
}

function ExchangeForm({ units, initialUnitId }: { units: ReturnType<typeof exchangeUnits>; initialUnitId: string }) {
  const { t, locale } = useI18n();
  const [, navigate] = useLocation();
  const announce = useAnnounce();
  const today = taipeiDay();
  const [draft, setDraft] = useState<ExchangeDraft>(() => emptyExchangeDraft(initialUnitId, today));
  const application = useMutation();
  const { failure, busy } = application;
  // The server's errors and the form's own, worded.
  const errors = localizeErrors(application.errors, exchangeErrorText, t, locale);
  const set = <K extends keyof ExchangeDraft>(key: K, value: ExchangeDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const on = (field: string) => errors.filter((e) => e.field === field);
  const general = errors.filter((e) => !e.field || !EXCHANGE_FIELDS.includes(e.field));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = checkExchangeDraft(draft, today, t);
    if (local.length > 0) {
      application.setErrors(local);
      focusFirstError(local, EXCHANGE_FIELDS);
      return;
    }
    const p = await application.run(async () => (await request(ApplyDataExchangeDocument, { input: exchangeInput(draft) })).applyDataExchange);
    if (!p) return;
    if (p.errors.length > 0 || !p.dataExchange) {
      focusFirstError(p.errors, EXCHANGE_FIELDS);
      return;
    }
    announce(t('exchange.submitted', { number: p.dataExchange.number }));
    navigate(paths.dataExchange(p.dataExchange.id));
  };

  return (
    <ApplicationForm kind="exchange" className="card exchange-form" errors={errors} general={general} failure={failure} busy={busy} onSubmit={submit}>
      <p className="alert alert-warning small">{t('exchange.personalDataNote')}</p>
      <div className="form-grid">
        <div data-field="unitId" className="span-2">
          <SelectField
            label={t('exchange.field.unit')}
            required
            value={draft.unitId}
            onChange={(e) => set('unitId', e.target.value)}
            errors={on('unitId')}
            hint={t('exchange.unitHint')}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </SelectField>
        </div>
        <PurposeField kind="exchange" value={draft.purpose} onChange={(v) => set('purpose', v)} errors={on('purpose')} />
        <div data-field="periodFrom">
          <TextField label={t('exchange.field.periodFrom')} hint={t('exchange.periodHint')} required type="date" value={draft.periodFrom} onChange={(e) => set('periodFrom', e.target.value)} errors={on('periodFrom')} />
        </div>
        <div data-field="periodTo">
          <TextField label={t('exchange.field.periodTo')} required type="date" value={draft.periodTo} onChange={(e) => set('periodTo', e.target.value)} errors={on('periodTo')} />
        </div>
        <div data-field="validUntil">
          <TextField
            label={t('exchange.field.validUntil')}
            hint={t('exchange.validHint')}
            required
            type="date"
            min={today}
            max={addDays(today, 366)}
            value={draft.validUntil}
            onChange={(e) => set('validUntil', e.target.value)}
            errors={on('validUntil')}
          />
        </div>
      </div>
    </ApplicationForm>
  );
}

/* ---------- One application ---------- */

export function DataExchangeDetailPage({ id }: { id: string }) {
  if (!UUID.test(id)) return <NotFound />;
  return <DataExchangeDetail id={id} />;
}

function DataExchangeDetail({ id }: { id: string }) {
  const { t, locale, dateTime } = useI18n();
  const announce = useAnnounce();
  const headingId = useId();
  const query = useQuery(DataExchangeDocument, { id });
  const x = query.data?.dataExchange ?? null;
  usePoll(x !== null && isRunning(x.status), POLL_INTERVAL_MS, query.refetch);

  if (query.error && !query.data) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  if (!x) return <NotFound />;

  const decide = async (approve: boolean, reason: string | null) => {
    const { decideDataExchange: p } = await request(DecideDataExchangeDocument, { id: x.id, approve, reason });
    if (p.errors.length > 0 || !p.dataExchange) return localizeErrors(p.errors, decisionErrorText, t, locale);
    announce(t(approve ? 'exchange.approved' : 'exchange.rejected', { number: p.dataExchange.number }));
    await query.refetch();
    document.querySelector<HTMLElement>('main h1')?.focus();
    return [];
  };

  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.dataExchanges()}>{t('exchange.title')}</Link>
      </p>
      <PageTitle title={t('exchange.numberValue', { number: x.number })} lead={<ApplicationStatusBadge status={x.status} testId="exchange-status" />}>
        {t('exchange.numberValue', { number: x.number })}
      </PageTitle>
      <ExchangeNotice exchange={x} />
      <section className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('exchange.facts')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('application.unit')}</dt>
            <dd>{x.unit?.name ?? t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('application.requester')}</dt>
            <dd>{x.requesterName}</dd>
          </div>
          <div>
            <dt>{t('exchange.period')}</dt>
            <dd data-testid="exchange-period">{t('stats.period.datesValue', { from: dayText(x.periodFrom, locale), to: dayText(x.periodTo, locale) })}</dd>
          </div>
          <div>
            <dt>{t('exchange.field.validUntil')}</dt>
            <dd>{dayText(x.validUntil, locale)}</dd>
          </div>
          <div>
            <dt>{t('application.createdAt')}</dt>
            <dd>{dateTime(x.createdAt)}</dd>
          </div>
          {x.decidedAt && (
            <div>
              <dt>{t('application.decidedBy')}</dt>
              <dd>
                {x.decidedByName ?? t('common.none')}（{dateTime(x.decidedAt)}）
              </dd>
            </div>
          )}
          {x.rowCount != null && (
            <div>
              <dt>{t('exchange.rowCount')}</dt>
              <dd data-testid="exchange-row-count">{t('exchange.rowCountValue', { n: x.rowCount })}</dd>
            </div>
          )}
        </dl>
        <p className="pre-wrap wrap-anywhere">
          <strong>{t('exchange.field.purpose')}</strong>：{x.purpose}
        </p>
      </section>
      {x.viewerCan.decide && <DecisionPanel withK={false} intro={t('exchange.decisionIntro')} onDecide={(approve, reason) => decide(approve, reason)} />}
      <DownloadLinks status={x.status} downloads={x.downloads} expiresAt={x.expiresAt} note={t('exchange.downloadNote')} />
      <TransitionList transitions={x.transitions} />
    </>
  );
}

function ExchangeNotice({ exchange: x }: { exchange: DataExchangeDetailFragment }) {
  const { t } = useI18n();
  switch (x.status) {
    case 'SUBMITTED':
      return (
        <p className="alert alert-info" data-testid="status-notice">
          {x.viewerCan.decide ? t('exchange.notice.toDecide') : t('exchange.notice.submitted')}
        </p>
      );
    case 'APPROVED':
      return (
        <section className="card" aria-live="polite" data-testid="status-notice">
          <p>{t('exchange.notice.running')}</p>
          <JobProgress progress={x.progress} label={t('exchange.progressLabel')} />
        </section>
      );
    case 'REJECTED':
      return (
        <div className="alert alert-warning" data-testid="status-notice">
          <p className="alert-title">{t('exchange.notice.rejected')}</p>
          <p className="pre-wrap" data-testid="decision-reason">
            {x.decisionReason ?? t('common.none')}
          </p>
        </div>
      );
    case 'FAILED':
      return (
        <div className="alert alert-error" role="alert" data-testid="status-notice">
          <p className="alert-title">{t('exchange.notice.failed')}</p>
          <p data-testid="job-error">{x.error ?? t('common.none')}</p>
        </div>
      );
    case 'COMPLETED':
      return (
        <p className="alert alert-success" data-testid="status-notice">
          {t('exchange.notice.completed', { n: x.rowCount ?? 0 })}
        </p>
      );
  }
}

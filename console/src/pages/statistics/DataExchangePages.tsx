// 資訊傳報 (data exchange): the identified training records of the teachers serving in a county
// bureau's or K-12 division's jurisdiction, under an application the commissioner approves.
// The list (the viewer's applications; the commissioner's: everyone's), the application form
// and one application (its progress while the export runs, the row count and the CSV link
// until it expires).
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { paths } from '../../api/domain';
import { request } from '../../api/client';
import type { InputErrorLike } from '../../api/inputErrors';
import { useSession } from '../../api/session';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { ActionError, ErrorView, NoPermission, NotFound } from '../../components/ErrorView';
import { FormErrors, SelectField, TextAreaField, TextField } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { Loading, PageTitle } from '../../components/Page';
import { ApplyDataExchangeDocument, DataExchangeDocument, DataExchangesDocument, DecideDataExchangeDocument, type DataExchangeDetailFragment, type DataExchangesQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { taipeiDay } from '../../i18n/format';
import { addDays } from '../roster/schoolYear';
import { exchangeUnits } from './access';
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
  progressPercent,
  type ExchangeDraft,
} from './model';
import { ApplicationStatusBadge, DecisionPanel, DownloadLinks, JobProgress, StatusFilter, TransitionList, usePoll, useStatusParam } from './parts';

const PAGE_SIZE = 30;
const selectExchanges = (d: DataExchangesQuery) => d.dataExchanges;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/* ---------- The list ---------- */

export function DataExchangesPage() {
  const { t, locale, dateTime } = useI18n();
  const { me } = useSession();
  const status = useStatusParam();
  const result = usePagedQuery(DataExchangesDocument, { filter: { status }, first: PAGE_SIZE }, selectExchanges);
  const mayApply = exchangeUnits(me).length > 0;
  return (
    <>
      <PageTitle
        lead={<p>{t('exchange.listIntro')}</p>}
        actions={
          mayApply && (
            <Link href={paths.newDataExchange} className="button button-primary" data-testid="new-exchange">
              <span aria-hidden="true">＋</span> {t('exchange.new')}
            </Link>
          )
        }
      >
        {t('exchange.title')}
      </PageTitle>
      {result.error ? (
        <ErrorView error={result.error} onRetry={() => void result.refetch()} />
      ) : (
        <>
          <div className="filters card">
            <StatusFilter status={status} />
          </div>
          <h2 id="exchanges-heading" className="sr-only">
            {t('exchange.listCaption')}
          </h2>
          {!result.data ? (
            <Loading />
          ) : result.nodes.length === 0 ? (
            <p className="empty card" data-testid="exchanges-empty">
              {status ? t('application.emptyStatus', { status: t(`application.status.${status}`) }) : t('exchange.empty')}
            </p>
          ) : (
            <div className="table-card card">
              <table className="data-table application-table" aria-labelledby="exchanges-heading" data-testid="exchanges-list">
                <thead>
                  <tr>
                    <th scope="col">{t('application.number')}</th>
                    <th scope="col">{t('exchange.field.purpose')}</th>
                    <th scope="col">{t('application.unit')}</th>
                    <th scope="col">{t('exchange.period')}</th>
                    <th scope="col">{t('application.status')}</th>
                    <th scope="col">{t('application.progress')}</th>
                    <th scope="col">{t('application.createdAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.nodes.map((x) => (
                    <tr key={x.id} data-testid="exchange-row" data-id={x.id} data-status={x.status}>
                      <td data-label={t('application.number')} className="nowrap">
                        <Link href={paths.dataExchange(x.id)}>{t('exchange.numberValue', { number: x.number })}</Link>
                      </td>
                      <th scope="row" data-label={t('exchange.field.purpose')} className="wrap-anywhere">
                        <Link href={paths.dataExchange(x.id)}>{x.purpose}</Link>
                      </th>
                      <td data-label={t('application.unit')}>
                        {x.unit?.name ?? t('common.none')}
                        <span className="block small muted">{x.requesterName}</span>
                      </td>
                      <td data-label={t('exchange.period')} className="small">
                        {t('stats.period.datesValue', { from: dayText(x.periodFrom, locale), to: dayText(x.periodTo, locale) })}
                      </td>
                      <td data-label={t('application.status')}>
                        <ApplicationStatusBadge status={x.status} />
                      </td>
                      <td data-label={t('application.progress')} className="nowrap">
                        {isRunning(x.status) || x.status === 'COMPLETED' ? t('application.progressText', { percent: progressPercent(x.progress) }) : t('common.none')}
                      </td>
                      <td data-label={t('application.createdAt')} className="nowrap small">
                        {dateTime(x.createdAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {result.data && (
            <LoadMore
              shown={result.nodes.length}
              total={result.totalCount}
              hasNextPage={result.hasNextPage}
              loading={result.loadingMore}
              error={result.loadMoreError}
              onLoadMore={() => void result.loadMore()}
            />
          )}
        </>
      )}
    </>
  );
}

/* ---------- The application form ---------- */

const EXCHANGE_FIELDS = ['unitId', 'purpose', 'periodFrom', 'periodTo', 'validUntil'];

export function DataExchangeFormPage() {
  const { t } = useI18n();
  const { me, current, status } = useSession();
  const units = exchangeUnits(me);
  if (status === 'loading') return <Loading />;
  if (units.length === 0) return <NoPermission />;
  // Only units that govern schools (EXCHANGE_UNIT_KINDS), the current one first.
  const initial = units.find((u) => u.id === current?.unit.id) ?? units[0];
  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.dataExchanges()}>{t('exchange.title')}</Link>
      </p>
      <PageTitle lead={<p>{t('exchange.formIntro')}</p>}>{t('exchange.new')}</PageTitle>
      <ExchangeForm units={units} initialUnitId={initial?.id ?? ''} />
    </>
  );
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

  const focusFirst = (list: readonly InputErrorLike[]) => {
    const first = list.find((e) => e.field && EXCHANGE_FIELDS.includes(e.field));
    if (first?.field) document.querySelector<HTMLElement>(`[data-field="${first.field}"] :is(input, select, textarea)`)?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = checkExchangeDraft(draft, today, t);
    if (local.length > 0) {
      application.setErrors(local);
      focusFirst(local);
      return;
    }
    const p = await application.run(async () => (await request(ApplyDataExchangeDocument, { input: exchangeInput(draft) })).applyDataExchange);
    if (!p) return;
    if (p.errors.length > 0 || !p.dataExchange) {
      focusFirst(p.errors);
      return;
    }
    announce(t('exchange.submitted', { number: p.dataExchange.number }));
    navigate(paths.dataExchange(p.dataExchange.id));
  };

  return (
    <form className="card exchange-form" onSubmit={(e) => void submit(e)} noValidate data-testid="exchange-form">
      {errors.length > 0 && <p className="alert alert-error" role="alert">{t('common.formHasErrors')}</p>}
      <FormErrors errors={general} />
      <ActionError error={failure} />
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
        <div data-field="purpose" className="span-2">
          <TextAreaField
            label={t('exchange.field.purpose')}
            hint={t('exchange.purposeHint')}
            required
            rows={3}
            maxLength={2000}
            value={draft.purpose}
            onChange={(e) => set('purpose', e.target.value)}
            errors={on('purpose')}
          />
        </div>
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
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="submit-exchange">
          {busy ? t('common.saving') : t('exchange.submit')}
        </button>
        <Link href={paths.dataExchanges()} className="button">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
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

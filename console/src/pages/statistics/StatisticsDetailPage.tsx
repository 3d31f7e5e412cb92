// One statistics request: who asked and why, what was asked for in words, the decision
// (the commissioner approves with k or rejects with a reason), the job's progress while it
// runs (asked for again every 2 s, until it ends), the result's table and chart with the
// downloads when completed, the error when it failed, and every step.
import { useId } from 'react';
import { Link } from 'wouter';
import { paths } from '../../api/domain';
import { request } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { ErrorView, NotFound } from '../../components/ErrorView';
import { Loading, PageTitle } from '../../components/Page';
import { DecideStatisticsRequestDocument, StatisticsRequestDocument, StatisticsTagsDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { decisionErrorText, isRunning, localizeErrors, POLL_INTERVAL_MS, specLines, type StatisticsDetail } from './model';
import { ResultChart, ResultTable } from './ResultView';
import { ApplicationStatusBadge, DecisionPanel, DownloadLinks, JobProgress, TransitionList, usePoll } from './parts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function StatisticsDetailPage({ id }: { id: string }) {
  if (!UUID.test(id)) return <NotFound />;
  return <StatisticsDetail id={id} />;
}

function StatisticsDetail({ id }: { id: string }) {
  const { t, locale, dateTime } = useI18n();
  const announce = useAnnounce();
  const query = useQuery(StatisticsRequestDocument, { id });
  const tags = useQuery(StatisticsTagsDocument, {});
  const r = query.data?.statisticsRequest ?? null;
  // Follow the job while it runs; stop once it completed or failed (or the page is left).
  usePoll(r !== null && isRunning(r.status), POLL_INTERVAL_MS, query.refetch);

  if (query.error && !query.data) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  if (!r) return <NotFound />;

  const decide = async (approve: boolean, reason: string | null, k: number | null) => {
    const { decideStatisticsRequest: p } = await request(DecideStatisticsRequestDocument, { id: r.id, approve, reason, k });
    if (p.errors.length > 0 || !p.request) return localizeErrors(p.errors, decisionErrorText, t, locale);
    announce(t(approve ? 'stats.approved' : 'stats.rejected', { number: p.request.number }));
    await query.refetch();
    document.querySelector<HTMLElement>('main h1')?.focus();
    return [];
  };

  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.statistics()}>{t('stats.title')}</Link>
      </p>
      <PageTitle
        title={t('stats.numberValue', { number: r.number })}
        lead={
          <p className="course-lead">
            <ApplicationStatusBadge status={r.status} testId="statistics-status" />{' '}
            <span className="muted">{t(`stats.category.${r.purposeCategory}`)}</span>
          </p>
        }
      >
        {t('stats.numberValue', { number: r.number })}
      </PageTitle>

      <StatusNotice request={r} />

      <section className="card" aria-labelledby="statistics-facts-heading">
        <h2 id="statistics-facts-heading">{t('stats.facts')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('application.unit')}</dt>
            <dd>{r.unit?.name ?? t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('application.requester')}</dt>
            <dd>{r.requesterName}</dd>
          </div>
          <div>
            <dt>{t('application.createdAt')}</dt>
            <dd>{dateTime(r.createdAt)}</dd>
          </div>
          {r.decidedAt && (
            <div>
              <dt>{t('application.decidedBy')}</dt>
              <dd>
                {r.decidedByName ?? t('common.none')}（{dateTime(r.decidedAt)}）
              </dd>
            </div>
          )}
          {r.status !== 'SUBMITTED' && r.status !== 'REJECTED' && (
            <div>
              <dt>{t('stats.k')}</dt>
              <dd data-testid="statistics-k">{t('stats.kValue', { k: r.k })}</dd>
            </div>
          )}
        </dl>
        <p className="pre-wrap wrap-anywhere" data-testid="statistics-purpose">
          <strong>{t('stats.field.purpose')}</strong>：{r.purpose}
        </p>
        <h3>{t('stats.specTitle')}</h3>
        <dl className="spec-list" data-testid="statistics-spec">
          {specLines(r.spec, tags.data?.tags ?? [], t, locale).map((line) => (
            <div key={line.key} data-key={line.key}>
              <dt>{line.label}</dt>
              <dd>{line.value}</dd>
            </div>
          ))}
        </dl>
      </section>

      {r.viewerCan.decide && <DecisionPanel withK intro={t('stats.decisionIntro')} onDecide={decide} />}

      {r.status === 'COMPLETED' && r.result && <Result request={r} />}

      <DownloadLinks status={r.status} downloads={r.downloads} expiresAt={r.expiresAt} note={t('stats.downloadNote')} />

      <TransitionList transitions={r.transitions} />
    </>
  );
}

/** Where the request stands, in one sentence (and the job's progress while it runs). */
function StatusNotice({ request: r }: { request: StatisticsDetail }) {
  const { t } = useI18n();
  switch (r.status) {
    case 'SUBMITTED':
      return (
        <p className="alert alert-info" data-testid="status-notice">
          {r.viewerCan.decide ? t('stats.notice.toDecide') : t('stats.notice.submitted')}
        </p>
      );
    case 'APPROVED':
      return (
        <section className="card" aria-live="polite" data-testid="status-notice">
          <p>{t('stats.notice.running')}</p>
          <JobProgress progress={r.progress} label={t('stats.progressLabel')} />
        </section>
      );
    case 'REJECTED':
      return (
        <div className="alert alert-warning" data-testid="status-notice">
          <p className="alert-title">{t('stats.notice.rejected')}</p>
          <p className="pre-wrap" data-testid="decision-reason">
            {r.decisionReason ?? t('common.none')}
          </p>
        </div>
      );
    case 'FAILED':
      return (
        <div className="alert alert-error" role="alert" data-testid="status-notice">
          <p className="alert-title">{t('stats.notice.failed')}</p>
          <p data-testid="job-error">{r.error ?? t('common.none')}</p>
        </div>
      );
    case 'COMPLETED':
      return null;
  }
}

function Result({ request: r }: { request: StatisticsDetail }) {
  const { t, dateTime } = useI18n();
  const headingId = useId();
  const chartHeadingId = useId();
  const result = r.result;
  if (!result) return null;
  return (
    <>
      <section className="card" aria-labelledby={headingId} data-testid="statistics-result">
        <h2 id={headingId}>{t('stats.resultTitle')}</h2>
        <p className="small muted">
          {r.completedAt ? t('stats.completedAt', { at: dateTime(r.completedAt) }) : null} {t('stats.resultK', { k: result.k })}
        </p>
        {result.suppressed > 0 && (
          <p className="alert alert-warning small" data-testid="suppressed-summary">
            {t('stats.suppressedSummary', { n: result.suppressed, k: result.k })}
          </p>
        )}
        <ResultTable result={result} />
      </section>
      <section className="card" aria-labelledby={chartHeadingId}>
        <h2 id={chartHeadingId}>{t('stats.chartHeading')}</h2>
        <ResultChart result={result} />
      </section>
    </>
  );
}

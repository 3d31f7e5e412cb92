import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { request } from '../../api/client';
import { paths } from '../../api/domain';
import { inputErrorText, type InputErrorLike } from '../../api/inputErrors';
import { useSession, type UnitAccess } from '../../api/session';
import { useMutation, type PayloadLike } from '../../api/useMutation';
import { usePagedQuery, type PagedState } from '../../api/usePagedQuery';
import { useAnnounce } from '../../components/Announcer';
import { ActionError, ErrorView } from '../../components/ErrorView';
import { LoadMore } from '../../components/PagedList';
import { Loading, PageTitle } from '../../components/Page';
import { RowResult, type RowOutcome } from '../../components/RowResult';
import {
  ConfirmRosterDocument,
  RosterCampaignDocument,
  RosterProgressDocument,
  SendRosterReminderDocument,
  type RosterCampaignQuery,
  type RosterSchoolFieldsFragment,
} from '../../gql/graphql';
import { useI18n, type Locale, type Translate } from '../../i18n';
import { taipeiDay } from '../../i18n/format';
import { OpenCampaignForm } from './OpenCampaignForm';
import { daysBetween } from './schoolYear';

const PAGE_SIZE = 50;
type School = RosterSchoolFieldsFragment;
type Campaign = NonNullable<RosterCampaignQuery['rosterCampaign']>;
type Progress = Campaign['progress'];
type Result = RowOutcome;
const selectSchools = (d: RosterCampaignQuery) => d.rosterCampaign?.schools;

/**
 * A roster mutation's error in the user's language. zh-TW words the reminder's and the
 * confirmation's errors for this page (the generic wording of NOT_FOUND or CONFLICT on
 * `unitId` would not say what to do); English uses the server's sentence.
 */
export function rosterErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (locale === 'zh-TW' || !error.message) {
    if (error.field === 'unitId' && error.code === 'NOT_FOUND') return t('roster.remind.NOT_FOUND');
    if (error.field === 'unitId' && error.code === 'CONFLICT') return t('roster.remind.CONFLICT');
    if (error.field === 'schoolYear' && error.code === 'NOT_FOUND') return t('roster.noCampaignError');
  }
  return inputErrorText(error, t, locale);
}

/** Whole percent, never 100 before every school has confirmed. */
export function percentOf(progress: Pick<Progress, 'ratio' | 'confirmed' | 'total'>): number {
  if (progress.total === 0) return 0;
  return progress.confirmed >= progress.total ? 100 : Math.min(99, Math.floor(progress.ratio * 100));
}

/** 每學年教師資料維護: a school year's campaign, its progress, reminders and confirmation. */
export function RosterPage({ schoolYear }: { schoolYear: number }) {
  const { t } = useI18n();
  const session = useSession();
  const announce = useAnnounce();
  const [, navigate] = useLocation();
  const [opened, setOpened] = useState<{ schoolYear: number; queued: number } | null>(null);
  const result = usePagedQuery(RosterCampaignDocument, { schoolYear, first: PAGE_SIZE }, selectSchools);

  if (result.error) return <ErrorView error={result.error} onRetry={() => void result.refetch()} />;

  const title = (
    <PageTitle lead={<p>{t('roster.intro')}</p>} actions={<YearLinks schoolYear={schoolYear} />}>
      {t('roster.title', { year: schoolYear })}
    </PageTitle>
  );
  const campaign = result.data?.rosterCampaign;
  // While another year loads, the previous year's data is still there: wait for this one
  // (a year without a campaign cannot tell, so any load without a campaign waits too).
  const stale = campaign ? campaign.schoolYear !== schoolYear : result.loading;
  if (!result.data || stale || session.status === 'loading') {
    return (
      <>
        {title}
        <Loading />
      </>
    );
  }

  if (!campaign) {
    const canOpen = session.permissions.openRosterCampaign;
    return (
      <>
        {title}
        {canOpen ? (
          <OpenCampaignForm
            key={schoolYear}
            schoolYear={schoolYear}
            onOpened={(year, queued) => {
              setOpened({ schoolYear: year, queued });
              announce(t('roster.opened', { year, n: queued }));
              if (year !== schoolYear) navigate(paths.roster(year));
              else void result.refetch();
            }}
          />
        ) : (
          <section className="card" data-testid="roster-not-started">
            <h2>{t('roster.notStarted')}</h2>
            <p className="muted">{t('roster.notStartedBody', { year: schoolYear })}</p>
          </section>
        )}
      </>
    );
  }

  return (
    <>
      {title}
      {opened?.schoolYear === schoolYear && <OpenedNotice schoolYear={schoolYear} queued={opened.queued} />}
      <CampaignView key={schoolYear} campaign={campaign} paged={result} />
    </>
  );
}

/** After opening, the form is gone: the keyboard continues at this notice. */
function OpenedNotice({ schoolYear, queued }: { schoolYear: number; queued: number }) {
  const { t } = useI18n();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p ref={ref} tabIndex={-1} className="alert alert-success" data-testid="roster-opened">
      {t('roster.opened', { year: schoolYear, n: queued })}
    </p>
  );
}

function YearLinks({ schoolYear }: { schoolYear: number }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('roster.years')} className="year-links">
      {schoolYear > 100 && (
        <Link href={paths.roster(schoolYear - 1)} className="button button-quiet">
          <span aria-hidden="true">‹ </span>
          {t('roster.schoolYear', { year: schoolYear - 1 })}
        </Link>
      )}
      {schoolYear < 200 && (
        <Link href={paths.roster(schoolYear + 1)} className="button button-quiet">
          {t('roster.schoolYear', { year: schoolYear + 1 })}
          <span aria-hidden="true"> ›</span>
        </Link>
      )}
    </nav>
  );
}

function CampaignView({ campaign, paged }: {
  campaign: Campaign;
  paged: PagedState<RosterCampaignQuery, School>;
}) {
  const { t, date, dateTime, locale } = useI18n();
  const session = useSession();
  const announce = useAnnounce();
  const schoolYear = campaign.schoolYear;
  // Answers of mutations, kept over the loaded pages so "load more" keeps its place.
  const [changed, setChanged] = useState<Record<string, School>>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [results, setResults] = useState<Record<string, Result>>({});
  // One change at a time; its key is the school's unit id.
  const change = useMutation();
  const { failure, busyKey: busyId } = change;

  // What the server lets the viewer do: follow many schools and remind them, confirm
  // the rosters of their own schools.
  const overseer = campaign.viewerCan.followProgress;
  const canRemind = campaign.viewerCan.remind;
  const ownSchools = session.units.filter((u) => u.unit.viewerCan.confirmRoster);
  const schools = paged.nodes.map((s) => changed[s.unit.id] ?? s);
  const stateOf = (unitId: string) => changed[unitId] ?? paged.nodes.find((s) => s.unit.id === unitId) ?? null;
  const shown = progress ?? campaign.progress;

  const today = taipeiDay();
  const daysLeft = daysBetween(today, campaign.deadline);

  /** Runs a change of one school; its outcome shows on the school's row. */
  const act = async <P extends PayloadLike & { school?: School | null }>(unitId: string, send: () => Promise<P>) => {
    setResults((r) => {
      const next = { ...r };
      delete next[unitId];
      return next;
    });
    const payload = await change.run(send, unitId);
    if (!payload) return null;
    if (payload.errors.length > 0 || !payload.school) {
      const text = payload.errors.map((e) => rosterErrorText(e, t, locale)).join('；');
      setResults((r) => ({ ...r, [unitId]: { ok: false, text } }));
      return null;
    }
    const updated = payload.school;
    setChanged((c) => ({ ...c, [unitId]: updated }));
    return payload;
  };

  const remind = async (school: School) => {
    const payload = await act(school.unit.id, async () =>
      (await request(SendRosterReminderDocument, { unitId: school.unit.id, schoolYear })).sendRosterReminder,
    );
    if (!payload) return;
    setResults((r) => ({ ...r, [school.unit.id]: { ok: true, text: t('roster.reminded', { n: payload.messagesQueued }) } }));
    announce(t('roster.remindedToast', { n: payload.messagesQueued, school: school.unit.name }));
  };

  const confirm = (unit: UnitAccess) =>
    act(unit.id, async () => {
      const { confirmRoster: payload } = await request(ConfirmRosterDocument, { unitId: unit.id, schoolYear });
      if (payload.errors.length === 0 && payload.school) {
        announce(t('roster.confirmedToast', { school: unit.name, year: schoolYear }));
        const fresh = await request(RosterProgressDocument, { schoolYear });
        if (fresh.rosterCampaign) setProgress(fresh.rosterCampaign.progress);
      }
      return payload;
    });

  return (
    <>
      <ActionError error={failure} />
      <section className="card roster-summary" aria-labelledby="roster-summary-heading">
        <h2 id="roster-summary-heading" className="sr-only">
          {t('roster.summary')}
        </h2>
        <dl className="facts">
          <div>
            <dt>{t('roster.deadline')}</dt>
            <dd data-testid="roster-deadline">
              <time dateTime={campaign.deadline}>{date(campaign.deadline)}</time>{' '}
              <span className={`badge ${daysLeft < 0 ? 'badge-muted' : daysLeft <= 7 ? 'badge-warning' : ''}`}>
                {daysLeft < 0 ? t('roster.overdue') : daysLeft === 0 ? t('roster.dueToday') : t('roster.daysLeft', { n: daysLeft })}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('roster.openedAt')}</dt>
            <dd>
              <time dateTime={campaign.openedAt}>{date(campaign.openedAt)}</time>
            </dd>
          </div>
        </dl>
        {overseer && <ProgressBar progress={shown} />}
      </section>

      {ownSchools.map(({ unit }) => (
        <OwnSchool
          key={unit.id}
          unit={unit}
          state={stateOf(unit.id)}
          busy={busyId === unit.id}
          result={results[unit.id]}
          onConfirm={() => void confirm(unit)}
        />
      ))}

      {overseer && (
        <section aria-labelledby="roster-schools-heading">
          <div className="section-head">
            <h2 id="roster-schools-heading">{t('roster.schools')}</h2>
            <p className="muted small">{t('roster.schoolsHint')}</p>
          </div>
          {schools.length === 0 ? (
            <p className="empty card">{t('roster.noSchools')}</p>
          ) : (
            <div className="table-card card">
              <table className="data-table roster-table" data-testid="roster-table">
                <caption className="sr-only">{t('roster.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('unit.code')}</th>
                    <th scope="col">{t('unit.name')}</th>
                    <th scope="col">{t('roster.confirmedAt')}</th>
                    <th scope="col">{t('roster.lastEmailAt')}</th>
                    {canRemind && <th scope="col">{t('roster.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {schools.map((s) => {
                    const result = results[s.unit.id];
                    return (
                      <tr key={s.unit.id} data-unit-code={s.unit.code}>
                        <td data-label={t('unit.code')} className="mono">
                          {s.unit.code}
                        </td>
                        <th scope="row" data-label={t('unit.name')}>
                          {s.unit.name}
                          {s.unit.district && <span className="block small muted">{s.unit.district}</span>}
                        </th>
                        <td data-label={t('roster.confirmedAt')}>
                          {s.confirmedAt ? (
                            <span className="badge badge-success">
                              <time dateTime={s.confirmedAt}>{date(s.confirmedAt)}</time>
                            </span>
                          ) : (
                            <span className="badge badge-warning">{t('roster.notConfirmed')}</span>
                          )}
                        </td>
                        <td data-label={t('roster.lastEmailAt')} className="nowrap">
                          {s.lastEmailAt ? <time dateTime={s.lastEmailAt}>{dateTime(s.lastEmailAt)}</time> : <span className="muted">{t('roster.noEmailYet')}</span>}
                        </td>
                        {canRemind && (
                          <td data-label={t('roster.actions')} className="roster-actions">
                            {s.viewerCan.remind && (
                              <button
                                type="button"
                                className="button button-small"
                                disabled={busyId === s.unit.id}
                                onClick={() => void remind(s)}
                              >
                                {busyId === s.unit.id ? t('roster.reminding') : t('roster.remind')}
                                <span className="sr-only"> {s.unit.name}</span>
                              </button>
                            )}
                            {result && <RowResult result={result} />}
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <LoadMore paged={paged} />
        </section>
      )}
    </>
  );
}

function ProgressBar({ progress }: { progress: Progress }) {
  const { t } = useI18n();
  const id = useId();
  const percent = percentOf(progress);
  const text = t('roster.progressText', { confirmed: progress.confirmed, total: progress.total, percent });
  return (
    <div className="progress-block">
      <label htmlFor={id} className="progress-label">
        {t('roster.progress')}
      </label>
      <progress
        id={id}
        className="progress"
        max={Math.max(progress.total, 1)}
        value={progress.confirmed}
        aria-valuetext={text}
        aria-describedby={`${id}-text`}
        data-testid="roster-progress"
      />
      <p id={`${id}-text`} className="progress-text" data-testid="roster-progress-text">
        {text}
      </p>
    </div>
  );
}

function OwnSchool({ unit, state, busy, result, onConfirm }: {
  unit: UnitAccess;
  state: School | null;
  busy: boolean;
  result: Result | undefined;
  onConfirm: () => void;
}) {
  const { t, date, dateTime } = useI18n();
  const headingId = useId();
  const confirmedAt = state?.confirmedAt ?? null;
  // The confirm button goes once confirmed: the keyboard continues at the school's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const wasUnconfirmed = useRef(!confirmedAt);
  useEffect(() => {
    if (confirmedAt && wasUnconfirmed.current) heading.current?.focus();
    wasUnconfirmed.current = !confirmedAt;
  }, [confirmedAt]);
  return (
    <section className="card own-school" aria-labelledby={headingId} data-testid="own-school" data-unit-code={unit.code}>
      <p className="eyebrow">{t('roster.ownSchool')}</p>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {unit.name}
      </h2>
      {confirmedAt ? (
        <p className="confirm-status" data-testid="own-school-status">
          <span className="badge badge-success">
            <span aria-hidden="true">✓ </span>
            {t('roster.confirmed')}
          </span>
          {t('roster.confirmedOn', { date: date(confirmedAt) })}
        </p>
      ) : (
        <>
          <p className="confirm-status" data-testid="own-school-status">
            <span className="badge badge-warning">{t('roster.notConfirmed')}</span>
            {t('roster.notConfirmedYet')}
          </p>
          <p className="muted">
            {t('roster.confirmHint')} <Link href={paths.contacts(unit.code)}>{t('roster.contactsLink')}</Link>
          </p>
          <button type="button" className="button button-success" disabled={busy} onClick={onConfirm}>
            <span aria-hidden="true">✓</span> {t('roster.confirm')}
          </button>
        </>
      )}
      {state?.lastEmailAt && (
        <p className="small muted own-school-email">
          {t('roster.lastEmailAtValue', { date: dateTime(state.lastEmailAt) })}
        </p>
      )}
      {result && <RowResult result={result} />}
    </section>
  );
}

// 核發時數 one by one: the admitted registrations, each with its hours (prefilled with the
// hours in force, or the course's), a reason when that corrects hours already granted, and
// the outcome or the problems beside the row after sending. One request for the chosen rows
// (or all): the server writes all of them or none. 全部核發 means every admitted registration,
// not only the pages shown: it loads the rest first (they join the table, where their errors
// or outcomes show), and its label counts them all. A grant too large for one request (see
// fitsOneGrant) is refused before sending, pointing to the file upload.
import { useEffect, useId, useState } from 'react';
import { request } from '../../api/client';
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { ActionError, ErrorView } from '../../components/ErrorView';
import { FieldErrors, FormErrors } from '../../components/Field';
import { LoadMore } from '../../components/PagedList';
import { Loading } from '../../components/Page';
import { GrantHoursDocument, HoursRegistrantsDocument, type HoursEntryInput, type HoursOutcome, type HoursRegistrantsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatHours } from '../courses/model';
import { PersonalCode } from '../teachers/PersonalCode';
import { normalizePersonalCode } from '../teachers/model';
import type { HoursCourse } from './CourseHoursPage';
import {
  countMayFitOneGrant,
  errorsByEntry,
  fitsOneGrant,
  grantAllCount,
  hoursProblemText,
  localizeHoursErrors,
  OUTCOME_BADGE,
  outcomeKey,
  outcomeValues,
  parseHours,
} from './model';

const PAGE_SIZE = 100;
const selectRegistrants = (d: HoursRegistrantsQuery) => d.registrations;

type Registrant = HoursRegistrantsQuery['registrations']['nodes'][number];
type Draft = { hours?: string; reason?: string };
type RowOutcome = { outcome: HoursOutcome; hours: number | null; previousHours: number | null };
type Notice = { kind: 'granted'; values: Record<string, number> } | { kind: 'refused'; errors: number } | { kind: 'local'; errors: number };

export function GrantTable({ course, inForce, ledgerLoaded, onGranted }: {
  course: HoursCourse;
  /** Grants in force by personal code, from the ledger. */
  inForce: Map<string, { id: string; hours: number }>;
  ledgerLoaded: boolean;
  onGranted: () => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const headingId = `${id}-heading`;
  const result = usePagedQuery(HoursRegistrantsDocument, { courseId: course.id, first: PAGE_SIZE }, selectRegistrants);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, InputErrorLike[]>>({});
  const [outcomes, setOutcomes] = useState<Record<string, RowOutcome>>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  // Loading the rows not shown yet (key `loadAll`, for 全部核發), then granting; errors
  // of the whole request (the rows' own are in `errors`).
  const grant = useMutation<'loadAll'>();
  const { failure } = grant;
  const general = localizeHoursErrors(grant.errors, t, locale);
  const loadingAll = grant.busyKey === 'loadAll';
  const busy = grant.busy && !loadingAll;
  // Move focus to the first field in error once the errors are on the page.
  const [focusError, setFocusError] = useState(0);

  useEffect(() => {
    if (focusError === 0) return;
    document.querySelector<HTMLElement>('[data-testid="grant-row"] [aria-invalid="true"], [data-testid="grant-row"] .grant-row-problem')?.focus();
  }, [focusError]);

  const rows = result.nodes;
  const codeOf = (r: Registrant) => (r.personalCode ? normalizePersonalCode(r.personalCode) : null);
  const currentOf = (r: Registrant) => {
    const code = codeOf(r);
    return code ? inForce.get(code) : undefined;
  };
  const hoursText = (r: Registrant) => drafts[r.id]?.hours ?? formatHours(currentOf(r)?.hours ?? course.hours);
  const reasonText = (r: Registrant) => drafts[r.id]?.reason ?? '';
  const isCorrection = (r: Registrant) => {
    const current = currentOf(r);
    const parsed = parseHours(hoursText(r), course.hours);
    return current !== undefined && parsed.hours !== null && parsed.hours !== current.hours;
  };

  const setDraft = (r: Registrant, change: Draft) => setDrafts((d) => ({ ...d, [r.id]: { ...d[r.id], ...change } }));
  const toggle = (r: Registrant, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(r.id);
      else next.delete(r.id);
      return next;
    });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const allCount = grantAllCount(rows.length, result.totalCount, result.hasNextPage);
  const tooMany = (n: number): InputErrorLike => ({ field: null, code: LOCAL_ERROR, message: t('hours.tooManyForOneGrant', { n }) });

  const send = async (scope: 'selected' | 'all') => {
    if (grant.busy) return;
    setNotice(null);
    grant.reset();
    setErrors({});
    setOutcomes({});
    let chosen = scope === 'all' ? rows : rows.filter((r) => selected.has(r.id));
    if (scope === 'all' && result.hasNextPage) {
      // Every admitted registration: the pages not loaded yet first (unless they could not
      // fit one grant anyway).
      if (!countMayFitOneGrant(course.id, allCount, course.hours)) {
        grant.setErrors([tooMany(allCount)]);
        return;
      }
      const loaded = await grant.run(async () => ({ errors: [], rows: await result.loadAll() }), 'loadAll');
      if (!loaded) return;
      chosen = loaded.rows;
    }
    if (chosen.length === 0) {
      grant.setErrors([{ field: null, code: LOCAL_ERROR, message: t('hours.chooseRows') }]);
      return;
    }
    // The checks the server makes too, before asking it.
    const local: Record<string, InputErrorLike[]> = {};
    const entries: HoursEntryInput[] = [];
    for (const r of chosen) {
      const problems: InputErrorLike[] = [];
      const code = codeOf(r);
      if (!code) problems.push({ field: 'personalCode', code: LOCAL_ERROR, message: t('hours.error.noCode') });
      const parsed = parseHours(hoursText(r), course.hours);
      if (parsed.problem) problems.push({ field: 'hours', code: LOCAL_ERROR, message: hoursProblemText(parsed.problem, t, course.hours) });
      const current = currentOf(r);
      const reason = reasonText(r).trim();
      if (isCorrection(r) && reason === '' && current) {
        problems.push({ field: 'reason', code: LOCAL_ERROR, message: t('hours.error.reasonForCorrection', { hours: formatHours(current.hours) }) });
      }
      if (problems.length > 0) local[r.id] = problems;
      else if (code && parsed.hours !== null) entries.push({ personalCode: code, hours: parsed.hours, reason: reason || null });
    }
    const localCount = Object.keys(local).length;
    if (localCount > 0) {
      setErrors(local);
      setNotice({ kind: 'local', errors: localCount });
      setFocusError((n) => n + 1);
      return;
    }
    if (!fitsOneGrant(course.id, entries)) {
      grant.setErrors([tooMany(entries.length)]);
      return;
    }
    const p = await grant.run(async () => (await request(GrantHoursDocument, { courseId: course.id, entries })).grantHours);
    if (p) {
      const byRow: Record<string, InputErrorLike[]> = {};
      for (const [index, list] of errorsByEntry(p)) {
        const row = chosen[index];
        if (row) byRow[row.id] = localizeHoursErrors(list, t, locale);
      }
      setErrors(byRow);
      // What was written; when nothing was, only the rows in error (the others did not happen).
      const done: Record<string, RowOutcome> = {};
      for (const row of p.rows) {
        const r = chosen[row.line];
        if (r && (p.committed || row.outcome === 'ERROR')) done[r.id] = { outcome: row.outcome, hours: row.hours ?? null, previousHours: row.previousHours ?? null };
      }
      setOutcomes(done);
      if (p.committed) {
        const values = outcomeValues(p);
        // Read out by the notice's own live region.
        setNotice({ kind: 'granted', values });
        // The hours stay as typed (now in force); reasons served their purpose.
        setDrafts((d) => {
          const next = { ...d };
          for (const r of chosen) next[r.id] = { ...next[r.id], reason: '' };
          return next;
        });
        setSelected(new Set());
        onGranted();
      } else if (p.errors.length === 0) {
        setNotice({ kind: 'refused', errors: p.errorCount });
        setFocusError((n) => n + 1);
      }
    }
  };

  return (
    <section className="card grant-panel" aria-labelledby={headingId} data-testid="grant-panel">
      <h2 id={headingId}>{t('hours.grantTitle')}</h2>
      <p className="grant-intro">{t('hours.grantIntro', { hours: formatHours(course.hours) })}</p>
      <div role="status" aria-live="polite" data-testid="grant-notice">
        {notice?.kind === 'granted' && <p className="alert alert-success">{t('hours.granted', notice.values)}</p>}
      </div>
      {notice && notice.kind !== 'granted' && (
        <p className="alert alert-error" role="alert" data-testid="grant-refused">
          {notice.kind === 'local' ? t('hours.localRefused', { n: notice.errors }) : t('hours.refused', { n: notice.errors })}
        </p>
      )}
      <FormErrors errors={general} />
      <ActionError error={failure} />

      {result.error && !result.data ? (
        <ErrorView error={result.error} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p className="empty" data-testid="grant-empty">
          {t('hours.noAdmitted')}
        </p>
      ) : (
        <>
          <div className="table-card grant-table-card">
            <table className="data-table grant-table" data-testid="grant-table">
              <caption className="sr-only">{t('hours.grantCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="grant-select">
                    <input
                      type="checkbox"
                      id={`${id}-all`}
                      checked={allSelected}
                      onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                    />
                    <label htmlFor={`${id}-all`} className="sr-only">
                      {t('hours.selectAll')}
                    </label>
                  </th>
                  <th scope="col">{t('registration.teacherName')}</th>
                  <th scope="col">{t('teacher.personalCode')}</th>
                  <th scope="col">{t('hours.inForce')}</th>
                  <th scope="col">{t('hours.hours')}</th>
                  <th scope="col">{t('hours.reason')}</th>
                  <th scope="col">{t('hours.result')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const rowId = `${id}-${r.id}`;
                  const current = currentOf(r);
                  const rowErrors = errors[r.id] ?? [];
                  const hoursErrors = rowErrors.filter((e) => e.field === 'hours');
                  const reasonErrors = rowErrors.filter((e) => e.field === 'reason');
                  const otherErrors = rowErrors.filter((e) => e.field !== 'hours' && e.field !== 'reason');
                  const showReason = isCorrection(r) || reasonErrors.length > 0 || reasonText(r) !== '';
                  const outcome = outcomes[r.id];
                  return (
                    <tr key={r.id} data-testid="grant-row" data-name={r.teacherName} className={rowErrors.length > 0 ? 'import-row-error' : undefined}>
                      <td className="grant-select" data-label={t('hours.select')}>
                        <input type="checkbox" id={`${rowId}-select`} checked={selected.has(r.id)} onChange={(e) => toggle(r, e.target.checked)} />
                        <label htmlFor={`${rowId}-select`} className="sr-only">
                          {t('hours.selectRow', { name: r.teacherName })}
                        </label>
                      </td>
                      <th scope="row" data-label={t('registration.teacherName')}>
                        {r.teacherName}
                        {r.school && <span className="block small muted">{r.school.name}</span>}
                      </th>
                      <td data-label={t('teacher.personalCode')}>{r.personalCode ? <PersonalCode code={r.personalCode} /> : <span className="muted">{t('common.none')}</span>}</td>
                      <td data-label={t('hours.inForce')} data-testid="grant-in-force" className="nowrap">
                        {!ledgerLoaded ? '…' : current ? t('course.hoursValue', { hours: formatHours(current.hours) }) : <span className="muted">{t('hours.notGranted')}</span>}
                      </td>
                      <td data-label={t('hours.hours')} className={hoursErrors.length > 0 ? 'cell-invalid' : undefined}>
                        <label htmlFor={`${rowId}-hours`} className="sr-only">
                          {t('hours.hoursFor', { name: r.teacherName })}
                        </label>
                        <input
                          id={`${rowId}-hours`}
                          className="hours-input"
                          type="text"
                          inputMode="decimal"
                          autoComplete="off"
                          value={hoursText(r)}
                          onChange={(e) => setDraft(r, { hours: e.target.value })}
                          aria-invalid={hoursErrors.length > 0 ? true : undefined}
                          aria-describedby={hoursErrors.length > 0 ? `${rowId}-hours-error` : undefined}
                        />
                        <FieldErrors id={hoursErrors.length > 0 ? `${rowId}-hours-error` : undefined} errors={hoursErrors} />
                      </td>
                      <td data-label={t('hours.reason')} className={reasonErrors.length > 0 ? 'cell-invalid' : undefined}>
                        {showReason ? (
                          <>
                            <label htmlFor={`${rowId}-reason`} className="sr-only">
                              {t('hours.reasonFor', { name: r.teacherName })}
                            </label>
                            <input
                              id={`${rowId}-reason`}
                              className="reason-input"
                              type="text"
                              maxLength={500}
                              value={reasonText(r)}
                              placeholder={t('hours.reasonPlaceholder')}
                              onChange={(e) => setDraft(r, { reason: e.target.value })}
                              aria-invalid={reasonErrors.length > 0 ? true : undefined}
                              aria-describedby={reasonErrors.length > 0 ? `${rowId}-reason-error` : undefined}
                            />
                            <FieldErrors id={reasonErrors.length > 0 ? `${rowId}-reason-error` : undefined} errors={reasonErrors} />
                          </>
                        ) : (
                          <span className="muted small">{t('hours.reasonWhenCorrecting')}</span>
                        )}
                      </td>
                      <td data-label={t('hours.result')} data-testid="grant-result">
                        {outcome && (
                          <span className={`badge ${OUTCOME_BADGE[outcome.outcome]}`} data-testid="grant-outcome">
                            {t(outcomeKey(outcome.outcome))}
                          </span>
                        )}
                        {outcome?.outcome === 'CORRECTED' && outcome.previousHours !== null && outcome.hours !== null && (
                          <span className="block small">{t('hours.correctedFrom', { from: formatHours(outcome.previousHours), to: formatHours(outcome.hours) })}</span>
                        )}
                        {otherErrors.length > 0 && (
                          <ul className="import-problems grant-row-problem" tabIndex={-1} data-testid="grant-problems">
                            {otherErrors.map((e, i) => (
                              <li key={i}>{e.message}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <LoadMore paged={result} />
          <div className="form-actions grant-actions">
            <button type="button" className="button button-primary" disabled={busy || loadingAll} onClick={() => void send('selected')} data-testid="grant-selected">
              {busy ? t('hours.granting') : t('hours.grantSelected', { n: selected.size })}
            </button>
            <button type="button" className="button" disabled={busy || loadingAll} onClick={() => void send('all')} data-testid="grant-all">
              {loadingAll ? t('hours.grantAllLoading') : t('hours.grantAll', { n: allCount })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

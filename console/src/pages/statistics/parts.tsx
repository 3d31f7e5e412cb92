// Parts shared by statistics requests and data-exchange applications: the status badge and
// the list's `?status=`, the job's progress, the steps taken, the downloads with their expiry, the
// commissioner's decision, and polling while the job runs.
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useSearch } from 'wouter';
import { APPLICATION_STATUSES } from '../../api/domain';
import type { InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { ActionError } from '../../components/ErrorView';
import { FormErrors, TextAreaField, TextField } from '../../components/Field';
import type { ApplicationStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { APPLICATION_BADGE, checkDecision, downloadsExpired, orderDownloads, progressPercent, transitionActor, transitionText, type Download, type Transition } from './model';

export function ApplicationStatusBadge({ status, testId = 'application-status' }: { status: ApplicationStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${APPLICATION_BADGE[status]}`} data-testid={testId} data-status={status}>
      {t(`application.status.${status}`)}
    </span>
  );
}

/** The `?status=` of a list page, when it is a status. */
export function useStatusParam(): ApplicationStatus | null {
  const value = new URLSearchParams(useSearch()).get('status') ?? '';
  return (APPLICATION_STATUSES as readonly string[]).includes(value) ? (value as ApplicationStatus) : null;
}

/** The job's progress while it runs: a labelled bar and the percentage in words. */
export function JobProgress({ progress, label }: { progress: number; label: string }) {
  const { t } = useI18n();
  const id = useId();
  const percent = progressPercent(progress);
  const text = t('application.progressText', { percent });
  return (
    <div className="progress-block" data-testid="job-progress">
      <label htmlFor={id} className="progress-label">
        {label}
      </label>
      <progress id={id} className="progress" max={100} value={percent} aria-valuetext={text} aria-describedby={`${id}-text`} />
      <p id={`${id}-text`} className="progress-text" data-testid="job-progress-text">
        {text}
      </p>
    </div>
  );
}

/** Every step, oldest first: when, from → to, who (the job has no login), why. */
export function TransitionList({ transitions }: { transitions: readonly Transition[] }) {
  const { t, dateTime } = useI18n();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('application.history')}</h2>
      <ol className="history-list" data-testid="transitions">
        {transitions.map((tr, i) => (
          <li key={`${tr.at}-${i}`} data-testid="transition" data-status={tr.toStatus}>
            <span className="history-when small muted">{dateTime(tr.at)}</span>
            <span className="history-what">
              {transitionText(tr, t)}
              <span className="muted"> · {transitionActor(tr, t)}</span>
            </span>
            {tr.reason && <span className="history-reason pre-wrap">{t('application.reason', { reason: tr.reason })}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The files while they may be downloaded: plain links (the session cookie authenticates
 * the GET), with the expiry in Taipei time; an expired result says so instead.
 */
export function DownloadLinks({ status, downloads, expiresAt, note }: {
  status: ApplicationStatus;
  downloads: readonly Download[];
  expiresAt: string | null | undefined;
  note?: string;
}) {
  const { t, dateTime } = useI18n();
  const headingId = useId();
  if (status !== 'COMPLETED') return null;
  const expired = downloadsExpired(status, downloads, expiresAt);
  return (
    <section className="card downloads" aria-labelledby={headingId} data-testid="downloads">
      <h2 id={headingId}>{t('application.downloads')}</h2>
      {expired ? (
        <p className="alert alert-warning" data-testid="downloads-expired">
          {expiresAt ? t('application.expired', { at: dateTime(expiresAt) }) : t('application.noFiles')}
        </p>
      ) : (
        <>
          <ul className="download-list">
            {orderDownloads(downloads).map((d) => (
              <li key={d.format}>
                <a className="button" href={d.url} download data-testid={`download-${d.format}`}>
                  <span aria-hidden="true">⤓</span> {t(`application.download.${d.format}`)}
                </a>
              </li>
            ))}
          </ul>
          {expiresAt && (
            <p className="small muted" data-testid="downloads-expiry">
              {t('application.expiresAt', { at: dateTime(expiresAt) })}
            </p>
          )}
          {note && <p className="small muted">{note}</p>}
        </>
      )}
    </section>
  );
}

/**
 * The commissioner's decision: 核准 (with the disclosure threshold k for statistics, 3 by
 * default) or 不予核准 with a reason the applicant reads (required, checked before sending;
 * REQUIRED from the server is shown the same way).
 */
export function DecisionPanel({ withK, intro, onDecide }: {
  withK: boolean;
  intro: string;
  /** Sends the decision; resolves with the payload's errors, already worded. */
  onDecide: (approve: boolean, reason: string | null, k: number | null) => Promise<InputErrorLike[]>;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const [reason, setReason] = useState('');
  const [k, setK] = useState('3');
  // The run's key says which button is busy: `approve` or `reject`.
  const decision = useMutation<'approve' | 'reject'>();
  const { errors, failure, busyKey: busy } = decision;
  const form = useRef<HTMLElement>(null);

  const focusError = (list: readonly InputErrorLike[]) => {
    const field = list.find((e) => e.field === 'reason') ? 'decisionReason' : list.find((e) => e.field === 'k') ? 'decisionK' : null;
    if (field) form.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  };

  const decide = async (approve: boolean) => {
    const local = checkDecision(approve, reason, withK ? k : null, t);
    if (local.length > 0) {
      decision.setErrors(local);
      focusError(local);
      return;
    }
    const answered = await decision.run(
      async () => ({ errors: await onDecide(approve, reason.trim() || null, withK && approve ? Number(k.trim()) : null) }),
      approve ? 'approve' : 'reject',
    );
    if (answered) focusError(answered.errors);
  };

  const on = (field: string) => errors.filter((e) => e.field === field);
  const other = errors.filter((e) => e.field !== 'reason' && e.field !== 'k');
  return (
    <section className="card decision-panel" aria-labelledby={headingId} data-testid="decision-panel" ref={form}>
      <h2 id={headingId}>{t('application.decisionTitle')}</h2>
      <p className="muted small">{intro}</p>
      <FormErrors errors={other} />
      <ActionError error={failure} />
      {withK && (
        <TextField
          label={t('stats.k')}
          hint={t('stats.kHint')}
          name="decisionK"
          type="number"
          inputMode="numeric"
          min={3}
          max={100}
          step={1}
          value={k}
          onChange={(e) => setK(e.target.value)}
          errors={on('k')}
          className="decision-k"
        />
      )}
      <TextAreaField
        label={t('application.decisionReason')}
        hint={t('application.decisionReasonHint')}
        name="decisionReason"
        rows={3}
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        errors={on('reason')}
      />
      <div className="form-actions">
        <button type="button" className="button button-success" disabled={busy !== null} onClick={() => void decide(true)} data-testid="approve">
          {busy === 'approve' ? t('common.saving') : t('application.approve')}
        </button>
        <button type="button" className="button button-danger" disabled={busy !== null} onClick={() => void decide(false)} data-testid="reject">
          {busy === 'reject' ? t('common.saving') : t('application.reject')}
        </button>
      </div>
    </section>
  );
}

/**
 * Calls `tick` every `intervalMs` while `active`, one call at a time (the next waits for
 * the previous to settle), and stops when inactive or unmounted.
 */
export function usePoll(active: boolean, intervalMs: number, tick: () => Promise<unknown>) {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: number | undefined;
    const schedule = () => {
      timer = window.setTimeout(() => {
        latest.current()
          .catch(() => {
            // The query keeps its error; polling goes on while the job runs.
          })
          .finally(() => {
            if (!stopped) schedule();
          });
      }, intervalMs);
    };
    schedule();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [active, intervalMs]);
}

/** The width of an element in CSS pixels, followed as it resizes (null until measured). */
export function useElementWidth<E extends HTMLElement>(): [RefObject<E | null>, number | null] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.round(w));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

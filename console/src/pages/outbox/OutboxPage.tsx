import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { request } from '../../api/client';
import { EMAIL_TEMPLATES, OUTBOX_STATUSES } from '../../api/domain';
import { inputErrorText, type InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useAnnounce } from '../../components/Announcer';
import { ActionError, ErrorView } from '../../components/ErrorView';
import { SelectField, TextField } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { PageTitle } from '../../components/Page';
import { RowResult, type RowOutcome } from '../../components/RowResult';
import { OutboxDocument, RetryEmailDocument, type OutboxMessageFieldsFragment, type OutboxQuery, type OutboxStatus } from '../../gql/graphql';
import { useI18n, type Locale, type Translate } from '../../i18n';
import { hasMessage } from '../../i18n/translate';

type Message = OutboxMessageFieldsFragment;
const PAGE_SIZE = 50;
const selectOutbox = (d: OutboxQuery) => d.outbox;

const STATUS_BADGE: Record<OutboxStatus, string> = {
  PENDING: '',
  SENDING: 'badge-muted',
  SENT: 'badge-success',
  DEAD: 'badge-danger',
};

/** retryEmail's errors in the user's language (zh-TW words them for this page). */
export function retryErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (locale === 'zh-TW' || !error.message) {
    if (error.code === 'CONFLICT') return t('outbox.retry.CONFLICT');
    if (error.code === 'NOT_FOUND') return t('outbox.retry.NOT_FOUND');
  }
  return inputErrorText(error, t, locale);
}

/** 寄件匣: every message the system wrote, for operators; retry and delivery attempts. */
export function OutboxPage() {
  const { t, dateTime, locale } = useI18n();
  const announce = useAnnounce();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const statusParam = params.get('status') ?? '';
  const status = (OUTBOX_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as OutboxStatus) : null;
  const to = params.get('to') ?? '';
  const template = params.get('template') ?? '';

  const [draft, setDraft] = useState({ status: status ?? '', to, template });
  useEffect(() => setDraft({ status: status ?? '', to, template }), [status, to, template]);
  const [changed, setChanged] = useState<Record<string, Message>>({});
  const [results, setResults] = useState<Record<string, RowOutcome>>({});
  const [open, setOpen] = useState<Record<string, boolean>>({});
  // One retry at a time; its key is the message's id.
  const retrying = useMutation();
  const { failure, busyKey: busyId } = retrying;

  const result = usePagedQuery(
    OutboxDocument,
    { filter: { status, to: to.trim() || null, template: template.trim() || null }, first: PAGE_SIZE },
    selectOutbox,
  );
  // A new list (other filters, a refresh) replaces what the buttons changed.
  useEffect(() => {
    setChanged({});
    setResults({});
  }, [result.data]);

  const apply = (values: typeof draft) => {
    const next = new URLSearchParams();
    if (values.status) next.set('status', values.status);
    if (values.to.trim()) next.set('to', values.to.trim());
    if (values.template.trim()) next.set('template', values.template.trim());
    const s = next.toString();
    navigate(s ? `${location}?${s}` : location, { replace: true });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };

  const retry = async (message: Message) => {
    setResults((r) => {
      const next = { ...r };
      delete next[message.id];
      return next;
    });
    const payload = await retrying.run(async () => (await request(RetryEmailDocument, { id: message.id })).retryEmail, message.id);
    if (!payload) return;
    if (payload.errors.length > 0 || !payload.message) {
      const text = payload.errors.map((e) => retryErrorText(e, t, locale)).join('；');
      setResults((r) => ({ ...r, [message.id]: { ok: false, text } }));
      return;
    }
    const updated = payload.message;
    setChanged((c) => ({ ...c, [message.id]: updated }));
    setResults((r) => ({ ...r, [message.id]: { ok: true, text: t('outbox.retried') } }));
    announce(t('outbox.retriedToast', { subject: message.subject }));
  };

  const templateLabel = (name: string) => {
    const key = `template.${name}`;
    return hasMessage(key) ? t(key) : name;
  };
  const outcomeLabel = (outcome: string) => {
    const key = `outbox.outcome.${outcome}`;
    return hasMessage(key) ? t(key) : outcome;
  };

  if (result.error) return <ErrorView error={result.error} onRetry={() => void result.refetch()} />;
  const messages = result.nodes.map((m) => changed[m.id] ?? m);
  const templates: string[] = [...EMAIL_TEMPLATES];
  if (template && !templates.includes(template)) templates.push(template);

  return (
    <>
      <PageTitle
        lead={<p>{t('outbox.intro')}</p>}
        actions={
          <button type="button" className="button" onClick={() => void result.refetch()} disabled={result.loading}>
            <span aria-hidden="true">↻</span> {t('outbox.refresh')}
          </button>
        }
      >
        {t('outbox.title')}
      </PageTitle>
      <form className="filters card outbox-filters" role="search" aria-label={t('common.search')} onSubmit={submit} noValidate>
        <SelectField label={t('outbox.status')} name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
          <option value="">{t('common.all')}</option>
          {OUTBOX_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`outbox.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          className="filter-grow"
          label={t('outbox.to')}
          name="to"
          type="email"
          placeholder="name@school.example"
          autoComplete="off"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
        <SelectField label={t('outbox.template')} name="template" value={draft.template} onChange={(e) => setDraft({ ...draft, template: e.target.value })}>
          <option value="">{t('common.all')}</option>
          {templates.map((name) => (
            <option key={name} value={name}>
              {templateLabel(name)}
            </option>
          ))}
        </SelectField>
        <p className="filter-help muted small">{t('outbox.filterHelp')}</p>
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('outbox.apply')}
          </button>
          <button type="button" className="button button-quiet" onClick={() => apply({ status: '', to: '', template: '' })}>
            {t('common.clear')}
          </button>
        </div>
      </form>

      <ActionError error={failure} />
      <PagedList paged={result} empty={t('outbox.empty')}>
        <div className="table-card card">
          <table className="data-table outbox-table" data-testid="outbox-table">
            <caption className="sr-only">{t('outbox.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outbox.recipient')}</th>
                <th scope="col">{t('outbox.subject')}</th>
                <th scope="col">{t('outbox.status')}</th>
                <th scope="col">{t('outbox.times')}</th>
                <th scope="col">{t('outbox.lastError')}</th>
                <th scope="col">{t('outbox.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => {
                const logId = `attempts-${m.id}`;
                const expanded = open[m.id] ?? false;
                const rowResult = results[m.id];
                return (
                  <Fragment key={m.id}>
                    <tr data-message-id={m.id} data-status={m.status} data-testid="outbox-row">
                      <td data-label={t('outbox.recipient')} className="recipient">
                        {m.toName && <span className="block">{m.toName}</span>}
                        <span className="mono small">{m.to}</span>
                        {m.unit && <span className="block small muted">{m.unit.name}</span>}
                      </td>
                      <th scope="row" data-label={t('outbox.subject')}>
                        {m.subject}
                        <span className="block small muted">{templateLabel(m.template)}</span>
                      </th>
                      <td data-label={t('outbox.status')} className="outbox-status">
                        <span className={`badge ${STATUS_BADGE[m.status]}`} data-testid="outbox-status">
                          {t(`outbox.status.${m.status}`)}
                        </span>
                        <span className="block small" data-testid="outbox-attempts">
                          {t('outbox.attemptsCount', { n: m.attempts })}
                        </span>
                        {m.deliveryAttempts.length > 0 && (
                          <button
                            type="button"
                            className="link-button small"
                            aria-expanded={expanded}
                            aria-controls={logId}
                            onClick={() => setOpen((o) => ({ ...o, [m.id]: !expanded }))}
                          >
                            {t('outbox.log', { n: m.deliveryAttempts.length })}
                            <span className="sr-only"> {m.to}</span>
                          </button>
                        )}
                      </td>
                      <td data-label={t('outbox.times')} className="small">
                        <span className="block nowrap">{t('outbox.createdAt', { date: dateTime(m.createdAt) })}</span>
                        {m.sentAt && <span className="block nowrap tone-success">{t('outbox.sentAt', { date: dateTime(m.sentAt) })}</span>}
                        {m.nextAttemptAt && <span className="block nowrap muted">{t('outbox.nextAttemptAt', { date: dateTime(m.nextAttemptAt) })}</span>}
                      </td>
                      <td data-label={t('outbox.lastError')} className="small wrap-anywhere">
                        {m.lastError ?? <span className="muted">{t('common.none')}</span>}
                      </td>
                      <td data-label={t('outbox.actions')} className="outbox-actions">
                        {m.viewerCan.retry && (
                          <button type="button" className="button button-small" disabled={busyId === m.id} onClick={() => void retry(m)}>
                            {busyId === m.id ? t('outbox.retrying') : t('outbox.retry')}
                            <span className="sr-only"> {m.subject}（{m.to}）</span>
                          </button>
                        )}
                        {rowResult && <RowResult result={rowResult} />}
                      </td>
                    </tr>
                    {m.deliveryAttempts.length > 0 && (
                      <tr id={logId} className="attempts-row" hidden={!expanded}>
                        <td colSpan={6}>
                          <ol className="attempt-list" aria-label={t('outbox.log', { n: m.deliveryAttempts.length })}>
                            {m.deliveryAttempts.map((a, i) => (
                              <li key={i} data-outcome={a.outcome}>
                                <time dateTime={a.at} className="nowrap">{dateTime(a.at)}</time>
                                <span className={`badge ${a.outcome === 'sent' ? 'badge-success' : a.outcome === 'permanent' ? 'badge-danger' : 'badge-warning'}`}>
                                  {outcomeLabel(a.outcome)}
                                </span>
                                {a.smtpCode != null && <span className="mono">{t('outbox.smtpCode', { code: a.smtpCode })}</span>}
                                {a.detail && <span className="muted wrap-anywhere">{a.detail}</span>}
                              </li>
                            ))}
                          </ol>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      </PagedList>
    </>
  );
}

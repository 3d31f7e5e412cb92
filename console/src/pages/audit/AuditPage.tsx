import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { SelectField, TextField } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { PageTitle } from '../../components/Page';
import { AuditChoicesDocument, AuditLogDocument, type AuditLogQuery } from '../../gql/graphql';
import { hasMessage } from '../../i18n/translate';
import { useI18n } from '../../i18n';
import { endOfTaipeiDay, startOfTaipeiDay, taipeiDay } from '../../i18n/format';
import { parseChanges } from './changes';

/** Actions the server records (exact names, and prefixes ending in '.'). */
export const KNOWN_ACTIONS = [
  'contact.',
  'contact.create',
  'contact.update',
  'contact.delete',
  'contact.reorder',
  'contact.confirm',
  'role.',
  'role.grant',
  'role.revoke',
  'user.create',
  'session.',
  'session.login',
  'session.logout',
  'roster.',
  'roster.open',
  'roster.confirm',
  'roster.remind',
  'email.retry',
  'course.',
  'course.create',
  'course.update',
  'course.submit',
  'course.review',
  'delegation.',
  'delegation.create',
  'delegation.end',
  'teacher.',
  'teacher.list',
  'teacher.upsert',
  'teacher.left',
  'teacher.state_service_unit',
  'teacher.sign_in_statements',
  'teacher.resolve_conflict',
  'registration.',
  'registration.create',
  'registration.cancel',
  'registration.remove',
  'registration.admit',
  'registration.promote',
  'registration.list',
  'registration.lookup',
  'registration.sign_in_sheet',
  'statistics.',
  'statistics.request',
  'statistics.decide',
  'statistics.download',
  'exchange.',
  'exchange.apply',
  'exchange.decide',
  'exchange.download',
  'report.county',
] as const;

const selectAudit = (d: AuditLogQuery) => d.auditLog;

export function AuditPage() {
  const { t, dateTime } = useI18n();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const actor = params.get('actor') ?? '';
  const unitCode = params.get('unit') ?? '';
  const action = params.get('action') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';

  const [draft, setDraft] = useState({ actor, unitCode, action, from, to });
  useEffect(() => setDraft({ actor, unitCode, action, from, to }), [actor, unitCode, action, from, to]);
  const [rangeError, setRangeError] = useState(false);

  const choices = useQuery(AuditChoicesDocument, { unitCode, hasUnit: unitCode !== '' });
  const unit = choices.data?.unit ?? null;
  const unitMissing = unitCode !== '' && choices.data !== undefined && !unit;

  const log = usePagedQuery(
    AuditLogDocument,
    {
      filter: {
        actorId: actor || null,
        unitId: unit?.id ?? null,
        action: action || null,
        from: startOfTaipeiDay(from),
        to: endOfTaipeiDay(to),
      },
      first: 50,
    },
    selectAudit,
    // Wait for the unit code to resolve, so the first page is already filtered.
    { skip: unitCode !== '' && !unit },
  );

  const apply = (values: typeof draft) => {
    if (values.from && values.to && values.from > values.to) {
      setRangeError(true);
      return;
    }
    setRangeError(false);
    const next = new URLSearchParams();
    if (values.actor) next.set('actor', values.actor);
    if (values.unitCode.trim()) next.set('unit', values.unitCode.trim());
    if (values.action.trim()) next.set('action', values.action.trim());
    if (values.from) next.set('from', values.from);
    if (values.to) next.set('to', values.to);
    const s = next.toString();
    navigate(s ? `${location}?${s}` : location, { replace: true });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };

  const actionLabel = (a: string) => {
    const key = `audit.action.${a}`;
    return hasMessage(key) ? t(key) : a;
  };
  const outcomeLabel = (o: string) => {
    const key = `audit.outcome.${o}`;
    return hasMessage(key) ? t(key) : o;
  };
  const today = taipeiDay();
  const users = choices.data?.users.nodes ?? [];

  return (
    <>
      <PageTitle lead={<p>{t('audit.intro')}</p>}>{t('audit.title')}</PageTitle>
      <form className="filters card audit-filters" role="search" aria-label={t('common.search')} onSubmit={submit} noValidate>
        <SelectField label={t('audit.actor')} name="actor" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })}>
          <option value="">{t('audit.anyActor')}</option>
          {actor && !users.some((u) => u.id === actor) && <option value={actor}>{params.get('actorLogin') ?? actor}</option>}
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName}（{u.login}）
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('audit.unit')}
          name="unit"
          value={draft.unitCode}
          placeholder="63000"
          onChange={(e) => setDraft({ ...draft, unitCode: e.target.value })}
          errors={unitMissing ? [{ field: 'unit', code: 'NOT_FOUND', message: 'No unit has this code.' }] : undefined}
          autoComplete="off"
        />
        <TextField
          label={t('audit.action')}
          name="action"
          placeholder="contact."
          list="audit-actions"
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          autoComplete="off"
        />
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </datalist>
        <TextField label={t('audit.from')} name="from" type="date" max={today} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        <TextField
          label={t('audit.to')}
          name="to"
          type="date"
          max={today}
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          errors={rangeError ? [{ field: 'to', code: 'LOCAL', message: t('audit.dateRangeError') }] : undefined}
        />
        <p className="filter-help muted small">{t('audit.filterHelp')}</p>
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('audit.apply')}
          </button>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => apply({ actor: '', unitCode: '', action: '', from: '', to: '' })}
          >
            {t('common.clear')}
          </button>
        </div>
      </form>

      {(!unitMissing || Boolean(log.error)) && (
        <PagedList paged={log} empty={t('audit.empty')}>
          <div className="table-card card">
            <table className="data-table audit-table" data-testid="audit-table">
              <caption className="sr-only">{t('audit.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col">{t('audit.unit')}</th>
                  <th scope="col">{t('audit.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {log.nodes.map((entry) => {
                  const changes = parseChanges(entry.changes);
                  return (
                    <tr key={entry.id} data-action={entry.action}>
                      <td data-label={t('audit.at')} className="nowrap">
                        <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                      </td>
                      <td data-label={t('audit.actor')}>
                        {entry.actorId && entry.actorLogin ? (
                          <button
                            type="button"
                            className="link-button"
                            title={t('audit.filterByActor', { login: entry.actorLogin })}
                            onClick={() => {
                              const next = new URLSearchParams(params);
                              next.set('actor', entry.actorId ?? '');
                              next.set('actorLogin', entry.actorLogin ?? '');
                              navigate(`${location}?${next.toString()}`, { replace: true });
                            }}
                          >
                            {entry.actorLogin}
                            <span className="sr-only"> {t('audit.filterByActor', { login: entry.actorLogin })}</span>
                          </button>
                        ) : (
                          (entry.actorLogin ?? t('common.none'))
                        )}
                      </td>
                      <td data-label={t('audit.action')}>
                        {actionLabel(entry.action)}
                        {actionLabel(entry.action) !== entry.action && <span className="block mono small muted">{entry.action}</span>}
                      </td>
                      <td data-label={t('audit.outcome')}>
                        <span className={`badge ${entry.outcome === 'ok' ? 'badge-success' : entry.outcome === 'denied' ? 'badge-danger' : 'badge-warning'}`}>
                          {outcomeLabel(entry.outcome)}
                        </span>
                        {entry.count > 1 && <span className="block small muted">{t('audit.count', { n: entry.count })}</span>}
                      </td>
                      <td data-label={t('audit.unit')}>{entry.unit?.name ?? t('common.none')}</td>
                      <td data-label={t('audit.changes')}>
                        {changes.length > 0 && (
                          <ul className="change-list">
                            {changes.map((c, i) => (
                              <li key={i}>
                                {c.field && <span className="mono">{c.field}</span>}
                                {c.from && (
                                  <>
                                    {' '}
                                    <del>{c.from}</del> →
                                  </>
                                )}{' '}
                                <ins>{c.to}</ins>
                              </li>
                            ))}
                          </ul>
                        )}
                        {entry.detail && <p className="small muted">{entry.detail}</p>}
                        {entry.requestId && <p className="small muted mono">{t('audit.requestId', { id: entry.requestId.slice(0, 8) })}</p>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </PagedList>
      )}
    </>
  );
}

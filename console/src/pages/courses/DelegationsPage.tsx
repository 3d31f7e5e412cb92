import { useCallback, useRef, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { request } from '../../api/client';
import { AUTHORITY_KINDS, DELEGATE_KINDS, paths } from '../../api/domain';
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import { useSession } from '../../api/session';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { Dialog } from '../../components/Dialog';
import { ActionError, ErrorView } from '../../components/ErrorView';
import { CheckboxField, focusFirstError, FormActions, FormErrors, SelectField, TextAreaField, TextField } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { PageTitle } from '../../components/Page';
import {
  DelegationUnitsDocument,
  EndReviewDelegationDocument,
  ReviewDelegationsDocument,
  SetReviewDelegationDocument,
  type DelegationFieldsFragment,
  type OrgUnitKind,
  type ReviewDelegationsQuery,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { taipeiDay } from '../../i18n/format';
import { delegationPeriod, lastDelegatedDay } from './model';

const PAGE_SIZE = 50;
const selectDelegations = (d: ReviewDelegationsQuery) => d.reviewDelegations;
type Delegation = DelegationFieldsFragment;

/** What the last change did, kept on the page (the toast says it too, for a moment). */
interface Outcome {
  text: string;
}

/** 審核授權: who reviews courses on a competent authority's behalf. */
export function DelegationsPage() {
  const { t, date, dateTime } = useI18n();
  const { permissions } = useSession();
  const [location, navigate] = useLocation();
  const includeEnded = new URLSearchParams(useSearch()).get('ended') === '1';
  const result = usePagedQuery(ReviewDelegationsDocument, { includeEnded, first: PAGE_SIZE }, selectDelegations);
  const canManage = permissions.manageDelegations;
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<Delegation | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  /** After a change the dialog closes: the keyboard continues at its outcome, not at the opener. */
  const focusOutcome = useRef(false);
  const afterDialog = useCallback(() => {
    if (!focusOutcome.current) return;
    focusOutcome.current = false;
    outcomeRef.current?.focus();
  }, []);
  const closeCreate = useCallback(() => {
    setCreating(false);
    afterDialog();
  }, [afterDialog]);
  const closeEnd = useCallback(() => {
    setEnding(null);
    afterDialog();
  }, [afterDialog]);

  if (result.error) return <ErrorView error={result.error} onRetry={() => void result.refetch()} />;

  const done = (text: string) => {
    focusOutcome.current = true;
    setOutcome({ text });
    void result.refetch();
  };

  const period = (d: Delegation) => {
    const from = d.validFrom ? dateTime(d.validFrom) : t('common.none');
    const to = d.validTo ? date(lastDelegatedDay(d.validTo)) : t('delegations.openEnded');
    return t('delegations.periodValue', { from, to });
  };
  const state = (d: Delegation) => {
    if (d.isActive) return { label: t('delegations.active'), badge: 'badge-success' };
    if (d.endedAt || (d.validTo && new Date(d.validTo).getTime() <= Date.now())) return { label: t('delegations.ended'), badge: 'badge-muted' };
    return { label: t('delegations.scheduled'), badge: '' };
  };

  return (
    <>
      <PageTitle
        lead={<p>{t('delegations.intro')}</p>}
        actions={
          canManage && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              <span aria-hidden="true">＋</span> {t('delegations.add')}
            </button>
          )
        }
      >
        {t('delegations.title')}
      </PageTitle>

      {outcome && (
        <p ref={outcomeRef} tabIndex={-1} className="alert alert-success" data-testid="delegation-outcome">
          {outcome.text}
        </p>
      )}

      <div className="filters card">
        <CheckboxField
          label={t('delegations.includeEnded')}
          name="ended"
          checked={includeEnded}
          onChange={(e) => navigate(e.target.checked ? `${location}?ended=1` : location, { replace: true })}
        />
        <p className="filter-help muted small">
          {t('delegations.queueHint')} <a href={paths.reviews}>{t('nav.reviews')}</a>
        </p>
      </div>

      <h2 id="delegations-heading" tabIndex={-1} className="sr-only">
        {t('delegations.caption')}
      </h2>
      <PagedList paged={result} empty={t('delegations.empty')}>
        <div className="table-card card">
          <table className="data-table delegation-table" aria-labelledby="delegations-heading" data-testid="delegations">
            <thead>
              <tr>
                <th scope="col">{t('delegations.authority')}</th>
                <th scope="col">{t('delegations.delegate')}</th>
                <th scope="col">{t('delegations.period')}</th>
                <th scope="col">{t('delegations.note')}</th>
                <th scope="col">{t('delegations.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {result.nodes.map((d) => {
                const s = state(d);
                return (
                  <tr key={d.id} data-testid="delegation" data-delegation-id={d.id} data-active={d.isActive}>
                    <th scope="row" data-label={t('delegations.authority')}>
                      {d.authority?.name ?? t('common.none')}
                      <span className="block small muted mono">{d.authority?.code}</span>
                    </th>
                    <td data-label={t('delegations.delegate')}>
                      {d.delegate?.name ?? t('common.none')}
                      <span className="block small muted mono">{d.delegate?.code}</span>
                    </td>
                    <td data-label={t('delegations.period')} className="small">
                      <span className={`badge ${s.badge}`} data-testid="delegation-state">
                        {s.label}
                      </span>
                      <span className="block">{period(d)}</span>
                      {d.endedAt && <span className="block muted">{t('delegations.endedAt', { date: dateTime(d.endedAt) })}</span>}
                      {d.endReason && <span className="block muted">{t('delegations.endReasonValue', { reason: d.endReason })}</span>}
                    </td>
                    <td data-label={t('delegations.note')} className="small wrap-anywhere">
                      {d.note ?? t('common.none')}
                      <span className="block muted">
                        {t('delegations.createdBy', { date: dateTime(d.createdAt), login: d.createdByLogin ?? t('delegations.system') })}
                      </span>
                    </td>
                    <td data-label={t('delegations.actions')} className="actions-cell">
                      {canManage && !d.endedAt && (d.isActive || state(d).label === t('delegations.scheduled')) && (
                        <button type="button" className="button button-small button-danger" onClick={() => setEnding(d)}>
                          {t('delegations.end')}
                          <span className="sr-only">
                            {' '}
                            {d.authority?.name} → {d.delegate?.name}
                          </span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </PagedList>

      <Dialog open={creating} title={t('delegations.addTitle')} onClose={closeCreate} fallbackFocus="#delegations-heading">
        {creating && (
          <CreateDelegationForm
            onCreated={(d, moved) => {
              setCreating(false);
              done(t('delegations.created', { authority: d.authority?.name ?? '', delegate: d.delegate?.name ?? '', n: moved }));
            }}
            onCancel={closeCreate}
          />
        )}
      </Dialog>
      <Dialog open={ending !== null} title={t('delegations.endTitle')} onClose={closeEnd} size="narrow" fallbackFocus="#delegations-heading">
        {ending && (
          <EndDelegationForm
            delegation={ending}
            onEnded={(moved) => {
              const d = ending;
              setEnding(null);
              done(t('delegations.endedToast', { authority: d.authority?.name ?? '', delegate: d.delegate?.name ?? '', n: moved }));
            }}
            onCancel={closeEnd}
          />
        )}
      </Dialog>
    </>
  );
}

const CREATE_FIELDS = ['authorityId', 'delegateUnitId', 'validFrom', 'validTo', 'note'] as const;

function unitOptions(units: readonly { id: string; name: string; kind: OrgUnitKind }[], kinds: readonly OrgUnitKind[]) {
  return kinds.map((kind) => ({ kind, units: units.filter((u) => u.kind === kind) })).filter((g) => g.units.length > 0);
}

function CreateDelegationForm({ onCreated, onCancel }: { onCreated: (d: Delegation, pendingMoved: number) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const units = useQuery(DelegationUnitsDocument, { kinds: [...DELEGATE_KINDS] });
  const [draft, setDraft] = useState({ authorityId: '', delegateUnitId: '', validFrom: '', validTo: '', note: '' });
  const creation = useMutation({ fields: CREATE_FIELDS });
  const { grouped, failure, busy } = creation;
  const formRef = useRef<HTMLFormElement>(null);
  const set = (key: keyof typeof draft, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: InputErrorLike[] = [];
    if (!draft.authorityId) local.push({ field: 'authorityId', code: LOCAL_ERROR, message: t('delegations.chooseUnit') });
    if (!draft.delegateUnitId) local.push({ field: 'delegateUnitId', code: LOCAL_ERROR, message: t('delegations.chooseUnit') });
    const period = delegationPeriod(draft.validFrom, draft.validTo, taipeiDay(), {
      invalidDate: t('delegations.invalidDate'),
      pastStart: t('delegations.pastStart'),
      endBeforeStart: t('delegations.endBeforeStart'),
    });
    if (period.errors) local.push(...period.errors);
    if (local.length > 0 || !period.input) {
      creation.setErrors(local);
      focusFirstError(formRef.current, local, CREATE_FIELDS);
      return;
    }
    const { validFrom, validTo } = period.input;
    const p = await creation.run(async () =>
      (await request(SetReviewDelegationDocument, {
        authorityId: draft.authorityId,
        delegateUnitId: draft.delegateUnitId,
        validFrom,
        validTo,
        note: draft.note.trim() || null,
      })).setReviewDelegation,
    );
    if (!p) return;
    if (p.errors.length > 0 || !p.delegation) {
      focusFirstError(formRef.current, p.errors, CREATE_FIELDS);
      return;
    }
    announce(t('delegations.created', { authority: p.delegation.authority?.name ?? '', delegate: p.delegation.delegate?.name ?? '', n: p.pendingMoved }));
    onCreated(p.delegation, p.pendingMoved);
  };

  if (units.error) return <ErrorView error={units.error} />;
  const all = units.data?.orgUnits.nodes ?? [];
  const kindLabel = (k: OrgUnitKind) => t(`kind.${k}`);
  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form" data-testid="delegation-form">
      <p className="muted small">{t('delegations.addIntro')}</p>
      {Object.keys(grouped.byField).length > 0 && (
        <p className="alert alert-error" role="alert">
          {t('common.formHasErrors')}
        </p>
      )}
      <FormErrors errors={grouped.general} />
      <ActionError error={failure} />
      <div className="form-grid">
        <SelectField className="span-2" label={t('delegations.authority')} hint={t('delegations.authorityHint')} name="authorityId" value={draft.authorityId} onChange={(e) => set('authorityId', e.target.value)} errors={grouped.byField.authorityId} required data-autofocus>
          <option value="">{units.data ? t('courseForm.choose') : t('app.loading')}</option>
          {unitOptions(all, AUTHORITY_KINDS).map((g) => (
            <optgroup key={g.kind} label={kindLabel(g.kind)}>
              {g.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <SelectField className="span-2" label={t('delegations.delegate')} hint={t('delegations.delegateHint')} name="delegateUnitId" value={draft.delegateUnitId} onChange={(e) => set('delegateUnitId', e.target.value)} errors={grouped.byField.delegateUnitId} required>
          <option value="">{units.data ? t('courseForm.choose') : t('app.loading')}</option>
          {unitOptions(all, DELEGATE_KINDS).map((g) => (
            <optgroup key={g.kind} label={kindLabel(g.kind)}>
              {g.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <TextField label={t('delegations.validFrom')} hint={t('delegations.validFromHint')} type="date" name="validFrom" value={draft.validFrom} onChange={(e) => set('validFrom', e.target.value)} errors={grouped.byField.validFrom} />
        <TextField label={t('delegations.validTo')} hint={t('delegations.validToHint')} type="date" name="validTo" value={draft.validTo} onChange={(e) => set('validTo', e.target.value)} errors={grouped.byField.validTo} />
        <TextAreaField className="span-2" label={t('delegations.note')} name="note" rows={2} value={draft.note} onChange={(e) => set('note', e.target.value)} errors={grouped.byField.note} maxLength={500} />
      </div>
      <FormActions busy={busy} submit={t('delegations.create')} onCancel={onCancel} />
    </form>
  );
}

function EndDelegationForm({ delegation, onEnded, onCancel }: { delegation: Delegation; onEnded: (pendingMoved: number) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [reason, setReason] = useState('');
  const ending = useMutation({ fields: ['reason'] });
  const { grouped, failure, busy } = ending;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = await ending.run(async () => (await request(EndReviewDelegationDocument, { id: delegation.id, reason: reason.trim() || null })).endReviewDelegation);
    if (!p || p.errors.length > 0) return;
    announce(t('delegations.endedToast', { authority: delegation.authority?.name ?? '', delegate: delegation.delegate?.name ?? '', n: p.pendingMoved }));
    onEnded(p.pendingMoved);
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form" data-testid="end-delegation-form">
      <p>{t('delegations.endBody', { authority: delegation.authority?.name ?? '', delegate: delegation.delegate?.name ?? '' })}</p>
      <FormErrors errors={grouped.general} />
      <ActionError error={failure} />
      <TextAreaField label={t('delegations.endReason')} name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} errors={grouped.byField.reason} maxLength={500} data-autofocus />
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={busy}>
          {t('delegations.endConfirm')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

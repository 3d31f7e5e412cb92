// What the two application kinds share: statistics requests and data-exchange applications
// are listed, filtered and paged alike, and asked for on a form page alike (the form's frame,
// the purpose, focus on the first field in error). Each kind names its texts, paths and test
// ids once (KINDS); the statistics list adds the category under the purpose where the
// data-exchange list adds the period.
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'wouter';
import { APPLICATION_STATUSES, paths } from '../../api/domain';
import { useSession, type Me } from '../../api/session';
import type { InputErrorLike } from '../../api/inputErrors';
import type { PagedState } from '../../api/usePagedQuery';
import { ActionError, ErrorView, NoPermission } from '../../components/ErrorView';
import { FormErrors, TextAreaField } from '../../components/Field';
import { Loading, PageTitle } from '../../components/Page';
import { PagedList } from '../../components/PagedList';
import { StatusFilter } from '../../components/StatusFilter';
import type { ApplicationStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { isRunning, progressPercent } from './model';
import { ApplicationStatusBadge } from './parts';

const KINDS = {
  stats: {
    list: paths.statistics(),
    create: paths.newStatistics,
    href: paths.statisticsRequest,
    testIds: { create: 'new-statistics', form: 'statistics-form', submit: 'submit-statistics', heading: 'statistics-heading', empty: 'statistics-empty', list: 'statistics-list', row: 'statistics-row' },
  },
  exchange: {
    list: paths.dataExchanges(),
    create: paths.newDataExchange,
    href: paths.dataExchange,
    testIds: { create: 'new-exchange', form: 'exchange-form', submit: 'submit-exchange', heading: 'exchanges-heading', empty: 'exchanges-empty', list: 'exchanges-list', row: 'exchange-row' },
  },
} as const;

type ApplicationKind = keyof typeof KINDS;

interface Application {
  id: string;
  number: number;
  status: ApplicationStatus;
  progress: number;
  purpose: string;
  requesterName: string;
  createdAt: string;
  unit: { name: string } | null;
}

/** A column the kind adds after the unit. */
interface ExtraColumn<A> {
  label: string;
  cell: (application: A) => ReactNode;
}

export function ApplicationListPage<A extends Application>({ kind, paged, status, mayCreate, purposeNote, extra }: {
  kind: ApplicationKind;
  paged: PagedState<unknown, A>;
  status: ApplicationStatus | null;
  mayCreate: boolean;
  /** A line under the purpose. */
  purposeNote?: (application: A) => ReactNode;
  extra?: ExtraColumn<A>;
}) {
  const { t, dateTime } = useI18n();
  const { create, href, testIds } = KINDS[kind];
  return (
    <>
      <PageTitle
        lead={<p>{t(`${kind}.listIntro`)}</p>}
        actions={
          mayCreate && (
            <Link href={create} className="button button-primary" data-testid={testIds.create}>
              <span aria-hidden="true">＋</span> {t(`${kind}.new`)}
            </Link>
          )
        }
      >
        {t(`${kind}.title`)}
      </PageTitle>
      {paged.error ? (
        <ErrorView error={paged.error} onRetry={() => void paged.refetch()} />
      ) : (
        <>
          <div className="filters card">
            <StatusFilter
              label={t('application.status')}
              status={status}
              statuses={APPLICATION_STATUSES}
              text={(s) => t(`application.status.${s}`)}
              testId="status-filter"
            />
          </div>
          <h2 id={testIds.heading} className="sr-only">
            {t(`${kind}.listCaption`)}
          </h2>
          <PagedList paged={paged} empty={status ? t('application.emptyStatus', { status: t(`application.status.${status}`) }) : t(`${kind}.empty`)} emptyTestId={testIds.empty}>
            <div className="table-card card">
              <table className="data-table application-table" aria-labelledby={testIds.heading} data-testid={testIds.list}>
                <thead>
                  <tr>
                    <th scope="col">{t('application.number')}</th>
                    <th scope="col">{t(`${kind}.field.purpose`)}</th>
                    <th scope="col">{t('application.unit')}</th>
                    {extra && <th scope="col">{extra.label}</th>}
                    <th scope="col">{t('application.status')}</th>
                    <th scope="col">{t('application.progress')}</th>
                    <th scope="col">{t('application.createdAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {paged.nodes.map((a) => (
                    <tr key={a.id} data-testid={testIds.row} data-id={a.id} data-status={a.status}>
                      <td data-label={t('application.number')} className="nowrap">
                        <Link href={href(a.id)}>{t(`${kind}.numberValue`, { number: a.number })}</Link>
                      </td>
                      <th scope="row" data-label={t(`${kind}.field.purpose`)} className="wrap-anywhere">
                        <Link href={href(a.id)}>{a.purpose}</Link>
                        {purposeNote && <span className="block small muted">{purposeNote(a)}</span>}
                      </th>
                      <td data-label={t('application.unit')}>
                        {a.unit?.name ?? t('common.none')}
                        <span className="block small muted">{a.requesterName}</span>
                      </td>
                      {extra && (
                        <td data-label={extra.label} className="small">
                          {extra.cell(a)}
                        </td>
                      )}
                      <td data-label={t('application.status')}>
                        <ApplicationStatusBadge status={a.status} />
                      </td>
                      <td data-label={t('application.progress')} className="nowrap">
                        {isRunning(a.status) || a.status === 'COMPLETED' ? t('application.progressText', { percent: progressPercent(a.progress) }) : t('common.none')}
                      </td>
                      <td data-label={t('application.createdAt')} className="nowrap small">
                        {dateTime(a.createdAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </PagedList>
        </>
      )}
    </>
  );
}

/**
 * The page of a kind's form: the viewer's units that may ask (none: 無權限) and, to start
 * with, the current one, else the first.
 */
export function ApplicationFormPage<U extends { id: string }>({ kind, unitsOf, form }: {
  kind: ApplicationKind;
  unitsOf: (me: Me | null) => U[];
  form: (units: U[], initialUnitId: string) => ReactNode;
}) {
  const { t } = useI18n();
  const { me, current, status } = useSession();
  const units = unitsOf(me);
  if (status === 'loading') return <Loading />;
  if (units.length === 0) return <NoPermission />;
  const initial = units.find((u) => u.id === current?.unit.id) ?? units[0];
  return (
    <>
      <p className="breadcrumb">
        <Link href={KINDS[kind].list}>{t(`${kind}.title`)}</Link>
      </p>
      <PageTitle lead={<p>{t(`${kind}.formIntro`)}</p>}>{t(`${kind}.new`)}</PageTitle>
      {form(units, initial?.id ?? '')}
    </>
  );
}

/**
 * A kind's form: that it has errors, those of no field it shows and a failed request at the
 * top; the fields; then send and cancel (back to the list).
 */
export function ApplicationForm({ kind, className, errors, general, failure, busy, onSubmit, children }: {
  kind: ApplicationKind;
  className: string;
  errors: readonly InputErrorLike[];
  general: InputErrorLike[];
  failure: unknown;
  busy: boolean;
  onSubmit: (e: FormEvent) => Promise<void>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { list, testIds } = KINDS[kind];
  return (
    <form className={className} onSubmit={(e) => void onSubmit(e)} noValidate data-testid={testIds.form}>
      {errors.length > 0 && <p className="alert alert-error" role="alert">{t('common.formHasErrors')}</p>}
      <FormErrors errors={general} />
      <ActionError error={failure} />
      {children}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid={testIds.submit}>
          {busy ? t('common.saving') : t(`${kind}.submit`)}
        </button>
        <Link href={list} className="button">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}

/** The purpose the application states (both kinds ask it alike). */
export function PurposeField({ kind, value, onChange, errors }: { kind: ApplicationKind; value: string; onChange: (value: string) => void; errors: InputErrorLike[] }) {
  const { t } = useI18n();
  return (
    <div data-field="purpose" className="span-2">
      <TextAreaField label={t(`${kind}.field.purpose`)} hint={t(`${kind}.purposeHint`)} required rows={3} maxLength={2000} value={value} onChange={(e) => onChange(e.target.value)} errors={errors} />
    </div>
  );
}

/** Moves focus to the first field in error the form shows (its first enabled control). */
export function focusFirstError(errors: readonly { field?: string | null }[], fields: readonly string[]) {
  const first = errors.find((e) => e.field && fields.includes(e.field));
  if (!first?.field) return;
  const box = document.querySelector<HTMLElement>(`[data-field="${first.field}"]`);
  (box?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea') ?? box)?.focus();
}

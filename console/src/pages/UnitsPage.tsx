import { Link, useSearch } from 'wouter';
import { COUNTIES, paths, UNIT_KINDS } from '../api/domain';
import { usePagedQuery } from '../api/usePagedQuery';
import { useUrlSearch } from '../api/useUrlSearch';
import { useQuery } from '../api/useQuery';
import { ErrorView, NoPermission, NotFound } from '../components/ErrorView';
import { SelectField } from '../components/Field';
import { PagedList } from '../components/PagedList';
import { Loading, PageTitle } from '../components/Page';
import { SearchForm } from '../components/SearchForm';
import { UnitByCodeDocument, UnitListDocument, type OrgUnitKind, type UnitListQuery } from '../gql/graphql';
import { useI18n } from '../i18n';
import { daysSince } from '../i18n/format';

const PAGE_SIZE = 50;
const STALE_DAYS = 180;
const selectUnits = (d: UnitListQuery) => d.orgUnits;

/** Units governed by `?within=CODE` (a regional center's schools), or every unit. */
export function UnitsPage() {
  const { t } = useI18n();
  const params = new URLSearchParams(useSearch());
  const withinCode = params.get('within') ?? '';
  const within = useQuery(UnitByCodeDocument, { code: withinCode }, { skip: !withinCode });

  if (withinCode) {
    if (within.error) return <ErrorView error={within.error} />;
    if (!within.data) return <Loading />;
    if (!within.data.orgUnit) return <NotFound />;
    if (!within.data.orgUnit.viewerCan.readContacts) return <NoPermission />;
  }
  const withinUnit = withinCode ? (within.data?.orgUnit ?? null) : null;
  return (
    <UnitList
      withinId={withinUnit?.id ?? null}
      title={withinUnit ? t('units.titleWithin', { unit: withinUnit.name }) : t('units.titleAll')}
    />
  );
}

function UnitList({ withinId, title }: { withinId: string | null; title: string }) {
  const { t, date, locale } = useI18n();
  const countyName = (code: string | null | undefined) => {
    const county = COUNTIES.find((c) => c.code === code);
    return county ? (locale === 'zh-TW' ? county.zh : county.en) : null;
  };
  const search = useUrlSearch();
  const { params, setParams, q } = search;
  const kind = (UNIT_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as OrgUnitKind) : null;

  const result = usePagedQuery(
    UnitListDocument,
    { filter: { withinId, search: q || null, kinds: kind ? [kind] : null }, first: PAGE_SIZE },
    selectUnits,
  );

  return (
    <>
      <PageTitle lead={<p>{t('units.intro')}</p>}>{title}</PageTitle>
      <SearchForm search={search} label={t('units.search')}>
        <SelectField label={t('units.kind')} name="kind" value={kind ?? ''} onChange={(e) => setParams({ kind: e.target.value })}>
          <option value="">{t('common.all')}</option>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </SelectField>
      </SearchForm>

      <PagedList paged={result} empty={t('units.empty')}>
        <div className="table-card card">
          <table className="data-table" data-testid="unit-table">
            <caption className="sr-only">{t('units.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('unit.code')}</th>
                <th scope="col">{t('unit.name')}</th>
                <th scope="col">{t('units.kind')}</th>
                <th scope="col">{t('unit.location')}</th>
                <th scope="col">{t('units.confirmedAt')}</th>
                <th scope="col">{t('units.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {result.nodes.map((u) => {
                const age = u.contactsConfirmedAt ? daysSince(u.contactsConfirmedAt) : null;
                return (
                  <tr key={u.id} data-unit-code={u.code}>
                    <td data-label={t('unit.code')} className="mono">{u.code}</td>
                    <th scope="row" data-label={t('unit.name')}>
                      {u.viewerCan.readContacts ? <Link href={paths.contacts(u.code)}>{u.name}</Link> : u.name}
                    </th>
                    <td data-label={t('units.kind')}>{t(`kind.${u.kind}`)}</td>
                    <td data-label={t('unit.location')}>{[countyName(u.countyCode), u.district].filter(Boolean).join(' ') || t('common.none')}</td>
                    <td data-label={t('units.confirmedAt')}>
                      {u.contactsConfirmedAt ? (
                        <span className={age !== null && age > STALE_DAYS ? 'text-warning' : ''}>{date(u.contactsConfirmedAt)}</span>
                      ) : (
                        <span className="badge badge-warning">{t('contacts.neverConfirmed')}</span>
                      )}
                    </td>
                    <td data-label={t('units.actions')} className="actions-cell">
                      {u.viewerCan.readContacts && (
                        <Link href={paths.contacts(u.code)} className="button button-small">
                          {t('units.contacts')}
                          <span className="sr-only"> {u.name}</span>
                        </Link>
                      )}
                      {u.kind === 'SCHOOL' && u.viewerCan.readTeachers && (
                        <Link href={paths.teachers(u.code)} className="button button-small">
                          {t('units.teachers')}
                          <span className="sr-only"> {u.name}</span>
                        </Link>
                      )}
                      {u.viewerCan.readUsers && (
                        <Link href={paths.users(u.code)} className="button button-small button-quiet">
                          {t('units.users')}
                          <span className="sr-only"> {u.name}</span>
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </PagedList>
    </>
  );
}

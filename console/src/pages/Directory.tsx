import { Link } from 'wouter';
import { COUNTIES, paths } from '../api/domain';
import { usePagedQuery } from '../api/usePagedQuery';
import { useUrlSearch } from '../api/useUrlSearch';
import { ContactDetails } from '../components/ContactCard';
import { ErrorView } from '../components/ErrorView';
import { SelectField } from '../components/Field';
import { LoadMore } from '../components/PagedList';
import { Marquee } from '../components/Marquee';
import { Loading, PageTitle } from '../components/Page';
import { SearchForm } from '../components/SearchForm';
import { DirectoryDocument, type DirectoryQuery, type OrgUnitKind } from '../gql/graphql';
import { useI18n, type MessageKey } from '../i18n';
import { LandingAnnouncements } from './announcements/LandingAnnouncements';

/** The kind groups a visitor can pick; none picked means the server's default set. */
const KIND_GROUPS: { id: string; label: MessageKey; kinds: OrgUnitKind[] }[] = [
  { id: 'county', label: 'directory.kind.county', kinds: ['COUNTY_BUREAU'] },
  { id: 'ministry', label: 'directory.kind.ministry', kinds: ['MINISTRY_DIVISION'] },
  { id: 'k12', label: 'directory.kind.k12', kinds: ['K12_ADMINISTRATION', 'K12_DIVISION'] },
];

const PAGE_SIZE = 20;
const selectDirectory = (d: DirectoryQuery) => d.directory;

export function DirectoryPage() {
  const { t, locale } = useI18n();
  const search = useUrlSearch();
  const { params, setParams, q } = search;
  const county = params.get('county') ?? '';
  const groups = (params.get('kind') ?? '').split(',').filter((g) => KIND_GROUPS.some((k) => k.id === g));

  const kinds = KIND_GROUPS.filter((g) => groups.includes(g.id)).flatMap((g) => g.kinds);
  const result = usePagedQuery(
    DirectoryDocument,
    {
      filter: { search: q || null, countyCode: county || null, kinds: kinds.length ? kinds : null },
      first: PAGE_SIZE,
    },
    selectDirectory,
    { public: true },
  );

  return (
    <>
      <Marquee />
      <PageTitle lead={<p>{t('directory.intro')}</p>}>{t('directory.title')}</PageTitle>
      <LandingAnnouncements />
      <SearchForm search={search} label={t('directory.search')} hint={t('directory.searchHint')}>
        <SelectField label={t('directory.county')} name="county" value={county} onChange={(e) => setParams({ county: e.target.value })}>
          <option value="">{t('common.all')}</option>
          {COUNTIES.map((c) => (
            <option key={c.code} value={c.code}>
              {locale === 'zh-TW' ? c.zh : c.en}
            </option>
          ))}
        </SelectField>
        <fieldset className="field checkbox-group">
          <legend className="field-label">{t('directory.kinds')}</legend>
          {KIND_GROUPS.map((g) => (
            <label key={g.id} className="checkbox-inline">
              <input
                type="checkbox"
                checked={groups.includes(g.id)}
                onChange={(e) => {
                  const nextGroups = e.target.checked ? [...groups, g.id] : groups.filter((x) => x !== g.id);
                  setParams({ kind: nextGroups.join(',') });
                }}
              />
              {t(g.label)}
            </label>
          ))}
        </fieldset>
      </SearchForm>

      {result.error ? (
        <ErrorView error={result.error} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <Loading />
      ) : (
        <section aria-labelledby="directory-results" aria-busy={result.loading}>
          <h2 id="directory-results" className="results-count">
            {t('directory.results', { total: result.totalCount })}
          </h2>
          {result.nodes.length === 0 ? (
            <p className="empty">{t('directory.empty')}</p>
          ) : (
            <ul className="directory-list" data-testid="directory-list">
              {result.nodes.map(({ unit, contacts }) => (
                <li key={unit.id} className="card directory-entry" data-testid="directory-entry" data-unit-code={unit.code}>
                  <div className="entry-head">
                    <h3>
                      <Link href={paths.publicUnit(unit.code)}>{unit.name}</Link>
                    </h3>
                    <span className="badge">{t(`kind.${unit.kind}`)}</span>
                  </div>
                  {unit.parent && <p className="muted small">{unit.parent.name}</p>}
                  {contacts.length === 0 ? (
                    <p className="muted">{t('directory.noContacts')}</p>
                  ) : (
                    <ul className="contact-grid">
                      {contacts.map((c) => (
                        <li key={c.id} data-testid="directory-contact">
                          <ContactDetails contact={c} />
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
          <LoadMore paged={result} />
        </section>
      )}
    </>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { COUNTIES, EDUCATION_STAGES, paths } from '../../api/domain';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { usePagedQuery } from '../../api/usePagedQuery';
import { ErrorView } from '../../components/ErrorView';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { LoadMore } from '../../components/PagedList';
import { Loading, PageTitle } from '../../components/Page';
import { CourseSearchDocument, type CourseSearchQuery, type EducationStage } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { codeName, dateRangeOk, formatHours } from './model';
import { CourseDates, useCourseCodes } from './shared';

const PAGE_SIZE = 20;
const selectCourses = (d: CourseSearchQuery) => d.courses;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Filters {
  q: string;
  county: string;
  stage: string;
  tag: string;
  from: string;
  to: string;
  open: boolean;
}

function readFilters(params: URLSearchParams): Filters {
  const day = (v: string | null) => (v && DAY.test(v) ? v : '');
  return {
    q: params.get('q') ?? '',
    county: params.get('county') ?? '',
    stage: (EDUCATION_STAGES as readonly string[]).includes(params.get('stage') ?? '') ? (params.get('stage') ?? '') : '',
    tag: params.get('tag') ?? '',
    from: day(params.get('from')),
    to: day(params.get('to')),
    open: params.get('open') === '1',
  };
}

/** 研習查詢: approved courses, for anyone, with or without signing in. */
export function CourseSearchPage() {
  const { t, locale } = useI18n();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const applied = readFilters(new URLSearchParams(search));
  const [draft, setDraft] = useState<Filters>(applied);
  useEffect(() => setDraft(readFilters(new URLSearchParams(search))), [search]);
  const [rangeError, setRangeError] = useState(false);
  const codes = useCourseCodes();

  const result = usePagedQuery(
    CourseSearchDocument,
    {
      filter: {
        status: ['APPROVED'],
        search: applied.q.trim() || null,
        countyCode: applied.county || null,
        stage: (applied.stage || null) as EducationStage | null,
        tag: applied.tag || null,
        from: applied.from || null,
        to: dateRangeOk(applied.from, applied.to) ? applied.to || null : null,
        registrationOpen: applied.open ? true : null,
      },
      orderBy: 'STARTS_AT',
      first: PAGE_SIZE,
    },
    selectCourses,
    { public: true },
  );

  const apply = (f: Filters) => {
    if (!dateRangeOk(f.from, f.to)) {
      setRangeError(true);
      document.querySelector<HTMLElement>('[name="to"]')?.focus();
      return;
    }
    setRangeError(false);
    const next = new URLSearchParams();
    if (f.q.trim()) next.set('q', f.q.trim());
    if (f.county) next.set('county', f.county);
    if (f.stage) next.set('stage', f.stage);
    if (f.tag) next.set('tag', f.tag);
    if (f.from) next.set('from', f.from);
    if (f.to) next.set('to', f.to);
    if (f.open) next.set('open', '1');
    const s = next.toString();
    navigate(s ? `${location}?${s}` : location, { replace: true });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <>
      <PageTitle lead={<p>{t('courseSearch.intro')}</p>}>{t('courseSearch.title')}</PageTitle>
      <form className="filters card course-filters" role="search" onSubmit={submit} aria-label={t('courseSearch.title')} noValidate>
        <TextField
          className="filter-grow"
          label={t('courseSearch.keyword')}
          hint={t('courseSearch.keywordHint')}
          type="search"
          name="q"
          value={draft.q}
          onChange={(e) => set('q', e.target.value)}
        />
        <SelectField label={t('courseSearch.county')} name="county" value={draft.county} onChange={(e) => set('county', e.target.value)}>
          <option value="">{t('common.all')}</option>
          {COUNTIES.map((c) => (
            <option key={c.code} value={c.code}>
              {locale === 'zh-TW' ? c.zh : c.en}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('courseSearch.stage')} name="stage" value={draft.stage} onChange={(e) => set('stage', e.target.value)}>
          <option value="">{t('common.all')}</option>
          {EDUCATION_STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`stage.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('courseSearch.tag')} name="tag" value={draft.tag} onChange={(e) => set('tag', e.target.value)}>
          <option value="">{t('common.all')}</option>
          {(codes?.tags ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {locale === 'zh-TW' ? c.name : c.nameEn}
            </option>
          ))}
        </SelectField>
        <TextField label={t('courseSearch.from')} type="date" name="from" value={draft.from} onChange={(e) => set('from', e.target.value)} />
        <TextField
          label={t('courseSearch.to')}
          type="date"
          name="to"
          value={draft.to}
          onChange={(e) => set('to', e.target.value)}
          errors={rangeError ? [{ field: 'to', code: LOCAL_ERROR, message: t('courseSearch.rangeError') }] : undefined}
        />
        <CheckboxField className="filter-check" label={t('courseSearch.openOnly')} name="open" checked={draft.open} onChange={(e) => set('open', e.target.checked)} />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('common.search')}
          </button>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              const cleared: Filters = { q: '', county: '', stage: '', tag: '', from: '', to: '', open: false };
              setDraft(cleared);
              apply(cleared);
            }}
          >
            {t('common.clear')}
          </button>
        </div>
      </form>

      {result.error ? (
        <ErrorView error={result.error} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <Loading />
      ) : (
        <section aria-labelledby="course-results" aria-busy={result.loading}>
          <h2 id="course-results" className="results-count" tabIndex={-1}>
            {t('courseSearch.results', { total: result.totalCount })}
          </h2>
          {result.nodes.length === 0 ? (
            <p className="empty card">{t('courseSearch.empty')}</p>
          ) : (
            <ul className="course-list" data-testid="course-results">
              {result.nodes.map((c) => (
                <li key={c.id} className="card course-card" data-testid="course-result" data-course-code={c.code ?? ''}>
                  <div className="entry-head">
                    <h3>
                      <span className="course-code mono">{c.code}</span> <Link href={paths.course(c.id)}>{c.title}</Link>
                    </h3>
                    {c.registrationOpen ? (
                      <span className="badge badge-success">{t('course.registrationOpen')}</span>
                    ) : (
                      <span className="badge badge-muted">{t('course.registrationClosed')}</span>
                    )}
                  </div>
                  <dl className="course-facts">
                    <div>
                      <dt>{t('course.organizer')}</dt>
                      <dd>{c.organizer?.name ?? t('common.none')}</dd>
                    </div>
                    <div>
                      <dt>{t('course.dates')}</dt>
                      <dd>
                        <CourseDates startsAt={c.startsAt} endsAt={c.endsAt} />
                      </dd>
                    </div>
                    <div>
                      <dt>{t('course.hours')}</dt>
                      <dd>{t('course.hoursValue', { hours: formatHours(c.hours) })}</dd>
                    </div>
                    <div>
                      <dt>{t('course.venue')}</dt>
                      <dd>{c.mode === 'ONLINE' || !c.venue ? t('course.online') : c.mode === 'HYBRID' ? t('course.venueHybrid', { venue: c.venue }) : c.venue}</dd>
                    </div>
                    <div>
                      <dt>{t('course.seatsLeft')}</dt>
                      <dd data-testid="seats-left">{t('course.seatsValue', { left: c.seatsLeft, capacity: c.capacity })}</dd>
                    </div>
                  </dl>
                  {c.tags.length > 0 && (
                    <p className="tag-list">
                      {c.tags.map((tag) => (
                        <span key={tag.code} className="badge">
                          {codes ? codeName(codes.tags, tag.code, locale) : locale === 'zh-TW' ? tag.name : tag.nameEn}
                        </span>
                      ))}
                    </p>
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

// The console's one route table: each page's path, who may open it, which menu entry it
// belongs to, and the page itself. The router (App.tsx) renders from it, the menu (nav.ts)
// marks its active entry from it, and every link is built from it (`href`, through
// `paths` in api/domain.ts), so a path is written once.
//
// Every page is loaded on first use (React.lazy), so the first page loads only the shell
// and its own chunk. This module imports no page statically: the pages import their links
// from here (through api/domain.ts), so a static import back would be a cycle.
import { lazy, type ComponentType, type ReactNode } from 'react';
import { Redirect, useSearch } from 'wouter';
import { loadPageMessages } from './i18n/translate';
import { currentSchoolYear, parseSchoolYear } from './pages/roster/schoolYear';

/** The menu entries (nav.ts) a page can belong to. */
export type NavSection =
  | 'directory'
  | 'courses'
  | 'overview'
  | 'myHours'
  | 'contacts'
  | 'units'
  | 'teachers'
  | 'unitCourses'
  | 'reviews'
  | 'roster'
  | 'users'
  | 'audit'
  | 'statistics'
  | 'dataExchanges'
  | 'countyReport'
  | 'announcements'
  | 'delegations'
  | 'outbox';

/**
 * Who may open a page: anyone; a signed-in viewer (a signed-out one is sent to sign in;
 * the page renders while the session loads, so its query runs in parallel); or a
 * signed-in viewer once the session has loaded (pages that need `me` themselves).
 */
export type Access = 'public' | 'signedIn' | 'session';

/** `/courses/:id/edit` → `{ id: string }`. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name | keyof PathParams<`/${Rest}`>]: string }
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;

export interface RouteDef<P extends string> {
  path: P;
  access: Access;
  nav: NavSection | null;
  /** The page; null when the parameters name none (the router says "not found"). */
  render: (params: PathParams<P>) => ReactNode;
}

const route = <P extends string>(path: P, access: Access, nav: NavSection | null, render: (params: PathParams<P>) => ReactNode): RouteDef<P> => ({
  path,
  access,
  nav,
  render,
});

/**
 * A page of a module loaded on first use, with the pages' messages unless it says only
 * what the first page says (`shell`). `any`: a page's props are its own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function page<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K, shell = false) {
  return lazy(() => Promise.all([load(), shell ? undefined : loadPageMessages()]).then(([m]) => ({ default: m[name] })));
}

const directory = () => import('./pages/Directory');
const announcements = () => import('./pages/announcements/AnnouncementsPage');
const manageAnnouncements = () => import('./pages/announcements/ManageAnnouncementsPage');
const audit = () => import('./pages/audit/AuditPage');
const contacts = () => import('./pages/contacts/ContactsPage');
const courseDetail = () => import('./pages/courses/CourseDetailPage');
const courseEditor = () => import('./pages/courses/CourseEditorPage');
const courseSearch = () => import('./pages/courses/CourseSearchPage');
const delegations = () => import('./pages/courses/DelegationsPage');
const reviewQueue = () => import('./pages/courses/ReviewQueuePage');
const unitCourses = () => import('./pages/courses/UnitCoursesPage');
const courseHours = () => import('./pages/hours/CourseHoursPage');
const myHours = () => import('./pages/hours/MyHoursPage');
const outbox = () => import('./pages/outbox/OutboxPage');
const overview = () => import('./pages/OverviewPage');
const publicUnit = () => import('./pages/PublicUnit');
const registrations = () => import('./pages/registrations/RegistrationsPage');
const signInSheet = () => import('./pages/registrations/SignInSheetPage');
const roster = () => import('./pages/roster/RosterPage');
const signIn = () => import('./pages/SignIn');
// Statistics, data exchange and the county report: one chunk.
const statistics = () => import('./pages/statistics/pages');
const teachers = () => import('./pages/teachers/TeachersPage');
const units = () => import('./pages/UnitsPage');
const unlock = () => import('./pages/Unlock');
const users = () => import('./pages/users/UsersPage');

const DirectoryPage = page(directory, 'DirectoryPage', true);
const AnnouncementsPage = page(announcements, 'AnnouncementsPage');
const ManageAnnouncementsPage = page(manageAnnouncements, 'ManageAnnouncementsPage');
const AuditPage = page(audit, 'AuditPage');
const ContactsPage = page(contacts, 'ContactsPage');
const CourseDetailPage = page(courseDetail, 'CourseDetailPage');
const NewCoursePage = page(courseEditor, 'NewCoursePage');
const EditCoursePage = page(courseEditor, 'EditCoursePage');
const CourseSearchPage = page(courseSearch, 'CourseSearchPage');
const DelegationsPage = page(delegations, 'DelegationsPage');
const ReviewQueuePage = page(reviewQueue, 'ReviewQueuePage');
const UnitCoursesPage = page(unitCourses, 'UnitCoursesPage');
const CourseHoursPage = page(courseHours, 'CourseHoursPage');
const MyHoursPage = page(myHours, 'MyHoursPage');
const OutboxPage = page(outbox, 'OutboxPage');
const OverviewPage = page(overview, 'OverviewPage');
const PublicUnitPage = page(publicUnit, 'PublicUnitPage');
const RegistrationsPage = page(registrations, 'RegistrationsPage');
const SignInSheetPage = page(signInSheet, 'SignInSheetPage');
const RosterPage = page(roster, 'RosterPage');
const SignInPage = page(signIn, 'SignInPage');
const StatisticsListPage = page(statistics, 'StatisticsListPage');
const StatisticsFormPage = page(statistics, 'StatisticsFormPage');
const StatisticsDetailPage = page(statistics, 'StatisticsDetailPage');
const DataExchangesPage = page(statistics, 'DataExchangesPage');
const DataExchangeFormPage = page(statistics, 'DataExchangeFormPage');
const DataExchangeDetailPage = page(statistics, 'DataExchangeDetailPage');
const CountyReportPage = page(statistics, 'CountyReportPage');
const TeachersPage = page(teachers, 'TeachersPage');
const UnitsPage = page(units, 'UnitsPage');
const UnlockPage = page(unlock, 'UnlockPage');
const UsersPage = page(users, 'UsersPage');

/** `/search` is kept as a short alias of 研習查詢, with its query. */
function SearchAlias() {
  const search = useSearch();
  return <Redirect to={href('courses', {}, search)} replace />;
}

/**
 * Every page, in the order the router tries them (a fixed segment such as `new` before
 * `:id`). The names are what links use: `href('course', { id })`.
 */
export const ROUTES = {
  directory: route('/', 'public', 'directory', () => <DirectoryPage />),
  directoryAlias: route('/directory', 'public', 'directory', () => <DirectoryPage />),
  publicUnit: route('/units/:code', 'public', 'directory', (p) => <PublicUnitPage key={p.code} code={p.code} />),
  signIn: route('/login', 'public', null, () => <SignInPage />),
  unlock: route('/unlock', 'public', null, () => <UnlockPage />),
  announcements: route('/announcements', 'public', null, () => <AnnouncementsPage />),
  courses: route('/courses', 'public', 'courses', () => <CourseSearchPage />),
  search: route('/search', 'public', 'courses', () => <SearchAlias />),
  course: route('/courses/:id', 'public', 'courses', (p) => <CourseDetailPage key={p.id} idOrCode={p.id} />),
  overview: route('/manage', 'session', 'overview', () => <OverviewPage />),
  units: route('/manage/units', 'signedIn', 'units', () => <UnitsPage />),
  contacts: route('/manage/units/:code/contacts', 'signedIn', 'contacts', (p) => <ContactsPage key={p.code} code={p.code} />),
  users: route('/manage/units/:code/users', 'signedIn', 'users', (p) => <UsersPage key={p.code} code={p.code} />),
  teachers: route('/manage/units/:code/teachers', 'signedIn', 'teachers', (p) => <TeachersPage key={p.code} code={p.code} />),
  unitCourses: route('/manage/units/:code/courses', 'signedIn', 'unitCourses', (p) => <UnitCoursesPage key={p.code} code={p.code} />),
  newCourse: route('/manage/units/:code/courses/new', 'session', 'unitCourses', (p) => <NewCoursePage key={p.code} unitCode={p.code} />),
  editCourse: route('/manage/courses/:id/edit', 'session', 'unitCourses', (p) => <EditCoursePage key={p.id} id={p.id} />),
  registrations: route('/manage/courses/:id/registrations', 'signedIn', 'unitCourses', (p) => <RegistrationsPage key={p.id} id={p.id} />),
  signInSheet: route('/manage/courses/:id/sign-in-sheet', 'signedIn', 'unitCourses', (p) => <SignInSheetPage key={p.id} id={p.id} />),
  courseHours: route('/manage/courses/:id/hours', 'signedIn', 'unitCourses', (p) => <CourseHoursPage key={p.id} id={p.id} />),
  myHours: route('/my/hours', 'signedIn', 'myHours', () => <MyHoursPage />),
  reviews: route('/manage/reviews', 'signedIn', 'reviews', () => <ReviewQueuePage />),
  delegations: route('/manage/delegations', 'session', 'delegations', () => <DelegationsPage />),
  audit: route('/manage/audit', 'signedIn', 'audit', () => <AuditPage />),
  rosterCurrent: route('/manage/roster', 'public', 'roster', () => <Redirect to={href('roster', { schoolYear: String(currentSchoolYear()) })} replace />),
  roster: route('/manage/roster/:schoolYear', 'signedIn', 'roster', (p) => {
    const schoolYear = parseSchoolYear(p.schoolYear);
    return schoolYear === null ? null : <RosterPage schoolYear={schoolYear} />;
  }),
  manageAnnouncements: route('/manage/announcements', 'signedIn', 'announcements', () => <ManageAnnouncementsPage />),
  statistics: route('/manage/statistics', 'signedIn', 'statistics', () => <StatisticsListPage />),
  newStatistics: route('/manage/statistics/new', 'session', 'statistics', () => <StatisticsFormPage />),
  statisticsRequest: route('/manage/statistics/:id', 'signedIn', 'statistics', (p) => <StatisticsDetailPage key={p.id} id={p.id} />),
  dataExchanges: route('/manage/data-exchanges', 'signedIn', 'dataExchanges', () => <DataExchangesPage />),
  newDataExchange: route('/manage/data-exchanges/new', 'session', 'dataExchanges', () => <DataExchangeFormPage />),
  dataExchange: route('/manage/data-exchanges/:id', 'signedIn', 'dataExchanges', (p) => <DataExchangeDetailPage key={p.id} id={p.id} />),
  countyReport: route('/manage/county-report', 'session', 'countyReport', () => <CountyReportPage />),
  outbox: route('/manage/outbox', 'signedIn', 'outbox', () => <OutboxPage />),
  // Campaign email links to /roster/<year> and review email to /reviews: the same pages,
  // after signing in if needed.
  rosterLink: route('/roster', 'public', 'roster', () => <Redirect to={href('rosterCurrent', {})} replace />),
  reviewsLink: route('/reviews', 'public', 'reviews', () => <Redirect to={href('reviews', {})} replace />),
  rosterYearLink: route('/roster/:schoolYear', 'public', 'roster', (p) => {
    const schoolYear = parseSchoolYear(p.schoolYear);
    return <Redirect to={schoolYear === null ? href('rosterCurrent', {}) : href('roster', { schoolYear: String(schoolYear) })} replace />;
  }),
} as const;

export type RouteName = keyof typeof ROUTES;
type ParamsOf<N extends RouteName> = (typeof ROUTES)[N] extends RouteDef<infer P> ? PathParams<P> : never;

/** A query string: values left out when null, undefined or ''; or one already encoded. */
export type Query = Record<string, string | number | null | undefined> | string;

/** The path of a page with its parameters (encoded) and query: the one way to build a link. */
export function href<N extends RouteName>(name: N, params: ParamsOf<N>, query?: Query): string {
  const values = params as Record<string, string>;
  const path = ROUTES[name].path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));
  let search: string;
  if (typeof query === 'string') {
    search = query.startsWith('?') ? query.slice(1) : query;
  } else {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== null && value !== undefined && value !== '') q.set(key, String(value));
    }
    search = q.toString();
  }
  return search ? `${path}?${search}` : path;
}

/** `pattern` (`/courses/:id`) against `path` (without its query): its parameters, decoded. */
function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = have[i] ?? '';
    if (part.startsWith(':')) {
      if (value === '') return null;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}

export interface RouteMatch {
  name: RouteName;
  params: Record<string, string>;
  /** The query, without `?`. */
  query: string;
  nav: NavSection | null;
}

/** The route a path (with or without `?query`) shows, if any, the way the router picks it. */
export function matchRoute(path: string): RouteMatch | null {
  const [bare = '', ...rest] = path.split('?');
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const params = match(ROUTES[name].path, bare);
    if (params) return { name, params, query: rest.join('?'), nav: ROUTES[name].nav };
  }
  return null;
}

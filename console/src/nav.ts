// The navigation is built from what the viewer may do at the current unit (its
// `viewerCan`) and network-wide (`viewerPermissions`), both loaded with the session.
import { GOVERNING_KINDS, NETWORK_ROLES, paths } from './api/domain';
import type { Me, ViewerPermissions, ViewerUnit } from './api/session';
import type { MessageKey } from './i18n';
import { usesCountyReport, usesDataExchange, usesStatistics } from './pages/statistics/access';
import { href, matchRoute, ROUTES, type NavSection } from './routes';

export interface NavItem {
  id: string;
  label: MessageKey;
  href: string;
  /** Whether `path` (with `?query`) belongs to this entry. */
  active: (path: string) => boolean;
}

/**
 * Whether a path belongs to a menu entry: its route's section (routes.tsx), and for an
 * entry of one unit, a page of that unit (another unit's contacts are not "my contacts").
 */
const inSection =
  (section: NavSection, unitCode?: string) =>
  (path: string): boolean => {
    const m = matchRoute(path);
    if (m?.nav !== section) return false;
    return unitCode === undefined || m.params.code === undefined || m.params.code === unitCode;
  };

export function buildNav(me: Me | null, current: ViewerUnit | null, permissions: ViewerPermissions): NavItem[] {
  const items: NavItem[] = [
    {
      id: 'directory',
      label: 'nav.directory',
      href: paths.directory,
      active: inSection('directory'),
    },
    {
      id: 'courses',
      label: 'nav.courses',
      href: paths.courses(),
      active: inSection('courses'),
    },
  ];
  if (!me) return items;
  items.push({ id: 'overview', label: 'nav.overview', href: paths.overview, active: inSection('overview') });
  // A teacher's own hours: their record, whatever the current unit (`hours self`).
  if (permissions.readOwnHours) {
    items.push({ id: 'myHours', label: 'nav.myHours', href: paths.myHours(), active: inSection('myHours') });
  }
  // The roster campaign and the outbox are network-wide, not about the current unit (the
  // API scopes the campaign's schools itself).
  const roster: NavItem | null = permissions.readRosters
    ? { id: 'roster', label: 'nav.roster', href: paths.roster(), active: inSection('roster') }
    : null;
  const outbox: NavItem | null = permissions.readOutbox
    ? { id: 'outbox', label: 'nav.outbox', href: paths.outbox, active: inSection('outbox') }
    : null;
  // Announcements too: each one's unit decides, not the current unit.
  const announcements: NavItem | null = permissions.publishAnnouncements
    ? { id: 'announcements', label: 'nav.announcements', href: paths.manageAnnouncements, active: inSection('announcements') }
    : null;
  // Course review (a review queue somewhere) and delegations are network-wide too (the API
  // routes each course).
  const reviews: NavItem | null = permissions.reviewCourses
    ? { id: 'reviews', label: 'nav.reviews', href: paths.reviews, active: inSection('reviews') }
    : null;
  const delegations: NavItem | null = permissions.manageDelegations
    ? { id: 'delegations', label: 'nav.delegations', href: paths.delegations, active: inSection('delegations') }
    : null;
  // Statistics and data exchange are network-wide too and follow the server's flags
  // (requestStatistics || decideStatistics, applyDataExchange || decideDataExchange); each
  // page offers the viewer's units where they apply. The county report keeps following the
  // viewer's roles and units' kinds (statistics/access.ts): `readCountyReports` is also true
  // for a ministry division admin, whose page would offer no unit (it governs no schools).
  const statistics: NavItem | null = usesStatistics(permissions)
    ? { id: 'statistics', label: 'nav.statistics', href: paths.statistics(), active: inSection('statistics') }
    : null;
  const dataExchanges: NavItem | null = usesDataExchange(permissions)
    ? { id: 'dataExchanges', label: 'nav.dataExchanges', href: paths.dataExchanges(), active: inSection('dataExchanges') }
    : null;
  const countyReport: NavItem | null = usesCountyReport(me)
    ? { id: 'countyReport', label: 'nav.countyReport', href: paths.countyReport(), active: inSection('countyReport') }
    : null;
  const present = (...list: (NavItem | null)[]) => list.filter((i): i is NavItem => i !== null);
  if (!current) return [...items, ...present(reviews, roster, statistics, dataExchanges, countyReport, announcements, delegations, outbox)];
  const { unit, roles } = current;
  const can = unit.viewerCan;
  if (can.readContacts) {
    items.push({ id: 'contacts', label: 'nav.contacts', href: paths.contacts(unit.code), active: inSection('contacts', unit.code) });
  }
  if (roles.some((r) => NETWORK_ROLES.includes(r))) {
    items.push({ id: 'units', label: 'nav.allUnits', href: paths.units(), active: inSection('units') });
  } else if (GOVERNING_KINDS.includes(unit.kind) && can.readContacts) {
    items.push({ id: 'units', label: 'nav.governed', href: paths.units(unit.code), active: inSection('units') });
  }
  // The teacher roster of the current unit when it is a school (its school admin); the
  // governing units reach their schools' rosters from their unit list.
  if (unit.kind === 'SCHOOL' && can.readTeachers) {
    items.push({ id: 'teachers', label: 'nav.teachers', href: paths.teachers(unit.code), active: inSection('teachers', unit.code) });
  }
  if (can.editCourses) {
    // Also a course's own pages (editor, registrations, hours), which name no unit.
    items.push({ id: 'unitCourses', label: 'nav.unitCourses', href: paths.unitCourses(unit.code), active: inSection('unitCourses', unit.code) });
  }
  items.push(...present(reviews, roster));
  if (can.readUsers) {
    items.push({ id: 'users', label: 'nav.users', href: paths.users(unit.code), active: inSection('users', unit.code) });
  }
  if (can.readAudit) {
    items.push({ id: 'audit', label: 'nav.audit', href: paths.audit, active: inSection('audit') });
  }
  items.push(...present(statistics, dataExchanges, countyReport, announcements, delegations, outbox));
  return items;
}

/** After switching units, the same section for the new unit when there is one. */
export function pathForUnitSwitch(path: string, fromCode: string | undefined, toCode: string): string {
  const m = matchRoute(path);
  if (fromCode && m) {
    // The same management page of the other unit, with its query.
    if (m.params.code === fromCode && ROUTES[m.name].access !== 'public') return href(m.name, { ...m.params, code: toCode } as never, m.query);
    if (m.name === 'units' && new URLSearchParams(m.query).has('within')) return paths.units(toCode);
  }
  return path.startsWith(paths.overview) ? path : paths.overview;
}

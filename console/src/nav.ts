// The navigation is built from what the viewer may do at the current unit (its
// `viewerCan`) and network-wide (`viewerPermissions`), both loaded with the session.
import { GOVERNING_KINDS, NETWORK_ROLES, paths } from './api/domain';
import type { Me, ViewerPermissions, ViewerUnit } from './api/session';
import type { MessageKey } from './i18n';
import { usesCountyReport, usesDataExchange, usesStatistics } from './pages/statistics/access';

export interface NavItem {
  id: string;
  label: MessageKey;
  href: string;
  /** Whether `path` (with `?query`) belongs to this entry. */
  active: (path: string) => boolean;
}

const startsWith = (prefix: string) => (path: string) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);

export function buildNav(me: Me | null, current: ViewerUnit | null, permissions: ViewerPermissions): NavItem[] {
  const items: NavItem[] = [
    {
      id: 'directory',
      label: 'nav.directory',
      href: paths.directory,
      active: (p) => p === '/' || p.startsWith('/?') || startsWith('/directory')(p) || startsWith('/units')(p),
    },
    {
      id: 'courses',
      label: 'nav.courses',
      href: paths.courses(),
      active: (p) => startsWith('/courses')(p) || startsWith('/search')(p),
    },
  ];
  if (!me) return items;
  items.push({ id: 'overview', label: 'nav.overview', href: paths.overview, active: (p) => p === paths.overview });
  // A teacher's own hours: their record, whatever the current unit (`hours self`).
  if (permissions.readOwnHours) {
    items.push({ id: 'myHours', label: 'nav.myHours', href: paths.myHours(), active: startsWith(paths.myHours()) });
  }
  // The roster campaign and the outbox are network-wide, not about the current unit (the
  // API scopes the campaign's schools itself).
  const roster: NavItem | null = permissions.readRosters
    ? { id: 'roster', label: 'nav.roster', href: paths.roster(), active: startsWith(paths.roster()) }
    : null;
  const outbox: NavItem | null = permissions.readOutbox
    ? { id: 'outbox', label: 'nav.outbox', href: paths.outbox, active: startsWith(paths.outbox) }
    : null;
  // Announcements too: each one's unit decides, not the current unit.
  const announcements: NavItem | null = permissions.publishAnnouncements
    ? { id: 'announcements', label: 'nav.announcements', href: paths.manageAnnouncements, active: startsWith(paths.manageAnnouncements) }
    : null;
  // Course review (a review queue somewhere) and delegations are network-wide too (the API
  // routes each course).
  const reviews: NavItem | null = permissions.reviewCourses
    ? { id: 'reviews', label: 'nav.reviews', href: paths.reviews, active: startsWith(paths.reviews) }
    : null;
  const delegations: NavItem | null = permissions.manageDelegations
    ? { id: 'delegations', label: 'nav.delegations', href: paths.delegations, active: startsWith(paths.delegations) }
    : null;
  // Statistics and data exchange are network-wide too and follow the server's flags
  // (requestStatistics || decideStatistics, applyDataExchange || decideDataExchange); each
  // page offers the viewer's units where they apply. The county report keeps following the
  // viewer's roles and units' kinds (statistics/access.ts): `readCountyReports` is also true
  // for a ministry division admin, whose page would offer no unit (it governs no schools).
  const statistics: NavItem | null = usesStatistics(permissions)
    ? { id: 'statistics', label: 'nav.statistics', href: paths.statistics(), active: startsWith(paths.statistics()) }
    : null;
  const dataExchanges: NavItem | null = usesDataExchange(permissions)
    ? { id: 'dataExchanges', label: 'nav.dataExchanges', href: paths.dataExchanges(), active: startsWith(paths.dataExchanges()) }
    : null;
  const countyReport: NavItem | null = usesCountyReport(me)
    ? { id: 'countyReport', label: 'nav.countyReport', href: paths.countyReport(), active: startsWith(paths.countyReport()) }
    : null;
  const present = (...list: (NavItem | null)[]) => list.filter((i): i is NavItem => i !== null);
  if (!current) return [...items, ...present(reviews, roster, statistics, dataExchanges, countyReport, announcements, delegations, outbox)];
  const { unit, roles } = current;
  const can = unit.viewerCan;
  if (can.readContacts) {
    const href = paths.contacts(unit.code);
    items.push({ id: 'contacts', label: 'nav.contacts', href, active: startsWith(href) });
  }
  if (roles.some((r) => NETWORK_ROLES.includes(r))) {
    items.push({ id: 'units', label: 'nav.allUnits', href: paths.units(), active: (p) => p === '/manage/units' || p.startsWith('/manage/units?') });
  } else if (GOVERNING_KINDS.includes(unit.kind) && can.readContacts) {
    const href = paths.units(unit.code);
    items.push({ id: 'units', label: 'nav.governed', href, active: (p) => p.startsWith('/manage/units?') });
  }
  // The teacher roster of the current unit when it is a school (its school admin); the
  // governing units reach their schools' rosters from their unit list.
  if (unit.kind === 'SCHOOL' && can.readTeachers) {
    const href = paths.teachers(unit.code);
    items.push({ id: 'teachers', label: 'nav.teachers', href, active: startsWith(href) });
  }
  if (can.editCourses) {
    const href = paths.unitCourses(unit.code);
    items.push({ id: 'unitCourses', label: 'nav.unitCourses', href, active: (p) => startsWith(href)(p) || p.startsWith('/manage/courses/') });
  }
  items.push(...present(reviews, roster));
  if (can.readUsers) {
    const href = paths.users(unit.code);
    items.push({ id: 'users', label: 'nav.users', href, active: startsWith(href) });
  }
  if (can.readAudit) {
    items.push({ id: 'audit', label: 'nav.audit', href: paths.audit, active: startsWith(paths.audit) });
  }
  items.push(...present(statistics, dataExchanges, countyReport, announcements, delegations, outbox));
  return items;
}

/** After switching units, the same section for the new unit when there is one. */
export function pathForUnitSwitch(path: string, fromCode: string | undefined, toCode: string): string {
  if (fromCode) {
    const prefix = `/manage/units/${encodeURIComponent(fromCode)}/`;
    if (path.startsWith(prefix)) return `/manage/units/${encodeURIComponent(toCode)}/${path.slice(prefix.length)}`;
    if (path.startsWith('/manage/units?')) return paths.units(toCode);
  }
  return path.startsWith('/manage') ? path : paths.overview;
}

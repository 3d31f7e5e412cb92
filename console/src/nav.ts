// The navigation is built from what the viewer may do at the current unit.
import { GOVERNING_KINDS, NETWORK_ROLES, paths } from './api/domain';
import type { Me, ViewerUnit } from './api/session';
import type { MessageKey } from './i18n';

export interface NavItem {
  id: string;
  label: MessageKey;
  href: string;
  /** Whether `path` (with `?query`) belongs to this entry. */
  active: (path: string) => boolean;
}

const startsWith = (prefix: string) => (path: string) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);

export function buildNav(me: Me | null, current: ViewerUnit | null): NavItem[] {
  const items: NavItem[] = [
    {
      id: 'directory',
      label: 'nav.directory',
      href: paths.directory,
      active: (p) => p === '/' || p.startsWith('/?') || startsWith('/directory')(p) || startsWith('/units')(p),
    },
  ];
  if (!me) return items;
  items.push({ id: 'overview', label: 'nav.overview', href: paths.overview, active: (p) => p === paths.overview });
  if (!current) return items;
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
  if (can.readUsers) {
    const href = paths.users(unit.code);
    items.push({ id: 'users', label: 'nav.users', href, active: startsWith(href) });
  }
  if (can.readAudit) {
    items.push({ id: 'audit', label: 'nav.audit', href: paths.audit, active: startsWith(paths.audit) });
  }
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

// Who may request statistics, apply for data exchange and read the county report, and for
// which of their units (policies/policy.csv; the API has no flags for these, see
// api/domain.ts). Used by the menu and the dashboard as well as the pages, so it stays
// small and apart from the pages' lazily loaded chunk.
import {
  COUNTY_REPORT_NETWORK_ROLES,
  COUNTY_REPORT_UNIT_KINDS,
  COUNTY_REPORT_UNIT_ROLES,
  EXCHANGE_APPLY_ROLES,
  EXCHANGE_DECIDE_ROLES,
  STATISTICS_DECIDE_ROLES,
  STATISTICS_REQUEST_ROLES,
  STATISTICS_UNIT_KINDS,
} from '../../api/domain';
import { holdsAnyRole, viewerUnits, type Me, type UnitAccess } from '../../api/session';
import type { OrgUnitKind, Role } from '../../gql/graphql';

/** The viewer's units where they hold one of `roles`, optionally of some kinds only. */
export function unitsWithRoles(me: Me | null, roles: readonly Role[], kinds?: readonly OrgUnitKind[]): UnitAccess[] {
  return viewerUnits(me)
    .filter((u) => u.roles.some((r) => roles.includes(r)) && (!kinds || kinds.includes(u.unit.kind)))
    .map((u) => u.unit);
}

/** Units the viewer may request statistics for (their own division or bureau). */
export function statisticsUnits(me: Me | null): UnitAccess[] {
  return unitsWithRoles(me, STATISTICS_REQUEST_ROLES, STATISTICS_UNIT_KINDS);
}

/** Whether the viewer has statistics requests to follow or decide. */
export function usesStatistics(me: Me | null): boolean {
  return statisticsUnits(me).length > 0 || holdsAnyRole(me, STATISTICS_DECIDE_ROLES);
}

/**
 * Units the viewer may apply for data exchange at: every unit of the applying roles (the
 * policy's `exchange apply`); the server refuses units that govern no schools
 * (INVALID_PLACEMENT), which the form says beforehand.
 */
export function exchangeUnits(me: Me | null): UnitAccess[] {
  return unitsWithRoles(me, EXCHANGE_APPLY_ROLES);
}

/** Whether the viewer has data-exchange applications to make, follow or decide. */
export function usesDataExchange(me: Me | null): boolean {
  return exchangeUnits(me).length > 0 || holdsAnyRole(me, EXCHANGE_DECIDE_ROLES);
}

/** The viewer's own units whose county report they read (network roles choose among all). */
export function countyReportOwnUnits(me: Me | null): UnitAccess[] {
  return unitsWithRoles(me, COUNTY_REPORT_UNIT_ROLES, COUNTY_REPORT_UNIT_KINDS);
}

/** Whether the viewer reads county reports anywhere (operators, the commissioner). */
export function readsAnyCountyReport(me: Me | null): boolean {
  return holdsAnyRole(me, COUNTY_REPORT_NETWORK_ROLES);
}

/** Whether the viewer reads some county report. */
export function usesCountyReport(me: Me | null): boolean {
  return readsAnyCountyReport(me) || countyReportOwnUnits(me).length > 0;
}

// Who may request statistics, apply for data exchange and read the county report, and for
// which of their units. The menu and the dashboard show 統計數據申請 and 資訊傳報 from the
// server's flags (`viewerPermissions`); the API does not say which units, so the pages offer
// the viewer's units from their roles (policies/policy.csv, see api/domain.ts), and the county
// report's entry follows the roles too (see usesCountyReport). Used by the menu and the
// dashboard as well as the pages, so it stays small and apart from the pages' lazily loaded
// chunk.
import {
  COUNTY_REPORT_NETWORK_ROLES,
  COUNTY_REPORT_UNIT_KINDS,
  COUNTY_REPORT_UNIT_ROLES,
  EXCHANGE_APPLY_ROLES,
  EXCHANGE_UNIT_KINDS,
  STATISTICS_REQUEST_ROLES,
  STATISTICS_UNIT_KINDS,
} from '../../api/domain';
import { holdsAnyRole, viewerUnits, type Me, type UnitAccess, type ViewerPermissions } from '../../api/session';
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

/**
 * Whether the viewer has statistics requests to make, follow or decide (the menu's and the
 * dashboard's 統計數據申請): the server's flags.
 */
export function usesStatistics(permissions: ViewerPermissions): boolean {
  return permissions.requestStatistics || permissions.decideStatistics;
}

/**
 * Units the viewer may apply for data exchange at: the units of the applying roles (the
 * policy's `exchange apply`) that govern schools, the only ones the server accepts (a
 * ministry division's application would be refused with INVALID_PLACEMENT).
 */
export function exchangeUnits(me: Me | null): UnitAccess[] {
  return unitsWithRoles(me, EXCHANGE_APPLY_ROLES, EXCHANGE_UNIT_KINDS);
}

/**
 * Whether the viewer has data-exchange applications to make, follow or decide (the menu's
 * and the dashboard's 資訊傳報): the server's flags. `applyDataExchange` is true only for a
 * viewer with a unit that may apply (a county bureau or K-12 division), so a ministry
 * division admin has no entry.
 */
export function usesDataExchange(permissions: ViewerPermissions): boolean {
  return permissions.applyDataExchange || permissions.decideDataExchange;
}

/** The viewer's own units whose county report they read (network roles choose among all). */
export function countyReportOwnUnits(me: Me | null): UnitAccess[] {
  return unitsWithRoles(me, COUNTY_REPORT_UNIT_ROLES, COUNTY_REPORT_UNIT_KINDS);
}

/** Whether the viewer reads county reports anywhere (operators, the commissioner). */
export function readsAnyCountyReport(me: Me | null): boolean {
  return holdsAnyRole(me, COUNTY_REPORT_NETWORK_ROLES);
}

/**
 * Whether the viewer reads some county report (the menu's and the dashboard's 研習課程報表).
 * This follows the roles and unit kinds, not `viewerPermissions.readCountyReports`: that flag
 * is also true for a ministry division admin (`report county` over its subtree), whose page
 * would offer no unit, since a ministry division governs no schools.
 */
export function usesCountyReport(me: Me | null): boolean {
  return readsAnyCountyReport(me) || countyReportOwnUnits(me).length > 0;
}

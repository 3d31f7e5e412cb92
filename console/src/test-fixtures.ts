// Values the unit tests build their viewers from.
import type { UnitAccess } from './api/session';

/** A unit's `viewerCan` that allows nothing but what `over` says. */
export function unitCan(over: Partial<UnitAccess['viewerCan']> = {}): UnitAccess['viewerCan'] {
  return {
    readContacts: false,
    editContacts: false,
    readUsers: false,
    manageUsers: false,
    readAudit: false,
    explainPermission: false,
    editCourses: false,
    reviewCourses: false,
    readTeachers: false,
    editTeachers: false,
    readPersonalCodes: false,
    confirmRoster: false,
    grantableRoles: [],
    ...over,
  };
}

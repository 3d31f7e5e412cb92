import { describe, expect, it } from 'vitest';
import { safeNext } from './api/domain';
import type { Me, ViewerPermissions, ViewerUnit } from './api/session';
import { NO_PERMISSIONS, viewerUnits } from './api/session';
import { buildNav, pathForUnitSwitch } from './nav';
import { unitCan } from './test-fixtures';


/** Network-wide permissions, as `viewerPermissions` answers them. */
const perms = (over: Partial<ViewerPermissions> = {}): ViewerPermissions => ({ ...NO_PERMISSIONS, ...over });
// What the server answers the demo roles (policies/policy.csv).
const OPERATOR_PERMS = perms({
  manageDelegations: true,
  reviewCourses: true,
  readOutbox: true,
  openRosterCampaign: true,
  readRosters: true,
  publishAnnouncements: true,
  readCountyReports: true,
});
const COMMISSIONER_PERMS = perms({ manageDelegations: true, readRosters: true, decideStatistics: true, decideDataExchange: true, readCountyReports: true });
const REVIEWER_PERMS = perms({ reviewCourses: true });
/** A county bureau's or K-12 division's admin: reviews, requests statistics, applies for data exchange. */
const COUNTY_PERMS = perms({
  reviewCourses: true,
  readRosters: true,
  publishAnnouncements: true,
  requestStatistics: true,
  applyDataExchange: true,
  readCountyReports: true,
});
/** A school admin: its roster campaign and announcements. */
const SCHOOL_PERMS = perms({ readRosters: true, publishAnnouncements: true });
/** A teacher: their own hours. */
const TEACHER_PERMS = perms({ readOwnHours: true });
/** A ministry division's admin (師資藝教司): national statistics; no unit that may apply for data exchange. */
const MINISTRY_DIVISION_PERMS = perms({ requestStatistics: true, readCountyReports: true });

/** The navigation of a viewer at its first unit. */
const navOf = (viewer: Me, permissions: ViewerPermissions = NO_PERMISSIONS) => buildNav(viewer, viewerUnits(viewer)[0] ?? null, permissions);

const taipei: ViewerUnit['unit'] = {
  id: 'u-63000',
  code: '63000',
  name: '臺北市政府教育局',
  kind: 'COUNTY_BUREAU',
  viewerCan: unitCan({
    readContacts: true,
    editContacts: true,
    readUsers: true,
    manageUsers: true,
    readAudit: true,
    editCourses: true,
    reviewCourses: true,
    readTeachers: true,
    grantableRoles: ['COUNTY_ADMIN'],
  }),
};
const school: ViewerUnit['unit'] = {
  id: 'u-D633101',
  code: 'D633101',
  name: '臺北市大安區幸安國民小學',
  kind: 'SCHOOL',
  viewerCan: unitCan({ readContacts: true, editContacts: true, editCourses: true, readTeachers: true, editTeachers: true, readPersonalCodes: true }),
};
const ops: ViewerUnit['unit'] = {
  ...taipei,
  id: 'u-ops',
  code: 'NKNU-OPS',
  name: '營運團隊',
  kind: 'OPERATIONS_TEAM',
  viewerCan: unitCan({ readContacts: true, editContacts: true, readUsers: true, manageUsers: true, readAudit: true, readTeachers: true }),
};
const provider: ViewerUnit['unit'] = { ...school, id: 'u-ntnu', code: 'NTNU-CE', kind: 'COURSE_PROVIDER', viewerCan: unitCan({ readContacts: true, editCourses: true }) };

function me(roles: Me['roles']): Me {
  return { id: 'me', login: 'x', displayName: 'X', email: null, roles };
}

describe('navigation from what the viewer may do', () => {
  it('shows anonymous visitors the directory and the course search', () => {
    expect(buildNav(null, null, NO_PERMISSIONS).map((i) => [i.id, i.href])).toEqual([
      ['directory', '/'],
      ['courses', '/courses'],
    ]);
  });

  it('gives a county admin contacts, governed units, its courses, review, the roster campaign, accounts and audit of its unit', () => {
    const viewer = me([{ role: 'COUNTY_ADMIN', grantedAt: '', unit: taipei }]);
    expect(navOf(viewer, COUNTY_PERMS).map((i) => [i.id, i.href])).toEqual([
      ['directory', '/'],
      ['courses', '/courses'],
      ['overview', '/manage'],
      ['contacts', '/manage/units/63000/contacts'],
      ['units', '/manage/units?within=63000'],
      ['unitCourses', '/manage/units/63000/courses'],
      ['reviews', '/manage/reviews'],
      ['roster', '/manage/roster'],
      ['users', '/manage/units/63000/users'],
      ['audit', '/manage/audit'],
      ['statistics', '/manage/statistics'],
      ['dataExchanges', '/manage/data-exchanges'],
      ['countyReport', '/manage/county-report'],
      ['announcements', '/manage/announcements'],
    ]);
  });

  it('offers a school admin only what the school allows', () => {
    const viewer = me([{ role: 'SCHOOL_ADMIN', grantedAt: '', unit: school }]);
    expect(navOf(viewer, SCHOOL_PERMS).map((i) => i.id)).toEqual(['directory', 'courses', 'overview', 'contacts', 'teachers', 'unitCourses', 'roster', 'announcements']);
  });

  it('follows the flags, not the roles', () => {
    // The same school admin without the unit's course and teacher flags: no entries for them.
    const bare = me([{ role: 'SCHOOL_ADMIN', grantedAt: '', unit: { ...school, viewerCan: unitCan({ readContacts: true }) } }]);
    expect(navOf(bare, SCHOOL_PERMS).map((i) => i.id)).toEqual(['directory', 'courses', 'overview', 'contacts', 'roster', 'announcements']);
    // ... and without the network flags, no roster campaign or announcements either.
    expect(navOf(bare).map((i) => i.id)).toEqual(['directory', 'courses', 'overview', 'contacts']);
    // A teacher whom the server grants network-wide permissions gets their entries, and
    // without `readOwnHours` no hours entry despite the role.
    const teacher = me([{ role: 'TEACHER', grantedAt: '', unit: { ...school, viewerCan: unitCan() } }]);
    expect(navOf(teacher, OPERATOR_PERMS).map((i) => i.id)).toEqual(['directory', 'courses', 'overview', 'reviews', 'roster', 'announcements', 'delegations', 'outbox']);
    // Signed out, nothing but the public entries, whatever the permissions say.
    expect(buildNav(null, null, OPERATOR_PERMS).map((i) => i.id)).toEqual(['directory', 'courses']);
  });

  it('offers the outbox to operators only, and the roster campaign to the roles that may see it', () => {
    const operator = me([{ role: 'OPERATOR', grantedAt: '', unit: ops }]);
    const ids = navOf(operator, OPERATOR_PERMS).map((i) => i.id);
    expect(ids).toContain('roster');
    expect(ids.at(-1)).toBe('outbox');
    const county = me([{ role: 'COUNTY_ADMIN', grantedAt: '', unit: taipei }]);
    expect(navOf(county, REVIEWER_PERMS).map((i) => i.id)).not.toContain('outbox');
    const teacher = me([{ role: 'TEACHER', grantedAt: '', unit: { ...school, viewerCan: unitCan() } }]);
    expect(navOf(teacher, TEACHER_PERMS).map((i) => i.id)).toEqual(['directory', 'courses', 'overview', 'myHours']);
    const commissioner = me([{ role: 'COMMISSIONER', grantedAt: '', unit: ops }]);
    const nav = navOf(commissioner, COMMISSIONER_PERMS);
    expect(nav.map((i) => i.id)).toContain('roster');
    expect(nav.find((i) => i.id === 'roster')?.active('/manage/roster/115')).toBe(true);
    // Without a current unit the network-wide entries remain.
    expect(buildNav(operator, null, OPERATOR_PERMS).map((i) => i.id)).toEqual(['directory', 'courses', 'overview', 'reviews', 'roster', 'countyReport', 'announcements', 'delegations', 'outbox']);
  });

  it('offers course review to reviewing viewers and delegations to operators and the commissioner', () => {
    const ids = (viewer: Me, permissions: ViewerPermissions) => navOf(viewer, permissions).map((i) => i.id);
    const operator = ids(me([{ role: 'OPERATOR', grantedAt: '', unit: ops }]), OPERATOR_PERMS);
    expect(operator).toContain('reviews');
    expect(operator).toContain('delegations');
    expect(operator).not.toContain('unitCourses');
    const commissioner = ids(me([{ role: 'COMMISSIONER', grantedAt: '', unit: ops }]), COMMISSIONER_PERMS);
    expect(commissioner).toContain('delegations');
    expect(commissioner).not.toContain('reviews');
    const organizer = ids(me([{ role: 'ORGANIZER', grantedAt: '', unit: provider }]), NO_PERMISSIONS);
    expect(organizer).toContain('unitCourses');
    expect(organizer).not.toContain('reviews');
    expect(organizer).not.toContain('delegations');
  });

  it('offers statistics and data exchange from the server’s flags, the county report from the roles', () => {
    const ids = (viewer: Me, permissions: ViewerPermissions = NO_PERMISSIONS) => navOf(viewer, permissions).map((i) => i.id);
    const pick = (list: string[]) => list.filter((id) => ['statistics', 'dataExchanges', 'countyReport'].includes(id));
    // A county admin requests, applies and reads its report; so does a K-12 division.
    const county = me([{ role: 'COUNTY_ADMIN', grantedAt: '', unit: taipei }]);
    expect(pick(ids(county, COUNTY_PERMS))).toEqual(['statistics', 'dataExchanges', 'countyReport']);
    const k12: ViewerUnit['unit'] = { ...taipei, id: 'u-k12-hs', code: 'K12EA-HS', name: '高中組', kind: 'K12_DIVISION' };
    const k12Admin = me([{ role: 'DIVISION_ADMIN', grantedAt: '', unit: k12 }]);
    expect(pick(ids(k12Admin, perms({ requestStatistics: true, applyDataExchange: true, readCountyReports: true })))).toEqual(['statistics', 'dataExchanges', 'countyReport']);
    // A ministry division (師資藝教司) requests national statistics; it has no unit that may
    // apply for data exchange (applyDataExchange is false) and governs no schools, so no county
    // report either, although the server's readCountyReports is true for it.
    const tepd: ViewerUnit['unit'] = { ...taipei, id: 'u-tepd', code: 'MOE-TEPD', name: '師資藝教司', kind: 'MINISTRY_DIVISION' };
    expect(pick(ids(me([{ role: 'DIVISION_ADMIN', grantedAt: '', unit: tepd }]), MINISTRY_DIVISION_PERMS))).toEqual(['statistics']);
    // The commissioner decides both and reads every report; operators read reports only.
    expect(pick(ids(me([{ role: 'COMMISSIONER', grantedAt: '', unit: tepd }]), COMMISSIONER_PERMS))).toEqual(['statistics', 'dataExchanges', 'countyReport']);
    expect(pick(ids(me([{ role: 'OPERATOR', grantedAt: '', unit: ops }]), OPERATOR_PERMS))).toEqual(['countyReport']);
    // Each flag alone is enough for its entry.
    expect(pick(ids(county, perms({ requestStatistics: true })))).toEqual(['statistics', 'countyReport']);
    expect(pick(ids(county, perms({ decideStatistics: true })))).toEqual(['statistics', 'countyReport']);
    expect(pick(ids(county, perms({ applyDataExchange: true })))).toEqual(['dataExchanges', 'countyReport']);
    expect(pick(ids(county, perms({ decideDataExchange: true })))).toEqual(['dataExchanges', 'countyReport']);
    // The flags, not the roles: a county admin the server gives neither keeps only its report;
    // an account the server lets request statistics gets the entry whatever its roles.
    expect(pick(ids(county, NO_PERMISSIONS))).toEqual(['countyReport']);
    const teacher = me([{ role: 'TEACHER', grantedAt: '', unit: { ...school, viewerCan: unitCan() } }]);
    expect(pick(ids(teacher, perms({ requestStatistics: true, readCountyReports: true })))).toEqual(['statistics']);
    expect(pick(buildNav(teacher, null, perms({ applyDataExchange: true })).map((i) => i.id))).toEqual(['dataExchanges']);
    // Signed out, none of them whatever the flags say.
    expect(pick(buildNav(null, null, COMMISSIONER_PERMS).map((i) => i.id))).toEqual([]);
    // Schools, organizers and teachers have none of them.
    expect(pick(ids(me([{ role: 'SCHOOL_ADMIN', grantedAt: '', unit: school }])))).toEqual([]);
    expect(pick(ids(me([{ role: 'ORGANIZER', grantedAt: '', unit: provider }])))).toEqual([]);
    expect(pick(ids(teacher))).toEqual([]);
    // Their pages keep the entry active; the links carry no unit code.
    const nav = navOf(county, COUNTY_PERMS);
    const active = (path: string) => nav.filter((i) => i.active(path)).map((i) => i.id);
    expect(active('/manage/statistics/new')).toEqual(['statistics']);
    expect(active('/manage/statistics?status=COMPLETED')).toEqual(['statistics']);
    expect(active('/manage/data-exchanges/0a1b')).toEqual(['dataExchanges']);
    expect(active('/manage/county-report?unit=63000&schoolYear=115')).toEqual(['countyReport']);
    expect(nav.find((i) => i.id === 'countyReport')?.href).toBe('/manage/county-report');
  });

  it('links the teacher roster for the school admin of the current school only', () => {
    const admin = navOf(me([{ role: 'SCHOOL_ADMIN', grantedAt: '', unit: school }]));
    const roster = admin.find((i) => i.id === 'teachers');
    expect(roster?.href).toBe('/manage/units/D633101/teachers');
    expect(roster?.active('/manage/units/D633101/teachers')).toBe(true);
    expect(admin.filter((i) => i.active('/manage/units/D633101/teachers')).map((i) => i.id)).toEqual(['teachers']);
    // A county reaches its schools' rosters from its unit list (its own unit is no school,
    // even though it reads teachers); a teacher has none.
    expect(navOf(me([{ role: 'COUNTY_ADMIN', grantedAt: '', unit: taipei }]), REVIEWER_PERMS).map((i) => i.id)).not.toContain('teachers');
    expect(navOf(me([{ role: 'TEACHER', grantedAt: '', unit: { ...school, viewerCan: unitCan() } }])).map((i) => i.id)).not.toContain('teachers');
    expect(pathForUnitSwitch('/manage/units/D633101/teachers', 'D633101', 'D633102')).toBe('/manage/units/D633102/teachers');
  });

  it('offers 我的研習時數 to teachers (readOwnHours), whatever the current unit', () => {
    const teacher = me([{ role: 'TEACHER', grantedAt: '', unit: { ...school, viewerCan: unitCan() } }]);
    const entry = navOf(teacher, TEACHER_PERMS).find((i) => i.id === 'myHours');
    expect(entry?.href).toBe('/my/hours');
    expect(entry?.active('/my/hours?calendarYear=2026')).toBe(true);
    expect(entry?.active('/manage')).toBe(false);
    expect(buildNav(teacher, null, TEACHER_PERMS).map((i) => i.id)).toContain('myHours');
    // A school admin who is not also a teacher has no hours of their own.
    expect(navOf(me([{ role: 'SCHOOL_ADMIN', grantedAt: '', unit: school }]), SCHOOL_PERMS).map((i) => i.id)).not.toContain('myHours');
  });

  it('keeps the course entries active on their pages', () => {
    const nav = navOf(me([{ role: 'SCHOOL_ADMIN', grantedAt: '', unit: school }]));
    const active = (path: string) => nav.filter((i) => i.active(path)).map((i) => i.id);
    expect(active('/courses?county=63000')).toEqual(['courses']);
    expect(active('/courses/3500001')).toEqual(['courses']);
    expect(active('/manage/units/D633101/courses/new')).toEqual(['unitCourses']);
    expect(active('/manage/courses/abc/edit')).toEqual(['unitCourses']);
    expect(pathForUnitSwitch('/manage/units/D633101/courses', 'D633101', '63000')).toBe('/manage/units/63000/courses');
  });

  it('lists each unit once with all its roles, for the unit switcher', () => {
    const viewer = me([
      { role: 'COUNTY_ADMIN', grantedAt: '', unit: taipei },
      { role: 'SCHOOL_ADMIN', grantedAt: '', unit: school },
      { role: 'TEACHER', grantedAt: '', unit: school },
    ]);
    expect(viewerUnits(viewer).map((u) => [u.unit.code, u.roles])).toEqual([
      ['63000', ['COUNTY_ADMIN']],
      ['D633101', ['SCHOOL_ADMIN', 'TEACHER']],
    ]);
  });

  it('marks the active entry', () => {
    const nav = navOf(me([{ role: 'COUNTY_ADMIN', grantedAt: '', unit: taipei }]), REVIEWER_PERMS);
    const active = (path: string) => nav.filter((i) => i.active(path)).map((i) => i.id);
    expect(active('/manage/units/63000/contacts')).toEqual(['contacts']);
    expect(active('/manage/units?within=63000&q=x')).toEqual(['units']);
    expect(active('/units/63000')).toEqual(['directory']);
    expect(active('/manage/audit?action=contact.')).toEqual(['audit']);
  });

  it('keeps the section when switching units', () => {
    expect(pathForUnitSwitch('/manage/units/63000/users', '63000', 'D633101')).toBe('/manage/units/D633101/users');
    expect(pathForUnitSwitch('/manage/units?within=63000', '63000', '67000')).toBe('/manage/units?within=67000');
    expect(pathForUnitSwitch('/manage/audit', '63000', 'D633101')).toBe('/manage/audit');
    expect(pathForUnitSwitch('/units/63000', '63000', 'D633101')).toBe('/manage');
  });

  it('returns after sign-in only to paths of this console', () => {
    expect(safeNext('/manage/audit?x=1')).toBe('/manage/audit?x=1');
    expect(safeNext('https://evil.example/')).toBe('/manage');
    expect(safeNext('//evil.example/')).toBe('/manage');
    expect(safeNext('/\\evil.example')).toBe('/manage');
    expect(safeNext(null)).toBe('/manage');
  });
});

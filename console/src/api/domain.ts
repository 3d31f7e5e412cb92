// Enumerations of the schema as lists for pickers. The `satisfies` and exhaustiveness
// checks make the type check fail when the schema adds or drops a value.
import type {
  AnnouncementKind,
  ApplicationStatus,
  Channel,
  ConflictKind,
  CourseMode,
  CourseStatus,
  Dimension,
  DownloadFormat,
  EducationStage,
  HourEntryKind,
  HoursOutcome,
  Measure,
  OrgUnitKind,
  OutboxStatus,
  PurposeCategory,
  RegistrationStatus,
  Role,
  RosterStatus,
  StatementSource,
  UpsertOutcome,
} from '../gql/graphql';
import { href } from '../routes';

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;

export const ROLES = [
  'OPERATOR',
  'COMMISSIONER',
  'DIVISION_ADMIN',
  'COUNTY_ADMIN',
  'SCHOOL_ADMIN',
  'ORGANIZER',
  'TEACHER',
] as const satisfies readonly Role[];
export const rolesAreExhaustive: Exhaustive<Role, (typeof ROLES)[number]> = true;

export const UNIT_KINDS = [
  'MINISTRY',
  'MINISTRY_DIVISION',
  'K12_ADMINISTRATION',
  'K12_DIVISION',
  'COUNTY_BUREAU',
  'SCHOOL',
  'COURSE_PROVIDER',
  'OPERATIONS_TEAM',
] as const satisfies readonly OrgUnitKind[];
export const kindsAreExhaustive: Exhaustive<OrgUnitKind, (typeof UNIT_KINDS)[number]> = true;

export const OUTBOX_STATUSES = ['PENDING', 'SENDING', 'SENT', 'DEAD'] as const satisfies readonly OutboxStatus[];
export const outboxStatusesAreExhaustive: Exhaustive<OutboxStatus, (typeof OUTBOX_STATUSES)[number]> = true;

/** Email templates the server writes (`templates/email/`), for the outbox filter. */
export const EMAIL_TEMPLATES = ['roster_opened', 'roster_reminder', 'course_decision', 'review_digest'] as const;

/** Kinds of unit that govern other units (區管中心 and above). */
export const GOVERNING_KINDS: readonly OrgUnitKind[] = [
  'MINISTRY',
  'K12_ADMINISTRATION',
  'K12_DIVISION',
  'COUNTY_BUREAU',
];

/** Roles whose scope is the whole network. */
export const NETWORK_ROLES: readonly Role[] = ['OPERATOR', 'COMMISSIONER'];

/**
 * The menu entries and buttons follow the API's flags: the outbox, the roster campaign
 * (`viewerPermissions`, the campaign's, its schools' and the units' `viewerCan`), course
 * review, delegations, announcements, own hours, the statistics and data-exchange entries,
 * courses and teacher rosters (`viewerPermissions`, the units' and courses' `viewerCan`).
 */
/**
 * Roles that publish announcements (`announcement publish`): operators for the whole
 * network, county and division admins for the units they govern, school admins for
 * their school. The menu entry follows `viewerPermissions.publishAnnouncements`; this list
 * picks the units an announcement may be published for.
 */
export const ANNOUNCEMENT_ROLES: readonly Role[] = ['OPERATOR', 'COUNTY_ADMIN', 'DIVISION_ADMIN', 'SCHOOL_ADMIN'];

export const COURSE_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED', 'REJECTED', 'CANCELLED', 'COMPLETED'] as const satisfies readonly CourseStatus[];
export const courseStatusesAreExhaustive: Exhaustive<CourseStatus, (typeof COURSE_STATUSES)[number]> = true;

export const COURSE_MODES = ['IN_PERSON', 'ONLINE', 'HYBRID'] as const satisfies readonly CourseMode[];
export const courseModesAreExhaustive: Exhaustive<CourseMode, (typeof COURSE_MODES)[number]> = true;

/** 教育階段, from preschool up. */
export const EDUCATION_STAGES = ['PRESCHOOL', 'ELEMENTARY', 'JUNIOR_HIGH', 'SENIOR_HIGH', 'SPECIAL_EDUCATION'] as const satisfies readonly EducationStage[];
export const educationStagesAreExhaustive: Exhaustive<EducationStage, (typeof EDUCATION_STAGES)[number]> = true;

/** Kinds of unit that review courses (competent authorities) and may hand that over. */
export const AUTHORITY_KINDS: readonly OrgUnitKind[] = ['MINISTRY', 'MINISTRY_DIVISION', 'K12_ADMINISTRATION', 'K12_DIVISION', 'COUNTY_BUREAU'];
/** Kinds of unit offered as a delegate reviewer: the authorities and the operating team. */
export const DELEGATE_KINDS: readonly OrgUnitKind[] = ['OPERATIONS_TEAM', ...AUTHORITY_KINDS];

/** 在職, 已離校, 已調出. */
export const ROSTER_STATUSES = ['ACTIVE', 'LEFT', 'MOVED'] as const satisfies readonly RosterStatus[];
export const rosterStatusesAreExhaustive: Exhaustive<RosterStatus, (typeof ROSTER_STATUSES)[number]> = true;

/** Where a statement about a teacher's service unit came from. */
export const STATEMENT_SOURCES = ['SCHOOL_ADMIN', 'IMPORT', 'TEACHER', 'SIGN_IN_SERVICE'] as const satisfies readonly StatementSource[];
export const statementSourcesAreExhaustive: Exhaustive<StatementSource, (typeof STATEMENT_SOURCES)[number]> = true;

/** A roster's disagreement with the newest statement: on it but serving elsewhere, or serving here but not on it. */
export const CONFLICT_KINDS = ['SERVES_ELSEWHERE', 'SERVES_HERE'] as const satisfies readonly ConflictKind[];
export const conflictKindsAreExhaustive: Exhaustive<ConflictKind, (typeof CONFLICT_KINDS)[number]> = true;

/** What adding or editing a teacher came to. */
export const UPSERT_OUTCOMES = ['CREATED', 'JOINED', 'PENDING_TRANSFER', 'UPDATED', 'UNCHANGED'] as const satisfies readonly UpsertOutcome[];
export const upsertOutcomesAreExhaustive: Exhaustive<UpsertOutcome, (typeof UPSERT_OUTCOMES)[number]> = true;

/** 錄取, 備取, 已取消, 已移除: the registration list's filter, in its order. */
export const REGISTRATION_STATUSES = ['ADMITTED', 'WAITLISTED', 'CANCELLED', 'REMOVED'] as const satisfies readonly RegistrationStatus[];
export const registrationStatusesAreExhaustive: Exhaustive<RegistrationStatus, (typeof REGISTRATION_STATUSES)[number]> = true;

/** How a registration was made: 線上, 現場, 主辦單位. */
export const CHANNELS = ['ONLINE', 'ONSITE', 'ORGANIZER'] as const satisfies readonly Channel[];
export const channelsAreExhaustive: Exhaustive<Channel, (typeof CHANNELS)[number]> = true;

/** What a row of hours does: 新增, 更正, 不變, 錯誤 (the order the counts are shown in). */
export const HOURS_OUTCOMES = ['NEW', 'CORRECTED', 'UNCHANGED', 'ERROR'] as const satisfies readonly HoursOutcome[];
export const hoursOutcomesAreExhaustive: Exhaustive<HoursOutcome, (typeof HOURS_OUTCOMES)[number]> = true;

/** Ledger entries: 核發, 撤銷. */
export const HOUR_ENTRY_KINDS = ['GRANT', 'REVOCATION'] as const satisfies readonly HourEntryKind[];
export const hourEntryKindsAreExhaustive: Exhaustive<HourEntryKind, (typeof HOUR_ENTRY_KINDS)[number]> = true;


/** 最新消息, 公佈欄, 跑馬燈, in the order the console lists them. */
export const ANNOUNCEMENT_KINDS = ['NEWS', 'BULLETIN', 'MARQUEE'] as const satisfies readonly AnnouncementKind[];
export const announcementKindsAreExhaustive: Exhaustive<AnnouncementKind, (typeof ANNOUNCEMENT_KINDS)[number]> = true;

/* ---------- Statistics, data exchange, the county report ---------- */

/** 待審核, 已核准（處理中）, 不予核准, 已完成, 失敗: the lists' status filter, in this order. */
export const APPLICATION_STATUSES = ['SUBMITTED', 'APPROVED', 'REJECTED', 'COMPLETED', 'FAILED'] as const satisfies readonly ApplicationStatus[];
export const applicationStatusesAreExhaustive: Exhaustive<ApplicationStatus, (typeof APPLICATION_STATUSES)[number]> = true;

/** What a statistics table can be grouped by, in the order the form offers them. */
export const DIMENSIONS = ['COUNTY', 'AUTHORITY', 'SCHOOL', 'STAGE', 'TAG', 'ORGANIZER', 'MONTH'] as const satisfies readonly Dimension[];
export const dimensionsAreExhaustive: Exhaustive<Dimension, (typeof DIMENSIONS)[number]> = true;
/** At most three dimensions; the last one is the column dimension of the table. */
export const MAX_DIMENSIONS = 3;

/** What a statistics cell counts, in the order the form offers them. */
export const MEASURES = ['TEACHERS', 'HOURS', 'COURSES', 'REGISTRATIONS', 'TEACHERS_MEETING_THRESHOLD'] as const satisfies readonly Measure[];
export const measuresAreExhaustive: Exhaustive<Measure, (typeof MEASURES)[number]> = true;

/** Why statistics are needed: 立法院質詢, 政策達成率, 特教評鑑, 縣市規劃, 其他. */
export const PURPOSE_CATEGORIES = [
  'LEGISLATIVE_QUESTION',
  'POLICY_ACHIEVEMENT',
  'SPECIAL_EDUCATION_EVALUATION',
  'COUNTY_PLANNING',
  'OTHER',
] as const satisfies readonly PurposeCategory[];
export const purposeCategoriesAreExhaustive: Exhaustive<PurposeCategory, (typeof PURPOSE_CATEGORIES)[number]> = true;

/** The files of a result, in the order they are linked. */
export const DOWNLOAD_FORMATS = ['CSV', 'XLSX', 'ODS'] as const satisfies readonly DownloadFormat[];
export const downloadFormatsAreExhaustive: Exhaustive<DownloadFormat, (typeof DOWNLOAD_FORMATS)[number]> = true;

/**
 * Who does what with statistics, data exchange and the county report (policies/policy.csv:
 * `statistics request|decide`, `exchange apply|decide`, `report county`). `viewerPermissions`
 * says whether the viewer requests or decides statistics, applies for or decides data
 * exchange (the menu's and the dashboard's entries follow those flags), and reads some
 * county report, but not for which units; so the forms offer the viewer's units from these
 * roles and kinds, and the county report's entry follows them too (statistics/access.ts);
 * the server still decides. Division and county admins request statistics and apply for
 * data exchange for their own unit; the commissioner decides both, network-wide.
 */
export const STATISTICS_REQUEST_ROLES: readonly Role[] = ['DIVISION_ADMIN', 'COUNTY_ADMIN'];
/** Kinds of unit whose jurisdiction statistics can be about (the server's `Jurisdiction`). */
export const STATISTICS_UNIT_KINDS: readonly OrgUnitKind[] = ['MINISTRY', 'MINISTRY_DIVISION', 'K12_ADMINISTRATION', 'K12_DIVISION', 'COUNTY_BUREAU'];
export const EXCHANGE_APPLY_ROLES: readonly Role[] = ['DIVISION_ADMIN', 'COUNTY_ADMIN'];
/** Kinds of unit that may apply for data exchange: those governing schools (the form offers only these). */
export const EXCHANGE_UNIT_KINDS: readonly OrgUnitKind[] = ['COUNTY_BUREAU', 'K12_DIVISION'];
/** The county report: division and county admins for the units they govern (subtree)… */
export const COUNTY_REPORT_UNIT_ROLES: readonly Role[] = ['DIVISION_ADMIN', 'COUNTY_ADMIN'];
/** … operators and the commissioner anywhere. */
export const COUNTY_REPORT_NETWORK_ROLES: readonly Role[] = ['OPERATOR', 'COMMISSIONER'];
/** Kinds of unit whose schools a county report lists. */
export const COUNTY_REPORT_UNIT_KINDS: readonly OrgUnitKind[] = ['MINISTRY', 'K12_ADMINISTRATION', 'K12_DIVISION', 'COUNTY_BUREAU'];

/** The 22 counties and cities, by MOI code, in the Ministry's customary order. */
export const COUNTIES: readonly { code: string; zh: string; en: string }[] = [
  { code: '63000', zh: '臺北市', en: 'Taipei City' },
  { code: '65000', zh: '新北市', en: 'New Taipei City' },
  { code: '68000', zh: '桃園市', en: 'Taoyuan City' },
  { code: '66000', zh: '臺中市', en: 'Taichung City' },
  { code: '67000', zh: '臺南市', en: 'Tainan City' },
  { code: '64000', zh: '高雄市', en: 'Kaohsiung City' },
  { code: '10017', zh: '基隆市', en: 'Keelung City' },
  { code: '10018', zh: '新竹市', en: 'Hsinchu City' },
  { code: '10020', zh: '嘉義市', en: 'Chiayi City' },
  { code: '10004', zh: '新竹縣', en: 'Hsinchu County' },
  { code: '10005', zh: '苗栗縣', en: 'Miaoli County' },
  { code: '10007', zh: '彰化縣', en: 'Changhua County' },
  { code: '10008', zh: '南投縣', en: 'Nantou County' },
  { code: '10009', zh: '雲林縣', en: 'Yunlin County' },
  { code: '10010', zh: '嘉義縣', en: 'Chiayi County' },
  { code: '10013', zh: '屏東縣', en: 'Pingtung County' },
  { code: '10002', zh: '宜蘭縣', en: 'Yilan County' },
  { code: '10015', zh: '花蓮縣', en: 'Hualien County' },
  { code: '10014', zh: '臺東縣', en: 'Taitung County' },
  { code: '10016', zh: '澎湖縣', en: 'Penghu County' },
  { code: '09020', zh: '金門縣', en: 'Kinmen County' },
  { code: '09007', zh: '連江縣', en: 'Lienchiang County' },
];

/**
 * Links to the console's pages, built from the route table (routes.tsx) so links and
 * routes agree; each names its page and says what its parameters and query are.
 */
export const paths = {
  directory: href('directory', {}),
  publicUnit: (code: string) => href('publicUnit', { code }),
  signIn: (next?: string) => href('signIn', {}, { next }),
  overview: href('overview', {}),
  contacts: (code: string) => href('contacts', { code }),
  users: (code: string) => href('users', { code }),
  units: (withinCode?: string) => href('units', {}, { within: withinCode }),
  audit: href('audit', {}),
  /** The roster campaign of a school year; without one, the current school year. */
  roster: (schoolYear?: number) => (schoolYear === undefined ? href('rosterCurrent', {}) : href('roster', { schoolYear: String(schoolYear) })),
  outbox: href('outbox', {}),
  /** Live announcements of one kind, for everyone. */
  announcements: (kind?: AnnouncementKind) => href('announcements', {}, { kind }),
  manageAnnouncements: href('manageAnnouncements', {}),
  /** 研習查詢: approved courses, for everyone (with the search in the query string). */
  courses: (query?: string) => href('courses', {}, query),
  /** One course; emails link here. */
  course: (id: string) => href('course', { id }),
  /** A unit's own courses, as organizer (研習管理). */
  unitCourses: (code: string) => href('unitCourses', { code }),
  newCourse: (code: string) => href('newCourse', { code }),
  editCourse: (id: string) => href('editCourse', { id }),
  /** The review queue (研習審核); `/reviews`, the link in email, leads here. */
  reviews: href('reviews', {}),
  /** Review delegations (審核授權). */
  delegations: href('delegations', {}),
  /** A course's registration list (報名名單), for its organizer. */
  registrations: (courseId: string) => href('registrations', { id: courseId }),
  /** A course's sign-in sheet (簽到表), for printing. */
  signInSheet: (courseId: string) => href('signInSheet', { id: courseId }),
  /**
   * The sign-in sheet as XLSX: the server's `SignInSheet.xlsxUrl` (a cookie-authenticated
   * GET, a route of the server, not of the console). The registration list links to it
   * without loading the sheet, whose every read the server audits; the sheet page uses
   * `xlsxUrl` itself.
   */
  signInSheetXlsx: (courseId: string) => `/courses/${encodeURIComponent(courseId)}/sign-in-sheet.xlsx`,
  /** A course's hours (時數核發): grants, the file upload and the ledger, for its organizer. */
  courseHours: (courseId: string) => href('courseHours', { id: courseId }),
  /** The signed-in teacher's hours (我的研習時數) of a school year or a calendar year. */
  myHours: (period?: { schoolYear: number } | { calendarYear: number }) => href('myHours', {}, period),
  /** 統計數據申請: the list (with `?status=`), the request form and one request. */
  statistics: (status?: ApplicationStatus | null) => href('statistics', {}, { status }),
  newStatistics: href('newStatistics', {}),
  statisticsRequest: (id: string) => href('statisticsRequest', { id }),
  /** 資訊傳報: the list, the application form and one application. */
  dataExchanges: (status?: ApplicationStatus | null) => href('dataExchanges', {}, { status }),
  newDataExchange: href('newDataExchange', {}),
  dataExchange: (id: string) => href('dataExchange', { id }),
  /** 研習課程報表 of a unit (its code) for a school year or a calendar year. */
  countyReport: (query?: { unit?: string; schoolYear?: number; calendarYear?: number }) => href('countyReport', {}, query),
  /** A school's teacher roster (教師名冊). No personal data in the path or query. */
  teachers: (code: string) => href('teachers', { code }),
} as const;

/** A `next` target after sign-in: only paths of this console, never another origin. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return paths.overview;
  }
  return next;
}

/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The three kinds of announcement. */
export type AnnouncementKind =
  /** 公佈欄 */
  | 'BULLETIN'
  /** 跑馬燈: one line scrolling at the top of the console. */
  | 'MARQUEE'
  /** 最新消息 */
  | 'NEWS';

export type ApplicationFilter = {
  status?: ApplicationStatus | null | undefined;
};

export type ApplicationStatus =
  /** Approved; the job is queued or running (see `progress`). */
  | 'APPROVED'
  /** The result can be downloaded until `expiresAt`. */
  | 'COMPLETED'
  /** The job failed; `error` says why. */
  | 'FAILED'
  | 'REJECTED'
  /** Waiting for the commissioner. */
  | 'SUBMITTED';

export type AudienceInput = {
  /** MOI county codes, e.g. 63000. */
  countyCodes?: Array<string>;
  /** Codes of `courseCodes(list: AUDIENCE_ROLE)`. */
  roles?: Array<string>;
  stages?: Array<EducationStage>;
};

export type AuditFilter = {
  /** Exact action (`contact.update`) or a prefix ending in `.` (`contact.`). */
  action?: string | null | undefined;
  actorId?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  /** Entries about this unit and every unit it governs. */
  unitId?: string | null | undefined;
};

/** How a registration was made. */
export type Channel =
  /** By the teacher, in the console or API. */
  | 'ONLINE'
  /** At the venue, by the organizer typing the teacher's personal code. */
  | 'ONSITE'
  /** Added by the organizer. */
  | 'ORGANIZER';

/** How a column of a result is used. */
export type ColumnKind =
  | 'DIMENSION'
  | 'MEASURE';

export type ConflictKind =
  /** On this school's roster, but said to serve elsewhere (or nowhere). */
  | 'SERVES_ELSEWHERE'
  /** Said to serve at this school, but not on its roster. */
  | 'SERVES_HERE';

export type CourseFilter = {
  /** The organizer's county (MOI code, e.g. 63000). */
  countyCode?: string | null | undefined;
  /** Courses held on or after this date (Asia/Taipei). */
  from?: string | null | undefined;
  organizerId?: string | null | undefined;
  /** Only courses one can register for now (or, with false, only others). */
  registrationOpen?: boolean | null | undefined;
  /** The unit a course is routed to (while submitted) or was decided by. */
  reviewerId?: string | null | undefined;
  /** Words of the title or description, or a course code. */
  search?: string | null | undefined;
  /** Courses for this stage (or for every stage). */
  stage?: EducationStage | null | undefined;
  status?: Array<CourseStatus> | null | undefined;
  /** A code of `courseCodes(list: TAG)`. */
  tag?: string | null | undefined;
  /** Courses held on or before this date (Asia/Taipei). */
  to?: string | null | undefined;
};

/** Every field of a course; an update replaces them all. */
export type CourseInput = {
  audience?: AudienceInput;
  capacity: number;
  /** A code of `courseCodes(list: CATEGORY)`. */
  category: string;
  description?: string;
  /** In halves: 3 or 3.5; not more than the sessions' time. */
  hours: number;
  mode: CourseMode;
  /** A code of `courseCodes(list: NATURE)`. */
  nature: string;
  onsiteRegistration?: boolean;
  /** Not after the first session starts. */
  registrationClosesAt: string;
  registrationOpensAt: string;
  sessions: Array<SessionInput>;
  /** Codes of `courseCodes(list: TAG)`. */
  tags?: Array<string>;
  title: string;
  url?: string | null | undefined;
  venue?: string | null | undefined;
};

/** How a course is held. */
export type CourseMode =
  | 'HYBRID'
  | 'IN_PERSON'
  | 'ONLINE';

export type CourseOrder =
  /** Earliest first. */
  | 'STARTS_AT'
  /** Latest first. */
  | 'STARTS_AT_DESC';

export type CourseStatus =
  | 'APPROVED'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'DRAFT'
  | 'REJECTED'
  | 'RETURNED'
  | 'SUBMITTED';

export type CreateAnnouncementInput = {
  bodyMarkdown?: string;
  expiresAt?: string | null | undefined;
  kind: AnnouncementKind;
  pinned?: boolean;
  /** Defaults to now. */
  publishAt?: string | null | undefined;
  title: string;
  /** The publishing unit; leave out for the whole network (operators). */
  unitId?: string | null | undefined;
};

export type CreateContactInput = {
  duty?: string | null | undefined;
  email?: string | null | undefined;
  extension?: string | null | undefined;
  /** Defaults to false: a new contact is private until published. */
  isPublic?: boolean;
  name: string;
  phone?: string | null | undefined;
  /** Defaults to false. Needs an email address. */
  receivesEmail?: boolean;
  /** Defaults to after the unit's last contact. */
  sortOrder?: number | null | undefined;
  title?: string | null | undefined;
  unitId: string;
};

export type CreateUserInput = {
  displayName: string;
  email?: string | null | undefined;
  login: string;
  password: string;
  /** The first role of the account, granted with it. */
  role: Role;
  unitId: string;
};

export type DataExchangeInput = {
  /** Courses ending from this day … */
  periodFrom: string;
  /** … to this day, included. */
  periodTo: string;
  purpose: string;
  /** A county bureau or a K-12 division. */
  unitId: string;
  /** Until when the records are needed; downloads end then at the latest. */
  validUntil: string;
};

/**
 * What a result can be grouped by. Teachers are placed where they served
 * when the hours were granted (their school); courses by their organizer,
 * tags and the month their last session ends in (Taipei).
 */
export type Dimension =
  /** The competent authority of the teacher's school (主管機關). */
  | 'AUTHORITY'
  /** The county the teacher's school is in (縣市). */
  | 'COUNTY'
  /** The month the course ends in. */
  | 'MONTH'
  /** The course's organizer (開課單位). */
  | 'ORGANIZER'
  /** The teacher's school. */
  | 'SCHOOL'
  /** The education stage of the teacher's school. */
  | 'STAGE'
  /** The course's attribute tags; a course with two tags counts in both. */
  | 'TAG';

export type DirectoryFilter = {
  countyCode?: string | null | undefined;
  /**
   * Defaults to the regional centers and divisions: ministry divisions,
   * the K-12 Administration, its five divisions and the county bureaus.
   */
  kinds?: Array<OrgUnitKind> | null | undefined;
  /**
   * Substring of the unit's name or code, or of a published contact's
   * name, title or duty.
   */
  search?: string | null | undefined;
};

export type DownloadFormat =
  | 'CSV'
  | 'ODS'
  | 'XLSX';

export type DuplicateKind =
  /** Same organizer, overlapping dates, similar title. */
  | 'SAME_ORGANIZER'
  /** A special-education course another unit already registered. */
  | 'SPECIAL_EDUCATION';

/** Education stages (教育階段). */
export type EducationStage =
  | 'ELEMENTARY'
  | 'JUNIOR_HIGH'
  | 'PRESCHOOL'
  | 'SENIOR_HIGH'
  | 'SPECIAL_EDUCATION';

/** Machine-readable reason of an [`InputError`]. */
export type ErrorCode =
  /** An object with this value already exists. */
  | 'ALREADY_EXISTS'
  /** The request conflicts with the current state. */
  | 'CONFLICT'
  /** Login name or password is wrong. */
  | 'INVALID_CREDENTIALS'
  /** Not a valid email address. */
  | 'INVALID_EMAIL'
  /** The value does not have the expected form. */
  | 'INVALID_FORMAT'
  /**
   * A link from an email is unknown, already used or expired (the
   * message says which).
   */
  | 'INVALID_LINK'
  /** Not a valid telephone number. */
  | 'INVALID_PHONE'
  /** The role cannot be held at this kind of unit. */
  | 'INVALID_PLACEMENT'
  /** The referenced object does not exist. */
  | 'NOT_FOUND'
  /** A number is outside its allowed range. */
  | 'OUT_OF_RANGE'
  /** Deciding one's own application. */
  | 'OWN_APPLICATION'
  /** Probably the same as something that exists; confirm with a reason. */
  | 'POSSIBLE_DUPLICATE'
  /** A required value is missing or blank. */
  | 'REQUIRED'
  /**
   * The server is checking as many passwords as it can; try again in a
   * few seconds.
   */
  | 'TOO_BUSY'
  /** The value is longer than allowed. */
  | 'TOO_LONG'
  /** Too many failed attempts; wait before trying again. */
  | 'TOO_MANY_ATTEMPTS'
  /** The password is too short or too common. */
  | 'WEAK_PASSWORD';

export type HourEntryKind =
  | 'GRANT'
  | 'REVOCATION';

export type HoursEntryInput = {
  /** In halves: 3 or 3.5. */
  hours: number;
  personalCode: string;
  /** Required to correct hours already granted. */
  reason?: string | null | undefined;
};

/** What a row does to the ledger. */
export type HoursOutcome =
  /**
   * Different hours from the grant in force: it is revoked and the new
   * hours granted, with the reason.
   */
  | 'CORRECTED'
  /** See the row's errors; nothing is written for the file. */
  | 'ERROR'
  /** A first grant for this teacher and course. */
  | 'NEW'
  /** The same hours are already granted; nothing is written. */
  | 'UNCHANGED';

/** What importing one row does (or, in a dry run, would do). */
export type ImportOutcome =
  /** Not imported; see the row's errors. */
  | 'ERROR'
  /** Back on this roster (this school had them last, no other has them). */
  | 'JOINED'
  | 'NEW'
  /**
   * On another school's roster: will be added once the transfer is
   * confirmed (待轉入確認); nothing else of the record is shown.
   */
  | 'PENDING_TRANSFER'
  | 'UNCHANGED'
  | 'UPDATED';

export type LoginInput = {
  login: string;
  password: string;
};

/** What a cell counts. */
export type Measure =
  /** Distinct courses in which hours were granted. */
  | 'COURSES'
  /** Hours granted (net of revocations). */
  | 'HOURS'
  /** Admitted registrations. */
  | 'REGISTRATIONS'
  /** Distinct teachers granted hours. */
  | 'TEACHERS'
  /**
   * Distinct teachers whose hours over the period (for the threshold's
   * tag, or all hours) reach the threshold.
   */
  | 'TEACHERS_MEETING_THRESHOLD';

export type OrgUnitFilter = {
  /** Only units located in this county (MOI code, e.g. 63000). */
  countyCode?: string | null | undefined;
  /** Only units of these kinds. */
  kinds?: Array<OrgUnitKind> | null | undefined;
  /** Only units directly governed by this unit. */
  parentId?: string | null | undefined;
  /** Substring of the name or code. */
  search?: string | null | undefined;
  /** Only units governed (directly or not) by this unit. */
  withinId?: string | null | undefined;
};

/** What kind of unit this is (docs/design.md §2). */
export type OrgUnitKind =
  /** A county/city education bureau (縣市政府教育局/處). */
  | 'COUNTY_BUREAU'
  /** A course-offering unit or platform that is not a school. */
  | 'COURSE_PROVIDER'
  /** 國民及學前教育署 */
  | 'K12_ADMINISTRATION'
  /** A division of the K-12 Education Administration (國教署各組). */
  | 'K12_DIVISION'
  /** 教育部 */
  | 'MINISTRY'
  /** A division of the Ministry (教育部各司). */
  | 'MINISTRY_DIVISION'
  /** The network's operating team. */
  | 'OPERATIONS_TEAM'
  /** A school. */
  | 'SCHOOL';

export type OutboxFilter = {
  status?: OutboxStatus | null | undefined;
  template?: string | null | undefined;
  /** Recipient address, case-insensitive, exact. */
  to?: string | null | undefined;
};

export type OutboxStatus =
  /** Given up: refused permanently, or too many attempts. */
  | 'DEAD'
  /** Waiting for its first or next attempt. */
  | 'PENDING'
  /** Claimed by a worker right now. */
  | 'SENDING'
  /** Accepted by the SMTP server. */
  | 'SENT';

/** A period: exactly one of a school year (ROC), a calendar year, or dates. */
export type PeriodInput = {
  calendarYear?: number | null | undefined;
  /** First day (Taipei), with `to`. */
  from?: string | null | undefined;
  schoolYear?: number | null | undefined;
  /** Last day, included. */
  to?: string | null | undefined;
};

/** Why the statistics are needed. */
export type PurposeCategory =
  /** 縣市規劃 */
  | 'COUNTY_PLANNING'
  /** 立法院質詢 */
  | 'LEGISLATIVE_QUESTION'
  | 'OTHER'
  /** 政策達成率 */
  | 'POLICY_ACHIEVEMENT'
  /** 特教評鑑 */
  | 'SPECIAL_EDUCATION_EVALUATION';

export type RegistrationStatus =
  /** 錄取: holds a seat. */
  | 'ADMITTED'
  /** Cancelled by the teacher. */
  | 'CANCELLED'
  /** Removed by the organizer. */
  | 'REMOVED'
  /** 備取: waiting for a seat, in order. */
  | 'WAITLISTED';

/** A reviewer's decision. */
export type ReviewDecision =
  | 'APPROVE'
  | 'REJECT'
  | 'RETURN';

/** A role a user can hold at a unit. */
export type Role =
  /** The commissioning unit: reads everything, decides requests. */
  | 'COMMISSIONER'
  /** A county/city regional center. */
  | 'COUNTY_ADMIN'
  /** Staff of a ministry or K-12 division. */
  | 'DIVISION_ADMIN'
  /** The network's operating team: everything. */
  | 'OPERATOR'
  /** A course-offering unit that is not a school. */
  | 'ORGANIZER'
  /** A school's account holder. */
  | 'SCHOOL_ADMIN'
  /** A teacher. */
  | 'TEACHER';

export type RoleAssignmentInput = {
  role: Role;
  unitId: string;
  userId: string;
};

export type RosterStatus =
  | 'ACTIVE'
  | 'LEFT'
  /** Another school has added them since. */
  | 'MOVED';

export type SessionInput = {
  endsAt: string;
  startsAt: string;
};

/** Where a statement about a teacher's service unit came from. */
export type StatementSource =
  /** A roster import. */
  | 'IMPORT'
  /** A school admin in the console or API. */
  | 'SCHOOL_ADMIN'
  /** A partner sign-in service. */
  | 'SIGN_IN_SERVICE'
  /** The teacher. */
  | 'TEACHER';

export type StatisticsRequestInput = {
  counties?: Array<string>;
  /** At most three; the last one becomes the columns of the table. */
  dimensions: Array<Dimension>;
  measures: Array<Measure>;
  organizerIds?: Array<string>;
  period: PeriodInput;
  purpose: string;
  purposeCategory: PurposeCategory;
  stages?: Array<EducationStage>;
  tags?: Array<string>;
  /** Required with TEACHERS_MEETING_THRESHOLD. */
  threshold?: ThresholdInput | null | undefined;
  /**
   * The unit the request is for: a ministry division (national data),
   * the K-12 Administration or one of its divisions, or a county bureau
   * (the schools it governs).
   */
  unitId: string;
};

export type TeacherFilter = {
  schoolId: string;
  /** Part of the name. */
  search?: string | null | undefined;
  /** Default: active only. */
  status?: Array<RosterStatus> | null | undefined;
};

/** "Teachers with at least `hours` hours (of courses tagged `tag`)". */
export type ThresholdInput = {
  /** In halves, more than zero. */
  hours: number;
  /** A tag code; none: all hours count. */
  tag?: string | null | undefined;
};

/** Which of a school's transfers to list. */
export type TransferDirection =
  /** Teachers the school asked to add. */
  | 'INCOMING'
  /** Teachers of the school whom other schools asked to add. */
  | 'OUTGOING';

/** Where a transfer stands. */
export type TransferStatus =
  /** The teacher is on the new school's roster. */
  | 'CONFIRMED'
  /** The former school or the teacher objected; nothing changed. */
  | 'OBJECTED'
  /** Waiting for the former school, the teacher or the end of the notice. */
  | 'PENDING';

/** Fields left out stay as they are; `expiresAt: null` removes the expiry. */
export type UpdateAnnouncementInput = {
  bodyMarkdown?: string | null | undefined;
  expiresAt?: string | null | undefined;
  id: string;
  pinned?: boolean | null | undefined;
  publishAt?: string | null | undefined;
  title?: string | null | undefined;
};

/** Fields left out stay as they are; `null` clears an optional field. */
export type UpdateContactInput = {
  duty?: string | null | undefined;
  email?: string | null | undefined;
  extension?: string | null | undefined;
  id: string;
  isPublic?: boolean | null | undefined;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  receivesEmail?: boolean | null | undefined;
  sortOrder?: number | null | undefined;
  title?: string | null | undefined;
};

/** What `upsertTeacher` (and [`upsert`]) did. */
export type UpsertOutcome =
  /** A teacher new to the network, with a new personal code. */
  | 'CREATED'
  /**
   * Back on this roster: the school that last had them, and no other
   * school has them now.
   */
  | 'JOINED'
  /**
   * On another school's roster (or last there): a transfer is requested
   * and nothing of the record is shown or changed until the former
   * school or the teacher confirms, or the notice period ends.
   */
  | 'PENDING_TRANSFER'
  /** Already on this roster, nothing different. */
  | 'UNCHANGED'
  /** Already on this roster; fields updated. */
  | 'UPDATED';

export type UpsertTeacherInput = {
  educationStage?: EducationStage | null | undefined;
  email?: string | null | undefined;
  jobTitle?: string | null | undefined;
  name: string;
  /**
   * 身分證統一編號 or resident certificate number; lower case, spaces and
   * hyphens are accepted. Stored only as a keyed hash and a masked form.
   */
  nationalId: string;
  schoolId: string;
};

export type UserFilter = {
  role?: Role | null | undefined;
  /** Substring of the login or display name. */
  search?: string | null | undefined;
  /** Only accounts holding a role at this unit. */
  unitId?: string | null | undefined;
};

export type InputErrorFieldsFragment = { field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> };

export type PageInfoFieldsFragment = { hasNextPage: boolean, endCursor: string | null };

export type UnitSummaryFragment = { id: string, code: string, name: string };

export type UnitAccessFragment = { id: string, code: string, name: string, kind: OrgUnitKind, viewerCan: { readContacts: boolean, editContacts: boolean, readUsers: boolean, manageUsers: boolean, readAudit: boolean, explainPermission: boolean, editCourses: boolean, reviewCourses: boolean, readTeachers: boolean, editTeachers: boolean, readPersonalCodes: boolean, confirmRoster: boolean, grantableRoles: Array<Role> } };

export type ViewerPermissionFlagsFragment = { manageDelegations: boolean, reviewCourses: boolean, readOutbox: boolean, openRosterCampaign: boolean, readRosters: boolean, publishAnnouncements: boolean, readOwnHours: boolean, requestStatistics: boolean, decideStatistics: boolean, readCountyReports: boolean, applyDataExchange: boolean, decideDataExchange: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { viewerPermissions: { manageDelegations: boolean, reviewCourses: boolean, readOutbox: boolean, openRosterCampaign: boolean, readRosters: boolean, publishAnnouncements: boolean, readOwnHours: boolean, requestStatistics: boolean, decideStatistics: boolean, readCountyReports: boolean, applyDataExchange: boolean, decideDataExchange: boolean }, me: { id: string, login: string, displayName: string, email: string | null, roles: Array<{ role: Role, grantedAt: string, unit: { id: string, code: string, name: string, kind: OrgUnitKind, viewerCan: { readContacts: boolean, editContacts: boolean, readUsers: boolean, manageUsers: boolean, readAudit: boolean, explainPermission: boolean, editCourses: boolean, reviewCourses: boolean, readTeachers: boolean, editTeachers: boolean, readPersonalCodes: boolean, confirmRoster: boolean, grantableRoles: Array<Role> } } | null }> } | null };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { expiresAt: string | null, user: { id: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: { ok: boolean } };

export type UnlockSignInMutationVariables = Exact<{
  token: string;
}>;


export type UnlockSignInMutation = { unlockSignIn: { login: string | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type PublicAnnouncementFragment = { id: string, kind: AnnouncementKind, title: string, bodyHtml: string, publishAt: string, expiresAt: string | null, pinned: boolean, unit: { id: string, code: string, name: string } | null, attachments: Array<{ id: string, fileName: string, contentType: string, sizeBytes: number, url: string }> };

export type ManagedAnnouncementFragment = { bodyMarkdown: string, isLive: boolean, createdAt: string, updatedAt: string, id: string, kind: AnnouncementKind, title: string, bodyHtml: string, publishAt: string, expiresAt: string | null, pinned: boolean, viewerCan: { edit: boolean }, unit: { id: string, code: string, name: string } | null, attachments: Array<{ id: string, fileName: string, contentType: string, sizeBytes: number, url: string }> };

export type MarqueeQueryVariables = Exact<{ [key: string]: never; }>;


export type MarqueeQuery = { announcements: { nodes: Array<{ id: string, title: string }> } };

export type AnnouncementFeedQueryVariables = Exact<{
  first: number;
}>;


export type AnnouncementFeedQuery = { news: { totalCount: number, nodes: Array<{ id: string, kind: AnnouncementKind, title: string, bodyHtml: string, publishAt: string, expiresAt: string | null, pinned: boolean, unit: { id: string, code: string, name: string } | null, attachments: Array<{ id: string, fileName: string, contentType: string, sizeBytes: number, url: string }> }> }, bulletin: { totalCount: number, nodes: Array<{ id: string, kind: AnnouncementKind, title: string, bodyHtml: string, publishAt: string, expiresAt: string | null, pinned: boolean, unit: { id: string, code: string, name: string } | null, attachments: Array<{ id: string, fileName: string, contentType: string, sizeBytes: number, url: string }> }> } };

export type AnnouncementsQueryVariables = Exact<{
  kind: AnnouncementKind;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AnnouncementsQuery = { announcements: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, kind: AnnouncementKind, title: string, bodyHtml: string, publishAt: string, expiresAt: string | null, pinned: boolean, unit: { id: string, code: string, name: string } | null, attachments: Array<{ id: string, fileName: string, contentType: string, sizeBytes: number, url: string }> }> } };

export type ManagedAnnouncementsQueryVariables = Exact<{
  kind?: AnnouncementKind | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ManagedAnnouncementsQuery = { managedAnnouncements: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ bodyMarkdown: string, isLive: boolean, createdAt: string, updatedAt: string, id: string, kind: AnnouncementKind, title: string, bodyHtml: string, publishAt: string, expiresAt: string | null, pinned: boolean, viewerCan: { edit: boolean }, unit: { id: string, code: string, name: string } | null, attachments: Array<{ id: string, fileName: string, contentType: string, sizeBytes: number, url: string }> }> } };

export type CreateAnnouncementMutationVariables = Exact<{
  input: CreateAnnouncementInput;
}>;


export type CreateAnnouncementMutation = { createAnnouncement: { announcement: { bodyMarkdown: string, isLive: boolean, createdAt: string, updatedAt: string, id: string, kind: AnnouncementKind, title: string, bodyHtml: string, publishAt: string, expiresAt: string | null, pinned: boolean, viewerCan: { edit: boolean }, unit: { id: string, code: string, name: string } | null, attachments: Array<{ id: string, fileName: string, contentType: string, sizeBytes: number, url: string }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type UpdateAnnouncementMutationVariables = Exact<{
  input: UpdateAnnouncementInput;
}>;


export type UpdateAnnouncementMutation = { updateAnnouncement: { announcement: { bodyMarkdown: string, isLive: boolean, createdAt: string, updatedAt: string, id: string, kind: AnnouncementKind, title: string, bodyHtml: string, publishAt: string, expiresAt: string | null, pinned: boolean, viewerCan: { edit: boolean }, unit: { id: string, code: string, name: string } | null, attachments: Array<{ id: string, fileName: string, contentType: string, sizeBytes: number, url: string }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type DeleteAnnouncementMutationVariables = Exact<{
  id: string;
}>;


export type DeleteAnnouncementMutation = { deleteAnnouncement: { deletedId: string | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type DeleteAttachmentMutationVariables = Exact<{
  id: string;
}>;


export type DeleteAttachmentMutation = { deleteAttachment: { deletedId: string | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type AuditLogQueryVariables = Exact<{
  filter?: AuditFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: number, at: string, actorId: string | null, actorLogin: string | null, action: string, outcome: string, targetType: string | null, targetId: string | null, requestId: string | null, ip: string | null, changes: unknown, detail: string | null, count: number, unit: { id: string, code: string, name: string } | null }> } };

export type AuditChoicesQueryVariables = Exact<{
  unitCode: string;
  hasUnit: boolean;
}>;


export type AuditChoicesQuery = { users: { nodes: Array<{ id: string, login: string, displayName: string }> }, unit?: { id: string, code: string, name: string } | null };

export type ContactFieldsFragment = { id: string, name: string, title: string | null, phone: string | null, extension: string | null, email: string | null, duty: string | null, isPublic: boolean, sortOrder: number, updatedAt: string, confirmedAt: string | null, receivesEmail: boolean, emailSuppressed: { at: string, reason: string | null } | null, lastEmail: { id: string, status: OutboxStatus, subject: string, attempts: number, createdAt: string, sentAt: string | null, lastError: string | null } | null, viewerCan: { edit: boolean } };

export type UnitContactsQueryVariables = Exact<{
  code: string;
}>;


export type UnitContactsQuery = { orgUnit: { id: string, code: string, name: string, kind: OrgUnitKind, contactsConfirmedAt: string | null, parent: { code: string, name: string } | null, viewerCan: { readContacts: boolean, editContacts: boolean, readUsers: boolean, readTeachers: boolean }, contacts: Array<{ id: string, name: string, title: string | null, phone: string | null, extension: string | null, email: string | null, duty: string | null, isPublic: boolean, sortOrder: number, updatedAt: string, confirmedAt: string | null, receivesEmail: boolean, emailSuppressed: { at: string, reason: string | null } | null, lastEmail: { id: string, status: OutboxStatus, subject: string, attempts: number, createdAt: string, sentAt: string | null, lastError: string | null } | null, viewerCan: { edit: boolean } }> } | null };

export type CreateContactMutationVariables = Exact<{
  input: CreateContactInput;
}>;


export type CreateContactMutation = { createContact: { contact: { id: string, name: string, title: string | null, phone: string | null, extension: string | null, email: string | null, duty: string | null, isPublic: boolean, sortOrder: number, updatedAt: string, confirmedAt: string | null, receivesEmail: boolean, emailSuppressed: { at: string, reason: string | null } | null, lastEmail: { id: string, status: OutboxStatus, subject: string, attempts: number, createdAt: string, sentAt: string | null, lastError: string | null } | null, viewerCan: { edit: boolean } } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type UpdateContactMutationVariables = Exact<{
  input: UpdateContactInput;
}>;


export type UpdateContactMutation = { updateContact: { contact: { id: string, name: string, title: string | null, phone: string | null, extension: string | null, email: string | null, duty: string | null, isPublic: boolean, sortOrder: number, updatedAt: string, confirmedAt: string | null, receivesEmail: boolean, emailSuppressed: { at: string, reason: string | null } | null, lastEmail: { id: string, status: OutboxStatus, subject: string, attempts: number, createdAt: string, sentAt: string | null, lastError: string | null } | null, viewerCan: { edit: boolean } } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type DeleteContactMutationVariables = Exact<{
  id: string;
}>;


export type DeleteContactMutation = { deleteContact: { deletedId: string | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type ReorderContactsMutationVariables = Exact<{
  unitId: string;
  contactIds: Array<string> | string;
}>;


export type ReorderContactsMutation = { reorderContacts: { unit: { id: string, contacts: Array<{ id: string, name: string, title: string | null, phone: string | null, extension: string | null, email: string | null, duty: string | null, isPublic: boolean, sortOrder: number, updatedAt: string, confirmedAt: string | null, receivesEmail: boolean, emailSuppressed: { at: string, reason: string | null } | null, lastEmail: { id: string, status: OutboxStatus, subject: string, attempts: number, createdAt: string, sentAt: string | null, lastError: string | null } | null, viewerCan: { edit: boolean } }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type ConfirmContactsMutationVariables = Exact<{
  unitId: string;
}>;


export type ConfirmContactsMutation = { confirmContacts: { unit: { id: string, contactsConfirmedAt: string | null, contacts: Array<{ id: string, name: string, title: string | null, phone: string | null, extension: string | null, email: string | null, duty: string | null, isPublic: boolean, sortOrder: number, updatedAt: string, confirmedAt: string | null, receivesEmail: boolean, emailSuppressed: { at: string, reason: string | null } | null, lastEmail: { id: string, status: OutboxStatus, subject: string, attempts: number, createdAt: string, sentAt: string | null, lastError: string | null } | null, viewerCan: { edit: boolean } }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type CourseCodeFieldsFragment = { code: string, name: string, nameEn: string };

export type CourseCodeListsQueryVariables = Exact<{ [key: string]: never; }>;


export type CourseCodeListsQuery = { natures: Array<{ code: string, name: string, nameEn: string }>, categories: Array<{ code: string, name: string, nameEn: string }>, tags: Array<{ code: string, name: string, nameEn: string }>, audienceRoles: Array<{ code: string, name: string, nameEn: string }> };

export type CourseSummaryFragment = { id: string, code: string | null, title: string, status: CourseStatus, mode: CourseMode, venue: string | null, startsAt: string, endsAt: string, hours: number, capacity: number, seatsLeft: number, registrationOpen: boolean, registrationOpensAt: string, registrationClosesAt: string, organizer: { id: string, code: string, name: string } | null };

export type CourseSearchQueryVariables = Exact<{
  filter: CourseFilter;
  orderBy: CourseOrder;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CourseSearchQuery = { courses: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, code: string | null, title: string, status: CourseStatus, mode: CourseMode, venue: string | null, startsAt: string, endsAt: string, hours: number, capacity: number, seatsLeft: number, registrationOpen: boolean, registrationOpensAt: string, registrationClosesAt: string, tags: Array<{ code: string, name: string, nameEn: string }>, viewerCan: { edit: boolean, submit: boolean, cancel: boolean, readRegistrations: boolean }, organizer: { id: string, code: string, name: string } | null }> } };

export type CourseDetailFieldsFragment = { description: string, url: string | null, onsiteRegistration: boolean, submittedAt: string | null, daysWaiting: number | null, decidedAt: string | null, createdAt: string, updatedAt: string, id: string, code: string | null, title: string, status: CourseStatus, mode: CourseMode, venue: string | null, startsAt: string, endsAt: string, hours: number, capacity: number, seatsLeft: number, registrationOpen: boolean, registrationOpensAt: string, registrationClosesAt: string, nature: { code: string, name: string, nameEn: string } | null, category: { code: string, name: string, nameEn: string } | null, tags: Array<{ code: string, name: string, nameEn: string }>, audience: { stages: Array<EducationStage>, countyCodes: Array<string>, roles: Array<{ code: string, name: string, nameEn: string }> }, sessions: Array<{ startsAt: string, endsAt: string }>, reviewAuthority: { id: string, code: string, name: string } | null, reviewer: { id: string, code: string, name: string } | null, viewerCan: { edit: boolean, submit: boolean, cancel: boolean, complete: boolean, review: boolean, readHistory: boolean, register: boolean, readRegistrations: boolean, grantHours: boolean }, viewerRegistration: { id: string, status: RegistrationStatus, channel: Channel, registeredAt: string, admittedAt: string | null, waitlistPosition: number | null, viewerCan: { cancel: boolean } } | null, organizer: { id: string, code: string, name: string } | null };

export type CourseDetailQueryVariables = Exact<{
  id?: string | null | undefined;
  code?: string | null | undefined;
}>;


export type CourseDetailQuery = { course: { description: string, url: string | null, onsiteRegistration: boolean, submittedAt: string | null, daysWaiting: number | null, decidedAt: string | null, createdAt: string, updatedAt: string, id: string, code: string | null, title: string, status: CourseStatus, mode: CourseMode, venue: string | null, startsAt: string, endsAt: string, hours: number, capacity: number, seatsLeft: number, registrationOpen: boolean, registrationOpensAt: string, registrationClosesAt: string, nature: { code: string, name: string, nameEn: string } | null, category: { code: string, name: string, nameEn: string } | null, tags: Array<{ code: string, name: string, nameEn: string }>, audience: { stages: Array<EducationStage>, countyCodes: Array<string>, roles: Array<{ code: string, name: string, nameEn: string }> }, sessions: Array<{ startsAt: string, endsAt: string }>, reviewAuthority: { id: string, code: string, name: string } | null, reviewer: { id: string, code: string, name: string } | null, viewerCan: { edit: boolean, submit: boolean, cancel: boolean, complete: boolean, review: boolean, readHistory: boolean, register: boolean, readRegistrations: boolean, grantHours: boolean }, viewerRegistration: { id: string, status: RegistrationStatus, channel: Channel, registeredAt: string, admittedAt: string | null, waitlistPosition: number | null, viewerCan: { cancel: boolean } } | null, organizer: { id: string, code: string, name: string } | null } | null };

export type CourseDuplicateFieldsFragment = { kind: DuplicateKind, similarity: number, course: { id: string, code: string | null, title: string, status: CourseStatus, startsAt: string, endsAt: string, organizer: { id: string, name: string } | null } | null };

export type CourseInsiderQueryVariables = Exact<{
  id: string;
}>;


export type CourseInsiderQuery = { course: { id: string, duplicateReason: string | null, duplicates: Array<{ kind: DuplicateKind, similarity: number, course: { id: string, code: string | null, title: string, status: CourseStatus, startsAt: string, endsAt: string, organizer: { id: string, name: string } | null } | null }>, history: Array<{ fromStatus: CourseStatus | null, toStatus: CourseStatus, at: string, actorLogin: string | null, reason: string | null, reviewer: { id: string, name: string } | null }>, changesSinceLastReview: Array<{ field: string, before: string | null, after: string | null }> } | null };

export type CourseUnitQueryVariables = Exact<{
  code: string;
}>;


export type CourseUnitQuery = { orgUnit: { id: string, code: string, name: string, kind: OrgUnitKind, viewerCan: { editCourses: boolean } } | null };

export type CreateCourseMutationVariables = Exact<{
  organizerId: string;
  input: CourseInput;
}>;


export type CreateCourseMutation = { createCourse: { course: { id: string, title: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type UpdateCourseMutationVariables = Exact<{
  id: string;
  input: CourseInput;
}>;


export type UpdateCourseMutation = { updateCourse: { course: { id: string, title: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type SubmitCourseMutationVariables = Exact<{
  id: string;
  duplicateReason?: string | null | undefined;
}>;


export type SubmitCourseMutation = { submitCourse: { course: { id: string, code: string | null, title: string, status: CourseStatus, reviewer: { id: string, name: string } | null } | null, duplicates: Array<{ kind: DuplicateKind, similarity: number, course: { id: string, code: string | null, title: string, status: CourseStatus, startsAt: string, endsAt: string, organizer: { id: string, name: string } | null } | null }>, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type CancelCourseMutationVariables = Exact<{
  id: string;
  reason: string;
}>;


export type CancelCourseMutation = { cancelCourse: { course: { id: string, status: CourseStatus } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type CompleteCourseMutationVariables = Exact<{
  id: string;
}>;


export type CompleteCourseMutation = { completeCourse: { course: { id: string, status: CourseStatus } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type DelegationFieldsFragment = { id: string, validFrom: string | null, validTo: string | null, isActive: boolean, note: string | null, createdAt: string, createdByLogin: string | null, endedAt: string | null, endReason: string | null, authority: { id: string, code: string, name: string } | null, delegate: { id: string, code: string, name: string } | null };

export type ReviewDelegationsQueryVariables = Exact<{
  includeEnded: boolean;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReviewDelegationsQuery = { reviewDelegations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, validFrom: string | null, validTo: string | null, isActive: boolean, note: string | null, createdAt: string, createdByLogin: string | null, endedAt: string | null, endReason: string | null, authority: { id: string, code: string, name: string } | null, delegate: { id: string, code: string, name: string } | null }> } };

export type DelegationUnitsQueryVariables = Exact<{
  kinds?: Array<OrgUnitKind> | OrgUnitKind | null | undefined;
}>;


export type DelegationUnitsQuery = { orgUnits: { nodes: Array<{ id: string, code: string, name: string, kind: OrgUnitKind }> } };

export type SetReviewDelegationMutationVariables = Exact<{
  authorityId: string;
  delegateUnitId: string;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
  note?: string | null | undefined;
}>;


export type SetReviewDelegationMutation = { setReviewDelegation: { pendingMoved: number, delegation: { id: string, validFrom: string | null, validTo: string | null, isActive: boolean, note: string | null, createdAt: string, createdByLogin: string | null, endedAt: string | null, endReason: string | null, authority: { id: string, code: string, name: string } | null, delegate: { id: string, code: string, name: string } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type EndReviewDelegationMutationVariables = Exact<{
  id: string;
  reason?: string | null | undefined;
}>;


export type EndReviewDelegationMutation = { endReviewDelegation: { pendingMoved: number, delegation: { id: string, validFrom: string | null, validTo: string | null, isActive: boolean, note: string | null, createdAt: string, createdByLogin: string | null, endedAt: string | null, endReason: string | null, authority: { id: string, code: string, name: string } | null, delegate: { id: string, code: string, name: string } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type ReviewQueueQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReviewQueueQuery = { reviewQueue: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ submittedAt: string | null, daysWaiting: number | null, id: string, code: string | null, title: string, status: CourseStatus, mode: CourseMode, venue: string | null, startsAt: string, endsAt: string, hours: number, capacity: number, seatsLeft: number, registrationOpen: boolean, registrationOpensAt: string, registrationClosesAt: string, reviewer: { id: string, name: string } | null, organizer: { id: string, code: string, name: string } | null }> } };

export type ReviewCourseMutationVariables = Exact<{
  id: string;
  decision: ReviewDecision;
  reason?: string | null | undefined;
}>;


export type ReviewCourseMutation = { reviewCourse: { messagesQueued: number, course: { id: string, code: string | null, title: string, status: CourseStatus } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type DirectoryQueryVariables = Exact<{
  filter?: DirectoryFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DirectoryQuery = { directory: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ unit: { id: string, code: string, name: string, kind: OrgUnitKind, parent: { name: string } | null }, contacts: Array<{ id: string, name: string, title: string | null, phone: string | null, extension: string | null, email: string | null, duty: string | null }> }> } };

export type HoursCourseQueryVariables = Exact<{
  id: string;
}>;


export type HoursCourseQuery = { course: { id: string, code: string | null, title: string, status: CourseStatus, hours: number, startsAt: string, endsAt: string, organizer: { id: string, code: string, name: string } | null, viewerCan: { readRegistrations: boolean, grantHours: boolean } } | null };

export type HoursRegistrantsQueryVariables = Exact<{
  courseId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HoursRegistrantsQuery = { registrations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, teacherName: string, personalCode: string | null, school: { id: string, name: string } | null }> } };

export type HoursPayloadFieldsFragment = { format: string | null, newCount: number, correctedCount: number, unchangedCount: number, errorCount: number, committed: boolean, rows: Array<{ line: number, personalCode: string, teacherName: string | null, hours: number | null, previousHours: number | null, outcome: HoursOutcome, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> }>, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> };

export type GrantHoursMutationVariables = Exact<{
  courseId: string;
  entries: Array<HoursEntryInput> | HoursEntryInput;
}>;


export type GrantHoursMutation = { grantHours: { format: string | null, newCount: number, correctedCount: number, unchangedCount: number, errorCount: number, committed: boolean, rows: Array<{ line: number, personalCode: string, teacherName: string | null, hours: number | null, previousHours: number | null, outcome: HoursOutcome, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> }>, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type UploadHoursMutationVariables = Exact<{
  courseId: string;
  file: unknown;
  dryRun: boolean;
}>;


export type UploadHoursMutation = { uploadHours: { format: string | null, newCount: number, correctedCount: number, unchangedCount: number, errorCount: number, committed: boolean, rows: Array<{ line: number, personalCode: string, teacherName: string | null, hours: number | null, previousHours: number | null, outcome: HoursOutcome, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> }>, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type HourEntryFieldsFragment = { id: string, kind: HourEntryKind, hours: number, teacherName: string, personalCode: string, reason: string | null, issuedByLogin: string | null, issuedAt: string, revoked: boolean, revokesId: string | null };

export type HourEntriesQueryVariables = Exact<{
  courseId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HourEntriesQuery = { hourEntries: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, kind: HourEntryKind, hours: number, teacherName: string, personalCode: string, reason: string | null, issuedByLogin: string | null, issuedAt: string, revoked: boolean, revokesId: string | null }> } };

export type RevokeHoursMutationVariables = Exact<{
  grantId: string;
  reason: string;
}>;


export type RevokeHoursMutation = { revokeHours: { entry: { id: string, kind: HourEntryKind, hours: number, teacherName: string, personalCode: string, reason: string | null, issuedByLogin: string | null, issuedAt: string, revoked: boolean, revokesId: string | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type MyHoursQueryVariables = Exact<{
  schoolYear?: number | null | undefined;
  calendarYear?: number | null | undefined;
}>;


export type MyHoursQuery = { hoursSummary: { teacherName: string, period: string, totalHours: number, transcriptUrl: string, courses: Array<{ hours: number, course: { id: string, code: string | null, title: string, endsAt: string, organizer: { id: string, name: string } | null, tags: Array<{ code: string, name: string, nameEn: string }> } }>, byTag: Array<{ hours: number, tag: { code: string, name: string, nameEn: string } }> } };

export type OutboxMessageFieldsFragment = { id: string, template: string, to: string, toName: string | null, subject: string, status: OutboxStatus, attempts: number, nextAttemptAt: string | null, lastError: string | null, sentAt: string | null, createdAt: string, unit: { id: string, code: string, name: string } | null, deliveryAttempts: Array<{ at: string, outcome: string, smtpCode: number | null, detail: string | null }>, viewerCan: { retry: boolean } };

export type OutboxQueryVariables = Exact<{
  filter?: OutboxFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OutboxQuery = { outbox: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, template: string, to: string, toName: string | null, subject: string, status: OutboxStatus, attempts: number, nextAttemptAt: string | null, lastError: string | null, sentAt: string | null, createdAt: string, unit: { id: string, code: string, name: string } | null, deliveryAttempts: Array<{ at: string, outcome: string, smtpCode: number | null, detail: string | null }>, viewerCan: { retry: boolean } }> } };

export type RetryEmailMutationVariables = Exact<{
  id: string;
}>;


export type RetryEmailMutation = { retryEmail: { message: { id: string, template: string, to: string, toName: string | null, subject: string, status: OutboxStatus, attempts: number, nextAttemptAt: string | null, lastError: string | null, sentAt: string | null, createdAt: string, unit: { id: string, code: string, name: string } | null, deliveryAttempts: Array<{ at: string, outcome: string, smtpCode: number | null, detail: string | null }>, viewerCan: { retry: boolean } } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type PublicUnitQueryVariables = Exact<{
  code: string;
}>;


export type PublicUnitQuery = { orgUnit: { id: string, code: string, name: string, kind: OrgUnitKind, district: string | null, contactsConfirmedAt: string | null, parent: { code: string, name: string } | null, contacts: Array<{ id: string, name: string, title: string | null, phone: string | null, extension: string | null, email: string | null, duty: string | null, isPublic: boolean }>, viewerCan: { editContacts: boolean } } | null };

export type OwnRegistrationFieldsFragment = { id: string, status: RegistrationStatus, channel: Channel, registeredAt: string, admittedAt: string | null, waitlistPosition: number | null, viewerCan: { cancel: boolean } };

export type RegisterMutationVariables = Exact<{
  courseId: string;
}>;


export type RegisterMutation = { register: { registration: { id: string, status: RegistrationStatus, channel: Channel, registeredAt: string, admittedAt: string | null, waitlistPosition: number | null, viewerCan: { cancel: boolean } } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type CancelRegistrationMutationVariables = Exact<{
  courseId: string;
}>;


export type CancelRegistrationMutation = { cancelRegistration: { registration: { id: string, status: RegistrationStatus } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type RegistrationCourseQueryVariables = Exact<{
  id: string;
}>;


export type RegistrationCourseQuery = { course: { id: string, code: string | null, title: string, status: CourseStatus, capacity: number, seatsLeft: number, onsiteRegistration: boolean, startsAt: string, endsAt: string, organizer: { id: string, code: string, name: string } | null, viewerCan: { readRegistrations: boolean, manageRegistrations: boolean, registerOnsite: boolean, grantHours: boolean } } | null };

export type RegistrationFieldsFragment = { id: string, status: RegistrationStatus, channel: Channel, teacherName: string, personalCode: string | null, countyName: string | null, district: string | null, registeredAt: string, admittedAt: string | null, endedAt: string | null, endReason: string | null, waitlistPosition: number | null, school: { id: string, code: string, name: string } | null, viewerCan: { admit: boolean, remove: boolean } };

export type RegistrationsQueryVariables = Exact<{
  courseId: string;
  status?: Array<RegistrationStatus> | RegistrationStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RegistrationsQuery = { registrations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, status: RegistrationStatus, channel: Channel, teacherName: string, personalCode: string | null, countyName: string | null, district: string | null, registeredAt: string, admittedAt: string | null, endedAt: string | null, endReason: string | null, waitlistPosition: number | null, school: { id: string, code: string, name: string } | null, viewerCan: { admit: boolean, remove: boolean } }> } };

export type LookupRegistrantQueryVariables = Exact<{
  courseId: string;
  personalCode: string;
}>;


export type LookupRegistrantQuery = { lookupRegistrant: { maskedName: string | null, schoolName: string | null, registrationStatus: RegistrationStatus | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type RegisterOnsiteMutationVariables = Exact<{
  courseId: string;
  personalCode: string;
}>;


export type RegisterOnsiteMutation = { registerOnsite: { registration: { id: string, status: RegistrationStatus, channel: Channel, teacherName: string, personalCode: string | null, countyName: string | null, district: string | null, registeredAt: string, admittedAt: string | null, endedAt: string | null, endReason: string | null, waitlistPosition: number | null, school: { id: string, code: string, name: string } | null, viewerCan: { admit: boolean, remove: boolean } } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type AdmitRegistrationMutationVariables = Exact<{
  id: string;
}>;


export type AdmitRegistrationMutation = { admitRegistration: { registration: { id: string, status: RegistrationStatus, teacherName: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type RemoveRegistrationMutationVariables = Exact<{
  id: string;
  reason: string;
}>;


export type RemoveRegistrationMutation = { removeRegistration: { registration: { id: string, status: RegistrationStatus, teacherName: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type SignInSheetQueryVariables = Exact<{
  courseId: string;
}>;


export type SignInSheetQuery = { signInSheet: { organizerName: string, sessionLines: Array<string>, place: string, xlsxUrl: string, course: { id: string, code: string | null, title: string }, rows: Array<{ number: number, countyName: string | null, district: string | null, schoolName: string | null, teacherName: string, personalCode: string | null }> } };

export type RosterSchoolFieldsFragment = { confirmedAt: string | null, lastEmailAt: string | null, unit: { id: string, code: string, name: string, district: string | null }, viewerCan: { remind: boolean } };

export type RosterCampaignQueryVariables = Exact<{
  schoolYear: number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RosterCampaignQuery = { rosterCampaign: { schoolYear: number, deadline: string, openedAt: string, viewerCan: { followProgress: boolean, remind: boolean }, progress: { total: number, confirmed: number, ratio: number }, schools: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ confirmedAt: string | null, lastEmailAt: string | null, unit: { id: string, code: string, name: string, district: string | null }, viewerCan: { remind: boolean } }> } } | null };

export type RosterProgressQueryVariables = Exact<{
  schoolYear: number;
}>;


export type RosterProgressQuery = { rosterCampaign: { schoolYear: number, progress: { total: number, confirmed: number, ratio: number } } | null };

export type OpenRosterCampaignMutationVariables = Exact<{
  schoolYear: number;
  deadline: string;
}>;


export type OpenRosterCampaignMutation = { openRosterCampaign: { messagesQueued: number, campaign: { schoolYear: number, deadline: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type ConfirmRosterMutationVariables = Exact<{
  unitId: string;
  schoolYear: number;
}>;


export type ConfirmRosterMutation = { confirmRoster: { messagesQueued: number, school: { confirmedAt: string | null, lastEmailAt: string | null, unit: { id: string, code: string, name: string, district: string | null }, viewerCan: { remind: boolean } } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type SendRosterReminderMutationVariables = Exact<{
  unitId: string;
  schoolYear: number;
}>;


export type SendRosterReminderMutation = { sendRosterReminder: { messagesQueued: number, school: { confirmedAt: string | null, lastEmailAt: string | null, unit: { id: string, code: string, name: string, district: string | null }, viewerCan: { remind: boolean } } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type CountyReportQueryVariables = Exact<{
  unitId: string;
  period: PeriodInput;
}>;


export type CountyReportQuery = { countyReport: { unitName: string, period: string, rows: Array<{ courseId: string, courseCode: string | null, title: string, startsOn: string, endsOn: string, organizer: string, stage: EducationStage | null, participants: number, teachersGranted: number, hoursGranted: number }>, downloads: Array<{ format: DownloadFormat, url: string, expiresAt: string | null }> } };

export type CountyReportUnitsQueryVariables = Exact<{ [key: string]: never; }>;


export type CountyReportUnitsQuery = { orgUnits: { nodes: Array<{ id: string, code: string, name: string, kind: OrgUnitKind }> } };

export type DataExchangeSummaryFragment = { id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, requesterName: string, periodFrom: string, periodTo: string, validUntil: string, createdAt: string, unit: { id: string, code: string, name: string } | null };

export type DataExchangesQueryVariables = Exact<{
  filter: ApplicationFilter;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DataExchangesQuery = { dataExchanges: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, requesterName: string, periodFrom: string, periodTo: string, validUntil: string, createdAt: string, unit: { id: string, code: string, name: string } | null }> } };

export type DataExchangeDetailFragment = { rowCount: number | null, expiresAt: string | null, error: string | null, decidedByName: string | null, decidedAt: string | null, decisionReason: string | null, completedAt: string | null, id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, requesterName: string, periodFrom: string, periodTo: string, validUntil: string, createdAt: string, downloads: Array<{ format: DownloadFormat, url: string, expiresAt: string | null }>, transitions: Array<{ fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus, actorLogin: string | null, reason: string | null, at: string }>, viewerCan: { decide: boolean, download: boolean }, unit: { id: string, code: string, name: string } | null };

export type DataExchangeQueryVariables = Exact<{
  id: string;
}>;


export type DataExchangeQuery = { dataExchange: { rowCount: number | null, expiresAt: string | null, error: string | null, decidedByName: string | null, decidedAt: string | null, decisionReason: string | null, completedAt: string | null, id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, requesterName: string, periodFrom: string, periodTo: string, validUntil: string, createdAt: string, downloads: Array<{ format: DownloadFormat, url: string, expiresAt: string | null }>, transitions: Array<{ fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus, actorLogin: string | null, reason: string | null, at: string }>, viewerCan: { decide: boolean, download: boolean }, unit: { id: string, code: string, name: string } | null } | null };

export type ApplyDataExchangeMutationVariables = Exact<{
  input: DataExchangeInput;
}>;


export type ApplyDataExchangeMutation = { applyDataExchange: { dataExchange: { id: string, number: number } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type DecideDataExchangeMutationVariables = Exact<{
  id: string;
  approve: boolean;
  reason?: string | null | undefined;
}>;


export type DecideDataExchangeMutation = { decideDataExchange: { dataExchange: { rowCount: number | null, expiresAt: string | null, error: string | null, decidedByName: string | null, decidedAt: string | null, decisionReason: string | null, completedAt: string | null, id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, requesterName: string, periodFrom: string, periodTo: string, validUntil: string, createdAt: string, downloads: Array<{ format: DownloadFormat, url: string, expiresAt: string | null }>, transitions: Array<{ fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus, actorLogin: string | null, reason: string | null, at: string }>, viewerCan: { decide: boolean, download: boolean }, unit: { id: string, code: string, name: string } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type ApplicationTransitionFieldsFragment = { fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus, actorLogin: string | null, reason: string | null, at: string };

export type DownloadFieldsFragment = { format: DownloadFormat, url: string, expiresAt: string | null };

export type StatisticsRequestSummaryFragment = { id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, purposeCategory: PurposeCategory, requesterName: string, createdAt: string, unit: { id: string, code: string, name: string } | null };

export type StatisticsRequestsQueryVariables = Exact<{
  filter: ApplicationFilter;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type StatisticsRequestsQuery = { statisticsRequests: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, purposeCategory: PurposeCategory, requesterName: string, createdAt: string, unit: { id: string, code: string, name: string } | null }> } };

export type StatisticsRequestDetailFragment = { k: number, expiresAt: string | null, error: string | null, decidedByName: string | null, decidedAt: string | null, decisionReason: string | null, completedAt: string | null, id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, purposeCategory: PurposeCategory, requesterName: string, createdAt: string, spec: { counties: Array<string>, stages: Array<EducationStage>, tags: Array<string>, organizerIds: Array<string>, dimensions: Array<Dimension>, measures: Array<Measure>, period: { schoolYear: number | null, calendarYear: number | null, from: string | null, to: string | null }, threshold: { tag: string | null, hours: number } | null }, result: { suppressed: number, k: number, columns: Array<{ key: string, label: string, kind: ColumnKind }>, rows: Array<{ cells: Array<string | null>, total: boolean }> } | null, downloads: Array<{ format: DownloadFormat, url: string, expiresAt: string | null }>, transitions: Array<{ fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus, actorLogin: string | null, reason: string | null, at: string }>, viewerCan: { decide: boolean, download: boolean }, unit: { id: string, code: string, name: string } | null };

export type StatisticsRequestQueryVariables = Exact<{
  id: string;
}>;


export type StatisticsRequestQuery = { statisticsRequest: { k: number, expiresAt: string | null, error: string | null, decidedByName: string | null, decidedAt: string | null, decisionReason: string | null, completedAt: string | null, id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, purposeCategory: PurposeCategory, requesterName: string, createdAt: string, spec: { counties: Array<string>, stages: Array<EducationStage>, tags: Array<string>, organizerIds: Array<string>, dimensions: Array<Dimension>, measures: Array<Measure>, period: { schoolYear: number | null, calendarYear: number | null, from: string | null, to: string | null }, threshold: { tag: string | null, hours: number } | null }, result: { suppressed: number, k: number, columns: Array<{ key: string, label: string, kind: ColumnKind }>, rows: Array<{ cells: Array<string | null>, total: boolean }> } | null, downloads: Array<{ format: DownloadFormat, url: string, expiresAt: string | null }>, transitions: Array<{ fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus, actorLogin: string | null, reason: string | null, at: string }>, viewerCan: { decide: boolean, download: boolean }, unit: { id: string, code: string, name: string } | null } | null };

export type StatisticsTagsQueryVariables = Exact<{ [key: string]: never; }>;


export type StatisticsTagsQuery = { tags: Array<{ code: string, name: string, nameEn: string }> };

export type RequestStatisticsMutationVariables = Exact<{
  input: StatisticsRequestInput;
}>;


export type RequestStatisticsMutation = { requestStatistics: { request: { id: string, number: number } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type DecideStatisticsRequestMutationVariables = Exact<{
  id: string;
  approve: boolean;
  reason?: string | null | undefined;
  k?: number | null | undefined;
}>;


export type DecideStatisticsRequestMutation = { decideStatisticsRequest: { request: { k: number, expiresAt: string | null, error: string | null, decidedByName: string | null, decidedAt: string | null, decisionReason: string | null, completedAt: string | null, id: string, number: number, status: ApplicationStatus, progress: number, purpose: string, purposeCategory: PurposeCategory, requesterName: string, createdAt: string, spec: { counties: Array<string>, stages: Array<EducationStage>, tags: Array<string>, organizerIds: Array<string>, dimensions: Array<Dimension>, measures: Array<Measure>, period: { schoolYear: number | null, calendarYear: number | null, from: string | null, to: string | null }, threshold: { tag: string | null, hours: number } | null }, result: { suppressed: number, k: number, columns: Array<{ key: string, label: string, kind: ColumnKind }>, rows: Array<{ cells: Array<string | null>, total: boolean }> } | null, downloads: Array<{ format: DownloadFormat, url: string, expiresAt: string | null }>, transitions: Array<{ fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus, actorLogin: string | null, reason: string | null, at: string }>, viewerCan: { decide: boolean, download: boolean }, unit: { id: string, code: string, name: string } | null } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type ImportTeachersMutationVariables = Exact<{
  schoolId: string;
  file: unknown;
  dryRun: boolean;
}>;


export type ImportTeachersMutation = { importTeachers: { report: { format: string, newCount: number, joinedCount: number, pendingTransferCount: number, updatedCount: number, unchangedCount: number, errorCount: number, committed: boolean, rows: Array<{ line: number, outcome: ImportOutcome, name: string, nationalIdMasked: string | null, errors: Array<{ column: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type ServiceStatementFieldsFragment = { source: StatementSource, statedAt: string, recordedAt: string, unit: { id: string, code: string, name: string } | null };

export type ServiceConflictsQueryVariables = Exact<{
  schoolId: string;
}>;


export type ServiceConflictsQuery = { serviceConflicts: Array<{ kind: ConflictKind, rosterStatus: RosterStatus | null, teacher: { id: string, name: string, nationalIdMasked: string }, statement: { source: StatementSource, statedAt: string, recordedAt: string, unit: { id: string, code: string, name: string } | null } }> };

export type ResolveServiceConflictMutationVariables = Exact<{
  schoolId: string;
  teacherId: string;
  accept: boolean;
}>;


export type ResolveServiceConflictMutation = { resolveServiceConflict: { rosterChanged: boolean, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type MyServiceUnitQueryVariables = Exact<{ [key: string]: never; }>;


export type MyServiceUnitQuery = { me: { id: string, teacher: { id: string, name: string, school: { id: string, code: string, name: string } | null, serviceHistory: Array<{ source: StatementSource, statedAt: string, recordedAt: string, unit: { id: string, code: string, name: string } | null }> } | null } | null };

export type StateServiceUnitMutationVariables = Exact<{
  unitId?: string | null | undefined;
  since?: string | null | undefined;
}>;


export type StateServiceUnitMutation = { stateServiceUnit: { recorded: number, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type ServiceUnitSearchQueryVariables = Exact<{
  search: string;
  first?: number | null | undefined;
}>;


export type ServiceUnitSearchQuery = { orgUnits: { totalCount: number, nodes: Array<{ id: string, code: string, name: string, kind: OrgUnitKind, parent: { name: string } | null }> } };

export type RosterEntryFieldsFragment = { status: RosterStatus, educationStage: EducationStage | null, jobTitle: string | null, joinedAt: string, leftAt: string | null, teacher: { id: string, name: string, email: string | null, nationalIdMasked: string, personalCode: string | null, school: { id: string, code: string, name: string } | null, serviceHistory: Array<{ source: StatementSource, statedAt: string, recordedAt: string, unit: { id: string, code: string, name: string } | null }> } };

export type TeacherSchoolQueryVariables = Exact<{
  code: string;
}>;


export type TeacherSchoolQuery = { orgUnit: { id: string, code: string, name: string, kind: OrgUnitKind, parent: { code: string, name: string } | null, viewerCan: { editTeachers: boolean, readPersonalCodes: boolean } } | null };

export type TeachersQueryVariables = Exact<{
  filter: TeacherFilter;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TeachersQuery = { teachers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ status: RosterStatus, educationStage: EducationStage | null, jobTitle: string | null, joinedAt: string, leftAt: string | null, teacher: { id: string, name: string, email: string | null, nationalIdMasked: string, personalCode: string | null, school: { id: string, code: string, name: string } | null, serviceHistory: Array<{ source: StatementSource, statedAt: string, recordedAt: string, unit: { id: string, code: string, name: string } | null }> } }> } };

export type UpsertTeacherMutationVariables = Exact<{
  input: UpsertTeacherInput;
}>;


export type UpsertTeacherMutation = { upsertTeacher: { outcome: UpsertOutcome | null, teacher: { id: string, name: string, nationalIdMasked: string, personalCode: string | null } | null, transfer: { id: string, status: TransferStatus, statedName: string, nationalIdMasked: string, takesEffectAt: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type MarkTeacherLeftMutationVariables = Exact<{
  schoolId: string;
  teacherId: string;
}>;


export type MarkTeacherLeftMutation = { markTeacherLeft: { teacher: { id: string, name: string } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type MyTeacherQueryVariables = Exact<{ [key: string]: never; }>;


export type MyTeacherQuery = { me: { id: string, teacher: { id: string, name: string, nationalIdMasked: string, personalCode: string | null, transfers: Array<{ id: string, status: TransferStatus, takesEffectAt: string, toSchool: { id: string, name: string } | null, viewerCan: { confirm: boolean, object: boolean } }>, school: { id: string, code: string, name: string } | null } | null } | null };

export type TeacherTransfersQueryVariables = Exact<{
  schoolId: string;
  direction: TransferDirection;
}>;


export type TeacherTransfersQuery = { teacherTransfers: { nodes: Array<{ id: string, status: TransferStatus, statedName: string, nationalIdMasked: string, requestedAt: string, takesEffectAt: string, toSchool: { id: string, name: string } | null, teacher: { name: string } | null, viewerCan: { confirm: boolean, object: boolean } }> } };

export type DecideTeacherTransferMutationVariables = Exact<{
  transferId: string;
  accept: boolean;
  reason?: string | null | undefined;
}>;


export type DecideTeacherTransferMutation = { decideTeacherTransfer: { transfer: { id: string, status: TransferStatus } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type UnitByCodeQueryVariables = Exact<{
  code: string;
}>;


export type UnitByCodeQuery = { orgUnit: { id: string, code: string, name: string, viewerCan: { readContacts: boolean } } | null };

export type UnitListQueryVariables = Exact<{
  filter?: OrgUnitFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UnitListQuery = { orgUnits: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, code: string, name: string, kind: OrgUnitKind, district: string | null, contactsConfirmedAt: string | null, countyCode: string | null, viewerCan: { readContacts: boolean, editContacts: boolean, readUsers: boolean, readTeachers: boolean } }> } };

export type UsersUnitQueryVariables = Exact<{
  code: string;
}>;


export type UsersUnitQuery = { orgUnit: { id: string, code: string, name: string, kind: OrgUnitKind, viewerCan: { readUsers: boolean, manageUsers: boolean, grantableRoles: Array<Role> } } | null };

export type UserFieldsFragment = { id: string, login: string, displayName: string, email: string | null, isActive: boolean, createdAt: string, roles: Array<{ role: Role, grantedAt: string, unit: { id: string, code: string, name: string, viewerCan: { grantableRoles: Array<Role> } } | null }> };

export type UsersQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, login: string, displayName: string, email: string | null, isActive: boolean, createdAt: string, roles: Array<{ role: Role, grantedAt: string, unit: { id: string, code: string, name: string, viewerCan: { grantableRoles: Array<Role> } } | null }> }> } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { user: { id: string, login: string, displayName: string, email: string | null, isActive: boolean, createdAt: string, roles: Array<{ role: Role, grantedAt: string, unit: { id: string, code: string, name: string, viewerCan: { grantableRoles: Array<Role> } } | null }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type GrantRoleMutationVariables = Exact<{
  input: RoleAssignmentInput;
}>;


export type GrantRoleMutation = { grantRole: { user: { id: string, login: string, displayName: string, email: string | null, isActive: boolean, createdAt: string, roles: Array<{ role: Role, grantedAt: string, unit: { id: string, code: string, name: string, viewerCan: { grantableRoles: Array<Role> } } | null }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type RevokeRoleMutationVariables = Exact<{
  input: RoleAssignmentInput;
}>;


export type RevokeRoleMutation = { revokeRole: { user: { id: string, login: string, displayName: string, email: string | null, isActive: boolean, createdAt: string, roles: Array<{ role: Role, grantedAt: string, unit: { id: string, code: string, name: string, viewerCan: { grantableRoles: Array<Role> } } | null }> } | null, errors: Array<{ field: string | null, code: ErrorCode, message: string, params: Array<{ name: string, value: string }> }> } };

export type GrantUnitsQueryVariables = Exact<{
  withinId: string;
}>;


export type GrantUnitsQuery = { orgUnits: { totalCount: number, nodes: Array<{ id: string, code: string, name: string, kind: OrgUnitKind, viewerCan: { grantableRoles: Array<Role> } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PageInfoFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
    `, {"fragmentName":"PageInfoFields"}) as unknown as TypedDocumentString<PageInfoFieldsFragment, unknown>;
export const UnitAccessFragmentDoc = new TypedDocumentString(`
    fragment UnitAccess on OrgUnit {
  id
  code
  name
  kind
  viewerCan {
    readContacts
    editContacts
    readUsers
    manageUsers
    readAudit
    explainPermission
    editCourses
    reviewCourses
    readTeachers
    editTeachers
    readPersonalCodes
    confirmRoster
    grantableRoles
  }
}
    `, {"fragmentName":"UnitAccess"}) as unknown as TypedDocumentString<UnitAccessFragment, unknown>;
export const ViewerPermissionFlagsFragmentDoc = new TypedDocumentString(`
    fragment ViewerPermissionFlags on NetworkPermissions {
  manageDelegations
  reviewCourses
  readOutbox
  openRosterCampaign
  readRosters
  publishAnnouncements
  readOwnHours
  requestStatistics
  decideStatistics
  readCountyReports
  applyDataExchange
  decideDataExchange
}
    `, {"fragmentName":"ViewerPermissionFlags"}) as unknown as TypedDocumentString<ViewerPermissionFlagsFragment, unknown>;
export const UnitSummaryFragmentDoc = new TypedDocumentString(`
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
    `, {"fragmentName":"UnitSummary"}) as unknown as TypedDocumentString<UnitSummaryFragment, unknown>;
export const PublicAnnouncementFragmentDoc = new TypedDocumentString(`
    fragment PublicAnnouncement on Announcement {
  id
  kind
  title
  bodyHtml
  publishAt
  expiresAt
  pinned
  unit {
    ...UnitSummary
  }
  attachments {
    id
    fileName
    contentType
    sizeBytes
    url
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"PublicAnnouncement"}) as unknown as TypedDocumentString<PublicAnnouncementFragment, unknown>;
export const ManagedAnnouncementFragmentDoc = new TypedDocumentString(`
    fragment ManagedAnnouncement on Announcement {
  ...PublicAnnouncement
  bodyMarkdown
  isLive
  createdAt
  updatedAt
  viewerCan {
    edit
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment PublicAnnouncement on Announcement {
  id
  kind
  title
  bodyHtml
  publishAt
  expiresAt
  pinned
  unit {
    ...UnitSummary
  }
  attachments {
    id
    fileName
    contentType
    sizeBytes
    url
  }
}`, {"fragmentName":"ManagedAnnouncement"}) as unknown as TypedDocumentString<ManagedAnnouncementFragment, unknown>;
export const ContactFieldsFragmentDoc = new TypedDocumentString(`
    fragment ContactFields on Contact {
  id
  name
  title
  phone
  extension
  email
  duty
  isPublic
  sortOrder
  updatedAt
  confirmedAt
  receivesEmail
  emailSuppressed {
    at
    reason
  }
  lastEmail {
    id
    status
    subject
    attempts
    createdAt
    sentAt
    lastError
  }
  viewerCan {
    edit
  }
}
    `, {"fragmentName":"ContactFields"}) as unknown as TypedDocumentString<ContactFieldsFragment, unknown>;
export const CourseSummaryFragmentDoc = new TypedDocumentString(`
    fragment CourseSummary on Course {
  id
  code
  title
  status
  organizer {
    ...UnitSummary
  }
  mode
  venue
  startsAt
  endsAt
  hours
  capacity
  seatsLeft
  registrationOpen
  registrationOpensAt
  registrationClosesAt
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"CourseSummary"}) as unknown as TypedDocumentString<CourseSummaryFragment, unknown>;
export const CourseCodeFieldsFragmentDoc = new TypedDocumentString(`
    fragment CourseCodeFields on CourseCode {
  code
  name
  nameEn
}
    `, {"fragmentName":"CourseCodeFields"}) as unknown as TypedDocumentString<CourseCodeFieldsFragment, unknown>;
export const OwnRegistrationFieldsFragmentDoc = new TypedDocumentString(`
    fragment OwnRegistrationFields on Registration {
  id
  status
  channel
  registeredAt
  admittedAt
  waitlistPosition
  viewerCan {
    cancel
  }
}
    `, {"fragmentName":"OwnRegistrationFields"}) as unknown as TypedDocumentString<OwnRegistrationFieldsFragment, unknown>;
export const CourseDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment CourseDetailFields on Course {
  ...CourseSummary
  description
  nature {
    ...CourseCodeFields
  }
  category {
    ...CourseCodeFields
  }
  tags {
    ...CourseCodeFields
  }
  audience {
    stages
    countyCodes
    roles {
      ...CourseCodeFields
    }
  }
  url
  sessions {
    startsAt
    endsAt
  }
  onsiteRegistration
  reviewAuthority {
    ...UnitSummary
  }
  reviewer {
    ...UnitSummary
  }
  submittedAt
  daysWaiting
  decidedAt
  createdAt
  updatedAt
  viewerCan {
    edit
    submit
    cancel
    complete
    review
    readHistory
    register
    readRegistrations
    grantHours
  }
  viewerRegistration {
    ...OwnRegistrationFields
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment CourseCodeFields on CourseCode {
  code
  name
  nameEn
}
fragment CourseSummary on Course {
  id
  code
  title
  status
  organizer {
    ...UnitSummary
  }
  mode
  venue
  startsAt
  endsAt
  hours
  capacity
  seatsLeft
  registrationOpen
  registrationOpensAt
  registrationClosesAt
}
fragment OwnRegistrationFields on Registration {
  id
  status
  channel
  registeredAt
  admittedAt
  waitlistPosition
  viewerCan {
    cancel
  }
}`, {"fragmentName":"CourseDetailFields"}) as unknown as TypedDocumentString<CourseDetailFieldsFragment, unknown>;
export const CourseDuplicateFieldsFragmentDoc = new TypedDocumentString(`
    fragment CourseDuplicateFields on CourseDuplicate {
  kind
  similarity
  course {
    id
    code
    title
    status
    startsAt
    endsAt
    organizer {
      id
      name
    }
  }
}
    `, {"fragmentName":"CourseDuplicateFields"}) as unknown as TypedDocumentString<CourseDuplicateFieldsFragment, unknown>;
export const DelegationFieldsFragmentDoc = new TypedDocumentString(`
    fragment DelegationFields on ReviewDelegation {
  id
  authority {
    ...UnitSummary
  }
  delegate {
    ...UnitSummary
  }
  validFrom
  validTo
  isActive
  note
  createdAt
  createdByLogin
  endedAt
  endReason
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"DelegationFields"}) as unknown as TypedDocumentString<DelegationFieldsFragment, unknown>;
export const InputErrorFieldsFragmentDoc = new TypedDocumentString(`
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
    `, {"fragmentName":"InputErrorFields"}) as unknown as TypedDocumentString<InputErrorFieldsFragment, unknown>;
export const HoursPayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment HoursPayloadFields on HoursPayload {
  format
  rows {
    line
    personalCode
    teacherName
    hours
    previousHours
    outcome
    errors {
      ...InputErrorFields
    }
  }
  newCount
  correctedCount
  unchangedCount
  errorCount
  committed
  errors {
    ...InputErrorFields
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`, {"fragmentName":"HoursPayloadFields"}) as unknown as TypedDocumentString<HoursPayloadFieldsFragment, unknown>;
export const HourEntryFieldsFragmentDoc = new TypedDocumentString(`
    fragment HourEntryFields on HourEntry {
  id
  kind
  hours
  teacherName
  personalCode
  reason
  issuedByLogin
  issuedAt
  revoked
  revokesId
}
    `, {"fragmentName":"HourEntryFields"}) as unknown as TypedDocumentString<HourEntryFieldsFragment, unknown>;
export const OutboxMessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment OutboxMessageFields on OutboxMessage {
  id
  template
  to
  toName
  subject
  status
  attempts
  nextAttemptAt
  lastError
  sentAt
  createdAt
  unit {
    ...UnitSummary
  }
  deliveryAttempts {
    at
    outcome
    smtpCode
    detail
  }
  viewerCan {
    retry
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"OutboxMessageFields"}) as unknown as TypedDocumentString<OutboxMessageFieldsFragment, unknown>;
export const RegistrationFieldsFragmentDoc = new TypedDocumentString(`
    fragment RegistrationFields on Registration {
  id
  status
  channel
  teacherName
  personalCode
  school {
    ...UnitSummary
  }
  countyName
  district
  registeredAt
  admittedAt
  endedAt
  endReason
  waitlistPosition
  viewerCan {
    admit
    remove
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"RegistrationFields"}) as unknown as TypedDocumentString<RegistrationFieldsFragment, unknown>;
export const RosterSchoolFieldsFragmentDoc = new TypedDocumentString(`
    fragment RosterSchoolFields on RosterSchool {
  unit {
    id
    code
    name
    district
  }
  confirmedAt
  lastEmailAt
  viewerCan {
    remind
  }
}
    `, {"fragmentName":"RosterSchoolFields"}) as unknown as TypedDocumentString<RosterSchoolFieldsFragment, unknown>;
export const DataExchangeSummaryFragmentDoc = new TypedDocumentString(`
    fragment DataExchangeSummary on DataExchange {
  id
  number
  status
  progress
  purpose
  requesterName
  periodFrom
  periodTo
  validUntil
  createdAt
  unit {
    ...UnitSummary
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"DataExchangeSummary"}) as unknown as TypedDocumentString<DataExchangeSummaryFragment, unknown>;
export const DownloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment DownloadFields on Download {
  format
  url
  expiresAt
}
    `, {"fragmentName":"DownloadFields"}) as unknown as TypedDocumentString<DownloadFieldsFragment, unknown>;
export const ApplicationTransitionFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApplicationTransitionFields on ApplicationTransition {
  fromStatus
  toStatus
  actorLogin
  reason
  at
}
    `, {"fragmentName":"ApplicationTransitionFields"}) as unknown as TypedDocumentString<ApplicationTransitionFieldsFragment, unknown>;
export const DataExchangeDetailFragmentDoc = new TypedDocumentString(`
    fragment DataExchangeDetail on DataExchange {
  ...DataExchangeSummary
  rowCount
  downloads {
    ...DownloadFields
  }
  expiresAt
  error
  decidedByName
  decidedAt
  decisionReason
  completedAt
  transitions {
    ...ApplicationTransitionFields
  }
  viewerCan {
    decide
    download
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment DataExchangeSummary on DataExchange {
  id
  number
  status
  progress
  purpose
  requesterName
  periodFrom
  periodTo
  validUntil
  createdAt
  unit {
    ...UnitSummary
  }
}
fragment ApplicationTransitionFields on ApplicationTransition {
  fromStatus
  toStatus
  actorLogin
  reason
  at
}
fragment DownloadFields on Download {
  format
  url
  expiresAt
}`, {"fragmentName":"DataExchangeDetail"}) as unknown as TypedDocumentString<DataExchangeDetailFragment, unknown>;
export const StatisticsRequestSummaryFragmentDoc = new TypedDocumentString(`
    fragment StatisticsRequestSummary on StatisticsRequest {
  id
  number
  status
  progress
  purpose
  purposeCategory
  requesterName
  createdAt
  unit {
    ...UnitSummary
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"StatisticsRequestSummary"}) as unknown as TypedDocumentString<StatisticsRequestSummaryFragment, unknown>;
export const StatisticsRequestDetailFragmentDoc = new TypedDocumentString(`
    fragment StatisticsRequestDetail on StatisticsRequest {
  ...StatisticsRequestSummary
  spec {
    period {
      schoolYear
      calendarYear
      from
      to
    }
    counties
    stages
    tags
    organizerIds
    dimensions
    measures
    threshold {
      tag
      hours
    }
  }
  k
  result {
    columns {
      key
      label
      kind
    }
    rows {
      cells
      total
    }
    suppressed
    k
  }
  downloads {
    ...DownloadFields
  }
  expiresAt
  error
  decidedByName
  decidedAt
  decisionReason
  completedAt
  transitions {
    ...ApplicationTransitionFields
  }
  viewerCan {
    decide
    download
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment ApplicationTransitionFields on ApplicationTransition {
  fromStatus
  toStatus
  actorLogin
  reason
  at
}
fragment DownloadFields on Download {
  format
  url
  expiresAt
}
fragment StatisticsRequestSummary on StatisticsRequest {
  id
  number
  status
  progress
  purpose
  purposeCategory
  requesterName
  createdAt
  unit {
    ...UnitSummary
  }
}`, {"fragmentName":"StatisticsRequestDetail"}) as unknown as TypedDocumentString<StatisticsRequestDetailFragment, unknown>;
export const ServiceStatementFieldsFragmentDoc = new TypedDocumentString(`
    fragment ServiceStatementFields on ServiceStatement {
  source
  statedAt
  recordedAt
  unit {
    ...UnitSummary
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"ServiceStatementFields"}) as unknown as TypedDocumentString<ServiceStatementFieldsFragment, unknown>;
export const RosterEntryFieldsFragmentDoc = new TypedDocumentString(`
    fragment RosterEntryFields on RosterEntry {
  status
  educationStage
  jobTitle
  joinedAt
  leftAt
  teacher {
    id
    name
    email
    nationalIdMasked
    personalCode
    school {
      ...UnitSummary
    }
    serviceHistory {
      source
      statedAt
      recordedAt
      unit {
        ...UnitSummary
      }
    }
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`, {"fragmentName":"RosterEntryFields"}) as unknown as TypedDocumentString<RosterEntryFieldsFragment, unknown>;
export const UserFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserFields on User {
  id
  login
  displayName
  email
  isActive
  createdAt
  roles {
    role
    grantedAt
    unit {
      id
      code
      name
      viewerCan {
        grantableRoles
      }
    }
  }
}
    `, {"fragmentName":"UserFields"}) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  viewerPermissions {
    ...ViewerPermissionFlags
  }
  me {
    id
    login
    displayName
    email
    roles {
      role
      grantedAt
      unit {
        ...UnitAccess
      }
    }
  }
}
    fragment UnitAccess on OrgUnit {
  id
  code
  name
  kind
  viewerCan {
    readContacts
    editContacts
    readUsers
    manageUsers
    readAudit
    explainPermission
    editCourses
    reviewCourses
    readTeachers
    editTeachers
    readPersonalCodes
    confirmRoster
    grantableRoles
  }
}
fragment ViewerPermissionFlags on NetworkPermissions {
  manageDelegations
  reviewCourses
  readOutbox
  openRosterCampaign
  readRosters
  publishAnnouncements
  readOwnHours
  requestStatistics
  decideStatistics
  readCountyReports
  applyDataExchange
  decideDataExchange
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    expiresAt
    user {
      id
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout {
    ok
  }
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const UnlockSignInDocument = new TypedDocumentString(`
    mutation UnlockSignIn($token: String!) {
  unlockSignIn(token: $token) {
    login
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<UnlockSignInMutation, UnlockSignInMutationVariables>;
export const MarqueeDocument = new TypedDocumentString(`
    query Marquee {
  announcements(kind: MARQUEE, first: 20) {
    nodes {
      id
      title
    }
  }
}
    `) as unknown as TypedDocumentString<MarqueeQuery, MarqueeQueryVariables>;
export const AnnouncementFeedDocument = new TypedDocumentString(`
    query AnnouncementFeed($first: Int!) {
  news: announcements(kind: NEWS, first: $first) {
    totalCount
    nodes {
      ...PublicAnnouncement
    }
  }
  bulletin: announcements(kind: BULLETIN, first: $first) {
    totalCount
    nodes {
      ...PublicAnnouncement
    }
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment PublicAnnouncement on Announcement {
  id
  kind
  title
  bodyHtml
  publishAt
  expiresAt
  pinned
  unit {
    ...UnitSummary
  }
  attachments {
    id
    fileName
    contentType
    sizeBytes
    url
  }
}`) as unknown as TypedDocumentString<AnnouncementFeedQuery, AnnouncementFeedQueryVariables>;
export const AnnouncementsDocument = new TypedDocumentString(`
    query Announcements($kind: AnnouncementKind!, $first: Int, $after: String) {
  announcements(kind: $kind, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...PublicAnnouncement
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment PublicAnnouncement on Announcement {
  id
  kind
  title
  bodyHtml
  publishAt
  expiresAt
  pinned
  unit {
    ...UnitSummary
  }
  attachments {
    id
    fileName
    contentType
    sizeBytes
    url
  }
}`) as unknown as TypedDocumentString<AnnouncementsQuery, AnnouncementsQueryVariables>;
export const ManagedAnnouncementsDocument = new TypedDocumentString(`
    query ManagedAnnouncements($kind: AnnouncementKind, $first: Int, $after: String) {
  managedAnnouncements(kind: $kind, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...ManagedAnnouncement
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment PublicAnnouncement on Announcement {
  id
  kind
  title
  bodyHtml
  publishAt
  expiresAt
  pinned
  unit {
    ...UnitSummary
  }
  attachments {
    id
    fileName
    contentType
    sizeBytes
    url
  }
}
fragment ManagedAnnouncement on Announcement {
  ...PublicAnnouncement
  bodyMarkdown
  isLive
  createdAt
  updatedAt
  viewerCan {
    edit
  }
}`) as unknown as TypedDocumentString<ManagedAnnouncementsQuery, ManagedAnnouncementsQueryVariables>;
export const CreateAnnouncementDocument = new TypedDocumentString(`
    mutation CreateAnnouncement($input: CreateAnnouncementInput!) {
  createAnnouncement(input: $input) {
    announcement {
      ...ManagedAnnouncement
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment PublicAnnouncement on Announcement {
  id
  kind
  title
  bodyHtml
  publishAt
  expiresAt
  pinned
  unit {
    ...UnitSummary
  }
  attachments {
    id
    fileName
    contentType
    sizeBytes
    url
  }
}
fragment ManagedAnnouncement on Announcement {
  ...PublicAnnouncement
  bodyMarkdown
  isLive
  createdAt
  updatedAt
  viewerCan {
    edit
  }
}`) as unknown as TypedDocumentString<CreateAnnouncementMutation, CreateAnnouncementMutationVariables>;
export const UpdateAnnouncementDocument = new TypedDocumentString(`
    mutation UpdateAnnouncement($input: UpdateAnnouncementInput!) {
  updateAnnouncement(input: $input) {
    announcement {
      ...ManagedAnnouncement
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment PublicAnnouncement on Announcement {
  id
  kind
  title
  bodyHtml
  publishAt
  expiresAt
  pinned
  unit {
    ...UnitSummary
  }
  attachments {
    id
    fileName
    contentType
    sizeBytes
    url
  }
}
fragment ManagedAnnouncement on Announcement {
  ...PublicAnnouncement
  bodyMarkdown
  isLive
  createdAt
  updatedAt
  viewerCan {
    edit
  }
}`) as unknown as TypedDocumentString<UpdateAnnouncementMutation, UpdateAnnouncementMutationVariables>;
export const DeleteAnnouncementDocument = new TypedDocumentString(`
    mutation DeleteAnnouncement($id: UUID!) {
  deleteAnnouncement(id: $id) {
    deletedId
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<DeleteAnnouncementMutation, DeleteAnnouncementMutationVariables>;
export const DeleteAttachmentDocument = new TypedDocumentString(`
    mutation DeleteAttachment($id: UUID!) {
  deleteAttachment(id: $id) {
    deletedId
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<DeleteAttachmentMutation, DeleteAttachmentMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      id
      at
      actorId
      actorLogin
      action
      outcome
      targetType
      targetId
      unit {
        ...UnitSummary
      }
      requestId
      ip
      changes
      detail
      count
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}`) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const AuditChoicesDocument = new TypedDocumentString(`
    query AuditChoices($unitCode: String!, $hasUnit: Boolean!) {
  users(first: 100) {
    nodes {
      id
      login
      displayName
    }
  }
  unit: orgUnit(code: $unitCode) @include(if: $hasUnit) {
    id
    code
    name
  }
}
    `) as unknown as TypedDocumentString<AuditChoicesQuery, AuditChoicesQueryVariables>;
export const UnitContactsDocument = new TypedDocumentString(`
    query UnitContacts($code: String!) {
  orgUnit(code: $code) {
    id
    code
    name
    kind
    contactsConfirmedAt
    parent {
      code
      name
    }
    viewerCan {
      readContacts
      editContacts
      readUsers
      readTeachers
    }
    contacts {
      ...ContactFields
    }
  }
}
    fragment ContactFields on Contact {
  id
  name
  title
  phone
  extension
  email
  duty
  isPublic
  sortOrder
  updatedAt
  confirmedAt
  receivesEmail
  emailSuppressed {
    at
    reason
  }
  lastEmail {
    id
    status
    subject
    attempts
    createdAt
    sentAt
    lastError
  }
  viewerCan {
    edit
  }
}`) as unknown as TypedDocumentString<UnitContactsQuery, UnitContactsQueryVariables>;
export const CreateContactDocument = new TypedDocumentString(`
    mutation CreateContact($input: CreateContactInput!) {
  createContact(input: $input) {
    contact {
      ...ContactFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment ContactFields on Contact {
  id
  name
  title
  phone
  extension
  email
  duty
  isPublic
  sortOrder
  updatedAt
  confirmedAt
  receivesEmail
  emailSuppressed {
    at
    reason
  }
  lastEmail {
    id
    status
    subject
    attempts
    createdAt
    sentAt
    lastError
  }
  viewerCan {
    edit
  }
}`) as unknown as TypedDocumentString<CreateContactMutation, CreateContactMutationVariables>;
export const UpdateContactDocument = new TypedDocumentString(`
    mutation UpdateContact($input: UpdateContactInput!) {
  updateContact(input: $input) {
    contact {
      ...ContactFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment ContactFields on Contact {
  id
  name
  title
  phone
  extension
  email
  duty
  isPublic
  sortOrder
  updatedAt
  confirmedAt
  receivesEmail
  emailSuppressed {
    at
    reason
  }
  lastEmail {
    id
    status
    subject
    attempts
    createdAt
    sentAt
    lastError
  }
  viewerCan {
    edit
  }
}`) as unknown as TypedDocumentString<UpdateContactMutation, UpdateContactMutationVariables>;
export const DeleteContactDocument = new TypedDocumentString(`
    mutation DeleteContact($id: UUID!) {
  deleteContact(id: $id) {
    deletedId
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<DeleteContactMutation, DeleteContactMutationVariables>;
export const ReorderContactsDocument = new TypedDocumentString(`
    mutation ReorderContacts($unitId: UUID!, $contactIds: [UUID!]!) {
  reorderContacts(unitId: $unitId, contactIds: $contactIds) {
    unit {
      id
      contacts {
        ...ContactFields
      }
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment ContactFields on Contact {
  id
  name
  title
  phone
  extension
  email
  duty
  isPublic
  sortOrder
  updatedAt
  confirmedAt
  receivesEmail
  emailSuppressed {
    at
    reason
  }
  lastEmail {
    id
    status
    subject
    attempts
    createdAt
    sentAt
    lastError
  }
  viewerCan {
    edit
  }
}`) as unknown as TypedDocumentString<ReorderContactsMutation, ReorderContactsMutationVariables>;
export const ConfirmContactsDocument = new TypedDocumentString(`
    mutation ConfirmContacts($unitId: UUID!) {
  confirmContacts(unitId: $unitId) {
    unit {
      id
      contactsConfirmedAt
      contacts {
        ...ContactFields
      }
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment ContactFields on Contact {
  id
  name
  title
  phone
  extension
  email
  duty
  isPublic
  sortOrder
  updatedAt
  confirmedAt
  receivesEmail
  emailSuppressed {
    at
    reason
  }
  lastEmail {
    id
    status
    subject
    attempts
    createdAt
    sentAt
    lastError
  }
  viewerCan {
    edit
  }
}`) as unknown as TypedDocumentString<ConfirmContactsMutation, ConfirmContactsMutationVariables>;
export const CourseCodeListsDocument = new TypedDocumentString(`
    query CourseCodeLists {
  natures: courseCodes(list: NATURE) {
    ...CourseCodeFields
  }
  categories: courseCodes(list: CATEGORY) {
    ...CourseCodeFields
  }
  tags: courseCodes(list: TAG) {
    ...CourseCodeFields
  }
  audienceRoles: courseCodes(list: AUDIENCE_ROLE) {
    ...CourseCodeFields
  }
}
    fragment CourseCodeFields on CourseCode {
  code
  name
  nameEn
}`) as unknown as TypedDocumentString<CourseCodeListsQuery, CourseCodeListsQueryVariables>;
export const CourseSearchDocument = new TypedDocumentString(`
    query CourseSearch($filter: CourseFilter!, $orderBy: CourseOrder!, $first: Int, $after: String) {
  courses(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...CourseSummary
      tags {
        ...CourseCodeFields
      }
      viewerCan {
        edit
        submit
        cancel
        readRegistrations
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment CourseCodeFields on CourseCode {
  code
  name
  nameEn
}
fragment CourseSummary on Course {
  id
  code
  title
  status
  organizer {
    ...UnitSummary
  }
  mode
  venue
  startsAt
  endsAt
  hours
  capacity
  seatsLeft
  registrationOpen
  registrationOpensAt
  registrationClosesAt
}`) as unknown as TypedDocumentString<CourseSearchQuery, CourseSearchQueryVariables>;
export const CourseDetailDocument = new TypedDocumentString(`
    query CourseDetail($id: UUID, $code: String) {
  course(id: $id, code: $code) {
    ...CourseDetailFields
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment CourseCodeFields on CourseCode {
  code
  name
  nameEn
}
fragment CourseSummary on Course {
  id
  code
  title
  status
  organizer {
    ...UnitSummary
  }
  mode
  venue
  startsAt
  endsAt
  hours
  capacity
  seatsLeft
  registrationOpen
  registrationOpensAt
  registrationClosesAt
}
fragment CourseDetailFields on Course {
  ...CourseSummary
  description
  nature {
    ...CourseCodeFields
  }
  category {
    ...CourseCodeFields
  }
  tags {
    ...CourseCodeFields
  }
  audience {
    stages
    countyCodes
    roles {
      ...CourseCodeFields
    }
  }
  url
  sessions {
    startsAt
    endsAt
  }
  onsiteRegistration
  reviewAuthority {
    ...UnitSummary
  }
  reviewer {
    ...UnitSummary
  }
  submittedAt
  daysWaiting
  decidedAt
  createdAt
  updatedAt
  viewerCan {
    edit
    submit
    cancel
    complete
    review
    readHistory
    register
    readRegistrations
    grantHours
  }
  viewerRegistration {
    ...OwnRegistrationFields
  }
}
fragment OwnRegistrationFields on Registration {
  id
  status
  channel
  registeredAt
  admittedAt
  waitlistPosition
  viewerCan {
    cancel
  }
}`) as unknown as TypedDocumentString<CourseDetailQuery, CourseDetailQueryVariables>;
export const CourseInsiderDocument = new TypedDocumentString(`
    query CourseInsider($id: UUID!) {
  course(id: $id) {
    id
    duplicates {
      ...CourseDuplicateFields
    }
    duplicateReason
    history {
      fromStatus
      toStatus
      at
      actorLogin
      reviewer {
        id
        name
      }
      reason
    }
    changesSinceLastReview {
      field
      before
      after
    }
  }
}
    fragment CourseDuplicateFields on CourseDuplicate {
  kind
  similarity
  course {
    id
    code
    title
    status
    startsAt
    endsAt
    organizer {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<CourseInsiderQuery, CourseInsiderQueryVariables>;
export const CourseUnitDocument = new TypedDocumentString(`
    query CourseUnit($code: String!) {
  orgUnit(code: $code) {
    id
    code
    name
    kind
    viewerCan {
      editCourses
    }
  }
}
    `) as unknown as TypedDocumentString<CourseUnitQuery, CourseUnitQueryVariables>;
export const CreateCourseDocument = new TypedDocumentString(`
    mutation CreateCourse($organizerId: UUID!, $input: CourseInput!) {
  createCourse(organizerId: $organizerId, input: $input) {
    course {
      id
      title
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<CreateCourseMutation, CreateCourseMutationVariables>;
export const UpdateCourseDocument = new TypedDocumentString(`
    mutation UpdateCourse($id: UUID!, $input: CourseInput!) {
  updateCourse(id: $id, input: $input) {
    course {
      id
      title
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<UpdateCourseMutation, UpdateCourseMutationVariables>;
export const SubmitCourseDocument = new TypedDocumentString(`
    mutation SubmitCourse($id: UUID!, $duplicateReason: String) {
  submitCourse(id: $id, duplicateReason: $duplicateReason) {
    course {
      id
      code
      title
      status
      reviewer {
        id
        name
      }
    }
    duplicates {
      ...CourseDuplicateFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment CourseDuplicateFields on CourseDuplicate {
  kind
  similarity
  course {
    id
    code
    title
    status
    startsAt
    endsAt
    organizer {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<SubmitCourseMutation, SubmitCourseMutationVariables>;
export const CancelCourseDocument = new TypedDocumentString(`
    mutation CancelCourse($id: UUID!, $reason: String!) {
  cancelCourse(id: $id, reason: $reason) {
    course {
      id
      status
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<CancelCourseMutation, CancelCourseMutationVariables>;
export const CompleteCourseDocument = new TypedDocumentString(`
    mutation CompleteCourse($id: UUID!) {
  completeCourse(id: $id) {
    course {
      id
      status
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<CompleteCourseMutation, CompleteCourseMutationVariables>;
export const ReviewDelegationsDocument = new TypedDocumentString(`
    query ReviewDelegations($includeEnded: Boolean!, $first: Int, $after: String) {
  reviewDelegations(includeEnded: $includeEnded, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...DelegationFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment DelegationFields on ReviewDelegation {
  id
  authority {
    ...UnitSummary
  }
  delegate {
    ...UnitSummary
  }
  validFrom
  validTo
  isActive
  note
  createdAt
  createdByLogin
  endedAt
  endReason
}`) as unknown as TypedDocumentString<ReviewDelegationsQuery, ReviewDelegationsQueryVariables>;
export const DelegationUnitsDocument = new TypedDocumentString(`
    query DelegationUnits($kinds: [OrgUnitKind!]) {
  orgUnits(filter: {kinds: $kinds}, first: 100) {
    nodes {
      id
      code
      name
      kind
    }
  }
}
    `) as unknown as TypedDocumentString<DelegationUnitsQuery, DelegationUnitsQueryVariables>;
export const SetReviewDelegationDocument = new TypedDocumentString(`
    mutation SetReviewDelegation($authorityId: UUID!, $delegateUnitId: UUID!, $validFrom: DateTime, $validTo: DateTime, $note: String) {
  setReviewDelegation(
    authorityId: $authorityId
    delegateUnitId: $delegateUnitId
    validFrom: $validFrom
    validTo: $validTo
    note: $note
  ) {
    delegation {
      ...DelegationFields
    }
    pendingMoved
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment DelegationFields on ReviewDelegation {
  id
  authority {
    ...UnitSummary
  }
  delegate {
    ...UnitSummary
  }
  validFrom
  validTo
  isActive
  note
  createdAt
  createdByLogin
  endedAt
  endReason
}`) as unknown as TypedDocumentString<SetReviewDelegationMutation, SetReviewDelegationMutationVariables>;
export const EndReviewDelegationDocument = new TypedDocumentString(`
    mutation EndReviewDelegation($id: UUID!, $reason: String) {
  endReviewDelegation(id: $id, reason: $reason) {
    delegation {
      ...DelegationFields
    }
    pendingMoved
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment DelegationFields on ReviewDelegation {
  id
  authority {
    ...UnitSummary
  }
  delegate {
    ...UnitSummary
  }
  validFrom
  validTo
  isActive
  note
  createdAt
  createdByLogin
  endedAt
  endReason
}`) as unknown as TypedDocumentString<EndReviewDelegationMutation, EndReviewDelegationMutationVariables>;
export const ReviewQueueDocument = new TypedDocumentString(`
    query ReviewQueue($first: Int, $after: String) {
  reviewQueue(first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...CourseSummary
      submittedAt
      daysWaiting
      reviewer {
        id
        name
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment CourseSummary on Course {
  id
  code
  title
  status
  organizer {
    ...UnitSummary
  }
  mode
  venue
  startsAt
  endsAt
  hours
  capacity
  seatsLeft
  registrationOpen
  registrationOpensAt
  registrationClosesAt
}`) as unknown as TypedDocumentString<ReviewQueueQuery, ReviewQueueQueryVariables>;
export const ReviewCourseDocument = new TypedDocumentString(`
    mutation ReviewCourse($id: UUID!, $decision: ReviewDecision!, $reason: String) {
  reviewCourse(id: $id, decision: $decision, reason: $reason) {
    course {
      id
      code
      title
      status
    }
    messagesQueued
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<ReviewCourseMutation, ReviewCourseMutationVariables>;
export const DirectoryDocument = new TypedDocumentString(`
    query Directory($filter: DirectoryFilter, $first: Int, $after: String) {
  directory(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      unit {
        id
        code
        name
        kind
        parent {
          name
        }
      }
      contacts {
        id
        name
        title
        phone
        extension
        email
        duty
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`) as unknown as TypedDocumentString<DirectoryQuery, DirectoryQueryVariables>;
export const HoursCourseDocument = new TypedDocumentString(`
    query HoursCourse($id: UUID!) {
  course(id: $id) {
    id
    code
    title
    status
    hours
    startsAt
    endsAt
    organizer {
      ...UnitSummary
    }
    viewerCan {
      readRegistrations
      grantHours
    }
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`) as unknown as TypedDocumentString<HoursCourseQuery, HoursCourseQueryVariables>;
export const HoursRegistrantsDocument = new TypedDocumentString(`
    query HoursRegistrants($courseId: UUID!, $first: Int, $after: String) {
  registrations(
    courseId: $courseId
    status: [ADMITTED]
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      id
      teacherName
      personalCode
      school {
        id
        name
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`) as unknown as TypedDocumentString<HoursRegistrantsQuery, HoursRegistrantsQueryVariables>;
export const GrantHoursDocument = new TypedDocumentString(`
    mutation GrantHours($courseId: UUID!, $entries: [HoursEntryInput!]!) {
  grantHours(courseId: $courseId, entries: $entries) {
    ...HoursPayloadFields
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment HoursPayloadFields on HoursPayload {
  format
  rows {
    line
    personalCode
    teacherName
    hours
    previousHours
    outcome
    errors {
      ...InputErrorFields
    }
  }
  newCount
  correctedCount
  unchangedCount
  errorCount
  committed
  errors {
    ...InputErrorFields
  }
}`) as unknown as TypedDocumentString<GrantHoursMutation, GrantHoursMutationVariables>;
export const UploadHoursDocument = new TypedDocumentString(`
    mutation UploadHours($courseId: UUID!, $file: Upload!, $dryRun: Boolean!) {
  uploadHours(courseId: $courseId, file: $file, dryRun: $dryRun) {
    ...HoursPayloadFields
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment HoursPayloadFields on HoursPayload {
  format
  rows {
    line
    personalCode
    teacherName
    hours
    previousHours
    outcome
    errors {
      ...InputErrorFields
    }
  }
  newCount
  correctedCount
  unchangedCount
  errorCount
  committed
  errors {
    ...InputErrorFields
  }
}`) as unknown as TypedDocumentString<UploadHoursMutation, UploadHoursMutationVariables>;
export const HourEntriesDocument = new TypedDocumentString(`
    query HourEntries($courseId: UUID!, $first: Int, $after: String) {
  hourEntries(courseId: $courseId, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...HourEntryFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment HourEntryFields on HourEntry {
  id
  kind
  hours
  teacherName
  personalCode
  reason
  issuedByLogin
  issuedAt
  revoked
  revokesId
}`) as unknown as TypedDocumentString<HourEntriesQuery, HourEntriesQueryVariables>;
export const RevokeHoursDocument = new TypedDocumentString(`
    mutation RevokeHours($grantId: UUID!, $reason: String!) {
  revokeHours(grantId: $grantId, reason: $reason) {
    entry {
      ...HourEntryFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment HourEntryFields on HourEntry {
  id
  kind
  hours
  teacherName
  personalCode
  reason
  issuedByLogin
  issuedAt
  revoked
  revokesId
}`) as unknown as TypedDocumentString<RevokeHoursMutation, RevokeHoursMutationVariables>;
export const MyHoursDocument = new TypedDocumentString(`
    query MyHours($schoolYear: Int, $calendarYear: Int) {
  hoursSummary(schoolYear: $schoolYear, calendarYear: $calendarYear) {
    teacherName
    period
    totalHours
    courses {
      hours
      course {
        id
        code
        title
        endsAt
        organizer {
          id
          name
        }
        tags {
          code
          name
          nameEn
        }
      }
    }
    byTag {
      hours
      tag {
        code
        name
        nameEn
      }
    }
    transcriptUrl
  }
}
    `) as unknown as TypedDocumentString<MyHoursQuery, MyHoursQueryVariables>;
export const OutboxDocument = new TypedDocumentString(`
    query Outbox($filter: OutboxFilter, $first: Int, $after: String) {
  outbox(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...OutboxMessageFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment OutboxMessageFields on OutboxMessage {
  id
  template
  to
  toName
  subject
  status
  attempts
  nextAttemptAt
  lastError
  sentAt
  createdAt
  unit {
    ...UnitSummary
  }
  deliveryAttempts {
    at
    outcome
    smtpCode
    detail
  }
  viewerCan {
    retry
  }
}`) as unknown as TypedDocumentString<OutboxQuery, OutboxQueryVariables>;
export const RetryEmailDocument = new TypedDocumentString(`
    mutation RetryEmail($id: UUID!) {
  retryEmail(id: $id) {
    message {
      ...OutboxMessageFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment OutboxMessageFields on OutboxMessage {
  id
  template
  to
  toName
  subject
  status
  attempts
  nextAttemptAt
  lastError
  sentAt
  createdAt
  unit {
    ...UnitSummary
  }
  deliveryAttempts {
    at
    outcome
    smtpCode
    detail
  }
  viewerCan {
    retry
  }
}`) as unknown as TypedDocumentString<RetryEmailMutation, RetryEmailMutationVariables>;
export const PublicUnitDocument = new TypedDocumentString(`
    query PublicUnit($code: String!) {
  orgUnit(code: $code) {
    id
    code
    name
    kind
    district
    contactsConfirmedAt
    parent {
      code
      name
    }
    contacts {
      id
      name
      title
      phone
      extension
      email
      duty
      isPublic
    }
    viewerCan {
      editContacts
    }
  }
}
    `) as unknown as TypedDocumentString<PublicUnitQuery, PublicUnitQueryVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($courseId: UUID!) {
  register(courseId: $courseId) {
    registration {
      ...OwnRegistrationFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment OwnRegistrationFields on Registration {
  id
  status
  channel
  registeredAt
  admittedAt
  waitlistPosition
  viewerCan {
    cancel
  }
}`) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const CancelRegistrationDocument = new TypedDocumentString(`
    mutation CancelRegistration($courseId: UUID!) {
  cancelRegistration(courseId: $courseId) {
    registration {
      id
      status
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<CancelRegistrationMutation, CancelRegistrationMutationVariables>;
export const RegistrationCourseDocument = new TypedDocumentString(`
    query RegistrationCourse($id: UUID!) {
  course(id: $id) {
    id
    code
    title
    status
    capacity
    seatsLeft
    onsiteRegistration
    startsAt
    endsAt
    organizer {
      ...UnitSummary
    }
    viewerCan {
      readRegistrations
      manageRegistrations
      registerOnsite
      grantHours
    }
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`) as unknown as TypedDocumentString<RegistrationCourseQuery, RegistrationCourseQueryVariables>;
export const RegistrationsDocument = new TypedDocumentString(`
    query Registrations($courseId: UUID!, $status: [RegistrationStatus!], $first: Int, $after: String) {
  registrations(
    courseId: $courseId
    status: $status
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...RegistrationFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment RegistrationFields on Registration {
  id
  status
  channel
  teacherName
  personalCode
  school {
    ...UnitSummary
  }
  countyName
  district
  registeredAt
  admittedAt
  endedAt
  endReason
  waitlistPosition
  viewerCan {
    admit
    remove
  }
}`) as unknown as TypedDocumentString<RegistrationsQuery, RegistrationsQueryVariables>;
export const LookupRegistrantDocument = new TypedDocumentString(`
    query LookupRegistrant($courseId: UUID!, $personalCode: String!) {
  lookupRegistrant(courseId: $courseId, personalCode: $personalCode) {
    maskedName
    schoolName
    registrationStatus
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<LookupRegistrantQuery, LookupRegistrantQueryVariables>;
export const RegisterOnsiteDocument = new TypedDocumentString(`
    mutation RegisterOnsite($courseId: UUID!, $personalCode: String!) {
  registerOnsite(courseId: $courseId, personalCode: $personalCode) {
    registration {
      ...RegistrationFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment RegistrationFields on Registration {
  id
  status
  channel
  teacherName
  personalCode
  school {
    ...UnitSummary
  }
  countyName
  district
  registeredAt
  admittedAt
  endedAt
  endReason
  waitlistPosition
  viewerCan {
    admit
    remove
  }
}`) as unknown as TypedDocumentString<RegisterOnsiteMutation, RegisterOnsiteMutationVariables>;
export const AdmitRegistrationDocument = new TypedDocumentString(`
    mutation AdmitRegistration($id: UUID!) {
  admitRegistration(id: $id) {
    registration {
      id
      status
      teacherName
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<AdmitRegistrationMutation, AdmitRegistrationMutationVariables>;
export const RemoveRegistrationDocument = new TypedDocumentString(`
    mutation RemoveRegistration($id: UUID!, $reason: String!) {
  removeRegistration(id: $id, reason: $reason) {
    registration {
      id
      status
      teacherName
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<RemoveRegistrationMutation, RemoveRegistrationMutationVariables>;
export const SignInSheetDocument = new TypedDocumentString(`
    query SignInSheet($courseId: UUID!) {
  signInSheet(courseId: $courseId) {
    course {
      id
      code
      title
    }
    organizerName
    sessionLines
    place
    xlsxUrl
    rows {
      number
      countyName
      district
      schoolName
      teacherName
      personalCode
    }
  }
}
    `) as unknown as TypedDocumentString<SignInSheetQuery, SignInSheetQueryVariables>;
export const RosterCampaignDocument = new TypedDocumentString(`
    query RosterCampaign($schoolYear: Int!, $first: Int, $after: String) {
  rosterCampaign(schoolYear: $schoolYear) {
    schoolYear
    deadline
    openedAt
    viewerCan {
      followProgress
      remind
    }
    progress {
      total
      confirmed
      ratio
    }
    schools(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        ...RosterSchoolFields
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment RosterSchoolFields on RosterSchool {
  unit {
    id
    code
    name
    district
  }
  confirmedAt
  lastEmailAt
  viewerCan {
    remind
  }
}`) as unknown as TypedDocumentString<RosterCampaignQuery, RosterCampaignQueryVariables>;
export const RosterProgressDocument = new TypedDocumentString(`
    query RosterProgress($schoolYear: Int!) {
  rosterCampaign(schoolYear: $schoolYear) {
    schoolYear
    progress {
      total
      confirmed
      ratio
    }
  }
}
    `) as unknown as TypedDocumentString<RosterProgressQuery, RosterProgressQueryVariables>;
export const OpenRosterCampaignDocument = new TypedDocumentString(`
    mutation OpenRosterCampaign($schoolYear: Int!, $deadline: Date!) {
  openRosterCampaign(schoolYear: $schoolYear, deadline: $deadline) {
    campaign {
      schoolYear
      deadline
    }
    messagesQueued
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<OpenRosterCampaignMutation, OpenRosterCampaignMutationVariables>;
export const ConfirmRosterDocument = new TypedDocumentString(`
    mutation ConfirmRoster($unitId: UUID!, $schoolYear: Int!) {
  confirmRoster(unitId: $unitId, schoolYear: $schoolYear) {
    school {
      ...RosterSchoolFields
    }
    messagesQueued
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment RosterSchoolFields on RosterSchool {
  unit {
    id
    code
    name
    district
  }
  confirmedAt
  lastEmailAt
  viewerCan {
    remind
  }
}`) as unknown as TypedDocumentString<ConfirmRosterMutation, ConfirmRosterMutationVariables>;
export const SendRosterReminderDocument = new TypedDocumentString(`
    mutation SendRosterReminder($unitId: UUID!, $schoolYear: Int!) {
  sendRosterReminder(unitId: $unitId, schoolYear: $schoolYear) {
    school {
      ...RosterSchoolFields
    }
    messagesQueued
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment RosterSchoolFields on RosterSchool {
  unit {
    id
    code
    name
    district
  }
  confirmedAt
  lastEmailAt
  viewerCan {
    remind
  }
}`) as unknown as TypedDocumentString<SendRosterReminderMutation, SendRosterReminderMutationVariables>;
export const CountyReportDocument = new TypedDocumentString(`
    query CountyReport($unitId: UUID!, $period: PeriodInput!) {
  countyReport(unitId: $unitId, period: $period) {
    unitName
    period
    rows {
      courseId
      courseCode
      title
      startsOn
      endsOn
      organizer
      stage
      participants
      teachersGranted
      hoursGranted
    }
    downloads {
      ...DownloadFields
    }
  }
}
    fragment DownloadFields on Download {
  format
  url
  expiresAt
}`) as unknown as TypedDocumentString<CountyReportQuery, CountyReportQueryVariables>;
export const CountyReportUnitsDocument = new TypedDocumentString(`
    query CountyReportUnits {
  orgUnits(
    filter: {kinds: [COUNTY_BUREAU, K12_ADMINISTRATION, K12_DIVISION]}
    first: 100
  ) {
    nodes {
      id
      code
      name
      kind
    }
  }
}
    `) as unknown as TypedDocumentString<CountyReportUnitsQuery, CountyReportUnitsQueryVariables>;
export const DataExchangesDocument = new TypedDocumentString(`
    query DataExchanges($filter: ApplicationFilter!, $first: Int, $after: String) {
  dataExchanges(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...DataExchangeSummary
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment DataExchangeSummary on DataExchange {
  id
  number
  status
  progress
  purpose
  requesterName
  periodFrom
  periodTo
  validUntil
  createdAt
  unit {
    ...UnitSummary
  }
}`) as unknown as TypedDocumentString<DataExchangesQuery, DataExchangesQueryVariables>;
export const DataExchangeDocument = new TypedDocumentString(`
    query DataExchange($id: UUID!) {
  dataExchange(id: $id) {
    ...DataExchangeDetail
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment DataExchangeSummary on DataExchange {
  id
  number
  status
  progress
  purpose
  requesterName
  periodFrom
  periodTo
  validUntil
  createdAt
  unit {
    ...UnitSummary
  }
}
fragment DataExchangeDetail on DataExchange {
  ...DataExchangeSummary
  rowCount
  downloads {
    ...DownloadFields
  }
  expiresAt
  error
  decidedByName
  decidedAt
  decisionReason
  completedAt
  transitions {
    ...ApplicationTransitionFields
  }
  viewerCan {
    decide
    download
  }
}
fragment ApplicationTransitionFields on ApplicationTransition {
  fromStatus
  toStatus
  actorLogin
  reason
  at
}
fragment DownloadFields on Download {
  format
  url
  expiresAt
}`) as unknown as TypedDocumentString<DataExchangeQuery, DataExchangeQueryVariables>;
export const ApplyDataExchangeDocument = new TypedDocumentString(`
    mutation ApplyDataExchange($input: DataExchangeInput!) {
  applyDataExchange(input: $input) {
    dataExchange {
      id
      number
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<ApplyDataExchangeMutation, ApplyDataExchangeMutationVariables>;
export const DecideDataExchangeDocument = new TypedDocumentString(`
    mutation DecideDataExchange($id: UUID!, $approve: Boolean!, $reason: String) {
  decideDataExchange(id: $id, approve: $approve, reason: $reason) {
    dataExchange {
      ...DataExchangeDetail
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment DataExchangeSummary on DataExchange {
  id
  number
  status
  progress
  purpose
  requesterName
  periodFrom
  periodTo
  validUntil
  createdAt
  unit {
    ...UnitSummary
  }
}
fragment DataExchangeDetail on DataExchange {
  ...DataExchangeSummary
  rowCount
  downloads {
    ...DownloadFields
  }
  expiresAt
  error
  decidedByName
  decidedAt
  decisionReason
  completedAt
  transitions {
    ...ApplicationTransitionFields
  }
  viewerCan {
    decide
    download
  }
}
fragment ApplicationTransitionFields on ApplicationTransition {
  fromStatus
  toStatus
  actorLogin
  reason
  at
}
fragment DownloadFields on Download {
  format
  url
  expiresAt
}`) as unknown as TypedDocumentString<DecideDataExchangeMutation, DecideDataExchangeMutationVariables>;
export const StatisticsRequestsDocument = new TypedDocumentString(`
    query StatisticsRequests($filter: ApplicationFilter!, $first: Int, $after: String) {
  statisticsRequests(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...StatisticsRequestSummary
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment StatisticsRequestSummary on StatisticsRequest {
  id
  number
  status
  progress
  purpose
  purposeCategory
  requesterName
  createdAt
  unit {
    ...UnitSummary
  }
}`) as unknown as TypedDocumentString<StatisticsRequestsQuery, StatisticsRequestsQueryVariables>;
export const StatisticsRequestDocument = new TypedDocumentString(`
    query StatisticsRequest($id: UUID!) {
  statisticsRequest(id: $id) {
    ...StatisticsRequestDetail
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment ApplicationTransitionFields on ApplicationTransition {
  fromStatus
  toStatus
  actorLogin
  reason
  at
}
fragment DownloadFields on Download {
  format
  url
  expiresAt
}
fragment StatisticsRequestSummary on StatisticsRequest {
  id
  number
  status
  progress
  purpose
  purposeCategory
  requesterName
  createdAt
  unit {
    ...UnitSummary
  }
}
fragment StatisticsRequestDetail on StatisticsRequest {
  ...StatisticsRequestSummary
  spec {
    period {
      schoolYear
      calendarYear
      from
      to
    }
    counties
    stages
    tags
    organizerIds
    dimensions
    measures
    threshold {
      tag
      hours
    }
  }
  k
  result {
    columns {
      key
      label
      kind
    }
    rows {
      cells
      total
    }
    suppressed
    k
  }
  downloads {
    ...DownloadFields
  }
  expiresAt
  error
  decidedByName
  decidedAt
  decisionReason
  completedAt
  transitions {
    ...ApplicationTransitionFields
  }
  viewerCan {
    decide
    download
  }
}`) as unknown as TypedDocumentString<StatisticsRequestQuery, StatisticsRequestQueryVariables>;
export const StatisticsTagsDocument = new TypedDocumentString(`
    query StatisticsTags {
  tags: courseCodes(list: TAG) {
    code
    name
    nameEn
  }
}
    `) as unknown as TypedDocumentString<StatisticsTagsQuery, StatisticsTagsQueryVariables>;
export const RequestStatisticsDocument = new TypedDocumentString(`
    mutation RequestStatistics($input: StatisticsRequestInput!) {
  requestStatistics(input: $input) {
    request {
      id
      number
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<RequestStatisticsMutation, RequestStatisticsMutationVariables>;
export const DecideStatisticsRequestDocument = new TypedDocumentString(`
    mutation DecideStatisticsRequest($id: UUID!, $approve: Boolean!, $reason: String, $k: Int) {
  decideStatisticsRequest(id: $id, approve: $approve, reason: $reason, k: $k) {
    request {
      ...StatisticsRequestDetail
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment ApplicationTransitionFields on ApplicationTransition {
  fromStatus
  toStatus
  actorLogin
  reason
  at
}
fragment DownloadFields on Download {
  format
  url
  expiresAt
}
fragment StatisticsRequestSummary on StatisticsRequest {
  id
  number
  status
  progress
  purpose
  purposeCategory
  requesterName
  createdAt
  unit {
    ...UnitSummary
  }
}
fragment StatisticsRequestDetail on StatisticsRequest {
  ...StatisticsRequestSummary
  spec {
    period {
      schoolYear
      calendarYear
      from
      to
    }
    counties
    stages
    tags
    organizerIds
    dimensions
    measures
    threshold {
      tag
      hours
    }
  }
  k
  result {
    columns {
      key
      label
      kind
    }
    rows {
      cells
      total
    }
    suppressed
    k
  }
  downloads {
    ...DownloadFields
  }
  expiresAt
  error
  decidedByName
  decidedAt
  decisionReason
  completedAt
  transitions {
    ...ApplicationTransitionFields
  }
  viewerCan {
    decide
    download
  }
}`) as unknown as TypedDocumentString<DecideStatisticsRequestMutation, DecideStatisticsRequestMutationVariables>;
export const ImportTeachersDocument = new TypedDocumentString(`
    mutation ImportTeachers($schoolId: UUID!, $file: Upload!, $dryRun: Boolean!) {
  importTeachers(schoolId: $schoolId, file: $file, dryRun: $dryRun) {
    report {
      format
      rows {
        line
        outcome
        name
        nationalIdMasked
        errors {
          column
          code
          message
          params {
            name
            value
          }
        }
      }
      newCount
      joinedCount
      pendingTransferCount
      updatedCount
      unchangedCount
      errorCount
      committed
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<ImportTeachersMutation, ImportTeachersMutationVariables>;
export const ServiceConflictsDocument = new TypedDocumentString(`
    query ServiceConflicts($schoolId: UUID!) {
  serviceConflicts(schoolId: $schoolId) {
    kind
    rosterStatus
    teacher {
      id
      name
      nationalIdMasked
    }
    statement {
      ...ServiceStatementFields
    }
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment ServiceStatementFields on ServiceStatement {
  source
  statedAt
  recordedAt
  unit {
    ...UnitSummary
  }
}`) as unknown as TypedDocumentString<ServiceConflictsQuery, ServiceConflictsQueryVariables>;
export const ResolveServiceConflictDocument = new TypedDocumentString(`
    mutation ResolveServiceConflict($schoolId: UUID!, $teacherId: UUID!, $accept: Boolean!) {
  resolveServiceConflict(
    schoolId: $schoolId
    teacherId: $teacherId
    accept: $accept
  ) {
    rosterChanged
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<ResolveServiceConflictMutation, ResolveServiceConflictMutationVariables>;
export const MyServiceUnitDocument = new TypedDocumentString(`
    query MyServiceUnit {
  me {
    id
    teacher {
      id
      name
      school {
        ...UnitSummary
      }
      serviceHistory {
        ...ServiceStatementFields
      }
    }
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment ServiceStatementFields on ServiceStatement {
  source
  statedAt
  recordedAt
  unit {
    ...UnitSummary
  }
}`) as unknown as TypedDocumentString<MyServiceUnitQuery, MyServiceUnitQueryVariables>;
export const StateServiceUnitDocument = new TypedDocumentString(`
    mutation StateServiceUnit($unitId: UUID, $since: DateTime) {
  stateServiceUnit(unitId: $unitId, since: $since) {
    recorded
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<StateServiceUnitMutation, StateServiceUnitMutationVariables>;
export const ServiceUnitSearchDocument = new TypedDocumentString(`
    query ServiceUnitSearch($search: String!, $first: Int) {
  orgUnits(filter: {search: $search}, first: $first) {
    totalCount
    nodes {
      id
      code
      name
      kind
      parent {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceUnitSearchQuery, ServiceUnitSearchQueryVariables>;
export const TeacherSchoolDocument = new TypedDocumentString(`
    query TeacherSchool($code: String!) {
  orgUnit(code: $code) {
    id
    code
    name
    kind
    parent {
      code
      name
    }
    viewerCan {
      editTeachers
      readPersonalCodes
    }
  }
}
    `) as unknown as TypedDocumentString<TeacherSchoolQuery, TeacherSchoolQueryVariables>;
export const TeachersDocument = new TypedDocumentString(`
    query Teachers($filter: TeacherFilter!, $first: Int, $after: String) {
  teachers(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...RosterEntryFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UnitSummary on OrgUnit {
  id
  code
  name
}
fragment RosterEntryFields on RosterEntry {
  status
  educationStage
  jobTitle
  joinedAt
  leftAt
  teacher {
    id
    name
    email
    nationalIdMasked
    personalCode
    school {
      ...UnitSummary
    }
    serviceHistory {
      source
      statedAt
      recordedAt
      unit {
        ...UnitSummary
      }
    }
  }
}`) as unknown as TypedDocumentString<TeachersQuery, TeachersQueryVariables>;
export const UpsertTeacherDocument = new TypedDocumentString(`
    mutation UpsertTeacher($input: UpsertTeacherInput!) {
  upsertTeacher(input: $input) {
    outcome
    teacher {
      id
      name
      nationalIdMasked
      personalCode
    }
    transfer {
      id
      status
      statedName
      nationalIdMasked
      takesEffectAt
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<UpsertTeacherMutation, UpsertTeacherMutationVariables>;
export const MarkTeacherLeftDocument = new TypedDocumentString(`
    mutation MarkTeacherLeft($schoolId: UUID!, $teacherId: UUID!) {
  markTeacherLeft(schoolId: $schoolId, teacherId: $teacherId) {
    teacher {
      id
      name
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<MarkTeacherLeftMutation, MarkTeacherLeftMutationVariables>;
export const MyTeacherDocument = new TypedDocumentString(`
    query MyTeacher {
  me {
    id
    teacher {
      id
      name
      nationalIdMasked
      personalCode
      transfers {
        id
        status
        takesEffectAt
        toSchool {
          id
          name
        }
        viewerCan {
          confirm
          object
        }
      }
      school {
        ...UnitSummary
      }
    }
  }
}
    fragment UnitSummary on OrgUnit {
  id
  code
  name
}`) as unknown as TypedDocumentString<MyTeacherQuery, MyTeacherQueryVariables>;
export const TeacherTransfersDocument = new TypedDocumentString(`
    query TeacherTransfers($schoolId: UUID!, $direction: TransferDirection!) {
  teacherTransfers(schoolId: $schoolId, direction: $direction, first: 100) {
    nodes {
      id
      status
      statedName
      nationalIdMasked
      requestedAt
      takesEffectAt
      toSchool {
        id
        name
      }
      teacher {
        name
      }
      viewerCan {
        confirm
        object
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TeacherTransfersQuery, TeacherTransfersQueryVariables>;
export const DecideTeacherTransferDocument = new TypedDocumentString(`
    mutation DecideTeacherTransfer($transferId: UUID!, $accept: Boolean!, $reason: String) {
  decideTeacherTransfer(transferId: $transferId, accept: $accept, reason: $reason) {
    transfer {
      id
      status
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}`) as unknown as TypedDocumentString<DecideTeacherTransferMutation, DecideTeacherTransferMutationVariables>;
export const UnitByCodeDocument = new TypedDocumentString(`
    query UnitByCode($code: String!) {
  orgUnit(code: $code) {
    id
    code
    name
    viewerCan {
      readContacts
    }
  }
}
    `) as unknown as TypedDocumentString<UnitByCodeQuery, UnitByCodeQueryVariables>;
export const UnitListDocument = new TypedDocumentString(`
    query UnitList($filter: OrgUnitFilter, $first: Int, $after: String) {
  orgUnits(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      id
      code
      name
      kind
      district
      contactsConfirmedAt
      countyCode
      viewerCan {
        readContacts
        editContacts
        readUsers
        readTeachers
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`) as unknown as TypedDocumentString<UnitListQuery, UnitListQueryVariables>;
export const UsersUnitDocument = new TypedDocumentString(`
    query UsersUnit($code: String!) {
  orgUnit(code: $code) {
    id
    code
    name
    kind
    viewerCan {
      readUsers
      manageUsers
      grantableRoles
    }
  }
}
    `) as unknown as TypedDocumentString<UsersUnitQuery, UsersUnitQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($filter: UserFilter, $first: Int, $after: String) {
  users(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...UserFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UserFields on User {
  id
  login
  displayName
  email
  isActive
  createdAt
  roles {
    role
    grantedAt
    unit {
      id
      code
      name
      viewerCan {
        grantableRoles
      }
    }
  }
}`) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    user {
      ...UserFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UserFields on User {
  id
  login
  displayName
  email
  isActive
  createdAt
  roles {
    role
    grantedAt
    unit {
      id
      code
      name
      viewerCan {
        grantableRoles
      }
    }
  }
}`) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const GrantRoleDocument = new TypedDocumentString(`
    mutation GrantRole($input: RoleAssignmentInput!) {
  grantRole(input: $input) {
    user {
      ...UserFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UserFields on User {
  id
  login
  displayName
  email
  isActive
  createdAt
  roles {
    role
    grantedAt
    unit {
      id
      code
      name
      viewerCan {
        grantableRoles
      }
    }
  }
}`) as unknown as TypedDocumentString<GrantRoleMutation, GrantRoleMutationVariables>;
export const RevokeRoleDocument = new TypedDocumentString(`
    mutation RevokeRole($input: RoleAssignmentInput!) {
  revokeRole(input: $input) {
    user {
      ...UserFields
    }
    errors {
      ...InputErrorFields
    }
  }
}
    fragment InputErrorFields on InputError {
  field
  code
  message
  params {
    name
    value
  }
}
fragment UserFields on User {
  id
  login
  displayName
  email
  isActive
  createdAt
  roles {
    role
    grantedAt
    unit {
      id
      code
      name
      viewerCan {
        grantableRoles
      }
    }
  }
}`) as unknown as TypedDocumentString<RevokeRoleMutation, RevokeRoleMutationVariables>;
export const GrantUnitsDocument = new TypedDocumentString(`
    query GrantUnits($withinId: UUID!) {
  orgUnits(filter: {withinId: $withinId}, first: 100) {
    totalCount
    nodes {
      id
      code
      name
      kind
      viewerCan {
        grantableRoles
      }
    }
  }
}
    `) as unknown as TypedDocumentString<GrantUnitsQuery, GrantUnitsQueryVariables>;
// Enumerations of the schema as lists for pickers. The `satisfies` and exhaustiveness
// checks make the type check fail when the schema adds or drops a value.
import type { OrgUnitKind, Role } from '../gql/graphql';

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

/** Kinds of unit that govern other units (區管中心 and above). */
export const GOVERNING_KINDS: readonly OrgUnitKind[] = [
  'MINISTRY',
  'K12_ADMINISTRATION',
  'K12_DIVISION',
  'COUNTY_BUREAU',
];

/** Roles whose scope is the whole network. */
export const NETWORK_ROLES: readonly Role[] = ['OPERATOR', 'COMMISSIONER'];

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

/** Paths of the console, in one place so links and routes agree. */
export const paths = {
  directory: '/',
  publicUnit: (code: string) => `/units/${encodeURIComponent(code)}`,
  signIn: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  overview: '/manage',
  contacts: (code: string) => `/manage/units/${encodeURIComponent(code)}/contacts`,
  users: (code: string) => `/manage/units/${encodeURIComponent(code)}/users`,
  units: (withinCode?: string) =>
    withinCode ? `/manage/units?within=${encodeURIComponent(withinCode)}` : '/manage/units',
  audit: '/manage/audit',
} as const;

/** A `next` target after sign-in: only paths of this console, never another origin. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return paths.overview;
  }
  return next;
}

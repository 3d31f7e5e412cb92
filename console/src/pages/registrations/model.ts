// Pure helpers of registration (unit-tested in registrations.test.ts): status wording
// with the waitlist position, the list's status filter, which courses have a list worth
// linking to, personal codes typed at the venue, and the registration errors in words.
import { REGISTRATION_STATUSES } from '../../api/domain';
import { errorParam, inputErrorText, LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import type { CourseStatus, RegistrationStatus } from '../../gql/graphql';
import type { Locale, Translate } from '../../i18n/translate';
import { normalizePersonalCode } from '../teachers/model';

/** 錄取, 備取第 3 位 (備取 when the position is unknown), 本人取消, 主辦單位取消. */
export function registrationStatusText(status: RegistrationStatus, waitlistPosition: number | null | undefined, t: Translate): string {
  if (status === 'WAITLISTED' && waitlistPosition != null && waitlistPosition > 0) {
    return t('registration.waitlistedAt', { n: waitlistPosition });
  }
  return t(`registration.status.${status}`);
}

export const REGISTRATION_BADGE: Record<RegistrationStatus, string> = {
  ADMITTED: 'badge-success',
  WAITLISTED: 'badge-warning',
  CANCELLED: 'badge-muted',
  REMOVED: 'badge-danger',
};

/** The list's `?status=` filter: one known status, or null for all. */
export function parseStatusFilter(value: string | null | undefined): RegistrationStatus | null {
  return (REGISTRATION_STATUSES as readonly string[]).includes(value ?? '') ? (value as RegistrationStatus) : null;
}

/**
 * Whether a course may have registrations to show: only an approved course takes them,
 * and they stay on record once it is held or cancelled. (Permission is the course's
 * `viewerCan.readRegistrations`; this only spares links to lists that must be empty.)
 */
export function hasRegistrationList(status: CourseStatus): boolean {
  return status === 'APPROVED' || status === 'COMPLETED' || status === 'CANCELLED';
}

/** Admitted seats from the course's capacity and the seats left. */
export function admittedCount(capacity: number, seatsLeft: number): number {
  return Math.max(0, capacity - seatsLeft);
}

/**
 * What is wrong with a personal code as typed at the venue, before asking the server:
 * `required` (nothing typed) or `format` (not 10 letters and digits once hyphens and
 * spaces are dropped); the server checks the rest (the check symbol, who it is).
 */
export function onsiteCodeProblem(input: string): 'required' | 'format' | null {
  const code = normalizePersonalCode(input);
  if (code === '') return 'required';
  return /^[0-9A-Z]{10}$/.test(code) ? null : 'format';
}

/**
 * A registration error in the user's language. zh-TW words it from code, field and the
 * values the server names in `params` (the window's Taipei time, seats taken, whose code);
 * English keeps the server's sentence, which says it already. Unknown cases fall back
 * to the general wording of the code, then to the server's message.
 */
export function registrationErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  const field = error.field ?? '';
  const problem = errorParam(error, 'problem');
  switch (error.code) {
    case 'CONFLICT': {
      const opensAt = errorParam(error, 'opensAt');
      if (opensAt) return t('registration.error.notYet', { at: opensAt });
      const closedAt = errorParam(error, 'closedAt');
      if (closedAt) return t('registration.error.closed', { at: closedAt });
      const capacity = errorParam(error, 'capacity');
      if (capacity) return t('registration.error.full', { taken: errorParam(error, 'taken') ?? '', capacity });
      switch (problem) {
        case 'noSchool':
          return t('registration.error.noSchool');
        case 'notOpen':
          return t('registration.error.notOpen');
        case 'started':
          return t('registration.error.started');
        case 'noOnsite':
          return t('registration.error.noOnsite');
        case 'ended':
          return t('registration.error.ended');
        case 'locked':
          return t('registration.error.locked');
        default:
          break;
      }
      const reason = errorParam(error, 'reason');
      if (reason !== undefined) return t('registration.error.removed', { reason });
      if (field === 'id') return t('registration.error.stale');
      break;
    }
    case 'INVALID_PLACEMENT':
      switch (errorParam(error, 'audience')) {
        case 'stage':
          return t('registration.error.stage');
        case 'county':
          return t('registration.error.county');
        case 'role':
          return t('registration.error.role');
        default:
          break;
      }
      return t('registration.error.notEligible');
    case 'ALREADY_EXISTS': {
      const name = errorParam(error, 'name');
      if (name) {
        return t('registration.error.already', {
          name,
          status: t(errorParam(error, 'status') === 'ADMITTED' ? 'registration.status.ADMITTED' : 'registration.status.WAITLISTED'),
        });
      }
      return t('registration.error.alreadyYou');
    }
    case 'NOT_FOUND':
      if (field === 'personalCode') return t('registration.error.codeUnknown');
      if (problem === 'noTeacher') return t('registration.error.noTeacher');
      if (problem === 'notRegistered') return t('registration.error.notRegistered');
      if (field === 'id') return t('registration.error.noRegistration');
      if (field === 'courseId') return t('registration.error.noCourse');
      break;
    case 'INVALID_FORMAT':
      if (field === 'personalCode') return problem === 'checksum' ? t('registration.error.codeCheck') : t('registration.error.codeFormat');
      break;
    case 'REQUIRED':
      if (field === 'reason') return t('registration.error.reasonRequired');
      if (field === 'personalCode') return t('registration.error.codeRequired');
      break;
    default:
      break;
  }
  return inputErrorText(error, t, locale);
}

/** Errors worded for registration, as already-translated errors the fields show as they are. */
export function localizeRegistrationErrors(errors: readonly InputErrorLike[], t: Translate, locale: Locale): InputErrorLike[] {
  return errors.map((e) => ({ field: e.field ?? null, code: LOCAL_ERROR, message: registrationErrorText(e, t, locale) }));
}

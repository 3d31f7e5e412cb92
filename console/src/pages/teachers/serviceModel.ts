// Pure helpers for where teachers serve (服務單位): the sources of statements in words, a
// school's conflicts described (what the statement says, what the roster says, what each
// answer changes), and the teacher's report (its date as a Taipei day, and whether it is
// older than the newest statement, so that it would change nothing).
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import type { ConflictKind, RosterStatus, StatementSource } from '../../gql/graphql';
import type { Translate } from '../../i18n/translate';
import type { MessageKey } from '../../i18n/zh-TW';

export interface StatementLike {
  source: StatementSource;
  statedAt: string;
  unit: { id: string; name: string } | null;
}

export interface ConflictLike {
  kind: ConflictKind;
  rosterStatus: RosterStatus | null;
  teacher: { name: string; nationalIdMasked: string };
  statement: StatementLike;
}

type FormatDate = (value: string) => string;

/** 學校承辦人 / 名冊匯入 / 教師本人 / 登入服務. */
export function sourceKey(source: StatementSource): MessageKey {
  return `teacher.source.${source}`;
}

/** The unit a statement names, or 未在任何單位服務 (left the network, e.g. the profession). */
export function statementUnitText(statement: Pick<StatementLike, 'unit'>, t: Translate): string {
  return statement.unit ? statement.unit.name : t('service.noUnit');
}

/** 臺南市東區勝利國民小學（教師本人，自 2026/11/28 起）. */
export function describeStatement(statement: StatementLike, t: Translate, date: FormatDate): string {
  return t('service.statementSays', {
    source: t(sourceKey(statement.source)),
    unit: statementUnitText(statement, t),
    date: date(statement.statedAt),
  });
}

/** What the school's roster says: 本校名冊：在職 / 已離校 / 已調出, or 不在本校名冊. */
export function rosterText(conflict: Pick<ConflictLike, 'rosterStatus'>, t: Translate): string {
  if (!conflict.rosterStatus) return t('service.roster.none');
  return t('service.roster.status', { status: t(`teacher.status.${conflict.rosterStatus}`) });
}

/** What 接受 changes: the teacher leaves this roster (離職) or joins it. */
export function acceptEffect(kind: ConflictKind, t: Translate): string {
  return t(`service.acceptEffect.${kind}`);
}

/** What 維持名冊 means: the roster stays as it is. */
export function keepEffect(kind: ConflictKind, t: Translate): string {
  return t(`service.keepEffect.${kind}`);
}

/** The outcome, read out after the school answered. */
export function resolvedNotice(conflict: ConflictLike, accept: boolean, t: Translate): string {
  const params = { name: conflict.teacher.name, masked: conflict.teacher.nationalIdMasked };
  return accept ? t(`service.resolved.accept.${conflict.kind}`, params) : t(`service.resolved.keep.${conflict.kind}`, params);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day as `<input type=date>` gives it (YYYY-MM-DD; not 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const [, y, mo, d] = m;
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return at.getUTCFullYear() === Number(y) && at.getUTCMonth() === Number(mo) - 1 && at.getUTCDate() === Number(d);
}

export type SinceResult = { since: string | null; error?: undefined } | { since?: undefined; error: InputErrorLike };

/**
 * The report's `since` from a Taipei day (`<input type=date>`, optional): blank or today
 * mean now (null, the server's default; today's midnight could come before a statement
 * made earlier today, and then the report would not be the newest); an earlier day is its
 * midnight in Taipei (`2026-08-01T00:00:00+08:00`); a later day is refused, as the server
 * refuses it (OUT_OF_RANGE on `since`).
 */
export function sinceFromDay(day: string, today: string, messages: { invalid: string; future: string }): SinceResult {
  const value = day.trim();
  if (value === '') return { since: null };
  if (!isCalendarDay(value)) return { error: { field: 'since', code: LOCAL_ERROR, message: messages.invalid } };
  if (value > today) return { error: { field: 'since', code: LOCAL_ERROR, message: messages.future } };
  if (value === today) return { since: null };
  return { since: `${value}T00:00:00+08:00` };
}

/**
 * The newest statement, when the report (dated `since`, null for now) is older than it:
 * the newest statement wins, so such a report changes nothing and no school is asked.
 */
export function supersedingStatement<S extends Pick<StatementLike, 'statedAt'>>(since: string | null, history: readonly S[]): S | null {
  const newest = history[0];
  if (!newest || since === null) return null;
  const reported = new Date(since).getTime();
  const stated = new Date(newest.statedAt).getTime();
  if (Number.isNaN(reported) || Number.isNaN(stated)) return null;
  return reported < stated ? newest : null;
}

/**
 * The newest statement when it disagrees with the roster (a school still has to confirm
 * it): it names another unit than the roster's school, or none while the teacher is on one.
 */
export function pendingStatement<S extends StatementLike>(school: { id: string } | null, history: readonly S[]): S | null {
  const newest = history[0];
  if (!newest) return null;
  return (newest.unit?.id ?? null) === (school?.id ?? null) ? null : newest;
}

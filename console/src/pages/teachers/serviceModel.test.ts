import { describe, expect, it } from 'vitest';
import { CONFLICT_KINDS, STATEMENT_SOURCES } from '../../api/domain';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { formatDate } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import {
  acceptEffect,
  describeStatement,
  isCalendarDay,
  keepEffect,
  pendingStatement,
  resolvedNotice,
  rosterText,
  sinceFromDay,
  sourceKey,
  statementUnitText,
  supersedingStatement,
  type ConflictLike,
  type StatementLike,
} from './serviceModel';

const zh = translator('zh-TW');
const en = translator('en');
const zhDate = (v: string) => formatDate(v, 'zh-TW');
const enDate = (v: string) => formatDate(v, 'en');

const SHENGLI = { id: 'u-shengli', name: '臺南市東區勝利國民小學' };
const XINGAN = { id: 'u-xingan', name: '臺北市大安區幸安國民小學' };

const statement = (over: Partial<StatementLike> = {}): StatementLike => ({
  source: 'TEACHER',
  // 2026-11-27 16:30 UTC is already 28 November in Taipei.
  statedAt: '2026-11-27T16:30:00Z',
  unit: SHENGLI,
  ...over,
});

const conflict = (over: Partial<ConflictLike> = {}): ConflictLike => ({
  kind: 'SERVES_ELSEWHERE',
  rosterStatus: 'ACTIVE',
  teacher: { name: '林怡君', nationalIdMasked: 'A22****006' },
  statement: statement(),
  ...over,
});

const messages = { invalid: 'INVALID', future: 'FUTURE' };

describe('statement sources in words', () => {
  it('names every source as the brief does, in both languages', () => {
    expect(STATEMENT_SOURCES.map((s) => zh(sourceKey(s)))).toEqual(['學校承辦人', '名冊匯入', '教師本人', '登入服務']);
    expect(STATEMENT_SOURCES.map((s) => en(sourceKey(s)))).toEqual(['School admin', 'Roster import', 'The teacher', 'Sign-in service']);
  });

  it('names the unit, or says the teacher serves nowhere', () => {
    expect(statementUnitText(statement(), zh)).toBe('臺南市東區勝利國民小學');
    expect(statementUnitText(statement({ unit: null }), zh)).toBe('未在任何單位服務');
    expect(statementUnitText(statement({ unit: null }), en)).toBe('Not serving at any unit');
  });
});

describe('a conflict described', () => {
  it('says what the statement says: source, unit and the Taipei day', () => {
    expect(describeStatement(statement(), zh, zhDate)).toBe('臺南市東區勝利國民小學（教師本人，自 2026/11/28 起）');
    expect(describeStatement(statement({ source: 'SIGN_IN_SERVICE', unit: null }), zh, zhDate)).toBe('未在任何單位服務（登入服務，自 2026/11/28 起）');
    expect(describeStatement(statement({ source: 'IMPORT' }), en, enDate)).toBe('臺南市東區勝利國民小學 (Roster import, since 28 Nov 2026)');
  });

  it('says what the roster says', () => {
    expect(rosterText(conflict(), zh)).toBe('本校名冊：在職');
    expect(rosterText(conflict({ kind: 'SERVES_HERE', rosterStatus: null }), zh)).toBe('不在本校名冊');
    expect(rosterText(conflict({ kind: 'SERVES_HERE', rosterStatus: 'LEFT' }), zh)).toBe('本校名冊：已離校');
    expect(rosterText(conflict({ kind: 'SERVES_HERE', rosterStatus: 'MOVED' }), zh)).toBe('本校名冊：已調出');
    expect(rosterText(conflict({ kind: 'SERVES_HERE', rosterStatus: null }), en)).toBe('Not on this school’s roster');
  });

  it('says what each answer changes', () => {
    expect(acceptEffect('SERVES_ELSEWHERE', zh)).toBe('將此教師自本校名冊移除（離職）');
    expect(acceptEffect('SERVES_HERE', zh)).toBe('將此教師加入本校名冊');
    expect(keepEffect('SERVES_ELSEWHERE', zh)).toBe('此教師仍列於本校名冊');
    expect(keepEffect('SERVES_HERE', zh)).toBe('不將此教師加入本校名冊');
    for (const kind of CONFLICT_KINDS) {
      expect(en(`service.conflicts.kind.${kind}`)).not.toBe('');
      expect(acceptEffect(kind, en)).not.toBe(keepEffect(kind, en));
    }
  });

  it('announces the outcome with the masked ID', () => {
    expect(resolvedNotice(conflict(), true, zh)).toBe('已接受異動：林怡君（A22****006）已自本校名冊移除（離職）。');
    expect(resolvedNotice(conflict(), false, zh)).toBe('已維持名冊：林怡君（A22****006）仍列於本校名冊。');
    expect(resolvedNotice(conflict({ kind: 'SERVES_HERE', rosterStatus: null }), true, zh)).toBe('已接受異動：林怡君（A22****006）已加入本校名冊。');
    expect(resolvedNotice(conflict({ kind: 'SERVES_HERE', rosterStatus: null }), false, zh)).toBe('已維持名冊：林怡君（A22****006）未加入本校名冊。');
    expect(resolvedNotice(conflict(), true, en)).toBe('Change accepted: 林怡君 (A22****006) has left this school’s roster.');
  });
});

describe('the report’s date (since)', () => {
  const today = '2026-11-28';

  it('sends nothing (now) for a blank day or today', () => {
    expect(sinceFromDay('', today, messages)).toEqual({ since: null });
    expect(sinceFromDay('  ', today, messages)).toEqual({ since: null });
    expect(sinceFromDay(today, today, messages)).toEqual({ since: null });
  });

  it('reads an earlier day as its midnight in Taipei', () => {
    expect(sinceFromDay('2026-08-01', today, messages)).toEqual({ since: '2026-08-01T00:00:00+08:00' });
    // The same instant as 31 July 16:00 UTC, whatever the browser's zone.
    expect(new Date(sinceFromDay('2026-08-01', today, messages).since ?? '').toISOString()).toBe('2026-07-31T16:00:00.000Z');
    expect(sinceFromDay('2024-02-29', today, messages)).toEqual({ since: '2024-02-29T00:00:00+08:00' });
  });

  it('refuses a later day and an impossible one beside the field', () => {
    expect(sinceFromDay('2026-11-29', today, messages)).toEqual({ error: { field: 'since', code: LOCAL_ERROR, message: 'FUTURE' } });
    expect(sinceFromDay('2026-02-30', today, messages)).toEqual({ error: { field: 'since', code: LOCAL_ERROR, message: 'INVALID' } });
    expect(sinceFromDay('28/11/2026', today, messages)).toEqual({ error: { field: 'since', code: LOCAL_ERROR, message: 'INVALID' } });
  });

  it('knows real calendar days', () => {
    expect(isCalendarDay('2026-11-28')).toBe(true);
    expect(isCalendarDay('2025-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-1-1')).toBe(false);
  });

  it('words the server’s refusal of a future day beside the field', () => {
    expect(zh('code.since.OUT_OF_RANGE')).toContain('不能晚於今天');
  });
});

describe('the teacher’s own record', () => {
  const history = [statement({ statedAt: '2026-11-20T02:00:00Z' }), statement({ source: 'SCHOOL_ADMIN', unit: XINGAN, statedAt: '2025-08-01T00:00:00Z' })];

  it('finds the newest statement a report would not replace', () => {
    expect(supersedingStatement('2026-11-01T00:00:00+08:00', history)).toBe(history[0]);
    expect(supersedingStatement('2026-11-21T00:00:00+08:00', history)).toBeNull();
    expect(supersedingStatement(null, history)).toBeNull();
    expect(supersedingStatement('2026-11-01T00:00:00+08:00', [])).toBeNull();
  });

  it('says whether the newest statement still waits for a school', () => {
    // Said to serve at 勝利, still on 幸安's roster: waiting.
    expect(pendingStatement(XINGAN, history)).toBe(history[0]);
    // The roster agrees.
    expect(pendingStatement(SHENGLI, history)).toBeNull();
    // Serves nowhere and on no roster: nothing to confirm.
    expect(pendingStatement(null, [statement({ unit: null })])).toBeNull();
    expect(pendingStatement(XINGAN, [statement({ unit: null })])).not.toBeNull();
    expect(pendingStatement(XINGAN, [])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { translator } from '../../i18n/translate';
import { unitCan } from '../../test-fixtures';
import type { Me, UnitAccess } from '../../api/session';
import { NO_PERMISSIONS, viewerUnits } from '../../api/session';
import { buildNav } from '../../nav';
import { fileErrorText } from './AttachmentManager';
import {
  announcementStatus,
  createInput,
  draftOf,
  fileTypeLabel,
  formatFileSize,
  isoToTaipeiLocal,
  parseKind,
  publishTargets,
  taipeiLocalToIso,
  updateInput,
  type AnnouncementDraft,
} from './model';
import { interpretUpload } from './upload';

const unit = (id: string, kind: UnitAccess['kind'] = 'COUNTY_BUREAU'): UnitAccess => ({
  id,
  code: id,
  name: id,
  kind,
  viewerCan: unitCan({ readContacts: true, editContacts: true }),
});

function me(roles: Me['roles']): Me {
  return { id: 'me', login: 'x', displayName: 'X', email: null, roles };
}

describe('Taipei datetime-local values', () => {
  it('reads a datetime-local value as Taipei time, with the +08:00 offset', () => {
    expect(taipeiLocalToIso('2026-12-01T09:30')).toBe('2026-12-01T09:30:00+08:00');
    expect(taipeiLocalToIso('2026-12-31T23:59:45')).toBe('2026-12-31T23:59:45+08:00');
    // The same instant as UTC, whatever zone the browser is in.
    expect(new Date(taipeiLocalToIso('2026-12-01T00:15') ?? '').toISOString()).toBe('2026-11-30T16:15:00.000Z');
  });

  it('refuses empty, partial and impossible values', () => {
    expect(taipeiLocalToIso('')).toBeNull();
    expect(taipeiLocalToIso('2026-12-01')).toBeNull();
    expect(taipeiLocalToIso('2026-02-30T10:00')).toBeNull();
    expect(taipeiLocalToIso('2026-12-01T24:00')).toBeNull();
    expect(taipeiLocalToIso('tomorrow')).toBeNull();
  });

  it('shows an instant as Taipei wall-clock time, to the minute', () => {
    expect(isoToTaipeiLocal('2026-11-30T16:15:42Z')).toBe('2026-12-01T00:15');
    expect(isoToTaipeiLocal('2026-12-01T09:30:00+08:00')).toBe('2026-12-01T09:30');
    expect(isoToTaipeiLocal(null)).toBe('');
    expect(isoToTaipeiLocal('not a date')).toBe('');
  });

  it('round-trips', () => {
    for (const local of ['2026-01-01T00:00', '2027-07-31T23:59', '2028-02-29T12:00']) {
      expect(isoToTaipeiLocal(taipeiLocalToIso(local) ?? '')).toBe(local);
    }
  });
});

describe('announcement status', () => {
  const now = new Date('2026-11-28T04:00:00Z');
  it('is live, scheduled or expired', () => {
    expect(announcementStatus({ isLive: true, publishAt: '2026-11-01T00:00:00Z' }, now)).toBe('LIVE');
    expect(announcementStatus({ isLive: false, publishAt: '2026-12-01T00:00:00Z' }, now)).toBe('SCHEDULED');
    expect(announcementStatus({ isLive: false, publishAt: '2026-11-01T00:00:00Z', expiresAt: '2026-11-20T00:00:00Z' }, now)).toBe('EXPIRED');
  });
});

describe('where a viewer may publish', () => {
  it('offers operators the whole network first, then the units of publishing roles, once each', () => {
    const ops = unit('OPS', 'OPERATIONS_TEAM');
    const targets = publishTargets(me([{ role: 'OPERATOR', grantedAt: '', unit: ops }]));
    expect(targets.map((t) => t.unit?.id ?? null)).toEqual([null, 'OPS']);
  });

  it('offers admins their units only, and teachers nothing', () => {
    const taipei = unit('63000');
    const school = unit('D633101', 'SCHOOL');
    const admin = me([
      { role: 'COUNTY_ADMIN', grantedAt: '', unit: taipei },
      { role: 'SCHOOL_ADMIN', grantedAt: '', unit: school },
      { role: 'TEACHER', grantedAt: '', unit: school },
    ]);
    expect(publishTargets(admin).map((t) => t.unit?.id ?? null)).toEqual(['63000', 'D633101']);
    expect(publishTargets(me([{ role: 'TEACHER', grantedAt: '', unit: school }]))).toEqual([]);
    expect(publishTargets(null)).toEqual([]);
  });

  it('puts 公告管理 in the navigation of those the server lets publish', () => {
    const county = me([{ role: 'COUNTY_ADMIN', grantedAt: '', unit: unit('63000') }]);
    const nav = buildNav(county, viewerUnits(county)[0] ?? null, { ...NO_PERMISSIONS, publishAnnouncements: true });
    const entry = nav.find((i) => i.id === 'announcements');
    expect(entry?.href).toBe('/manage/announcements');
    expect(entry?.active('/manage/announcements?kind=NEWS')).toBe(true);
    const teacher = me([{ role: 'TEACHER', grantedAt: '', unit: unit('D633101', 'SCHOOL') }]);
    expect(buildNav(teacher, viewerUnits(teacher)[0] ?? null, NO_PERMISSIONS).map((i) => i.id)).not.toContain('announcements');
    const commissioner = me([{ role: 'COMMISSIONER', grantedAt: '', unit: unit('OPS', 'OPERATIONS_TEAM') }]);
    expect(buildNav(commissioner, null, { ...NO_PERMISSIONS, manageDelegations: true }).map((i) => i.id)).not.toContain('announcements');
    // The flag, not the role: a county admin the server does not let publish has no entry.
    expect(buildNav(county, viewerUnits(county)[0] ?? null, NO_PERMISSIONS).map((i) => i.id)).not.toContain('announcements');
  });
});

describe('editor input', () => {
  const draft = (over: Partial<AnnouncementDraft> = {}): AnnouncementDraft => ({
    kind: 'NEWS',
    unitId: '',
    title: '研習公告',
    bodyMarkdown: '**重要**',
    publishAt: '',
    expiresAt: '',
    pinned: false,
    ...over,
  });

  it('creates for the network without a unit, and leaves blank times to the server', () => {
    expect(createInput(draft(), 'x')).toEqual({ input: { kind: 'NEWS', title: '研習公告', bodyMarkdown: '**重要**', pinned: false } });
    expect(createInput(draft({ unitId: 'u1', publishAt: '2026-12-01T08:00', expiresAt: '2026-12-31T17:00', pinned: true }), 'x')).toEqual({
      input: {
        kind: 'NEWS',
        unitId: 'u1',
        title: '研習公告',
        bodyMarkdown: '**重要**',
        publishAt: '2026-12-01T08:00:00+08:00',
        expiresAt: '2026-12-31T17:00:00+08:00',
        pinned: true,
      },
    });
  });

  it('reports unreadable times beside their fields without sending', () => {
    expect(createInput(draft({ expiresAt: '2026-02-30T10:00' }), '請輸入完整的日期與時間')).toEqual({
      errors: [{ field: 'expiresAt', code: LOCAL_ERROR, message: '請輸入完整的日期與時間' }],
    });
  });

  it('updates times only when changed; a cleared expiry is removed, a cleared publication time is now', () => {
    const saved = {
      kind: 'BULLETIN' as const,
      unit: { id: 'u1' },
      title: 'T',
      bodyMarkdown: '',
      publishAt: '2026-11-30T16:15:42Z',
      expiresAt: '2026-12-31T09:00:00Z',
      pinned: true,
    };
    const initial = draftOf(saved, { kind: 'NEWS', unitId: '' });
    expect(initial).toMatchObject({ kind: 'BULLETIN', unitId: 'u1', publishAt: '2026-12-01T00:15', expiresAt: '2026-12-31T17:00' });
    expect(updateInput('a1', initial, initial, 'x')).toEqual({ input: { id: 'a1', title: 'T', bodyMarkdown: '', pinned: true } });
    const now = new Date('2026-12-02T01:00:00Z');
    expect(updateInput('a1', { ...initial, publishAt: '', expiresAt: '' }, initial, 'x', now)).toEqual({
      input: { id: 'a1', title: 'T', bodyMarkdown: '', pinned: true, publishAt: '2026-12-02T01:00:00.000Z', expiresAt: null },
    });
    expect(updateInput('a1', { ...initial, expiresAt: '2027-01-15T12:00' }, initial, 'x').input?.expiresAt).toBe('2027-01-15T12:00:00+08:00');
  });

  it('reads the kind from the address', () => {
    expect(parseKind('MARQUEE')).toBe('MARQUEE');
    expect(parseKind('marquee')).toBeNull();
    expect(parseKind(null)).toBeNull();
  });
});

describe('attachments', () => {
  it('names file types and sizes', () => {
    expect(fileTypeLabel('application/pdf')).toBe('PDF');
    expect(fileTypeLabel('application/vnd.oasis.opendocument.spreadsheet')).toBe('ODS');
    expect(fileTypeLabel('image/webp')).toBe('WebP');
    expect(fileTypeLabel('text/csv; charset=utf-8')).toBe('CSV');
    expect(formatFileSize(950)).toBe('950 B');
    expect(formatFileSize(2048)).toBe('2.0 KB');
    expect(formatFileSize(150 * 1024)).toBe('150 KB');
    expect(formatFileSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatFileSize(10 * 1024 * 1024)).toBe('10 MB');
  });
});

describe('attachment uploads', () => {
  it('reads a created attachment', () => {
    const body = { id: 'a1', fileName: '研習手冊.pdf', contentType: 'application/pdf', sizeBytes: 1234, url: '/attachments/a1', createdAt: 'x' };
    expect(interpretUpload(201, body, null)).toEqual({
      attachment: { id: 'a1', fileName: '研習手冊.pdf', contentType: 'application/pdf', sizeBytes: 1234, url: '/attachments/a1' },
    });
  });

  it('returns errors about the file, to show beside the control', () => {
    const body = { errors: [{ field: 'file', code: 'INVALID_FORMAT', message: '“x.exe” is not a PDF…' }] };
    expect(interpretUpload(415, body, null)).toEqual({ errors: [{ field: 'file', code: 'INVALID_FORMAT', message: '“x.exe” is not a PDF…', params: [] }] });
    const tooLarge = { errors: [{ field: 'file', code: 'TOO_LONG', message: 'larger', params: [{ name: 'maxMiB', value: '10' }] }] };
    expect(interpretUpload(413, tooLarge, null)).toEqual({ errors: [{ field: 'file', code: 'TOO_LONG', message: 'larger', params: [{ name: 'maxMiB', value: '10' }] }] });
  });

  it('throws the rest as ApiError, with the request id', () => {
    const forbidden = { errors: [{ message: 'No.', extensions: { code: 'FORBIDDEN', requestId: 'r1' } }] };
    expect(() => interpretUpload(403, forbidden, null)).toThrow(ApiError);
    try {
      interpretUpload(403, forbidden, null);
    } catch (e) {
      expect((e as ApiError).code).toBe('FORBIDDEN');
      expect((e as ApiError).requestId).toBe('r1');
    }
    try {
      interpretUpload(502, null, 'r2');
    } catch (e) {
      expect((e as ApiError).code).toBe('INTERNAL');
      expect((e as ApiError).requestId).toBe('r2');
    }
  });

  it('words upload errors in zh-TW, naming the size limit', () => {
    const t = translator('zh-TW');
    expect(
      fileErrorText({ field: 'file', code: 'TOO_LONG', message: '“a.pdf” is larger than 10 MiB.', params: [{ name: 'maxMiB', value: '10' }] }, t, 'zh-TW'),
    ).toBe('檔案太大：每個檔案最大 10 MB');
    expect(fileErrorText({ field: 'file', code: 'INVALID_FORMAT', message: 'x' }, t, 'zh-TW')).toContain('只能上傳 PDF');
    expect(fileErrorText({ field: 'file', code: 'INVALID_FORMAT', message: 'Not a PDF.' }, translator('en'), 'en')).toBe('Not a PDF.');
  });
});

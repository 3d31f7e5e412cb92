// Pure helpers of the announcement pages (unit-tested in announcements.test.ts).
import { ANNOUNCEMENT_KINDS, ANNOUNCEMENT_ROLES } from '../../api/domain';
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import type { Me, UnitAccess } from '../../api/session';
import { isoToTaipeiLocal, taipeiLocalToIso } from '../../i18n/format';
import type { AnnouncementKind, CreateAnnouncementInput, UpdateAnnouncementInput } from '../../gql/graphql';

// Taipei wall-clock times for `datetime-local` fields live in i18n/format.ts (courses use them too).
export { isoToTaipeiLocal, taipeiLocalToIso } from '../../i18n/format';

export type AnnouncementStatus = 'LIVE' | 'SCHEDULED' | 'EXPIRED';

/** Shown now, waiting for its publication time, or past its expiry. */
export function announcementStatus(
  a: { isLive: boolean; publishAt: string; expiresAt?: string | null },
  now: Date = new Date(),
): AnnouncementStatus {
  if (a.isLive) return 'LIVE';
  const publish = new Date(a.publishAt).getTime();
  return publish > now.getTime() ? 'SCHEDULED' : 'EXPIRED';
}

/** A kind from the address (`?kind=NEWS`), or null. */
export function parseKind(value: string | null | undefined): AnnouncementKind | null {
  return ANNOUNCEMENT_KINDS.find((k) => k === value) ?? null;
}

/** Where the viewer may publish: the whole network (operators: `unit` null) and the units of their publishing roles. */
export interface PublishTarget {
  unit: UnitAccess | null;
}

export function publishTargets(me: Me | null): PublishTarget[] {
  const targets: PublishTarget[] = [];
  const seen = new Set<string>();
  const roles = me?.roles ?? [];
  if (roles.some((r) => r.role === 'OPERATOR')) targets.push({ unit: null });
  for (const r of roles) {
    if (!ANNOUNCEMENT_ROLES.includes(r.role) || !r.unit || seen.has(r.unit.id)) continue;
    seen.add(r.unit.id);
    targets.push({ unit: r.unit });
  }
  return targets;
}

/** File types the server accepts (decided from the content), for the file picker. */
export const ATTACHMENT_ACCEPT =
  '.pdf,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.oasis.opendocument.spreadsheet,application/vnd.oasis.opendocument.presentation,image/png,image/jpeg,image/gif,image/webp';

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/vnd.oasis.opendocument.presentation': 'ODP',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
};

/** PDF, ODT, PNG…; the subtype in capitals for anything else. */
export function fileTypeLabel(contentType: string): string {
  const base = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return TYPE_LABELS[base] ?? (base.split('/')[1] ?? base).toUpperCase();
}

/** 950 B, 12 KB, 1.4 MB (binary multiples, as file managers show them). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`;
  const mb = kb / 1024;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** Input names of the announcement mutations; errors for these appear beside their field. */
export const ANNOUNCEMENT_FIELDS = ['kind', 'unitId', 'title', 'bodyMarkdown', 'publishAt', 'expiresAt', 'pinned'] as const;

/** The editor's fields as typed: times as `datetime-local` values in Taipei, unit '' for the network. */
export interface AnnouncementDraft {
  kind: AnnouncementKind;
  unitId: string;
  title: string;
  bodyMarkdown: string;
  publishAt: string;
  expiresAt: string;
  pinned: boolean;
}

export function draftOf(
  a: { kind: AnnouncementKind; unit: { id: string } | null; title: string; bodyMarkdown: string; publishAt: string; expiresAt: string | null; pinned: boolean } | null,
  defaults: { kind: AnnouncementKind; unitId: string },
): AnnouncementDraft {
  if (!a) return { kind: defaults.kind, unitId: defaults.unitId, title: '', bodyMarkdown: '', publishAt: '', expiresAt: '', pinned: false };
  return {
    kind: a.kind,
    unitId: a.unit?.id ?? '',
    title: a.title,
    bodyMarkdown: a.bodyMarkdown,
    publishAt: isoToTaipeiLocal(a.publishAt),
    expiresAt: isoToTaipeiLocal(a.expiresAt),
    pinned: a.pinned,
  };
}

type Built<I> = { input: I; errors?: undefined } | { input?: undefined; errors: InputErrorLike[] };

/** Times typed but not readable (a partly filled field): reported beside the field, in the user's language. */
function timeErrors(d: AnnouncementDraft, invalidMessage: string): InputErrorLike[] {
  const errors: InputErrorLike[] = [];
  for (const field of ['publishAt', 'expiresAt'] as const) {
    if (d[field].trim() !== '' && taipeiLocalToIso(d[field]) === null) {
      errors.push({ field, code: LOCAL_ERROR, message: invalidMessage });
    }
  }
  return errors;
}

/** createAnnouncement's input: blank times are left out (publish now, never expire). */
export function createInput(d: AnnouncementDraft, invalidMessage: string): Built<CreateAnnouncementInput> {
  const errors = timeErrors(d, invalidMessage);
  if (errors.length > 0) return { errors };
  const input: CreateAnnouncementInput = { kind: d.kind, title: d.title, bodyMarkdown: d.bodyMarkdown, pinned: d.pinned };
  if (d.unitId) input.unitId = d.unitId;
  const publishAt = taipeiLocalToIso(d.publishAt);
  const expiresAt = taipeiLocalToIso(d.expiresAt);
  if (publishAt) input.publishAt = publishAt;
  if (expiresAt) input.expiresAt = expiresAt;
  return { input };
}

/**
 * updateAnnouncement's input. Times are sent only when changed (the field shows them to
 * the minute, so sending them back would move them); a cleared publication time means
 * now, a cleared expiry removes it (`null`).
 */
export function updateInput(
  id: string,
  d: AnnouncementDraft,
  initial: AnnouncementDraft,
  invalidMessage: string,
  now: Date = new Date(),
): Built<UpdateAnnouncementInput> {
  const errors = timeErrors(d, invalidMessage);
  if (errors.length > 0) return { errors };
  const input: UpdateAnnouncementInput = { id, title: d.title, bodyMarkdown: d.bodyMarkdown, pinned: d.pinned };
  if (d.publishAt !== initial.publishAt) input.publishAt = taipeiLocalToIso(d.publishAt) ?? now.toISOString();
  if (d.expiresAt !== initial.expiresAt) input.expiresAt = taipeiLocalToIso(d.expiresAt);
  return { input };
}

// Attachments are uploaded outside GraphQL: POST /announcements/<id>/attachments,
// multipart with one field `file`. The X-Requested-With header is required (a cross-site
// form cannot send it, so the session cookie cannot be used from another site).
import { ApiError } from '../../api/client';
import type { InputErrorLike } from '../../api/inputErrors';

export interface UploadedAttachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  url: string;
}

export type UploadResult = { attachment: UploadedAttachment; errors?: undefined } | { attachment?: undefined; errors: InputErrorLike[] };

interface UploadBody {
  id?: unknown;
  fileName?: unknown;
  contentType?: unknown;
  sizeBytes?: unknown;
  url?: unknown;
  errors?: {
    field?: string | null;
    code?: string;
    message?: string;
    params?: { name: string; value: string }[];
    extensions?: { code?: string; requestId?: string };
  }[];
}

/**
 * The server's answer as an attachment (201), errors about the file to show beside the
 * control (4xx with `{errors: [{field, code, message, params}]}`), or an ApiError for the rest
 * (sign-in needed, no permission, a fault; the same shape as GraphQL's top-level errors).
 */
export function interpretUpload(status: number, body: UploadBody | null, headerRequestId: string | null): UploadResult {
  if (status === 201 && body && typeof body.id === 'string' && typeof body.url === 'string') {
    return {
      attachment: {
        id: body.id,
        fileName: typeof body.fileName === 'string' ? body.fileName : '',
        contentType: typeof body.contentType === 'string' ? body.contentType : '',
        sizeBytes: typeof body.sizeBytes === 'number' ? body.sizeBytes : 0,
        url: body.url,
      },
    };
  }
  const errors = body?.errors ?? [];
  const inputErrors = errors.filter((e) => typeof e.code === 'string' && !e.extensions);
  if (status >= 400 && status < 500 && inputErrors.length > 0) {
    return {
      errors: inputErrors.map((e) => ({ field: e.field ?? null, code: e.code ?? '', message: e.message ?? '', params: e.params ?? [] })),
    };
  }
  const first = errors[0];
  const code = first?.extensions?.code ?? (status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  throw new ApiError(code, first?.message ?? `Upload failed (HTTP ${status})`, first?.extensions?.requestId ?? headerRequestId, status);
}

export async function uploadAttachment(announcementId: string, file: File): Promise<UploadResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/announcements/${encodeURIComponent(announcementId)}/attachments`, {
      method: 'POST',
      body: form,
      headers: { 'x-requested-with': 'inservice', accept: 'application/json' },
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError('NETWORK', e instanceof Error ? e.message : String(e), null);
  }
  let body: UploadBody | null = null;
  try {
    body = (await response.json()) as UploadBody;
  } catch {
    body = null;
  }
  return interpretUpload(response.status, body, response.headers.get('x-request-id'));
}

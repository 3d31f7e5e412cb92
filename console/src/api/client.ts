// The console's one way to talk to the server: POST /graphql on the same origin.
// The session lives in an HttpOnly cookie set by the server; the console never sees it.
import type { TypedDocumentString } from '../gql/graphql';

/** Codes of top-level GraphQL errors (`extensions.code`) that the console handles. */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'INVALID_SESSION'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'INTERNAL'
  | 'NETWORK';

/** A top-level failure: authentication, authorization, malformed request, fault. */
export class ApiError extends Error {
  readonly code: ApiErrorCode | string;
  readonly requestId: string | null;
  readonly status: number | null;

  constructor(code: string, message: string, requestId: string | null, status: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.requestId = requestId;
    this.status = status;
  }

  /** The user must sign in (again) to continue. */
  get needsSignIn(): boolean {
    return this.code === 'UNAUTHENTICATED' || this.code === 'INVALID_SESSION';
  }
}

interface GraphQLErrorJson {
  message?: string;
  extensions?: { code?: string; requestId?: string };
}

interface GraphQLResponseJson<T> {
  data?: T | null;
  errors?: GraphQLErrorJson[];
}

type Listener = (error: ApiError) => void;
const authListeners = new Set<Listener>();

/** Called whenever the server says the session is missing or dead. */
export function onAuthRequired(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * A query that anonymous visitors may make (the directory). When the cookie turned
   * out to be dead, the server has cleared it; retry once as anonymous instead of
   * sending the visitor to sign in.
   */
  public?: boolean;
}

/** Turns a GraphQL response body into data or an ApiError (pure; unit-tested). */
export function interpretResponse<T>(
  body: GraphQLResponseJson<T> | null,
  status: number,
  headerRequestId: string | null,
): T {
  const first = body?.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    const requestId = first.extensions?.requestId ?? headerRequestId;
    throw new ApiError(code, first.message ?? 'Request failed', requestId, status);
  }
  if (!body || body.data == null) {
    throw new ApiError(status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', `Unexpected response (HTTP ${status})`, headerRequestId, status);
  }
  return body.data;
}

/**
 * The body of a GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-spec)
 * carrying one file: `operations` with the file's variable set to null, `map` pointing part
 * `0` at it, and the file as part `0`.
 */
export function multipartBody(query: string, variables: Record<string, unknown>, fileVariable: string, file: Blob, fileName: string): FormData {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: { ...variables, [fileVariable]: null } }));
  form.append('map', JSON.stringify({ '0': [`variables.${fileVariable}`] }));
  form.append('0', file, fileName);
  return form;
}

/** The same as `request`, sending `file` as the variable `fileVariable` (a multipart upload). */
export function requestWithFile<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: Omit<TVariables, 'file'>,
  file: File,
  options: RequestOptions = {},
): Promise<TResult> {
  return request(document, variables as TVariables, options, file);
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: RequestOptions = {},
  file?: File,
): Promise<TResult> {
  const send = async (): Promise<TResult> => {
    let response: Response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        // Uploads: the browser sets multipart/form-data with its boundary; the server
        // requires X-Requested-With on them (a cross-site form cannot send it).
        headers: file
          ? { 'x-requested-with': 'inservice', accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
        body: file
          ? multipartBody(document.toString(), variables as Record<string, unknown>, 'file', file, file.name)
          : JSON.stringify({ query: document.toString(), variables }),
        signal: options.signal ?? null,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError('NETWORK', e instanceof Error ? e.message : String(e), null);
    }
    const requestId = response.headers.get('x-request-id');
    let body: GraphQLResponseJson<TResult> | null = null;
    try {
      body = (await response.json()) as GraphQLResponseJson<TResult>;
    } catch {
      body = null;
    }
    return interpretResponse(body, response.status, requestId);
  };

  try {
    return await send();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'INVALID_SESSION') {
      // The server has cleared the dead cookie. Let the session know.
      authListeners.forEach((l) => l(e));
      if (options.public) return send();
    } else if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
      authListeners.forEach((l) => l(e));
    }
    throw e;
  }
}

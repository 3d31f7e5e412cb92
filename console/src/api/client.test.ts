import { describe, expect, it } from 'vitest';
import { ApiError, interpretResponse } from './client';

describe('GraphQL responses', () => {
  it('returns data when there are no errors', () => {
    expect(interpretResponse({ data: { me: null } }, 200, null)).toEqual({ me: null });
  });

  it('turns a top-level error into an ApiError with its code and request id', () => {
    const body = {
      data: null,
      errors: [{ message: 'You do not have permission.', extensions: { code: 'FORBIDDEN', requestId: 'r-1' } }],
    };
    try {
      interpretResponse(body, 200, 'header-id');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      const error = e as ApiError;
      expect(error.code).toBe('FORBIDDEN');
      expect(error.requestId).toBe('r-1');
      expect(error.needsSignIn).toBe(false);
    }
  });

  it('knows which codes send the user to sign in', () => {
    for (const code of ['UNAUTHENTICATED', 'INVALID_SESSION']) {
      expect(new ApiError(code, '', null).needsSignIn).toBe(true);
    }
    expect(new ApiError('INTERNAL', '', null).needsSignIn).toBe(false);
  });

  it('treats a body without data as a fault, keeping the header request id', () => {
    expect(() => interpretResponse(null, 502, 'h-2')).toThrow(ApiError);
    try {
      interpretResponse(null, 502, 'h-2');
    } catch (e) {
      expect((e as ApiError).code).toBe('INTERNAL');
      expect((e as ApiError).requestId).toBe('h-2');
    }
  });
});

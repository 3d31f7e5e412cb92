/** One changed field of an audit entry, for display. */
export interface Change {
  field: string;
  from: string;
  to: string;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** `{"field": {"from": …, "to": …}}` (or plain values) as rows; anything else as one row. */
export function parseChanges(changes: unknown): Change[] {
  if (changes === null || changes === undefined) return [];
  if (typeof changes !== 'object' || Array.isArray(changes)) {
    return [{ field: '', from: '', to: show(changes) }];
  }
  return Object.entries(changes as Record<string, unknown>).map(([field, value]) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && ('from' in value || 'to' in value)) {
      const v = value as { from?: unknown; to?: unknown };
      return { field, from: 'from' in v ? show(v.from) : '', to: show(v.to) };
    }
    return { field, from: '', to: show(value) };
  });
}

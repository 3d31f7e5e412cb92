/** What an action on one row (a reminder, a retry) came to, shown in that row. */
export interface RowOutcome {
  ok: boolean;
  text: string;
}

/** A success is plain text (the toast announces it); a failure is an alert, read out at once. */
export function RowResult({ result }: { result: RowOutcome }) {
  return result.ok ? (
    <p className="row-result tone-success small" data-testid="row-result">
      <span aria-hidden="true">✓ </span>
      {result.text}
    </p>
  ) : (
    <p className="row-result field-error" role="alert" data-testid="row-result">
      <span aria-hidden="true" className="field-error-icon">!</span>
      {result.text}
    </p>
  );
}

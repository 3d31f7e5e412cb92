import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';

let navigated = false;
/** Called by the layout when the location changes after the first render. */
export function markNavigated() {
  navigated = true;
}

/**
 * The page's <h1>. Sets the document title and, after an in-app navigation, moves
 * focus to the heading so screen-reader and keyboard users start at the new page.
 */
export function PageTitle({ children, title, actions, lead }: {
  children: ReactNode;
  /** Document title when `children` is not plain text. */
  title?: string;
  actions?: ReactNode;
  lead?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useI18n();
  const text = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    document.title = text ? `${text} | ${t('app.name')}` : t('app.name');
  }, [text, t]);
  useEffect(() => {
    if (navigated) ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <div className="page-head">
      <div className="page-head-text">
        <h1 ref={ref} tabIndex={-1}>{children}</h1>
        {lead && <div className="page-lead">{lead}</div>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('app.loading')}</span>
    </div>
  );
}

import { useRef } from 'react';
import { useAnnounce } from '../../components/Announcer';
import { useI18n } from '../../i18n';
import { normalizePersonalCode, personalCodeGroups } from './model';

/**
 * 個人專用識別碼 in monospace groups (`7KQ2-M9XA-4B`). The hyphens are part of the text,
 * so a code selected by hand and pasted anywhere still reads (the server ignores them).
 */
export function PersonalCode({ code, large = false }: { code: string; large?: boolean }) {
  const groups = personalCodeGroups(code);
  return (
    <span className={`personal-code ${large ? 'personal-code-large' : ''}`} data-testid="personal-code" translate="no">
      {groups.map((g, i) => (
        <span key={i}>
          {i > 0 && <span className="personal-code-sep">-</span>}
          <span className="personal-code-group">{g}</span>
        </span>
      ))}
    </span>
  );
}

/**
 * The code and a button that copies it (without hyphens, as other systems expect). When
 * the browser has no clipboard access, the code is selected for Ctrl+C instead.
 */
export function CopyablePersonalCode({ code, owner, large = false }: { code: string; owner: string; large?: boolean }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const ref = useRef<HTMLSpanElement>(null);

  const selectCode = () => {
    const el = ref.current;
    const selection = window.getSelection();
    if (!el || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(normalizePersonalCode(code));
      announce(t('teachers.copied', { name: owner }));
    } catch {
      selectCode();
      announce(t('teachers.copyManually'));
    }
  };

  return (
    <span className={`personal-code-copy ${large ? 'is-large' : ''}`}>
      <span ref={ref}>
        <PersonalCode code={code} large={large} />
      </span>
      <button type="button" className={`button button-small ${large ? '' : 'button-quiet'}`} onClick={() => void copy()} data-testid="copy-code">
        {t('teachers.copy')}
        <span className="sr-only"> {t('teachers.copyWhose', { name: owner })}</span>
      </button>
    </span>
  );
}

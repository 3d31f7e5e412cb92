import { useI18n } from '../../i18n';
import { sourceKey, statementUnitText, type StatementLike } from './serviceModel';

type Statement = StatementLike & { recordedAt: string };

/**
 * Where a teacher served, newest statement first: the day it was true (Taipei), the unit
 * (or 未在任何單位服務), who said so (學校承辦人 / 名冊匯入 / 教師本人 / 登入服務) and when it
 * was recorded. Shown in the roster's rows and on the teacher's own card.
 */
export function ServiceHistory({ statements, label, testId }: { statements: readonly Statement[]; label: string; testId?: string }) {
  const { t, date, dateTime } = useI18n();
  if (statements.length === 0) return <p className="small muted">{t('teachers.historyEmpty')}</p>;
  return (
    <ol className="attempt-list service-history" aria-label={label} data-testid={testId}>
      {statements.map((s, i) => (
        <li key={i} data-source={s.source}>
          <time dateTime={s.statedAt} className="nowrap">
            {date(s.statedAt)}
          </time>
          <span>{statementUnitText(s, t)}</span>
          <span className="badge">{t(sourceKey(s.source))}</span>
          <span className="muted small nowrap">{t('teachers.recordedAt', { date: dateTime(s.recordedAt) })}</span>
        </li>
      ))}
    </ol>
  );
}

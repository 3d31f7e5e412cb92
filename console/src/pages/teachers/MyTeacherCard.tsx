import { useId } from 'react';
import { Link } from 'wouter';
import { paths } from '../../api/domain';
import { useQuery } from '../../api/useQuery';
import { ActionError } from '../../components/ErrorView';
import { MyTeacherDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { MyServiceUnit } from './MyServiceUnit';
import { MyTransfers } from './MyTransfers';
import { CopyablePersonalCode } from './PersonalCode';

/**
 * The teacher's home: their personal code, large, with the masked national ID and the
 * school. Asked for on the dashboard only (not with the session on every page), and shown
 * only to accounts linked to a teacher record, followed by where they serve (我的服務單位,
 * with 回報服務單位異動).
 */
export function MyTeacherCard() {
  const { t } = useI18n();
  const headingId = useId();
  const query = useQuery(MyTeacherDocument, {});
  if (query.error) return <ActionError error={query.error} />;
  const teacher = query.data?.me?.teacher;
  if (!teacher) return null;
  return (
    <>
      <section className="card my-teacher-card" aria-labelledby={headingId} data-testid="my-teacher-card">
        <h2 id={headingId}>{t('myTeacher.title')}</h2>
        {teacher.personalCode ? (
          <div className="my-teacher-code">
            <CopyablePersonalCode code={teacher.personalCode} owner={teacher.name} large />
          </div>
        ) : (
          <p className="muted">{t('myTeacher.noCode')}</p>
        )}
        <p className="my-teacher-note">{t('myTeacher.explanation')}</p>
        <dl className="facts my-teacher-facts">
          <div>
            <dt>{t('teacher.name')}</dt>
            <dd>{teacher.name}</dd>
          </div>
          <div>
            <dt>{t('teacher.nationalIdMasked')}</dt>
            <dd className="mono" data-testid="my-masked-id">
              {teacher.nationalIdMasked}
            </dd>
          </div>
          <div>
            <dt>{t('myTeacher.school')}</dt>
            <dd data-testid="my-school">{teacher.school ? teacher.school.name : <span className="muted">{t('myTeacher.noSchool')}</span>}</dd>
          </div>
        </dl>
        <p className="my-teacher-hours">
          <Link href={paths.myHours()} data-testid="my-hours-link">
            {t('myTeacher.hoursLink')}
          </Link>
        </p>
      </section>
      <MyTransfers transfers={teacher.transfers} onDecided={() => void query.refetch().catch(() => undefined)} />
      <MyServiceUnit />
    </>
  );
}

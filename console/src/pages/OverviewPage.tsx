import { Link } from 'wouter';
import { GOVERNING_KINDS, NETWORK_ROLES, paths } from '../api/domain';
import { useSession } from '../api/session';
import { Marquee } from '../components/Marquee';
import { PageTitle } from '../components/Page';
import { LandingAnnouncements } from './announcements/LandingAnnouncements';
import { MyTeacherCard } from './teachers/MyTeacherCard';
import { usesCountyReport, usesDataExchange, usesStatistics } from './statistics/access';
import { useI18n, type MessageKey } from '../i18n';

interface Task {
  href: string;
  title: MessageKey;
  body: MessageKey;
}

/** The signed-in home: the viewer's roles and the work open to them at the current unit. */
export function OverviewPage() {
  const { t } = useI18n();
  const { me, current, permissions, units } = useSession();
  if (!me) return null;

  const tasks: Task[] = [];
  if (permissions.readOwnHours) tasks.push({ href: paths.myHours(), title: 'nav.myHours', body: 'overview.myHoursCard' });
  if (current) {
    const { unit, roles } = current;
    const can = unit.viewerCan;
    if (can.readContacts) tasks.push({ href: paths.contacts(unit.code), title: 'nav.contacts', body: 'overview.contactsCard' });
    if (roles.some((r) => NETWORK_ROLES.includes(r))) {
      tasks.push({ href: paths.units(), title: 'nav.allUnits', body: 'overview.allUnitsCard' });
    } else if (GOVERNING_KINDS.includes(unit.kind) && can.readContacts) {
      tasks.push({ href: paths.units(unit.code), title: 'nav.governed', body: 'overview.governedCard' });
    }
    if (unit.kind === 'SCHOOL' && can.readTeachers) {
      tasks.push({ href: paths.teachers(unit.code), title: 'nav.teachers', body: 'overview.teachersCard' });
    }
    if (can.editCourses) {
      tasks.push({ href: paths.unitCourses(unit.code), title: 'nav.unitCourses', body: 'overview.unitCoursesCard' });
    }
    if (can.readUsers) tasks.push({ href: paths.users(unit.code), title: 'nav.users', body: 'overview.usersCard' });
    if (can.readAudit) tasks.push({ href: paths.audit, title: 'nav.audit', body: 'overview.auditCard' });
  }
  if (permissions.reviewCourses) tasks.push({ href: paths.reviews, title: 'nav.reviews', body: 'overview.reviewsCard' });
  if (permissions.readRosters) {
    // A school admin confirms its own roster; the others follow their schools' progress.
    const body = units.some((u) => u.unit.viewerCan.confirmRoster) ? 'overview.rosterSchoolCard' : 'overview.rosterCard';
    tasks.push({ href: paths.roster(), title: 'nav.roster', body });
  }
  if (permissions.manageDelegations) {
    tasks.push({ href: paths.delegations, title: 'nav.delegations', body: 'overview.delegationsCard' });
  }
  // As in the menu (nav.ts): statistics and data exchange from the server's flags, the county
  // report from the roles.
  if (usesStatistics(permissions)) tasks.push({ href: paths.statistics(), title: 'nav.statistics', body: 'overview.statisticsCard' });
  if (usesDataExchange(permissions)) tasks.push({ href: paths.dataExchanges(), title: 'nav.dataExchanges', body: 'overview.dataExchangesCard' });
  if (usesCountyReport(me)) tasks.push({ href: paths.countyReport(), title: 'nav.countyReport', body: 'overview.countyReportCard' });
  if (permissions.readOutbox) tasks.push({ href: paths.outbox, title: 'nav.outbox', body: 'overview.outboxCard' });
  if (permissions.publishAnnouncements) {
    tasks.push({ href: paths.manageAnnouncements, title: 'nav.announcements', body: 'overview.announcementsCard' });
  }
  tasks.push({ href: paths.courses(), title: 'nav.courses', body: 'overview.coursesCard' });
  tasks.push({ href: paths.directory, title: 'nav.directory', body: 'overview.directoryCard' });

  return (
    <>
      <Marquee />
      <PageTitle title={t('overview.title')}>{t('overview.welcome', { name: me.displayName })}</PageTitle>
      <MyTeacherCard />
      <LandingAnnouncements />
      <section className="card" aria-labelledby="roles-heading">
        <h2 id="roles-heading">{t('overview.roles')}</h2>
        {me.roles.length === 0 ? (
          <p>{t('overview.noRoles')}</p>
        ) : (
          <ul className="role-summary">
            {me.roles.map((r) => (
              <li key={`${r.role}:${r.unit?.id ?? ''}`}>
                <span className="badge">{t(`role.${r.role}`)}</span> {r.unit?.name}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">{current ? t('overview.tasks', { unit: current.unit.name }) : t('overview.title')}</h2>
        <ul className="task-grid">
          {tasks.map((task) => (
            <li key={task.href}>
              <Link href={task.href} className="task-card">
                <span className="task-title">{t(task.title)}</span>
                <span className="task-body">{t(task.body)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

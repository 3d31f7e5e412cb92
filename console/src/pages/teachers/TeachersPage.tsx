import { Fragment, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { request } from '../../api/client';
import { paths } from '../../api/domain';
import { inputErrorText } from '../../api/inputErrors';
import { useSession } from '../../api/session';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { ActionError, ErrorView, NotFound } from '../../components/ErrorView';
import { CheckboxField, TextField } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { Loading, PageTitle } from '../../components/Page';
import {
  MarkTeacherLeftDocument,
  TeachersDocument,
  TeacherSchoolDocument,
  type RosterEntryFieldsFragment,
  type RosterStatus,
  type TeacherSchoolQuery,
  type TeachersQuery,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { ImportPanel } from './ImportPanel';
import { CopyablePersonalCode, PersonalCode } from './PersonalCode';
import { ServiceConflicts } from './ServiceConflicts';
import { ServiceHistory } from './ServiceHistory';
import { TeacherTransfers } from './TeacherTransfers';
import { TeacherForm, type UpsertResult } from './TeacherForm';

const PAGE_SIZE = 50;
const ALL_STATUSES: RosterStatus[] = ['ACTIVE', 'LEFT', 'MOVED'];
const selectTeachers = (d: TeachersQuery) => d.teachers;

type Entry = RosterEntryFieldsFragment;
type School = NonNullable<TeacherSchoolQuery['orgUnit']>;
type Notice =
  | { kind: 'saved'; result: UpsertResult }
  | { kind: 'left'; name: string; masked: string }
  | { kind: 'resolved'; text: string };

const STATUS_BADGE: Record<RosterStatus, string> = {
  ACTIVE: 'badge-success',
  LEFT: 'badge-muted',
  MOVED: 'badge-warning',
};

/** 教師名冊: a school's teachers, for the school (edit, personal codes) and its governors (read). */
export function TeachersPage({ code }: { code: string }) {
  const { t } = useI18n();
  const query = useQuery(TeacherSchoolDocument, { code });
  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const unit = query.data.orgUnit;
  if (!unit) return <NotFound />;
  if (unit.kind !== 'SCHOOL') {
    return (
      <>
        <PageTitle>{t('teachers.title', { unit: unit.name })}</PageTitle>
        <p className="card empty" data-testid="not-a-school">
          {t('teachers.notASchool')}
        </p>
      </>
    );
  }
  return <Roster school={unit} />;
}

function Roster({ school }: { school: School }) {
  const { t, date, locale } = useI18n();
  const session = useSession();
  // Names are personal data: the search stays in the page, out of the URL (and so out of
  // the history, bookmarks and the server's access log).
  const [draftSearch, setDraftSearch] = useState('');
  const [search, setSearch] = useState('');
  const [includeAll, setIncludeAll] = useState(false);
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  const [leaving, setLeaving] = useState<Entry | null>(null);
  const leave = useMutation();
  const { busy, failure } = leave;
  const leaveErrors = leave.errors.map((e) => inputErrorText(e, t, locale));
  const [notice, setNotice] = useState<Notice | null>(null);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [importing, setImporting] = useState(false);
  const importButton = useRef<HTMLButtonElement>(null);
  // Bumped when the roster changes here, so that the conflicts are asked for again.
  const [rosterVersion, setRosterVersion] = useState(0);
  const rosterChanged = () => setRosterVersion((v) => v + 1);

  const result = usePagedQuery(
    TeachersDocument,
    { filter: { schoolId: school.id, status: includeAll ? ALL_STATUSES : null, search: search || null }, first: PAGE_SIZE },
    selectTeachers,
  );

  // Refused or failed before anything was shown: the whole page says so (無權限, sign in…).
  if (result.error && !result.data) return <ErrorView error={result.error} onRetry={() => void result.refetch()} />;

  const rolesHere = session.units.find((u) => u.unit.id === school.id)?.roles ?? [];
  const canEdit = school.viewerCan.editTeachers;
  const entries = result.nodes;
  // The code column is for the school; anyone else gets null codes and no column.
  const showCodes = school.viewerCan.readPersonalCodes || entries.some((e) => e.teacher.personalCode);
  const columns = showCodes ? 7 : 6;
  const showBreadcrumb = session.status === 'ready' && rolesHere.length === 0 && school.parent;

  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setSearch(draftSearch.trim());
  };

  const onSaved = (saved: UpsertResult) => {
    setEditing(null);
    setNotice({ kind: 'saved', result: saved });
    rosterChanged();
    void result.refetch().catch(() => {
      // The list shows its own error.
    });
  };

  const markLeft = async (entry: Entry) => {
    if (busy) return;
    const payload = await leave.run(async () => {
      const { markTeacherLeft: p } = await request(MarkTeacherLeftDocument, { schoolId: school.id, teacherId: entry.teacher.id });
      if (p.errors.length === 0) {
        setLeaving(null);
        setNotice({ kind: 'left', name: entry.teacher.name, masked: entry.teacher.nationalIdMasked });
        rosterChanged();
        await result.refetch();
      }
      return p;
    });
    // The failure shows above the list.
    if (!payload) setLeaving(null);
  };

  const closeImport = () => {
    setImporting(false);
    importButton.current?.focus();
  };

  const onImported = () => {
    rosterChanged();
    void result.refetch().catch(() => {
      // The list shows its own error.
    });
  };

  // Accepting changes the roster; keeping it adds a statement to the teacher's history.
  const onConflictResolved = (text: string) => {
    setNotice({ kind: 'resolved', text });
    void result.refetch().catch(() => {
      // The list shows its own error.
    });
  };

  const toggleHistory = (id: string) => setOpen((o) => ({ ...o, [id]: !o[id] }));

  return (
    <>
      {showBreadcrumb && school.parent && (
        <p className="breadcrumb">
          <Link href={paths.units(school.parent.code)}>{t('units.titleWithin', { unit: school.parent.name })}</Link>
        </p>
      )}
      <PageTitle
        lead={<p>{canEdit ? t('teachers.intro') : t('teachers.introReadOnly')}</p>}
        actions={
          canEdit && (
            <>
              <button
                ref={importButton}
                type="button"
                className="button"
                aria-expanded={importing}
                aria-controls={importing ? 'teacher-import' : undefined}
                onClick={() => (importing ? closeImport() : setImporting(true))}
              >
                <span aria-hidden="true">⤒</span> {t('import.open')}
              </button>
              <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
                <span aria-hidden="true">＋</span> {t('teachers.add')}
              </button>
            </>
          )
        }
      >
        {t('teachers.title', { unit: school.name })}
      </PageTitle>

      {!canEdit && <p className="alert alert-info">{t('teachers.readOnly')}</p>}
      <ActionError error={failure} />
      {/* A live region that is always there, so each new outcome is read out. */}
      <div role="status" aria-live="polite" className="teacher-notice-region" data-testid="teacher-notice">
        {notice && <NoticeView notice={notice} />}
      </div>
      {canEdit && importing && <ImportPanel schoolId={school.id} onClose={closeImport} onImported={onImported} />}
      {canEdit && <ServiceConflicts schoolId={school.id} version={rosterVersion} onResolved={onConflictResolved} />}
      {canEdit && <TeacherTransfers schoolId={school.id} version={rosterVersion} onDecided={() => void result.refetch().catch(() => undefined)} />}

      <form className="filters card teacher-filters" role="search" aria-label={t('teachers.searchLabel')} onSubmit={submitSearch}>
        <TextField className="filter-grow" label={t('teachers.search')} type="search" name="q" value={draftSearch} onChange={(e) => setDraftSearch(e.target.value)} autoComplete="off" />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('common.search')}
          </button>
        </div>
        <CheckboxField
          className="filter-check"
          label={t('teachers.includeAll')}
          name="includeAll"
          checked={includeAll}
          onChange={(e) => setIncludeAll(e.target.checked)}
        />
      </form>

      <h2 id="teachers-heading" className="sr-only" tabIndex={-1}>
        {t('teachers.caption')}
      </h2>
      <PagedList paged={result} empty={search ? t('teachers.noMatch') : t('teachers.empty')} emptyTestId="teachers-empty">
        <div className="table-card card">
          <table className="data-table teacher-table" aria-labelledby="teachers-heading" data-testid="teacher-table">
            <thead>
              <tr>
                <th scope="col">{t('teacher.name')}</th>
                <th scope="col">{t('teacher.nationalIdMasked')}</th>
                <th scope="col">{t('teacher.educationStage')}</th>
                <th scope="col">{t('teacher.jobTitle')}</th>
                {showCodes && <th scope="col">{t('teacher.personalCode')}</th>}
                <th scope="col">{t('teacher.status')}</th>
                <th scope="col">{t('teachers.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const teacher = entry.teacher;
                const historyId = `history-${teacher.id}`;
                const expanded = open[teacher.id] ?? false;
                const active = entry.status === 'ACTIVE';
                return (
                  <Fragment key={teacher.id}>
                    <tr data-testid="teacher-row" data-teacher-id={teacher.id} data-status={entry.status}>
                      <th scope="row" data-label={t('teacher.name')}>
                        {teacher.name}
                        {teacher.email && <span className="block small muted wrap-anywhere">{teacher.email}</span>}
                      </th>
                      <td data-label={t('teacher.nationalIdMasked')} className="mono nowrap" data-testid="masked-id">
                        {teacher.nationalIdMasked}
                      </td>
                      <td data-label={t('teacher.educationStage')}>{entry.educationStage ? t(`stage.${entry.educationStage}`) : <span className="muted">{t('common.none')}</span>}</td>
                      <td data-label={t('teacher.jobTitle')}>{entry.jobTitle ?? <span className="muted">{t('common.none')}</span>}</td>
                      {showCodes && (
                        <td data-label={t('teacher.personalCode')}>
                          {teacher.personalCode ? (
                            <CopyablePersonalCode code={teacher.personalCode} owner={teacher.name} />
                          ) : (
                            <span className="muted">{t('common.none')}</span>
                          )}
                        </td>
                      )}
                      <td data-label={t('teacher.status')}>
                        <span className={`badge ${STATUS_BADGE[entry.status]}`} data-testid="teacher-status">
                          {t(`teacher.status.${entry.status}`)}
                        </span>
                        <span className="block small muted">
                          {active || !entry.leftAt ? t('teachers.joinedAt', { date: date(entry.joinedAt) }) : t(entry.status === 'MOVED' ? 'teachers.movedAt' : 'teachers.leftAt', { date: date(entry.leftAt) })}
                        </span>
                        {entry.status === 'MOVED' && teacher.school && (
                          <span className="block small muted">{t('teachers.nowAt', { school: teacher.school.name })}</span>
                        )}
                      </td>
                      <td data-label={t('teachers.actions')} className="actions-cell teacher-actions">
                        {active ? (
                          <button
                            type="button"
                            className="link-button small"
                            aria-expanded={expanded}
                            aria-controls={historyId}
                            onClick={() => toggleHistory(teacher.id)}
                            data-testid="history-toggle"
                          >
                            {t('teachers.history')}
                            <span className="sr-only"> {teacher.name}</span>
                          </button>
                        ) : (
                          <span className="block small muted">{t('teachers.historyElsewhere')}</span>
                        )}
                        {canEdit && active && (
                          <span className="button-row">
                            <button type="button" className="button button-small" onClick={() => setEditing(entry)}>
                              {t('common.edit')}
                              <span className="sr-only"> {teacher.name}</span>
                            </button>
                            <button
                              type="button"
                              className="button button-small button-danger"
                              onClick={() => {
                                leave.reset();
                                setLeaving(entry);
                              }}
                            >
                              {t('teachers.markLeft')}
                              <span className="sr-only"> {teacher.name}</span>
                            </button>
                          </span>
                        )}
                      </td>
                    </tr>
                    {active && (
                      <tr id={historyId} className="attempts-row history-row" hidden={!expanded} data-testid="teacher-history">
                        <td colSpan={columns}><ServiceHistory statements={teacher.serviceHistory} label={t('teachers.historyOf', { name: teacher.name })} /></td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      </PagedList>

      <Dialog open={editing !== null} title={editing === 'new' ? t('teachers.addTitle') : t('teachers.editTitle')} onClose={() => setEditing(null)}>
        {editing !== null && (
          <TeacherForm schoolId={school.id} entry={editing === 'new' ? null : editing} onSaved={onSaved} onCancel={() => setEditing(null)} />
        )}
      </Dialog>

      <Dialog
        open={leaving !== null}
        title={t('teachers.leaveTitle')}
        onClose={() => setLeaving(null)}
        size="narrow"
        // The teacher's row (and its button) leaves the list: continue at the list.
        fallbackFocus="#teachers-heading"
      >
        {leaving && (
          <>
            <p>{t('teachers.leaveBody', { name: leaving.teacher.name, masked: leaving.teacher.nationalIdMasked })}</p>
            {leaveErrors.length > 0 && (
              <div className="alert alert-error" role="alert">
                <ul>
                  {leaveErrors.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              </div>
            )}
            <div className="form-actions">
              <button type="button" className="button button-danger" disabled={busy} onClick={() => void markLeft(leaving)}>
                {t('teachers.leaveConfirm')}
              </button>
              <button type="button" className="button" onClick={() => setLeaving(null)} data-autofocus>
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}

function NoticeView({ notice }: { notice: Notice }) {
  const { t } = useI18n();
  if (notice.kind === 'resolved') {
    return (
      <p className="alert alert-success" data-testid="conflict-notice">
        {notice.text}
      </p>
    );
  }
  if (notice.kind === 'left') {
    return (
      <p className="alert alert-success">
        <span className="badge badge-muted">{t('teacher.status.LEFT')}</span> {t('teachers.leftNotice', { name: notice.name, masked: notice.masked })}
      </p>
    );
  }
  const { outcome, teacher, transfer } = notice.result;
  // A pending transfer shows only what the school typed itself: the record
  // is not this school's to see until the transfer is confirmed.
  const who = teacher ?? (transfer && { name: transfer.statedName, nationalIdMasked: transfer.nationalIdMasked, personalCode: null });
  if (!outcome || !who) return null;
  return (
    <div className="alert alert-success teacher-outcome" data-outcome={outcome}>
      <p>
        <span className="badge badge-success" data-testid="teacher-outcome">
          {t(`teachers.outcome.${outcome}`)}
        </span>{' '}
        {t(`teachers.outcomeText.${outcome}`, { name: who.name, masked: who.nationalIdMasked })}
      </p>
      {who.personalCode && (
        <p>
          {t('teacher.personalCode')}：<PersonalCode code={who.personalCode} />
        </p>
      )}
    </div>
  );
}

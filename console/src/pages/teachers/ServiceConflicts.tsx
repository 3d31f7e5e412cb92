// 服務單位待確認: teachers whose newest service-unit statement (the teacher's own report,
// a roster import, a partner sign-in service) disagrees with this school's roster. The
// school admin accepts (the roster follows the statement: the teacher leaves it, or joins
// it) or keeps the roster; either answer becomes the newest statement, so the row goes.
// Asked for only by those who edit the roster (others would get FORBIDDEN, audited).
import { useEffect, useRef, useState } from 'react';
import { request } from '../../api/client';
import { inputErrorText } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { ActionError } from '../../components/ErrorView';
import { ResolveServiceConflictDocument, ServiceConflictsDocument, type ServiceConflictsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { acceptEffect, describeStatement, keepEffect, resolvedNotice, rosterText, sourceKey, statementUnitText } from './serviceModel';

type Conflict = ServiceConflictsQuery['serviceConflicts'][number];
interface Choice {
  conflict: Conflict;
  accept: boolean;
}

const HEADING_ID = 'service-conflicts-heading';

export function ServiceConflicts({ schoolId, version, onResolved }: {
  schoolId: string;
  /** Bumped when the roster changed elsewhere on the page (added, left, imported). */
  version: number;
  /** The outcome in words, and whether the roster changed. */
  onResolved: (notice: string, rosterChanged: boolean) => void;
}) {
  const { t, date, locale } = useI18n();
  const query = useQuery(ServiceConflictsDocument, { schoolId });
  const [choice, setChoice] = useState<Choice | null>(null);
  const resolution = useMutation();
  const { busy, failure } = resolution;
  // NOT_FOUND on teacherId: no open conflict any more (answered meanwhile).
  const errors = resolution.errors.map((e) => (e.field === 'teacherId' && e.code === 'NOT_FOUND' ? t('service.conflictGone') : inputErrorText(e, t, locale)));
  const { refetch } = query;
  const seen = useRef(version);

  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    refetch().catch(() => {
      // Shown below.
    });
  }, [version, refetch]);

  const conflicts = query.data?.serviceConflicts ?? [];

  const choose = (conflict: Conflict, accept: boolean) => {
    resolution.reset();
    setChoice({ conflict, accept });
  };

  const resolve = async ({ conflict, accept }: Choice) => {
    if (busy) return;
    const payload = await resolution.run(async () => {
      const { resolveServiceConflict: p } = await request(ResolveServiceConflictDocument, {
        schoolId,
        teacherId: conflict.teacher.id,
        accept,
      });
      // Refused: most likely answered meanwhile, so show the list as it is now. Done: the
      // list first, so that the dialog closes onto the list without the row.
      await refetch().catch(() => undefined);
      return p;
    });
    if (!payload) {
      // The failure shows above the list.
      setChoice(null);
      return;
    }
    if (payload.errors.length > 0) return;
    setChoice(null);
    onResolved(resolvedNotice(conflict, accept, t), payload.rosterChanged);
  };

  // Nothing to confirm (or not loaded yet): no section at all; a failed load says so. The
  // dialog stays in place, so that it closes properly when the last row goes.
  return (
    <>
      {query.error && !query.data && <ActionError error={query.error} />}
      <ActionError error={failure} />
      {conflicts.length > 0 && (
        <section className="card service-conflicts" aria-labelledby={HEADING_ID} data-testid="service-conflicts">
          <h2 id={HEADING_ID} tabIndex={-1}>
            {t('service.conflicts.title')}{' '}
            <span className="badge badge-warning" data-testid="service-conflict-count">
              {t('service.conflicts.count', { count: conflicts.length })}
            </span>
          </h2>
          <p className="service-conflicts-intro">{t('service.conflicts.intro')}</p>
          <div className="table-card">
            <table className="data-table service-conflict-table">
              <caption className="sr-only">{t('service.conflicts.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('service.conflicts.teacher')}</th>
                  <th scope="col">{t('service.conflicts.statement')}</th>
                  <th scope="col">{t('service.conflicts.roster')}</th>
                  <th scope="col">{t('teachers.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {conflicts.map((c) => {
                  const acceptId = `conflict-accept-${c.teacher.id}`;
                  const keepId = `conflict-keep-${c.teacher.id}`;
                  return (
                    <tr key={c.teacher.id} data-testid="service-conflict" data-teacher-id={c.teacher.id} data-kind={c.kind} data-name={c.teacher.name}>
                      <th scope="row" data-label={t('service.conflicts.teacher')}>
                        {c.teacher.name}
                        <span className="block mono small" data-testid="conflict-masked-id">
                          {c.teacher.nationalIdMasked}
                        </span>
                        <span className="block small muted">{t(`service.conflicts.kind.${c.kind}`)}</span>
                      </th>
                      <td data-label={t('service.conflicts.statement')} data-testid="conflict-statement">
                        <span className="badge" data-testid="conflict-source">
                          {t(sourceKey(c.statement.source))}
                        </span>{' '}
                        <span className="conflict-unit" data-testid="conflict-unit">
                          {statementUnitText(c.statement, t)}
                        </span>
                        <span className="block small muted">
                          {t('service.since', { date: date(c.statement.statedAt) })}
                        </span>
                      </td>
                      <td data-label={t('service.conflicts.roster')} data-testid="conflict-roster">
                        {rosterText(c, t)}
                      </td>
                      <td data-label={t('teachers.actions')} className="conflict-actions">
                        <div className="conflict-choice">
                          <button type="button" className="button button-small button-primary" aria-describedby={acceptId} onClick={() => choose(c, true)} data-testid="conflict-accept">
                            {t('service.accept')}
                            <span className="sr-only"> {c.teacher.name}</span>
                          </button>
                          <span id={acceptId} className="small muted" data-testid="conflict-accept-effect">
                            {acceptEffect(c.kind, t)}
                          </span>
                        </div>
                        <div className="conflict-choice">
                          <button type="button" className="button button-small" aria-describedby={keepId} onClick={() => choose(c, false)} data-testid="conflict-keep">
                            {t('service.keep')}
                            <span className="sr-only"> {c.teacher.name}</span>
                          </button>
                          <span id={keepId} className="small muted">
                            {keepEffect(c.kind, t)}
                          </span>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <Dialog
        open={choice !== null}
        title={choice?.accept ? t('service.acceptTitle') : t('service.keepTitle')}
        onClose={() => setChoice(null)}
        size="narrow"
        // The row (and its button) leaves the list: continue at the section, or the roster.
        fallbackFocus={conflicts.length > 0 ? `#${HEADING_ID}` : '#teachers-heading'}
      >
        {choice && (
          <div data-testid="conflict-dialog">
            <p>
              <strong>
                {choice.conflict.teacher.name}（{choice.conflict.teacher.nationalIdMasked}）
              </strong>
            </p>
            <p>{t('service.confirmStatement', { statement: describeStatement(choice.conflict.statement, t, date) })}</p>
            <p data-testid="conflict-dialog-effect">
              {choice.accept
                ? t('service.confirmAccept', { effect: acceptEffect(choice.conflict.kind, t) })
                : t('service.confirmKeep', { effect: keepEffect(choice.conflict.kind, t) })}
            </p>
            <p className="small muted">{t('service.confirmNote')}</p>
            {errors.length > 0 && (
              <div className="alert alert-error" role="alert">
                <ul>
                  {errors.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              </div>
            )}
            <div className="form-actions">
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void resolve(choice)}>
                {choice.accept ? t('service.acceptConfirm') : t('service.keepConfirm')}
              </button>
              <button type="button" className="button" onClick={() => setChoice(null)} data-autofocus>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}

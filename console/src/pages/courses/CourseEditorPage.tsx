import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { request } from '../../api/client';
import { COUNTIES, COURSE_MODES, EDUCATION_STAGES, paths } from '../../api/domain';
import { type InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { ActionError, ErrorView, NoPermission, NotFound } from '../../components/ErrorView';
import { CheckboxField, CheckboxGroupField, FormErrors, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Loading, PageTitle } from '../../components/Page';
import {
  CourseDetailDocument,
  CourseInsiderDocument,
  CourseUnitDocument,
  CreateCourseDocument,
  UpdateCourseDocument,
  type CourseDetailFieldsFragment,
  type CourseMode,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import {
  courseInput,
  draftOf,
  emptyDraft,
  firstErrorKey,
  needsUrl,
  needsVenue,
  newSession,
  placeCourseErrors,
  type CourseDraft,
  type SessionDraft,
} from './model';
import { lastReturn } from './ReviewPanel';
import { localizeCourseErrors, StatusBadge, useCourseCodes } from './shared';

/** 新增研習 for a unit the viewer organizes courses for. */
export function NewCoursePage({ unitCode }: { unitCode: string }) {
  const { t } = useI18n();
  const unit = useQuery(CourseUnitDocument, { code: unitCode });
  if (unit.error) return <ErrorView error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <Loading />;
  const organizer = unit.data.orgUnit;
  if (!organizer) return <NotFound />;
  if (!organizer.viewerCan.editCourses) return <NoPermission />;
  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.unitCourses(organizer.code)}>{t('unitCourses.title', { unit: organizer.name })}</Link>
      </p>
      <PageTitle lead={<p>{t('courseForm.introNew', { unit: organizer.name })}</p>}>{t('courseForm.newTitle')}</PageTitle>
      <CourseForm organizerId={organizer.id} course={null} cancelHref={paths.unitCourses(organizer.code)} />
    </>
  );
}

/** 編輯研習: a draft, or a course the reviewer returned for changes. */
export function EditCoursePage({ id }: { id: string }) {
  const { t } = useI18n();
  const query = useQuery(CourseDetailDocument, { id });
  // The history (for the reviewer's last return) only when the server says the viewer may
  // see it; asking otherwise is refused and audited.
  const readsHistory = query.data?.course?.viewerCan.readHistory ?? false;
  const insider = useQuery(CourseInsiderDocument, { id }, { skip: !readsHistory });
  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const course = query.data.course;
  if (!course) return <NotFound />;
  const returned = course.status === 'RETURNED' ? lastReturn(insider.data?.course) : null;
  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.course(course.id)}>{course.title}</Link>
      </p>
      <PageTitle
        title={t('courseForm.editTitle')}
        lead={
          <p>
            {course.code && <span className="mono">{t('course.codeValue', { code: course.code })} </span>}
            <StatusBadge status={course.status} /> {course.organizer?.name}
          </p>
        }
      >
        {t('courseForm.editTitle')}
      </PageTitle>
      {!course.viewerCan.edit ? (
        <div className="alert alert-info" data-testid="not-editable">
          <p>{t('courseForm.notEditable')}</p>
          <p>
            <Link href={paths.course(course.id)}>{t('courseForm.backToCourse')}</Link>
          </p>
        </div>
      ) : (
        <>
          {returned && (
            <div className="alert alert-warning" data-testid="return-reason">
              <p className="alert-title">{t('course.returnedTitle')}</p>
              <p className="pre-wrap">{returned.reason ?? t('common.none')}</p>
            </div>
          )}
          <CourseForm key={course.updatedAt} organizerId={null} course={course} cancelHref={paths.course(course.id)} />
        </>
      )}
    </>
  );
}

function CourseForm({ organizerId, course, cancelHref }: {
  organizerId: string | null;
  course: CourseDetailFieldsFragment | null;
  cancelHref: string;
}) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const [, navigate] = useLocation();
  const codes = useCourseCodes();
  const [draft, setDraft] = useState<CourseDraft>(() => (course ? draftOf(course) : emptyDraft()));
  const save = useMutation();
  const { failure, busy } = save;
  // The server's errors and the form's own, worded for courses.
  const errors = localizeCourseErrors(save.errors, t, locale);
  const formRef = useRef<HTMLFormElement>(null);

  const set = <K extends keyof CourseDraft>(key: K, value: CourseDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setSession = (index: number, change: Partial<SessionDraft>) =>
    setDraft((d) => ({ ...d, sessions: d.sessions.map((s, i) => (i === index ? { ...s, ...change } : s)) }));

  const placed = placeCourseErrors(errors, draft.sessions.length);
  const at = (key: string) => placed.byField[key];

  const focusField = (key: string) => {
    const form = formRef.current;
    if (!form) return;
    const el = form.querySelector<HTMLElement>(`[name="${CSS.escape(key)}"]`) ?? form.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"] input`);
    el?.focus();
  };

  const focusFirstError = (list: readonly InputErrorLike[]) => {
    const localized = localizeCourseErrors(list, t, locale);
    const first = firstErrorKey(placeCourseErrors(localized, draft.sessions.length), draft.sessions.length);
    if (first) window.setTimeout(() => focusField(first), 0);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = courseInput(draft, {
      required: t('courseForm.required'),
      invalidDateTime: t('announcementForm.invalidDateTime'),
      invalidNumber: t('courseForm.invalidNumber'),
      invalidWholeNumber: t('courseForm.invalidWholeNumber'),
      halfHours: t('code.course.hours.OUT_OF_RANGE'),
    });
    if (built.errors) {
      save.setErrors(built.errors);
      focusFirstError(built.errors);
      return;
    }
    const input = built.input;
    const payload = await save.run(async () =>
      course
        ? (await request(UpdateCourseDocument, { id: course.id, input })).updateCourse
        : (await request(CreateCourseDocument, { organizerId: organizerId ?? '', input })).createCourse,
    );
    if (!payload) return;
    if (payload.errors.length > 0 || !payload.course) {
      focusFirstError(payload.errors);
      return;
    }
    announce(t(course ? 'courseForm.saved' : 'courseForm.created', { title: payload.course.title }));
    navigate(paths.course(payload.course.id));
  };

  const options = (list: readonly { code: string; name: string; nameEn: string }[] | undefined) =>
    (list ?? []).map((c) => ({ value: c.code, label: locale === 'zh-TW' ? c.name : c.nameEn }));
  const hasFieldErrors = Object.keys(placed.byField).length > 0;

  return (
    <form ref={formRef} className="form course-form" onSubmit={(e) => void submit(e)} noValidate data-testid="course-form">
      {hasFieldErrors && (
        <p className="alert alert-error" role="alert">
          {t('common.formHasErrors')}
        </p>
      )}
      <FormErrors errors={placed.general} />
      <ActionError error={failure} />

      <section className="card" aria-labelledby="form-basic">
        <h2 id="form-basic">{t('courseForm.basic')}</h2>
        <div className="form-grid">
          <TextField className="span-2" label={t('course.title')} name="title" value={draft.title} onChange={(e) => set('title', e.target.value)} errors={at('title')} required maxLength={200} autoComplete="off" />
          <TextAreaField className="span-2" label={t('course.description')} hint={t('courseForm.descriptionHint')} name="description" rows={5} value={draft.description} onChange={(e) => set('description', e.target.value)} errors={at('description')} maxLength={5000} />
          <SelectField label={t('course.nature')} name="nature" value={draft.nature} onChange={(e) => set('nature', e.target.value)} errors={at('nature')} required>
            <option value="">{t('courseForm.choose')}</option>
            {options(codes?.natures).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('course.category')} name="category" value={draft.category} onChange={(e) => set('category', e.target.value)} errors={at('category')} required>
            <option value="">{t('courseForm.choose')}</option>
            {options(codes?.categories).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <CheckboxGroupField className="span-2" legend={t('course.tags')} hint={t('courseForm.tagsHint')} name="tags" options={options(codes?.tags)} value={draft.tags} onChange={(v) => set('tags', v)} errors={at('tags')} />
        </div>
      </section>

      <section className="card" aria-labelledby="form-audience">
        <h2 id="form-audience">{t('course.audience')}</h2>
        <p className="muted small">{t('courseForm.audienceHint')}</p>
        <CheckboxGroupField legend={t('course.stages')} name="audienceStages" options={EDUCATION_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} value={draft.stages} onChange={(v) => set('stages', v)} errors={at('audienceStages')} />
        <CheckboxGroupField
          className="checkbox-grid"
          legend={t('course.counties')}
          name="audienceCounties"
          options={COUNTIES.map((c) => ({ value: c.code, label: locale === 'zh-TW' ? c.zh : c.en }))}
          value={draft.countyCodes}
          onChange={(v) => set('countyCodes', v)}
          errors={at('audienceCounties')}
        />
        <CheckboxGroupField legend={t('course.roles')} name="audienceRoles" options={options(codes?.audienceRoles)} value={draft.roles} onChange={(v) => set('roles', v)} errors={at('audienceRoles')} />
      </section>

      <section className="card" aria-labelledby="form-mode">
        <h2 id="form-mode">{t('courseForm.modeSection')}</h2>
        <div className="form-grid">
          <SelectField className="span-2" label={t('course.mode')} name="mode" value={draft.mode} onChange={(e) => set('mode', e.target.value as CourseMode)} errors={at('mode')} required>
            {COURSE_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`course.mode.${m}`)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('course.venue')} hint={t('courseForm.venueHint')} name="venue" value={draft.venue} onChange={(e) => set('venue', e.target.value)} errors={at('venue')} required={needsVenue(draft.mode)} maxLength={200} />
          <TextField label={t('course.url')} hint={t('courseForm.urlHint')} name="url" type="url" inputMode="url" value={draft.url} onChange={(e) => set('url', e.target.value)} errors={at('url')} required={needsUrl(draft.mode)} maxLength={500} />
        </div>
      </section>

      <section className="card" aria-labelledby="form-sessions" data-field="sessions">
        <h2 id="form-sessions">{t('course.sessions')}</h2>
        <p className="muted small">{t('courseForm.sessionsHint')}</p>
        <FormErrors errors={at('sessions') ?? []} />
        <ol className="session-rows">
          {draft.sessions.map((s, i) => (
            <li key={s.key} className="session-row" data-testid="session-row">
              <fieldset className="session-fieldset">
                <legend className="field-label">{t('course.sessionN', { n: i + 1 })}</legend>
                <div className="session-fields">
                  <TextField
                    label={t('courseForm.sessionStart')}
                    type="datetime-local"
                    name={`sessions[${i}].startsAt`}
                    value={s.startsAt}
                    onChange={(e) => setSession(i, { startsAt: e.target.value })}
                    errors={at(`sessions[${i}].startsAt`)}
                    required
                  />
                  <TextField
                    label={t('courseForm.sessionEnd')}
                    type="datetime-local"
                    name={`sessions[${i}].endsAt`}
                    value={s.endsAt}
                    onChange={(e) => setSession(i, { endsAt: e.target.value })}
                    errors={at(`sessions[${i}].endsAt`)}
                    required
                  />
                  <div className="session-remove">
                    <button
                      type="button"
                      className="button button-small"
                      disabled={draft.sessions.length === 1}
                      onClick={() => {
                        setDraft((d) => ({ ...d, sessions: d.sessions.filter((_, j) => j !== i) }));
                        save.setErrors([]);
                        window.setTimeout(() => formRef.current?.querySelector<HTMLElement>('[data-action="add-session"]')?.focus(), 0);
                      }}
                    >
                      {t('courseForm.removeSession', { n: i + 1 })}
                    </button>
                  </div>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button"
          data-action="add-session"
          onClick={() => {
            const n = draft.sessions.length;
            setDraft((d) => ({ ...d, sessions: [...d.sessions, newSession()] }));
            window.setTimeout(() => focusField(`sessions[${n}].startsAt`), 0);
          }}
        >
          <span aria-hidden="true">＋</span> {t('courseForm.addSession')}
        </button>
      </section>

      <section className="card" aria-labelledby="form-registration">
        <h2 id="form-registration">{t('courseForm.registrationSection')}</h2>
        <div className="form-grid">
          <TextField label={t('course.hours')} hint={t('courseForm.hoursHint')} name="hours" type="number" inputMode="decimal" step={0.5} min={0.5} value={draft.hours} onChange={(e) => set('hours', e.target.value)} errors={at('hours')} required />
          <TextField label={t('course.capacity')} name="capacity" type="number" inputMode="numeric" step={1} min={1} value={draft.capacity} onChange={(e) => set('capacity', e.target.value)} errors={at('capacity')} required />
          <TextField label={t('courseForm.registrationOpensAt')} name="registrationOpensAt" type="datetime-local" value={draft.registrationOpensAt} onChange={(e) => set('registrationOpensAt', e.target.value)} errors={at('registrationOpensAt')} required />
          <TextField
            label={t('courseForm.registrationClosesAt')}
            hint={t('courseForm.registrationClosesHint')}
            name="registrationClosesAt"
            type="datetime-local"
            value={draft.registrationClosesAt}
            onChange={(e) => set('registrationClosesAt', e.target.value)}
            errors={at('registrationClosesAt')}
            required
          />
          <CheckboxField className="span-2" label={t('course.onsite')} hint={t('courseForm.onsiteHint')} name="onsiteRegistration" checked={draft.onsiteRegistration} onChange={(e) => set('onsiteRegistration', e.target.checked)} errors={at('onsiteRegistration')} />
        </div>
      </section>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('courseForm.save')}
        </button>
        <Link href={cancelHref} className="button">
          {t('common.cancel')}
        </Link>
      </div>
      <p className="muted small">{t('courseForm.saveHint')}</p>
    </form>
  );
}

import { useRef, useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { EDUCATION_STAGES } from '../../api/domain';
import { groupInputErrors, LOCAL_ERROR } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { ActionError } from '../../components/ErrorView';
import { focusFirstError, FormActions, FormErrors, SelectField, TextField } from '../../components/Field';
import { UpsertTeacherDocument, type EducationStage, type RosterEntryFieldsFragment, type UpsertTeacherMutation } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { otherPersonsId, teacherErrors } from './model';

/** Input names of `upsertTeacher`; errors for these appear beside their field. */
export const TEACHER_FIELDS = ['nationalId', 'name', 'email', 'educationStage', 'jobTitle'] as const;

export type UpsertResult = UpsertTeacherMutation['upsertTeacher'];

interface Draft {
  nationalId: string;
  name: string;
  email: string;
  educationStage: EducationStage | '';
  jobTitle: string;
}

function draftOf(entry: RosterEntryFieldsFragment | null): Draft {
  return {
    // Never filled in: the console does not have it, and editing means typing it again.
    nationalId: '',
    name: entry?.teacher.name ?? '',
    email: entry?.teacher.email ?? '',
    educationStage: entry?.educationStage ?? '',
    jobTitle: entry?.jobTitle ?? '',
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/**
 * Adds a teacher, or edits one (`entry`) by their national ID typed again. The ID is
 * kept in this form's state only while it is open: it is cleared on success and is in
 * no URL, no storage and no message.
 */
export function TeacherForm({ schoolId, entry, onSaved, onCancel }: {
  schoolId: string;
  /** null to add a teacher. */
  entry: RosterEntryFieldsFragment | null;
  onSaved: (result: UpsertResult) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => draftOf(entry));
  const save = useMutation();
  const { failure, busy } = save;
  // The national ID as sent: a format error is worded after it, not after what is typed since.
  const [submittedId, setSubmittedId] = useState('');
  const grouped = groupInputErrors(teacherErrors(save.errors, submittedId, t, locale), TEACHER_FIELDS);
  const formRef = useRef<HTMLFormElement>(null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const nationalId = draft.nationalId;
    if (entry && otherPersonsId(nationalId, entry.teacher.nationalIdMasked)) {
      const local = [{ field: 'nationalId', code: LOCAL_ERROR, message: t('teachers.nationalId.otherPerson', { masked: entry.teacher.nationalIdMasked }) }];
      save.setErrors(local);
      focusFirstError(formRef.current, local, TEACHER_FIELDS);
      return;
    }
    setSubmittedId(nationalId);
    const payload = await save.run(async () =>
      (await request(UpsertTeacherDocument, {
        input: {
          schoolId,
          nationalId,
          name: draft.name.trim(),
          email: orNull(draft.email),
          educationStage: draft.educationStage === '' ? null : draft.educationStage,
          jobTitle: orNull(draft.jobTitle),
        },
      })).upsertTeacher,
    );
    if (!payload) return;
    if (payload.errors.length > 0 || !payload.outcome || (!payload.teacher && !payload.transfer)) {
      focusFirstError(formRef.current, payload.errors, TEACHER_FIELDS);
      return;
    }
    setDraft((d) => ({ ...d, nationalId: '' }));
    onSaved(payload);
  };

  const hasFieldErrors = Object.keys(grouped.byField).length > 0;
  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form" data-testid="teacher-form" autoComplete="off">
      {hasFieldErrors && (
        <p className="alert alert-error" role="alert">
          {t('common.formHasErrors')}
        </p>
      )}
      <FormErrors errors={grouped.general} />
      <ActionError error={failure} />
      <div className="form-grid">
        <TextField
          className="span-2"
          label={t('teacher.nationalId')}
          hint={entry ? t('teachers.nationalId.editHint', { masked: entry.teacher.nationalIdMasked }) : t('teachers.nationalId.hint')}
          name="nationalId"
          value={draft.nationalId}
          onChange={(e) => set('nationalId', e.target.value)}
          errors={grouped.byField.nationalId}
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          data-autofocus
        />
        <TextField label={t('teacher.name')} name="name" value={draft.name} onChange={(e) => set('name', e.target.value)} errors={grouped.byField.name} required autoComplete="off" />
        <TextField label={t('teacher.email')} name="email" type="email" value={draft.email} onChange={(e) => set('email', e.target.value)} errors={grouped.byField.email} autoComplete="off" />
        <SelectField
          label={t('teacher.educationStage')}
          name="educationStage"
          value={draft.educationStage}
          onChange={(e) => set('educationStage', e.target.value as EducationStage | '')}
          errors={grouped.byField.educationStage}
        >
          <option value="">{t('teachers.stageUnset')}</option>
          {EDUCATION_STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`stage.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('teacher.jobTitle')} name="jobTitle" value={draft.jobTitle} onChange={(e) => set('jobTitle', e.target.value)} errors={grouped.byField.jobTitle} autoComplete="off" placeholder={t('teachers.jobTitlePlaceholder')} />
      </div>
      <FormActions busy={busy} submit={entry ? t('common.save') : t('teachers.addSubmit')} onCancel={onCancel} />
    </form>
  );
}

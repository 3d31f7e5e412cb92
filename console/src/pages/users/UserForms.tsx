import { useRef, useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { useMutation } from '../../api/useMutation';
import { useQuery } from '../../api/useQuery';
import { ActionError } from '../../components/ErrorView';
import { focusFirstError, FormActions, FormErrors, SelectField, TextField } from '../../components/Field';
import { CreateUserDocument, GrantRoleDocument, GrantUnitsDocument, type Role, type UserFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';

const CREATE_FIELDS = ['login', 'displayName', 'email', 'password', 'role'] as const;

export function CreateUserForm({ unitId, roles, onCreated, onCancel }: {
  unitId: string;
  roles: readonly Role[];
  onCreated: (user: UserFieldsFragment) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role | ''>(roles.length === 1 ? (roles[0] ?? '') : '');
  const create = useMutation({ fields: CREATE_FIELDS });
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!role) {
      const missing = [{ field: 'role', code: 'REQUIRED', message: 'Choose a role.' }];
      create.setErrors(missing);
      focusFirstError(formRef.current, missing, CREATE_FIELDS);
      return;
    }
    const payload = await create.run(async () =>
      (await request(CreateUserDocument, {
        input: { login: login.trim(), displayName: displayName.trim(), email: email.trim() || null, password, role, unitId },
      })).createUser,
    );
    if (!payload) return;
    if (payload.errors.length > 0 || !payload.user) {
      focusFirstError(formRef.current, payload.errors, CREATE_FIELDS);
      return;
    }
    onCreated(payload.user);
  };

  const { grouped, busy } = create;
  return (
    <form ref={formRef} className="form" noValidate onSubmit={(e) => void submit(e)} data-testid="create-user-form">
      {Object.keys(grouped.byField).length > 0 && <p className="alert alert-error" role="alert">{t('common.formHasErrors')}</p>}
      <FormErrors errors={grouped.general} />
      <ActionError error={create.failure} />
      <div className="form-grid">
        <TextField label={t('users.login')} hint={t('users.loginHint')} name="login" value={login} onChange={(e) => setLogin(e.target.value)} errors={grouped.byField.login} required autoComplete="off" autoCapitalize="none" spellCheck={false} data-autofocus />
        <TextField label={t('users.displayName')} name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} errors={grouped.byField.displayName} required autoComplete="off" />
        <TextField label={t('users.email')} name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} errors={grouped.byField.email} autoComplete="off" />
        <TextField label={t('users.password')} hint={t('users.passwordHint')} name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} errors={grouped.byField.password} required autoComplete="new-password" />
        <SelectField label={t('users.firstRole')} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} errors={grouped.byField.role} required>
          <option value="">—</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <FormActions busy={busy} submit={t('users.create')} onCancel={onCancel} />
    </form>
  );
}

export function GrantRoleForm({ user, unit, onGranted, onCancel }: {
  user: UserFieldsFragment;
  /** The unit whose page this is; the role may be granted here or at a unit it governs. */
  unit: { id: string; name: string; viewerCan: { grantableRoles: Role[] } };
  onGranted: (user: UserFieldsFragment, role: Role, unitName: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const governed = useQuery(GrantUnitsDocument, { withinId: unit.id });
  const units = [
    { id: unit.id, name: unit.name, grantableRoles: unit.viewerCan.grantableRoles },
    ...(governed.data?.orgUnits.nodes ?? [])
      .filter((u) => u.id !== unit.id && u.viewerCan.grantableRoles.length > 0)
      .map((u) => ({ id: u.id, name: u.name, grantableRoles: u.viewerCan.grantableRoles })),
  ];
  const [unitId, setUnitId] = useState(unit.id);
  const target = units.find((u) => u.id === unitId) ?? units[0];
  // The grant ceiling at the chosen unit, less the roles the user already holds there.
  const roles = (target?.grantableRoles ?? []).filter(
    (r) => !user.roles.some((a) => a.unit?.id === target?.id && a.role === r),
  );
  const [role, setRole] = useState<Role | ''>('');
  const chosenRole = role && roles.includes(role) ? role : (roles[0] ?? '');
  const grant = useMutation({ fields: ['role', 'unitId'] });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosenRole || !target) return;
    const payload = await grant.run(async () =>
      (await request(GrantRoleDocument, { input: { userId: user.id, role: chosenRole, unitId: target.id } })).grantRole,
    );
    if (payload?.user && payload.errors.length === 0) onGranted(payload.user, chosenRole, target.name);
  };

  const { grouped, busy } = grant;
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} data-testid="grant-role-form">
      <FormErrors errors={grouped.general} />
      <ActionError error={grant.failure} />
      <SelectField
        label={t('users.grantAt')}
        name="unitId"
        value={target?.id ?? ''}
        onChange={(e) => {
          setUnitId(e.target.value);
          grant.setErrors([]);
        }}
        errors={grouped.byField.unitId}
        data-autofocus
      >
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('users.role')} name="role" value={chosenRole} onChange={(e) => setRole(e.target.value as Role)} errors={grouped.byField.role} required>
        {roles.length === 0 && <option value="">{t('users.noGrantable')}</option>}
        {roles.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </SelectField>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || !chosenRole}>
          {t('users.grant')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

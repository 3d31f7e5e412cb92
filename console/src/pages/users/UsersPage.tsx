import { useState } from 'react';
import { request } from '../../api/client';
import { ROLES } from '../../api/domain';
import { inputErrorText } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useUrlSearch } from '../../api/useUrlSearch';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { Dialog } from '../../components/Dialog';
import { ActionError, ErrorView, NoPermission, NotFound } from '../../components/ErrorView';
import { SelectField } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { Loading, PageTitle } from '../../components/Page';
import { SearchForm } from '../../components/SearchForm';
import { RevokeRoleDocument, UsersDocument, UsersUnitDocument, type Role, type UserFieldsFragment, type UsersQuery, type UsersUnitQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { CreateUserForm, GrantRoleForm } from './UserForms';

type User = UserFieldsFragment;
type Assignment = User['roles'][number];
const selectUsers = (d: UsersQuery) => d.users;

export function UsersPage({ code }: { code: string }) {
  const unitQuery = useQuery(UsersUnitDocument, { code });
  if (unitQuery.error) return <ErrorView error={unitQuery.error} onRetry={() => void unitQuery.refetch()} />;
  if (!unitQuery.data) return <Loading />;
  const unit = unitQuery.data.orgUnit;
  if (!unit) return <NotFound />;
  if (!unit.viewerCan.readUsers) return <NoPermission />;
  return <UsersOfUnit unit={unit} />;
}

function UsersOfUnit({ unit }: { unit: NonNullable<UsersUnitQuery['orgUnit']> }) {
  const { t, date, locale } = useI18n();
  const announce = useAnnounce();
  const search = useUrlSearch();
  const { params, setParams, q } = search;
  const roleParam = params.get('role') ?? '';
  const role = (ROLES as readonly string[]).includes(roleParam) ? (roleParam as Role) : null;

  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<User | null>(null);
  const [revoking, setRevoking] = useState<{ user: User; assignment: Assignment } | null>(null);
  const revocation = useMutation();

  const result = usePagedQuery(
    UsersDocument,
    { filter: { unitId: unit.id, role, search: q || null }, first: 50 },
    selectUsers,
  );

  const grantable = unit.viewerCan.grantableRoles;
  const revoke = async () => {
    if (!revoking) return;
    const { user, assignment } = revoking;
    await revocation.run(async () => {
      const { revokeRole } = await request(RevokeRoleDocument, {
        input: { userId: user.id, role: assignment.role, unitId: assignment.unit?.id ?? '' },
      });
      if (revokeRole.errors.length === 0) {
        setRevoking(null);
        announce(t('users.revoked', { name: user.displayName, role: t(`role.${assignment.role}`) }));
        await result.refetch();
      }
      return revokeRole;
    });
  };

  return (
    <>
      <PageTitle
        lead={<p>{t('users.intro')}</p>}
        actions={
          unit.viewerCan.manageUsers &&
          grantable.length > 0 && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              <span aria-hidden="true">＋</span> {t('users.create')}
            </button>
          )
        }
      >
        {t('users.title', { unit: unit.name })}
      </PageTitle>

      <SearchForm search={search} label={t('users.search')}>
        <SelectField label={t('users.role')} name="role" value={role ?? ''} onChange={(e) => setParams({ role: e.target.value })}>
          <option value="">{t('common.all')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
      </SearchForm>

      <ActionError error={revocation.failure} />
      <PagedList paged={result} empty={t('users.empty')}>
        <div className="table-card card">
          <table className="data-table" data-testid="user-table">
            <caption className="sr-only">{t('users.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.login')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.createdAt')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {result.nodes.map((user) => {
                return (
                  <tr key={user.id} data-login={user.login}>
                    <td data-label={t('users.login')} className="mono">
                      {user.login}
                      {!user.isActive && <span className="badge badge-muted">{t('users.inactive')}</span>}
                    </td>
                    <th scope="row" data-label={t('users.displayName')}>
                      {user.displayName}
                      {user.email && <span className="block muted small">{user.email}</span>}
                    </th>
                    <td data-label={t('users.roles')}>
                      <ul className="role-list">
                        {user.roles.map((a) => {
                          const unitName = a.unit?.name ?? '';
                          const revocable = a.unit?.viewerCan.grantableRoles.includes(a.role) ?? false;
                          return (
                            <li key={`${a.role}:${a.unit?.id ?? ''}`} className="role-chip">
                              <span>
                                {t(`role.${a.role}`)}
                                <span className="muted small"> · {unitName}</span>
                              </span>
                              {revocable && (
                                <button
                                  type="button"
                                  className="chip-button"
                                  onClick={() => setRevoking({ user, assignment: a })}
                                  aria-label={t('users.revokeLabel', { name: user.displayName, role: t(`role.${a.role}`), unit: unitName })}
                                  title={t('users.revoke')}
                                >
                                  <span aria-hidden="true">×</span>
                                </button>
                              )}
                            </li>
                          );
                        })}
                      </ul>
                    </td>
                    <td data-label={t('users.createdAt')}>{date(user.createdAt)}</td>
                    <td data-label={t('users.actions')} className="actions-cell">
                      {grantable.length > 0 && (
                        <button type="button" className="button button-small" onClick={() => setGranting(user)}>
                          {t('users.grant')}
                          <span className="sr-only"> {user.displayName}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </PagedList>

      <Dialog open={creating} title={t('users.createTitle', { unit: unit.name })} onClose={() => setCreating(false)}>
        {creating && (
          <CreateUserForm
            unitId={unit.id}
            roles={grantable}
            onCancel={() => setCreating(false)}
            onCreated={(user) => {
              setCreating(false);
              announce(t('users.created', { login: user.login }));
              void result.refetch();
            }}
          />
        )}
      </Dialog>

      <Dialog open={granting !== null} title={granting ? t('users.grantTitle', { name: granting.displayName }) : ''} onClose={() => setGranting(null)} size="narrow">
        {granting && (
          <GrantRoleForm
            user={granting}
            unit={unit}
            onCancel={() => setGranting(null)}
            onGranted={(user, role, unitName) => {
              setGranting(null);
              announce(t('users.granted', { name: user.displayName, role: t(`role.${role}`), unit: unitName }));
              void result.refetch();
            }}
          />
        )}
      </Dialog>

      <Dialog open={revoking !== null} title={t('users.revokeTitle')} onClose={() => { setRevoking(null); revocation.reset(); }} size="narrow">
        {revoking && (
          <>
            <p>
              {t('users.revokeBody', {
                name: revoking.user.displayName,
                unit: revoking.assignment.unit?.name ?? '',
                role: t(`role.${revoking.assignment.role}`),
              })}
            </p>
            {revocation.errors.length > 0 && (
              <div className="alert alert-error" role="alert">
                {revocation.errors.map((e) => inputErrorText(e, t, locale)).join(' ')}
              </div>
            )}
            <div className="form-actions">
              <button type="button" className="button button-danger" disabled={revocation.busy} onClick={() => void revoke()}>
                {t('users.revoke')}
              </button>
              <button type="button" className="button" onClick={() => setRevoking(null)} data-autofocus>
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  LoginDocument,
  LogoutDocument,
  MeDocument,
  type MeQuery,
  type Role,
  type UnitAccessFragment,
  type ViewerPermissionFlagsFragment,
} from '../gql/graphql';
import { onAuthRequired, request } from './client';
import type { InputErrorLike } from './inputErrors';

export type Me = NonNullable<MeQuery['me']>;
export type UnitAccess = UnitAccessFragment;
/** What the viewer may do network-wide (`viewerPermissions`), loaded with the session. */
export type ViewerPermissions = ViewerPermissionFlagsFragment;

/** Signed out: nothing. */
export const NO_PERMISSIONS: ViewerPermissions = {
  manageDelegations: false,
  reviewCourses: false,
  readOutbox: false,
  openRosterCampaign: false,
  readRosters: false,
  publishAnnouncements: false,
  readOwnHours: false,
  requestStatistics: false,
  decideStatistics: false,
  readCountyReports: false,
  applyDataExchange: false,
  decideDataExchange: false,
};

/** One unit where the viewer holds roles, with the roles held there. */
export interface ViewerUnit {
  unit: UnitAccess;
  roles: Role[];
}

const UNIT_STORAGE_KEY = 'inservice.unit';

/** The units where the viewer holds roles, in the order the roles were granted. */
export function viewerUnits(me: Me | null): ViewerUnit[] {
  const byId = new Map<string, ViewerUnit>();
  for (const assignment of me?.roles ?? []) {
    const unit = assignment.unit;
    if (!unit) continue;
    const entry = byId.get(unit.id);
    if (entry) entry.roles.push(assignment.role);
    else byId.set(unit.id, { unit, roles: [assignment.role] });
  }
  return [...byId.values()];
}

/** Whether any of the viewer's roles is one of `roles`. */
export function holdsAnyRole(me: Me | null, roles: readonly Role[]): boolean {
  return (me?.roles ?? []).some((r) => roles.includes(r.role));
}

type Status = 'loading' | 'ready';

interface Session {
  status: Status;
  me: Me | null;
  /** Set when the server ended the session (expired or revoked). */
  expired: boolean;
  /** Network-wide permissions (all false when signed out). */
  permissions: ViewerPermissions;
  units: ViewerUnit[];
  current: ViewerUnit | null;
  setCurrentUnit: (unitId: string) => void;
  signIn: (login: string, password: string) => Promise<InputErrorLike[]>;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

function storedUnit(): string | null {
  try {
    return localStorage.getItem(UNIT_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [permissions, setPermissions] = useState<ViewerPermissions>(NO_PERMISSIONS);
  const [expired, setExpired] = useState(false);
  const [unitId, setUnitId] = useState<string | null>(storedUnit);

  const reload = useCallback(async () => {
    try {
      const data = await request(MeDocument, {}, { public: true });
      setMe(data.me);
      setPermissions(data.viewerPermissions);
    } catch {
      setMe(null);
      setPermissions(NO_PERMISSIONS);
    } finally {
      setStatus('ready');
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(
    () =>
      onAuthRequired((e) => {
        setMe((previous) => {
          if (previous && e.code === 'INVALID_SESSION') setExpired(true);
          return null;
        });
      }),
    [],
  );

  const signIn = useCallback(
    async (login: string, password: string) => {
      const data = await request(LoginDocument, { input: { login, password } }, { public: true });
      if (data.login.errors.length > 0 || !data.login.user) return data.login.errors;
      setExpired(false);
      await reload();
      return [];
    },
    [reload],
  );

  const signOut = useCallback(async () => {
    try {
      await request(LogoutDocument, {}, { public: true });
    } finally {
      setMe(null);
      setExpired(false);
    }
  }, []);

  const setCurrentUnit = useCallback((id: string) => {
    try {
      localStorage.setItem(UNIT_STORAGE_KEY, id);
    } catch {
      // The choice lasts for this page only.
    }
    setUnitId(id);
  }, []);

  const value = useMemo<Session>(() => {
    const units = viewerUnits(me);
    const current = units.find((u) => u.unit.id === unitId) ?? units[0] ?? null;
    // Signed out (or the session ended) means no permissions, whatever was loaded before.
    const granted = me ? permissions : NO_PERMISSIONS;
    return { status, me, expired, permissions: granted, units, current, setCurrentUnit, signIn, signOut, reload };
  }, [status, me, expired, permissions, unitId, setCurrentUnit, signIn, signOut, reload]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

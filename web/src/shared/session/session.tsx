/**
 * Who is signed in. On load the app asks GET /api/v1/session (the HttpOnly cookie is the
 * browser's; the page never sees it) and keeps the CSRF token the answer carries for the API
 * client. Any 401 later (the session expired or was ended elsewhere) returns to the sign-in page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, isApiError, onUnauthenticated, setCsrfToken } from '../api/client';
import type { Caller, Role } from '../api/types';

export type SessionState = { status: 'loading' } | { status: 'signed-out'; reason: 'none' | 'expired' | 'signed-out' } | { status: 'signed-in'; caller: Caller };

interface SessionValue {
  state: SessionState;
  signIn: (login: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let isCurrent = true;
    api
      .get<Caller>('/session', undefined, { quietOn401: true })
      .then((caller) => {
        if (!isCurrent) return;
        setCsrfToken(caller.csrfToken);
        setState({ status: 'signed-in', caller });
      })
      .catch(() => {
        if (isCurrent) setState({ status: 'signed-out', reason: 'none' });
      });
    const stop = onUnauthenticated(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out', reason: 'expired' });
    });
    return () => {
      isCurrent = false;
      stop();
    };
  }, []);

  const signIn = useCallback(async (login: string, password: string) => {
    const caller = await api.signIn<Caller>(login, password);
    setCsrfToken(caller.csrfToken);
    setState({ status: 'signed-in', caller });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.delete('/session');
    } catch (error) {
      // Already ended (404 or 401): the page signs out all the same.
      if (!isApiError(error)) throw error;
    }
    setCsrfToken(null);
    setState({ status: 'signed-out', reason: 'signed-out' });
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in caller; only for pages the shell shows after sign-in. */
export function useCaller(): Caller {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useCaller before sign-in');
  return state.caller;
}

export const REGULATOR_ROLES: readonly Role[] = ['policy-admin', 'reviewer', 'approver', 'auditor'];

export function isRegulator(role: Role): boolean {
  return REGULATOR_ROLES.includes(role);
}

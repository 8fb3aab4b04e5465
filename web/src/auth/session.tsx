/**
 * Who is signed in, kept in memory only: the profile from GET /auth/me and the CSRF token (in the
 * API client). On load the session cookie (HttpOnly, invisible to scripts) decides: signed out, a
 * second factor pending, or ready. Interruptions in the middle of work (expired session, step-up)
 * open dialogs over the current screen, so the screen and its state (a cart) stay as they were.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { refreshCsrfToken, setCsrfToken, setRecoveryHandlers } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { authApi, type Profile } from '../api/auth.api';
import { SignInAgainDialog, StepUpDialog } from './recovery-dialogs';
import { forgetCounterKey, markOffline, offlineProfile, signOutCounter } from '../offline/offline-counter';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'second-factor'; profile: Profile }
  | { status: 'ready'; profile: Profile };

export interface Session {
  state: SessionState;
  /** The profile when signed in (second factor pending or not). */
  profile: Profile | null;
  permissions: ReadonlySet<string>;
  /** Reloads the profile from the server; returns the new state. */
  refresh(): Promise<SessionState>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}

async function loadState(): Promise<SessionState> {
  try {
    const profile = await authApi.me();
    return profile.mfaSatisfied ? { status: 'ready', profile } : { status: 'second-factor', profile };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      // The session ended (signed out elsewhere, revoked, expired): the counter's key goes with it.
      await forgetCounterKey();
      return { status: 'signed-out' };
    }
    if (error instanceof ApiError && error.status === 0) {
      // No server: a counter that kept this session's profile (sealed) keeps selling offline.
      const kept = await offlineProfile<Profile>();
      if (kept !== undefined) {
        markOffline(true);
        return { status: 'ready', profile: kept };
      }
    }
    throw error;
  }
}

interface Pending {
  resolve: () => void;
  reject: (reason: Error) => void;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [signInAgain, setSignInAgain] = useState<Pending | null>(null);
  const [stepUp, setStepUp] = useState<Pending | null>(null);

  const refresh = useCallback(async () => {
    const next = await loadState();
    setState(next);
    return next;
  }, []);

  useEffect(() => {
    let live = true;
    void (async () => {
      const first = await loadState().catch((): SessionState => ({ status: 'signed-out' }));
      // A reloaded page kept its cookie but lost the in-memory CSRF token.
      if (first.status !== 'signed-out') await refreshCsrfToken().catch(() => undefined);
      if (live) setState(first);
    })();
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    setRecoveryHandlers({
      signInAgain: () => new Promise<void>((resolve, reject) => setSignInAgain({ resolve, reject })),
      confirmPassword: () => new Promise<void>((resolve, reject) => setStepUp({ resolve, reject })),
      secondFactorNeeded: () => void refresh(),
    });
    return () => setRecoveryHandlers(null);
  }, [refresh]);

  const signOut = useCallback(async () => {
    // The counter sends what waits, gives unused numbers back and destroys its key first.
    await signOutCounter().catch(() => undefined);
    await authApi.logout().catch(() => undefined);
    setCsrfToken(null);
    // A full reload drops everything held in memory (carts, revealed values) with the session.
    window.location.assign('/sign-in');
  }, []);

  const onSignedInAgain = useCallback(async () => {
    const before = state;
    const next = await refresh();
    const previousUser =
      before.status === 'ready' || before.status === 'second-factor' ? before.profile.userId : null;
    const nextUser = next.status === 'ready' || next.status === 'second-factor' ? next.profile.userId : null;
    if (previousUser !== null && nextUser !== null && nextUser !== previousUser) {
      // Someone else signed in: what the previous person had open is not theirs to see.
      window.location.assign('/');
      return;
    }
    signInAgain?.resolve();
    setSignInAgain(null);
  }, [refresh, signInAgain, state]);

  const value = useMemo<Session>(() => {
    const profile = state.status === 'ready' || state.status === 'second-factor' ? state.profile : null;
    return {
      state,
      profile,
      permissions: new Set(state.status === 'ready' ? state.profile.permissions : []),
      refresh,
      signOut,
    };
  }, [state, refresh, signOut]);

  return (
    <SessionContext.Provider value={value}>
      {children}
      {signInAgain !== null && (
        <SignInAgainDialog
          onDone={onSignedInAgain}
          onCancel={() => {
            signInAgain.reject(new ApiError(0, 'cancelled', 'cancelled'));
            setSignInAgain(null);
            void signOut();
          }}
        />
      )}
      {stepUp !== null && (
        <StepUpDialog
          onDone={() => {
            stepUp.resolve();
            setStepUp(null);
          }}
          onCancel={() => {
            stepUp.reject(new ApiError(0, 'cancelled', 'cancelled'));
            setStepUp(null);
          }}
        />
      )}
    </SessionContext.Provider>
  );
}

// The signed-in user ("me") as TanStack Query state, the CSRF token that comes with it,
// and the notice shown on the login page when a session ends.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MeResponse } from '@shared/schemas/auth.ts';
import { api, isApiError, setCsrfToken } from '../../lib/api';
import { isNetworkError } from '../offline/outbox';
import { offlineMe } from '../offline/store';

export type Me = MeResponse;
export type Assignment = Me['assignments'][number];
export const meKey = ['me'] as const;

const NOTICE_KEY = 'ts.notice';
export type SessionNotice = 'expired' | 'signed_out';

export function setSessionNotice(notice: SessionNotice | null): void {
  try {
    if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
    else sessionStorage.removeItem(NOTICE_KEY);
  } catch {
    // Storage unavailable: the notice is simply not shown.
  }
}

export function readSessionNotice(): SessionNotice | null {
  try {
    const v = sessionStorage.getItem(NOTICE_KEY);
    return v === 'expired' || v === 'signed_out' ? v : null;
  } catch {
    return null;
  }
}

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/auth/me', { quietAuth: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      if (e.code === 'session_expired') setSessionNotice('expired');
      return null;
    }
    // No network: the user this device was prepared for works on offline (features/offline).
    if (isNetworkError(e)) {
      const copy = await offlineMe<Me>().catch(() => undefined);
      if (copy) {
        // The session outlives the page: its token is good for the changes sent when the network returns.
        setCsrfToken(copy.csrfToken);
        return copy;
      }
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: fetchMe,
    staleTime: Infinity,
    gcTime: Infinity,
    // Once more after a hiccup; not when the browser knows it is offline (the screen then says so at once).
    retry: (count, error) => count < 1 && !(isNetworkError(error) && typeof navigator !== 'undefined' && navigator.onLine === false),
    // A failed answer stays until asked again ("Thử lại"): a component appearing with the
    // error (the login form's language switch…) must not refetch it, or the page would
    // flip between the error and the spinner for ever while offline.
    retryOnMount: false,
  });
}

/** The signed-in user; only call below the RequireAuth guard. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside a signed-in route');
  return data;
}

/** Store a fresh me (from login, a sign-in step, a password change…). */
export function storeMe(qc: QueryClient, me: Me | null): void {
  const previous = qc.getQueryData<Me | null>(meKey);
  setCsrfToken(me?.csrfToken ?? null);
  // A different person (or nobody) must not see the previous user's cached data.
  if (!me || (previous && previous.user.id !== me.user.id)) {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
  }
  qc.setQueryData(meKey, me);
}

export function useStoreMe() {
  const qc = useQueryClient();
  return useCallback((me: Me | null) => storeMe(qc, me), [qc]);
}

/** Turns a ?next= value into a safe in-app path. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

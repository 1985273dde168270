// The signed-in user ("me") as TanStack Query state, the CSRF token that comes with it,
// and the notice shown on the login page when a session ends.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MeResponse } from '@shared/schemas/auth.ts';
import { api, isApiError, setCsrfToken } from '../../lib/api';

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
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity, gcTime: Infinity, retry: 1 });
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

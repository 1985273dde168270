// Users and roles as the user-administration pages need them.
import { useQuery } from '@tanstack/react-query';
import type { RoleView } from '@shared/schemas/roles.ts';
import type { UserView } from '@shared/schemas/users.ts';
import { api } from '../../lib/api';

export type { RoleView, UserView };
export interface UserList {
  items: UserView[];
  total: number;
}
export interface RoleList {
  items: RoleView[];
  canManage: boolean;
}

export const userKeys = {
  all: ['users'] as const,
  list: (query: Record<string, unknown>) => ['users', 'list', query] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
  sessions: (id: string) => ['users', 'sessions', id] as const,
};
export const roleKeys = { all: ['roles'] as const, permissions: ['permissions'] as const };

export const listUsers = (query: { q?: string; active?: string; locked?: string; unitId?: string; limit: number; offset: number }) => api.get<UserList>('/api/users', { query });
export const getUser = (id: string) => api.get<UserView>(`/api/users/${id}`);
export const listRoles = () => api.get<RoleList>('/api/roles');

export function useRoles(enabled = true) {
  return useQuery({ queryKey: roleKeys.all, queryFn: listRoles, staleTime: 5 * 60_000, enabled });
}

export type UserStatus = 'active' | 'inactive' | 'locked' | 'must_change';

export function userStatuses(u: UserView): UserStatus[] {
  const s: UserStatus[] = [u.active ? 'active' : 'inactive'];
  if (u.locked) s.push('locked');
  if (u.mustChangePassword) s.push('must_change');
  return s;
}

// Units: types from the shared API contracts and the requests the pages make.
import type { z } from 'zod';
import type { groupDetail, groupView, SuccessionReport, unitAttributes, UnitDetail, UnitSummary, villageImportReport, VillageType } from '@shared/schemas/units.ts';
import { offlineRead } from '../offline/sync';
import { api } from '../../lib/api';

export type { SuccessionReport, UnitDetail, UnitSummary };
export type Hierarchy = '2025' | 'pre2025';
export type UnitAttributes = z.infer<typeof unitAttributes>;
export type GroupView = z.infer<typeof groupView>;
export type GroupDetail = z.infer<typeof groupDetail>;
export type ImportReport = z.infer<typeof villageImportReport>;
export interface UnitList {
  items: UnitSummary[];
  total: number;
}

// Repeated here (type-checked both ways against the shared contract) so that the web
// bundle does not pull in zod just for a list of ten codes.
export const VILLAGE_TYPES = ['thon', 'ban', 'buon', 'lang', 'plei', 'phum', 'soc', 'to-dan-pho', 'khu-pho', 'ap'] as const satisfies readonly VillageType[];
type MissingVillageType = Exclude<VillageType, (typeof VILLAGE_TYPES)[number]>;
export const villageTypesComplete: [MissingVillageType] extends [never] ? true : never = true;
export const REGION_CLASSES = ['I', 'II', 'III'] as const;

export function listUnits(query: { hierarchy: Hierarchy; parentId?: string; q?: string; kind?: string; groupId?: string; limit?: number; offset?: number }, signal?: AbortSignal) {
  return api.get<UnitList>('/api/units', { query, signal });
}

export function getUnit(id: string) {
  return offlineRead(unitKeys.detail(id), () => api.get<UnitDetail>(`/api/units/${id}`));
}

export const getSuccessionReport = () => api.get<SuccessionReport>('/api/units/succession-report');

export const unitKeys = {
  all: ['units'] as const,
  successionReport: ['units', 'succession-report'] as const,
  list: (query: Record<string, unknown>) => ['units', 'list', query] as const,
  detail: (id: string) => ['unit', id] as const,
};

/** The hierarchy to browse a unit's children in ("all" is the nation, shared by both). */
export function childHierarchy(u: Pick<UnitSummary, 'hierarchy'>, fallback: Hierarchy = '2025'): Hierarchy {
  return u.hierarchy === 'all' ? fallback : u.hierarchy;
}

export interface GroupList {
  items: GroupView[];
  abilities?: { manage: boolean };
}

export const groupKeys = {
  all: ['unit-groups'] as const,
  detail: (id: string) => ['unit-groups', id] as const,
  members: (id: string, query: Record<string, unknown>) => ['unit-groups', id, 'members', query] as const,
};

export const listGroups = () => api.get<GroupList>('/api/unit-groups');
export const getGroup = (id: string) => api.get<GroupDetail>(`/api/unit-groups/${id}`);
export const listGroupMembers = (id: string, query: { limit: number; offset: number }) => api.get<UnitList>(`/api/unit-groups/${id}/members`, { query });

// The indicator catalogue: types from the shared API contracts and the requests the
// administration screens make.
import type { z } from 'zod';
import type {
  categoryComboDetail,
  categoryComboSummary,
  CategoryView,
  DataElementView,
  ExpressionCheckResponse,
  IndicatorView,
  ProgramNode,
  TargetImportReport,
  TargetView,
  ValidationRuleView,
  dataElementDetail,
} from '@shared/schemas/catalog.ts';
import { foldVietnamese } from '@shared/text.ts';
import { api } from '../../lib/api';

export type { CategoryView, DataElementView, ExpressionCheckResponse, IndicatorView, ProgramNode, TargetImportReport, TargetView, ValidationRuleView };
export type ComboSummary = z.infer<typeof categoryComboSummary>;
export type ComboDetail = z.infer<typeof categoryComboDetail>;
export type DataElementDetail = z.infer<typeof dataElementDetail>;
export interface Abilities {
  manage: boolean;
}

// Repeated here (checked against the shared contracts) so the bundle does not pull in zod.
export const VALUE_TYPES = ['integer', 'number', 'percentage', 'boolean', 'text', 'date'] as const satisfies readonly DataElementView['valueType'][];
export const AGGREGATION_TYPES = ['sum', 'average', 'last', 'min', 'max', 'count'] as const satisfies readonly DataElementView['aggregationType'][];
export const OPERATORS = ['<=', '<', '==', '!=', '>=', '>', 'compulsory_pair', 'exclusive_pair'] as const satisfies readonly ValidationRuleView['operator'][];
export const IMPORTANCES = ['high', 'medium', 'low'] as const satisfies readonly ValidationRuleView['importance'][];
export const MISSING_STRATEGIES = ['skip-if-any-missing', 'zero', 'never-skip'] as const satisfies readonly ValidationRuleView['missingValueStrategy'][];
export const PROGRAM_KINDS = ['project', 'subproject', 'content'] as const satisfies readonly ProgramNode['kind'][];

export const catalogKeys = {
  all: ['catalog'] as const,
  program: ['catalog', 'program'] as const,
  categories: ['catalog', 'categories'] as const,
  combos: ['catalog', 'combos'] as const,
  combo: (id: string) => ['catalog', 'combos', id] as const,
  elements: (q: Record<string, unknown>) => ['catalog', 'elements', q] as const,
  element: (id: string) => ['catalog', 'element', id] as const,
  indicators: (q: Record<string, unknown>) => ['catalog', 'indicators', q] as const,
  indicator: (id: string) => ['catalog', 'indicator', id] as const,
  rules: ['catalog', 'rules'] as const,
  targets: (q: Record<string, unknown>) => ['catalog', 'targets', q] as const,
  check: (expression: string, expect: string) => ['catalog', 'check', expect, expression] as const,
};

export const getProgram = () => api.get<{ items: ProgramNode[]; abilities: Abilities }>('/api/catalog/program');
export const listCategories = () => api.get<{ items: CategoryView[]; abilities: Abilities }>('/api/catalog/categories');
export const listCombos = () => api.get<{ items: ComboSummary[]; abilities: Abilities }>('/api/catalog/category-combos');
export const getCombo = (id: string) => api.get<ComboDetail>(`/api/catalog/category-combos/${id}`);

export interface ElementQuery {
  q?: string;
  valueType?: string;
  categoryComboId?: string;
  programItemId?: string;
  limit?: number;
  offset?: number;
}
export const listElements = (query: ElementQuery, signal?: AbortSignal) =>
  api.get<{ items: DataElementView[]; total: number; abilities: Abilities }>('/api/catalog/data-elements', { query: { ...query }, signal });
export const getElement = (id: string) => api.get<DataElementDetail>(`/api/catalog/data-elements/${id}`);

export const listIndicators = (query: { q?: string; programItemId?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
  api.get<{ items: IndicatorView[]; total: number; abilities: Abilities }>('/api/catalog/indicators', { query: { ...query }, signal });
export const getIndicator = (id: string) => api.get<IndicatorView & { abilities: Abilities }>(`/api/catalog/indicators/${id}`);
export const listRules = () => api.get<{ items: ValidationRuleView[]; abilities: Abilities }>('/api/catalog/validation-rules');

export const checkExpression = (expression: string, expect: 'number' | 'boolean', signal?: AbortSignal) =>
  api.post<ExpressionCheckResponse>('/api/catalog/expressions/check', { expression, expect }, { signal, passive: true });

export interface TargetQuery {
  indicatorId?: string;
  unitId?: string;
  period?: string;
  limit?: number;
  offset?: number;
}
export const listTargets = (query: TargetQuery) =>
  api.get<{ items: TargetView[]; total: number; abilities: { setTargets: boolean } }>('/api/catalog/targets', { query: { ...query } });

/** A program item, category, element… in the UI language. */
export function nameOf(x: { nameVi: string; nameEn?: string | null }, lang: 'vi' | 'en'): string {
  return lang === 'en' && x.nameEn ? x.nameEn : x.nameVi;
}

/** A Select filter that ignores Vietnamese diacritics ("ho ngheo" finds "Số hộ nghèo"). */
export function foldedFilter(input: string, option?: { label?: unknown }): boolean {
  return foldVietnamese(String(option?.label ?? '')).includes(foldVietnamese(input));
}

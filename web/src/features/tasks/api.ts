// Tasks: the requests, typed by the shared API contracts (shared/src/schemas/tasks.ts).
import type { z } from 'zod';
import type {
  scoreRuleView,
  TaskDetail,
  taskCounts,
  taskListResponse,
  taskPlanListResponse,
  taskPlanView,
  taskRecurrenceListResponse,
  taskRecurrenceView,
  taskScoresResponse,
  TaskStatusValue,
  TaskSummary,
} from '@shared/schemas/tasks.ts';
import { api, withQuery } from '../../lib/api';

export type { TaskDetail, TaskStatusValue, TaskSummary };
export type TaskList = z.infer<typeof taskListResponse>;
export type TaskCounts = z.infer<typeof taskCounts>;
export type TaskPlan = z.infer<typeof taskPlanView>;
export type TaskRecurrence = z.infer<typeof taskRecurrenceView>;
export type TaskScores = z.infer<typeof taskScoresResponse>;
export type ScoreRuleView = z.infer<typeof scoreRuleView>;
export type TaskView = 'mine' | 'due_soon' | 'overdue' | 'all';

export interface TaskFilters {
  view?: TaskView;
  days?: number;
  unitId?: string | null;
  programItemId?: string | null;
  planId?: string | null;
  status?: TaskStatusValue | null;
  q?: string | null;
  from?: string | null;
  to?: string | null;
  topLevel?: boolean;
  limit?: number;
  offset?: number;
}

export const taskKeys = {
  all: ['tasks'] as const,
  list: (f: TaskFilters) => ['tasks', 'list', f] as const,
  counts: (days: number) => ['tasks', 'counts', days] as const,
  one: (id: string) => ['tasks', 'one', id] as const,
  plans: ['tasks', 'plans'] as const,
  recurrences: ['tasks', 'recurrences'] as const,
  scores: (q: { unitId?: string | null; from: string; to: string; planId?: string | null }) => ['tasks', 'scores', q] as const,
  rule: ['tasks', 'rule'] as const,
  assignees: (unitId: string) => ['tasks', 'assignees', unitId] as const,
};

export const listTasks = (f: TaskFilters, signal?: AbortSignal) =>
  api.get<TaskList>('/api/tasks', {
    query: { view: f.view, days: f.days, unitId: f.unitId, programItemId: f.programItemId, planId: f.planId, status: f.status, q: f.q, from: f.from, to: f.to, topLevel: f.topLevel ? 'true' : undefined, limit: f.limit ?? 100, offset: f.offset },
    signal,
  });
export const getTaskCounts = (days: number, signal?: AbortSignal) => api.get<TaskCounts>('/api/tasks/counts', { query: { days }, signal, passive: true });
export const getTask = (id: string, signal?: AbortSignal) => api.get<TaskDetail>(`/api/tasks/${id}`, { signal });
export const listPlans = (signal?: AbortSignal) => api.get<z.infer<typeof taskPlanListResponse>>('/api/task-plans', { signal });
export const listRecurrences = (signal?: AbortSignal) => api.get<z.infer<typeof taskRecurrenceListResponse>>('/api/task-recurrences', { signal });
export const getScores = (q: { unitId?: string | null; from: string; to: string; planId?: string | null }, signal?: AbortSignal) =>
  api.get<TaskScores>('/api/task-scores', { query: { unitId: q.unitId, from: q.from, to: q.to, planId: q.planId }, signal });
export const getScoreRule = (signal?: AbortSignal) => api.get<ScoreRuleView>('/api/task-score-rule', { signal });
export const listAssignees = (unitId: string, signal?: AbortSignal) => api.get<{ items: { id: string; displayName: string }[] }>('/api/tasks/assignees', { query: { unitId }, signal });

export const reportXlsxUrl = (q: { unitId: string; from: string; to: string; planId?: string | null }) =>
  withQuery('/api/task-reports/progress.xlsx', { unitId: q.unitId, from: q.from, to: q.to, planId: q.planId });

/** Whether the signed-in user may assign tasks (task.manage on some assignment). */
export const canManageTasks = (me: { permissions: string[] }) => me.permissions.includes('task.manage');

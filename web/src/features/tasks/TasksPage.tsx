// The task list: my tasks, due soon (within N days), overdue, all — each with its count —
// filtered by lead unit (and the units below), program project, plan, status and a search
// without diacritics. A table on a computer, cards on a phone. Managers assign tasks here;
// everyone exports the progress report to Excel. The view and filters live in the URL.
import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Input, Segmented, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useDebounced, useIsMobile } from '../../lib/hooks';
import { useCurrentUser } from '../auth/session';
import { ProgramItemSelect } from '../catalog/ProgramItemSelect';
import { UnitSelect } from '../units/UnitSelect';
import { canManageTasks, getTaskCounts, listPlans, listTasks, taskKeys, type TaskFilters, type TaskStatusValue, type TaskSummary, type TaskView } from './api';
import { ExportModal } from './ExportModal';
import { TaskFormModal } from './TaskFormModal';
import { DueText, ProgressCell, ScoreText, StatusTag } from './task-bits';

const VIEWS: TaskView[] = ['mine', 'due_soon', 'overdue', 'all'];
const STATUSES: TaskStatusValue[] = ['not_started', 'in_progress', 'done', 'paused', 'cancelled'];

export function TasksPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const view = (VIEWS.includes(params.get('view') as TaskView) ? params.get('view') : 'mine') as TaskView;
  const days = Number(params.get('days') ?? 7) || 7;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 300);
  const filters: TaskFilters = {
    view,
    days,
    unitId: params.get('unit'),
    programItemId: params.get('program'),
    planId: params.get('plan'),
    status: params.get('status') as TaskStatusValue | null,
    q: q || null,
  };
  const set = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );

  const list = useQuery({ queryKey: taskKeys.list(filters), queryFn: ({ signal }) => listTasks(filters, signal), placeholderData: (prev) => prev });
  const counts = useQuery({ queryKey: taskKeys.counts(days), queryFn: ({ signal }) => getTaskCounts(days, signal) });
  const plans = useQuery({ queryKey: taskKeys.plans, queryFn: ({ signal }) => listPlans(signal) });
  const countOf: Record<TaskView, number | undefined> = { mine: counts.data?.mine, due_soon: counts.data?.dueSoon, overdue: counts.data?.overdue, all: undefined };

  const columns = [
    {
      key: 'title',
      title: t('tasks.col.title'),
      render: (_: unknown, r: TaskSummary) => (
        <div className="ts-task-title">
          <Link to={`/tasks/${r.id}`} data-testid={`task-link-${r.id}`}>
            {r.title}
          </Link>
          <div className="ts-task-meta">
            {[r.plan?.name, r.programItem?.code, r.recurring ? t('tasks.recurring') : null, r.subtaskCount > 0 ? t('tasks.subtasks', { count: r.subtaskCount }) : null].filter(Boolean).join(' · ')}
          </div>
        </div>
      ),
    },
    {
      key: 'lead',
      title: t('tasks.col.leadUnit'),
      width: 220,
      render: (_: unknown, r: TaskSummary) => (
        <div>
          <div>{r.leadUnit.name}</div>
          {r.leadUser ? <div className="ts-task-meta">{r.leadUser.displayName}</div> : null}
        </div>
      ),
    },
    { key: 'due', title: t('tasks.col.due'), width: 130, render: (_: unknown, r: TaskSummary) => <DueText task={r} today={list.data?.today} /> },
    { key: 'status', title: t('tasks.col.status'), width: 140, render: (_: unknown, r: TaskSummary) => <StatusTag status={r.status} /> },
    { key: 'progress', title: t('tasks.col.progress'), width: 140, render: (_: unknown, r: TaskSummary) => <ProgressCell task={r} /> },
    { key: 'score', title: t('tasks.col.score'), width: 70, align: 'right' as const, render: (_: unknown, r: TaskSummary) => <ScoreText score={r.score} /> },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('tasks.title')}
        subtitle={t('tasks.subtitle')}
        extra={
          <Space wrap>
            <Button icon={<FileExcelOutlined />} onClick={() => setExporting(true)} data-testid="tasks-export">
              {t('tasks.exportExcel')}
            </Button>
            {canManageTasks(me) ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-create">
                {t('tasks.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card className="ts-card">
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap className="ts-task-views">
            <Segmented<TaskView>
              value={view}
              onChange={(v) => set({ view: v })}
              options={VIEWS.map((v) => ({
                value: v,
                label: (
                  <span data-testid={`tasks-view-${v}`}>
                    {t(`tasks.views.${v}`)}{' '}
                    {countOf[v] !== undefined ? <Badge count={countOf[v]} showZero size="small" color={v === 'overdue' && countOf[v] ? '#cf1322' : v === 'due_soon' && countOf[v] ? '#fa8c16' : '#8c8c8c'} /> : null}
                  </span>
                ),
              }))}
            />
            {view === 'due_soon' ? (
              <Select
                value={days}
                onChange={(d) => set({ days: String(d) })}
                style={{ width: 140 }}
                options={[3, 7, 14, 30].map((d) => ({ value: d, label: t('tasks.withinDays', { count: d }) }))}
                data-testid="tasks-days"
              />
            ) : null}
          </Space>
          <div className="ts-task-filters">
            <Input.Search allowClear placeholder={t('tasks.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 320 }} />
            <UnitSelect value={filters.unitId ?? undefined} onChange={(v) => set({ unit: v ?? null })} placeholder={t('tasks.filterUnit')} />
            <ProgramItemSelect value={filters.programItemId} onChange={(v) => set({ program: v })} placeholder={t('tasks.filterProgram')} />
            <Select
              allowClear
              placeholder={t('tasks.filterPlan')}
              value={filters.planId ?? undefined}
              onChange={(v?: string) => set({ plan: v ?? null })}
              options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              popupMatchSelectWidth={false}
            />
            <Select
              allowClear
              placeholder={t('tasks.filterStatus')}
              value={filters.status ?? undefined}
              onChange={(v?: string) => set({ status: v ?? null })}
              options={STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
            />
          </div>
          {list.error ? <ErrorAlert error={list.error} /> : null}
          {isMobile ? (
            <div data-testid="task-list">
              {(list.data?.items ?? []).length === 0 && !list.isLoading ? <Empty description={t('tasks.empty')} /> : null}
              {(list.data?.items ?? []).map((r) => (
                <div key={r.id} className={r.overdue ? 'ts-task-card is-overdue' : 'ts-task-card'} data-testid="task-row">
                  <div className="ts-task-card-head">
                    <Link to={`/tasks/${r.id}`} data-testid={`task-link-${r.id}`}>
                      {r.title}
                    </Link>
                    <StatusTag status={r.status} />
                  </div>
                  <div className="ts-task-meta">
                    {r.leadUnit.name}
                    {r.leadUser ? ` · ${r.leadUser.displayName}` : ''}
                  </div>
                  <div className="ts-task-card-row">
                    <DueText task={r} today={list.data?.today} />
                    <ProgressCell task={r} />
                  </div>
                </div>
              ))}
            </div>
          ) : (
            <Table<TaskSummary>
              rowKey="id"
              size="middle"
              loading={list.isFetching && !list.data}
              columns={columns}
              dataSource={list.data?.items ?? []}
              pagination={false}
              locale={{ emptyText: t('tasks.empty') }}
              data-testid="task-list"
              onRow={() => ({ 'data-testid': 'task-row' }) as React.HTMLAttributes<HTMLElement>}
            />
          )}
          {list.data ? <Typography.Text type="secondary">{t('tasks.total', { count: list.data.total })}</Typography.Text> : null}
        </Space>
      </Card>
      {creating ? <TaskFormModal onClose={() => setCreating(false)} /> : null}
      {exporting ? <ExportModal defaultUnitId={filters.unitId ?? me.assignments[0]?.unit.id ?? null} planId={filters.planId ?? null} onClose={() => setExporting(false)} /> : null}
    </div>
  );
}

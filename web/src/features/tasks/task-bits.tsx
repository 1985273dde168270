// Small pieces shared by the task screens: the status tag, the due-day text (late, today,
// days left, in Vietnam calendar days), the progress bar, the score.
import { Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber, vnToday } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import type { TaskStatusValue, TaskSummary } from './api';

const COLORS: Record<TaskStatusValue, string> = { not_started: 'default', in_progress: 'processing', done: 'success', paused: 'warning', cancelled: 'default' };

export function StatusTag({ status }: { status: TaskStatusValue }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="task-status" style={status === 'cancelled' ? { textDecoration: 'line-through' } : undefined}>
      {t(`tasks.status.${status}`)}
    </Tag>
  );
}

/** Whole days between two calendar dates (yyyy-mm-dd). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export function DueText({ task, today = vnToday() }: { task: Pick<TaskSummary, 'dueDate' | 'status' | 'lateDays' | 'overdue'>; today?: string }) {
  const { t } = useTranslation();
  const open = task.status !== 'done' && task.status !== 'cancelled';
  const left = daysBetween(today, task.dueDate);
  return (
    <span className="ts-task-due">
      <span>{formatDate(task.dueDate)}</span>
      {task.overdue ? (
        <Typography.Text type="danger" className="ts-task-due-note" data-testid="task-late">
          {t('tasks.lateDays', { count: task.lateDays })}
        </Typography.Text>
      ) : open && left === 0 ? (
        <Typography.Text type="warning" className="ts-task-due-note">
          {t('tasks.dueToday')}
        </Typography.Text>
      ) : open && left > 0 && left <= 7 ? (
        <Typography.Text type="warning" className="ts-task-due-note">
          {t('tasks.dueIn', { count: left })}
        </Typography.Text>
      ) : task.status === 'done' && task.lateDays > 0 ? (
        <Typography.Text type="secondary" className="ts-task-due-note">
          {t('tasks.lateDays', { count: task.lateDays })}
        </Typography.Text>
      ) : null}
    </span>
  );
}

export function ProgressCell({ task }: { task: Pick<TaskSummary, 'progress' | 'status' | 'overdue'> }) {
  const status = task.status === 'done' ? 'success' : task.overdue ? 'exception' : 'normal';
  return <Progress percent={task.progress} size="small" status={status} style={{ minWidth: 90, margin: 0 }} />;
}

export function ScoreText({ score }: { score: number | null }) {
  const lang = useUiLanguage();
  if (score === null) return <Typography.Text type="secondary">–</Typography.Text>;
  return <span className="ts-task-score">{formatNumber(score, lang, 1)}</span>;
}

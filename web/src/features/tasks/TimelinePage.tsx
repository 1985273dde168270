// The timeline (Gantt-like): one bar per task from its start to its due day over a window
// of weeks or months, filled to its progress, red when overdue, green when done; a line at
// today. Bars are positioned in percent of the window (plain CSS), so the chart is light
// and scrolls sideways on a phone with the task names kept in view.
import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Empty, Segmented, Space, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, vnToday } from '../../lib/format';
import { UnitSelect } from '../units/UnitSelect';
import { listTasks, taskKeys, type TaskSummary } from './api';
import { daysBetween } from './task-bits';

type Scale = 'week' | 'month';

interface Tick {
  key: string;
  label: string;
  days: number;
}

function ticks(from: string, to: string, scale: Scale, weekLabel: (w: number) => string): Tick[] {
  const out: Tick[] = [];
  let cursor = dayjs(from);
  const end = dayjs(to).add(1, 'day');
  while (cursor.isBefore(end)) {
    const next = scale === 'month' ? cursor.startOf('month').add(1, 'month') : cursor.add(7 - ((cursor.day() + 6) % 7), 'day');
    const stop = next.isAfter(end) ? end : next;
    const label = scale === 'month' ? cursor.format('MM/YYYY') : `${weekLabel(isoWeek(cursor))} · ${cursor.format('DD/MM')}`;
    out.push({ key: cursor.format('YYYY-MM-DD'), label, days: stop.diff(cursor, 'day') });
    cursor = stop;
  }
  return out;
}

function isoWeek(d: Dayjs): number {
  const date = new Date(Date.UTC(d.year(), d.month(), d.date()));
  const day = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  return 1 + Math.round(((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
}

export function TimelinePage() {
  const { t } = useTranslation();
  const today = vnToday();
  const [scale, setScale] = useState<Scale>('month');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(today).startOf('month').subtract(1, 'month'), dayjs(today).startOf('month').add(4, 'month').subtract(1, 'day')]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const filters = { view: 'all' as const, from, to, unitId: unitId ?? null, limit: 300 };
  const list = useQuery({ queryKey: taskKeys.list(filters), queryFn: ({ signal }) => listTasks(filters, signal) });
  const total = daysBetween(from, to) + 1;
  const heads = useMemo(() => ticks(from, to, scale, (w) => t('tasks.timeline.weekLabel', { week: w })), [from, to, scale, t]);
  const pct = (date: string) => Math.min(100, Math.max(0, (daysBetween(from, date) / total) * 100));
  const todayPct = today >= from && today <= to ? pct(today) : null;

  const bar = (r: TaskSummary) => {
    const left = pct(r.startDate);
    const right = Math.min(100, Math.max(0, ((daysBetween(from, r.dueDate) + 1) / total) * 100));
    const cls = r.status === 'done' ? 'ts-timeline-bar is-done' : r.overdue ? 'ts-timeline-bar is-overdue' : 'ts-timeline-bar';
    return (
      <Tooltip title={`${r.title}: ${formatDate(r.startDate)} – ${formatDate(r.dueDate)} · ${t(`tasks.status.${r.status}`)} · ${r.progress}%`}>
        <div className={cls} style={{ left: `${left}%`, width: `${Math.max(0.5, right - left)}%` }} data-testid="timeline-bar">
          <div className="ts-timeline-bar-fill" style={{ width: `${r.progress}%` }} />
        </div>
      </Tooltip>
    );
  };

  return (
    <Card className="ts-card">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Scale> value={scale} onChange={setScale} options={[{ value: 'week', label: t('tasks.timeline.week') }, { value: 'month', label: t('tasks.timeline.month') }]} />
        <DatePicker.RangePicker format="DD/MM/YYYY" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <UnitSelect value={unitId} onChange={setUnitId} placeholder={t('tasks.filterUnit')} />
      </Space>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.data && list.data.items.length === 0 ? (
        <Empty description={t('tasks.timeline.empty')} />
      ) : (
        <div className="ts-timeline" data-testid="task-timeline">
          <div className="ts-timeline-inner" style={{ minWidth: scale === 'week' ? Math.max(720, heads.length * 90 + 260) : 720 }}>
            <div className="ts-timeline-row ts-timeline-head">
              <div className="ts-timeline-label" />
              <div className="ts-timeline-track">
                {heads.map((h) => (
                  <div key={h.key} className="ts-timeline-tick" style={{ flexGrow: h.days }}>
                    {h.label}
                  </div>
                ))}
              </div>
            </div>
            {(list.data?.items ?? []).map((r) => (
              <div key={r.id} className="ts-timeline-row">
                <div className="ts-timeline-label" title={r.title}>
                  <Link to={`/tasks/${r.id}`}>{r.parentId ? `↳ ${r.title}` : r.title}</Link>
                  <div className="ts-task-meta">{r.leadUnit.name}</div>
                </div>
                <div className="ts-timeline-track">
                  {todayPct !== null ? <div className="ts-timeline-today" style={{ left: `${todayPct}%` }} title={t('tasks.timeline.today')} /> : null}
                  {bar(r)}
                </div>
              </div>
            ))}
          </div>
        </div>
      )}
    </Card>
  );
}

// Scores (điểm công việc): the units below the chosen one ranked by the average score of
// their tasks due in the period (computed by the server over the whole scope), and the
// scoring rule — read by everyone, changed by national task managers.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, InputNumber, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { formatNumber, vnToday } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { showFieldErrors } from '../catalog/form-errors';
import { UnitSelect } from '../units/UnitSelect';
import { getScoreRule, getScores, taskKeys, type ScoreRuleView, type TaskScores } from './api';

type Row = TaskScores['items'][number];

export function ScoresPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const me = useCurrentUser();
  const year = vnToday().slice(0, 4);
  const [unitId, setUnitId] = useState<string | undefined>(me.assignments[0]?.unit.id);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)]);
  const q = { unitId: unitId ?? null, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const scores = useQuery({ queryKey: taskKeys.scores(q), queryFn: ({ signal }) => getScores(q, signal) });
  const n = (v: number | null, digits = 1) => (v === null ? '–' : formatNumber(v, lang, digits));
  const columns = [
    { key: 'rank', title: t('tasks.scores.rank'), width: 64, align: 'center' as const, render: (_: unknown, r: Row) => (r.averageScore === null ? '–' : <strong>{r.rank}</strong>) },
    { key: 'unit', title: t('tasks.scores.unit'), render: (_: unknown, r: Row) => r.unit.name },
    { key: 'average', title: t('tasks.scores.average'), width: 110, align: 'right' as const, render: (_: unknown, r: Row) => <strong>{n(r.averageScore)}</strong> },
    { key: 'tasks', title: t('tasks.scores.tasks'), width: 90, align: 'right' as const, render: (_: unknown, r: Row) => n(r.tasks, 0) },
    { key: 'done', title: t('tasks.scores.done'), width: 100, align: 'right' as const, render: (_: unknown, r: Row) => n(r.done, 0) },
    { key: 'onTime', title: t('tasks.scores.onTime'), width: 90, align: 'right' as const, render: (_: unknown, r: Row) => n(r.onTime, 0) },
    { key: 'late', title: t('tasks.scores.late'), width: 90, align: 'right' as const, render: (_: unknown, r: Row) => n(r.late, 0) },
    { key: 'overdueOpen', title: t('tasks.scores.overdueOpen'), width: 120, align: 'right' as const, render: (_: unknown, r: Row) => (r.overdueOpen > 0 ? <Typography.Text type="danger">{n(r.overdueOpen, 0)}</Typography.Text> : '0') },
    { key: 'quality', title: t('tasks.scores.quality'), width: 120, align: 'right' as const, render: (_: unknown, r: Row) => n(r.averageQuality) },
  ];
  return (
    <div className="ts-stack">
      <Card className="ts-card">
        <Space wrap style={{ marginBottom: 12 }}>
          <UnitSelect value={unitId} onChange={setUnitId} known={me.assignments.map((a) => ({ id: a.unit.id, fullName: a.unit.name, path: [] }))} />
          <span>{t('tasks.scores.period')}</span>
          <DatePicker.RangePicker format="DD/MM/YYYY" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        </Space>
        {scores.error ? <ErrorAlert error={scores.error} /> : null}
        <Table<Row>
          rowKey={(r) => r.unit.id}
          size="middle"
          loading={scores.isFetching}
          columns={columns}
          dataSource={scores.data?.items ?? []}
          pagination={false}
          scroll={{ x: 860 }}
          locale={{ emptyText: t('tasks.scores.empty') }}
          data-testid="task-scores"
        />
      </Card>
      <ScoreRuleCard />
    </div>
  );
}

function ScoreRuleCard() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<ScoreRuleView>();
  const rule = useQuery({ queryKey: taskKeys.rule, queryFn: ({ signal }) => getScoreRule(signal) });
  const save = useMutation({
    mutationFn: (v: ScoreRuleView) =>
      api.put<ScoreRuleView>('/api/task-score-rule', { onTimePoints: v.onTimePoints, latePenaltyPerDay: v.latePenaltyPerDay, lateFloor: v.lateFloor, timelinessWeight: v.timelinessWeight, qualityWeight: v.qualityWeight }),
    onSuccess: async () => {
      message.success(t('tasks.scores.ruleSaved'));
      await qc.invalidateQueries({ queryKey: taskKeys.all });
    },
    onError: (e) => showFieldErrors(form, e),
  });
  if (!rule.data) return rule.error ? <ErrorAlert error={rule.error} /> : null;
  const r = rule.data;
  const n = (v: number) => formatNumber(v, lang, 2);
  const sep = lang === 'vi' ? ',' : '.';
  return (
    <Card className="ts-card" title={t('tasks.scores.rule')}>
      <Typography.Paragraph data-testid="task-score-rule">
        {t('tasks.scores.ruleHelp', { onTime: n(r.onTimePoints), perDay: n(r.latePenaltyPerDay), floor: n(r.lateFloor), tw: n(r.timelinessWeight), qw: n(r.qualityWeight) })}
      </Typography.Paragraph>
      {r.canEdit ? (
        <Form form={form} layout="inline" initialValues={r} onFinish={(v) => save.mutate(v)} style={{ rowGap: 12 }}>
          {(['onTimePoints', 'latePenaltyPerDay', 'lateFloor'] as const).map((k) => (
            <Form.Item key={k} name={k} label={t(`tasks.scores.${k}`)} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={1000} decimalSeparator={sep} style={{ width: 100 }} />
            </Form.Item>
          ))}
          {(['timelinessWeight', 'qualityWeight'] as const).map((k) => (
            <Form.Item key={k} name={k} label={t(`tasks.scores.${k}`)} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={1} step={0.1} decimalSeparator={sep} style={{ width: 90 }} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('tasks.scores.saveRule')}
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">{t('tasks.scores.ruleNational')}</Typography.Text>
      )}
      {save.error ? <ErrorAlert error={save.error} style={{ marginTop: 12 }} /> : null}
    </Card>
  );
}

// Plans (kế hoạch) that group tasks, and recurring tasks ("annual report before 15/12",
// "quarterly form 10 days after the quarter"): their rule in words, how many times they
// have been made, the latest occurrence; managers create them and switch rules off.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Switch, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { periodLabel } from '@shared/engine/periods.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { formatNumber, vnToday } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { showFieldErrors } from '../catalog/form-errors';
import { UnitSelect } from '../units/UnitSelect';
import { canManageTasks, listAssignees, listPlans, listRecurrences, taskKeys, type TaskPlan, type TaskRecurrence } from './api';

export function PlansPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [planOpen, setPlanOpen] = useState(false);
  const [ruleOpen, setRuleOpen] = useState(false);
  const plans = useQuery({ queryKey: taskKeys.plans, queryFn: ({ signal }) => listPlans(signal) });
  const rules = useQuery({ queryKey: taskKeys.recurrences, queryFn: ({ signal }) => listRecurrences(signal) });
  const toggle = useMutation({
    mutationFn: (v: { id: string; active: boolean }) => api.patch(`/api/task-recurrences/${v.id}`, { active: v.active }),
    onSuccess: async () => qc.invalidateQueries({ queryKey: taskKeys.recurrences }),
  });
  const manager = canManageTasks(me);
  const ruleText = (r: TaskRecurrence) =>
    r.frequency === 'yearly'
      ? t('tasks.plans.ruleYearly', { day: String(r.dueDay).padStart(2, '0'), month: String(r.dueMonth).padStart(2, '0') })
      : t(r.frequency === 'quarterly' ? 'tasks.plans.ruleQuarterly' : 'tasks.plans.ruleMonthly', { days: r.daysAfter });
  return (
    <div className="ts-stack">
      <Card
        className="ts-card"
        title={t('tasks.plans.plans')}
        extra={
          manager ? (
            <Button icon={<PlusOutlined />} onClick={() => setPlanOpen(true)} data-testid="plan-create">
              {t('tasks.plans.createPlan')}
            </Button>
          ) : null
        }
      >
        {plans.error ? <ErrorAlert error={plans.error} /> : null}
        <Table<TaskPlan>
          rowKey="id"
          size="middle"
          pagination={false}
          scroll={{ x: 640 }}
          loading={plans.isFetching}
          dataSource={plans.data?.items ?? []}
          locale={{ emptyText: t('tasks.plans.noPlans') }}
          columns={[
            { key: 'name', title: t('tasks.plans.name'), render: (_, p) => <Link to={`/tasks?view=all&plan=${p.id}`}>{p.name}</Link> },
            { key: 'unit', title: t('tasks.plans.unit'), render: (_, p) => p.unit.name },
            { key: 'year', title: t('tasks.plans.year'), width: 80, render: (_, p) => p.year ?? '–' },
            { key: 'progress', title: t('tasks.plans.progress'), width: 140, render: (_, p) => `${formatNumber(p.doneCount, lang)}/${formatNumber(p.taskCount, lang)}` },
          ]}
        />
      </Card>
      <Card
        className="ts-card"
        title={t('tasks.plans.recurrences')}
        extra={
          manager ? (
            <Button icon={<PlusOutlined />} onClick={() => setRuleOpen(true)} data-testid="recurrence-create">
              {t('tasks.plans.createRecurrence')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{t('tasks.plans.recurrencesHelp')}</Typography.Paragraph>
        {rules.error ? <ErrorAlert error={rules.error} /> : null}
        <Table<TaskRecurrence>
          rowKey="id"
          size="middle"
          pagination={false}
          scroll={{ x: 760 }}
          loading={rules.isFetching}
          dataSource={rules.data?.items ?? []}
          locale={{ emptyText: t('tasks.plans.noRecurrences') }}
          data-testid="recurrence-list"
          columns={[
            { key: 'title', title: t('tasks.col.title'), render: (_, r) => r.title },
            { key: 'rule', title: t('tasks.plans.frequency'), render: (_, r) => ruleText(r) },
            { key: 'lead', title: t('tasks.col.leadUnit'), render: (_, r) => r.leadUnit.name },
            {
              key: 'generated',
              title: t('tasks.plans.generatedCol'),
              render: (_, r) => (
                <span>
                  {t('tasks.plans.generated', { count: r.generated })}
                  {r.lastOccurrence ? <div className="ts-task-meta">{t('tasks.plans.last', { period: periodLabel(r.lastOccurrence, lang) })}</div> : null}
                </span>
              ),
            },
            {
              key: 'active',
              title: t('tasks.plans.active'),
              width: 110,
              render: (_, r) => <Switch checked={r.active} disabled={!r.canEdit} loading={toggle.isPending && toggle.variables?.id === r.id} onChange={(active) => toggle.mutate({ id: r.id, active })} />,
            },
          ]}
        />
      </Card>
      {planOpen ? <PlanModal onClose={() => setPlanOpen(false)} /> : null}
      {ruleOpen ? <RecurrenceModal onClose={() => setRuleOpen(false)} /> : null}
    </div>
  );
}

function PlanModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const [form] = Form.useForm<{ name: string; unitId: string; year: number; description?: string }>();
  const save = useMutation({
    mutationFn: (v: { name: string; unitId: string; year: number; description?: string }) => api.post('/api/task-plans', { ...v, description: v.description?.trim() ? v.description : null }),
    onSuccess: async () => {
      message.success(t('tasks.plans.planCreated'));
      await qc.invalidateQueries({ queryKey: taskKeys.plans });
      onClose();
    },
    onError: (e) => showFieldErrors(form, e),
  });
  const unit = me.assignments.find((a) => a.permissions.includes('task.manage'))?.unit;
  return (
    <Modal open title={t('tasks.plans.createPlan')} onOk={() => form.submit()} onCancel={onClose} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ year: Number(vnToday().slice(0, 4)), unitId: unit?.id }} onFinish={(v) => save.mutate(v)}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item name="name" label={t('tasks.plans.name')} rules={[{ required: true, min: 3, message: t('common.required') }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="unitId" label={t('tasks.plans.unit')} rules={[{ required: true, message: t('common.required') }]}>
          <UnitSelect known={unit ? [{ id: unit.id, fullName: unit.name, path: [] }] : []} />
        </Form.Item>
        <Form.Item name="year" label={t('tasks.plans.year')}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="description" label={t('tasks.plans.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RuleValues {
  title: string;
  leadUnitId: string;
  leadUserId?: string | null;
  frequency: 'yearly' | 'quarterly' | 'monthly';
  dueDay?: number;
  dueMonth?: number;
  daysAfter?: number;
  leadDays: number;
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
}

function RecurrenceModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<RuleValues>();
  const frequency = Form.useWatch('frequency', form);
  const leadUnitId = Form.useWatch('leadUnitId', form);
  const assignees = useQuery({ queryKey: taskKeys.assignees(leadUnitId ?? ''), queryFn: ({ signal }) => listAssignees(leadUnitId!, signal), enabled: Boolean(leadUnitId) });
  const save = useMutation({
    mutationFn: (v: RuleValues) =>
      api.post('/api/task-recurrences', {
        title: v.title,
        leadUnitId: v.leadUnitId,
        leadUserId: v.leadUserId ?? null,
        frequency: v.frequency,
        ...(v.frequency === 'yearly' ? { dueDay: v.dueDay, dueMonth: v.dueMonth } : { daysAfter: v.daysAfter }),
        leadDays: v.leadDays,
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
      }),
    onSuccess: async () => {
      message.success(t('tasks.plans.recurrenceCreated'));
      await qc.invalidateQueries({ queryKey: taskKeys.all });
      onClose();
    },
    onError: (e) => showFieldErrors(form, e),
  });
  return (
    <Modal open width={640} title={t('tasks.plans.createRecurrence')} onOk={() => form.submit()} onCancel={onClose} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} destroyOnHidden>
      <Form<RuleValues> form={form} layout="vertical" initialValues={{ frequency: 'yearly', dueDay: 15, dueMonth: 12, daysAfter: 10, leadDays: 30, startsOn: dayjs(vnToday()) }} onFinish={(v) => save.mutate(v)}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item name="title" label={t('tasks.field.title')} rules={[{ required: true, min: 3, message: t('common.required') }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('tasks.field.leadUnit')} rules={[{ required: true, message: t('common.required') }]}>
          <UnitSelect onChange={() => form.setFieldValue('leadUserId', null)} />
        </Form.Item>
        <Form.Item name="leadUserId" label={t('tasks.field.leadUser')} extra={t('tasks.field.leadUserHelp')}>
          <Select allowClear disabled={!leadUnitId} options={(assignees.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
        </Form.Item>
        <Form.Item name="frequency" label={t('tasks.plans.frequency')}>
          <Select options={(['yearly', 'quarterly', 'monthly'] as const).map((f) => ({ value: f, label: t(`tasks.plans.freq.${f}`) }))} />
        </Form.Item>
        {frequency === 'yearly' ? (
          <Form.Item label={t('tasks.field.due')} required>
            <Form.Item name="dueDay" noStyle rules={[{ required: true }]}>
              <InputNumber min={1} max={31} addonBefore={t('tasks.plans.dueDay')} style={{ width: 150, marginRight: 8 }} />
            </Form.Item>
            <Form.Item name="dueMonth" noStyle rules={[{ required: true }]}>
              <InputNumber min={1} max={12} addonBefore={t('tasks.plans.dueMonth')} style={{ width: 150 }} />
            </Form.Item>
          </Form.Item>
        ) : (
          <Form.Item name="daysAfter" label={t('tasks.plans.daysAfter')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber min={0} max={120} />
          </Form.Item>
        )}
        <Form.Item name="leadDays" label={t('tasks.plans.leadDays')} rules={[{ required: true, message: t('common.required') }]}>
          <InputNumber min={0} max={366} />
        </Form.Item>
        <Form.Item name="startsOn" label={t('tasks.plans.startsOn')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item name="endsOn" label={t('tasks.plans.endsOn')}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

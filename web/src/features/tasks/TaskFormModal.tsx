// Assigning a task (or a sub-task), or editing one: title, plan, lead unit and person,
// co-operating units, program item, start and due days (dd/mm/yyyy, Vietnam calendar
// days), description and deliverables. The server checks scope and dates and answers
// with field errors shown under the fields.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { vnToday } from '../../lib/format';
import { showFieldErrors } from '../catalog/form-errors';
import { ProgramItemSelect } from '../catalog/ProgramItemSelect';
import { UnitSelect } from '../units/UnitSelect';
import { listAssignees, listPlans, taskKeys, type TaskDetail } from './api';

interface Values {
  title: string;
  description?: string;
  planId?: string | null;
  leadUnitId: string;
  leadUserId?: string | null;
  cooperatingUnitIds?: string[];
  programItemId?: string | null;
  dates: [Dayjs, Dayjs];
  deliverables?: string;
}

const iso = (d: Dayjs) => d.format('YYYY-MM-DD');

export function TaskFormModal({ task, parent, onClose }: { task?: TaskDetail; parent?: TaskDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const leadUnitId = Form.useWatch('leadUnitId', form);
  const plans = useQuery({ queryKey: taskKeys.plans, queryFn: ({ signal }) => listPlans(signal) });
  const assignees = useQuery({ queryKey: taskKeys.assignees(leadUnitId ?? ''), queryFn: ({ signal }) => listAssignees(leadUnitId!, signal), enabled: Boolean(leadUnitId) });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        title: v.title,
        description: v.description?.trim() ? v.description : null,
        planId: v.planId ?? null,
        leadUnitId: v.leadUnitId,
        leadUserId: v.leadUserId ?? null,
        cooperatingUnitIds: v.cooperatingUnitIds ?? [],
        programItemId: v.programItemId ?? null,
        startDate: iso(v.dates[0]),
        dueDate: iso(v.dates[1]),
        deliverables: v.deliverables?.trim() ? v.deliverables : null,
      };
      return task ? api.patch<TaskDetail>(`/api/tasks/${task.id}`, { ...body, version: task.version }) : api.post<TaskDetail>('/api/tasks', { ...body, ...(parent ? { parentId: parent.id } : {}) });
    },
    onSuccess: async (saved) => {
      message.success(task ? t('tasks.detail.updated') : t('tasks.created'));
      await qc.invalidateQueries({ queryKey: taskKeys.all });
      onClose();
      if (!task && !parent) void navigate(`/tasks/${saved.id}`);
    },
    onError: (e) => showFieldErrors(form, e),
  });
  const known = [...(task ? [task.leadUnit, ...task.cooperatingUnits] : parent ? [parent.leadUnit] : [])].map((u) => ({ id: u.id, fullName: u.name, path: [] }));
  const initial: Partial<Values> = task
    ? {
        title: task.title,
        description: task.description ?? '',
        planId: task.plan?.id ?? null,
        leadUnitId: task.leadUnit.id,
        leadUserId: task.leadUser?.id ?? null,
        cooperatingUnitIds: task.cooperatingUnits.map((u) => u.id),
        programItemId: task.programItem?.id ?? null,
        dates: [dayjs(task.startDate), dayjs(task.dueDate)],
        deliverables: task.deliverables ?? '',
      }
    : {
        planId: parent?.plan?.id ?? null,
        leadUnitId: parent?.leadUnit.id,
        programItemId: parent?.programItem?.id ?? null,
        dates: [dayjs(vnToday()), dayjs(parent?.dueDate ?? vnToday()).add(parent ? 0 : 14, 'day')],
      };
  return (
    <Modal
      open
      width={720}
      title={task ? t('tasks.edit') : parent ? t('tasks.createSub') : t('tasks.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'task-save' } as Record<string, string>}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="title" label={t('tasks.field.title')} rules={[{ required: true, whitespace: true, min: 3, message: t('common.required') }]}>
          <Input maxLength={300} data-testid="task-title" />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('tasks.field.leadUnit')} rules={[{ required: true, message: t('common.required') }]}>
          <UnitSelect known={known} data-testid="task-lead-unit" onChange={() => form.setFieldValue('leadUserId', null)} />
        </Form.Item>
        <Form.Item name="leadUserId" label={t('tasks.field.leadUser')} extra={t('tasks.field.leadUserHelp')}>
          <Select allowClear disabled={!leadUnitId} loading={assignees.isFetching} options={(assignees.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))} data-testid="task-lead-user" />
        </Form.Item>
        <Form.Item name="cooperatingUnitIds" label={t('tasks.field.cooperating')}>
          <UnitSelect multiple known={known} />
        </Form.Item>
        <Form.Item name="dates" label={t('tasks.field.dates')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker.RangePicker format="DD/MM/YYYY" style={{ width: '100%' }} data-testid="task-dates" />
        </Form.Item>
        <Form.Item name="programItemId" label={t('tasks.field.program')}>
          <ProgramItemSelect />
        </Form.Item>
        <Form.Item name="planId" label={t('tasks.field.plan')}>
          <Select allowClear options={(plans.data?.items ?? []).filter((p) => p.canEdit).map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="description" label={t('tasks.field.description')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="deliverables" label={t('tasks.field.deliverables')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

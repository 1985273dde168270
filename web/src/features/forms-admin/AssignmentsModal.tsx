// Which units report on the form: every unit of a level, the members of a group, or
// chosen units. Replaces the whole set.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { groupKeys, listGroups } from '../units/api';
import { UnitSelect } from '../units/UnitSelect';
import { formKeys, UNIT_KINDS, type FormDetail } from './api';

interface Values {
  mode: 'level' | 'group' | 'unit';
  unitKind?: string;
  groupId?: string;
  unitId?: string;
}

export function AssignmentsModal({ form: detail, onClose }: { form: FormDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ assignments: Values[] }>();
  const groups = useQuery({ queryKey: groupKeys.all, queryFn: listGroups });
  const save = useMutation({
    mutationFn: (v: { assignments?: Values[] }) =>
      api.put<FormDetail>(`/api/forms/${detail.id}/assignments`, {
        assignments: (v.assignments ?? []).map((a) => (a.mode === 'level' ? { mode: 'level', unitKind: a.unitKind } : a.mode === 'group' ? { mode: 'group', groupId: a.groupId } : { mode: 'unit', unitId: a.unitId })),
      }),
    onSuccess: async (updated) => {
      qc.setQueryData(formKeys.detail(detail.id), updated);
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: formKeys.all });
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  const initial: Values[] = detail.assignments.map((a) => ({ mode: a.mode, unitKind: a.unitKind ?? undefined, groupId: a.groupId ?? undefined, unitId: a.unitId ?? undefined }));
  return (
    <Modal open width={720} title={t('formsAdmin.assign.edit')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ assignments: initial }} onFinish={(v) => save.mutate(v)}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.List name="assignments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start" style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item name={[f.name, 'mode']} style={{ marginBottom: 8 }}>
                    <Select
                      style={{ width: 170 }}
                      aria-label={t('formsAdmin.assign.mode')}
                      options={[
                        { value: 'level', label: t('formsAdmin.assign.byLevel') },
                        { value: 'group', label: t('formsAdmin.assign.byGroup') },
                        { value: 'unit', label: t('formsAdmin.assign.byUnit') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const mode = form.getFieldValue(['assignments', f.name, 'mode']) as Values['mode'];
                      if (mode === 'level')
                        return (
                          <Form.Item name={[f.name, 'unitKind']} style={{ marginBottom: 8 }} rules={[{ required: true, message: t('common.required') }]}>
                            <Select style={{ width: 200 }} options={UNIT_KINDS.map((k) => ({ value: k, label: t(`formsAdmin.unitKinds.${k}`) }))} />
                          </Form.Item>
                        );
                      if (mode === 'group')
                        return (
                          <Form.Item name={[f.name, 'groupId']} style={{ marginBottom: 8 }} rules={[{ required: true, message: t('common.required') }]}>
                            <Select style={{ width: 280 }} loading={groups.isPending} options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))} />
                          </Form.Item>
                        );
                      return (
                        <Form.Item name={[f.name, 'unitId']} style={{ marginBottom: 8, width: 300 }} rules={[{ required: true, message: t('common.required') }]}>
                          <UnitSelect />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} title={t('common.remove')} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ mode: 'level', unitKind: 'commune' })}>
                {t('formsAdmin.assign.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

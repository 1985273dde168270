// Creating or renaming a unit group (e.g. "Xã khu vực III", "Thôn ĐBKK giai đoạn 2021–2025").
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { groupKeys, type GroupView } from './api';

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
}

export function GroupFormModal({ group, onClose, onSaved }: { group?: GroupView; onClose: () => void; onSaved?: (g: GroupView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const nameEn = v.nameEn?.trim() || null;
      const description = v.description?.trim() || null;
      return group
        ? api.patch<GroupView>(`/api/unit-groups/${group.id}`, { name: v.name.trim(), nameEn, description })
        : api.post<GroupView>('/api/unit-groups', { code: v.code.trim(), name: v.name.trim(), ...(nameEn ? { nameEn } : {}), ...(description ? { description } : {}) });
    },
    onSuccess: async (g) => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: groupKeys.all });
      onSaved?.(g);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <Modal
      open
      title={group ? t('groups.edit') : t('groups.create')}
      okText={group ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={group ? { code: group.code, name: group.name, nameEn: group.nameEn ?? '', description: group.description ?? '' } : undefined}
        onFinish={(v) => save.mutate(v)}
      >
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="code" label={t('groups.code')} extra={group ? undefined : t('groups.codeHelp')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{2,40}$/, message: t('groups.codeInvalid') }]}>
          <Input disabled={Boolean(group)} maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('groups.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={160} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('groups.nameEn')}>
          <Input maxLength={160} />
        </Form.Item>
        <Form.Item name="description" label={t('groups.description')}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

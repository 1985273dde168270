// Ending a village's validity (merged, dissolved): its history stays, it no longer
// appears among the commune's current villages.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { vnToday } from '../../lib/format';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import type { UnitDetail } from './api';

export function CloseUnitModal({ unit, onClose }: { unit: UnitDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ validTo: Dayjs }>();
  const close = useMutation({
    mutationFn: (v: { validTo: Dayjs }) => api.post(`/api/units/${unit.id}/close`, { validTo: v.validTo.format('YYYY-MM-DD') }),
    onSuccess: async () => {
      message.success(t('units.closed', { name: unit.fullName }));
      await Promise.all([qc.invalidateQueries({ queryKey: ['unit'] }), qc.invalidateQueries({ queryKey: ['units'] })]);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <Modal
      open
      title={t('units.closeTitle', { name: unit.fullName })}
      okText={t('units.closeVillage')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={close.isPending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('units.closeWarning')} />
      {close.error ? <ErrorAlert error={close.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ validTo: dayjs(vnToday()) }} onFinish={(v) => close.mutate(v)}>
        <Form.Item name="validTo" label={t('units.validTo')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

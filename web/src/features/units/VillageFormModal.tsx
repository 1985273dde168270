// Adding one village (thôn, bản, buôn, làng, plei, tổ dân phố…) to a 2025 commune.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { unitTypeLabel } from '../../lib/labels';
import { VILLAGE_TYPES, type UnitDetail, type UnitSummary } from './api';
import { AttributeFields, attributesFromValues } from './UnitEditModal';

interface Values {
  code: string;
  name: string;
  type: string;
  validFrom?: Dayjs | null;
  regionClass: string;
  extremelyDifficult: boolean;
  ethnicMinorityArea: boolean;
  note?: string;
}

export function VillageFormModal({ commune, onClose }: { commune: UnitDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.post<UnitSummary>(`/api/units/${commune.id}/villages`, {
        code: v.code.trim(),
        name: v.name.trim(),
        type: v.type,
        ...(v.validFrom ? { validFrom: v.validFrom.format('YYYY-MM-DD') } : {}),
        attributes: attributesFromValues(v),
      }),
    onSuccess: async (created) => {
      message.success(t('units.villageCreated', { name: created?.fullName ?? '' }));
      await Promise.all([qc.invalidateQueries({ queryKey: ['unit'] }), qc.invalidateQueries({ queryKey: ['units'] })]);
      onClose();
      if (created?.id) void navigate(`/units/${created.id}`);
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <Modal
      open
      title={t('units.addVillageTo', { name: commune.fullName })}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ type: 'thon', regionClass: '', extremelyDifficult: false, ethnicMinorityArea: false }} onFinish={(v) => create.mutate(v)}>
        {create.error ? <ErrorAlert error={create.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="code" label={t('units.code')} extra={t('units.villageCodeHelp')} rules={[{ required: true, pattern: /^[0-9A-Za-z._-]{1,20}$/, message: t('units.villageCodeInvalid') }]}>
          <Input maxLength={20} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('units.name')} extra={t('units.villageNameHelp')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={120} autoComplete="off" />
        </Form.Item>
        <Form.Item name="type" label={t('units.type')} rules={[{ required: true }]}>
          <Select options={VILLAGE_TYPES.map((v) => ({ value: v, label: unitTypeLabel(t, v) }))} />
        </Form.Item>
        <Form.Item name="validFrom" label={t('units.validFrom')} extra={t('units.validFromHelp')}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
        <AttributeFields village />
      </Form>
    </Modal>
  );
}

// Setting a target: indicator, unit, period code (2025, 2025S1, 2025Q3, 202507) and the
// value typed the Vietnamese way; an existing one keeps its indicator, unit and period.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { useUiLanguage } from '../auth/language';
import { UnitSelect } from '../units/UnitSelect';
import { foldedFilter, type TargetView } from './api';
import { useIndicatorOptions } from './TargetsPage';

interface Values {
  indicatorId: string;
  unitId: string;
  period: string;
  value: number;
  note?: string;
}

export function TargetModal({ target, onClose }: { target?: TargetView; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const indicators = useIndicatorOptions();
  const save = useMutation({
    mutationFn: (v: Values) => api.put('/api/catalog/targets', { indicatorId: v.indicatorId, unitId: v.unitId, period: v.period.trim(), value: v.value, note: v.note?.trim() ? v.note.trim() : null }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['catalog'] });
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <Modal
      open
      title={target ? t('catalog.targets.edit') : t('catalog.targets.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'target-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={target ? { indicatorId: target.indicator.id, unitId: target.unit.id, period: target.period, value: target.value, note: target.note ?? '' } : { period: String(new Date().getFullYear()) }}
        onFinish={(v) => save.mutate(v)}
      >
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="indicatorId" label={t('catalog.targets.indicator')} rules={[{ required: true, message: t('common.required') }]}>
          <Select showSearch={{ filterOption: foldedFilter }} disabled={Boolean(target)} loading={indicators.loading} options={indicators.options} />
        </Form.Item>
        <Form.Item name="unitId" label={t('catalog.targets.unit')} rules={[{ required: true, message: t('common.required') }]}>
          {target ? <Select disabled options={[{ value: target.unit.id, label: target.unit.name }]} /> : <UnitSelect />}
        </Form.Item>
        <Form.Item name="period" label={t('catalog.targets.period')} extra={t('catalog.targets.periodHelp')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input disabled={Boolean(target)} style={{ width: 200 }} className="ts-mono" />
        </Form.Item>
        <Form.Item name="value" label={t('catalog.targets.value')} rules={[{ required: true, message: t('common.required') }]}>
          <InputNumber style={{ width: 200 }} decimalSeparator={lang === 'vi' ? ',' : '.'} data-testid="target-value" />
        </Form.Item>
        <Form.Item name="note" label={t('catalog.targets.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

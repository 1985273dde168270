// Editing a unit's attributes (region class, extremely difficult, ethnic minority area,
// note); for villages also the name and the type.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { unitTypeLabel } from '../../lib/labels';
import { REGION_CLASSES, VILLAGE_TYPES, type UnitAttributes, type UnitDetail } from './api';

interface Values {
  name?: string;
  type?: string;
  regionClass: string;
  extremelyDifficult: boolean;
  ethnicMinorityArea: boolean;
  note?: string;
}

export function AttributeFields({ village }: { village: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="regionClass" label={t('units.regionClass')} extra={t('units.regionClassHelp')}>
        <Select
          options={[{ value: '', label: t('units.notClassified') }, ...REGION_CLASSES.map((c) => ({ value: c, label: t('units.region', { cls: c }) }))]}
        />
      </Form.Item>
      <Form.Item name="extremelyDifficult" valuePropName="checked">
        <Checkbox>{village ? t('units.extremelyDifficultVillage') : t('units.extremelyDifficult')}</Checkbox>
      </Form.Item>
      <Form.Item name="ethnicMinorityArea" valuePropName="checked">
        <Checkbox>{t('units.ethnicMinorityArea')}</Checkbox>
      </Form.Item>
      <Form.Item name="note" label={t('units.note')}>
        <Input.TextArea rows={2} maxLength={500} showCount />
      </Form.Item>
    </>
  );
}

export function attributesFromValues(v: Pick<Values, 'regionClass' | 'extremelyDifficult' | 'ethnicMinorityArea' | 'note'>): UnitAttributes {
  return {
    regionClass: v.regionClass ? (v.regionClass as 'I' | 'II' | 'III') : null,
    extremelyDifficult: Boolean(v.extremelyDifficult),
    ethnicMinorityArea: Boolean(v.ethnicMinorityArea),
    ...(v.note !== undefined ? { note: v.note.trim() } : {}),
  };
}

export function UnitEditModal({ unit, onClose }: { unit: UnitDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const village = unit.kind === 'village';
  const attrs = unit.attributes as UnitAttributes;
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.patch<UnitDetail>(`/api/units/${unit.id}`, {
        ...(village ? { name: v.name, type: v.type } : {}),
        attributes: attributesFromValues(v),
      }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await Promise.all([qc.invalidateQueries({ queryKey: ['unit'] }), qc.invalidateQueries({ queryKey: ['units'] })]);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <Modal
      open
      title={village ? t('units.editVillage') : t('units.editAttributes')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: unit.name,
          type: unit.type,
          regionClass: attrs.regionClass ?? '',
          extremelyDifficult: Boolean(attrs.extremelyDifficult),
          ethnicMinorityArea: Boolean(attrs.ethnicMinorityArea),
          note: attrs.note ?? '',
        }}
        onFinish={(v) => save.mutate(v)}
      >
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        {village ? (
          <>
            <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, max: 120 }]}>
              <Input maxLength={120} />
            </Form.Item>
            <Form.Item name="type" label={t('units.type')} rules={[{ required: true }]}>
              <Select options={VILLAGE_TYPES.map((v) => ({ value: v, label: unitTypeLabel(t, v) }))} />
            </Form.Item>
          </>
        ) : null}
        <AttributeFields village={village} />
      </Form>
    </Modal>
  );
}

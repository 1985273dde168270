// Due rules per unit level: days after the period ends, or a fixed date (this year or
// the next), in Vietnam time. Replaces the whole set.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { formKeys, UNIT_KINDS, type FormDetail } from './api';

interface RuleValues {
  unitKind: FormDetail['dueRules'][number]['unitKind'];
  mode: 'days' | 'fixed';
  daysAfterEnd?: number | null;
  month?: number | null;
  day?: number | null;
  yearOffset?: 0 | 1;
}

export function DueRulesModal({ form: detail, onClose }: { form: FormDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ rules: RuleValues[] }>();
  const save = useMutation({
    mutationFn: (v: { rules: RuleValues[] }) =>
      api.put<FormDetail>(`/api/forms/${detail.id}/due-rules`, {
        rules: (v.rules ?? []).map((r) =>
          r.mode === 'days' ? { unitKind: r.unitKind, daysAfterEnd: r.daysAfterEnd ?? 0 } : { unitKind: r.unitKind, fixedDate: { month: r.month ?? 1, day: r.day ?? 1 }, yearOffset: r.yearOffset ?? 0 },
        ),
      }),
    onSuccess: async (updated) => {
      qc.setQueryData(formKeys.detail(detail.id), updated);
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: formKeys.all });
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  const initial: RuleValues[] = detail.dueRules.map((r) =>
    r.daysAfterEnd !== null
      ? { unitKind: r.unitKind, mode: 'days', daysAfterEnd: r.daysAfterEnd }
      : { unitKind: r.unitKind, mode: 'fixed', month: r.fixedDate?.month, day: r.fixedDate?.day, yearOffset: r.yearOffset === 1 ? 1 : 0 },
  );
  return (
    <Modal open width={720} title={t('formsAdmin.due.edit')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ rules: initial }} onFinish={(v) => save.mutate(v)}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <div key={f.key} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '12px 12px 0', marginBottom: 12 }}>
                  <Space wrap align="start">
                    <Form.Item name={[f.name, 'unitKind']} label={t('formsAdmin.due.level')} rules={[{ required: true, message: t('common.required') }]}>
                      <Select style={{ width: 150 }} options={UNIT_KINDS.map((k) => ({ value: k, label: t(`formsAdmin.unitKinds.${k}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'mode']} label={t('formsAdmin.due.how')}>
                      <Radio.Group
                        optionType="button"
                        options={[
                          { value: 'days', label: t('formsAdmin.due.modeDays') },
                          { value: 'fixed', label: t('formsAdmin.due.modeFixed') },
                        ]}
                      />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} title={t('common.remove')} onClick={() => remove(f.name)} style={{ marginTop: 30 }} />
                  </Space>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['rules', f.name, 'mode']) === 'fixed' ? (
                        <Space wrap align="start">
                          <Form.Item name={[f.name, 'day']} label={t('formsAdmin.due.day')} rules={[{ required: true, message: t('common.required') }]}>
                            <InputNumber min={1} max={31} precision={0} style={{ width: 90 }} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'month']} label={t('formsAdmin.due.month')} rules={[{ required: true, message: t('common.required') }]}>
                            <InputNumber min={1} max={12} precision={0} style={{ width: 90 }} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'yearOffset']} label={t('formsAdmin.due.year')}>
                            <Select
                              style={{ width: 200 }}
                              options={[
                                { value: 0, label: t('formsAdmin.due.sameYear') },
                                { value: 1, label: t('formsAdmin.due.nextYear') },
                              ]}
                            />
                          </Form.Item>
                        </Space>
                      ) : (
                        <Form.Item name={[f.name, 'daysAfterEnd']} label={t('formsAdmin.due.days')} rules={[{ required: true, message: t('common.required') }]}>
                          <InputNumber min={0} max={3660} precision={0} style={{ width: 140 }} />
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                </div>
              ))}
              {fields.length < 3 ? (
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ unitKind: 'commune', mode: 'days', daysAfterEnd: 10, yearOffset: 0 })}>
                  {t('formsAdmin.due.add')}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

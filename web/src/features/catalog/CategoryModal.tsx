// Creating a disaggregation category with its options, or editing one: rename it, add
// or rename options, reorder them. An option a combination uses cannot be removed
// (the server refuses; the button is disabled here).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { useIsMobile } from '../../lib/hooks';
import { catalogKeys, type CategoryView } from './api';

interface OptionValues {
  code: string;
  nameVi: string;
  nameEn?: string;
  inUse?: boolean;
}
interface Values {
  code: string;
  nameVi: string;
  nameEn?: string;
  description?: string;
  options: OptionValues[];
}

export function CategoryModal({ category, onClose }: { category?: CategoryView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const options = v.options.map((o) => ({ code: o.code.trim(), nameVi: o.nameVi, ...(o.nameEn?.trim() ? { nameEn: o.nameEn.trim() } : {}) }));
      const nameEn = v.nameEn?.trim() || undefined;
      const description = v.description?.trim() || undefined;
      return category
        ? api.patch(`/api/catalog/categories/${category.id}`, { nameVi: v.nameVi, nameEn: nameEn ?? null, description: description ?? null, options })
        : api.post('/api/catalog/categories', { code: v.code.trim(), nameVi: v.nameVi, nameEn, description, options });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: catalogKeys.all });
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <Modal
      open
      width={760}
      title={category ? t('catalog.categories.edit', { name: category.nameVi }) : t('catalog.categories.create')}
      okText={category ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          category
            ? { code: category.code, nameVi: category.nameVi, nameEn: category.nameEn ?? '', description: category.description ?? '', options: category.options.map((o) => ({ code: o.code, nameVi: o.nameVi, nameEn: o.nameEn ?? '', inUse: o.inUse })) }
            : { options: [{ code: '', nameVi: '' }] }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="code" label={t('catalog.code')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{0,39}$/, message: t('catalog.codeInvalid') }]}>
          <Input disabled={Boolean(category)} className="ts-mono" autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameVi" label={t('catalog.nameVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalog.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('catalog.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Typography.Title level={5}>{t('catalog.categories.options')}</Typography.Title>
        <Form.List name="options">
          {(fields, { add, remove }) => (
            <div style={{ maxHeight: isMobile ? undefined : 360, overflowY: 'auto', paddingRight: 4 }}>
              {fields.map((f) => {
                const inUse = Boolean(form.getFieldValue(['options', f.name, 'inUse']));
                return (
                  <div key={f.key} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 4 }}>
                    <Form.Item name={[f.name, 'code']} style={{ width: 110, marginBottom: 4 }} rules={[{ required: true, pattern: /^[A-Z0-9][A-Z0-9_]{0,19}$/, message: t('catalog.codeInvalid') }]}>
                      <Input placeholder={t('catalog.code')} className="ts-mono" disabled={inUse} aria-label={t('catalog.code')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'nameVi']} style={{ flex: '1 1 180px', marginBottom: 4 }} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                      <Input placeholder={t('catalog.nameVi')} aria-label={t('catalog.nameVi')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'nameEn']} style={{ flex: '1 1 140px', marginBottom: 4 }}>
                      <Input placeholder={t('catalog.nameEn')} aria-label={t('catalog.nameEn')} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      disabled={inUse || fields.length <= 1}
                      title={inUse ? t('catalog.categories.optionInUse') : t('common.remove')}
                      aria-label={t('common.remove')}
                      onClick={() => remove(f.name)}
                    />
                  </div>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', nameVi: '' })} block>
                {t('catalog.categories.addOption')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

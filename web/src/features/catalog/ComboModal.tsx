// Creating a category combination (e.g. ethnic group × sex): its cells are generated
// by the server as the product of the chosen categories' options, in the order chosen.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, listCategories, nameOf } from './api';

interface Values {
  code: string;
  nameVi: string;
  nameEn?: string;
  categoryIds: string[];
}

export function ComboModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const categories = useQuery({ queryKey: catalogKeys.categories, queryFn: listCategories });
  const chosen = Form.useWatch('categoryIds', form) ?? [];
  const cells = chosen.reduce((n, id) => n * (categories.data?.items.find((c) => c.id === id)?.options.length ?? 1), 1);
  const save = useMutation({
    mutationFn: (v: Values) => api.post('/api/catalog/category-combos', { code: v.code.trim(), nameVi: v.nameVi, ...(v.nameEn?.trim() ? { nameEn: v.nameEn.trim() } : {}), categoryIds: v.categoryIds }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: catalogKeys.all });
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <Modal open title={t('catalog.categories.createCombo')} okText={t('common.create')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="code" label={t('catalog.code')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{0,39}$/, message: t('catalog.codeInvalid') }]}>
          <Input className="ts-mono" autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameVi" label={t('catalog.nameVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalog.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="categoryIds"
          label={t('catalog.categories.categoriesOf')}
          extra={chosen.length ? t('catalog.categories.cellCount', { count: cells, formatted: formatNumber(cells, lang) }) : t('catalog.categories.orderHelp')}
          rules={[{ required: true, type: 'array', min: 1, max: 4, message: t('catalog.categories.pickCategories') }]}
        >
          <Select mode="multiple" loading={categories.isPending} options={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: `${nameOf(c, lang)} (${formatNumber(c.options.length, lang)})` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

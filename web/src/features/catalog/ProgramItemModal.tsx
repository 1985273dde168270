// Adding an item to the program tree (a project at the top, a sub-project or content
// under a project, content under a sub-project) or editing one (the code stays).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, nameOf, type ProgramNode } from './api';

type Item = Omit<ProgramNode, 'children'>;
interface Values {
  code: string;
  kind: ProgramNode['kind'];
  nameVi: string;
  nameEn?: string;
  description?: string;
  sortOrder?: number | null;
}

export function ProgramItemModal({ item, parent, onClose }: { item?: Item; parent?: Item; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kinds: ProgramNode['kind'][] = !parent ? ['project'] : parent.kind === 'project' ? ['subproject', 'content'] : ['content'];
  const save = useMutation({
    mutationFn: (v: Values) => {
      const nameEn = v.nameEn?.trim() || undefined;
      const description = v.description?.trim() || undefined;
      const sortOrder = v.sortOrder ?? undefined;
      return item
        ? api.patch(`/api/catalog/program-items/${item.id}`, { nameVi: v.nameVi, nameEn: nameEn ?? null, description: description ?? null, ...(sortOrder !== undefined ? { sortOrder } : {}) })
        : api.post('/api/catalog/program-items', { code: v.code.trim(), kind: v.kind, parentId: parent?.id, nameVi: v.nameVi, nameEn, description, sortOrder });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: catalogKeys.all });
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  const title = item ? t('catalog.program.edit') : parent ? t('catalog.program.addUnder', { name: `${parent.code} — ${nameOf(parent, lang)}` }) : t('catalog.program.addProject');
  return (
    <Modal open title={title} okText={item ? t('common.save') : t('common.create')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          item
            ? { code: item.code, kind: item.kind, nameVi: item.nameVi, nameEn: item.nameEn ?? '', description: item.description ?? '', sortOrder: item.sortOrder }
            : { code: parent ? `${parent.code}.` : 'DA', kind: kinds[0] }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="code" label={t('catalog.code')} extra={item ? undefined : t('catalog.program.codeHelp')} rules={[{ required: true, pattern: /^[A-Z0-9]{1,12}(\.[A-Z0-9]{1,12}){0,3}$/, message: t('catalog.program.codeInvalid') }]}>
          <Input disabled={Boolean(item)} className="ts-mono" autoComplete="off" />
        </Form.Item>
        <Form.Item name="kind" label={t('catalog.program.kind')}>
          <Select disabled={Boolean(item) || kinds.length === 1} options={(item ? [item.kind] : kinds).map((k) => ({ value: k, label: t(`catalog.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="nameVi" label={t('catalog.nameVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalog.nameEn')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="description" label={t('catalog.description')}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('catalog.sortOrder')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// One data element: every field, editable by catalogue managers (the code is fixed once
// created), read-only for others. Server field errors land on their fields.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageSpin } from '../../components/Spinners';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { showFieldErrors } from './form-errors';
import { useUiLanguage } from '../auth/language';
import { AGGREGATION_TYPES, catalogKeys, getElement, listCombos, nameOf, VALUE_TYPES, type DataElementDetail } from './api';
import { ProgramItemSelect } from './ProgramItemSelect';

interface Values {
  code: string;
  nameVi: string;
  nameEn?: string;
  shortName?: string;
  description?: string;
  valueType: DataElementDetail['valueType'];
  aggregationType: DataElementDetail['aggregationType'];
  zeroIsSignificant: boolean;
  categoryComboId?: string;
  programItemId?: string | null;
  unitOfMeasureVi?: string;
  minValue?: number | null;
  maxValue?: number | null;
}

const blank = (s?: string | null) => (s?.trim() ? s.trim() : null);

export function DataElementModal({ id, onClose }: { id?: string; onClose: () => void }) {
  const detail = useQuery({ queryKey: catalogKeys.element(id ?? ''), queryFn: () => getElement(id!), enabled: Boolean(id) });
  if (id && !detail.data)
    return (
      <Modal open footer={null} onCancel={onClose}>
        {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : <PageSpin />}
      </Modal>
    );
  return <ElementForm element={detail.data} onClose={onClose} />;
}

function ElementForm({ element, onClose }: { element?: DataElementDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const combos = useQuery({ queryKey: catalogKeys.combos, queryFn: listCombos });
  const manage = element ? element.abilities.manage : true;
  const decimal = lang === 'vi' ? ',' : '.';
  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = {
        nameVi: v.nameVi,
        valueType: v.valueType,
        aggregationType: v.aggregationType,
        zeroIsSignificant: v.zeroIsSignificant,
        ...(v.categoryComboId ? { categoryComboId: v.categoryComboId } : {}),
        minValue: v.minValue ?? null,
        maxValue: v.maxValue ?? null,
      };
      if (element)
        return api.patch<DataElementDetail>(`/api/catalog/data-elements/${element.id}`, {
          ...common,
          nameEn: blank(v.nameEn),
          shortName: blank(v.shortName),
          description: blank(v.description),
          unitOfMeasureVi: blank(v.unitOfMeasureVi),
          programItemId: v.programItemId ?? null,
        });
      const optional = { nameEn: blank(v.nameEn), shortName: blank(v.shortName), description: blank(v.description), unitOfMeasureVi: blank(v.unitOfMeasureVi), programItemId: v.programItemId ?? null };
      return api.post<DataElementDetail>('/api/catalog/data-elements', {
        code: v.code.trim(),
        ...common,
        ...Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== null)),
      });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: catalogKeys.all });
      onClose();
    },
    onError: (e) => showFieldErrors(form, e),
  });
  const initial: Partial<Values> = element
    ? {
        code: element.code,
        nameVi: element.nameVi,
        nameEn: element.nameEn ?? '',
        shortName: element.shortName ?? '',
        description: element.description ?? '',
        valueType: element.valueType,
        aggregationType: element.aggregationType,
        zeroIsSignificant: element.zeroIsSignificant,
        categoryComboId: element.categoryCombo.id,
        programItemId: element.programItem?.id ?? null,
        unitOfMeasureVi: element.unitOfMeasureVi ?? '',
        minValue: element.minValue,
        maxValue: element.maxValue,
      }
    : { valueType: 'integer', aggregationType: 'sum', zeroIsSignificant: true };
  const title = element ? (manage ? t('catalog.elements.edit', { code: element.code }) : `${element.code} — ${nameOf(element, lang)}`) : t('catalog.elements.create');
  return (
    <Modal
      open
      width={820}
      title={title}
      okText={element ? t('common.save') : t('common.create')}
      cancelText={manage ? t('common.cancel') : t('common.close')}
      okButtonProps={{ style: manage ? undefined : { display: 'none' }, 'data-testid': 'element-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} disabled={!manage} data-testid="element-form">
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item name="code" label={t('catalog.code')} extra={element ? undefined : t('catalog.elements.codeHelp')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{1,49}$/, message: t('catalog.codeInvalid') }]}>
              <Input disabled={Boolean(element)} className="ts-mono" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="shortName" label={t('catalog.elements.shortName')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="nameVi" label={t('catalog.nameVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalog.nameEn')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="valueType" label={t('catalog.elements.valueType')} rules={[{ required: true }]}>
              <Select options={VALUE_TYPES.map((v) => ({ value: v, label: t(`catalog.valueTypes.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="aggregationType" label={t('catalog.elements.aggregationType')} rules={[{ required: true }]}>
              <Select options={AGGREGATION_TYPES.map((v) => ({ value: v, label: t(`catalog.aggregationTypes.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="categoryComboId" label={t('catalog.elements.combo')} extra={t('catalog.elements.comboHelp')}>
              <Select loading={combos.isPending} placeholder={t('catalog.elements.comboDefault')} options={(combos.data?.items ?? []).map((c) => ({ value: c.id, label: nameOf(c, lang) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="programItemId" label={t('catalog.programItem')}>
              <ProgramItemSelect />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="unitOfMeasureVi" label={t('catalog.unitOfMeasure')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="minValue" label={t('catalog.elements.minValue')}>
              <InputNumber style={{ width: '100%' }} decimalSeparator={decimal} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="maxValue" label={t('catalog.elements.maxValue')}>
              <InputNumber style={{ width: '100%' }} decimalSeparator={decimal} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="zeroIsSignificant" label={t('catalog.elements.zeroIsSignificant')} valuePropName="checked" extra={t('catalog.elements.zeroHelp')}>
          <Switch />
        </Form.Item>
        <Form.Item name="description" label={t('catalog.description')}>
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
      </Form>
      {element && element.optionCombos.length > 1 ? (
        <div>
          <Typography.Text strong>{t('catalog.elements.cells', { count: element.optionCombos.length })}</Typography.Text>
          <div className="ts-small" style={{ maxHeight: 140, overflowY: 'auto', marginTop: 6 }}>
            {element.optionCombos.map((c) => (
              <Tag key={c.id} style={{ marginBottom: 4 }}>
                <span className="ts-mono">{c.code}</span> {nameOf(c, lang)}
              </Tag>
            ))}
          </div>
        </div>
      ) : null}
    </Modal>
  );
}

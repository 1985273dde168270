// One indicator: name, numerator and denominator in the expression editor (checked as
// the user types, shown in words), factor, decimals, direction, unit, program item.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Radio, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpin } from '../../components/Spinners';
import { api } from '../../lib/api';
import { showFieldErrors } from './form-errors';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, getIndicator, type IndicatorView, type Abilities } from './api';
import { ExpressionEditor } from './ExpressionEditor';
import { ProgramItemSelect } from './ProgramItemSelect';

interface Values {
  code: string;
  nameVi: string;
  nameEn?: string;
  description?: string;
  numerator: string;
  numeratorDescription?: string;
  denominator?: string;
  denominatorDescription?: string;
  factor: number;
  decimals: number;
  direction: IndicatorView['direction'];
  programItemId?: string | null;
  unitOfMeasureVi?: string;
}
const blank = (s?: string | null) => (s?.trim() ? s.trim() : null);

export function IndicatorModal({ id, onClose }: { id?: string; onClose: () => void }) {
  const detail = useQuery({ queryKey: catalogKeys.indicator(id ?? ''), queryFn: () => getIndicator(id!), enabled: Boolean(id) });
  if (id && !detail.data)
    return (
      <Modal open footer={null} onCancel={onClose}>
        {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : <PageSpin />}
      </Modal>
    );
  return <IndicatorForm indicator={detail.data} onClose={onClose} />;
}

function IndicatorForm({ indicator, onClose }: { indicator?: IndicatorView & { abilities: Abilities }; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const manage = indicator ? indicator.abilities.manage : true;
  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = { nameVi: v.nameVi, numerator: v.numerator, denominator: v.denominator?.trim() ? v.denominator : '1', factor: v.factor, decimals: v.decimals, direction: v.direction };
      const optional = {
        nameEn: blank(v.nameEn),
        description: blank(v.description),
        numeratorDescription: blank(v.numeratorDescription),
        denominatorDescription: blank(v.denominatorDescription),
        unitOfMeasureVi: blank(v.unitOfMeasureVi),
        programItemId: v.programItemId ?? null,
      };
      if (indicator) return api.patch(`/api/catalog/indicators/${indicator.id}`, { ...common, ...optional });
      return api.post('/api/catalog/indicators', { code: v.code.trim(), ...common, ...Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== null)) });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: catalogKeys.all });
      onClose();
    },
    onError: (e) => showFieldErrors(form, e),
  });
  const initial: Partial<Values> = indicator
    ? {
        code: indicator.code,
        nameVi: indicator.nameVi,
        nameEn: indicator.nameEn ?? '',
        description: indicator.description ?? '',
        numerator: indicator.numerator,
        numeratorDescription: indicator.numeratorDescription ?? '',
        denominator: indicator.denominator,
        denominatorDescription: indicator.denominatorDescription ?? '',
        factor: indicator.factor,
        decimals: indicator.decimals,
        direction: indicator.direction,
        programItemId: indicator.programItem?.id ?? null,
        unitOfMeasureVi: indicator.unitOfMeasureVi ?? '',
      }
    : { numerator: '', denominator: '1', factor: 100, decimals: 1, direction: 'higher', unitOfMeasureVi: '%' };
  return (
    <Modal
      open
      width={880}
      title={indicator ? `${indicator.code} — ${lang === 'en' && indicator.nameEn ? indicator.nameEn : indicator.nameVi}` : t('catalog.indicators.create')}
      okText={indicator ? t('common.save') : t('common.create')}
      cancelText={manage ? t('common.cancel') : t('common.close')}
      okButtonProps={{ style: manage ? undefined : { display: 'none' }, 'data-testid': 'indicator-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} disabled={!manage} data-testid="indicator-form">
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Row gutter={16}>
          <Col xs={24} md={9}>
            <Form.Item name="code" label={t('catalog.code')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{1,49}$/, message: t('catalog.codeInvalid') }]}>
              <Input disabled={Boolean(indicator)} className="ts-mono" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={15}>
            <Form.Item name="programItemId" label={t('catalog.programItem')}>
              <ProgramItemSelect />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="nameVi" label={t('catalog.nameVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalog.nameEn')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="numerator" label={t('catalog.indicators.numerator')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <ExpressionEditor expect="number" readOnly={!manage} data-testid="indicator-numerator" />
        </Form.Item>
        <Form.Item name="numeratorDescription" label={t('catalog.indicators.numeratorDescription')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="denominator" label={t('catalog.indicators.denominator')} extra={t('catalog.indicators.denominatorHelp')}>
          <ExpressionEditor expect="number" readOnly={!manage} data-testid="indicator-denominator" />
        </Form.Item>
        <Form.Item name="denominatorDescription" label={t('catalog.indicators.denominatorDescription')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={12} sm={6}>
            <Form.Item name="factor" label={t('catalog.indicators.factor')} extra={t('catalog.indicators.factorHelp')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0.000001} style={{ width: '100%' }} decimalSeparator={lang === 'vi' ? ',' : '.'} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={5}>
            <Form.Item name="decimals" label={t('catalog.indicators.decimals')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={6} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={5}>
            <Form.Item name="unitOfMeasureVi" label={t('catalog.unitOfMeasure')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="direction" label={t('catalog.indicators.direction')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'higher', label: t('catalog.directions.higher') },
                  { value: 'lower', label: t('catalog.directions.lower') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('catalog.description')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

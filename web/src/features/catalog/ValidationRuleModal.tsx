// One validation rule: both sides in the expression editor, the comparison, importance,
// messages in Vietnamese and English, and how missing values are treated.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { showFieldErrors } from './form-errors';
import { catalogKeys, IMPORTANCES, MISSING_STRATEGIES, OPERATORS, type ValidationRuleView } from './api';
import { ExpressionEditor } from './ExpressionEditor';
import { operatorLabel } from './ValidationRulesPage';

interface Values {
  code: string;
  nameVi: string;
  nameEn?: string;
  description?: string;
  left: string;
  operator: ValidationRuleView['operator'];
  right: string;
  importance: ValidationRuleView['importance'];
  messageVi: string;
  messageEn?: string;
  missingValueStrategy: ValidationRuleView['missingValueStrategy'];
}
const blank = (s?: string | null) => (s?.trim() ? s.trim() : null);

export function ValidationRuleModal({ rule, manage, onClose }: { rule?: ValidationRuleView; manage: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = { nameVi: v.nameVi, left: v.left, operator: v.operator, right: v.right, importance: v.importance, messageVi: v.messageVi, missingValueStrategy: v.missingValueStrategy };
      const optional = { nameEn: blank(v.nameEn), description: blank(v.description), messageEn: blank(v.messageEn) };
      if (rule) return api.patch(`/api/catalog/validation-rules/${rule.id}`, { ...common, ...optional });
      return api.post('/api/catalog/validation-rules', { code: v.code.trim(), ...common, ...Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== null)) });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: catalogKeys.all });
      onClose();
    },
    onError: (e) => showFieldErrors(form, e),
  });
  const initial: Partial<Values> = rule
    ? { ...rule, nameEn: rule.nameEn ?? '', description: rule.description ?? '', messageEn: rule.messageEn ?? '' }
    : { operator: '<=', importance: 'medium', missingValueStrategy: 'skip-if-any-missing', left: '', right: '' };
  return (
    <Modal
      open
      width={880}
      title={rule ? `${rule.code} — ${rule.nameVi}` : t('catalog.rules.create')}
      okText={rule ? t('common.save') : t('common.create')}
      cancelText={manage ? t('common.cancel') : t('common.close')}
      okButtonProps={{ style: manage ? undefined : { display: 'none' }, 'data-testid': 'rule-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} disabled={!manage}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Row gutter={16}>
          <Col xs={24} md={9}>
            <Form.Item name="code" label={t('catalog.code')} rules={[{ required: true, pattern: /^[A-Z0-9_]{1,50}$/, message: t('catalog.codeInvalid') }]}>
              <Input disabled={Boolean(rule)} className="ts-mono" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={15}>
            <Form.Item name="nameVi" label={t('catalog.nameVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="nameEn" label={t('catalog.nameEn')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="left" label={t('catalog.rules.left')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <ExpressionEditor expect="number" readOnly={!manage} data-testid="rule-left" />
        </Form.Item>
        <Form.Item name="operator" label={t('catalog.rules.operator')}>
          <Select style={{ maxWidth: 360 }} options={OPERATORS.map((o) => ({ value: o, label: o.includes('_') ? operatorLabel(t, o) : `${operatorLabel(t, o)}  ${t(`catalog.operators.${opKey(o)}`)}` }))} />
        </Form.Item>
        <Form.Item name="right" label={t('catalog.rules.right')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <ExpressionEditor expect="number" readOnly={!manage} data-testid="rule-right" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="importance" label={t('catalog.rules.importance')}>
              <Select options={IMPORTANCES.map((i) => ({ value: i, label: t(`catalog.importance.${i}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="missingValueStrategy" label={t('catalog.rules.missing')}>
              <Select options={MISSING_STRATEGIES.map((m) => ({ value: m, label: t(`catalog.missing.${opKey(m)}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="messageVi" label={t('catalog.rules.messageVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="messageEn" label={t('catalog.rules.messageEn')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="description" label={t('catalog.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** i18n keys cannot hold '<', '=' or '-'. */
function opKey(op: string): string {
  const map: Record<string, string> = { '<=': 'le', '<': 'lt', '==': 'eq', '!=': 'ne', '>=': 'ge', '>': 'gt', 'skip-if-any-missing': 'skip', zero: 'zero', 'never-skip': 'never' };
  return map[op] ?? op;
}

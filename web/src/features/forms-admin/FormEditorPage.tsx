// Creating a report form, or changing one: names, period type (fixed once created),
// lock rule, approval order, and its sections with the data elements each holds (in
// the order chosen) and which of them are required; validation rules that apply.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Col, Form, Input, InputNumber, Result, Row, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../components/Spinners';
import { api } from '../../lib/api';
import { showFieldErrors } from '../catalog/form-errors';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { canSeeCatalogAdmin } from '../catalog/access';
import { catalogKeys, foldedFilter, listElements, listRules, nameOf } from '../catalog/api';
import { formKeys, getForm, PERIOD_TYPES, type FormDetail } from './api';
import '../catalog/catalog.css';

interface SectionValues {
  code: string;
  nameVi: string;
  nameEn?: string;
  elementIds: string[];
  requiredIds?: string[];
}
interface Values {
  code: string;
  nameVi: string;
  nameEn?: string;
  description?: string;
  periodType: FormDetail['periodType'];
  locks: boolean;
  lockDaysAfterDue?: number | null;
  approveBeforeChildren: boolean;
  sections: SectionValues[];
  validationRuleIds: string[];
}

export function FormEditorPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { id } = useParams();
  const detail = useQuery({ queryKey: formKeys.detail(id ?? ''), queryFn: () => getForm(id!), enabled: Boolean(id) });
  if (!canSeeCatalogAdmin(me)) return <Result status="403" title={t('app.forbiddenTitle')} subTitle={t('app.forbiddenText')} />;
  if (id && detail.isPending) return <PageSpin />;
  if (id && detail.error) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  return <Editor form={detail.data} />;
}

const ELEMENT_QUERY = { limit: 500 };

function Editor({ form: existing }: { form?: FormDetail }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const elements = useQuery({ queryKey: catalogKeys.elements(ELEMENT_QUERY), queryFn: ({ signal }) => listElements(ELEMENT_QUERY, signal) });
  const rules = useQuery({ queryKey: catalogKeys.rules, queryFn: listRules });
  const elementOptions = (elements.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.code} — ${nameOf(e, lang)}` }));
  const labelOf = (id: string) => elementOptions.find((o) => o.value === id)?.label ?? id;

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        nameVi: v.nameVi,
        ...(v.nameEn?.trim() ? { nameEn: v.nameEn.trim() } : {}),
        ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        lockDaysAfterDue: v.locks ? (v.lockDaysAfterDue ?? 0) : null,
        approveBeforeChildren: v.approveBeforeChildren,
        sections: (v.sections ?? []).map((s) => ({
          code: s.code.trim(),
          nameVi: s.nameVi,
          ...(s.nameEn?.trim() ? { nameEn: s.nameEn.trim() } : {}),
          elements: (s.elementIds ?? []).map((dataElementId) => ({ dataElementId, required: (s.requiredIds ?? []).includes(dataElementId) })),
        })),
        validationRuleIds: v.validationRuleIds ?? [],
      };
      return existing ? api.patch<FormDetail>(`/api/forms/${existing.id}`, body) : api.post<FormDetail>('/api/forms', { code: v.code.trim(), periodType: v.periodType, ...body });
    },
    onSuccess: async (saved) => {
      qc.setQueryData(formKeys.detail(saved.id), saved);
      await qc.invalidateQueries({ queryKey: formKeys.list });
      message.success(t('common.saved'));
      void navigate(`/forms-admin/${saved.id}`);
    },
    onError: (e) => showFieldErrors(form, e),
  });

  const initial: Partial<Values> = existing
    ? {
        code: existing.code,
        nameVi: existing.nameVi,
        nameEn: existing.nameEn ?? '',
        description: existing.description ?? '',
        periodType: existing.periodType,
        locks: existing.lockDaysAfterDue !== null,
        lockDaysAfterDue: existing.lockDaysAfterDue,
        approveBeforeChildren: existing.approveBeforeChildren,
        sections: existing.sections.map((s) => ({
          code: s.code,
          nameVi: s.nameVi,
          nameEn: s.nameEn ?? '',
          elementIds: s.elements.map((e) => e.dataElementId),
          requiredIds: s.elements.filter((e) => e.required).map((e) => e.dataElementId),
        })),
        validationRuleIds: existing.validationRules.map((r) => r.id),
      }
    : { periodType: 'quarter', locks: true, lockDaysAfterDue: 30, approveBeforeChildren: false, sections: [{ code: 'A', nameVi: '', elementIds: [] }], validationRuleIds: [] };

  return (
    <div className="ts-stack">
      <PageHeader
        breadcrumb={
          <Breadcrumb
            items={[{ title: <Link to="/forms-admin">{t('formsAdmin.title')}</Link> }, ...(existing ? [{ title: <Link to={`/forms-admin/${existing.id}`}>{existing.code}</Link> }] : []), { title: existing ? t('formsAdmin.edit') : t('formsAdmin.create') }]}
          />
        }
        title={existing ? t('formsAdmin.editTitle', { code: existing.code }) : t('formsAdmin.create')}
      />
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} data-testid="form-editor">
        <Card className="ts-card" title={t('formsAdmin.settings')}>
          {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="code" label={t('formsAdmin.code')} rules={[{ required: true, pattern: /^[A-Z0-9][A-Z0-9_.-]{1,39}$/, message: t('formsAdmin.codeInvalid') }]}>
                <Input disabled={Boolean(existing)} className="ts-mono" autoComplete="off" placeholder="BM04_XA_THANG" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="periodType" label={t('formsAdmin.periodType')}>
                <Select disabled={Boolean(existing)} options={PERIOD_TYPES.map((p) => ({ value: p, label: t(`formsAdmin.periodTypes.${p}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="nameVi" label={t('catalog.nameVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('catalog.nameEn')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="description" label={t('formsAdmin.description')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space wrap size="large" align="start">
            <Form.Item name="locks" label={t('formsAdmin.locks')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.locks !== b.locks}>
              {() =>
                form.getFieldValue('locks') ? (
                  <Form.Item name="lockDaysAfterDue" label={t('formsAdmin.lockDays')} rules={[{ required: true, message: t('common.required') }]}>
                    <InputNumber min={0} max={3660} precision={0} style={{ width: 140 }} />
                  </Form.Item>
                ) : null
              }
            </Form.Item>
            <Form.Item name="approveBeforeChildren" label={t('formsAdmin.approveBeforeChildren')} valuePropName="checked" extra={t('formsAdmin.approveBeforeChildrenHelp')}>
              <Switch />
            </Form.Item>
          </Space>
        </Card>

        <Form.List name="sections">
          {(fields, { add, remove, move }) => (
            <>
              {fields.map((f, index) => (
                <Card
                  key={f.key}
                  className="ts-card"
                  style={{ marginTop: 16 }}
                  title={t('formsAdmin.sectionN', { n: index + 1 })}
                  extra={
                    <Space size={0}>
                      <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={t('formsAdmin.moveUp')} title={t('formsAdmin.moveUp')} />
                      <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === fields.length - 1} onClick={() => move(index, index + 1)} aria-label={t('formsAdmin.moveDown')} title={t('formsAdmin.moveDown')} />
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} title={t('common.remove')} />
                    </Space>
                  }
                >
                  <Row gutter={16}>
                    <Col xs={24} sm={6}>
                      <Form.Item name={[f.name, 'code']} label={t('formsAdmin.sectionCode')} rules={[{ required: true, pattern: /^[A-Z0-9_]{1,20}$/, message: t('catalog.codeInvalid') }]}>
                        <Input className="ts-mono" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={18}>
                      <Form.Item name={[f.name, 'nameVi']} label={t('formsAdmin.sectionName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                        <Input maxLength={300} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item name={[f.name, 'elementIds']} label={t('formsAdmin.sectionElements')} extra={t('formsAdmin.sectionElementsHelp')}>
                    <Select mode="multiple" showSearch={{ filterOption: foldedFilter }} loading={elements.isPending} options={elementOptions} data-testid={`section-elements-${index}`} placeholder={t('formsAdmin.pickElements')} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const chosen = (form.getFieldValue(['sections', f.name, 'elementIds']) as string[] | undefined) ?? [];
                      return (
                        <Form.Item name={[f.name, 'requiredIds']} label={t('formsAdmin.requiredElements')}>
                          <Select mode="multiple" options={chosen.map((id) => ({ value: id, label: labelOf(id) }))} placeholder={t('formsAdmin.noneRequired')} />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} style={{ marginTop: 16 }} onClick={() => add({ code: String.fromCharCode(65 + Math.min(fields.length, 25)), nameVi: '', elementIds: [] })}>
                {t('formsAdmin.addSection')}
              </Button>
            </>
          )}
        </Form.List>

        <Card className="ts-card" style={{ marginTop: 16 }} title={t('formsAdmin.rulesTitle')}>
          <Form.Item name="validationRuleIds" style={{ marginBottom: 0 }}>
            <Select mode="multiple" showSearch={{ filterOption: foldedFilter }} loading={rules.isPending} placeholder={t('formsAdmin.pickRules')} options={(rules.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${nameOf(r, lang)}` }))} />
          </Form.Item>
        </Card>
        <Space style={{ marginTop: 16 }} wrap>
          <Button onClick={() => void navigate(existing ? `/forms-admin/${existing.id}` : '/forms-admin')}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="form-save">
            {existing ? t('common.save') : t('formsAdmin.create')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}

// One report form: its settings (period type, lock rule, approval order), due rules per
// level, the units it is assigned to, validation rules, a preview of its grid, and
// lock exceptions.
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Descriptions, Result, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../components/Spinners';
import { isApiError } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { canSeeCatalogAdmin } from '../catalog/access';
import { formKeys, formName, getForm, listForms, type FormDetail } from './api';
import { AssignmentsModal } from './AssignmentsModal';
import { DueRulesModal } from './DueRulesModal';
import { FormGridPreview } from './FormGridPreview';
import { LockExceptionsCard } from './LockExceptionsCard';
import { assignmentText, dueRuleText } from './rules-text';
import '../catalog/catalog.css';

export function FormDetailPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { id = '' } = useParams();
  const { data, error, isPending, refetch } = useQuery({ queryKey: formKeys.detail(id), queryFn: () => getForm(id) });
  const list = useQuery({ queryKey: formKeys.list, queryFn: listForms });
  if (!canSeeCatalogAdmin(me)) return <Result status="403" title={t('app.forbiddenTitle')} subTitle={t('app.forbiddenText')} />;
  if (isPending) return <PageSpin />;
  if (error)
    return isApiError(error) && error.status === 404 ? (
      <Result status="404" title={t('formsAdmin.notFound')} extra={<Link to="/forms-admin">{t('formsAdmin.backToList')}</Link>} />
    ) : (
      <ErrorAlert error={error} onRetry={() => void refetch()} />
    );
  return <Detail form={data} manage={list.data?.abilities.manage ?? false} />;
}

function Detail({ form, manage }: { form: FormDetail; manage: boolean }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const navigate = useNavigate();
  const [editing, setEditing] = useState<'due' | 'assign' | null>(null);
  const isMobile = useIsMobile();
  const elementCount = form.sections.reduce((n, s) => n + s.elements.length, 0);
  const cellCount = form.sections.reduce((n, s) => n + s.elements.reduce((m, e) => m + Math.max(1, e.columns.length), 0), 0);
  return (
    <div className="ts-stack">
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to="/forms-admin">{t('formsAdmin.title')}</Link> }, { title: form.code }]} />}
        title={formName(form, lang)}
        subtitle={<span className="ts-mono">{form.code}</span>}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/forms-admin')}>
              {t('formsAdmin.backToList')}
            </Button>
            {manage ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => void navigate(`/forms-admin/${form.id}/edit`)} data-testid="form-edit">
                {t('formsAdmin.edit')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card className="ts-card" title={t('formsAdmin.settings')} style={{ height: '100%' }}>
            <Descriptions
              column={1}
              layout={isMobile ? 'vertical' : 'horizontal'}
              size="small"
              items={[
                { key: 'period', label: t('formsAdmin.periodType'), children: <Tag color="blue">{t(`formsAdmin.periodTypes.${form.periodType}`)}</Tag> },
                {
                  key: 'lock',
                  label: t('formsAdmin.lockRule'),
                  children: form.lockDaysAfterDue === null ? t('formsAdmin.noLock') : t('formsAdmin.lockAfter', { days: formatNumber(form.lockDaysAfterDue, lang) }),
                },
                { key: 'approve', label: t('formsAdmin.approveBeforeChildren'), children: form.approveBeforeChildren ? t('common.yes') : t('common.no') },
                { key: 'size', label: t('formsAdmin.size'), children: t('formsAdmin.sizeText', { sections: form.sections.length, elements: elementCount, cells: formatNumber(cellCount, lang) }) },
                ...(form.description ? [{ key: 'desc', label: t('formsAdmin.description'), children: form.description }] : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            className="ts-card"
            title={t('formsAdmin.due.title')}
            style={{ height: '100%' }}
            extra={
              manage ? (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing('due')} data-testid="due-edit">
                  {t('common.edit')}
                </Button>
              ) : null
            }
          >
            <Table
              rowKey="unitKind"
              size="small"
              data-testid="due-rules"
              pagination={false}
              dataSource={form.dueRules}
              locale={{ emptyText: t('formsAdmin.due.empty') }}
              columns={[
                { key: 'kind', title: t('formsAdmin.due.level'), render: (_, r) => t(`formsAdmin.unitKinds.${r.unitKind}`) },
                { key: 'rule', title: t('formsAdmin.due.rule'), render: (_, r) => dueRuleText(t, r) },
              ]}
            />
            <Typography.Paragraph type="secondary" className="ts-small" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('formsAdmin.due.vnTime')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <Card className="ts-card" title={t('formsAdmin.grid.title')}>
        <FormGridPreview form={form} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            className="ts-card"
            title={t('formsAdmin.assign.title')}
            extra={
              manage ? (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing('assign')}>
                  {t('common.edit')}
                </Button>
              ) : null
            }
          >
            {form.assignments.length === 0 ? (
              <Typography.Text type="secondary">{t('formsAdmin.assign.empty')}</Typography.Text>
            ) : (
              <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="form-assignments">
                {form.assignments.map((a) => (
                  <li key={a.id}>{assignmentText(t, a)}</li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card className="ts-card" title={t('formsAdmin.rulesTitle')}>
            {form.validationRules.length === 0 ? (
              <Typography.Text type="secondary">{t('formsAdmin.noRules')}</Typography.Text>
            ) : (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {form.validationRules.map((r) => (
                  <li key={r.id}>
                    {r.nameVi} <span className="ts-mono ts-small" style={{ color: '#8c8c8c' }}>{r.code}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
      </Row>
      <LockExceptionsCard form={form} />
      {editing === 'due' ? <DueRulesModal form={form} onClose={() => setEditing(null)} /> : null}
      {editing === 'assign' ? <AssignmentsModal form={form} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

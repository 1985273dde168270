// The report forms (biểu mẫu): code, name, period type, lock rule; managers create new
// ones, everyone who sees this screen opens a form's detail.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Result, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { canSeeCatalogAdmin } from '../catalog/access';
import { formKeys, formName, listForms, type FormSummary } from './api';
import '../catalog/catalog.css';

export function FormsListPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (!canSeeCatalogAdmin(me)) return <Result status="403" title={t('app.forbiddenTitle')} subTitle={t('app.forbiddenText')} />;
  return <FormsList />;
}

function FormsList() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const navigate = useNavigate();
  const { data, error, isPending, refetch } = useQuery({ queryKey: formKeys.list, queryFn: listForms });
  const manage = data?.abilities.manage ?? false;
  const columns: ColumnsType<FormSummary> = [
    {
      key: 'code',
      title: t('formsAdmin.code'),
      render: (_, f) => (
        <Link to={`/forms-admin/${f.id}`} className="ts-mono" data-testid={`form-link-${f.code}`}>
          {f.code}
        </Link>
      ),
    },
    { key: 'name', title: t('formsAdmin.name'), render: (_, f) => <div style={{ minWidth: 200, maxWidth: 330 }}>{formName(f, lang)}</div> },
    { key: 'period', title: t('formsAdmin.periodType'), render: (_, f) => <Tag color="blue">{t(`formsAdmin.periodTypes.${f.periodType}`)}</Tag> },
    {
      key: 'lock',
      title: t('formsAdmin.lockRule'),
      render: (_, f) => <div style={{ minWidth: 110, maxWidth: 170 }}>{f.lockDaysAfterDue === null ? t('formsAdmin.noLock') : t('formsAdmin.lockAfter', { days: formatNumber(f.lockDaysAfterDue, lang) })}</div>,
    },
    { key: 'approve', title: t('formsAdmin.approveBeforeChildrenShort'), render: (_, f) => (f.approveBeforeChildren ? t('common.yes') : t('common.no')) },
  ];
  return (
    <div className="ts-stack">
      <PageHeader
        title={t('formsAdmin.title')}
        subtitle={t('formsAdmin.subtitle')}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/forms-admin/new')} data-testid="form-create">
              {t('formsAdmin.create')}
            </Button>
          ) : null
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Card className="ts-card">
        <Table<FormSummary> rowKey="id" size="middle" data-testid="forms-table" columns={columns} dataSource={data?.items ?? []} loading={isPending} scroll={{ x: 'max-content' }} pagination={false} locale={{ emptyText: t('formsAdmin.empty') }} />
      </Card>
    </div>
  );
}

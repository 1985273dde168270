// Unit groups: named sets of units (e.g. communes of region III) used to filter and
// aggregate. Managers create and edit them.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { RequireAbility } from '../../app/RequireAuth';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { groupKeys, listGroups, type GroupView } from './api';
import { GroupFormModal } from './GroupFormModal';

export function GroupsPage() {
  const me = useCurrentUser();
  return (
    <RequireAbility me={me} any={['manageUnits']}>
      <Groups />
    </RequireAbility>
  );
}

function Groups() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [creating, setCreating] = useState(false);
  const { data, error, isPending, refetch } = useQuery({ queryKey: groupKeys.all, queryFn: listGroups });
  const canManage = data?.abilities?.manage ?? true;
  const columns: ColumnsType<GroupView> = [
    { key: 'code', title: t('groups.code'), dataIndex: 'code' },
    {
      key: 'name',
      title: t('groups.name'),
      render: (_, g) => (
        <>
          <Link to={`/unit-groups/${g.id}`}>{lang === 'en' && g.nameEn ? g.nameEn : g.name}</Link>
          {g.description ? (
            <Typography.Paragraph type="secondary" className="ts-small" style={{ margin: 0 }} ellipsis={{ rows: 2 }}>
              {g.description}
            </Typography.Paragraph>
          ) : null}
        </>
      ),
    },
    { key: 'members', title: t('groups.members'), align: 'right', render: (_, g) => formatNumber(g.memberCount, lang) },
  ];
  return (
    <div className="ts-stack">
      <PageHeader
        title={t('groups.title')}
        subtitle={t('groups.subtitle')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('groups.create')}
            </Button>
          ) : null
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Card className="ts-card">
        <Table<GroupView> rowKey="id" columns={columns} dataSource={data?.items ?? []} loading={isPending} scroll={{ x: 'max-content' }} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      </Card>
      {creating ? <GroupFormModal onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

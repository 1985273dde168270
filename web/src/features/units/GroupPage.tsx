// One unit group: its description and members (with their parents' names); national
// unit administrators rename it, any unit administrator adds members by searching
// units and removes the selected ones (the server checks each unit is theirs).
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Descriptions, Result, Segmented, Skeleton, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireAbility } from '../../app/RequireAuth';
import { api, isApiError } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { unitTypeLabel } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { getGroup, groupKeys, listGroupMembers, type Hierarchy, type UnitSummary } from './api';
import { GroupFormModal } from './GroupFormModal';
import { UnitSelect } from './UnitSelect';
import { hierarchyLabel } from './unit-display';

const PAGE_SIZE = 20;

export function GroupPage() {
  const me = useCurrentUser();
  return (
    <RequireAbility me={me} any={['manageUnits']}>
      <Group />
    </RequireAbility>
  );
}

function Group() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [toAdd, setToAdd] = useState<string[]>([]);
  const [addHierarchy, setAddHierarchy] = useState<Hierarchy>('2025');
  const [editing, setEditing] = useState(false);
  const validId = /^\d+$/.test(id);
  const groupQuery = useQuery({ queryKey: groupKeys.detail(id), queryFn: () => getGroup(id), enabled: validId });
  const group = groupQuery.data;
  const canManage = group?.abilities.manage ?? false;
  const canChangeMembers = group?.abilities.changeMembers ?? false;
  const query = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const members = useQuery({ queryKey: groupKeys.members(id, query), queryFn: () => listGroupMembers(id, query), placeholderData: (prev) => prev, enabled: Boolean(group) });

  const refresh = () => qc.invalidateQueries({ queryKey: groupKeys.all });
  const add = useMutation({
    mutationFn: (unitIds: string[]) => api.post<{ changed: number }>(`/api/unit-groups/${id}/members`, { unitIds }),
    onSuccess: async (r) => {
      message.success(t('groups.added', { count: r?.changed ?? toAdd.length }));
      setToAdd([]);
      await refresh();
    },
    onError: (e) => message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (unitIds: string[]) => api.delete<{ changed: number }>(`/api/unit-groups/${id}/members`, { body: { unitIds } }),
    onSuccess: async (r) => {
      message.success(t('groups.removed', { count: r?.changed ?? selected.length }));
      setSelected([]);
      await refresh();
    },
    onError: (e) => message.error(e.message),
  });

  if (!validId || (isApiError(groupQuery.error) && groupQuery.error.status === 404))
    return (
      <Result
        status="404"
        title={t('groups.notFound')}
        extra={
          <Link to="/unit-groups">
            <Button type="primary">{t('groups.title')}</Button>
          </Link>
        }
      />
    );
  if (groupQuery.error) return <ErrorAlert error={groupQuery.error} onRetry={() => void groupQuery.refetch()} />;
  if (!group) return <Skeleton active paragraph={{ rows: 8 }} />;

  const columns: ColumnsType<UnitSummary> = [
    { key: 'code', title: t('units.code'), dataIndex: 'code' },
    {
      key: 'name',
      title: t('units.name'),
      render: (_, u) => (
        <div className="ts-member-name">
          <Link to={`/units/${u.id}`}>{u.fullName}</Link>
          {u.path && u.path.length > 0 ? (
            <Typography.Text type="secondary" className="ts-small" data-testid="group-member-path">
              {u.path.join(' › ')}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    { key: 'type', title: t('units.type'), render: (_, u) => unitTypeLabel(t, u.type) },
    { key: 'hierarchy', title: t('units.hierarchy'), render: (_, u) => hierarchyLabel(t, u.hierarchy) },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        breadcrumb={<Breadcrumb className="ts-breadcrumb" items={[{ key: 'groups', title: <Link to="/unit-groups">{t('groups.title')}</Link> }, { key: 'g', title: group.code }]} />}
        title={lang === 'en' && group.nameEn ? group.nameEn : group.name}
        extra={
          canManage ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          ) : null
        }
      />
      <Card className="ts-card">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'code', label: t('groups.code'), children: group.code },
            { key: 'members', label: t('groups.members'), children: formatNumber(group.memberCount, lang) },
            { key: 'name', label: t('groups.name'), children: group.name },
            { key: 'nameEn', label: t('groups.nameEn'), children: group.nameEn ?? '—' },
            { key: 'description', label: t('groups.description'), children: group.description ?? '—', span: 2 },
          ]}
        />
      </Card>
      {canChangeMembers ? (
        <Card className="ts-card" title={t('groups.addMembers')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Segmented<Hierarchy>
              value={addHierarchy}
              onChange={(v) => {
                setAddHierarchy(v);
                setToAdd([]);
              }}
              options={[
                { value: '2025', label: t('units.tab2025') },
                { value: 'pre2025', label: t('units.tabPre2025') },
              ]}
            />
            <UnitSelect multiple hierarchy={addHierarchy} value={toAdd} onChange={setToAdd} placeholder={t('groups.addPlaceholder')} />
            <Button type="primary" icon={<PlusOutlined />} disabled={toAdd.length === 0} loading={add.isPending} onClick={() => add.mutate(toAdd)}>
              {toAdd.length > 0 ? t('groups.addSelected', { count: toAdd.length }) : t('groups.addNone')}
            </Button>
          </Space>
        </Card>
      ) : null}
      <Card
        className="ts-card"
        title={t('groups.memberList', { count: members.data?.total ?? 0 })}
        extra={
          canChangeMembers ? (
            <Button
              danger
              size="small"
              icon={<DeleteOutlined />}
              disabled={selected.length === 0}
              loading={remove.isPending}
              onClick={() =>
                modal.confirm({
                  title: t('groups.removeConfirm', { count: selected.length }),
                  okText: t('common.remove'),
                  okButtonProps: { danger: true },
                  cancelText: t('common.cancel'),
                  onOk: () => remove.mutateAsync(selected),
                })
              }
            >
              {selected.length > 0 ? t('groups.removeSelected', { count: selected.length }) : t('groups.removeNone')}
            </Button>
          ) : null
        }
      >
        {members.error ? <ErrorAlert error={members.error} onRetry={() => void members.refetch()} /> : null}
        <Table<UnitSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={members.data?.items ?? []}
          loading={members.isFetching}
          scroll={{ x: 'max-content' }}
          rowSelection={canChangeMembers ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: members.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        />
        <Typography.Text type="secondary" className="ts-small">
          {t('groups.scopeNote')}
        </Typography.Text>
      </Card>
      {editing ? <GroupFormModal group={group} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}

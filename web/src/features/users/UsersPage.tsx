// Users in the administrator's scope: search, status filter, table (or scrolling table
// on phones), and creating a user.
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireAbility } from '../../app/RequireAuth';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useDebounced, useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { listUsers, userKeys, type UserView } from './api';
import { CreateUserModal } from './CreateUserModal';
import { AssignmentTags, UserStatusTags } from './UserStatusTags';

const PAGE_SIZE = 20;
type StatusFilter = 'all' | 'active' | 'inactive' | 'locked';

export function UsersPage() {
  const me = useCurrentUser();
  return (
    <RequireAbility me={me} any={['manageUsers']}>
      <Users />
    </RequireAbility>
  );
}

function Users() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (['active', 'inactive', 'locked'].includes(params.get('status') ?? '') ? params.get('status') : 'all') as StatusFilter;
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const urlQ = params.get('q') ?? '';
  const [text, setText] = useState(urlQ);
  const q = useDebounced(text.trim(), 300);
  const [creating, setCreating] = useState(false);
  const isMobile = useIsMobile();

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '' || v === 'all' || (k === 'page' && v === '1')) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  useEffect(() => {
    // Only the debounced search text drives this; the URL follows it.
    if (q !== urlQ) update({ q, page: null });
  }, [q]);

  const query = {
    q: urlQ || undefined,
    active: status === 'active' ? 'true' : status === 'inactive' ? 'false' : undefined,
    locked: status === 'locked' ? 'true' : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const { data, error, isFetching, refetch } = useQuery({ queryKey: userKeys.list(query), queryFn: () => listUsers(query), placeholderData: (prev) => prev });
  const items = data?.items ?? [];
  const total = data?.total ?? 0;

  const columns: ColumnsType<UserView> = [
    {
      key: 'username',
      title: t('auth.username'),
      render: (_, u) => (
        <Link to={`/users/${u.id}`} className="ts-mono">
          {u.username}
        </Link>
      ),
    },
    {
      key: 'name',
      title: t('users.displayName'),
      render: (_, u) => (
        <div className="ts-cell-wrap">
          <div>{u.displayName}</div>
          {u.email ? <Typography.Text type="secondary" className="ts-small">{u.email}</Typography.Text> : null}
        </div>
      ),
    },
    { key: 'assignments', title: t('users.assignments'), render: (_, u) => <AssignmentTags user={u} lang={lang} /> },
    { key: 'status', title: t('users.status'), render: (_, u) => <UserStatusTags user={u} /> },
    { key: 'lastLogin', title: t('users.lastLogin'), render: (_, u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>) },
  ];

  // Phones: one column laid out as a card per user instead of a wide table.
  const mobileColumns: ColumnsType<UserView> = [
    {
      key: 'card',
      render: (_, u) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <Link to={`/users/${u.id}`} className="ts-mono ts-strong">
              {u.username}
            </Link>
            <UserStatusTags user={u} />
          </div>
          <div>{u.displayName}</div>
          <AssignmentTags user={u} lang={lang} />
          <Typography.Text type="secondary" className="ts-small">
            {t('users.lastLogin')}: {u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.never')}
          </Typography.Text>
        </div>
      ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} data-testid="create-user" onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        }
      />
      <Card className="ts-card">
        <Space wrap className="ts-filters">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('users.searchPlaceholder')}
            aria-label={t('users.searchPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="ts-filter-search"
          />
          <Select<StatusFilter>
            value={status}
            onChange={(v) => update({ status: v, page: null })}
            className="ts-filter-select"
            aria-label={t('users.status')}
            options={[
              { value: 'all', label: t('users.filterAll') },
              { value: 'active', label: t('users.statusActive') },
              { value: 'inactive', label: t('users.statusInactive') },
              { value: 'locked', label: t('users.statusLocked') },
            ]}
          />
        </Space>
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary" className="ts-small" role="status">
          {t('users.count', { count: total, n: formatNumber(total, lang) })}
        </Typography.Paragraph>
        <Table<UserView>
          rowKey="id"
          columns={isMobile ? mobileColumns : columns}
          showHeader={!isMobile}
          dataSource={items}
          loading={isFetching}
          scroll={isMobile ? undefined : { x: 'max-content' }}
          onRow={(u) => ({ onDoubleClick: () => void navigate(`/users/${u.id}`) })}
          pagination={{ current: page, pageSize: PAGE_SIZE, total, onChange: (p) => update({ page: String(p) }), showSizeChanger: false, hideOnSinglePage: true }}
        />
      </Card>
      {creating ? <CreateUserModal onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

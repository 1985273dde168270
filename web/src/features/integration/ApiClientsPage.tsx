// API clients (issue 7): the other systems — the province's LGSP, the national NDXP,
// sector databases — allowed to call /api/v1. The table shows who they are, what they may
// do, whether they still work and how they have been used in the last 24 hours.
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { apiClientKeys, listApiClients, type ApiClientStatus, type ApiClientView, type Credentials } from './api';
import { ApiClientFormModal } from './ApiClientFormModal';
import { ClientStatusTag, LastCall, ScopeTags, UnitTags, UsageCell } from './ApiClientBits';
import { CredentialsModal } from './CredentialsModal';

type StatusFilter = 'all' | ApiClientStatus;

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

export function ApiClientsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [creating, setCreating] = useState(false);
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const { data, error, isFetching, refetch } = useQuery({ queryKey: apiClientKeys.list, queryFn: listApiClients, staleTime: 0 });

  const items = useMemo(() => {
    const q = fold(text.trim());
    return (data?.items ?? []).filter((c) => (status === 'all' || c.status === status) && (!q || fold(`${c.name} ${c.organisation} ${c.consumerKey}`).includes(q)));
  }, [data, text, status]);

  const expiry = (c: ApiClientView) => (c.expiresAt ? formatDate(c.expiresAt) : <Typography.Text type="secondary">{t('integration.clients.never')}</Typography.Text>);

  const columns: ColumnsType<ApiClientView> = [
    {
      key: 'name',
      title: t('integration.clients.nameAndKey'),
      render: (_, c) => (
        <div className="ts-client-cell">
          <Link to={`/integration/api-clients/${c.id}`} className="ts-strong" data-testid="api-client-link">
            {c.name}
          </Link>
          <Typography.Text type="secondary" className="ts-small">
            {c.organisation}
          </Typography.Text>
          <Typography.Text className="ts-mono ts-small" copyable={{ text: c.consumerKey, tooltips: [t('integration.clients.copyKey'), t('common.copied')] }}>
            {c.consumerKey}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'scopes',
      title: t('integration.clients.scopesAndUnits'),
      render: (_, c) => (
        <div className="ts-stack-tight ts-narrow-tags">
          <ScopeTags scopes={c.scopes} />
          <UnitTags units={c.units} />
        </div>
      ),
    },
    {
      key: 'status',
      title: t('integration.clients.status'),
      render: (_, c) => (
        <div className="ts-stack-tight">
          <span>
            <ClientStatusTag status={c.status} />
          </span>
          <span className="ts-small ts-nowrap">
            {t('integration.clients.expiresAt')}: {expiry(c)}
          </span>
        </div>
      ),
    },
    {
      key: 'usage',
      title: t('integration.clients.calls24h'),
      render: (_, c) => (
        <div className="ts-stack-tight">
          <UsageCell client={c} lang={lang} />
          <span className="ts-small ts-nowrap">
            <Typography.Text type="secondary">{t('integration.clients.lastCallShort')}: </Typography.Text>
            <LastCall client={c} />
          </span>
        </div>
      ),
    },
  ];

  // Phones: a card per client instead of a wide table.
  const mobileColumns: ColumnsType<ApiClientView> = [
    {
      key: 'card',
      render: (_, c) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <Link to={`/integration/api-clients/${c.id}`} className="ts-strong" data-testid="api-client-link">
              {c.name}
            </Link>
            <ClientStatusTag status={c.status} />
          </div>
          <Typography.Text type="secondary" className="ts-small">
            {c.organisation}
          </Typography.Text>
          <Typography.Text className="ts-mono ts-small" copyable={{ text: c.consumerKey, tooltips: [t('integration.clients.copyKey'), t('common.copied')] }}>
            {c.consumerKey}
          </Typography.Text>
          <ScopeTags scopes={c.scopes} />
          <UnitTags units={c.units} />
          <div className="ts-api-client-facts ts-small">
            <span>
              {t('integration.clients.expiresAt')}: {expiry(c)}
            </span>
            <UsageCell client={c} lang={lang} />
            <span>
              {t('integration.clients.lastCall')}: <LastCall client={c} />
            </span>
          </div>
        </div>
      ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('integration.clients.title')}
        subtitle={t('integration.clients.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} data-testid="create-api-client" onClick={() => setCreating(true)}>
            {t('integration.clients.create')}
          </Button>
        }
      />
      <Card className="ts-card">
        <Space wrap className="ts-filters">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('integration.clients.searchPlaceholder')}
            aria-label={t('integration.clients.searchPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="ts-filter-search"
          />
          <Select<StatusFilter>
            value={status}
            onChange={setStatus}
            className="ts-filter-select"
            aria-label={t('integration.clients.status')}
            options={[
              { value: 'all', label: t('integration.clients.allStatuses') },
              { value: 'active', label: t('integration.clients.statuses.active') },
              { value: 'expired', label: t('integration.clients.statuses.expired') },
              { value: 'revoked', label: t('integration.clients.statuses.revoked') },
            ]}
          />
        </Space>
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary" className="ts-small" role="status">
          {t('integration.clients.count', { n: formatNumber(items.length, lang) })}
        </Typography.Paragraph>
        <div data-testid="api-clients-table">
          <Table<ApiClientView>
            rowKey="id"
            columns={isMobile ? mobileColumns : columns}
            showHeader={!isMobile}
            dataSource={items}
            loading={isFetching}
            locale={{ emptyText: t('integration.clients.empty') }}
            scroll={isMobile ? undefined : { x: 'max-content' }}
            onRow={(c) => ({ onDoubleClick: () => void navigate(`/integration/api-clients/${c.id}`) })}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          />
        </div>
      </Card>
      {creating ? <ApiClientFormModal onClose={() => setCreating(false)} onCreated={setCredentials} /> : null}
      {credentials ? <CredentialsModal credentials={credentials} rotated={false} onClose={() => setCredentials(null)} /> : null}
    </div>
  );
}

// Webhooks (issue 7): other systems' addresses that receive our events (a report submitted,
// approved or returned, data changed, a target missed), signed with HMAC-SHA256. The table
// shows what each receives, whether it is on, and how deliveries went in the last 24 hours.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { UnitTags } from './ApiClientBits';
import { listWebhooks, webhookKeys, type WebhookView, type WebhookWithSecret } from './webhooks-api';
import { EventTags, WebhookFormModal, WebhookSecretModal, WebhookStatusTag } from './WebhookParts';

export function WebhooksPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const { data, error, isFetching, refetch } = useQuery({ queryKey: webhookKeys.list, queryFn: listWebhooks, staleTime: 0 });
  const items = data?.items ?? [];

  const deliveries = (w: WebhookView) => (
    <div className="ts-nowrap ts-small">
      {w.stats.succeeded24h > 0 ? <Tag color="success">{t('integration.webhooks.succeededN', { n: formatNumber(w.stats.succeeded24h, lang) })}</Tag> : null}
      {w.stats.failed24h > 0 ? <Tag color="error">{t('integration.webhooks.failedN', { n: formatNumber(w.stats.failed24h, lang) })}</Tag> : null}
      {w.stats.pending > 0 ? <Tag color="processing">{t('integration.webhooks.pendingN', { n: formatNumber(w.stats.pending, lang) })}</Tag> : null}
    </div>
  );

  const columns: ColumnsType<WebhookView> = [
    {
      key: 'name',
      title: t('integration.webhooks.name'),
      render: (_, w) => (
        <div className="ts-cell-wrap">
          <Link to={`/integration/webhooks/${w.id}`} className="ts-strong" data-testid="webhook-link">
            {w.name}
          </Link>
          <div>
            <Typography.Text type="secondary" className="ts-mono ts-small">
              {w.url}
            </Typography.Text>
          </div>
          <UnitTags units={w.units} />
        </div>
      ),
    },
    {
      key: 'events',
      title: t('integration.webhooks.events'),
      render: (_, w) => (
        <div className="ts-narrow-tags">
          <EventTags events={w.events} />
        </div>
      ),
    },
    {
      key: 'status',
      title: t('integration.webhooks.status'),
      render: (_, w) => (
        <div className="ts-stack-tight">
          <span>
            <WebhookStatusTag webhook={w} />
          </span>
          {deliveries(w)}
        </div>
      ),
    },
    {
      key: 'last',
      title: t('integration.webhooks.lastSuccess'),
      render: (_, w) => (w.stats.lastSuccessAt ? <span className="ts-nowrap">{formatDateTime(w.stats.lastSuccessAt)}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
  ];

  const mobileColumns: ColumnsType<WebhookView> = [
    {
      key: 'card',
      render: (_, w) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <Link to={`/integration/webhooks/${w.id}`} className="ts-strong" data-testid="webhook-link">
              {w.name}
            </Link>
            <WebhookStatusTag webhook={w} />
          </div>
          <Typography.Text type="secondary" className="ts-mono ts-small">
            {w.url}
          </Typography.Text>
          <EventTags events={w.events} />
          {deliveries(w)}
        </div>
      ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('integration.webhooks.title')}
        subtitle={t('integration.webhooks.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} data-testid="create-webhook" onClick={() => setCreating(true)}>
            {t('integration.webhooks.create')}
          </Button>
        }
      />
      <Card className="ts-card">
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <div data-testid="webhooks-table">
          <Table<WebhookView>
            rowKey="id"
            columns={isMobile ? mobileColumns : columns}
            showHeader={!isMobile}
            dataSource={items}
            loading={isFetching}
            locale={{ emptyText: t('integration.webhooks.empty') }}
            scroll={isMobile ? undefined : { x: 'max-content' }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          />
        </div>
      </Card>
      {creating ? <WebhookFormModal onClose={() => setCreating(false)} onCreated={setSecret} /> : null}
      {secret ? <WebhookSecretModal value={secret} onClose={() => setSecret(null)} /> : null}
    </div>
  );
}

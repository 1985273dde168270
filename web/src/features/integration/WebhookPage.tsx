// One webhook subscription: what it receives, and its delivery log — state, attempts,
// the receiver's status code, timing, the next retry — with "send again" per delivery.
// Administrators edit it, send a test event, issue a new signing secret, pause or turn it
// back on (which clears the failure count), or delete it.
import { ApiOutlined, DeleteOutlined, EditOutlined, KeyOutlined, PauseCircleOutlined, PlayCircleOutlined, RedoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Result, Select, Skeleton, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { formatDateTime, formatDateTimeSeconds, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { HttpStatusTag, UnitTags } from './ApiClientBits';
import { DeliveryStateTag, EventTags, WebhookFormModal, WebhookSecretModal, WebhookStatusTag } from './WebhookParts';
import {
  deleteWebhook,
  getWebhook,
  listDeliveries,
  pingWebhook,
  redeliver,
  rotateWebhookSecret,
  updateWebhook,
  webhookKeys,
  type DeliveryState,
  type WebhookDeliveryView,
  type WebhookView,
  type WebhookWithSecret,
} from './webhooks-api';

export function WebhookPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const { data: webhook, error, isLoading, refetch } = useQuery({ queryKey: webhookKeys.detail(id), queryFn: () => getWebhook(id), staleTime: 0 });
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);

  const refresh = async (w?: WebhookView) => {
    if (w) qc.setQueryData(webhookKeys.detail(id), w);
    await qc.invalidateQueries({ queryKey: webhookKeys.all });
  };
  const toggle = useMutation({ mutationFn: (active: boolean) => updateWebhook(id, { active }), onSuccess: (w) => refresh(w) });
  const ping = useMutation({
    mutationFn: () => pingWebhook(id),
    onSuccess: async (d) => {
      if (d.state === 'succeeded') message.success(t('integration.webhooks.pingOk', { status: d.lastStatusCode ?? '' }));
      else message.warning(t('integration.webhooks.pingFailed', { error: d.lastError ?? d.lastStatusCode ?? '' }));
      await refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: () => rotateWebhookSecret(id),
    onSuccess: async (s) => {
      setSecret(s);
      await refresh(s.subscription);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteWebhook(id),
    onSuccess: async () => {
      qc.removeQueries({ queryKey: webhookKeys.detail(id) });
      await qc.invalidateQueries({ queryKey: webhookKeys.list });
      message.success(t('integration.webhooks.deleted'));
      void navigate('/integration/webhooks');
    },
  });

  if (isLoading) return <Skeleton active />;
  if (error && isApiError(error) && error.status === 404) return <Result status="404" title={t('app.notFoundTitle')} extra={<Link to="/integration/webhooks">{t('integration.webhooks.title')}</Link>} />;
  if (!webhook) return <ErrorAlert error={error} onRetry={() => void refetch()} />;

  const actionError = toggle.error ?? ping.error ?? rotate.error ?? remove.error;
  const actions = (
    <>
      <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="webhook-edit">
        {t('common.edit')}
      </Button>
      <Button icon={<ApiOutlined />} loading={ping.isPending} onClick={() => ping.mutate()} data-testid="webhook-ping">
        {t('integration.webhooks.ping')}
      </Button>
      <Button
        icon={<KeyOutlined />}
        loading={rotate.isPending}
        data-testid="webhook-rotate"
        onClick={() =>
          modal.confirm({
            title: t('integration.webhooks.rotateConfirm'),
            content: t('integration.webhooks.rotateHelp'),
            okText: t('integration.webhooks.rotate'),
            cancelText: t('common.cancel'),
            onOk: () => rotate.mutateAsync(),
          })
        }
      >
        {t('integration.webhooks.rotate')}
      </Button>
      {webhook.active ? (
        <Button icon={<PauseCircleOutlined />} loading={toggle.isPending} onClick={() => toggle.mutate(false)} data-testid="webhook-pause">
          {t('integration.webhooks.pause')}
        </Button>
      ) : (
        <Button type="primary" icon={<PlayCircleOutlined />} loading={toggle.isPending} onClick={() => toggle.mutate(true)} data-testid="webhook-enable">
          {t('integration.webhooks.enable')}
        </Button>
      )}
      <Button
        danger
        icon={<DeleteOutlined />}
        data-testid="webhook-delete"
        onClick={() =>
          modal.confirm({
            title: t('integration.webhooks.deleteConfirm', { name: webhook.name }),
            content: t('integration.webhooks.deleteHelp'),
            okText: t('common.delete'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () => remove.mutateAsync(),
          })
        }
      >
        {t('common.delete')}
      </Button>
    </>
  );

  return (
    <div className="ts-stack">
      <PageHeader
        breadcrumb={<Breadcrumb className="ts-breadcrumb" items={[{ key: 'list', title: <Link to="/integration/webhooks">{t('integration.webhooks.title')}</Link> }, { key: 'w', title: webhook.name }]} />}
        title={webhook.name}
        subtitle={
          <span className="ts-api-client-sub">
            <WebhookStatusTag webhook={webhook} /> <span className="ts-mono ts-small">{webhook.url}</span>
          </span>
        }
        extra={actions}
      />
      {actionError ? <ErrorAlert error={actionError} /> : null}
      {!webhook.active && webhook.disabledReason === 'failures' ? (
        <Alert
          type="error"
          showIcon
          data-testid="webhook-disabled-alert"
          title={t('integration.webhooks.disabledByFailures', { at: formatDateTime(webhook.disabledAt), n: formatNumber(webhook.consecutiveFailures, lang) })}
        />
      ) : null}
      <Card className="ts-card" title={t('integration.webhooks.details')}>
        <Descriptions
          size="small"
          className="ts-wrap-descriptions"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'url', label: t('integration.webhooks.url'), children: <Typography.Text className="ts-mono" copyable>{webhook.url}</Typography.Text> },
            { key: 'events', label: t('integration.webhooks.events'), children: <EventTags events={webhook.events} /> },
            { key: 'units', label: t('integration.webhooks.units'), children: <UnitTags units={webhook.units} /> },
            { key: 'forms', label: t('integration.webhooks.forms'), children: webhook.forms ? webhook.forms.map((f) => f.code).join(', ') : t('integration.webhooks.allForms') },
            { key: 'client', label: t('integration.webhooks.apiClient'), children: webhook.apiClient ? `${webhook.apiClient.name} — ${webhook.apiClient.organisation}` : '—' },
            { key: 'failures', label: t('integration.webhooks.consecutiveFailures'), children: String(webhook.consecutiveFailures) },
            { key: 'created', label: t('integration.clients.createdAt'), children: `${formatDateTime(webhook.createdAt)}${webhook.createdBy ? ` · ${webhook.createdBy}` : ''}` },
          ]}
        />
      </Card>
      <DeliveriesCard webhook={webhook} />
      {editing ? <WebhookFormModal webhook={webhook} onClose={() => setEditing(false)} /> : null}
      {secret ? <WebhookSecretModal value={secret} onClose={() => setSecret(null)} /> : null}
    </div>
  );
}

function DeliveriesCard({ webhook }: { webhook: WebhookView }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [state, setState] = useState<DeliveryState | 'all'>('all');
  const filter = state === 'all' ? undefined : state;
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: webhookKeys.deliveries(webhook.id, filter),
    queryFn: ({ signal }) => listDeliveries(webhook.id, filter, signal),
    placeholderData: (prev) => prev,
    staleTime: 0,
    // While deliveries wait for their next attempt, look again now and then.
    refetchInterval: (q) => ((q.state.data?.items ?? []).some((d) => d.state === 'pending' || d.state === 'delivering') ? 5000 : false),
  });
  const again = useMutation({
    mutationFn: (d: WebhookDeliveryView) => redeliver(webhook.id, d.id),
    onSuccess: async () => {
      message.success(t('integration.webhooks.redelivered'));
      await qc.invalidateQueries({ queryKey: ['webhooks', 'deliveries', webhook.id] });
    },
  });

  const eventLabel = (e: string) => t(`integration.webhooks.eventLabels.${e.replace(/\./g, '_')}`, { defaultValue: e });
  const columns: ColumnsType<WebhookDeliveryView> = [
    { key: 'at', title: t('integration.clients.time'), render: (_, d) => <span className="ts-nowrap">{formatDateTimeSeconds(d.createdAt)}</span> },
    { key: 'event', title: t('integration.webhooks.event'), render: (_, d) => <span className="ts-event-cell">{eventLabel(d.eventType)}</span> },
    { key: 'state', title: t('integration.webhooks.state'), render: (_, d) => <DeliveryStateTag state={d.state} /> },
    { key: 'attempts', title: t('integration.webhooks.attempts'), align: 'right', render: (_, d) => formatNumber(d.attempts, lang) },
    { key: 'status', title: t('integration.clients.httpStatus'), render: (_, d) => (d.lastStatusCode === null ? '—' : <HttpStatusTag status={d.lastStatusCode} />) },
    { key: 'duration', title: t('integration.clients.duration'), align: 'right', responsive: ['xxl'], render: (_, d) => (d.lastDurationMs === null ? '—' : <span className="ts-nowrap">{t('integration.clients.ms', { n: formatNumber(d.lastDurationMs, lang) })}</span>) },
    {
      key: 'next',
      title: t('integration.webhooks.nextAttempt'),
      render: (_, d) => (d.nextAttemptAt && (d.state === 'pending' || d.state === 'delivering') ? <span className="ts-nowrap">{formatDateTime(d.nextAttemptAt)}</span> : '—'),
    },
    {
      key: 'actions',
      title: '',
      render: (_, d) =>
        d.state === 'succeeded' || d.state === 'failed' ? (
          <Button size="small" icon={<RedoOutlined />} loading={again.isPending && again.variables?.id === d.id} onClick={() => again.mutate(d)} data-testid="delivery-redeliver">
            {t('integration.webhooks.redeliver')}
          </Button>
        ) : null,
    },
  ];

  const mobileColumns: ColumnsType<WebhookDeliveryView> = [
    {
      key: 'card',
      render: (_, d) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <span className="ts-small">{formatDateTimeSeconds(d.createdAt)}</span>
            <DeliveryStateTag state={d.state} />
          </div>
          <span>{eventLabel(d.eventType)}</span>
          <Typography.Text type="secondary" className="ts-small">
            {t('integration.webhooks.attemptsN', { n: formatNumber(d.attempts, lang) })}
            {d.lastStatusCode !== null ? ` · HTTP ${d.lastStatusCode}` : ''}
          </Typography.Text>
          {d.state === 'succeeded' || d.state === 'failed' ? (
            <Button size="small" icon={<RedoOutlined />} onClick={() => again.mutate(d)} data-testid="delivery-redeliver" style={{ alignSelf: 'flex-start' }}>
              {t('integration.webhooks.redeliver')}
            </Button>
          ) : null}
        </div>
      ),
    },
  ];

  return (
    <Card
      className="ts-card"
      title={t('integration.webhooks.deliveryLog')}
      extra={
        <Select<DeliveryState | 'all'>
          size="small"
          value={state}
          onChange={setState}
          aria-label={t('integration.webhooks.state')}
          style={{ minWidth: 150 }}
          options={[
            { value: 'all', label: t('integration.webhooks.allStates') },
            ...(['pending', 'delivering', 'succeeded', 'failed'] as const).map((s) => ({ value: s, label: t(`integration.webhooks.states.${s}`) })),
          ]}
        />
      }
    >
      {error ?? again.error ? <ErrorAlert error={error ?? again.error} onRetry={error ? () => void refetch() : undefined} style={{ marginBottom: 12 }} /> : null}
      <div data-testid="webhook-deliveries">
        <Table<WebhookDeliveryView>
          rowKey="id"
          size="small"
          columns={isMobile ? mobileColumns : columns}
          showHeader={!isMobile}
          dataSource={data?.items ?? []}
          loading={isFetching && !data}
          scroll={isMobile ? undefined : { x: 'max-content' }}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          locale={{ emptyText: t('integration.webhooks.noDeliveries') }}
          expandable={{
            expandedRowRender: (d) => (
              <div className="ts-audit-detail">
                {d.lastError ? <Typography.Text type="danger">{d.lastError}</Typography.Text> : null}
                {d.responseExcerpt ? (
                  <>
                    <span className="ts-strong">{t('integration.webhooks.response')}</span>
                    <pre className="ts-json">{d.responseExcerpt}</pre>
                  </>
                ) : null}
                <span className="ts-strong">{t('integration.webhooks.payload')}</span>
                <pre className="ts-json">{JSON.stringify(d.payload, null, 2)}</pre>
                <Typography.Text type="secondary" className="ts-small">
                  <Tag className="ts-mono">{d.eventId}</Tag>
                </Typography.Text>
              </div>
            ),
          }}
        />
      </div>
    </Card>
  );
}

// One API client: what it is allowed, its live secrets, and how it has been used — the
// last 24 hours in figures and per endpoint, and its newest calls (errors only on demand).
// Administrators edit it, issue a new secret (the old one works for an overlap) or revoke it.
import { EditOutlined, KeyOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Result, Row, Skeleton, Statistic, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { formatDate, formatDateTime, formatDateTimeSeconds, formatNumber, formatPercent, type UiLang } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import {
  apiClientKeys,
  getApiClient,
  listApiCalls,
  revokeApiClient,
  rotateApiClientSecret,
  type ApiCall,
  type ApiCallsByRoute,
  type ApiClientView,
  type Credentials,
} from './api';
import { ApiClientFormModal } from './ApiClientFormModal';
import { ClientStatusTag, HttpStatusTag, ScopeTags, UnitTags } from './ApiClientBits';
import { CredentialsModal } from './CredentialsModal';

type Dialog = 'edit' | 'rotate' | 'revoke' | null;

export function ApiClientPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data: client, error, isLoading, refetch } = useQuery({ queryKey: apiClientKeys.detail(id), queryFn: () => getApiClient(id), staleTime: 0 });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [credentials, setCredentials] = useState<Credentials | null>(null);

  if (isLoading) return <Skeleton active />;
  if (error && isApiError(error) && error.status === 404) return <Result status="404" title={t('app.notFoundTitle')} extra={<Link to="/integration/api-clients">{t('integration.clients.title')}</Link>} />;
  if (!client) return <ErrorAlert error={error} onRetry={() => void refetch()} />;

  const revoked = client.status === 'revoked';
  const actions = revoked ? null : (
    <>
      <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="api-client-edit">
        {t('integration.clients.edit')}
      </Button>
      <Button icon={<KeyOutlined />} onClick={() => setDialog('rotate')} data-testid="api-client-rotate">
        {t('integration.clients.rotate')}
      </Button>
      <Button danger icon={<StopOutlined />} onClick={() => setDialog('revoke')} data-testid="api-client-revoke">
        {t('integration.clients.revoke')}
      </Button>
    </>
  );

  return (
    <div className="ts-stack">
      <PageHeader
        breadcrumb={<Breadcrumb className="ts-breadcrumb" items={[{ key: 'list', title: <Link to="/integration/api-clients">{t('integration.clients.title')}</Link> }, { key: 'c', title: client.name }]} />}
        title={client.name}
        subtitle={
          <span className="ts-api-client-sub">
            <ClientStatusTag status={client.status} /> {client.organisation}
          </span>
        }
        extra={actions}
      />
      {revoked ? <Alert type="error" showIcon title={t('integration.clients.readOnlyRevoked', { at: formatDateTime(client.revokedAt) })} /> : null}
      <ClientFacts client={client} />
      <CallsCard client={client} />
      {dialog === 'edit' ? <ApiClientFormModal client={client} onClose={() => setDialog(null)} /> : null}
      {dialog === 'rotate' ? <RotateModal client={client} onClose={() => setDialog(null)} onRotated={setCredentials} /> : null}
      {dialog === 'revoke' ? <RevokeModal client={client} onClose={() => setDialog(null)} /> : null}
      {credentials ? <CredentialsModal credentials={credentials} rotated onClose={() => setCredentials(null)} /> : null}
    </div>
  );
}

function ClientFacts({ client }: { client: ApiClientView }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const newest = client.secrets.reduce<string | null>((m, s) => (m === null || s.createdAt > m ? s.createdAt : m), null);
  return (
    <Card className="ts-card" title={t('integration.clients.details')}>
      <Descriptions
        size="small"
        className="ts-wrap-descriptions"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'key',
            label: t('integration.clients.consumerKey'),
            children: (
              <Typography.Text className="ts-mono" data-testid="detail-consumer-key" copyable={{ text: client.consumerKey, tooltips: [t('integration.clients.copyKey'), t('common.copied')] }}>
                {client.consumerKey}
              </Typography.Text>
            ),
          },
          { key: 'org', label: t('integration.clients.organisation'), children: client.organisation },
          { key: 'contact', label: t('integration.clients.contact'), children: client.contact },
          { key: 'scopes', label: t('integration.clients.scopes'), children: <ScopeTags scopes={client.scopes} /> },
          { key: 'units', label: t('integration.clients.units'), children: <UnitTags units={client.units} /> },
          {
            key: 'ips',
            label: t('integration.clients.ipAllowList'),
            children: client.ipAllowList?.length ? (
              <span className="ts-tags">
                {client.ipAllowList.map((ip) => (
                  <Tag key={ip} className="ts-mono">
                    {ip}
                  </Tag>
                ))}
              </span>
            ) : (
              t('integration.clients.anyIp')
            ),
          },
          { key: 'expires', label: t('integration.clients.expiresAt'), children: client.expiresAt ? formatDate(client.expiresAt) : t('integration.clients.never') },
          {
            key: 'rate',
            label: t('integration.clients.rateLimit'),
            children: t('integration.clients.perMinute', { n: formatNumber(client.rateLimitPerMinute, lang) }),
          },
          { key: 'created', label: t('integration.clients.createdAt'), children: `${formatDateTime(client.createdAt)}${client.createdBy ? ` · ${client.createdBy}` : ''}` },
          {
            key: 'secrets',
            label: t('integration.clients.secrets'),
            span: 'filled',
            children:
              client.secrets.length === 0 ? (
                '—'
              ) : (
                <ul className="ts-plain-list" data-testid="detail-secrets">
                  {client.secrets.map((s) => (
                    <li key={s.id}>
                      {t('integration.clients.secretCreated', { at: formatDateTime(s.createdAt) })}
                      {' · '}
                      {s.validUntil ? (
                        <Typography.Text type="warning">{t('integration.clients.secretValidUntil', { at: formatDateTime(s.validUntil) })}</Typography.Text>
                      ) : s.createdAt === newest ? (
                        <Typography.Text type="success">{t('integration.clients.secretCurrent')}</Typography.Text>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </Card>
  );
}

const CALL_LIMIT = 100;

/** The address as typed: /api/v1/units?q=Gia%20Lai reads "q=Gia Lai". */
function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

function ms(t: (k: string, o?: Record<string, unknown>) => string, value: number | null, lang: UiLang): string {
  return value === null ? '—' : t('integration.clients.ms', { n: formatNumber(value, lang, 0) });
}

function CallsCard({ client }: { client: ApiClientView }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [errorsOnly, setErrorsOnly] = useState(false);
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: apiClientKeys.calls(client.id, errorsOnly, CALL_LIMIT),
    queryFn: ({ signal }) => listApiCalls(client.id, { limit: CALL_LIMIT, errorsOnly }, signal),
    placeholderData: (prev) => prev,
    // Use changes by the minute: always ask again on opening the page.
    staleTime: 0,
  });
  const s = data?.summary;

  const routeColumns: ColumnsType<ApiCallsByRoute> = [
    {
      key: 'route',
      title: t('integration.clients.endpoint'),
      render: (_, r) => (
        <span className="ts-mono ts-small">
          <span className="ts-strong">{r.method}</span> {r.route}
        </span>
      ),
    },
    { key: 'calls', title: t('integration.clients.calls'), align: 'right', render: (_, r) => formatNumber(r.calls, lang) },
    {
      key: 'errors',
      title: t('integration.clients.errors'),
      align: 'right',
      render: (_, r) => (r.errors > 0 ? <Typography.Text type="danger">{formatNumber(r.errors, lang)}</Typography.Text> : '0'),
    },
    { key: 'rate', title: t('integration.clients.errorRate'), align: 'right', render: (_, r) => formatPercent(r.calls > 0 ? r.errors / r.calls : 0, lang) },
    { key: 'p95', title: t('integration.clients.p95'), align: 'right', responsive: ['sm'], render: (_, r) => <span className="ts-nowrap">{ms(t, r.p95Ms, lang)}</span> },
  ];

  const callColumns: ColumnsType<ApiCall> = [
    { key: 'at', title: t('integration.clients.time'), render: (_, c) => <span className="ts-nowrap">{formatDateTimeSeconds(c.at)}</span> },
    {
      key: 'request',
      title: t('integration.clients.request'),
      render: (_, c) => (
        <span className="ts-mono ts-small ts-call-url" title={c.url}>
          <span className="ts-strong">{c.method}</span> {readableUrl(c.url)}
        </span>
      ),
    },
    { key: 'status', title: t('integration.clients.httpStatus'), render: (_, c) => <HttpStatusTag status={c.status} /> },
    { key: 'duration', title: t('integration.clients.duration'), align: 'right', render: (_, c) => <span className="ts-nowrap">{ms(t, c.durationMs, lang)}</span> },
    { key: 'rows', title: t('integration.clients.rows'), align: 'right', render: (_, c) => (c.rows === null ? '—' : formatNumber(c.rows, lang)) },
    { key: 'ip', title: t('integration.clients.ip'), responsive: ['lg'], render: (_, c) => <span className="ts-mono ts-small">{c.ip ?? '—'}</span> },
  ];

  const mobileCallColumns: ColumnsType<ApiCall> = [
    {
      key: 'card',
      render: (_, c) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <span className="ts-small">{formatDateTimeSeconds(c.at)}</span>
            <HttpStatusTag status={c.status} />
          </div>
          <span className="ts-mono ts-small">
            <span className="ts-strong">{c.method}</span> {readableUrl(c.url)}
          </span>
          <Typography.Text type="secondary" className="ts-small">
            {ms(t, c.durationMs, lang)}
            {c.rows !== null ? ` · ${t('integration.clients.rowsN', { n: formatNumber(c.rows, lang) })}` : ''}
          </Typography.Text>
        </div>
      ),
    },
  ];

  return (
    <>
      <Card className="ts-card" title={t('integration.clients.usage')} data-testid="api-client-usage-card">
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('integration.clients.calls')} value={s?.calls ?? '—'} formatter={(v) => (s ? formatNumber(Number(v), lang) : '—')} data-testid="usage-calls" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('integration.clients.errors')} value={s?.errors ?? '—'} formatter={(v) => (s ? formatNumber(Number(v), lang) : '—')} data-testid="usage-errors" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('integration.clients.errorRate')}
              value={s?.errorRate ?? '—'}
              formatter={(v) => (s ? formatPercent(Number(v), lang) : '—')}
              styles={{ content: s && s.errorRate >= 0.05 ? { color: '#cf1322' } : undefined }}
              data-testid="usage-error-rate"
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('integration.clients.p95')} value={s?.p95Ms ?? '—'} formatter={() => (s ? ms(t, s.p95Ms, lang) : '—')} data-testid="usage-p95" />
          </Col>
        </Row>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('integration.clients.byRoute')}
        </Typography.Title>
        <div data-testid="api-calls-by-route">
          <Table<ApiCallsByRoute>
            rowKey={(r) => `${r.method} ${r.route}`}
            size="small"
            columns={routeColumns}
            dataSource={data?.byRoute ?? []}
            pagination={false}
            loading={isFetching && !data}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('integration.clients.noCallsYet') }}
          />
        </div>
      </Card>
      <Card
        className="ts-card"
        title={t('integration.clients.recentCalls')}
        extra={
          <label className="ts-inline-switch">
            <Switch size="small" checked={errorsOnly} onChange={setErrorsOnly} data-testid="calls-errors-only" />
            <span>{t('integration.clients.errorsOnly')}</span>
          </label>
        }
      >
        <div data-testid="api-calls-table">
          <Table<ApiCall>
            rowKey="id"
            size="small"
            columns={isMobile ? mobileCallColumns : callColumns}
            showHeader={!isMobile}
            dataSource={data?.items ?? []}
            loading={isFetching}
            scroll={isMobile ? undefined : { x: 'max-content' }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: errorsOnly ? t('integration.clients.noErrors') : t('integration.clients.noCallsYet') }}
          />
        </div>
      </Card>
    </>
  );
}

function RotateModal({ client, onClose, onRotated }: { client: ApiClientView; onClose: () => void; onRotated: (c: Credentials) => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ overlapMinutes: number }>();
  const rotate = useMutation({
    mutationFn: (v: { overlapMinutes: number }) => rotateApiClientSecret(client.id, v.overlapMinutes),
    onSuccess: async (c) => {
      qc.setQueryData(apiClientKeys.detail(client.id), c.client);
      await qc.invalidateQueries({ queryKey: apiClientKeys.list });
      onRotated(c);
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('integration.clients.rotateTitle', { name: client.name })}
      okText={t('integration.clients.rotate')}
      okButtonProps={{ 'data-testid': 'rotate-submit' } as Record<string, string>}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={rotate.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('integration.clients.rotateHelp')}</Typography.Paragraph>
      {rotate.error ? <ErrorAlert error={rotate.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ overlapMinutes: 60 }} onFinish={(v) => rotate.mutate(v)}>
        <Form.Item
          name="overlapMinutes"
          label={t('integration.clients.overlapMinutes')}
          extra={t('integration.clients.overlapHelp')}
          rules={[{ required: true, message: t('common.required') }, { type: 'integer', min: 0, max: 10_080, message: t('integration.clients.overlapRange') }]}
        >
          <InputNumber<number>
            min={0}
            max={10_080}
            precision={0}
            style={{ width: '100%' }}
            data-testid="rotate-overlap"
            formatter={(v) => (v === undefined || v === null || String(v) === '' ? '' : formatNumber(Number(v), lang, 0))}
            parser={(s) => Number((s ?? '').replace(/[^\d]/g, '')) || 0}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RevokeModal({ client, onClose }: { client: ApiClientView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const revoke = useMutation({
    mutationFn: (v: { reason?: string }) => revokeApiClient(client.id, v.reason?.trim() || undefined),
    onSuccess: async (c) => {
      qc.setQueryData(apiClientKeys.detail(client.id), c);
      await qc.invalidateQueries({ queryKey: apiClientKeys.list });
      message.success(t('integration.clients.revoked', { name: client.name }));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('integration.clients.revokeTitle', { name: client.name })}
      okText={t('integration.clients.revoke')}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'revoke-submit' } as Record<string, string>) }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={revoke.isPending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('integration.clients.revokeWarning')} />
      {revoke.error ? <ErrorAlert error={revoke.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => revoke.mutate(v)}>
        <Form.Item name="reason" label={t('integration.clients.reason')} rules={[{ required: true, whitespace: true, message: t('integration.clients.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('integration.clients.reasonPlaceholder')} data-testid="revoke-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

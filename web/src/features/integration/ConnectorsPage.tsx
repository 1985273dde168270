// Sector database connectors (issue 7): data pulled from another system's API on a
// schedule, or from a file its owners upload, mapped to our units and data elements, and
// reconciled with what is stored (values typed by hand are never overwritten).
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Radio, Row, Select, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { applyFieldErrors } from '../../lib/forms';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { UnitSelect } from '../units/UnitSelect';
import { connectorKeys, createConnector, listConnectors, listProfiles, updateConnector, type ConnectorBody, type ConnectorPatch, type ConnectorRunSummary, type ConnectorView, type RunState } from './connectors-api';

const RUN_COLOR: Record<RunState, string> = { running: 'processing', done: 'success', rejected: 'warning', failed: 'error' };

export function RunStateTag({ run }: { run: Pick<ConnectorRunSummary, 'state' | 'dryRun'> }) {
  const { t } = useTranslation();
  return (
    <span className="ts-tags">
      <Tag color={RUN_COLOR[run.state]} data-testid="run-state">
        {t(`integration.connectors.runStates.${run.state}`)}
      </Tag>
      {run.dryRun ? <Tag>{t('integration.connectors.dryRunTag')}</Tag> : null}
    </span>
  );
}

export function RunCounts({ run }: { run: ConnectorRunSummary }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  if (!run.counts) return run.error ? <Typography.Text type="danger" className="ts-small">{run.error}</Typography.Text> : <>—</>;
  const c = run.counts;
  const part = (key: keyof typeof c, type?: 'danger' | 'warning') =>
    c[key] > 0 ? (
      <Typography.Text key={key} type={type} className="ts-small ts-nowrap">
        {t(`integration.connectors.countsShort.${key}`, { n: formatNumber(c[key], lang) })}
      </Typography.Text>
    ) : null;
  const parts = [part('new'), part('changed'), part('unchanged'), part('conflicting', 'danger'), part('unmapped', 'warning')].filter(Boolean);
  return <span className="ts-api-client-facts">{parts.length ? parts : <Typography.Text type="secondary" className="ts-small">{t('integration.connectors.nothing')}</Typography.Text>}</span>;
}

export function ConnectorsPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const { data, error, isFetching, refetch } = useQuery({ queryKey: connectorKeys.list, queryFn: listConnectors, staleTime: 0 });

  const schedule = (c: ConnectorView) =>
    c.kind === 'file' ? (
      <Typography.Text type="secondary">{t('integration.connectors.byUpload')}</Typography.Text>
    ) : c.schedule ? (
      <div className="ts-nowrap">
        <span className="ts-mono">{c.schedule}</span>
        {c.nextRunAt ? (
          <div>
            <Typography.Text type="secondary" className="ts-small">
              {t('integration.connectors.nextRun', { at: formatDateTime(c.nextRunAt) })}
            </Typography.Text>
          </div>
        ) : null}
      </div>
    ) : (
      <Typography.Text type="secondary">{t('integration.connectors.manualOnly')}</Typography.Text>
    );

  const columns: ColumnsType<ConnectorView> = [
    {
      key: 'name',
      title: t('integration.connectors.name'),
      render: (_, c) => (
        <div className="ts-cell-wrap">
          <Link to={`/integration/connectors/${c.id}`} className="ts-strong" data-testid="connector-link">
            {c.name}
          </Link>
          <div>
            <Tag>{t(`integration.connectors.kinds.${c.kind}`)}</Tag>
            <Typography.Text type="secondary" className="ts-mono ts-small">
              {c.code}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { key: 'schedule', title: t('integration.connectors.schedule'), render: (_, c) => schedule(c) },
    { key: 'enabled', title: t('integration.connectors.status'), render: (_, c) => (c.enabled ? <Tag color="success">{t('integration.connectors.enabled')}</Tag> : <Tag>{t('integration.connectors.paused')}</Tag>) },
    {
      key: 'last',
      title: t('integration.connectors.lastRun'),
      render: (_, c) =>
        c.lastRun ? (
          <div className="ts-cell-wrap">
            <RunStateTag run={c.lastRun} /> <span className="ts-small ts-nowrap">{formatDateTime(c.lastRun.startedAt)}</span>
            <div>
              <RunCounts run={c.lastRun} />
            </div>
          </div>
        ) : (
          <Typography.Text type="secondary">{t('integration.connectors.neverRun')}</Typography.Text>
        ),
    },
  ];

  const mobileColumns: ColumnsType<ConnectorView> = [
    {
      key: 'card',
      render: (_, c) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <Link to={`/integration/connectors/${c.id}`} className="ts-strong" data-testid="connector-link">
              {c.name}
            </Link>
            {c.enabled ? <Tag color="success">{t('integration.connectors.enabled')}</Tag> : <Tag>{t('integration.connectors.paused')}</Tag>}
          </div>
          <Typography.Text type="secondary" className="ts-small">
            {t(`integration.connectors.kinds.${c.kind}`)} · <span className="ts-mono">{c.code}</span>
          </Typography.Text>
          {schedule(c)}
          {c.lastRun ? (
            <div>
              <RunStateTag run={c.lastRun} /> <span className="ts-small">{formatDateTime(c.lastRun.startedAt)}</span>
              <div>
                <RunCounts run={c.lastRun} />
              </div>
            </div>
          ) : null}
        </div>
      ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('integration.connectors.title')}
        subtitle={t('integration.connectors.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} data-testid="create-connector" onClick={() => setCreating(true)}>
            {t('integration.connectors.create')}
          </Button>
        }
      />
      <Card className="ts-card">
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <div data-testid="connectors-table">
          <Table<ConnectorView>
            rowKey="id"
            columns={isMobile ? mobileColumns : columns}
            showHeader={!isMobile}
            dataSource={data?.items ?? []}
            loading={isFetching}
            locale={{ emptyText: t('integration.connectors.empty') }}
            scroll={isMobile ? undefined : { x: 'max-content' }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          />
        </div>
      </Card>
      {creating ? <ConnectorFormModal onClose={() => setCreating(false)} onSaved={(c) => void navigate(`/integration/connectors/${c.id}`)} /> : null}
    </div>
  );
}

interface Values {
  code: string;
  kind: 'http' | 'file';
  name: string;
  format: 'csv' | 'json';
  profile: 'poverty_households';
  sourceUrl?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  tokenScope?: string;
  scopeUnitId?: string;
  schedule?: string;
  enabled: boolean;
}

const orNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

export function ConnectorFormModal({ connector, onClose, onSaved }: { connector?: ConnectorView; onClose: () => void; onSaved?: (c: ConnectorView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? connector?.kind ?? 'http';
  const profiles = useQuery({ queryKey: connectorKeys.profiles, queryFn: listProfiles, staleTime: 5 * 60_000 });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const http = v.kind === 'http';
      const common = {
        name: v.name.trim(),
        format: v.format,
        profile: v.profile,
        scopeUnitId: v.scopeUnitId ?? null,
        enabled: v.enabled,
      };
      const remote = http
        ? { sourceUrl: orNull(v.sourceUrl), tokenUrl: orNull(v.tokenUrl), clientId: orNull(v.clientId), tokenScope: orNull(v.tokenScope), schedule: orNull(v.schedule) }
        : {};
      // The client secret is write-only: left empty on an edit, the stored one stays.
      const secret = http && v.clientSecret ? { clientSecret: v.clientSecret } : {};
      if (connector) return updateConnector(connector.id, { ...common, ...remote, ...secret } as ConnectorPatch);
      return createConnector({ code: v.code.trim(), kind: v.kind, ...common, ...remote, ...secret } as ConnectorBody);
    },
    onSuccess: async (c) => {
      qc.setQueryData(connectorKeys.detail(c.id), c);
      await qc.invalidateQueries({ queryKey: connectorKeys.list });
      message.success(connector ? t('common.saved') : t('integration.connectors.created', { name: c.name }));
      onSaved?.(c);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });

  const initial: Partial<Values> = connector
    ? {
        code: connector.code,
        kind: connector.kind,
        name: connector.name,
        format: connector.format,
        profile: connector.profile,
        sourceUrl: connector.sourceUrl ?? '',
        tokenUrl: connector.tokenUrl ?? '',
        clientId: connector.clientId ?? '',
        tokenScope: connector.tokenScope ?? '',
        scopeUnitId: connector.scopeUnit?.id,
        schedule: connector.schedule ?? '',
        enabled: connector.enabled,
      }
    : { kind: 'file', format: 'csv', profile: 'poverty_households', enabled: true };

  return (
    <FormModal
      form={form}
      width={760}
      title={connector ? t('integration.connectors.editTitle', { name: connector.name }) : t('integration.connectors.createTitle')}
      initialValues={initial}
      submitLabel={t('common.save')}
      testId="connector"
      saving={save.isPending}
      error={save.error}
      onSubmit={(v) => save.mutate(v)}
      onClose={onClose}
    >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('integration.connectors.kind')}>
              <Radio.Group disabled={Boolean(connector)} optionType="button" options={(['file', 'http'] as const).map((k) => ({ value: k, label: t(`integration.connectors.kinds.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="format" label={t('integration.connectors.format')}>
              <Radio.Group optionType="button" options={[{ value: 'csv', label: 'CSV' }, { value: 'json', label: 'JSON' }]} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('integration.connectors.code')}
              extra={t('integration.connectors.codeHelp')}
              rules={[{ required: true, message: t('common.required') }, { pattern: /^[a-z0-9][a-z0-9_-]{1,49}$/, message: t('integration.connectors.codeInvalid') }]}
            >
              <Input className="ts-mono" disabled={Boolean(connector)} maxLength={50} data-testid="connector-code" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('integration.connectors.name')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
              <Input maxLength={200} data-testid="connector-name" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="profile" label={t('integration.connectors.profile')} extra={profiles.data?.items.find((p) => p.code === initial.profile)?.description}>
          <Select loading={profiles.isLoading} options={(profiles.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))} />
        </Form.Item>
        <Form.Item name="scopeUnitId" label={t('integration.connectors.scopeUnit')} extra={t('integration.connectors.scopeUnitHelp')}>
          <UnitSelect data-testid="connector-scope-unit" known={connector?.scopeUnit ? [{ id: connector.scopeUnit.id, fullName: connector.scopeUnit.name }] : undefined} />
        </Form.Item>
        {kind === 'http' ? (
          <>
            <Form.Item name="sourceUrl" label={t('integration.connectors.sourceUrl')} rules={[{ required: true, message: t('common.required') }]}>
              <Input className="ts-mono" maxLength={2000} placeholder="https://csdl.molisa.gov.vn/api/ho-ngheo?nam=2025" data-testid="connector-source-url" />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} sm={12}>
                <Form.Item name="tokenUrl" label={t('integration.connectors.tokenUrl')} extra={t('integration.connectors.tokenUrlHelp')}>
                  <Input className="ts-mono" maxLength={2000} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="tokenScope" label={t('integration.connectors.tokenScope')}>
                  <Input className="ts-mono" maxLength={200} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="clientId" label={t('integration.connectors.clientId')}>
                  <Input className="ts-mono" maxLength={200} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="clientSecret" label={t('integration.connectors.clientSecret')} extra={connector?.hasClientSecret ? t('integration.connectors.secretKept') : undefined}>
                  <Input.Password maxLength={500} autoComplete="new-password" placeholder={connector?.hasClientSecret ? t('integration.connectors.secretSet') : undefined} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="schedule" label={t('integration.connectors.schedule')} extra={t('integration.connectors.scheduleHelp')}>
              <Input className="ts-mono" maxLength={100} placeholder="0 2 * * *" />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="enabled" label={t('integration.connectors.status')} valuePropName="checked">
          <Switch checkedChildren={t('integration.connectors.enabled')} unCheckedChildren={t('integration.connectors.paused')} />
        </Form.Item>
    </FormModal>
  );
}

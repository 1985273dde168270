// One connector: its source, the mapping table (external commune codes → our units, file
// columns → data elements), "run now" / dry run or a file upload, and the history of runs
// with each run's reconciliation report: new, changed, unchanged, conflicts with values
// typed by hand (never overwritten), unmapped codes, and rows that could not be read.
import { DeleteOutlined, EditOutlined, ExperimentOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Empty, Form, Input, Modal, Result, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { periodLabel } from '@shared/engine/periods.ts';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop } from '../../components/FileDrop';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useDebounced } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { listElements } from '../catalog/api';
import { UnitSelect } from '../units/UnitSelect';
import {
  connectorKeys,
  deleteConnector,
  deleteMapping,
  getConnector,
  getRun,
  listMappings,
  listRuns,
  putMappings,
  runConnector,
  updateConnector,
  uploadToConnector,
  type ConflictItem,
  type ConnectorMappingView,
  type ConnectorRunSummary,
  type ConnectorRunView,
  type ConnectorView,
  type ReconciliationItem,
  type RowProblem,
  type UnmappedItem,
} from './connectors-api';
import { ConnectorFormModal, RunCounts, RunStateTag } from './ConnectorsPage';

export function ConnectorPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const { data: connector, error, isLoading, refetch } = useQuery({ queryKey: connectorKeys.detail(id), queryFn: () => getConnector(id) });
  const [editing, setEditing] = useState(false);
  const [report, setReport] = useState<ConnectorRunView | null>(null);

  const afterRun = async (run: ConnectorRunView) => {
    setReport(run);
    await qc.invalidateQueries({ queryKey: connectorKeys.all });
  };
  const run = useMutation({ mutationFn: (dryRun: boolean) => runConnector(id, dryRun), onSuccess: afterRun });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => updateConnector(id, { enabled }),
    onSuccess: async (c) => {
      qc.setQueryData(connectorKeys.detail(id), c);
      await qc.invalidateQueries({ queryKey: connectorKeys.list });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteConnector(id),
    onSuccess: async () => {
      qc.removeQueries({ queryKey: connectorKeys.detail(id) });
      await qc.invalidateQueries({ queryKey: connectorKeys.list });
      message.success(t('integration.connectors.deleted'));
      void navigate('/integration/connectors');
    },
  });

  if (isLoading) return <Skeleton active />;
  if (error && isApiError(error) && error.status === 404) return <Result status="404" title={t('app.notFoundTitle')} extra={<Link to="/integration/connectors">{t('integration.connectors.title')}</Link>} />;
  if (!connector) return <ErrorAlert error={error} onRetry={() => void refetch()} />;

  const http = connector.kind === 'http';
  const actions = (
    <>
      <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="connector-edit">
        {t('common.edit')}
      </Button>
      {http ? (
        <>
          <Button icon={<ExperimentOutlined />} loading={run.isPending && run.variables} disabled={!connector.enabled} onClick={() => run.mutate(true)} data-testid="connector-dry-run">
            {t('integration.connectors.dryRun')}
          </Button>
          <Button type="primary" icon={<PlayCircleOutlined />} loading={run.isPending && !run.variables} disabled={!connector.enabled} onClick={() => run.mutate(false)} data-testid="connector-run">
            {t('integration.connectors.runNow')}
          </Button>
        </>
      ) : null}
      <Button loading={toggle.isPending} onClick={() => toggle.mutate(!connector.enabled)} data-testid="connector-toggle">
        {connector.enabled ? t('integration.connectors.pause') : t('integration.connectors.enable')}
      </Button>
      <Button
        danger
        icon={<DeleteOutlined />}
        onClick={() =>
          modal.confirm({
            title: t('integration.connectors.deleteConfirm', { name: connector.name }),
            content: t('integration.connectors.deleteHelp'),
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
        breadcrumb={<Breadcrumb className="ts-breadcrumb" items={[{ key: 'list', title: <Link to="/integration/connectors">{t('integration.connectors.title')}</Link> }, { key: 'c', title: connector.name }]} />}
        title={connector.name}
        subtitle={
          <span className="ts-api-client-sub">
            {connector.enabled ? <Tag color="success">{t('integration.connectors.enabled')}</Tag> : <Tag>{t('integration.connectors.paused')}</Tag>}
            <Tag>{t(`integration.connectors.kinds.${connector.kind}`)}</Tag>
            <span className="ts-mono ts-small">{connector.code}</span>
          </span>
        }
        extra={actions}
      />
      {(run.error ?? toggle.error ?? remove.error) ? <ErrorAlert error={run.error ?? toggle.error ?? remove.error} /> : null}
      <ConnectorFacts connector={connector} />
      {!http ? <UploadCard connector={connector} onDone={afterRun} /> : null}
      <MappingsCard connector={connector} />
      <RunsCard connector={connector} onOpen={setReport} />
      {editing ? <ConnectorFormModal connector={connector} onClose={() => setEditing(false)} /> : null}
      {report ? <RunReportModal connectorId={connector.id} run={report} onClose={() => setReport(null)} /> : null}
    </div>
  );
}

function ConnectorFacts({ connector }: { connector: ConnectorView }) {
  const { t } = useTranslation();
  const http = connector.kind === 'http';
  return (
    <Card className="ts-card" title={t('integration.connectors.details')}>
      <Descriptions
        size="small"
        className="ts-wrap-descriptions"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'profile', label: t('integration.connectors.profile'), children: t(`integration.connectors.profiles.${connector.profile}`, { defaultValue: connector.profile }) },
          { key: 'format', label: t('integration.connectors.format'), children: connector.format.toUpperCase() },
          { key: 'scope', label: t('integration.connectors.scopeUnit'), children: connector.scopeUnit?.name ?? t('integration.connectors.anyUnit') },
          ...(http
            ? [
                { key: 'url', label: t('integration.connectors.sourceUrl'), children: <span className="ts-mono ts-small">{connector.sourceUrl}</span> },
                { key: 'token', label: t('integration.connectors.tokenUrl'), children: connector.tokenUrl ? <span className="ts-mono ts-small">{connector.tokenUrl}</span> : '—' },
                {
                  key: 'client',
                  label: t('integration.connectors.clientId'),
                  children: connector.clientId ? (
                    <span>
                      <span className="ts-mono">{connector.clientId}</span> {connector.hasClientSecret ? <Tag>{t('integration.connectors.secretSet')}</Tag> : null}
                    </span>
                  ) : (
                    '—'
                  ),
                },
                {
                  key: 'schedule',
                  label: t('integration.connectors.schedule'),
                  children: connector.schedule ? (
                    <span>
                      <span className="ts-mono">{connector.schedule}</span>
                      {connector.nextRunAt ? ` · ${t('integration.connectors.nextRun', { at: formatDateTime(connector.nextRunAt) })}` : ''}
                    </span>
                  ) : (
                    t('integration.connectors.manualOnly')
                  ),
                },
              ]
            : []),
          { key: 'created', label: t('integration.clients.createdAt'), children: `${formatDateTime(connector.createdAt)}${connector.createdBy ? ` · ${connector.createdBy}` : ''}` },
        ]}
      />
    </Card>
  );
}

function UploadCard({ connector, onDone }: { connector: ConnectorView; onDone: (r: ConnectorRunView) => Promise<void> }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({ mutationFn: (dryRun: boolean) => uploadToConnector(connector.id, file!, dryRun), onSuccess: onDone });
  return (
    <Card className="ts-card" title={t('integration.connectors.upload')}>
      <div className="ts-stack">
        <FileDrop
          accept={connector.format === 'csv' ? '.csv,text/csv' : '.json,application/json'}
          file={file}
          onChange={setFile}
          disabled={!connector.enabled}
          text={t('integration.connectors.uploadText', { format: connector.format.toUpperCase() })}
          hint={t('integration.connectors.uploadHint')}
        />
        {upload.error ? <ErrorAlert error={upload.error} /> : null}
        <Space wrap>
          <Button icon={<ExperimentOutlined />} disabled={!file || !connector.enabled} loading={upload.isPending && upload.variables} onClick={() => upload.mutate(true)} data-testid="connector-upload-dry">
            {t('integration.connectors.uploadDry')}
          </Button>
          <Button type="primary" disabled={!file || !connector.enabled} loading={upload.isPending && !upload.variables} onClick={() => upload.mutate(false)} data-testid="connector-upload">
            {t('integration.connectors.uploadRun')}
          </Button>
        </Space>
      </div>
    </Card>
  );
}

function ElementSelect({ value, onChange, known }: { value?: string; onChange?: (v: string) => void; known?: { id: string; code: string; name: string } }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const { data, isFetching } = useQuery({ queryKey: ['catalog', 'elements', 'pick', q], queryFn: ({ signal }) => listElements({ q: q || undefined, limit: 30 }, signal) });
  const options = (data?.items ?? []).map((e) => ({ value: e.id, label: `${e.code} — ${lang === 'en' && e.nameEn ? e.nameEn : e.nameVi}` }));
  if (known && !options.some((o) => o.value === known.id)) options.push({ value: known.id, label: `${known.code} — ${known.name}` });
  return (
    <Select
      value={value}
      onChange={onChange}
      options={options}
      loading={isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      placeholder={t('integration.connectors.pickElement')}
      data-testid="mapping-element"
      style={{ width: '100%' }}
    />
  );
}

interface MappingValues {
  kind: 'unit' | 'element';
  externalCode: string;
  unitId?: string;
  dataElementId?: string;
}

function MappingsCard({ connector }: { connector: ConnectorView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<MappingValues>();
  const kind = Form.useWatch('kind', form) ?? 'unit';
  const { data, error, isFetching } = useQuery({ queryKey: connectorKeys.mappings(connector.id), queryFn: () => listMappings(connector.id) });
  const add = useMutation({
    mutationFn: (v: MappingValues) =>
      putMappings(connector.id, [v.kind === 'unit' ? { kind: 'unit', externalCode: v.externalCode.trim(), unitId: v.unitId! } : { kind: 'element', externalCode: v.externalCode.trim(), dataElementId: v.dataElementId! }]),
    onSuccess: (r) => {
      qc.setQueryData(connectorKeys.mappings(connector.id), r);
      message.success(t('integration.connectors.mappingSaved'));
      form.resetFields(['externalCode', 'unitId', 'dataElementId']);
    },
  });
  const remove = useMutation({
    mutationFn: (m: ConnectorMappingView) => deleteMapping(connector.id, m.id),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectorKeys.mappings(connector.id) }),
  });

  const columns: ColumnsType<ConnectorMappingView> = [
    { key: 'kind', title: t('integration.connectors.mappingKind'), responsive: ['sm'], render: (_, m) => <Tag>{t(`integration.connectors.mappingKinds.${m.kind}`)}</Tag> },
    { key: 'code', title: t('integration.connectors.externalCode'), render: (_, m) => <span className="ts-mono">{m.externalCode}</span> },
    {
      key: 'target',
      title: t('integration.connectors.target'),
      render: (_, m) =>
        m.unit ? (
          <span>
            {m.unit.name} <Typography.Text type="secondary" className="ts-mono ts-small">{m.unit.code}</Typography.Text>
          </span>
        ) : m.dataElement ? (
          <div className="ts-cell-wrap">
            <span className="ts-mono ts-small">{m.dataElement.code}</span> {m.dataElement.name}
            {m.coc ? <Typography.Text type="secondary" className="ts-small"> · {m.coc.name}</Typography.Text> : null}
          </div>
        ) : (
          '—'
        ),
    },
    { key: 'by', title: t('integration.connectors.updated'), responsive: ['xxl'], render: (_, m) => <span className="ts-small ts-nowrap">{formatDateTime(m.updatedAt)}{m.updatedBy ? ` · ${m.updatedBy}` : ''}</span> },
    {
      key: 'remove',
      title: '',
      width: 48,
      render: (_, m) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} loading={remove.isPending && remove.variables?.id === m.id} onClick={() => remove.mutate(m)} />,
    },
  ];

  return (
    <Card className="ts-card" title={t('integration.connectors.mappings')}>
      <Typography.Paragraph type="secondary" className="ts-small">
        {t('integration.connectors.mappingsHelp')}
      </Typography.Paragraph>
      {error ?? remove.error ? <ErrorAlert error={error ?? remove.error} style={{ marginBottom: 12 }} /> : null}
      <div data-testid="connector-mappings">
        <Table<ConnectorMappingView> rowKey="id" size="small" columns={columns} dataSource={data?.items ?? []} loading={isFetching && !data} pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ x: 'max-content' }} />
      </div>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('integration.connectors.addMapping')}
      </Typography.Title>
      {add.error ? <ErrorAlert error={add.error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ kind: 'unit' }} onFinish={(v) => add.mutate(v)} className="ts-mapping-form">
        <Form.Item name="kind" label={t('integration.connectors.mappingKind')}>
          <Select style={{ minWidth: 160 }} options={(['unit', 'element'] as const).map((k) => ({ value: k, label: t(`integration.connectors.mappingKinds.${k}`) }))} data-testid="mapping-kind" />
        </Form.Item>
        <Form.Item name="externalCode" label={kind === 'unit' ? t('integration.connectors.externalUnitCode') : t('integration.connectors.externalColumn')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input className="ts-mono" maxLength={100} data-testid="mapping-code" autoComplete="off" />
        </Form.Item>
        {kind === 'unit' ? (
          <Form.Item name="unitId" label={t('integration.connectors.unit')} rules={[{ required: true, message: t('common.required') }]} className="ts-mapping-target">
            <UnitSelect data-testid="mapping-unit" />
          </Form.Item>
        ) : (
          <Form.Item name="dataElementId" label={t('integration.connectors.element')} rules={[{ required: true, message: t('common.required') }]} className="ts-mapping-target">
            <ElementSelect />
          </Form.Item>
        )}
        <Form.Item label=" ">
          <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="mapping-add">
            {t('integration.connectors.saveMapping')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function RunsCard({ connector, onOpen }: { connector: ConnectorView; onOpen: (r: ConnectorRunView) => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: connectorKeys.runs(connector.id),
    queryFn: () => listRuns(connector.id),
    staleTime: 0,
    refetchInterval: (q) => ((q.state.data?.items ?? []).some((r) => r.state === 'running') ? 3000 : false),
  });
  const open = useMutation({ mutationFn: (r: ConnectorRunSummary) => getRun(connector.id, r.id), onSuccess: onOpen });
  const columns: ColumnsType<ConnectorRunSummary> = [
    { key: 'at', title: t('integration.connectors.startedAt'), render: (_, r) => <span className="ts-nowrap">{formatDateTime(r.startedAt)}</span> },
    {
      key: 'trigger',
      title: t('integration.connectors.trigger'),
      responsive: ['md'],
      render: (_, r) => (
        <span className="ts-small">
          {t(`integration.connectors.triggers.${r.trigger}`)}
          {r.triggeredBy ? ` · ${r.triggeredBy}` : ''}
        </span>
      ),
    },
    { key: 'state', title: t('integration.connectors.state'), render: (_, r) => <RunStateTag run={r} /> },
    { key: 'file', title: t('integration.connectors.source'), responsive: ['xxl'], render: (_, r) => <div className="ts-small ts-cell-wrap">{r.fileName ?? '—'}</div> },
    { key: 'rows', title: t('integration.connectors.rowsRead'), align: 'right', responsive: ['sm'], render: (_, r) => (r.rowsRead === null ? '—' : formatNumber(r.rowsRead, lang)) },
    { key: 'counts', title: t('integration.connectors.result'), render: (_, r) => <RunCounts run={r} /> },
    {
      key: 'open',
      title: '',
      render: (_, r) => (
        <Button size="small" loading={open.isPending && open.variables?.id === r.id} onClick={() => open.mutate(r)} data-testid="run-open">
          {t('integration.connectors.viewReport')}
        </Button>
      ),
    },
  ];
  return (
    <Card className="ts-card" title={t('integration.connectors.runs')}>
      {error ?? open.error ? <ErrorAlert error={error ?? open.error} onRetry={error ? () => void refetch() : undefined} style={{ marginBottom: 12 }} /> : null}
      <div data-testid="connector-runs">
        <Table<ConnectorRunSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching && !data}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('integration.connectors.noRuns') }}
        />
      </div>
    </Card>
  );
}

function RunReportModal({ connectorId, run, onClose }: { connectorId: string; run: ConnectorRunView; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  // A run seen in the list while it was going may have finished since: read it again.
  const { data } = useQuery({ queryKey: connectorKeys.run(connectorId, run.id), queryFn: () => getRun(connectorId, run.id), initialData: run, enabled: run.state === 'running' });
  const r = data ?? run;
  const rep = r.report;

  const cell = (x: ReconciliationItem) => (
    <div className="ts-cell-wrap">
      {x.unit.name} <Typography.Text type="secondary" className="ts-mono ts-small">({x.unitCode})</Typography.Text>
    </div>
  );
  const itemColumns = (withStored: boolean): ColumnsType<ReconciliationItem> => [
    { key: 'row', title: t('integration.connectors.row'), align: 'right', width: 64, render: (_, x) => formatNumber(x.row, lang) },
    { key: 'unit', title: t('integration.connectors.unit'), render: (_, x) => cell(x) },
    {
      key: 'element',
      title: t('integration.connectors.element'),
      render: (_, x) => (
        <div className="ts-cell-wrap">
          <span className="ts-mono ts-small">{x.dataElement.code}</span> <Typography.Text type="secondary" className="ts-small">({x.column})</Typography.Text>
        </div>
      ),
    },
    { key: 'period', title: t('integration.connectors.period'), render: (_, x) => periodLabel(x.period, lang) },
    ...(withStored ? [{ key: 'stored', title: t('integration.connectors.storedValue'), align: 'right' as const, render: (_: unknown, x: ReconciliationItem) => (x.storedValue === null ? '—' : <Typography.Text delete>{x.storedValue}</Typography.Text>) }] : []),
    { key: 'value', title: t('integration.connectors.fileValue'), align: 'right', render: (_, x) => <span className="ts-strong">{x.value}</span> },
  ];
  const conflictColumns: ColumnsType<ConflictItem> = [
    { key: 'row', title: t('integration.connectors.row'), align: 'right', width: 64, render: (_, x) => formatNumber(x.row, lang) },
    { key: 'unit', title: t('integration.connectors.unit'), render: (_, x) => cell(x) },
    { key: 'element', title: t('integration.connectors.element'), render: (_, x) => <span className="ts-mono ts-small">{x.dataElement.code}</span> },
    { key: 'period', title: t('integration.connectors.period'), render: (_, x) => periodLabel(x.period, lang) },
    { key: 'stored', title: t('integration.connectors.enteredValue'), align: 'right', render: (_, x) => <span className="ts-strong">{x.storedValue ?? '—'}</span> },
    { key: 'value', title: t('integration.connectors.fileValue'), align: 'right', render: (_, x) => <Typography.Text type="danger">{x.value}</Typography.Text> },
    {
      key: 'by',
      title: t('integration.connectors.enteredBy'),
      render: (_, x) => (
        <span className="ts-small ts-nowrap">
          {x.enteredBy?.displayName ?? '—'} · {formatDateTime(x.enteredAt)}
        </span>
      ),
    },
  ];
  const unmappedColumns: ColumnsType<UnmappedItem> = [
    { key: 'row', title: t('integration.connectors.row'), align: 'right', width: 64, render: (_, x) => formatNumber(x.row, lang) },
    { key: 'kind', title: t('integration.connectors.mappingKind'), render: (_, x) => <Tag>{t(`integration.connectors.unmappedKinds.${x.kind}`)}</Tag> },
    { key: 'code', title: t('integration.connectors.externalCode'), render: (_, x) => <span className="ts-mono">{x.code}</span> },
    { key: 'name', title: t('integration.connectors.name'), render: (_, x) => x.name ?? '—' },
    { key: 'message', title: t('integration.connectors.message'), render: (_, x) => <div className="ts-cell-wrap">{x.message}</div> },
  ];
  const problemColumns: ColumnsType<RowProblem> = [
    { key: 'row', title: t('integration.connectors.row'), align: 'right', width: 64, render: (_, x) => formatNumber(x.row, lang) },
    { key: 'field', title: t('integration.connectors.field'), render: (_, x) => <span className="ts-mono">{x.field}</span> },
    { key: 'value', title: t('integration.connectors.fileValue'), render: (_, x) => <span className="ts-mono">{x.value ?? ''}</span> },
    { key: 'message', title: t('integration.connectors.message'), render: (_, x) => <div className="ts-cell-wrap">{x.message}</div> },
  ];
  const rejected = (rep?.import?.rejected ?? []).map((x) => ({ row: x.row, field: x.key ?? x.field ?? '', code: x.code, message: x.message, value: x.value }));
  const problems: RowProblem[] = [...(rep?.invalid ?? []), ...rejected];

  const table = <T extends object>(rows: T[], columns: ColumnsType<T>, testId: string) => (
    <div data-testid={testId}>
      <Table<T> rowKey={(x) => JSON.stringify(x)} size="small" columns={columns} dataSource={rows} scroll={{ x: 'max-content' }} pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }} />
    </div>
  );
  const tab = (key: string, count: number, children: React.ReactNode) => ({
    key,
    label: (
      <span data-testid={`report-tab-${key}`}>
        {t(`integration.connectors.reportTabs.${key}`)} ({formatNumber(count, lang)})
      </span>
    ),
    children,
  });

  return (
    <Modal open width={980} title={t('integration.connectors.reportTitle', { at: formatDateTime(r.startedAt) })} onCancel={onClose} footer={<Button onClick={onClose}>{t('common.close')}</Button>} destroyOnHidden>
      <div className="ts-stack" data-testid="run-report">
        <Space wrap>
          <RunStateTag run={r} />
          <Typography.Text type="secondary" className="ts-small">
            {t(`integration.connectors.triggers.${r.trigger}`)}
            {r.triggeredBy ? ` · ${r.triggeredBy}` : ''}
            {r.fileName ? ` · ${r.fileName}` : ''}
            {r.rowsRead !== null ? ` · ${t('integration.connectors.rowsReadN', { n: formatNumber(r.rowsRead, lang) })}` : ''}
          </Typography.Text>
        </Space>
        {r.error ? <Alert type="error" showIcon title={r.error} /> : null}
        {r.dryRun && r.state === 'done' ? <Alert type="info" showIcon title={t('integration.connectors.dryRunNote')} /> : null}
        {r.state === 'done' && !r.dryRun && r.counts ? <Alert type="success" showIcon title={t('integration.connectors.writtenN', { n: formatNumber(r.counts.written, lang) })} /> : null}
        {r.state === 'rejected' ? <Alert type="warning" showIcon title={t('integration.connectors.rejectedNote')} /> : null}
        {rep?.truncated ? <Alert type="warning" showIcon title={t('integration.connectors.truncated')} /> : null}
        {rep ? (
          <Tabs
            items={[
              tab('new', rep.counts.new, table(rep.new, itemColumns(false), 'report-new')),
              tab('changed', rep.counts.changed, table(rep.changed, itemColumns(true), 'report-changed')),
              tab('unchanged', rep.counts.unchanged, table(rep.unchanged, itemColumns(false), 'report-unchanged')),
              tab('conflicting', rep.counts.conflicting, table(rep.conflicting, conflictColumns, 'report-conflicting')),
              tab('unmapped', rep.counts.unmapped, table(rep.unmapped, unmappedColumns, 'report-unmapped')),
              tab('invalid', problems.length, table(problems, problemColumns, 'report-invalid')),
            ]}
          />
        ) : (
          <Empty description={t('integration.connectors.noReport')} />
        )}
      </div>
    </Modal>
  );
}

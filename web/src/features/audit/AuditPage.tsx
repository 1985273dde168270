// The audit log: filter by Vietnam-time date range, action and actor; rows expand to
// show before → after; "Tải CSV" downloads the same filter; "load more" pages on.
import { DownloadOutlined, FilterOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { auditEntryView, auditListResponse } from '@shared/schemas/audit.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireAbility } from '../../app/RequireAuth';
import { api, withQuery } from '../../lib/api';
import { formatDateTimeSeconds, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { auditActionLabel, KNOWN_AUDIT_ACTIONS } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';

type Entry = z.infer<typeof auditEntryView>;
type AuditPage = z.infer<typeof auditListResponse>;
const PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Filters {
  from?: string;
  to?: string;
  action?: string;
  actor?: string;
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="ts-json">{JSON.stringify(value, null, 2)}</pre>;
}

function targetText(t: (k: string, o?: Record<string, unknown>) => string, e: Entry): string {
  return e.targetType ? `${t(`audit.targetTypes.${e.targetType}`, { defaultValue: e.targetType })} #${e.targetId ?? ''}` : '—';
}

function EntryDetails({ entry, withSummary }: { entry: Entry; withSummary: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="ts-audit-detail">
      {withSummary ? (
        <Typography.Text className="ts-small">
          {t('audit.target')}: {targetText(t, entry)} · {t('audit.ip')}: {entry.ip ?? '—'}
        </Typography.Text>
      ) : null}
      <div className="ts-audit-diff">
        <div>
          <div className="ts-strong">{t('audit.before')}</div>
          <Json value={entry.before} />
        </div>
        <div className="ts-audit-arrow" aria-hidden="true">
          →
        </div>
        <div>
          <div className="ts-strong">{t('audit.after')}</div>
          <Json value={entry.after} />
        </div>
      </div>
      {entry.details !== null && entry.details !== undefined ? (
        <div>
          <div className="ts-strong">{t('audit.details')}</div>
          <Json value={entry.details} />
        </div>
      ) : null}
      <Typography.Text type="secondary" className="ts-small">
        {t('audit.requestId')}: {entry.requestId ?? '—'} · {t('users.userAgent')}: {entry.userAgent ?? '—'}
      </Typography.Text>
    </div>
  );
}

export function AuditPage() {
  const me = useCurrentUser();
  return (
    <RequireAbility me={me} any={['readAudit']}>
      <Audit />
    </RequireAbility>
  );
}

function Audit() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const filters: Filters = useMemo(
    () => ({
      from: DAY.test(params.get('from') ?? '') ? params.get('from')! : undefined,
      to: DAY.test(params.get('to') ?? '') ? params.get('to')! : undefined,
      action: params.get('action') || undefined,
      actor: params.get('actor') || undefined,
    }),
    [params],
  );
  const [form] = Form.useForm<{ range?: [Dayjs | null, Dayjs | null] | null; action?: string; actor?: string }>();

  const query = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => api.get<AuditPage>('/api/audit', { query: { ...filters, limit: PAGE_SIZE, offset: pageParam } }),
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE_SIZE : undefined),
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const retention = query.data?.pages[0]?.retentionDays;

  const apply = (v: { range?: [Dayjs | null, Dayjs | null] | null; action?: string; actor?: string }) => {
    const next = new URLSearchParams();
    const [from, to] = v.range ?? [null, null];
    if (from) next.set('from', from.format('YYYY-MM-DD'));
    if (to) next.set('to', to.format('YYYY-MM-DD'));
    if (v.action?.trim()) next.set('action', v.action.trim());
    if (v.actor?.trim()) next.set('actor', v.actor.trim());
    setParams(next, { replace: true });
  };

  const actionOptions = KNOWN_AUDIT_ACTIONS.map((a) => ({ value: a, label: `${auditActionLabel(t, a)} (${a})` }));

  const columns: ColumnsType<Entry> = [
    { key: 'at', title: t('audit.time'), render: (_, e) => <span className="ts-nowrap">{formatDateTimeSeconds(e.at)}</span> },
    { key: 'actor', title: t('audit.actor'), render: (_, e) => (e.actorUsername ? <span className="ts-mono">{e.actorUsername}</span> : <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>) },
    {
      key: 'action',
      title: t('audit.action'),
      render: (_, e) => (
        <div className="ts-cell-wrap">
          <Tag color={e.action.includes('fail') || e.action.includes('lockout') ? 'red' : 'green'}>{auditActionLabel(t, e.action)}</Tag>
          <div>
            <Typography.Text type="secondary" className="ts-small ts-mono">
              {e.action}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { key: 'target', title: t('audit.target'), render: (_, e) => targetText(t, e) },
    { key: 'ip', title: t('audit.ip'), render: (_, e) => <span className="ts-mono">{e.ip ?? '—'}</span> },
  ];
  // Phones: time, actor and action stacked in one column; target and IP in the expanded row.
  const mobileColumns: ColumnsType<Entry> = [
    {
      key: 'summary',
      render: (_, e) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <span className="ts-nowrap ts-small">{formatDateTimeSeconds(e.at)}</span>
            <span className="ts-mono ts-small">{e.actorUsername ?? t('audit.system')}</span>
          </div>
          <div>
            <Tag color={e.action.includes('fail') || e.action.includes('lockout') ? 'red' : 'green'} className="ts-tag-wrap">
              {auditActionLabel(t, e.action)}
            </Tag>
          </div>
        </div>
      ),
    },
  ];

  const csvHref = withQuery('/api/audit/export.csv', { ...filters });

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('audit.title')}
        subtitle={retention ? t('audit.retention', { days: formatNumber(retention, lang) }) : t('audit.subtitle')}
        extra={
          <Button icon={<DownloadOutlined />} href={csvHref} download>
            {t('audit.downloadCsv')}
          </Button>
        }
      />
      <Card className="ts-card">
        <Form
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="ts-filter-form"
          initialValues={{ range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null, action: filters.action, actor: filters.actor }}
          onFinish={apply}
        >
          <Form.Item name="range" label={t('audit.dateRange')}>
            <DatePicker.RangePicker format="DD/MM/YYYY" allowEmpty={[true, true]} placeholder={[t('audit.from'), t('audit.to')]} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={actionOptions} placeholder={t('audit.anyAction')} className="ts-filter-select-wide" popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear placeholder={t('audit.actorPlaceholder')} maxLength={60} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<FilterOutlined />}>
                {t('audit.apply')}
              </Button>
              <Button
                onClick={() => {
                  form.setFieldsValue({ range: null, action: undefined, actor: undefined });
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                {t('audit.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Card className="ts-card">
        <Table<Entry>
          rowKey="id"
          size="small"
          columns={isMobile ? mobileColumns : columns}
          showHeader={!isMobile}
          dataSource={rows}
          loading={query.isPending}
          pagination={false}
          scroll={isMobile ? undefined : { x: 860 }}
          expandable={{ expandedRowRender: (e) => <EntryDetails entry={e} withSummary={isMobile} /> }}
        />
        <div className="ts-load-more">
          <Typography.Text type="secondary" className="ts-small">
            {t('audit.shown', { n: formatNumber(rows.length, lang) })}
          </Typography.Text>
          {query.hasNextPage ? (
            <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          ) : rows.length > 0 ? (
            <Typography.Text type="secondary" className="ts-small">
              {t('audit.end')}
            </Typography.Text>
          ) : null}
        </div>
      </Card>
    </div>
  );
}

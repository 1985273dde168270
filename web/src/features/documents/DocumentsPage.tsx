// The register of generated documents (sổ đăng ký văn bản): number, subject, unit, period,
// format, who made it and when, size; filters by words, format and days; every file can
// be downloaded again. The filters live in the URL.
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useCurrentUser } from '../auth/session';
import { useUiLanguage } from '../auth/language';
import { documentFileUrl, documentKeys, listDocuments, type DocumentFormat, type DocumentView } from './api';

const PAGE = 20;
const FORMAT_COLORS: Record<DocumentFormat, string> = { docx: 'blue', pdf: 'red', xlsx: 'green' };

export function FormatTag({ format }: { format: DocumentFormat }) {
  return <Tag color={FORMAT_COLORS[format]}>{format === 'docx' ? 'Word' : format === 'pdf' ? 'PDF' : 'Excel'}</Tag>;
}

export function DocumentsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const format = (params.get('format') as DocumentFormat | null) ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const query = { q: q || undefined, format, from, to, limit: PAGE, offset: (page - 1) * PAGE };
  const { data, error, isFetching, refetch } = useQuery({ queryKey: documentKeys.list(query), queryFn: ({ signal }) => listDocuments(query, signal), staleTime: 0 });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const download = (d: DocumentView) => (
    <Tooltip title={t('documents.download')}>
      <Button size="small" icon={<DownloadOutlined />} href={documentFileUrl(d.id)} download={d.fileName} data-testid="register-download" aria-label={t('documents.download')} />
    </Tooltip>
  );

  const columns: ColumnsType<DocumentView> = [
    {
      key: 'number',
      title: t('documents.number'),
      render: (_, d) => (
        <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 4 }}>
          <span className="ts-nowrap ts-strong" data-testid="register-number">
            {d.number}
          </span>
          <span>
            <FormatTag format={d.format} />
          </span>
        </div>
      ),
    },
    {
      key: 'subject',
      title: t('documents.subject'),
      render: (_, d) => (
        <div className="ts-cell-wrap" style={{ maxWidth: 380, minWidth: 240 }}>
          <div>{d.subject}</div>
          {d.template ? <Typography.Text type="secondary" className="ts-small">{t('documents.fromTemplate', { name: d.template.name })}</Typography.Text> : null}
        </div>
      ),
    },
    {
      key: 'unit',
      title: t('documents.unitPeriod'),
      render: (_, d) => (
        <div className="ts-cell-wrap">
          <div>{d.unit.name}</div>
          <Typography.Text type="secondary" className="ts-small ts-nowrap">
            {d.periodLabel ?? '–'}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'created',
      title: t('documents.createdBy'),
      render: (_, d) => (
        <div className="ts-cell-wrap">
          <div>{d.createdBy.displayName.replace(/\s*\(.*\)$/, '')}</div>
          <Typography.Text type="secondary" className="ts-small ts-nowrap">
            {formatDateTime(d.createdAt)} · {formatBytes(d.size, lang)}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'download', title: '', render: (_, d) => download(d) },
  ];

  const mobileColumns: ColumnsType<DocumentView> = [
    {
      key: 'card',
      render: (_, d) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <span className="ts-strong" data-testid="register-number">
              {d.number}
            </span>
            <FormatTag format={d.format} />
          </div>
          <div>{d.subject}</div>
          <Typography.Text type="secondary" className="ts-small">
            {d.unit.name}
            {d.periodLabel ? ` · ${d.periodLabel}` : ''}
          </Typography.Text>
          <div className="ts-mobile-card-head">
            <Typography.Text type="secondary" className="ts-small">
              {d.createdBy.displayName} · {formatDateTime(d.createdAt)}
            </Typography.Text>
            {download(d)}
          </div>
        </div>
      ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('documents.registerTitle')}
        subtitle={t('documents.registerSubtitle')}
        extra={
          me.permissions.includes('document.manage') ? (
            <Link to="/documents/templates">
              <Button icon={<FileTextOutlined />} data-testid="open-templates">
                {t('documents.templatesTitle')}
              </Button>
            </Link>
          ) : null
        }
      />
      <Card className="ts-card">
        <Space wrap size={[12, 8]} style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('documents.searchPlaceholder')}
            onSearch={(v) => update({ q: v.trim() || null })}
            style={{ width: isMobile ? 'calc(100vw - 64px)' : 320 }}
            data-testid="register-search"
          />
          <Select
            allowClear
            placeholder={t('documents.format')}
            value={format}
            onChange={(v?: string) => update({ format: v ?? null })}
            style={{ width: 130 }}
            options={[
              { value: 'docx', label: 'Word' },
              { value: 'pdf', label: 'PDF' },
              { value: 'xlsx', label: 'Excel' },
            ]}
          />
          <DatePicker.RangePicker
            format="DD/MM/YYYY"
            value={from && to ? [dayjs(from), dayjs(to)] : null}
            onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD') ?? null, to: v?.[1]?.format('YYYY-MM-DD') ?? null })}
            placeholder={[t('documents.fromDay'), t('documents.toDay')]}
            style={isMobile ? { width: 'calc(100vw - 64px)' } : undefined}
          />
        </Space>
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <div data-testid="register-table">
          <Table<DocumentView>
            rowKey="id"
            columns={isMobile ? mobileColumns : columns}
            showHeader={!isMobile}
            dataSource={data?.items ?? []}
            loading={isFetching && !data}
            locale={{ emptyText: t('documents.registerEmpty') }}
            scroll={isMobile ? undefined : { x: 'max-content' }}
            pagination={{
              current: page,
              pageSize: PAGE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (p) => update({ page: String(p) }),
              showTotal: (n) => t('documents.total', { count: n }),
            }}
          />
        </div>
      </Card>
    </div>
  );
}

// The succession report, for unit administrators: what the reference data could not
// map between the pre-2025 and the 2025 units (docs/reference-data.md), the counts the
// database holds, and one collapsible table per list of unmapped entries.
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Card, Col, Collapse, Descriptions, Empty, Row, Skeleton, Statistic, Table, Tag, Typography, type CollapseProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireAbility } from '../../app/RequireAuth';
import { formatDate, formatDateTime, formatNumber, type UiLang } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { getSuccessionReport, unitKeys, type SuccessionReport } from './api';

const PAGE_SIZE = 20;

/** The lists in reading order; lists the server adds later follow, under their key. */
const LISTS = [
  'mappingRowsWithoutOldCode',
  'unknownNewCodes',
  'oldCommunesWithoutSuccessor',
  'newCommunesWithoutPredecessor',
  'provincesSplitAcross',
  'unknownOldCodes',
  'provincesWithoutSuccessor',
] as const;

/** Columns in this order when an entry has the field; unknown fields come last. */
const FIELDS = ['oldCode', 'old', 'oldName', 'oldDistrictName', 'oldProvinceName', 'newCode', 'newName', 'newProvinceName', 'chosen', 'shares', 'reason', 'candidates', 'codeBelongsTo', 'ids'];
const CODE_FIELDS = new Set(['oldCode', 'old', 'newCode', 'chosen', 'candidates', 'ids']);

const DATABASE_COUNTS = ['communeSuccessions', 'provinceSuccessions', 'oldCommunesWithoutSuccessor', 'newCommunesWithoutPredecessor'] as const;

interface ItemRow {
  key: string;
  item: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cellText(t: TFunction, lang: UiLang, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'reason' && typeof value === 'string') return t(`succession.reasons.${value}`, { defaultValue: value });
  if (typeof value === 'number') return formatNumber(value, lang);
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => cellText(t, lang, field, v)).join(', ');
  // shares: { "52": 120.5, "51": 3 } reads "52: 120,5 · 51: 3".
  if (isRecord(value))
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${cellText(t, lang, field, v)}`)
      .join(' · ');
  return String(value);
}

function columnsFor(t: TFunction, lang: UiLang, items: unknown[]): ColumnsType<ItemRow> {
  if (!items.some(isRecord))
    return [{ key: 'code', title: t('succession.fields.code'), render: (_, r) => <span className="ts-mono">{cellText(t, lang, 'code', r.item)}</span> }];
  const seen: string[] = [];
  for (const item of items) if (isRecord(item)) for (const k of Object.keys(item)) if (!seen.includes(k)) seen.push(k);
  const rank = (k: string) => (FIELDS.includes(k) ? FIELDS.indexOf(k) : FIELDS.length + seen.indexOf(k));
  return seen
    .sort((a, b) => rank(a) - rank(b))
    .map((field) => ({
      key: field,
      title: t(`succession.fields.${field}`, { defaultValue: field }),
      render: (_: unknown, r: ItemRow) => {
        const text = cellText(t, lang, field, isRecord(r.item) ? r.item[field] : undefined);
        return CODE_FIELDS.has(field) ? <span className="ts-mono">{text}</span> : text;
      },
    }));
}

function UnmappedTable({ items }: { items: unknown[] }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('succession.none')} />;
  const rows: ItemRow[] = items.map((item, i) => ({ key: String(i), item }));
  return (
    <Table<ItemRow>
      rowKey="key"
      size="small"
      columns={columnsFor(t, lang, items)}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: PAGE_SIZE, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
    />
  );
}

export function SuccessionReportPage() {
  const me = useCurrentUser();
  return (
    <RequireAbility me={me} any={['manageUnits']}>
      <Report />
    </RequireAbility>
  );
}

function Report() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, error, isPending, refetch } = useQuery({ queryKey: unitKeys.successionReport, queryFn: getSuccessionReport, staleTime: 5 * 60_000 });

  const header = (
    <PageHeader
      breadcrumb={<Breadcrumb className="ts-breadcrumb" items={[{ key: 'units', title: <Link to="/units">{t('nav.units')}</Link> }, { key: 'report', title: t('succession.title') }]} />}
      title={t('succession.title')}
      subtitle={t('succession.subtitle')}
    />
  );
  if (error)
    return (
      <div className="ts-stack">
        {header}
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      </div>
    );
  if (isPending || !data)
    return (
      <div className="ts-stack">
        {header}
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );

  return (
    <div className="ts-stack">
      {header}
      <SourcesCard report={data} />
      <Row gutter={[16, 16]} data-testid="succession-stats">
        {DATABASE_COUNTS.map((key) => (
          <Col key={key} xs={12} xl={6}>
            <Card className="ts-card ts-stat-card">
              <Statistic data-testid={`succession-stat-${key}`} title={t(`succession.database.${key}`)} value={data.database[key]} formatter={(v) => formatNumber(Number(v), lang)} />
            </Card>
          </Col>
        ))}
      </Row>
      <UnmappedCard report={data} />
    </div>
  );
}

function SourcesCard({ report }: { report: SuccessionReport }) {
  const { t } = useTranslation();
  // Labels above the values on phones: the sources are long.
  const isMobile = useIsMobile();
  return (
    <Card className="ts-card" title={t('succession.sources')}>
      <Descriptions
        size="small"
        column={1}
        layout={isMobile ? 'vertical' : 'horizontal'}
        className="ts-wrap-descriptions"
        items={[
          { key: 'effectiveDate', label: t('succession.effectiveDate'), children: <Typography.Text strong>{formatDate(report.effectiveDate)}</Typography.Text> },
          { key: 'source', label: t('succession.source'), children: report.source ?? '—' },
          {
            key: 'seedSources',
            label: t('succession.seedSources'),
            children:
              report.seed.sources.length > 0 ? (
                <ul className="ts-plain-list">
                  {report.seed.sources.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              ) : (
                '—'
              ),
          },
          { key: 'appliedAt', label: t('succession.appliedAt'), children: report.seed.appliedAt ? formatDateTime(report.seed.appliedAt) : t('succession.notLoaded') },
        ]}
      />
    </Card>
  );
}

function UnmappedCard({ report }: { report: SuccessionReport }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const keys = [...LISTS.filter((k) => k in report.unmapped), ...Object.keys(report.unmapped).filter((k) => !(LISTS as readonly string[]).includes(k))];
  // The counts recorded when the units were loaded should match the file the server reads now.
  const stale = report.seed.appliedAt !== null && keys.some((k) => k in report.seed.unmappedCounts && report.seed.unmappedCounts[k] !== report.unmapped[k].count);
  const items: CollapseProps['items'] = keys.map((key) => {
    const list = report.unmapped[key];
    return {
      key,
      label: (
        <div className="ts-collapse-label">
          <span className="ts-strong">{t(`succession.lists.${key}.title`, { defaultValue: key })}</span>
          <Typography.Text type="secondary" className="ts-small">
            {t(`succession.lists.${key}.help`, { defaultValue: '' })}
          </Typography.Text>
        </div>
      ),
      extra: (
        <Tag color={list.count > 0 ? 'orange' : 'green'} className="ts-count-tag" aria-label={t('succession.entries', { count: list.count, n: formatNumber(list.count, lang) })}>
          {formatNumber(list.count, lang)}
        </Tag>
      ),
      children: <UnmappedTable items={list.items} />,
    };
  });
  return (
    <Card className="ts-card" title={t('succession.unmappedTitle')} data-testid="succession-unmapped">
      <Typography.Paragraph type="secondary" className="ts-small">
        {t('succession.unmappedHelp')}
      </Typography.Paragraph>
      {stale ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('succession.stale')} /> : null}
      {report.seed.appliedAt === null ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('succession.notLoadedHelp')} /> : null}
      <Collapse items={items} className="ts-succession-lists" />
    </Card>
  );
}

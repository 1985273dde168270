// Reports of capital and disbursement (menu "Công trình đầu tư" → "Báo cáo"): by project
// or by province for a year and a unit, each row with works, those completed and those
// behind, allocated, committed, disbursed, the rate against the plan to date; the total
// pinned on top; "Tải Excel" downloads the same report. Choices live in the URL.
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Segmented, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { UnitSelect } from '../units/UnitSelect';
import { getReport, investmentKeys, type InvestmentReport, reportXlsxUrl, vnYear } from './api';
import { RateVsPlan } from './parts';
import './investments.css';

type Row = InvestmentReport['total'];

export function InvestmentReportsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const by = params.get('by') === 'province' ? 'province' : 'project';
  const year = Number(params.get('year')) || vnYear();
  const unit = params.get('unit');
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const data = useQuery({ queryKey: investmentKeys.report(by, year, unit), queryFn: ({ signal }) => getReport(by, year, unit, signal) });
  const n = (v: number) => formatNumber(v, lang, 1);
  const count = (v: number) => formatNumber(v, lang);
  const columns = [
    { key: 'name', title: by === 'project' ? t('investments.reports.project') : t('investments.reports.province'), render: (_: unknown, r: Row) => (r.code ? `${r.code} — ${r.name}` : r.name), width: isMobile ? 200 : undefined },
    { key: 'works', title: t('investments.worksCount'), align: 'right' as const, width: 90, render: (_: unknown, r: Row) => count(r.works) },
    { key: 'completed', title: t('investments.reports.completed'), align: 'right' as const, width: 100, render: (_: unknown, r: Row) => count(r.completed) },
    { key: 'behind', title: t('investments.reports.worksBehind'), align: 'right' as const, width: 110, render: (_: unknown, r: Row) => count(r.worksBehind) },
    { key: 'allocated', title: t('investments.allocated'), align: 'right' as const, width: 130, render: (_: unknown, r: Row) => n(r.allocated) },
    { key: 'committed', title: t('investments.committed'), align: 'right' as const, width: 130, render: (_: unknown, r: Row) => n(r.committed) },
    { key: 'disbursed', title: t('investments.disbursed'), align: 'right' as const, width: 130, render: (_: unknown, r: Row) => n(r.disbursed) },
    { key: 'rate', title: t('investments.rateVsPlan'), width: 220, render: (_: unknown, r: Row) => <RateVsPlan figures={r} /> },
  ];
  const years = Array.from({ length: 7 }, (_, i) => vnYear() - 4 + i);
  return (
    <div className="ts-page ts-investments">
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to="/investments">{t('investments.title')}</Link> }, { title: t('investments.reports.nav') }]} />}
        title={t('investments.reports.title')}
        subtitle={data.data ? t('investments.reports.subtitle', { unit: data.data.unit.name, date: formatDate(data.data.asOf) }) : undefined}
        extra={
          <a href={reportXlsxUrl(by, year, unit)} download data-testid="investments-report-xlsx">
            <Button icon={<DownloadOutlined />}>{t('investments.reports.excel')}</Button>
          </a>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Segmented value={by} onChange={(v) => set('by', String(v))} options={[{ value: 'project', label: t('investments.reports.byProject') }, { value: 'province', label: t('investments.reports.byProvince') }]} data-testid="investments-report-by" />
          <Select value={year} onChange={(v) => set('year', String(v))} options={years.map((y) => ({ value: y, label: t('investments.yearN', { year: y }) }))} style={{ width: 120 }} />
          <div style={{ width: isMobile ? '100%' : 280 }}>
            <UnitSelect value={unit ?? undefined} onChange={(v) => set('unit', v ?? null)} placeholder={t('investments.reports.unitPlaceholder')} />
          </div>
        </Space>
      </Card>
      {data.error ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <Table<Row>
        rowKey="key"
        size="middle"
        loading={data.isLoading}
        columns={columns}
        dataSource={data.data?.rows ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="investments-report-table"
        summary={() =>
          data.data ? (
            <Table.Summary fixed="top">
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                {columns.map((c, i) => (
                  <Table.Summary.Cell key={c.key} index={i} align={c.align}>
                    {c.render(null, data.data.total)}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('investments.reports.note')}
      </Typography.Paragraph>
    </div>
  );
}

// Consolidated report (báo cáo tổng hợp): for a form and a period (the form's own period
// type or a coarser one), the chosen unit's total pinned under the headers and one row
// per child unit; a child with units below opens them (drill down), the breadcrumb goes
// back up. Columns are the form's elements grouped under their sections, or, with
// "details by disaggregation", one column per option combo and the total. The 2025 or the
// pre-2025 hierarchy, all data or approved only. Everything chosen lives in the URL;
// "Tải Excel" downloads the same report as a workbook; "Tải Word" makes the official
// document (Decree 30/2020 layout, a unit's template, or PDF) and records it in the register.
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Empty, Segmented, Select, Space, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { periodLabel, periodTypeLabel, type PeriodType } from '@shared/engine/periods.ts';
import type { formListResponse } from '@shared/schemas/forms.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../lib/api';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { entryKeys, getForm } from '../data-entry/api';
import { GenerateDocumentButton } from '../documents/GenerateDocument';
import { getReport, getRoots, reportKeys, xlsxUrl, type HierarchyView, type ReportQuery, type ReportRow } from './api';
import { cellValue, convertPeriod, formatFigure, periodChoices, periodTypesFor, reportColumns, typeOfPeriod, type LeafColumn } from './report-model';
import './reports.css';

type FormList = z.infer<typeof formListResponse>;
const HEADER_HEIGHT = 64;

export function ReportsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();

  const forms = useQuery({ queryKey: ['forms', 'list'], queryFn: ({ signal }) => api.get<FormList>('/api/forms', { signal }) });
  const formId = params.get('form') ?? forms.data?.items[0]?.id ?? null;
  const formSummary = forms.data?.items.find((f) => f.id === formId) ?? null;
  const form = useQuery({ queryKey: entryKeys.form(formId ?? ''), queryFn: ({ signal }) => getForm(formId!, signal), enabled: Boolean(formId) });

  const view: HierarchyView = params.get('view') === 'pre2025' ? 'pre2025' : '2025';
  const approvedOnly = params.get('approved') === '1';
  const disaggregate = params.get('detail') === '1';

  // Period: the form's type or a coarser one; by default the form's last completed period.
  const now = useMemo(() => new Date(), []);
  const types = useMemo(() => (formSummary ? periodTypesFor(formSummary.periodType) : []), [formSummary]);
  const asked = params.get('period');
  const askedType = asked ? typeOfPeriod(asked) : null;
  const period = formSummary
    ? asked && askedType && types.includes(askedType)
      ? asked
      : periodChoices(formSummary.periodType, now, null)[1]
    : null;
  const periodType: PeriodType | null = period ? typeOfPeriod(period) : null;
  const periods = useMemo(() => (periodType ? periodChoices(periodType, now, period) : []), [periodType, now, period]);

  // Unit: from the URL, else the caller's first unit in the hierarchy being viewed.
  const roots = useQuery({ queryKey: reportKeys.roots(view), queryFn: ({ signal }) => getRoots(view, signal) });
  const unitId = params.get('unit') ?? roots.data?.items[0]?.id ?? null;

  const query: ReportQuery | null = formId && period && unitId ? { formId, unitId, period, view, approvedOnly, disaggregate } : null;
  const report = useQuery({
    queryKey: query ? reportKeys.report(query) : ['reports', 'none'],
    queryFn: ({ signal }) => getReport(query!, signal),
    enabled: Boolean(query),
    placeholderData: (prev) => prev,
  });

  const update = (changes: Record<string, string | null>, push = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    // Drilling down is a navigation (Back goes up again); changing pickers is not.
    setParams(next, { replace: !push });
    if ('unit' in changes) window.scrollTo({ top: 0 });
  };

  const switchView = async (next: HierarchyView) => {
    const list = await qc.fetchQuery({ queryKey: reportKeys.roots(next), queryFn: ({ signal }) => getRoots(next, signal) });
    update({ view: next === '2025' ? null : next, unit: list.items[0]?.id ?? null }, true);
  };

  const data = report.data;
  // The columns follow the data shown (while the next report loads, the previous one stays).
  const shownDetail = Boolean(data?.rows[0]?.byCoc);
  const sections = useMemo(
    () => (form.data && data ? reportColumns(form.data, data.elements, shownDetail, lang, t('reports.total')) : []),
    [form.data, data, shownDetail, lang, t],
  );
  const leaves = useMemo(() => sections.flatMap((s) => s.elements.flatMap((e) => e.leaves)), [sections]);
  const totalRow = data?.rows.find((r) => r.total) ?? null;
  const children = useMemo(() => data?.rows.filter((r) => !r.total) ?? [], [data]);

  const unitWidth = isMobile ? 150 : 260;
  const leafWidth = (leaf: LeafColumn) => (leaf.cocId === null && !shownDetail ? (isMobile ? 104 : 128) : isMobile ? 88 : 100);

  const unitLabel = (r: ReportRow) => (
    <span className="rp-unit">
      {r.unit.name}
      {r.unit.validTo ? (
        <span className="rp-old" data-testid="report-old-tag">
          {t('reports.pre2025')}
        </span>
      ) : null}
    </span>
  );

  const columns: ColumnsType<ReportRow> = useMemo(() => {
    const leafColumn = (leaf: LeafColumn, title: React.ReactNode) => ({
      key: leaf.key,
      title,
      align: 'right' as const,
      width: leafWidth(leaf),
      onHeaderCell: () => ({ className: 'rp-leaf-head' }),
      render: (_: unknown, r: ReportRow) => {
        const text = formatFigure(cellValue(r, leaf), leaf, lang);
        return <span className={text === '–' ? 'rp-empty' : undefined}>{text}</span>;
      },
    });
    return [
      {
        key: 'unit',
        title: t('reports.unit'),
        fixed: 'left' as const,
        width: unitWidth,
        render: (_: unknown, r: ReportRow) =>
          r.unit.hasChildren ? (
            <a data-testid={`report-open-${r.unit.code}`} onClick={() => update({ unit: r.unit.id }, true)}>
              {unitLabel(r)}
            </a>
          ) : (
            unitLabel(r)
          ),
      },
      ...sections.map((s) => ({
        key: `s-${s.id}`,
        title: <span className="rp-section">{s.title}</span>,
        onHeaderCell: () => ({ className: 'rp-section-head' }),
        children: s.elements.map((e) => {
          // A native tooltip: one per column costs nothing to render.
          const title = (
            <span className="rp-element" data-testid={`report-head-${e.code}`} title={`${e.code} · ${t(`reports.aggregation.${e.aggregationType}`)}${e.unitOfMeasure ? ` · ${e.unitOfMeasure}` : ''}`}>
              {e.title}
            </span>
          );
          return e.leaves.length === 1
            ? leafColumn(e.leaves[0], title)
            : { key: `e-${e.elementId}`, title, onHeaderCell: () => ({ className: 'rp-group-head' }), children: e.leaves.map((l) => leafColumn(l, <span data-testid={l.cocId === null ? 'report-coc-total' : 'report-coc'}>{l.title}</span>)) };
        }),
      })),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sections, lang, t, isMobile, shownDetail, params]);

  const scrollX = unitWidth + leaves.reduce((sum, l) => sum + leafWidth(l), 0);

  const breadcrumb =
    data && data.path.length > 0 ? (
      <Breadcrumb
        data-testid="report-path"
        items={[
          ...data.path.map((p) => ({ key: p.id, title: <a onClick={() => update({ unit: p.id }, true)}>{p.name}</a> })),
          { key: data.unit.id, title: data.unit.name },
        ]}
      />
    ) : undefined;

  const noRoots = roots.data && roots.data.items.length === 0 && !params.get('unit');

  return (
    <div className="rp-page" style={{ '--rp-unit-w': `${unitWidth}px` } as React.CSSProperties}>
      <PageHeader
        title={t('reports.title')}
        subtitle={t('reports.subtitle')}
        breadcrumb={breadcrumb}
        extra={
          query ? (
            <Space wrap>
              <GenerateDocumentButton source={{ kind: 'consolidated', query }} disabled={!data || report.isError} />
              <Button icon={<DownloadOutlined />} href={xlsxUrl(query)} download data-testid="report-download" disabled={!data || report.isError}>
                {t('reports.download')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Card size="small" className="rp-controls">
        <Space wrap size={[12, 8]} align="center">
          <Select
            className="rp-form-select"
            style={isMobile ? { width: 'calc(100vw - 56px)' } : { minWidth: 380 }}
            loading={forms.isLoading}
            value={formId ?? undefined}
            placeholder={t('reports.form')}
            aria-label={t('reports.form')}
            data-testid="report-form"
            options={(forms.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.code} — ${lang === 'en' ? (f.nameEn ?? f.nameVi) : f.nameVi}` }))}
            onChange={(v: string) => update({ form: v, period: null })}
          />
          <Select
            style={{ minWidth: 110 }}
            value={periodType ?? undefined}
            aria-label={t('reports.periodType')}
            data-testid="report-period-type"
            options={types.map((ty) => ({ value: ty, label: periodTypeLabel(ty, lang) }))}
            onChange={(ty: PeriodType) => period && update({ period: convertPeriod(period, ty) })}
          />
          <Select
            style={{ minWidth: 200 }}
            value={period ?? undefined}
            aria-label={t('reports.period')}
            data-testid="report-period"
            options={periods.map((p) => ({ value: p, label: periodLabel(p, lang) }))}
            onChange={(v: string) => update({ period: v })}
          />
          <Segmented<HierarchyView>
            size={isMobile ? 'small' : 'middle'}
            aria-label={t('reports.hierarchy')}
            data-testid="report-view"
            value={view}
            options={[
              { value: '2025', label: <span data-testid="report-view-2025">{t('reports.view2025')}</span> },
              { value: 'pre2025', label: <span data-testid="report-view-pre2025">{t('reports.viewPre2025')}</span> },
            ]}
            onChange={(v) => void switchView(v)}
          />
          <label className="rp-switch">
            <Switch size="small" checked={approvedOnly} data-testid="report-approved" onChange={(on) => update({ approved: on ? '1' : null })} />
            {t('reports.approvedOnly')}
          </label>
          <label className="rp-switch">
            <Switch size="small" checked={disaggregate} data-testid="report-detail" onChange={(on) => update({ detail: on ? '1' : null })} />
            {t('reports.disaggregate')}
          </label>
        </Space>
      </Card>
      <ErrorAlert error={forms.error ?? form.error ?? roots.error ?? report.error} onRetry={() => void report.refetch()} style={{ marginBottom: 12 }} />
      {noRoots ? (
        <Empty description={t('reports.noRoots')} />
      ) : !formId || !period ? (
        <Empty description={t('reports.pickForm')} />
      ) : report.isError ? null : (
        <>
          {data ? (
            <Typography.Paragraph type="secondary" className="rp-caption" data-testid="report-caption">
              {data.unit.name} · {periodLabel(data.period, lang)} · {data.view === '2025' ? t('reports.view2025') : t('reports.viewPre2025')}
              {data.approvedOnly ? ` · ${t('reports.approvedOnly')}` : ''}
            </Typography.Paragraph>
          ) : null}
          <Table<ReportRow>
            className="rp-table"
            rowKey={(r) => r.unit.id}
            size="small"
            bordered
            loading={report.isFetching || form.isLoading}
            dataSource={children}
            columns={columns}
            sticky={{ offsetHeader: HEADER_HEIGHT }}
            scroll={{ x: scrollX }}
            pagination={false}
            data-testid="report-table"
            locale={{ emptyText: <Empty description={data && sections.length === 0 ? t('reports.noElements') : t('reports.noChildren')} /> }}
            onRow={(r) => ({ 'data-testid': `report-row-${r.unit.code}` }) as React.HTMLAttributes<HTMLElement>}
            summary={() =>
              totalRow ? (
                <Table.Summary fixed="top">
                  <Table.Summary.Row className="rp-total" data-testid="report-total">
                    <Table.Summary.Cell index={0} className="rp-total-unit">
                      {t('reports.totalRow')}: {totalRow.unit.name}
                    </Table.Summary.Cell>
                    {leaves.map((leaf, i) => (
                      <Table.Summary.Cell key={leaf.key} index={i + 1} align="right">
                        <span data-testid={`report-total-${leaf.key}`}>{formatFigure(cellValue(totalRow, leaf), leaf, lang)}</span>
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        </>
      )}
    </div>
  );
}

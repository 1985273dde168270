// Data Visualizer ("Phân tích"): pick data, periods, units and categories; lay the
// dimensions out in rows, columns and filters by dragging; read the answer as a pivot
// table (server totals and subtotals, cells coloured against targets, sort, hide empty
// rows, drill down from a unit to its children) or as a chart; download the XLSX laid out
// as the pivot, a CSV, or the chart as PNG; save it as a favourite. Everything chosen is
// in the URL, so a view can be bookmarked and sent to a colleague.
import { FileExcelOutlined, FileImageOutlined, FileTextOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Empty, Row, Segmented, Select, Space, Spin, Switch, Typography } from 'antd';
import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { analyticsKeys, exportUrl, listCategories, queryAnalytics, type AnalyticsResponse } from './api';
import { dimensionsOf, drillDown, drilledUnit, drillTo, normalizeLayout, parseState, stateParams, toRequest, type VisualizerState } from './analytics-state';
import { CHART_TYPES, type ChartType } from './chart-options';
import type { EChartsInstance } from './EChart';
import { useChartLabels } from './labels';
import { LazyChartView } from './LazyChartView';
import { FavouritesBar } from './FavouritesBar';
import { LayoutPanel } from './LayoutPanel';
import { CategoryPicker, DataPicker, PeriodPicker, UnitPicker } from './Pickers';
import { buildPivot, itemName } from './pivot-model';
import { PivotTable } from './PivotTable';
import './analytics.css';

export function AnalyticsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseState(params), [params]);
  const labels = useChartLabels();
  const chartRef = useRef<EChartsInstance | null>(null);

  /** Drilling down and opening a favourite are navigations (Back returns); picker changes replace. */
  const update = useCallback(
    (next: Partial<VisualizerState> | ((s: VisualizerState) => VisualizerState), push = false) => {
      const s = typeof next === 'function' ? next(state) : { ...state, ...next };
      const layout = normalizeLayout(s.layout, dimensionsOf(s));
      setParams(stateParams({ ...s, layout }), { replace: !push });
    },
    [state, setParams],
  );

  const request = useMemo(() => toRequest(state, state.view === 'chart'), [state]);
  const ready = state.dx.length > 0 && state.pe.length > 0 && state.ou.length > 0;
  const result = useQuery({
    queryKey: analyticsKeys.query(request),
    queryFn: ({ signal }) => queryAnalytics(request, signal),
    enabled: ready,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const data: AnalyticsResponse | undefined = ready ? result.data : undefined;
  const categories = useQuery({ queryKey: analyticsKeys.categories, queryFn: ({ signal }) => listCategories(signal), staleTime: 5 * 60_000 });

  const matrix = useMemo(
    () => (data && state.view === 'table' ? buildPivot(data, { lang, labels, hideEmptyRows: state.hideEmptyRows, sort: state.sort ? { column: state.sort.by, dir: state.sort.direction } : null }) : null),
    [data, state.view, state.hideEmptyRows, state.sort, lang, labels],
  );

  const dimNames = useMemo(() => {
    const names: Record<string, string> = { dx: labels.dx, pe: labels.pe, ou: labels.ou };
    for (const c of state.categories) {
      const known = categories.data?.items.find((x) => x.code === c.code);
      names[c.code] = data?.metaData.categories[c.code]?.name ?? (known ? (lang === 'en' ? (known.nameEn ?? known.nameVi) : known.nameVi) : c.code);
    }
    return names;
  }, [state.categories, categories.data, data, labels, lang]);

  // Units by id for the pickers: those in the answer and their ancestors.
  const unitNames = useMemo(() => {
    const names: Record<string, string> = {};
    for (const [id, u] of Object.entries(data?.metaData.ou ?? {})) {
      names[id] = u.name;
      for (const p of u.path) names[p.id] ??= p.name;
    }
    return names;
  }, [data]);

  // Drill-down breadcrumb: the original choice, the ancestors, the unit whose children show.
  const drilled = drilledUnit(state);
  const breadcrumb = useMemo(() => {
    if (!drilled || !data) return null;
    const firstChild = data.metaData.dimensions.ou?.map((id) => data.metaData.ou[id]).find(Boolean);
    const path = firstChild?.path ?? [];
    const at = path.findIndex((p) => p.id === drilled);
    const above = at >= 0 ? path.slice(0, at) : path;
    const name = data.metaData.ou[drilled]?.name ?? (at >= 0 ? path[at].name : drilled);
    return (
      <Breadcrumb
        data-testid="drill-path"
        className="an-drill-path"
        items={[
          { key: 'start', title: <a onClick={() => update((s) => drillTo(s, null), true)}>{t('analytics.drillStart')}</a> },
          ...above.map((p) => ({ key: p.id, title: <a onClick={() => update((s) => drillTo(s, p.id), true)}>{p.name}</a> })),
          { key: drilled, title: name },
        ]}
      />
    );
  }, [drilled, data, update, t]);

  // The filter dimensions, said in words above the result.
  const filterText = useMemo(() => {
    if (!data) return null;
    return data.request.filters
      .map((d) => {
        const items = data.metaData.dimensions[d] ?? [];
        const names = items.slice(0, 4).map((i) => itemName(d, i, data.metaData, lang, labels));
        return `${dimNames[d] ?? d}: ${names.join(', ')}${items.length > 4 ? ` (+${items.length - 4})` : ''}`;
      })
      .join(' · ');
  }, [data, dimNames, lang, labels]);

  const chartTypeOptions = CHART_TYPES.map((c) => ({ value: c, label: t(`analytics.chartTypes.${c}`) }));
  const exportRequest = toRequest(state, false);
  const canExport = ready && Boolean(data) && !result.isError;

  return (
    <div className="an-page">
      <PageHeader
        title={t('analytics.title')}
        subtitle={t('analytics.subtitle')}
        extra={<FavouritesBar state={state} onOpen={(s) => update(() => s, true)} onSaved={(id) => update({ favourite: id })} />}
      />
      <Card size="small" className="an-controls">
        <Row gutter={[16, 12]}>
          <Col xs={24} lg={12}>
            <div className="an-field-label">{t('analytics.dims.dx')}</div>
            <DataPicker value={state.dx} onChange={(dx) => update({ dx })} lang={lang} />
          </Col>
          <Col xs={24} lg={12}>
            <div className="an-field-label">{t('analytics.dims.pe')}</div>
            <PeriodPicker value={state.pe} onChange={(pe) => update({ pe })} lang={lang} />
          </Col>
          <Col xs={24} lg={12}>
            <div className="an-field-label">{t('analytics.dims.ou')}</div>
            <UnitPicker value={state.ou} hierarchy={state.hierarchy} names={unitNames} onChange={(ou) => update({ ou, drillFrom: null, sort: null })} />
          </Col>
          <Col xs={24} lg={12}>
            <div className="an-field-label">{t('analytics.categories')}</div>
            <CategoryPicker value={state.categories.map((c) => c.code)} onChange={(codes) => update({ categories: codes.map((code) => state.categories.find((c) => c.code === code) ?? { code }) })} lang={lang} />
            <Space wrap size={[12, 8]} className="an-switches">
              <Segmented<'2025' | 'pre2025'>
                size="small"
                value={state.hierarchy}
                aria-label={t('reports.hierarchy')}
                data-testid="an-hierarchy"
                options={[
                  { value: '2025', label: t('reports.view2025') },
                  { value: 'pre2025', label: t('reports.viewPre2025') },
                ]}
                onChange={(h) => {
                  // Unit ids belong to one hierarchy; the symbolic choices carry over.
                  const kept = state.ou.filter((o) => /^(USER_ORGUNIT|USER_ORGUNIT_CHILDREN|LEVEL-|GROUP-)/.test(o));
                  update({ hierarchy: h, ou: kept.length > 0 ? kept : ['USER_ORGUNIT_CHILDREN'], drillFrom: null, sort: null });
                }}
              />
              <label className="an-switch">
                <Switch size="small" checked={state.approvedOnly} onChange={(on) => update({ approvedOnly: on })} data-testid="an-approved" />
                {t('reports.approvedOnly')}
              </label>
            </Space>
          </Col>
          <Col span={24}>
            <LayoutPanel layout={state.layout} names={dimNames} onChange={(layout) => update({ layout, sort: null })} />
            {state.view === 'chart' ? <Typography.Text type="secondary" className="an-hint">{t('analytics.chartLayoutHint')}</Typography.Text> : null}
          </Col>
        </Row>
      </Card>

      <div className="an-toolbar">
        <Segmented<'table' | 'chart'>
          value={state.view}
          data-testid="an-view"
          options={[
            { value: 'table', label: <span data-testid="an-view-table">{t('analytics.viewTable')}</span> },
            { value: 'chart', label: <span data-testid="an-view-chart">{t('analytics.viewChart')}</span> },
          ]}
          onChange={(view) => update({ view })}
        />
        {state.view === 'table' ? (
          <label className="an-switch">
            <Switch size="small" checked={state.showTotals} onChange={(on) => update({ showTotals: on })} data-testid="an-totals" />
            {t('analytics.showTotals')}
          </label>
        ) : (
          <Select<ChartType> value={state.chartType} options={chartTypeOptions} onChange={(chartType) => update({ chartType })} style={{ minWidth: 190 }} aria-label={t('analytics.chartType')} data-testid="an-chart-type" />
        )}
        <label className="an-switch">
          <Switch size="small" checked={state.hideEmptyRows} onChange={(on) => update({ hideEmptyRows: on })} data-testid="an-hide-empty" />
          {t('analytics.hideEmptyRows')}
        </label>
        <div className="an-toolbar-spacer" />
        <Space wrap size={8}>
          <Button icon={<FileExcelOutlined />} href={canExport ? exportUrl(exportRequest, 'xlsx', lang) : undefined} disabled={!canExport} download data-testid="an-export-xlsx">
            {isMobile ? 'XLSX' : t('analytics.exportXlsx')}
          </Button>
          <Button icon={<FileTextOutlined />} href={canExport ? exportUrl(exportRequest, 'csv', lang) : undefined} disabled={!canExport} download data-testid="an-export-csv">
            CSV
          </Button>
          {state.view === 'chart' ? (
            <Button icon={<FileImageOutlined />} disabled={!data} onClick={() => void import('./EChart').then((m) => m.downloadPng(chartRef.current, `bieu-do-${state.chartType}`))} data-testid="an-export-png">
              PNG
            </Button>
          ) : null}
        </Space>
      </div>

      {breadcrumb}
      {filterText ? (
        <Typography.Paragraph type="secondary" className="an-caption" data-testid="an-filters">
          {t('analytics.filtersCaption')}: {filterText}
        </Typography.Paragraph>
      ) : null}
      <ErrorAlert error={result.error} onRetry={() => void result.refetch()} style={{ marginBottom: 12 }} />

      {!ready ? (
        <Card>
          <Empty description={state.dx.length === 0 ? t('analytics.pickData') : t('analytics.pickMore')} data-testid="an-empty" />
        </Card>
      ) : !data ? (
        result.isError ? null : (
          <Card>
            <div className="an-loading">
              <Spin />
            </div>
          </Card>
        )
      ) : (
        <Spin spinning={result.isFetching} delay={200}>
          <Card size="small" className="an-result" data-testid="an-result">
            {state.view === 'table' && matrix ? (
              matrix.empty ? (
                <Empty description={t('analytics.noData')} />
              ) : (
                <PivotTable
                  matrix={matrix}
                  meta={data.metaData}
                  labels={labels}
                  lang={lang}
                  compact={isMobile}
                  sort={state.sort}
                  onSort={(sort) => update({ sort })}
                  onDrill={(unitId) => update((s) => drillDown(s, unitId), true)}
                  maxHeight="calc(100vh - 140px)"
                />
              )
            ) : state.view === 'chart' ? (
              <LazyChartView response={data} type={state.chartType} labels={labels} lang={lang} compact={isMobile} hideEmpty={state.hideEmptyRows} height={isMobile ? 360 : 460} chartRef={chartRef} />
            ) : null}
          </Card>
        </Spin>
      )}
    </div>
  );
}

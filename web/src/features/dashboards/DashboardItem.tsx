// One dashboard item. A favourite asks the analytics API on its own (TanStack Query per
// item, a skeleton meanwhile) once it comes into view, so the first items paint without
// waiting for the rest; a pivot shows as a compact table, a chart as ECharts, a map as the
// maps feature's component when it is installed (a table of the same request otherwise);
// text items show their text; the late-units item lists overdue reports.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Skeleton } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AnalyticsRequestInput, AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useUiLanguage } from '../auth/language';
import { analyticsKeys, queryAnalytics } from '../analytics/api';
import { stateParams } from '../analytics/analytics-state';
import { useChartLabels } from '../analytics/labels';
import { isChartType } from '../analytics/chart-options';
import { LazyChartView } from '../analytics/LazyChartView';
import { stateFromFavourite } from '../analytics/favourites';
import { buildPivot } from '../analytics/pivot-model';
import { PivotTable } from '../analytics/PivotTable';
import { AttentionList } from '../completeness/AttentionList';
import { completenessKeys, getAttention } from '../completeness/api';
import type { DashboardItemView } from './api';
import { applyFilters, storedRequest, type DashboardFilters } from './dashboard-model';

/** Starts true once the element has come within 300 px of the viewport. */
function useSeen<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T | null>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (seen || !ref.current) return;
    if (typeof IntersectionObserver === 'undefined') return setSeen(true);
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true), { rootMargin: '300px 0px' });
    io.observe(ref.current);
    return () => io.disconnect();
  }, [seen]);
  return [ref, seen];
}

export function DashboardItemBody({ item, filters, height, compact }: { item: DashboardItemView; filters: DashboardFilters; height: number; compact: boolean }) {
  const { t } = useTranslation();
  if (item.type === 'text') return <div className="db-text" data-testid={`db-text-${item.id}`}>{item.text}</div>;
  if (item.type === 'late_units') return <LateUnits formId={item.formId} unitId={filters.unitId ?? null} />;
  if (!item.visualization) return <Alert type="warning" showIcon message={t('dashboards.itemError')} />;
  return <VisualizationItem item={item} filters={filters} height={height} compact={compact} />;
}

function VisualizationItem({ item, filters, height, compact }: { item: DashboardItemView; filters: DashboardFilters; height: number; compact: boolean }) {
  const viz = item.visualization!;
  const lang = useUiLanguage();
  const labels = useChartLabels();
  const [ref, seen] = useSeen<HTMLDivElement>();
  const request = useMemo(() => applyFilters(storedRequest(viz.config, viz.type), filters), [viz, filters]);
  const result = useQuery({
    queryKey: analyticsKeys.query(request),
    queryFn: ({ signal }) => queryAnalytics(request, signal),
    enabled: seen && request.dx.length > 0,
    staleTime: 60_000,
  });
  const chartType = isChartType(viz.config.options.chartType) ? viz.config.options.chartType : 'column';

  let body: ReactNode;
  if (result.isError) body = <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />;
  else if (!result.data) body = <Skeleton active paragraph={{ rows: Math.max(2, Math.min(8, Math.floor(height / 40))) }} />;
  else if (viz.type === 'chart') body = <LazyChartView response={result.data} type={chartType} labels={labels} lang={lang} height={height} compact testId={`db-chart-${item.id}`} />;
  else if (viz.type === 'map') body = <MapItem request={request} response={result.data} options={viz.config.options} height={height} />;
  else body = <PivotItem response={result.data} options={viz.config.options} height={height} compact={compact} testId={`db-pivot-${item.id}`} />;

  return (
    <div ref={ref} className="db-viz" data-testid={`db-viz-${item.id}`} data-loaded={result.data ? 'true' : 'false'}>
      {body}
    </div>
  );
}

function PivotItem({ response, options, height, compact, testId }: { response: AnalyticsResponse; options: Record<string, unknown>; height: number; compact: boolean; testId: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const labels = useChartLabels();
  const sort = options.sort && typeof options.sort === 'object' ? (options.sort as { by: string; direction: 'asc' | 'desc' }) : null;
  const matrix = useMemo(() => buildPivot(response, { lang, labels, hideEmptyRows: options.hideEmptyRows === true, sort: sort ? { column: sort.by, dir: sort.direction } : null }), [response, lang, labels, options.hideEmptyRows, sort]);
  if (matrix.empty) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analytics.noData')} />;
  return <PivotTable matrix={matrix} meta={response.metaData} labels={labels} lang={lang} compact maxHeight={height} testId={testId} {...(compact ? {} : {})} />;
}

// The maps feature (web/src/features/maps, another branch) plugs in here when present:
// a module `maps/DashboardMap.tsx` exporting `DashboardMap({ request, response, options, height })`.
type DashboardMapProps = { request: AnalyticsRequestInput; response: AnalyticsResponse; options: Record<string, unknown>; height: number };
const mapModules = import.meta.glob<{ DashboardMap: ComponentType<DashboardMapProps> }>('../maps/DashboardMap.tsx');
const mapLoader = Object.values(mapModules)[0];
const DashboardMap = mapLoader ? lazy(async () => ({ default: (await mapLoader()).DashboardMap })) : null;

export function MapItem(props: DashboardMapProps) {
  const { t } = useTranslation();
  if (DashboardMap)
    return (
      <Suspense fallback={<Skeleton active />}>
        <DashboardMap {...props} />
      </Suspense>
    );
  return (
    <div className="db-map-fallback">
      <div className="db-map-note">{t('dashboards.mapPlaceholder')}</div>
      <PivotItem response={props.response} options={{ hideEmptyRows: true }} height={props.height - 28} compact testId="db-map-table" />
    </div>
  );
}

function LateUnits({ formId, unitId }: { formId: string | null; unitId: string | null }) {
  const { t } = useTranslation();
  const [ref, seen] = useSeen<HTMLDivElement>();
  const q = useQuery({
    queryKey: completenessKeys.attention(formId, unitId, 7),
    queryFn: ({ signal }) => getAttention({ formId, unitId, days: 7, limit: 20 }, signal),
    enabled: seen,
    staleTime: 60_000,
  });
  return (
    <div ref={ref} className="db-late" data-testid="db-late-units">
      {q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data ? (
        <Skeleton active />
      ) : (
        <>
          <AttentionList items={q.data.overdue.items} total={q.data.overdue.total} kind="overdue" testId="db-late-list" />
          <Link to="/completeness">
            <Button type="link" size="small" style={{ paddingLeft: 0 }}>
              {t('dashboards.lateUnitsMore')}
            </Button>
          </Link>
        </>
      )}
    </div>
  );
}

/** "Open in the analysis page": the favourite's state in the visualizer's URL, under the dashboard filters. */
export function visualizerLink(item: DashboardItemView, filters: DashboardFilters): string | null {
  const viz = item.visualization;
  if (!viz || viz.type === 'map') return null;
  const s = stateFromFavourite({ id: viz.id, type: viz.type, config: viz.config });
  const r = applyFilters({ dx: s.dx, pe: s.pe, ou: s.ou }, filters);
  return `/analytics?${stateParams({ ...s, pe: r.pe, ou: r.ou }).toString()}`;
}

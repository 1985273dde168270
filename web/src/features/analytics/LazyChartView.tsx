// ECharts is the largest piece of the analysis screens: it loads only when a chart is shown.
import { Skeleton } from 'antd';
import { lazy, Suspense, type ComponentProps } from 'react';
import type { ChartView as ChartViewType } from './ChartView';

const ChartViewLazy = lazy(async () => ({ default: (await import('./ChartView')).ChartView }));

export function LazyChartView(props: ComponentProps<typeof ChartViewType>) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      <ChartViewLazy {...props} />
    </Suspense>
  );
}

// The disbursement curve of a year: the cumulative rate by month (solid) against the
// plan curve (dashed), with the monthly amounts as bars (millions of dong, right axis).
// ECharts, loaded with only the parts it needs.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import type { WorkDetail } from './api';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

export function DisbursementChart({ curve, testId }: { curve: WorkDetail['curve']; testId?: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    const months = curve.map((p) => {
      const [y, m] = p.month.split('-');
      return `${m}/${y!.slice(2)}`;
    });
    const pct = (v: number) => `${formatNumber(v, lang, 1)}${lang === 'vi' ? ' %' : '%'}`;
    chart.setOption({
      animation: false,
      grid: { left: 44, right: 48, top: 40, bottom: 28 },
      legend: { top: 0, type: 'scroll', textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v, lang, 1) : '—'),
      },
      xAxis: { type: 'category', data: months, axisLabel: { fontSize: 11 } },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => pct(v), fontSize: 11 } },
        { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, lang, 0), fontSize: 11 }, splitLine: { show: false } },
      ],
      series: [
        { name: t('investments.chart.amount'), type: 'bar', yAxisIndex: 1, data: curve.map((p) => p.amount), itemStyle: { color: '#a5d8ff' }, barMaxWidth: 18 },
        { name: t('investments.chart.plan'), type: 'line', data: curve.map((p) => p.expected), lineStyle: { type: 'dashed', color: '#868e96' }, itemStyle: { color: '#868e96' }, symbol: 'none' },
        { name: t('investments.chart.rate'), type: 'line', data: curve.map((p) => p.rate), lineStyle: { width: 3, color: '#1971c2' }, itemStyle: { color: '#1971c2' }, connectNulls: false },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [curve, lang, t]);
  return <div ref={el} className="ts-curve" data-testid={testId} role="img" aria-label={t('investments.chart.title')} />;
}

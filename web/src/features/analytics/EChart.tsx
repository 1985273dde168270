// One ECharts canvas: only the chart kinds and components the Data Visualizer uses are
// registered (echarts/core), so the chunk stays small. The chart follows its box's size
// (dashboard items are resized by dragging) and hands its instance out for the PNG.
import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type RefObject } from 'react';
import type { ChartOption } from './chart-options';

echarts.use([BarChart, LineChart, PieChart, GaugeChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type EChartsInstance = echarts.ECharts;

export function EChart({
  option,
  height = 420,
  ariaLabel,
  chartRef,
  testId,
}: {
  option: ChartOption;
  height?: number | string;
  ariaLabel: string;
  chartRef?: RefObject<EChartsInstance | null>;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas', locale: 'EN' });
    chart.current = instance;
    if (chartRef) chartRef.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      if (chartRef) chartRef.current = null;
    };
  }, [chartRef]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', height }} />;
}

/** The chart as a PNG file, on a white background, at twice the screen resolution. */
export function downloadPng(instance: EChartsInstance | null, fileName: string): void {
  if (!instance) return;
  const url = instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName.endsWith('.png') ? fileName : `${fileName}.png`;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

// Charts without React: an analytics answer as categories (the row items) and series
// (the column items) with their targets, and the ECharts option of each chart type —
// column, stacked column, bar, line, area, pie, gauge against the target, single value
// with its trend. Targets are drawn as dashed lines (one flat line when every category
// shares the target, else a line through each category's target). Numbers read the
// Vietnamese way with each data item's decimals. Only types come from ECharts here, so
// this file is tested without a browser.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, GaugeSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { AnalyticsResponse } from '@shared/schemas/analytics.ts';
import type { UiLang } from '../../lib/format';
import {
  axisTuples,
  cellContext,
  decimalsOf,
  dimensionItems,
  formatValue,
  indexValues,
  itemName,
  targetLookup,
  TOTAL,
  tupleKey,
  type PivotLabels,
  type TargetStatus,
} from './pivot-model';
import { targetStatus } from '@shared/schemas/analytics.ts';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GaugeSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export const CHART_TYPES = ['column', 'stacked_column', 'bar', 'line', 'area', 'pie', 'gauge', 'single_value'] as const;
export type ChartType = (typeof CHART_TYPES)[number];
export const isChartType = (v: unknown): v is ChartType => typeof v === 'string' && (CHART_TYPES as readonly string[]).includes(v);

export const STATUS_COLORS: Record<TargetStatus, string> = { meeting: '#389e0d', near: '#d48806', below: '#cf1322' };
const TARGET_COLOR = '#595959';

export interface ChartLabels extends PivotLabels {
  target: string;
}

export interface ChartSeries {
  key: string;
  name: string;
  values: (number | null)[];
  targets: (number | null)[];
  decimals: number;
  direction?: 'higher' | 'lower';
  unitOfMeasure?: string | null;
}

export interface ChartData {
  categories: { key: string; label: string }[];
  series: ChartSeries[];
}

const tupleLabel = (dims: string[], tuple: string[], meta: AnalyticsResponse['metaData'], lang: UiLang, labels: PivotLabels) =>
  tuple.map((item, i) => itemName(dims[i], item, meta, lang, labels)).join(' · ');

/** Row items → categories, column items → series; totals left out (a chart shows the parts); empty categories dropped on request. */
export function chartData(response: AnalyticsResponse, lang: UiLang, labels: PivotLabels, opts: { hideEmpty?: boolean } = {}): ChartData {
  const meta = response.metaData;
  const rowDims = response.request.rows;
  const colDims = response.request.columns;
  const itemsOf = (d: string) => dimensionItems(response, d);
  const index = indexValues(response, rowDims, colDims);
  const none = new Set<string>();
  const rowTuples = axisTuples(rowDims, itemsOf, none);
  const colTuples = axisTuples(colDims, itemsOf, none);
  const fixed: Record<string, string> = {};
  for (const d of response.request.filters) {
    const items = itemsOf(d);
    if (items.length === 1) fixed[d] = items[0];
  }
  const lookup = targetLookup(meta);
  const dims = [...rowDims, ...colDims];
  const categories = rowTuples.map((t) => ({ key: tupleKey(t), label: rowDims.length === 0 ? labels.value : tupleLabel(rowDims, t, meta, lang, labels) }));
  const series = colTuples.map((ct): ChartSeries => {
    const first = cellContext(dims, [...(rowTuples[0] ?? []), ...ct], fixed);
    const dx = first.dx && first.dx !== TOTAL ? meta.dx[first.dx] : undefined;
    const name = colDims.length > 0 ? tupleLabel(colDims, ct, meta, lang, labels) : dx?.name ?? labels.value;
    return {
      key: tupleKey(ct) || 'value',
      name,
      values: rowTuples.map((rt) => index.get(rt, ct)),
      targets: rowTuples.map((rt) => lookup(cellContext(dims, [...rt, ...ct], fixed))?.target ?? null),
      decimals: decimalsOf(first.dx, meta),
      ...(dx?.direction ? { direction: dx.direction } : {}),
      ...(dx ? { unitOfMeasure: dx.unitOfMeasure ?? null } : {}),
    };
  });
  if (!opts.hideEmpty) return { categories, series };
  const keep = categories.map((_, i) => series.some((s) => s.values[i] !== null));
  return {
    categories: categories.filter((_, i) => keep[i]),
    series: series.map((s) => ({ ...s, values: s.values.filter((_, i) => keep[i]), targets: s.targets.filter((_, i) => keep[i]) })),
  };
}

/** A round number at or above x (two significant figures at most): 103,95 → 110. */
export function niceCeil(x: number): number {
  if (x <= 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / step - 1e-9) * step;
}

const maxDecimals = (data: ChartData) => Math.max(0, ...data.series.map((s) => s.decimals));

/** "Chỉ tiêu: 98,0" as one flat line, or a dashed line through each category's target. */
function targetLines(s: ChartSeries, horizontal: boolean, lang: UiLang, labels: ChartLabels): { markLine?: MarkLineComponentOption; line?: LineSeriesOption } {
  const present = s.targets.filter((t): t is number => t !== null);
  if (present.length === 0) return {};
  if (present.every((t) => t === present[0]) && present.length === s.targets.length) {
    return {
      markLine: {
        symbol: 'none',
        silent: true,
        lineStyle: { type: 'dashed', color: TARGET_COLOR, width: 1.5 },
        label: { formatter: `${labels.target}: ${formatValue(present[0], s.decimals, lang)}`, position: 'insideEndTop', color: TARGET_COLOR },
        data: [horizontal ? { xAxis: present[0] } : { yAxis: present[0] }],
      },
    };
  }
  return {
    line: {
      type: 'line',
      name: `${labels.target} · ${s.name}`,
      data: s.targets,
      symbol: 'none',
      step: 'middle',
      lineStyle: { type: 'dashed', color: TARGET_COLOR, width: 1.5 },
      itemStyle: { color: TARGET_COLOR },
      connectNulls: false,
      z: 5,
    },
  };
}

export interface ChartOptionContext {
  lang: UiLang;
  labels: ChartLabels;
  /** Narrow screens: smaller labels, legend at the bottom. */
  compact?: boolean;
}

export function chartOption(type: ChartType, data: ChartData, ctx: ChartOptionContext): ChartOption {
  switch (type) {
    case 'column':
    case 'stacked_column':
    case 'bar':
    case 'line':
    case 'area':
      return axisChart(type, data, ctx);
    case 'pie':
      return pieChart(data, ctx);
    case 'gauge':
      return gaugeChart(data, ctx);
    case 'single_value':
      return sparkline(singleValue(data, ctx.lang), ctx);
    default: {
      const never: never = type;
      throw new Error(`unknown chart type ${String(never)}`);
    }
  }
}

function axisChart(type: 'column' | 'stacked_column' | 'bar' | 'line' | 'area', data: ChartData, ctx: ChartOptionContext): ChartOption {
  const { lang, labels } = ctx;
  const horizontal = type === 'bar';
  const decimals = maxDecimals(data);
  const fmt = (v: unknown) => (typeof v === 'number' ? formatValue(v, decimals, lang) : '–');
  const series: (BarSeriesOption | LineSeriesOption)[] = [];
  const extra: LineSeriesOption[] = [];
  for (const s of data.series) {
    // Stacked columns: a target belongs to the whole, not to one layer.
    const target = type === 'stacked_column' ? {} : targetLines(s, horizontal, lang, labels);
    const common = { name: s.name, data: s.values, ...(target.markLine ? { markLine: target.markLine } : {}) };
    if (type === 'line' || type === 'area') {
      series.push({ ...common, type: 'line', connectNulls: false, symbolSize: 6, ...(type === 'area' ? { areaStyle: { opacity: 0.25 } } : {}) });
    } else {
      series.push({ ...common, type: 'bar', barMaxWidth: 48, ...(type === 'stacked_column' ? { stack: 'total' } : {}) });
    }
    if (target.line) extra.push(target.line);
  }
  const many = data.categories.length > 6;
  const categoryAxis = {
    type: 'category' as const,
    data: data.categories.map((c) => c.label),
    axisLabel: horizontal
      ? { width: ctx.compact ? 90 : 160, overflow: 'truncate' as const }
      : { interval: 0, rotate: many ? 35 : 0, width: many ? 110 : 140, overflow: 'truncate' as const, fontSize: ctx.compact ? 10 : 12 },
    ...(horizontal ? { inverse: true } : {}),
  };
  // ECharts sizes the axis by the data only: make room for a target above every bar.
  // Percentages stop at 100 when nothing goes beyond.
  const topTarget = type === 'stacked_column' ? 0 : Math.max(0, ...data.series.flatMap((s) => s.targets.filter((t): t is number => t !== null)));
  const percent = data.series.length > 0 && data.series.every((s) => s.unitOfMeasure === '%');
  const valueAxis = {
    type: 'value' as const,
    axisLabel: { formatter: (v: number) => formatValue(v, 0, lang) },
    ...(topTarget > 0
      ? { max: (extent: { max: number }) => (extent.max >= topTarget ? undefined : percent && topTarget <= 100 && extent.max <= 100 ? 100 : niceCeil(topTarget * 1.05)) }
      : {}),
  };
  return {
    tooltip: { trigger: 'axis', valueFormatter: fmt, confine: true },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 8, right: 24, top: 28, bottom: 36, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: [...series, ...extra],
  };
}

function pieChart(data: ChartData, ctx: ChartOptionContext): ChartOption {
  const s = data.series[0];
  const decimals = s?.decimals ?? 0;
  return {
    tooltip: { trigger: 'item', valueFormatter: (v) => (typeof v === 'number' ? formatValue(v, decimals, ctx.lang) : '–'), confine: true },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        name: s?.name,
        radius: ctx.compact ? ['30%', '58%'] : ['35%', '65%'],
        center: ['50%', '46%'],
        data: data.categories.flatMap((c, i) => {
          const value = s?.values[i] ?? null;
          return value === null ? [] : [{ name: c.label, value }];
        }),
        label: { formatter: (p: { name: string; percent?: number }) => `${p.name}\n${formatValue(p.percent ?? 0, 1, ctx.lang)} %`, fontSize: ctx.compact ? 10 : 12 },
      },
    ],
  };
}

/** A round maximum above both the value and the target (100 for a percentage). */
export function gaugeMax(value: number, target: number | null, unitOfMeasure?: string | null): number {
  const top = Math.max(value, target ?? 0);
  if (unitOfMeasure === '%' && top <= 100) return 100;
  if (top <= 0) return 1;
  const raw = top * 1.2;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return Math.ceil(raw / magnitude) * magnitude;
}

/**
 * The figure a gauge shows: the latest series (periods across) with a target, the first
 * category having one; without any target, the latest value there is.
 */
export function gaugePoint(data: ChartData): { series: ChartSeries; index: number } | null {
  for (const withTarget of [true, false]) {
    for (let si = data.series.length - 1; si >= 0; si -= 1) {
      const s = data.series[si];
      const i = s.values.findIndex((v, k) => v !== null && (!withTarget || s.targets[k] !== null));
      if (i >= 0) return { series: s, index: i };
    }
  }
  return null;
}

function gaugeChart(data: ChartData, ctx: ChartOptionContext): ChartOption {
  const point = gaugePoint(data);
  const s = point?.series;
  const i = point?.index ?? -1;
  const value = s && i >= 0 ? s.values[i]! : 0;
  const target = s && i >= 0 ? s.targets[i] : null;
  const max = gaugeMax(value, target, s?.unitOfMeasure);
  const direction = s?.direction ?? 'higher';
  // Bands by the target: below, near (within 10 %), meeting — mirrored when lower is better.
  const bands: [number, string][] =
    target === null
      ? [[1, '#0b5c4b']]
      : direction === 'higher'
        ? [
            [Math.min(1, Math.max(0, (target * 0.9) / max)), STATUS_COLORS.below],
            [Math.min(1, Math.max(0, target / max)), STATUS_COLORS.near],
            [1, STATUS_COLORS.meeting],
          ]
        : [
            [Math.min(1, Math.max(0, target / max)), STATUS_COLORS.meeting],
            [Math.min(1, Math.max(0, (target * 1.1) / max)), STATUS_COLORS.near],
            [1, STATUS_COLORS.below],
          ];
  const decimals = s?.decimals ?? 0;
  const title = [s?.name ?? '', data.categories[i]?.label !== ctx.labels.value ? data.categories[i]?.label : undefined].filter(Boolean).join(' · ');
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max,
        radius: '88%',
        center: ['50%', '58%'],
        axisLine: { lineStyle: { width: ctx.compact ? 10 : 18, color: bands } },
        pointer: { width: ctx.compact ? 4 : 5 },
        splitNumber: ctx.compact ? 5 : 10,
        splitLine: { length: ctx.compact ? 6 : 10 },
        axisTick: { show: !ctx.compact, length: 5 },
        axisLabel: { show: !ctx.compact, distance: 24, fontSize: 11, formatter: (v: number) => formatValue(v, 0, ctx.lang) },
        // A dashboard item carries the name in its title bar.
        title: { show: !ctx.compact, offsetCenter: [0, '72%'], fontSize: 13 },
        detail: {
          offsetCenter: [0, ctx.compact ? '62%' : '38%'],
          fontSize: ctx.compact ? 18 : 26,
          fontWeight: 'bold',
          formatter: () => formatValue(value, decimals, ctx.lang) + (target !== null ? `\n{t|${ctx.labels.target}: ${formatValue(target, decimals, ctx.lang)}}` : ''),
          rich: { t: { fontSize: ctx.compact ? 11 : 13, color: TARGET_COLOR, fontWeight: 'normal', padding: [4, 0, 0, 0] } },
        },
        data: [{ value, name: title }],
      },
    ],
  };
}

export interface SingleValue {
  name: string;
  value: number | null;
  text: string;
  previous: number | null;
  /** "+1,2" against the previous period, or null. */
  changeText: string | null;
  change: number | null;
  target: number | null;
  targetText: string | null;
  status: TargetStatus | null;
  trend: { label: string; value: number | null }[];
}

/**
 * The latest value of the first series with its trend over the categories (periods in
 * rows) — or over the series when periods are in columns — and its target status.
 */
export function singleValue(data: ChartData, lang: UiLang = 'vi'): SingleValue {
  const s = data.series[0];
  const byCategory = data.categories.length > 1 || data.series.length === 1;
  const trend = byCategory
    ? data.categories.map((c, i) => ({ label: c.label, value: s?.values[i] ?? null, target: s?.targets[i] ?? null }))
    : data.series.map((x) => ({ label: x.name, value: x.values[0] ?? null, target: x.targets[0] ?? null }));
  const filled = trend.map((p, i) => ({ ...p, i })).filter((p) => p.value !== null);
  const last = filled[filled.length - 1];
  const prev = filled[filled.length - 2];
  const decimals = s?.decimals ?? 0;
  const value = last?.value ?? null;
  const previous = prev?.value ?? null;
  const change = value !== null && previous !== null ? value - previous : null;
  const target = last?.target ?? null;
  return {
    name: byCategory ? (s?.name ?? '') : (data.categories[0]?.label ?? ''),
    value,
    text: formatValue(value, decimals, lang) || '–',
    previous,
    change,
    changeText: change === null ? null : `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatValue(Math.abs(change), decimals, lang)}`,
    target,
    targetText: target === null ? null : formatValue(target, decimals, lang),
    status: value !== null && target !== null && s?.direction ? targetStatus(value, target, s.direction) : null,
    trend: trend.map(({ label, value: v }) => ({ label, value: v })),
  };
}

/** The small trend line under a single value. */
export function sparkline(v: SingleValue, ctx: ChartOptionContext): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (x) => (typeof x === 'number' ? formatValue(x, 2, ctx.lang) : '–'), confine: true },
    grid: { left: 4, right: 4, top: 8, bottom: 4 },
    xAxis: { type: 'category', data: v.trend.map((p) => p.label), show: false, boundaryGap: false },
    yAxis: { type: 'value', show: false, scale: true },
    series: [
      {
        type: 'line',
        data: v.trend.map((p) => p.value),
        symbol: 'circle',
        symbolSize: 5,
        smooth: false,
        areaStyle: { opacity: 0.15 },
        lineStyle: { width: 2 },
        ...(v.target !== null
          ? { markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { type: 'dashed', color: TARGET_COLOR }, data: [{ yAxis: v.target }] } }
          : {}),
      },
    ],
  };
}

/** For tests and the chart's screen reader summary: the series values as they read. */
export function describeSeries(data: ChartData, lang: UiLang): string[] {
  return data.series.map((s) => `${s.name}: ${s.values.map((v, i) => `${data.categories[i]?.label} ${formatValue(v, s.decimals, lang) || '–'}`).join('; ')}`);
}

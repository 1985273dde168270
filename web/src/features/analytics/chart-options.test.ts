import { describe, expect, it } from 'vitest';
import { chartData, chartOption, CHART_TYPES, describeSeries, gaugeMax, gaugePoint, singleValue, type ChartLabels } from './chart-options';
import { sampleResponse } from './fixtures';

const labels: ChartLabels = { total: 'Tổng', grandTotal: 'Tổng cộng', value: 'Giá trị', dx: 'Dữ liệu', pe: 'Kỳ', ou: 'Đơn vị', target: 'Chỉ tiêu' };
const ctx = { lang: 'vi' as const, labels };

/** One indicator: units in rows (categories), periods in columns (series). */
function indicatorByUnitAndPeriod() {
  const r = sampleResponse({ rows: ['ou'], columns: ['pe'], filters: ['dx'] });
  r.request.dx = ['in:TL_BHYT'];
  r.metaData.dimensions.dx = ['in:TL_BHYT'];
  r.rows = [
    { ou: '52', pe: '2025Q1', value: 96.5 },
    { ou: '52', pe: '2025Q2', value: 90.1 },
    { ou: '79', pe: '2025Q1', value: 99.2 },
    { ou: 'TOTAL', pe: '2025Q1', value: 97.8 },
  ];
  return r;
}

describe('chartData', () => {
  it('takes row items as categories and column items as series, without totals', () => {
    const d = chartData(indicatorByUnitAndPeriod(), 'vi', labels);
    expect(d.categories.map((c) => c.label)).toEqual(['Tỉnh Gia Lai', 'Thành phố Hồ Chí Minh']);
    expect(d.series.map((s) => s.name)).toEqual(['Quý 1/2025', 'Quý 2/2025']);
    expect(d.series[0]).toMatchObject({ values: [96.5, 99.2], targets: [98, 98], decimals: 1, direction: 'higher' });
    expect(d.series[1].values).toEqual([90.1, null]);
    expect(describeSeries(d, 'vi')[0]).toBe('Quý 1/2025: Tỉnh Gia Lai 96,5; Thành phố Hồ Chí Minh 99,2');
  });

  it('joins the labels of several column dimensions', () => {
    const d = chartData(sampleResponse({ rows: ['ou'], columns: ['dx', 'pe'] }), 'vi', labels);
    expect(d.series.map((s) => s.name)).toEqual([
      'Tỷ lệ tham gia BHYT · Quý 1/2025',
      'Tỷ lệ tham gia BHYT · Quý 2/2025',
      'Dân số DTTS · Quý 1/2025',
      'Dân số DTTS · Quý 2/2025',
    ]);
    expect(d.series[2].decimals).toBe(0);
  });
});

describe('chartOption', () => {
  const d = chartData(indicatorByUnitAndPeriod(), 'vi', labels);

  it('builds every chart type', () => {
    for (const type of CHART_TYPES) expect(chartOption(type, d, ctx)).toBeTypeOf('object');
  });

  it('draws a shared target as one dashed line with its Vietnamese label', () => {
    const o = chartOption('column', d, ctx) as { series: { type: string; markLine?: { data: unknown[]; label: { formatter: string } }; stack?: string }[] };
    expect(o.series[0].type).toBe('bar');
    expect(o.series[0].markLine?.data).toEqual([{ yAxis: 98 }]);
    expect(o.series[0].markLine?.label.formatter).toBe('Chỉ tiêu: 98,0');
    const bar = chartOption('bar', d, ctx) as { series: { markLine?: { data: unknown[] } }[]; xAxis: { type: string } };
    expect(bar.xAxis.type).toBe('value');
    expect(bar.series[0].markLine?.data).toEqual([{ xAxis: 98 }]);
    const stacked = chartOption('stacked_column', d, ctx) as { series: { stack?: string; markLine?: unknown }[] };
    expect(stacked.series.every((s) => s.stack === 'total' && !s.markLine)).toBe(true);
    const area = chartOption('area', d, ctx) as { series: { type: string; areaStyle?: unknown }[] };
    expect(area.series[0]).toMatchObject({ type: 'line', areaStyle: { opacity: 0.25 } });
  });

  it('draws differing targets as a line through each category', () => {
    const r = indicatorByUnitAndPeriod();
    r.metaData.targets[2].value = 95;
    const o = chartOption('line', chartData(r, 'vi', labels), ctx) as { series: { name: string; data: unknown[]; lineStyle?: { type: string } }[] };
    const line = o.series.find((s) => s.name === 'Chỉ tiêu · Quý 1/2025');
    expect(line?.data).toEqual([98, 95]);
    expect(line?.lineStyle?.type).toBe('dashed');
  });

  it('shows a pie of the first series, leaving out empty parts', () => {
    const o = chartOption('pie', chartData(indicatorByUnitAndPeriod(), 'vi', labels), ctx) as { series: { data: { name: string; value: number }[] }[] };
    expect(o.series[0].data).toEqual([
      { name: 'Tỉnh Gia Lai', value: 96.5 },
      { name: 'Thành phố Hồ Chí Minh', value: 99.2 },
    ]);
  });

  it('colours a gauge by the target, direction-aware', () => {
    const o = chartOption('gauge', d, ctx) as { series: { max: number; axisLine: { lineStyle: { color: [number, string][] } }; data: { value: number }[] }[] };
    expect(o.series[0].max).toBe(100);
    // The latest period with a target: Q2 of Gia Lai.
    expect(o.series[0].data[0].value).toBe(90.1);
    expect(o.series[0].axisLine.lineStyle.color.map((c) => c[0])).toEqual([0.882, 0.98, 1].map((x) => expect.closeTo(x, 5)));
    expect(o.series[0].axisLine.lineStyle.color[0][1]).toBe('#cf1322');
  });
});

describe('chart data details', () => {
  it('drops empty categories on request and makes room for targets', () => {
    const r = indicatorByUnitAndPeriod();
    r.request.ou = ['52', '79', '80'];
    r.metaData.dimensions.ou = ['52', '79', '80'];
    expect(chartData(r, 'vi', labels).categories).toHaveLength(3);
    const d = chartData(r, 'vi', labels, { hideEmpty: true });
    expect(d.categories.map((c) => c.label)).toEqual(['Tỉnh Gia Lai', 'Thành phố Hồ Chí Minh']);
    expect(d.series[0].targets).toEqual([98, 98]);
    const o = chartOption('column', d, ctx) as { yAxis: { max?: (e: { max: number }) => number | undefined } };
    // A percentage with a 98 % target: the axis goes to 100.
    expect(o.yAxis.max?.({ max: 50 })).toBe(100);
    expect(o.yAxis.max?.({ max: 120 })).toBeUndefined();
    d.series.forEach((s) => (s.unitOfMeasure = 'hộ'));
    const raw = chartOption('column', d, ctx) as { yAxis: { max?: (e: { max: number }) => number | undefined } };
    expect(raw.yAxis.max?.({ max: 50 })).toBe(110);
  });
});

describe('gaugePoint', () => {
  it('prefers the latest period with a target', () => {
    const d = chartData(indicatorByUnitAndPeriod(), 'vi', labels);
    d.series[1].targets = [null, 98];
    d.series[1].values = [90.1, 97];
    expect(gaugePoint(d)).toMatchObject({ series: { name: 'Quý 2/2025' }, index: 1 });
    d.series.forEach((s) => (s.targets = s.targets.map(() => null)));
    expect(gaugePoint(d)).toMatchObject({ series: { name: 'Quý 2/2025' }, index: 0 });
  });
});

describe('gaugeMax', () => {
  it('rounds above the value and the target', () => {
    expect(gaugeMax(96, 98, '%')).toBe(100);
    expect(gaugeMax(1234, 1000, null)).toBe(2000);
    expect(gaugeMax(0, null, null)).toBe(1);
  });
});

describe('single_value', () => {
  it('takes the latest value, its change and its target status', () => {
    // Periods in rows: one unit's trend.
    const r = sampleResponse({ rows: ['pe'], columns: [], filters: ['dx', 'ou'] });
    r.request.dx = ['in:TL_BHYT'];
    r.metaData.dimensions.dx = ['in:TL_BHYT'];
    r.request.ou = ['52'];
    r.metaData.dimensions.ou = ['52'];
    r.rows = [
      { pe: '2025Q1', value: 96.5 },
      { pe: '2025Q2', value: 90.1 },
    ];
    const v = singleValue(chartData(r, 'vi', labels), 'vi');
    expect(v).toMatchObject({ value: 90.1, text: '90,1', previous: 96.5, changeText: '−6,4', target: 98, status: 'near' });
    expect(v.trend.map((p) => p.label)).toEqual(['Quý 1/2025', 'Quý 2/2025']);
  });
});

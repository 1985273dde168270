// The map's pure pieces: classifying values (equal intervals, quantiles, fixed breaks,
// or bands against each unit's target), colours and the legend, bubble sizes, and
// joining analytics rows to boundary features by unit id. No I/O, no MapLibre.
import { targetStatus, type AnalyticsResponse, type TargetStatus } from '@shared/schemas/analytics.ts';
import { formatNumber, type UiLang } from '../../lib/format';

export type ClassMethod = 'equal' | 'quantile' | 'fixed' | 'target';
export const CLASS_METHODS: readonly ClassMethod[] = ['equal', 'quantile', 'fixed', 'target'];

/** Sequential palettes (ColorBrewer YlOrRd / Blues style), light → dark, 3 to 7 classes. */
const PALETTES: Record<'warm' | 'cool', Record<number, string[]>> = {
  warm: {
    3: ['#ffeda0', '#feb24c', '#f03b20'],
    4: ['#ffffb2', '#fecc5c', '#fd8d3c', '#e31a1c'],
    5: ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'],
    6: ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'],
    7: ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#b10026'],
  },
  cool: {
    3: ['#deebf7', '#9ecae1', '#3182bd'],
    4: ['#eff3ff', '#bdd7e7', '#6baed6', '#2171b5'],
    5: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'],
    6: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
    7: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'],
  },
};
export const NO_DATA_COLOR = '#e9ecef';
export const TARGET_COLORS: Record<TargetStatus, string> = { meeting: '#2f9e44', near: '#f59f00', below: '#e03131' };
export const MIN_CLASSES = 3;
export const MAX_CLASSES = 7;

export function palette(classes: number, direction: 'higher' | 'lower' | undefined): string[] {
  const n = Math.min(MAX_CLASSES, Math.max(MIN_CLASSES, classes));
  // Indicators where lower is better (poverty rate) read darker = worse in warm colours.
  return [...PALETTES[direction === 'higher' ? 'cool' : 'warm'][n]!];
}

/**
 * Class breaks: n + 1 ascending numbers, the first the minimum and the last the maximum
 * (fixed: the given inner breaks with the data's extremes around them). Empty when there
 * is no value.
 */
export function classBreaks(values: number[], method: Exclude<ClassMethod, 'target'>, classes: number, fixed: number[] = []): number[] {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const min = v[0]!;
  const max = v[v.length - 1]!;
  if (method === 'fixed') {
    const inner = [...new Set(fixed.filter((x) => Number.isFinite(x)))].sort((a, b) => a - b);
    return [Math.min(min, inner[0] ?? min), ...inner, Math.max(max, inner[inner.length - 1] ?? max)];
  }
  const n = Math.max(1, classes);
  if (min === max) return [min, max];
  if (method === 'equal') return Array.from({ length: n + 1 }, (_, i) => (i === n ? max : min + ((max - min) * i) / n));
  // Quantiles: each class holds about the same number of units; equal neighbours collapse,
  // and there are never more classes than distinct values (two provinces: two classes).
  const q = Math.min(n, new Set(v).size);
  const breaks = [min];
  for (let i = 1; i < q; i++) {
    const pos = (v.length - 1) * (i / q);
    const lo = Math.floor(pos);
    const at = v[lo]! + (v[Math.min(lo + 1, v.length - 1)]! - v[lo]!) * (pos - lo);
    if (at > breaks[breaks.length - 1]!) breaks.push(at);
  }
  if (max > breaks[breaks.length - 1]!) breaks.push(max);
  return breaks;
}

/** The class of a value: 0 … breaks.length - 2; a value on a break goes to the class above it (the last class is closed). */
export function classIndex(value: number, breaks: number[]): number {
  const last = breaks.length - 2;
  if (last < 0) return 0;
  for (let i = 0; i < last; i++) if (value < breaks[i + 1]!) return i;
  return last;
}

export interface LegendItem {
  color: string;
  label: string;
  count: number;
}

/** "1.234,5 – 2.345,6" per class with its colour and how many units fall in it, then "no data". */
export function legendItems(breaks: number[], colors: string[], values: (number | null)[], lang: UiLang, decimals: number, noDataLabel: string): LegendItem[] {
  const items: LegendItem[] = [];
  const fmt = (x: number) => formatNumber(x, lang, decimals);
  for (let i = 0; i + 1 < breaks.length; i++) {
    const count = values.filter((v) => v !== null && classIndex(v, breaks) === i).length;
    const same = breaks[i] === breaks[i + 1];
    items.push({ color: colors[Math.min(i, colors.length - 1)]!, label: same ? fmt(breaks[i]!) : `${fmt(breaks[i]!)} – ${fmt(breaks[i + 1]!)}`, count });
  }
  const missing = values.filter((v) => v === null).length;
  if (missing > 0) items.push({ color: NO_DATA_COLOR, label: noDataLabel, count: missing });
  return items;
}

/** Colours in class order for a method other than "target". */
export function classColors(breaks: number[], classes: number, direction: 'higher' | 'lower' | undefined): string[] {
  const n = Math.max(1, breaks.length - 1);
  const p = palette(Math.max(n, MIN_CLASSES), direction);
  if (n >= p.length) return p;
  // Fewer classes than the palette (quantiles collapsed, or few fixed breaks): spread over it.
  return Array.from({ length: n }, (_, i) => p[Math.round((i * (p.length - 1)) / Math.max(1, n - 1))]!);
}

export interface UnitValue {
  value: number | null;
  target: number | null;
}

/** The value (and target) of each unit for one data item and one period, by unit id. */
export function valuesByUnit(res: AnalyticsResponse | undefined, dx: string, pe: string): Map<string, UnitValue> {
  const out = new Map<string, UnitValue>();
  if (!res) return out;
  for (const row of res.rows) {
    if (row.dx !== dx || row.pe !== pe || typeof row.ou !== 'string' || row.ou === 'TOTAL') continue;
    const value = typeof row.value === 'number' ? row.value : null;
    out.set(row.ou, { value, target: null });
  }
  for (const t of res.metaData.targets) {
    if (t.dx !== dx || t.pe !== pe) continue;
    const cur = out.get(t.ou) ?? { value: null, target: null };
    out.set(t.ou, { ...cur, target: t.value });
  }
  return out;
}

export interface Styled {
  unitId: string;
  value: number | null;
  target: number | null;
  color: string;
  status: TargetStatus | null;
}

export interface Classification {
  styled: Map<string, Styled>;
  legend: LegendItem[];
  breaks: number[];
}

/** Colours every unit of the layer and builds the legend. */
export function classify(
  unitIds: string[],
  values: Map<string, UnitValue>,
  opts: { method: ClassMethod; classes: number; fixed: number[]; direction: 'higher' | 'lower' | undefined; decimals: number; lang: UiLang; labels: { noData: string; noTarget: string; target: Record<TargetStatus, string> } },
): Classification {
  const styled = new Map<string, Styled>();
  const list = unitIds.map((id) => ({ id, ...(values.get(id) ?? { value: null, target: null }) }));
  if (opts.method === 'target') {
    const direction = opts.direction ?? 'higher';
    const counts: Record<TargetStatus | 'none', number> = { meeting: 0, near: 0, below: 0, none: 0 };
    for (const u of list) {
      const status = u.value !== null && u.target !== null ? targetStatus(u.value, u.target, direction) : null;
      counts[status ?? 'none'] += 1;
      styled.set(u.id, { unitId: u.id, value: u.value, target: u.target, status, color: status ? TARGET_COLORS[status] : NO_DATA_COLOR });
    }
    const legend: LegendItem[] = (['meeting', 'near', 'below'] as const).map((s) => ({ color: TARGET_COLORS[s], label: opts.labels.target[s], count: counts[s] }));
    if (counts.none > 0) legend.push({ color: NO_DATA_COLOR, label: opts.labels.noTarget, count: counts.none });
    return { styled, legend, breaks: [] };
  }
  const present = list.flatMap((u) => (u.value === null ? [] : [u.value]));
  const breaks = classBreaks(present, opts.method, opts.classes, opts.fixed);
  const colors = classColors(breaks, opts.classes, opts.direction);
  for (const u of list) {
    styled.set(u.id, { unitId: u.id, value: u.value, target: u.target, status: u.target !== null && u.value !== null ? targetStatus(u.value, u.target, opts.direction ?? 'higher') : null, color: u.value === null ? NO_DATA_COLOR : colors[Math.min(classIndex(u.value, breaks), colors.length - 1)]! });
  }
  return { styled, legend: legendItems(breaks, colors, list.map((u) => u.value), opts.lang, opts.decimals, opts.labels.noData), breaks };
}

/** Bubble radius in pixels: area proportional to the value, the largest MAX px. */
export function bubbleRadius(value: number | null, maxValue: number, max = 28, min = 3): number {
  if (value === null || value <= 0 || maxValue <= 0) return 0;
  return Math.max(min, Math.sqrt(value / maxValue) * max);
}

/** "10; 20,5; 50" (Vietnamese) or "10, 20.5, 50" (English) → numbers; null when a piece is not a number. */
export function parseBreaks(text: string, lang: UiLang): number[] | null {
  const parts = text.split(lang === 'vi' ? /[;\s]+/ : /[;,\s]+/).map((s) => s.trim()).filter(Boolean);
  const out: number[] = [];
  for (const p of parts) {
    const normal = lang === 'vi' ? p.replace(/\./g, '').replace(',', '.') : p.replace(/,/g, '');
    const n = Number(normal);
    if (!Number.isFinite(n)) return null;
    out.push(n);
  }
  return out;
}

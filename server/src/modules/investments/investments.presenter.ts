// What leaves the API about investment works: summaries with the year's figures against
// the plan, the detail with capital lines, the monthly curve and the milestones, files
// (never their bytes), the GeoJSON layer.
import { disbursementRate, expectedShare, milestoneDate, planMonths, sortedMilestones, type PlanMilestone } from '@shared/engine/disbursement.ts';
import { type CapitalKind, type CapitalSource, PROGRESS_COLORS, progressClass, type WorkSummary, type YearFigures, type WorksGeojson } from '@shared/schemas/investments.ts';
import type { CapitalRow, FigureWindow, WorkRow } from './investments.repository.ts';

const num = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The figures' window for a year seen on `today` (Vietnam, yyyy-mm-dd). */
export function windowFor(curve: PlanMilestone[], year: number, today: string): FigureWindow {
  const asOfMonth = today < `${year}-01-01` ? `${year}-01-01` : `${today.slice(0, 7)}-01`;
  return { year, asOfMonth, planShare: expectedShare(curve, year, today) };
}

export function figuresOf(year: number, w: FigureWindow, sums: { allocated: string | number; committed: string | number; disbursed: string | number }): YearFigures {
  const allocated = round3(num(sums.allocated));
  const disbursed = round3(num(sums.disbursed));
  const rate = disbursementRate(allocated, disbursed);
  return { year, allocated, committed: round3(num(sums.committed)), disbursed, rate, planShare: w.planShare, behind: rate !== null && rate < w.planShare };
}

export function presentWorkSummary(row: WorkRow, w: FigureWindow): WorkSummary {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name, provinceName: row.province_name },
    programItem: row.program_item_id ? { id: row.program_item_id, code: row.program_code ?? '', name: row.program_name ?? '' } : null,
    investor: row.investor,
    stage: row.stage,
    progress: num(row.progress),
    startDate: row.start_date,
    finishDate: row.finish_date,
    location: row.lon !== null && row.lat !== null ? [row.lon, row.lat] : null,
    totalInvestment: row.total_investment === null ? null : num(row.total_investment),
    figures: figuresOf(w.year, w, row),
  };
}

export function presentCapital(lines: CapitalRow[], months: { capital_id: string; month: string; amount: string }[]) {
  return lines.map((l) => {
    const own = months.filter((m) => m.capital_id === l.id).map((m) => ({ month: m.month, amount: num(m.amount) }));
    return {
      source: l.source as CapitalSource,
      kind: l.kind as CapitalKind,
      allocated: num(l.allocated),
      committed: num(l.committed),
      disbursed: round3(own.reduce((s, m) => s + m.amount, 0)),
      disbursements: own,
    };
  });
}

/**
 * The curve of a year: each month of the plan (January to the last milestone's month,
 * and any later month holding a disbursement) with the month's amount, the cumulative
 * amount, the rate and the plan's share at the month's end. Months after `today` carry
 * the plan only (rate null) so the chart shows where the plan goes next.
 */
export function presentCurve(curve: PlanMilestone[], year: number, allocated: number, months: { month: string; amount: string }[], today: string) {
  const byMonth = new Map<string, number>();
  for (const m of months) byMonth.set(m.month, (byMonth.get(m.month) ?? 0) + num(m.amount));
  const plan = planMonths(curve, year);
  const extra = [...byMonth.keys()].filter((m) => !plan.some((p) => p.month === m)).sort();
  const all = [...plan, ...extra.map((month) => ({ month, expected: plan[plan.length - 1]?.expected ?? 100 }))];
  let cumulative = 0;
  const thisMonth = today.slice(0, 7);
  return all.map((p) => {
    const amount = round3(byMonth.get(p.month) ?? 0);
    cumulative = round3(cumulative + amount);
    const future = p.month > thisMonth;
    return { month: p.month, amount, cumulative, rate: future ? null : disbursementRate(allocated, cumulative), expected: p.expected };
  });
}

export function presentMilestones(curve: PlanMilestone[], year: number, today: string) {
  return sortedMilestones(curve, year).map((m) => ({ ...m, date: milestoneDate(year, m), passed: milestoneDate(year, m) < today }));
}

export function presentGeojson(rows: (WorkRow & { behind: boolean })[], w: FigureWindow): WorksGeojson {
  return {
    type: 'FeatureCollection',
    year: w.year,
    features: rows.map((r) => {
      const f = figuresOf(w.year, w, r);
      const progress = num(r.progress);
      const cls = progressClass(progress, r.stage);
      return {
        type: 'Feature' as const,
        id: r.id,
        geometry: { type: 'Point' as const, coordinates: [r.lon!, r.lat!] as [number, number] },
        properties: {
          id: r.id,
          code: r.code,
          name: r.name,
          unitName: r.unit_name,
          stage: r.stage,
          progress,
          progressClass: cls,
          color: PROGRESS_COLORS[cls],
          allocated: f.allocated,
          disbursed: f.disbursed,
          rate: f.rate,
          planShare: f.planShare,
          behind: f.behind,
        },
      };
    }),
  };
}

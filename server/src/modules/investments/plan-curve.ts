// The plan curve in force for a capital year: the milestones set for that year, else
// those of the latest earlier year that has some, else the built-in default
// (DEFAULT_PLAN_CURVE of the shared engine, the Ministry of Finance's milestones).
import { DEFAULT_PLAN_CURVE, type PlanMilestone } from '@shared/engine/disbursement.ts';
import type { Db } from '../../platform/db/database.ts';

export interface CurveInForce {
  milestones: PlanMilestone[];
  /** The year whose row applies, null for the default. */
  definedFor: number | null;
}

export async function curvesFor(db: Db, years: number[]): Promise<Map<number, CurveInForce>> {
  const out = new Map<number, CurveInForce>();
  const wanted = [...new Set(years)];
  if (wanted.length === 0) return out;
  const rows = await db.selectFrom('investment_plan_curve').select(['year', 'milestones']).where('year', '<=', Math.max(...wanted)).orderBy('year', 'desc').execute();
  for (const y of wanted) {
    const row = rows.find((r) => r.year <= y);
    out.set(y, row ? { milestones: row.milestones as PlanMilestone[], definedFor: row.year } : { milestones: [...DEFAULT_PLAN_CURVE], definedFor: null });
  }
  return out;
}

export async function curveFor(db: Db, year: number): Promise<CurveInForce> {
  return (await curvesFor(db, [year])).get(year)!;
}

// The indicators an approved report misses (direction-aware), read by both the webhook
// event target.missed (webhooks/events.ts) and the in-app / e-mail alert target.below
// (reminders/target-alerts.ts), inside the approval's transaction.
import { type Kysely, sql } from 'kysely';
import { collectReferences, evaluate, parseExpression, roundHalfAwayFromZero, type ExpressionReference } from '@shared/engine/expression.ts';
import { parsePeriod } from '@shared/engine/periods.ts';
import { elementValueLookup } from '@shared/engine/validation.ts';
import type { Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

export interface MissedTarget {
  indicator: { id: string; code: string; name: string; direction: 'higher' | 'lower' };
  value: number;
  target: number;
  targetPeriod: string;
  targetUnit: { id: string; code: string; name: string };
}

/**
 * The indicators an approved report misses: every indicator whose numerator and
 * denominator read only elements of the form, with a target for the report's period or
 * its year — the unit's own, else the nearest unit above it (a national target applies
 * everywhere) — evaluated by the shared engine on the report's own values (#{DE} sums
 * the element's cells, as validation rules read them) and compared by the indicator's
 * direction: higher-is-better misses below the target, lower-is-better above it.
 */
export async function missedTargets(db: Db, formId: string, unitId: string, period: string): Promise<MissedTarget[]> {
  const year = String(parsePeriod(period).year);
  const candidates = await sql<{
    id: string; code: string; name_vi: string; numerator: string; denominator: string; factor: string; decimals: number; direction: 'higher' | 'lower';
    target: string; target_period: string; target_unit_id: string; target_unit_code: string; target_unit_name: string;
  }>`
    select distinct on (i.id) i.id, i.code, i.name_vi, i.numerator, i.denominator, i.factor::text, i.decimals, i.direction,
      t.value::text as target, t.period as target_period, tu.id as target_unit_id, tu.code as target_unit_code, tu.full_name as target_unit_name
    from target t
    join indicator i on i.id = t.indicator_id
    join org_unit_closure c on c.ancestor_id = t.unit_id and c.descendant_id = ${unitId}
    join org_unit tu on tu.id = t.unit_id
    where t.period in (${period}, ${year})
    order by i.id, c.depth, (t.period = ${period}) desc`.execute(db);
  if (candidates.rows.length === 0) return [];

  const cells = await sql<{ element: string; combo: string; v: string }>`
    select de.code as element, oc.code as combo, dv.numeric_value::text as v
    from data_value dv
    join form_element fe on fe.form_id = ${formId} and fe.data_element_id = dv.data_element_id
    join data_element de on de.id = dv.data_element_id
    join category_option_combo oc on oc.id = dv.coc_id
    where dv.unit_id = ${unitId} and dv.period = ${period} and dv.numeric_value is not null`.execute(db);
  const onForm = await sql<{ code: string }>`
    select de.code from form_element fe join data_element de on de.id = fe.data_element_id where fe.form_id = ${formId}`.execute(db);
  const formElements = new Set(onForm.rows.map((r) => r.code));
  const values = new Map<string, Map<string, number>>();
  for (const c of cells.rows) {
    const m = values.get(c.element) ?? new Map<string, number>();
    m.set(c.combo, Number(c.v));
    values.set(c.element, m);
  }
  const lookup = elementValueLookup(values);

  const missed: MissedTarget[] = [];
  for (const c of candidates.rows) {
    const num = parseExpression(c.numerator, { expect: 'number' });
    const den = parseExpression(c.denominator, { expect: 'number' });
    if (!num.ok || !den.ok) continue;
    const refs: ExpressionReference[] = [...collectReferences(num.ast), ...collectReferences(den.ast)];
    if (refs.length === 0 || !refs.every((r) => formElements.has(r.dataElement))) continue;
    const n = evaluate(num.ast, lookup);
    const d = evaluate(den.ast, lookup);
    if (typeof n !== 'number' || typeof d !== 'number' || d === 0) continue;
    const value = roundHalfAwayFromZero((n / d) * Number(c.factor), c.decimals);
    const target = Number(c.target);
    const miss = c.direction === 'higher' ? value < target : value > target;
    if (!miss) continue;
    missed.push({
      indicator: { id: String(c.id), code: c.code, name: c.name_vi, direction: c.direction },
      value,
      target,
      targetPeriod: c.target_period,
      targetUnit: { id: String(c.target_unit_id), code: c.target_unit_code, name: c.target_unit_name },
    });
  }
  return missed;
}

// Due instants of a form, by the shared engine (Vietnam time, UTC+7): per unit level for
// one period, and the (period, level) pairs that need attention around "now" — started,
// not locked, due before now + days. No date arithmetic of our own.
import type { Selectable } from 'kysely';
import { addPeriods, entryWindow, periodContaining, periodStartInstant, type PeriodType } from '@shared/engine/periods.ts';
import type { FormDueRuleTable, FormTable } from '../../platform/db/schema.ts';
import { dueRuleOf } from '../forms/forms.presenter.ts';
import type { Candidate } from './completeness.repository.ts';

type DueRuleRow = Selectable<FormDueRuleTable>;

export function duesFor(period: string, rules: DueRuleRow[]): { kind: string; dueAt: Date }[] {
  return rules.map((r) => ({ kind: r.unit_kind, dueAt: entryWindow(period, { due: dueRuleOf(r) }).dueAt }));
}

/** Forms without a lock rule look back this far for overdue reports. */
const NO_LOCK_LOOKBACK_MS = 366 * 86_400_000;
const MAX_PERIODS_BACK = 60;

/**
 * The (form, period, level) triples whose reports may be overdue or due soon: the period
 * has started, entry is not locked for the level (forms that never lock: due within the
 * last year), and the due instant is before now + days.
 */
export function attentionCandidates(
  forms: Pick<Selectable<FormTable>, 'id' | 'period_type' | 'lock_days_after_due'>[],
  rules: DueRuleRow[],
  now: Date,
  days: number,
): Candidate[] {
  const until = now.getTime() + days * 86_400_000;
  const out: Candidate[] = [];
  for (const form of forms) {
    const current = periodContaining(form.period_type as PeriodType, now);
    for (const rule of rules.filter((r) => r.form_id === form.id)) {
      for (let i = 0; i < MAX_PERIODS_BACK; i += 1) {
        const period = addPeriods(current, -i);
        if (periodStartInstant(period).getTime() > now.getTime()) continue;
        const w = entryWindow(period, { due: dueRuleOf(rule), lockDaysAfterDue: form.lock_days_after_due });
        // Older periods only lock or fall due earlier: stop at the first one out of reach.
        if (w.locksAt ? w.locksAt.getTime() < now.getTime() : w.dueAt.getTime() < now.getTime() - NO_LOCK_LOOKBACK_MS) break;
        if (w.dueAt.getTime() <= until) out.push({ formId: form.id, period, kind: rule.unit_kind, dueAt: w.dueAt });
      }
    }
  }
  return out;
}

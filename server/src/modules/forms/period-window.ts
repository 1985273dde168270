// A form's entry window for one unit and period: opens, due, locks (by the due rule of
// the unit's level and the lock rule), widened by any unexpired lock exception.
// Computed by the shared engine in Vietnam time; used by the forms and data-values modules.
import type { Selectable } from 'kysely';
import { entryWindow, isOpenForEntry, type EntryStatus } from '@shared/engine/periods.ts';
import type { FormDueRuleTable } from '../../platform/db/schema.ts';
import { dueRuleOf } from './forms.presenter.ts';

export interface PeriodWindow {
  code: string;
  status: EntryStatus;
  opensAt: string;
  dueAt: string;
  locksAt: string | null;
  exceptionUntil: string | null;
}

export function periodWindow(
  period: string,
  dueRule: Selectable<FormDueRuleTable>,
  lockDaysAfterDue: number | null,
  exceptions: { period: string | null; expires_at: Date }[],
  now: Date,
): PeriodWindow {
  const until = exceptions.filter((e) => e.period === null || e.period === period).reduce<Date | null>((m, e) => (m && m > e.expires_at ? m : e.expires_at), null);
  const rules = { due: dueRuleOf(dueRule), lockDaysAfterDue, exceptionUntil: until };
  const w = entryWindow(period, rules);
  return {
    code: period,
    status: isOpenForEntry(period, now, rules),
    opensAt: w.opensAt.toISOString(),
    dueAt: w.dueAt.toISOString(),
    locksAt: w.locksAt?.toISOString() ?? null,
    exceptionUntil: until && w.locksAt && now > w.locksAt ? until.toISOString() : null,
  };
}

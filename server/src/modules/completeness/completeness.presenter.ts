// A completeness row as the API shows it: counts plus the two rates (0–1, 4 decimals).
import type { CompletenessRow } from '@shared/schemas/completeness.ts';
import type { CountRow } from './completeness.repository.ts';

const ratio = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

export function presentRow(r: CountRow): CompletenessRow {
  return {
    unitId: r.row_id,
    unitCode: r.code,
    unitName: r.name,
    unitKind: r.kind,
    hasChildren: r.has_children,
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
    expected: r.expected,
    submitted: r.submitted,
    onTime: r.on_time,
    late: r.late,
    approved: r.approved,
    returned: r.returned,
    notSubmitted: r.expected - r.submitted,
    overdue: r.overdue,
    completeness: ratio(r.submitted, r.expected),
    timeliness: ratio(r.on_time, r.expected),
  };
}

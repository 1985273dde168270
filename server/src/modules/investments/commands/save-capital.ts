// Replacing a work's capital for one year — its lines (source × kind: allocated,
// committed) and each line's monthly disbursements — in one transaction, audited with
// the year's lines before and after. A line left out is removed with its disbursements.
// Checked first: no line disburses more than it was allocated, no month after the
// current one (Vietnam time).
import { vietnamDate } from '@shared/engine/periods.ts';
import { formatNumber } from '@shared/engine/numbers.ts';
import type { CapitalBody } from '@shared/schemas/investments.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { capitalOf } from '../investments.repository.ts';
import { presentCapital } from '../investments.presenter.ts';

const SOURCE_VI = { central: 'ngân sách trung ương', local: 'ngân sách địa phương', other: 'vốn khác' } as const;
const KIND_VI = { development: 'đầu tư phát triển', recurrent: 'sự nghiệp' } as const;

export function checkCapital(body: CapitalBody, now: Date): void {
  const thisMonth = vietnamDate(now).slice(0, 7);
  for (const line of body.lines) {
    const late = line.disbursements.find((d) => d.month > thisMonth);
    if (late) {
      const [y, m] = late.month.split('-');
      throw new AppError('investment_future_month', { month: `${m}/${y}` });
    }
    const disbursed = line.disbursements.reduce((s, d) => s + d.amount, 0);
    if (disbursed > line.allocated + 1e-6) {
      throw new AppError('investment_disbursed_exceeds', { disbursed: formatNumber(disbursed, 'vi'), allocated: formatNumber(line.allocated, 'vi'), source: SOURCE_VI[line.source], kind: KIND_VI[line.kind] });
    }
  }
}

/** Writes the year's lines (used by the route and by the import). */
export async function writeCapitalYear(trx: Kysely<Database>, workId: string, body: CapitalBody): Promise<void> {
  const existing = await trx.selectFrom('investment_capital').select(['id', 'source', 'kind']).where('work_id', '=', workId).where('year', '=', body.year).execute();
  const keep = new Set(body.lines.map((l) => `${l.source}|${l.kind}`));
  const gone = existing.filter((e) => !keep.has(`${e.source}|${e.kind}`)).map((e) => e.id);
  if (gone.length > 0) await trx.deleteFrom('investment_capital').where('id', 'in', gone).execute();
  for (const line of body.lines) {
    const row = await trx
      .insertInto('investment_capital')
      .values({ work_id: workId, year: body.year, source: line.source, kind: line.kind, allocated: line.allocated, committed: line.committed })
      .onConflict((oc) => oc.columns(['work_id', 'year', 'source', 'kind']).doUpdateSet({ allocated: line.allocated, committed: line.committed }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('investment_disbursement').where('capital_id', '=', row.id).execute();
    const months = line.disbursements.filter((d) => d.amount > 0);
    if (months.length > 0) {
      await trx
        .insertInto('investment_disbursement')
        .values(months.map((d) => ({ capital_id: row.id, month: `${d.month}-01`, amount: d.amount })))
        .execute();
    }
  }
}

export async function saveCapital(ctx: AppContext, origin: AuditOrigin, work: { id: string; unit_id: string }, body: CapitalBody): Promise<void> {
  checkCapital(body, ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    // One writer per work at a time.
    await trx.selectFrom('investment_work').select('id').where('id', '=', work.id).forUpdate().executeTakeFirstOrThrow();
    const before = await capitalOf(trx, work.id, body.year);
    await writeCapitalYear(trx, work.id, body);
    const after = await capitalOf(trx, work.id, body.year);
    await recordAudit(trx, origin, {
      action: 'investment.capital_saved',
      targetType: 'investment_work',
      targetId: work.id,
      unitId: work.unit_id,
      before: { year: body.year, lines: presentCapital(before.lines, before.months) },
      after: { year: body.year, lines: presentCapital(after.lines, after.months) },
    });
  });
}

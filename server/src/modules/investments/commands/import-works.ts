// Importing works and their capital from the provinces' sheet (investment-sheet.ts), all
// or nothing: every row is checked — its commune within the caller's investment.manage
// scope, its project, the same work twice, disbursement never going down from what is
// recorded, no disbursement recorded after the sheet's date — with one query per kind of
// lookup; any rejected row → 422 import_rejected with every rejected row, nothing written.
// A dry run returns the counts. Writing, in one transaction: works created or updated
// (matched by code in the province, else by name in the commune); for the sheet's year,
// the central and local development-investment lines (allocated), and the disbursement of
// the sheet's month set so that the cumulative equals the sheet's; one audit entry.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { InvestmentImportReport } from '@shared/schemas/investments.ts';
import type { ImportRowError } from '@shared/schemas/units.ts';
import { foldVietnamese } from '@shared/text.ts';
import { vietnamDate } from '@shared/engine/periods.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { unitsInScope } from '../../org-units/scope.repository.ts';
import type { ParsedSheet, SheetWork } from '../investment-sheet.ts';

interface UnitHit {
  id: string;
  code: string;
  name: string;
  full_name: string;
  name_folded: string;
  province_id: string;
}

/** "Dự án 4 - Tiểu dự án 1" → DA4.TDA1; "Dự án 1, nội dung 4" → DA1.ND4; codes as written. */
export function programCodeOf(text: string): string {
  const f = foldVietnamese(text);
  const da = /(?:^|\s)(?:du an|da) ?(\d{1,2})(?:\s|$)/.exec(f);
  const tda = /(?:tieu du an|tda) ?(\d)/.exec(f);
  const nd = /(?:noi dung|nd) ?(\d)/.exec(f);
  if (da) return `DA${da[1]}${tda ? `.TDA${tda[1]}` : nd ? `.ND${nd[1]}` : ''}`;
  return text.normalize('NFC').trim().toUpperCase().replace(/\s+/g, '');
}

const communeCandidates = (w: SheetWork): { codes: string[]; names: string[] } => {
  const c = w.communeCell;
  if (c.number !== null && Number.isInteger(c.number)) {
    const digits = String(c.number);
    return { codes: digits.length <= 2 ? [digits.padStart(2, '0'), digits.padStart(5, '0')] : [digits.padStart(5, '0')], names: [] };
  }
  if (/^\d{2,5}$/.test(w.communeText)) return { codes: [w.communeText], names: [] };
  const f = foldVietnamese(w.communeText);
  const bare = f.replace(/^(xa|phuong|dac khu|tinh|thanh pho) /, '');
  // org_unit.name_folded is "<full name> <name>" folded: "xa ia grai ia grai".
  return { codes: [], names: ['xa', 'phuong', 'dac khu', 'tinh', 'thanh pho'].map((kind) => `${kind} ${bare} ${bare}`) };
};

const toNum = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
const same = (a: number | null, b: number | null) => (a === null && b === null) || (a !== null && b !== null && Math.abs(a - b) < 0.0005);

export async function importWorks(
  ctx: AppContext,
  origin: AuditOrigin,
  manageRoots: string[],
  parsed: ParsedSheet,
  file: { data: Buffer; fileName: string | null; dryRun: boolean },
): Promise<InvestmentImportReport> {
  const now = ctx.clock.now();
  const today = vietnamDate(now);
  const rejected: ImportRowError[] = [...parsed.rejected];
  const report = (counts: { created: number; updated: number; unchanged: number }): InvestmentImportReport => ({
    dryRun: file.dryRun,
    year: parsed.year,
    asOf: parsed.asOf,
    total: parsed.total,
    ...counts,
    rejected: [...rejected].sort((a, b) => a.row - b.row),
  });
  if (parsed.asOf && parsed.asOf > today) {
    rejected.push({ row: 1, field: 'disbTotal', code: 'date_future', message: `Ngày giải ngân ${parsed.asOf.split('-').reverse().join('/')} chưa đến.` });
  }
  if (parsed.year === null || parsed.asOf === null || rejected.some((r) => r.code.startsWith('missing') || r.code.startsWith('date_'))) {
    throw new AppError('import_rejected', {}, { details: report({ created: 0, updated: 0, unchanged: 0 }) });
  }
  const year = parsed.year;
  const asOfMonth = `${parsed.asOf.slice(0, 7)}-01`;
  const db = ctx.db;

  return db.transaction().execute(async (trx) => {
    // Units: by code and by folded name, current 2025 communes and provinces, then the scope.
    const cands = parsed.rows.map(communeCandidates);
    const codes = [...new Set(cands.flatMap((c) => c.codes))];
    const names = [...new Set(cands.flatMap((c) => c.names))];
    const hits = await sql<UnitHit>`
      select id::text, code, name, full_name, name_folded, coalesce(province_id, id)::text as province_id
      from org_unit
      where hierarchy = '2025' and valid_to is null and kind in ('commune', 'province')
        and (code = any(${codes}::text[]) or name_folded = any(${names}::text[]))`.execute(trx);
    const allowed = await unitsInScope(trx, manageRoots, hits.rows.map((h) => h.id));
    const usable = hits.rows.filter((h) => allowed.has(h.id));

    const program = await trx.selectFrom('program_item').select(['id', 'code', 'name_vi']).execute();
    const programByCode = new Map(program.map((p) => [p.code.toUpperCase(), p.id]));
    const programByName = new Map(program.map((p) => [foldVietnamese(p.name_vi), p.id]));

    interface Resolved {
      w: SheetWork;
      unit: UnitHit;
      programItemId: string | null;
    }
    const resolved: Resolved[] = [];
    parsed.rows.forEach((w, i) => {
      const c = cands[i]!;
      const matches = usable.filter((u) => c.codes.includes(u.code) || c.names.includes(u.name_folded));
      const errors: ImportRowError[] = [];
      if (matches.length === 0) {
        errors.push({ row: w.row, field: 'commune', code: 'unknown_unit', message: `Không tìm thấy xã "${w.communeText}" trong phạm vi bạn được quản lý công trình đầu tư.`, value: w.communeText });
      } else if (matches.length > 1) {
        errors.push({ row: w.row, field: 'commune', code: 'ambiguous_unit', message: `"${w.communeText}" có thể là ${matches.map((m) => `${m.full_name} (${m.code})`).join(' hoặc ')}; hãy ghi mã xã.`, value: w.communeText });
      }
      let programItemId: string | null = null;
      if (w.programText) {
        programItemId = programByCode.get(programCodeOf(w.programText)) ?? programByName.get(foldVietnamese(w.programText)) ?? null;
        if (!programItemId) errors.push({ row: w.row, field: 'program', code: 'unknown_program_item', message: `Không có dự án/tiểu dự án "${w.programText}" trong danh mục chương trình (ví dụ DA4.TDA1 hoặc "Dự án 4 - Tiểu dự án 1").`, value: w.programText });
      }
      if (errors.length > 0) rejected.push(...errors);
      else resolved.push({ w, unit: matches[0]!, programItemId });
    });

    // The same work twice in the file.
    const keyOf = (r: Resolved) => (r.w.code ? `code|${r.unit.province_id}|${r.w.code}` : `name|${r.unit.id}|${foldVietnamese(r.w.name)}`);
    const firstRow = new Map<string, number>();
    const distinct: Resolved[] = [];
    for (const r of resolved) {
      const first = firstRow.get(keyOf(r));
      if (first !== undefined) rejected.push({ row: r.w.row, field: r.w.code ? 'code' : 'name', code: 'duplicate_in_file', message: `Công trình này đã có ở dòng ${first}.` });
      else {
        firstRow.set(keyOf(r), r.w.row);
        distinct.push(r);
      }
    }

    // Existing works, by code in the province or by name in the commune, in one query.
    const coded = distinct.filter((r) => r.w.code);
    const named = distinct.filter((r) => !r.w.code);
    const existing = await sql<{ id: string; code: string; name: string; name_folded: string; unit_id: string; province_id: string; program_item_id: string | null; investor: string | null; start_date: string | null; finish_date: string | null; total_investment: string | null; progress: string; stage: string }>`
      select w.id::text, w.code, w.name, w.name_folded, w.unit_id::text, w.province_id::text, w.program_item_id::text, w.investor,
        w.start_date::text, w.finish_date::text, w.total_investment::text, w.progress::text, w.stage
      from investment_work w
      where (w.province_id, w.code) in (select * from unnest(${coded.map((r) => r.unit.province_id)}::bigint[], ${coded.map((r) => r.w.code!)}::text[]))
         or (w.unit_id, w.name_folded) in (select * from unnest(${named.map((r) => r.unit.id)}::bigint[], ${named.map((r) => foldVietnamese(r.w.name))}::text[]))`.execute(trx);
    const byCode = new Map(existing.rows.map((e) => [`${e.province_id}|${e.code}`, e]));
    const byName = new Map<string, typeof existing.rows>();
    for (const e of existing.rows) {
      const k = `${e.unit_id}|${e.name_folded}`;
      byName.set(k, [...(byName.get(k) ?? []), e]);
    }

    // What is recorded for those works in the year: allocated per source, disbursed before the sheet's month, in it, and after.
    const ids = existing.rows.map((e) => e.id);
    const capital = await sql<{ work_id: string; source: string; allocated: string; before: string; during: string; later: string }>`
      select c.work_id::text, c.source, c.allocated::text,
        coalesce(sum(d.amount) filter (where d.month < ${asOfMonth}::date), 0)::text as before,
        coalesce(sum(d.amount) filter (where d.month = ${asOfMonth}::date), 0)::text as during,
        count(d.month) filter (where d.month > ${asOfMonth}::date)::text as later
      from investment_capital c
      left join investment_disbursement d on d.capital_id = c.id
      where c.work_id = any(${ids}::bigint[]) and c.year = ${year} and c.kind = 'development' and c.source in ('central', 'local')
      group by c.id`.execute(trx);
    const capOf = (workId: string, source: string) => capital.rows.find((c) => c.work_id === workId && c.source === source);

    interface Plan {
      r: Resolved;
      existingId: string | null;
      changed: boolean;
      months: { source: 'central' | 'local'; amount: number }[];
    }
    const plans: Plan[] = [];
    for (const r of distinct) {
      const { w } = r;
      let match = w.code ? byCode.get(`${r.unit.province_id}|${w.code}`) : undefined;
      if (!w.code) {
        const list = byName.get(`${r.unit.id}|${foldVietnamese(w.name)}`) ?? [];
        if (list.length > 1) {
          rejected.push({ row: w.row, field: 'name', code: 'ambiguous_work', message: `Xã ${r.unit.name} có ${list.length} công trình cùng tên "${w.name}" (${list.map((e) => e.code).join(', ')}); hãy ghi mã công trình.` });
          continue;
        }
        match = list[0];
      }
      const errors: ImportRowError[] = [];
      const months: Plan['months'] = [];
      for (const source of ['central', 'local'] as const) {
        const cum = source === 'central' ? w.disbCentral : w.disbLocal;
        const rec = match ? capOf(match.id, source) : undefined;
        const before = toNum(rec?.before);
        if (rec && Number(rec.later) > 0) {
          errors.push({ row: w.row, field: source === 'central' ? 'disbCentral' : 'disbLocal', code: 'later_disbursement', message: `Công trình đã có số giải ngân ${source === 'central' ? 'NSTW' : 'NSĐP'} ghi cho tháng sau ngày ${parsed.asOf!.split('-').reverse().join('/')}; không nhập được số liệu của ngày cũ hơn.` });
          continue;
        }
        const amount = Math.round((cum - before) * 1000) / 1000;
        if (amount < 0) {
          errors.push({ row: w.row, field: source === 'central' ? 'disbCentral' : 'disbLocal', code: 'disbursed_decreased', message: `Giải ngân lũy kế ${source === 'central' ? 'NSTW' : 'NSĐP'} (${cum}) nhỏ hơn số đã ghi đến tháng trước (${before}).`, value: String(cum) });
          continue;
        }
        months.push({ source, amount });
      }
      if (errors.length > 0) {
        rejected.push(...errors);
        continue;
      }
      let changed = true;
      if (match) {
        const capCentral = capOf(match.id, 'central');
        const capLocal = capOf(match.id, 'local');
        changed =
          match.name !== w.name ||
          (r.programItemId !== null && match.program_item_id !== r.programItemId) ||
          (w.investor !== null && match.investor !== w.investor) ||
          (w.startDate !== null && (match.start_date !== w.startDate || match.finish_date !== w.finishDate)) ||
          (w.totalInvestment !== null && !same(toNum(match.total_investment), w.totalInvestment)) ||
          (w.progress !== null && !same(toNum(match.progress), w.progress)) ||
          !same(toNum(capCentral?.allocated ?? null), w.planCentral) ||
          !same(toNum(capLocal?.allocated ?? null), w.planLocal) ||
          !same(toNum(capCentral?.during), months[0]!.amount) ||
          !same(toNum(capLocal?.during), months[1]!.amount);
      }
      plans.push({ r, existingId: match?.id ?? null, changed, months });
    }

    const counts = {
      created: plans.filter((p) => !p.existingId).length,
      updated: plans.filter((p) => p.existingId && p.changed).length,
      unchanged: plans.filter((p) => p.existingId && !p.changed).length,
    };
    if (rejected.length > 0) throw new AppError('import_rejected', {}, { details: report(counts) });
    if (file.dryRun) return report(counts);

    for (const p of plans) {
      if (p.existingId && !p.changed) continue;
      const { w, unit, programItemId } = p.r;
      const stageOf = (progress: number | null, current: string | null): 'preparation' | 'construction' | 'completed' | 'settled' => {
        if (current === 'settled') return 'settled';
        if (progress !== null && progress >= 100) return 'completed';
        if ((progress ?? 0) > 0 || w.disbCentral + w.disbLocal > 0) return current === 'completed' ? 'completed' : 'construction';
        return (current as 'preparation' | null) ?? 'preparation';
      };
      let workId = p.existingId;
      if (!workId) {
        const row = await trx
          .insertInto('investment_work')
          .values({
            code: w.code ?? sql<string>`'CT' || lpad(nextval('investment_work_code_seq')::text, 6, '0')`,
            name: w.name,
            name_folded: foldVietnamese(w.name),
            program_item_id: programItemId,
            unit_id: unit.id,
            province_id: unit.province_id,
            investor: w.investor,
            start_date: w.startDate,
            finish_date: w.finishDate,
            stage: stageOf(w.progress, null),
            progress: w.progress ?? 0,
            total_investment: w.totalInvestment,
            created_by: origin.actor?.id ?? null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        workId = row.id;
      } else {
        const current = existing.rows.find((e) => e.id === workId)!;
        await trx
          .updateTable('investment_work')
          .set({
            name: w.name,
            name_folded: foldVietnamese(w.name),
            ...(programItemId !== null ? { program_item_id: programItemId } : {}),
            ...(w.investor !== null ? { investor: w.investor } : {}),
            ...(w.startDate !== null ? { start_date: w.startDate, finish_date: w.finishDate } : {}),
            ...(w.totalInvestment !== null ? { total_investment: w.totalInvestment } : {}),
            ...(w.progress !== null ? { progress: w.progress } : {}),
            stage: stageOf(w.progress, current.stage),
            updated_at: now,
          })
          .where('id', '=', workId)
          .execute();
      }
      for (const m of p.months) {
        const allocated = m.source === 'central' ? w.planCentral : w.planLocal;
        const line = await trx
          .insertInto('investment_capital')
          .values({ work_id: workId, year, source: m.source, kind: 'development', allocated, committed: 0 })
          .onConflict((oc) => oc.columns(['work_id', 'year', 'source', 'kind']).doUpdateSet({ allocated }))
          .returning('id')
          .executeTakeFirstOrThrow();
        if (m.amount > 0) {
          await trx
            .insertInto('investment_disbursement')
            .values({ capital_id: line.id, month: asOfMonth, amount: m.amount })
            .onConflict((oc) => oc.columns(['capital_id', 'month']).doUpdateSet({ amount: m.amount }))
            .execute();
        } else {
          await trx.deleteFrom('investment_disbursement').where('capital_id', '=', line.id).where('month', '=', asOfMonth).execute();
        }
      }
    }
    await recordAudit(trx, origin, {
      action: 'investment.works_imported',
      targetType: 'investment_work',
      details: { ...counts, total: parsed.total, year, asOf: parsed.asOf, fileName: file.fileName, sha256: createHash('sha256').update(file.data).digest('hex') },
    });
    return report(counts);
  });
}

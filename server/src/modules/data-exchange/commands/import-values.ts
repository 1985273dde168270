// Writing a checked import: one transaction, set-based. The rows go into a temporary
// table (unnest of column arrays, in chunks), the (unit, period) advisory locks are
// taken shared — the same locks save_data_value takes, so a submission (which takes
// them exclusively) never validates while an import changes its cells — then, under
// the locks, the frozen-report check again; the counts; and for a real import one
// INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE the value (or comment) actually
// changed, after the history rows (source 'import') of the same rows. A re-import of
// the same file matches nothing: no new versions, no history. One audit entry per
// real import (counts, file name, sha256), also when it changed nothing. Aggregates
// follow by the triggers on data_value.
// The import strategy (DHIS2's) chooses which staged rows are written: a cell "holds
// data" when its row has a value or a comment (a cleared cell keeps its row, empty);
// create writes only cells without data and ignores the others, update only cells with
// data, create_and_update both; delete clears the cells holding data as the screen does
// (value and comment null, a new version, a history row with the new value null) and
// ignores the rest. Counts: created = a cell without data that
// changes, updated = a cell with data that changes; a re-import with the same strategy
// counts nothing but unchanged and ignored.
import { sql, type Transaction } from 'kysely';
import type { DataImportReport, DataImportRowError, ImportStrategy } from '@shared/schemas/data-exchange.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { recordAudit, type AuditOrigin } from '../../audit/audit.repository.ts';
import { commonAncestor } from '../../org-units/org-units.repository.ts';
import type { StagedRows } from '../import-validate.ts';
import type { ImportActor } from '../import.ts';
import { assignedSql } from '../../forms/forms.repository.ts';
import { wants } from '../../webhooks/events.ts';

export const STAGE_CHUNK = 20_000;
export const MAX_REPORTED = 10_000;

export interface ApplyInput {
  staged: StagedRows;
  total: number;
  dryRun: boolean;
  strategy: ImportStrategy;
  actor: ImportActor;
  origin: AuditOrigin;
  file: { name: string | null; sha256: string; format: string };
  /** Refuse the import when it would change a value typed on the screen (connectors: never overwrite by hand). */
  keepHandEntered?: boolean;
  onProgress?: (written: number) => void | Promise<void>;
}

/** The report of a refused import (422 import_rejected carries it). */
export function rejectedReport(total: number, dryRun: boolean, rejected: DataImportRowError[]): DataImportReport {
  return { dryRun, total, created: 0, updated: 0, unchanged: 0, ignored: 0, deleted: 0, rejected: rejected.slice(0, MAX_REPORTED), rejectedCount: rejected.length };
}

async function stage(trx: Transaction<Database>, s: StagedRows, onProgress?: (n: number) => void | Promise<void>): Promise<void> {
  await sql`
    create temp table import_stage (
      row_no int, data_element_id bigint, coc_id bigint, unit_id bigint, period text, province_id bigint,
      value text, numeric_value numeric, comment text, keep_comment boolean
    ) on commit drop`.execute(trx);
  for (let i = 0; i < s.row.length; i += STAGE_CHUNK) {
    const part = <T,>(a: T[]) => a.slice(i, i + STAGE_CHUNK);
    await sql`
      insert into import_stage
      select * from unnest(${part(s.row)}::int[], ${part(s.dataElementId)}::bigint[], ${part(s.cocId)}::bigint[], ${part(s.unitId)}::bigint[],
        ${part(s.period)}::text[], ${part(s.provinceId)}::bigint[], ${part(s.value)}::text[], ${part(s.numericValue)}::numeric[],
        ${part(s.comment)}::text[], ${part(s.keepComment)}::boolean[])`.execute(trx);
    if (onProgress) await onProgress(Math.min(i + STAGE_CHUNK, s.row.length));
  }
  await sql`analyze import_stage`.execute(trx);
}

/** A staged row that changes the stored cell (s = import_stage, dv = data_value, left-joined). */
const CHANGES = sql`(
  case when dv.data_element_id is null then s.value is not null or (not s.keep_comment and s.comment is not null)
  else dv.value is distinct from s.value or (not s.keep_comment and dv.comment is distinct from s.comment) end)`;

/** The stored cell holds data: a value or a comment (dv left-joined; a cleared cell keeps an empty row). */
const HOLDS = sql`(dv.data_element_id is not null and (dv.value is not null or dv.comment is not null))`;

/** The staged rows the strategy lets through (for writes; delete has its own statements). */
const allowed = (strategy: ImportStrategy) =>
  strategy === 'create' ? sql`not ${HOLDS}` : strategy === 'update' ? HOLDS : sql`true`;

/** The staged rows that change their cell under the strategy. */
const changing = (strategy: ImportStrategy) => (strategy === 'delete' ? HOLDS : sql`${CHANGES} and ${allowed(strategy)}`);

/**
 * History first (it needs the values being replaced), then the values: two joins of the
 * analysed stage table with data_value's primary key, no row-by-row work.
 */
async function writeRows(trx: Transaction<Database>, actor: ImportActor, now: Date, strategy: ImportStrategy): Promise<void> {
  const { userId, source } = actor;
  if (strategy === 'delete') {
    await sql`
      insert into data_value_history (data_element_id, coc_id, unit_id, period, old_value, new_value, comment, changed_by, changed_at, source)
      select s.data_element_id, s.coc_id, s.unit_id, s.period, dv.value, null, null, ${userId}, ${now}, ${source}
      from import_stage s left join data_value dv
        on dv.data_element_id = s.data_element_id and dv.coc_id = s.coc_id and dv.unit_id = s.unit_id and dv.period = s.period
      where ${HOLDS}`.execute(trx);
    // Cleared, as the screen clears a cell: the row stays with a new version, so an offline
    // device holding the old version sees a conflict, and a sync by updatedSince sees the change.
    await sql`
      update data_value dv set value = null, numeric_value = null, comment = null,
        updated_by = ${userId}, updated_at = ${now}, source = ${source}, version = dv.version + 1
      from import_stage s
      where dv.data_element_id = s.data_element_id and dv.coc_id = s.coc_id and dv.unit_id = s.unit_id and dv.period = s.period
        and (dv.value is not null or dv.comment is not null)`.execute(trx);
    return;
  }
  const pass = changing(strategy);
  await sql`
    insert into data_value_history (data_element_id, coc_id, unit_id, period, old_value, new_value, comment, changed_by, changed_at, source)
    select s.data_element_id, s.coc_id, s.unit_id, s.period, dv.value, s.value,
      case when s.keep_comment then dv.comment else s.comment end, ${userId}, ${now}, ${source}
    from import_stage s left join data_value dv
      on dv.data_element_id = s.data_element_id and dv.coc_id = s.coc_id and dv.unit_id = s.unit_id and dv.period = s.period
    where ${pass}`.execute(trx);
  await sql`
    insert into data_value as d (data_element_id, coc_id, unit_id, period, province_id, value, numeric_value, comment, updated_by, updated_at, source, version)
    select s.data_element_id, s.coc_id, s.unit_id, s.period, s.province_id, s.value, s.numeric_value,
      case when s.keep_comment then dv.comment else s.comment end, ${userId}, ${now}, ${source}, 1
    from import_stage s left join data_value dv
      on dv.data_element_id = s.data_element_id and dv.coc_id = s.coc_id and dv.unit_id = s.unit_id and dv.period = s.period
    where ${pass}
    on conflict (data_element_id, coc_id, unit_id, period) do update set
      value = excluded.value, numeric_value = excluded.numeric_value, comment = excluded.comment,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at, source = excluded.source, version = d.version + 1
    where d.value is distinct from excluded.value or d.comment is distinct from excluded.comment`.execute(trx);

}

/** The period type of a period code, in SQL (the engine's periodType for stored codes). */
const PERIOD_TYPE = sql`(case when s.period ~ '^[0-9]{4}$' then 'year' when s.period ~ 'Q' then 'quarter' when s.period ~ 'S' then 'sixMonth' when s.period ~ '^[0-9]{6}$' then 'month' else 'day' end)`;

/**
 * Webhooks (ADR 0008): each report whose cells the import changes — a form laying out the
 * element, assigned to the unit, of the period's type — folds into its waiting "values
 * changed" delivery, in this transaction. Runs before the write, which it compares with.
 */
async function valuesChangedWebhooks(trx: Transaction<Database>, now: Date, strategy: ImportStrategy): Promise<void> {
  if (!(await wants(trx, 'data.values_changed'))) return;
  await sql`
    select webhook_values_changed(x.form_id, x.unit_id, x.period, x.n::int, ${now})
    from (
      select f.id as form_id, s.unit_id, s.period, count(*) as n
      from import_stage s left join data_value dv
        on dv.data_element_id = s.data_element_id and dv.coc_id = s.coc_id and dv.unit_id = s.unit_id and dv.period = s.period
      join form_element fe on fe.data_element_id = s.data_element_id
      join form f on f.id = fe.form_id and f.period_type = ${PERIOD_TYPE}
      where ${changing(strategy)} and ${assignedSql(sql.ref('f.id'), sql.ref('s.unit_id'))}
      group by f.id, s.unit_id, s.period
    ) x`.execute(trx);
}

export async function applyImport(ctx: AppContext, input: ApplyInput): Promise<DataImportReport> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await stage(trx, input.staged, input.onProgress);
    // The same shared (unit, period) locks as save_data_value, in a stable order.
    await sql`
      select count(*) from (
        select pg_advisory_xact_lock_shared(hashtextextended(unit_id || ':' || period, 0))
        from (select distinct unit_id, period from import_stage order by unit_id, period) p
      ) l`.execute(trx);
    // Under the locks: a report submitted since the rows were checked freezes them now.
    const frozen = await sql<{ row_no: number; period: string; state: string }>`
      select s.row_no, s.period, sub.state from import_stage s
      join submission sub on sub.unit_id = s.unit_id and sub.period = s.period and sub.state in ('submitted', 'approved')
      where exists (select 1 from form_element fe where fe.form_id = sub.form_id and fe.data_element_id = s.data_element_id)
      order by s.row_no limit ${MAX_REPORTED}`.execute(trx);
    if (frozen.rows.length > 0) {
      const rejected = frozen.rows.map((f) => ({ row: f.row_no, code: 'submission_locked', field: 'value', message: `Báo cáo kỳ ${f.period} vừa được ${f.state === 'approved' ? 'duyệt' : 'gửi'}; không thể sửa ô này.` }));
      throw new AppError('import_rejected', {}, { details: rejectedReport(input.total, input.dryRun, rejected) });
    }
    const { strategy } = input;
    if (input.keepHandEntered) {
      // Under the same locks a screen save takes: a value typed since the caller compared is caught here.
      const hand = await sql<{ row_no: number; value: string | null }>`
        select s.row_no, dv.value from import_stage s
        join data_value dv on dv.data_element_id = s.data_element_id and dv.coc_id = s.coc_id and dv.unit_id = s.unit_id and dv.period = s.period
        -- A cell cleared on the screen holds no typed value (reconcile treats it as new, too).
        where dv.source = 'screen' and dv.value is not null and ${changing(strategy)}
        order by s.row_no limit ${MAX_REPORTED}`.execute(trx);
      if (hand.rows.length > 0) {
        const rejected = hand.rows.map((h) => ({ row: h.row_no, code: 'entered_by_hand', field: 'value', message: `Ô này vừa được nhập trên màn hình (${h.value ?? 'trống'}); không ghi đè giá trị nhập tay.` }));
        throw new AppError('import_rejected', {}, { details: rejectedReport(input.total, input.dryRun, rejected) });
      }
    }
    const counts = await sql<{ created: string; updated: string; ignored: string; deleted: string }>`
      select count(*) filter (where not ${HOLDS} and ${changing(strategy)}) as created,
             count(*) filter (where ${HOLDS} and ${changing(strategy)}) as updated,
             count(*) filter (where not ${allowed(strategy)}) as ignored,
             count(*) filter (where ${HOLDS}) as deleted
      from import_stage s left join data_value dv
        on dv.data_element_id = s.data_element_id and dv.coc_id = s.coc_id and dv.unit_id = s.unit_id and dv.period = s.period`.execute(trx);
    const n = (k: 'created' | 'updated' | 'ignored' | 'deleted') => Number(counts.rows[0]![k]);
    const deleting = strategy === 'delete';
    const created = deleting ? 0 : n('created');
    const updated = deleting ? 0 : n('updated');
    const deleted = deleting ? n('deleted') : 0;
    const ignored = deleting ? input.staged.row.length - deleted : n('ignored');
    const report: DataImportReport = {
      dryRun: input.dryRun,
      total: input.total,
      created,
      updated,
      unchanged: input.staged.row.length - created - updated - ignored - deleted,
      ignored,
      deleted,
      rejected: [],
      rejectedCount: 0,
    };
    if (input.dryRun) return report;
    if (created + updated + deleted > 0) {
      await valuesChangedWebhooks(trx, now, strategy);
      await writeRows(trx, input.actor, now, strategy);
    }

    const unitIds = await sql<{ unit_id: string }>`select distinct unit_id from import_stage`.execute(trx);
    await recordAudit(trx, input.origin, {
      action: 'data.values_imported',
      targetType: 'data_value',
      unitId: await commonAncestor(trx, unitIds.rows.map((u) => String(u.unit_id))),
      details: { fileName: input.file.name, sha256: input.file.sha256, format: input.file.format, strategy, total: input.total, created, updated, unchanged: report.unchanged, ignored, deleted },
    });
    if (input.onProgress) await input.onProgress(input.staged.row.length);
    return report;
  });
}

// Saving one cell: one small transaction of three statements. (1) The locks: the
// (unit, period) lock shared — a submission takes it exclusively, so no value changes
// while a report is validated and submitted — and the cell's own lock, so concurrent
// saves of one cell queue up. (2) With a fresh snapshot: is a report holding this cell
// submitted or approved, and the cell's current value. (3) One statement writing the
// value (version + 1), the history row with the value it replaced, and the audit entry.
// Last write wins and every write stays in the history. A replayed clientChangeId
// (the unique index on history) is a no-op.
import type { FastifyRequest } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { Database, DataValueSource } from '../../../platform/db/schema.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { auditRow, originOf } from '../../audit/audit.repository.ts';
import { findValue, type CellKey, type DataValueRow } from '../data-values.repository.ts';
import { STATE_LABELS } from '../../submissions/submissions.presenter.ts';
import type { SubmissionStateValue } from '../../../platform/db/schema.ts';

type Trx = Transaction<Database>;

export interface SaveValue {
  key: CellKey;
  formId: string;
  /** The province the unit belongs to (the unit itself for a province): the distribution key. */
  provinceId: string | null;
  /** Canonical text from the engine; null clears the cell. */
  value: string | null;
  numericValue: string | null;
  /** undefined keeps the cell's comment. */
  comment: string | null | undefined;
  source: DataValueSource;
  clientChangeId: string | null;
}

const CLIENT_CHANGE_INDEX = 'data_value_history_client_change_uq';

function isClientChangeReplay(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === CLIENT_CHANGE_INDEX;
}

/** The cell an earlier change went to, as returned by loadSaveContext. */
export interface PriorChange {
  data_element_id: string;
  coc_id: string;
  unit_id: string;
  period: string;
}

const sameKey = (a: PriorChange, k: CellKey) => a.data_element_id === k.dataElementId && a.coc_id === k.cocId && a.unit_id === k.unitId && a.period === k.period;

/** The current value for a replayed change; a change id used for another cell is a conflict. */
export async function replayResult(ctx: AppContext, key: CellKey, change: PriorChange): Promise<DataValueRow> {
  if (!sameKey(change, key)) throw new AppError('client_change_conflict');
  const row = await findValue(ctx.db, key);
  if (!row) throw notFound();
  return row;
}

const cellLockKey = (k: CellKey) => `cell:${k.dataElementId}:${k.cocId}:${k.unitId}:${k.period}`;

async function current(trx: Trx, k: CellKey) {
  const r = await sql<{ frozen: SubmissionStateValue | null; value: string | null; comment: string | null; version: number | null }>`
    select
      (select s.state from submission s join form_element fe on fe.form_id = s.form_id and fe.data_element_id = ${k.dataElementId}
        where s.unit_id = ${k.unitId} and s.period = ${k.period} and s.state in ('submitted', 'approved') limit 1) as frozen,
      v.value, v.comment, v.version
    from (select 1) as one
    left join data_value v on v.data_element_id = ${k.dataElementId} and v.coc_id = ${k.cocId} and v.unit_id = ${k.unitId} and v.period = ${k.period}`.execute(trx);
  return r.rows[0]!;
}

async function write(ctx: AppContext, request: FastifyRequest, input: SaveValue): Promise<DataValueRow> {
  const { key: k } = input;
  const now = ctx.clock.now();
  const userId = request.auth?.user.id ?? null;
  const username = request.auth?.user.username ?? null;
  return ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock_shared(hashtextextended(${`${k.unitId}:${k.period}`}, 0)), pg_advisory_xact_lock(hashtextextended(${cellLockKey(k)}, 0))`.execute(trx);
    const cur = await current(trx, k);
    if (cur.frozen) throw new AppError('submission_locked', { period: k.period, stateVi: STATE_LABELS[cur.frozen].vi.toLowerCase(), stateEn: STATE_LABELS[cur.frozen].en });
    const existed = cur.version !== null;
    const old = existed ? { value: cur.value, comment: cur.comment } : null;
    const comment = input.comment === undefined ? (cur.comment ?? null) : input.comment;
    const version = (cur.version ?? 0) + 1;
    const row = {
      data_element_id: k.dataElementId,
      coc_id: k.cocId,
      unit_id: k.unitId,
      period: k.period,
      province_id: input.provinceId,
      value: input.value,
      numeric_value: input.numericValue,
      comment,
      updated_by: userId,
      updated_at: now,
      source: input.source,
      version,
    };
    const audit = auditRow(originOf(request, now), {
      action: 'data.value_changed',
      targetType: 'data_value',
      targetId: `${k.dataElementId}:${k.cocId}:${k.unitId}:${k.period}`,
      unitId: k.unitId,
      before: old,
      after: { value: input.value, comment },
      details: { formId: input.formId, dataElementId: k.dataElementId, cocId: k.cocId, period: k.period, source: input.source, version, clientChangeId: input.clientChangeId },
    });
    // The cell lock makes this the only writer of the cell: the read above is current.
    await trx
      .with('up', (db) =>
        db
          .insertInto('data_value')
          .values(row)
          .onConflict((oc) =>
            oc.columns(['data_element_id', 'coc_id', 'unit_id', 'period']).doUpdateSet({
              value: row.value,
              numeric_value: row.numeric_value,
              comment: row.comment,
              updated_by: row.updated_by,
              updated_at: row.updated_at,
              source: row.source,
              version: row.version,
            }),
          ),
      )
      .with('h', (db) =>
        db.insertInto('data_value_history').values({
          data_element_id: k.dataElementId,
          coc_id: k.cocId,
          unit_id: k.unitId,
          period: k.period,
          old_value: old?.value ?? null,
          new_value: input.value,
          comment,
          changed_by: userId,
          changed_at: now,
          source: input.source,
          client_change_id: input.clientChangeId,
        }),
      )
      .insertInto('audit_log')
      .values(audit)
      .execute();
    return { ...row, province_id: row.province_id, updated_by_username: username } as DataValueRow;
  });
}

/** Saves the cell; returns the stored row and whether the change was a replay (nothing written). */
export async function saveDataValue(ctx: AppContext, request: FastifyRequest, input: SaveValue): Promise<{ row: DataValueRow; replayed: boolean }> {
  try {
    return { row: await write(ctx, request, input), replayed: false };
  } catch (err) {
    // The same clientChangeId raced in on another connection and won: ours is a replay.
    if (!isClientChangeReplay(err) || !input.clientChangeId) throw err;
    const change = await ctx.db.selectFrom('data_value_history').select(['data_element_id', 'coc_id', 'unit_id', 'period']).where('client_change_id', '=', input.clientChangeId).executeTakeFirst();
    if (!change) throw err;
    return { row: await replayResult(ctx, input.key, change), replayed: true };
  }
}

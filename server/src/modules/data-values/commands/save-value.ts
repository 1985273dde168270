// Saving one cell: one small transaction that locks the cell's row (or inserts it),
// writes the new value with version + 1, appends the history row and the audit entry.
// Concurrent saves of one cell serialise on the row lock: last write wins, and each
// history row records the value it replaced, so both writes stay visible. A replayed
// clientChangeId (the unique index on history) is a no-op.
import type { FastifyRequest } from 'fastify';
import type { Selectable, Transaction } from 'kysely';
import type { Database, DataValueSource, DataValueTable } from '../../../platform/db/schema.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { findChangeById, findValue, type CellKey, type DataValueRow } from '../data-values.repository.ts';
import { blockingSubmission, lockUnitPeriod } from '../../submissions/submissions.repository.ts';
import { STATE_LABELS } from '../../submissions/submissions.presenter.ts';

type Trx = Transaction<Database>;

export interface SaveValue {
  key: CellKey;
  formId: string;
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

const sameKey = (a: { data_element_id: string; coc_id: string; unit_id: string; period: string }, k: CellKey) =>
  a.data_element_id === k.dataElementId && a.coc_id === k.cocId && a.unit_id === k.unitId && a.period === k.period;

/** The current value when clientChangeId was already applied to this cell; undefined when it is new. */
export async function replayedValue(ctx: AppContext, key: CellKey, clientChangeId: string | null): Promise<DataValueRow | undefined> {
  if (!clientChangeId) return undefined;
  const change = await findChangeById(ctx.db, clientChangeId);
  if (!change) return undefined;
  if (!sameKey(change, key)) throw new AppError('client_change_conflict');
  const row = await findValue(ctx.db, key);
  if (!row) throw notFound();
  return row;
}

async function provinceOf(trx: Trx, unitId: string): Promise<string | null> {
  const u = await trx.selectFrom('org_unit').select(['id', 'kind', 'province_id']).where('id', '=', unitId).executeTakeFirstOrThrow();
  return u.kind === 'province' ? u.id : u.province_id;
}

async function lockedRow(trx: Trx, k: CellKey) {
  return trx
    .selectFrom('data_value')
    .select(['value', 'comment', 'version'])
    .where('data_element_id', '=', k.dataElementId)
    .where('coc_id', '=', k.cocId)
    .where('unit_id', '=', k.unitId)
    .where('period', '=', k.period)
    .forUpdate()
    .executeTakeFirst();
}

async function write(ctx: AppContext, request: FastifyRequest, input: SaveValue): Promise<DataValueRow> {
  const { key: k } = input;
  const now = ctx.clock.now();
  const userId = request.auth?.user.id ?? null;
  const username = request.auth?.user.username ?? null;
  return ctx.db.transaction().execute(async (trx) => {
    // A submission in progress holds the unit-period lock exclusively: no cell changes under it.
    await lockUnitPeriod(trx, k.unitId, k.period, 'shared');
    const frozen = await blockingSubmission(trx, k.dataElementId, k.unitId, k.period);
    if (frozen) throw new AppError('submission_locked', { period: k.period, stateVi: STATE_LABELS[frozen.state].vi.toLowerCase(), stateEn: STATE_LABELS[frozen.state].en });
    let old: { value: string | null; comment: string | null } | null = null;
    let comment: string | null = null;
    let saved: Selectable<DataValueTable> | undefined;
    // At most two rounds: a concurrent first insert makes ours do nothing; the row is
    // then committed and the second round locks and updates it.
    for (let round = 0; ; round++) {
      const existing = await lockedRow(trx, k);
      if (existing) {
        old = { value: existing.value, comment: existing.comment };
        comment = input.comment === undefined ? existing.comment : input.comment;
        const row = await trx
          .updateTable('data_value')
          .set((eb) => ({
            value: input.value,
            numeric_value: input.numericValue,
            comment,
            updated_by: userId,
            updated_at: now,
            source: input.source,
            version: eb('version', '+', 1),
          }))
          .where('data_element_id', '=', k.dataElementId)
          .where('coc_id', '=', k.cocId)
          .where('unit_id', '=', k.unitId)
          .where('period', '=', k.period)
          .returningAll()
          .executeTakeFirstOrThrow();
        saved = row;
        break;
      }
      comment = input.comment ?? null;
      const inserted = await trx
        .insertInto('data_value')
        .values({
          data_element_id: k.dataElementId,
          coc_id: k.cocId,
          unit_id: k.unitId,
          period: k.period,
          province_id: await provinceOf(trx, k.unitId),
          value: input.value,
          numeric_value: input.numericValue,
          comment,
          updated_by: userId,
          updated_at: now,
          source: input.source,
          version: 1,
        })
        .onConflict((oc) => oc.columns(['data_element_id', 'coc_id', 'unit_id', 'period']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) {
        saved = inserted;
        break;
      }
      if (round >= 2) throw new AppError('conflict');
    }
    if (!saved) throw new AppError('conflict');
    await trx
      .insertInto('data_value_history')
      .values({
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
      })
      .execute();
    await recordAudit(trx, originOf(request, now), {
      action: 'data.value_changed',
      targetType: 'data_value',
      targetId: `${k.dataElementId}:${k.cocId}:${k.unitId}:${k.period}`,
      unitId: k.unitId,
      before: old,
      after: { value: input.value, comment },
      details: { formId: input.formId, dataElementId: k.dataElementId, cocId: k.cocId, period: k.period, source: input.source, version: saved.version, clientChangeId: input.clientChangeId },
    });
    return { ...saved, updated_by_username: username };
  });
}

/** Saves the cell; returns the stored row and whether the change was a replay (nothing written). */
export async function saveDataValue(ctx: AppContext, request: FastifyRequest, input: SaveValue): Promise<{ row: DataValueRow; replayed: boolean }> {
  try {
    return { row: await write(ctx, request, input), replayed: false };
  } catch (err) {
    // The same clientChangeId raced in on another connection and won: ours is a replay.
    if (!isClientChangeReplay(err)) throw err;
    const row = await replayedValue(ctx, input.key, input.clientChangeId);
    if (!row) throw err;
    return { row, replayed: true };
  }
}

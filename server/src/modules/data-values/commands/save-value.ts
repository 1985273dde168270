// Saving one cell: one small transaction, sent as one statement (the save_data_value
// function of migration 0006, ADR 0004): the (unit, period) lock shared — a submission
// takes it exclusively, so no value changes while a report is validated — and the
// cell's own lock, so concurrent saves of one cell queue up; then, with a fresh
// snapshot, the check for a submitted or approved report and the current value; then
// the value (version + 1), the history row with the value it replaced, and the audit
// entry. Last write wins and every write stays in the history. A replayed
// clientChangeId (the unique index on history) is a no-op. A change made offline
// carries the version it was based on: when the cell has moved on to a different value
// meanwhile, nothing is written and the caller gets 409 value_conflict with the cell as
// it is now (migration 0010); the device time and a kept "mine" go into the audit.
// In the same statement a saved cell folds into the report's waiting webhook delivery
// (webhook_values_changed, migration 0013, ADR 0008).
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { DataValueSource } from '../../../platform/db/schema.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf } from '../../audit/audit.repository.ts';
import { findValue, type CellKey, type DataValueRow } from '../data-values.repository.ts';
import { presentValue } from '../data-values.presenter.ts';
import { STATE_LABELS } from '../../submissions/submissions.presenter.ts';
import type { SubmissionStateValue } from '../../../platform/db/schema.ts';

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
  /** The version the change was based on (offline entry); null: last write wins. */
  baseVersion: number | null;
  /** When the change was made on the device; null when not sent. */
  deviceTime: Date | null;
  /** 'mine': the user kept their value over a conflict. */
  resolution: 'mine' | null;
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

/**
 * One round trip: the save_data_value function (migration 0006, ADR 0004) takes the
 * locks, checks for a submitted or approved report with a fresh snapshot, and writes
 * value, history and audit — as one statement, hence one transaction.
 */
async function write(ctx: AppContext, request: FastifyRequest, input: SaveValue): Promise<DataValueRow> {
  const { key: k } = input;
  const now = ctx.clock.now();
  const origin = originOf(request, now);
  const userId = request.auth?.user.id ?? null;
  const username = request.auth?.user.username ?? null;
  const result = await sql<{
    frozen: SubmissionStateValue | null;
    saved_version: number | null;
    saved_comment: string | null;
    conflict: boolean;
    current_value: string | null;
    current_comment: string | null;
    current_version: number | null;
    current_updated_at: Date | null;
    current_updated_by: string | null;
    current_source: DataValueSource | null;
  }>`
    select r.*,
      -- Webhooks: a saved cell folds into the report's waiting "values changed" delivery,
      -- in this same statement (migration 0013, ADR 0008).
      case when r.saved_version is not null then webhook_values_changed(${input.formId}, ${k.unitId}, ${k.period}, 1, ${now}) end as webhooks
    from save_data_value(
      ${k.dataElementId}, ${k.cocId}, ${k.unitId}, ${k.period}, ${input.provinceId},
      ${input.value}, ${input.numericValue}, ${input.comment ?? null}, ${input.comment === undefined},
      ${userId}, ${username}, ${now}, ${input.source}, ${input.clientChangeId},
      ${input.formId}, ${origin.ip}, ${origin.userAgent}, ${origin.requestId},
      ${input.baseVersion}::int, ${input.deviceTime}::timestamptz, ${input.resolution}::text) r`.execute(ctx.db);
  const r = result.rows[0]!;
  if (r.frozen) throw new AppError('submission_locked', { period: k.period, stateVi: STATE_LABELS[r.frozen].vi.toLowerCase(), stateEn: STATE_LABELS[r.frozen].en });
  if (r.conflict) {
    const server = presentValue({
      data_element_id: k.dataElementId,
      coc_id: k.cocId,
      unit_id: k.unitId,
      period: k.period,
      province_id: input.provinceId,
      value: r.current_value,
      numeric_value: null,
      comment: r.current_comment,
      updated_by: null,
      updated_at: r.current_updated_at!,
      source: r.current_source!,
      version: r.current_version!,
      updated_by_username: r.current_updated_by,
    });
    throw new AppError('value_conflict', {}, { details: { server } });
  }
  return {
    data_element_id: k.dataElementId,
    coc_id: k.cocId,
    unit_id: k.unitId,
    period: k.period,
    province_id: input.provinceId,
    value: input.value,
    numeric_value: input.numericValue,
    comment: r.saved_comment,
    updated_by: userId,
    updated_at: now,
    source: input.source,
    version: r.saved_version!,
    updated_by_username: username,
  };
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

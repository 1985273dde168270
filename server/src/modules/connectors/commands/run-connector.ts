// One run of a connector: claim it (one 'running' run per connector, by the partial unique
// index — a second start, from any process, is refused), get the file (HTTP with a client
// credentials token, or the upload), read it, reconcile it with the stored values, and
// write the new and changed cells through the normal import path (runImport: the same
// checks as any import — assignment, period window, frozen reports — all or nothing).
// Values entered by hand that differ are never written: they are listed as conflicting.
// A dry run reconciles and validates without writing. The run's outcome — done, rejected
// (rows the connector or the import refused: nothing written), failed (no file, a bad
// file, the token refused) — with its report is stored and audited.
import { createHash } from 'node:crypto';
import type { ConnectorRunTrigger } from '../../../platform/db/schema.ts';
import type { DataImportReport } from '@shared/schemas/data-exchange.ts';
import type { ReconciliationReport } from '@shared/schemas/connectors.ts';
import { HOUR } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { openSecret } from '../../../platform/secrets.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { runImport } from '../../data-exchange/import.ts';
import type { ConnectorRow } from '../connectors.repository.ts';
import { profileOf } from '../profiles.ts';
import { reconcile } from '../reconcile.ts';
import { ConnectorFailure, fetchSource, parseSource } from '../source.ts';

/** A run still 'running' after this long was cut off (a crash, a restart): it no longer blocks. */
export const STALE_RUN_AFTER = 2 * HOUR;

export interface RunInput {
  connector: ConnectorRow;
  trigger: ConnectorRunTrigger;
  dryRun: boolean;
  /** The user who started it; null for a scheduled run (the import then writes as the connector's owner). */
  userId: string | null;
  /** Audit origin of the run and of the import's write. */
  origin: AuditOrigin;
  upload?: { data: Buffer; fileName: string | null };
}

/** Where a scheduled run's audit entries come from: the connector itself. */
export const connectorOrigin = (code: string, at: Date): AuditOrigin => ({ ip: null, userAgent: null, requestId: null, actor: { id: null, username: `connector:${code}` }, at });

const emptyCounts = () => ({ new: 0, changed: 0, unchanged: 0, unmapped: 0, conflicting: 0, written: 0 });

export async function runConnector(ctx: AppContext, input: RunInput): Promise<string> {
  const { db, clock } = ctx;
  const c = input.connector;
  const startedAt = clock.now();
  await db
    .updateTable('connector_run')
    .set({ state: 'failed', finished_at: startedAt, error: 'Lần chạy bị gián đoạn (máy chủ khởi động lại hoặc quá thời gian) và đã được đóng lại.' })
    .where('connector_id', '=', c.id)
    .where('state', '=', 'running')
    .where('started_at', '<', new Date(startedAt.getTime() - STALE_RUN_AFTER))
    .execute();
  let runId: string;
  try {
    const row = await db
      .insertInto('connector_run')
      .values({
        connector_id: c.id,
        trigger: input.trigger,
        dry_run: input.dryRun,
        state: 'running',
        started_at: startedAt,
        triggered_by: input.userId,
        file_name: input.upload?.fileName ?? (c.kind === 'http' ? c.source_url : null),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    runId = row.id;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('connector_busy');
    throw err;
  }

  const profile = profileOf(c.profile);
  let state: 'done' | 'rejected' | 'failed' = 'done';
  let error: string | null = null;
  let sha256: string | null = null;
  let report: ReconciliationReport | null = null;
  let rowsRead: number | null = null;
  try {
    let data: Buffer;
    if (input.upload) data = input.upload.data;
    else {
      if (!c.source_url) throw new ConnectorFailure('Kết nối chưa có địa chỉ nguồn dữ liệu.');
      let secret: string | null = null;
      if (c.client_secret_sealed) {
        try {
          secret = openSecret(ctx.config, c.client_secret_sealed);
        } catch {
          throw new ConnectorFailure('Không giải mã được client secret đã lưu (khóa bí mật của máy chủ đã đổi); hãy nhập lại client secret.');
        }
      }
      data = await fetchSource(ctx.config, { sourceUrl: c.source_url, tokenUrl: c.token_url, clientId: c.client_id, clientSecret: secret, tokenScope: c.token_scope });
    }
    sha256 = createHash('sha256').update(data).digest('hex');
    const parsed = parseSource(data, c.format);
    rowsRead = parsed.records.length;
    const rec = await reconcile(db, { connectorId: c.id, profile, scopeUnitId: c.scope_unit_id === null ? null : String(c.scope_unit_id), records: parsed.records, columns: parsed.columns });
    report = { ...rec.report, format: c.format, import: null };
    if (rec.report.invalid.length > 0) {
      state = 'rejected';
      error = `Có ${rec.report.invalid.length} dòng không đọc được (thiếu mã xã hoặc năm sai); không ghi gì.`;
    } else if (rec.rows.length > 0) {
      try {
        const imported = await runImport(ctx, {
          rows: rec.rows,
          dryRun: input.dryRun,
          roots: null,
          keepHandEntered: true,
          actor: { userId: input.userId ?? (c.created_by === null ? null : String(c.created_by)), apiClientId: null, source: 'import' },
          origin: input.origin,
          file: { name: input.upload?.fileName ?? `connector:${c.code}`, sha256, format: c.format },
        });
        report.import = imported;
        if (!input.dryRun) report.counts.written = imported.created + imported.updated;
      } catch (err) {
        if (err instanceof AppError && err.code === 'import_rejected') {
          state = 'rejected';
          const details = err.extra.details as DataImportReport;
          report.import = details;
          error = `Có ${details.rejectedCount} ô không qua được kiểm tra nhập liệu (kỳ đã khóa, biểu chưa giao, giá trị sai…); không ghi gì.`;
        } else throw err;
      }
    }
  } catch (err) {
    state = 'failed';
    if (err instanceof ConnectorFailure) error = err.message;
    else {
      ctx.log.error({ err, connector: c.code, runId }, 'connector run failed');
      error = 'Lỗi hệ thống khi chạy kết nối; xem nhật ký máy chủ.';
    }
  }

  const finishedAt = clock.now();
  const counts = report?.counts ?? emptyCounts();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('connector_run')
      .set({ state, finished_at: finishedAt, sha256, rows_read: rowsRead, counts: JSON.stringify(counts), report: report === null ? null : JSON.stringify(report), error })
      .where('id', '=', runId)
      .execute();
    await recordAudit(trx, { ...input.origin, at: finishedAt }, {
      action: 'connector.run',
      targetType: 'connector',
      targetId: c.id,
      unitId: c.scope_unit_id,
      details: { runId, code: c.code, trigger: input.trigger, dryRun: input.dryRun, state, counts, sha256, error },
    });
  });
  return runId;
}

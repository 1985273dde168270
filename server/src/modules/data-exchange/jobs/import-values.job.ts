// Imports above IMPORT_JOB_ROWS run in the background: the upload answers 202 with a
// job id and the work (validation, then the write) runs in this process, updating the
// job row (phase, rows validated and written) for the progress bar and storing the
// final report. The rows live only in memory; a job this process did not finish (a
// restart) reads as failed. Runs without pg-boss, so it works with JOBS=false.
import type { DataImportReport, ImportJobView, ImportStrategy } from '@shared/schemas/data-exchange.ts';
import { errorMessage } from '@shared/errors.ts';
import type { Selectable } from 'kysely';
import type { DataImportJobTable } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import type { AuditOrigin } from '../../audit/audit.repository.ts';
import type { ImportRow } from '../exchange-files.ts';
import { runImport, type ImportActor } from '../import.ts';

/** Jobs running in this process, to tell a live job from an interrupted one and to wait for them on close. */
const running = new Map<string, Promise<void>>();

export interface JobInput {
  rows: ImportRow[];
  format: 'json' | 'csv' | 'xlsx' | 'adx';
  dryRun: boolean;
  /** DHIS2's importStrategy (kept in memory with the rows); create_and_update when absent. */
  strategy?: ImportStrategy;
  fileName: string | null;
  sha256: string;
  actor: ImportActor;
  roots: string[] | null;
  origin: AuditOrigin;
}

const THROTTLE_MS = 250;

export async function startImportJob(ctx: AppContext, input: JobInput): Promise<string> {
  const job = await ctx.db
    .insertInto('data_import_job')
    .values({ user_id: input.actor.userId, api_client_id: input.actor.apiClientId, format: input.format, dry_run: input.dryRun, file_name: input.fileName, sha256: input.sha256, state: 'queued', phase: 'queued', total: input.rows.length, report: null, error: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = String(job.id);
  const work = runJob(ctx, id, input)
    .catch((err: unknown) => ctx.log.error({ err, job: id }, 'data import job could not record its end'))
    .finally(() => running.delete(id));
  running.set(id, work);
  return id;
}

async function runJob(ctx: AppContext, id: string, input: JobInput): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  let last = 0;
  const progress = async (set: { phase?: 'validating' | 'writing'; validated?: number; written?: number }, force = false) => {
    const now = Date.now();
    if (!force && now - last < THROTTLE_MS) return;
    last = now;
    await ctx.db.updateTable('data_import_job').set({ ...set, state: 'running', updated_at: ctx.clock.now() }).where('id', '=', id).execute();
  };
  const finish = (state: 'done' | 'rejected' | 'failed', report: DataImportReport | null, error: { code: string; message: string } | null) =>
    ctx.db
      .updateTable('data_import_job')
      .set({ state, phase: 'done', report: report ? JSON.stringify(report) : null, error: error ? JSON.stringify(error) : null, validated: input.rows.length, written: state === 'done' && report ? report.created + report.updated + report.deleted : 0, updated_at: ctx.clock.now(), finished_at: ctx.clock.now() })
      .where('id', '=', id)
      .execute();
  try {
    await progress({ phase: 'validating', validated: 0 }, true);
    const report = await runImport(ctx, {
      rows: input.rows,
      dryRun: input.dryRun,
      strategy: input.strategy,
      roots: input.roots,
      actor: input.actor,
      origin: input.origin,
      file: { name: input.fileName, sha256: input.sha256, format: input.format },
      onValidated: (n) => progress({ phase: 'validating', validated: n }),
      onWritten: (n) => progress({ phase: 'writing', validated: input.rows.length, written: n }),
    });
    await finish('done', report, null);
  } catch (err) {
    if (err instanceof AppError && err.code === 'import_rejected') {
      await finish('rejected', err.extra.details as DataImportReport, null);
      return;
    }
    ctx.log.error({ err, job: id }, 'data import job failed');
    const code = err instanceof AppError ? err.code : 'internal_error';
    await finish('failed', null, { code, message: errorMessage(code, 'vi', err instanceof AppError ? err.params : { requestId: `job-${id}` }) }).catch(() => undefined);
  }
}

/** Waits for the jobs of this process (on shutdown). */
export async function settleImportJobs(): Promise<void> {
  await Promise.allSettled([...running.values()]);
}

export async function findImportJob(ctx: AppContext, id: string): Promise<Selectable<DataImportJobTable> | undefined> {
  return ctx.db.selectFrom('data_import_job').selectAll().where('id', '=', id).executeTakeFirst();
}

export function presentJob(j: Selectable<DataImportJobTable>): ImportJobView {
  const live = running.has(String(j.id));
  const interrupted = (j.state === 'queued' || j.state === 'running') && !live;
  return {
    id: String(j.id),
    state: interrupted ? 'failed' : j.state,
    phase: interrupted ? 'done' : j.phase,
    dryRun: j.dry_run,
    fileName: j.file_name,
    total: j.total,
    validated: j.validated,
    written: j.written,
    createdAt: j.created_at.toISOString(),
    finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
    // Reports stored before importStrategy have no ignored/deleted counts.
    report: j.report ? { ignored: 0, deleted: 0, ...(j.report as Partial<DataImportReport>) } as DataImportReport : null,
    error: interrupted ? { code: 'internal_error', message: 'Tiến trình nhập bị gián đoạn (máy chủ khởi động lại); hãy nhập lại tệp.' } : ((j.error as { code: string; message: string } | null) ?? null),
  };
}

// One import, start to end: every row checked first; any rejected row refuses the
// whole file (422 import_rejected with the report); a dry run stops after the counts;
// otherwise the set-based write. Used by the upload route directly and by the job.
import type { DataImportReport, ImportStrategy } from '@shared/schemas/data-exchange.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuditOrigin } from '../audit/audit.repository.ts';
import type { ImportRow } from './exchange-files.ts';
import { validateImport } from './import-validate.ts';
import { applyImport, rejectedReport } from './commands/import-values.ts';

/**
 * Who writes: a user (source 'import'), or an API client through /api/v1 (source 'api',
 * no user: the history names no one and the audit names the client).
 */
export interface ImportActor {
  userId: string | null;
  apiClientId: string | null;
  source: 'import' | 'api';
}

export const userActor = (userId: string): ImportActor => ({ userId, apiClientId: null, source: 'import' });
export const clientActor = (apiClientId: string): ImportActor => ({ userId: null, apiClientId, source: 'api' });

export interface RunImportInput {
  rows: ImportRow[];
  dryRun: boolean;
  /** DHIS2's importStrategy; create_and_update when absent. */
  strategy?: ImportStrategy;
  roots: string[] | null;
  actor: ImportActor;
  origin: AuditOrigin;
  file: { name: string | null; sha256: string; format: string };
  /** Refuse to change values typed on the screen (checked under the write's locks). */
  keepHandEntered?: boolean;
  onValidated?: (n: number) => void | Promise<void>;
  onWritten?: (n: number) => void | Promise<void>;
}

export async function runImport(ctx: AppContext, input: RunImportInput): Promise<DataImportReport> {
  if (input.rows.length === 0) throw new AppError('file_no_rows');
  const total = input.rows.length;
  const strategy = input.strategy ?? 'create_and_update';
  const { staged, rejected } = await validateImport(ctx.db, input.rows, { roots: input.roots, now: ctx.clock.now(), strategy, onProgress: input.onValidated });
  if (rejected.length > 0) throw new AppError('import_rejected', {}, { details: rejectedReport(total, input.dryRun, rejected) });
  return applyImport(ctx, { staged, total, dryRun: input.dryRun, strategy, actor: input.actor, origin: input.origin, file: input.file, keepHandEntered: input.keepHandEntered, onProgress: input.onWritten });
}

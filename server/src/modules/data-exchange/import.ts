// One import, start to end: every row checked first; any rejected row refuses the
// whole file (422 import_rejected with the report); a dry run stops after the counts;
// otherwise the set-based write. Used by the upload route directly and by the job.
import type { DataImportReport } from '@shared/schemas/data-exchange.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuditOrigin } from '../audit/audit.repository.ts';
import type { ImportRow } from './exchange-files.ts';
import { validateImport } from './import-validate.ts';
import { applyImport, rejectedReport } from './commands/import-values.ts';

export interface RunImportInput {
  rows: ImportRow[];
  dryRun: boolean;
  roots: string[] | null;
  userId: string;
  origin: AuditOrigin;
  file: { name: string | null; sha256: string; format: string };
  onValidated?: (n: number) => void | Promise<void>;
  onWritten?: (n: number) => void | Promise<void>;
}

export async function runImport(ctx: AppContext, input: RunImportInput): Promise<DataImportReport> {
  if (input.rows.length === 0) throw new AppError('file_no_rows');
  const total = input.rows.length;
  const { staged, rejected } = await validateImport(ctx.db, input.rows, { roots: input.roots, now: ctx.clock.now(), onProgress: input.onValidated });
  if (rejected.length > 0) throw new AppError('import_rejected', {}, { details: rejectedReport(total, input.dryRun, rejected) });
  return applyImport(ctx, { staged, total, dryRun: input.dryRun, userId: input.userId, origin: input.origin, file: input.file, onProgress: input.onWritten });
}

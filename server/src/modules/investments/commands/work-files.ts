// Photos and documents of a work. The project has no file storage interface yet, so the
// bytes live in investment_file (bytea) under the upload limit, at most MAX_FILES per
// work; the type is decided by the file's first bytes, never by its name alone.
import type { WorkFileKind } from '@shared/schemas/investments.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';

export const MAX_FILES = 40;

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const DOCUMENT_TYPES = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ...PHOTO_TYPES];

/** The content type by magic bytes (and, for Office files, the extension). */
export function sniffType(data: Buffer, fileName: string): string | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  const isZip = data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
  if (isZip && /\.docx$/i.test(fileName)) return DOCUMENT_TYPES[1]!;
  if (isZip && /\.xlsx$/i.test(fileName)) return DOCUMENT_TYPES[2]!;
  return null;
}

export async function addWorkFile(
  ctx: AppContext,
  origin: AuditOrigin,
  work: { id: string; unit_id: string },
  file: { data: Buffer; fileName: string; kind: WorkFileKind; caption: string | null },
): Promise<string> {
  const type = sniffType(file.data, file.fileName);
  const allowed = file.kind === 'photo' ? PHOTO_TYPES : DOCUMENT_TYPES;
  if (!type || !allowed.includes(type)) throw new AppError('investment_file_type');
  const name = file.fileName.normalize('NFC').replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'tep';
  return ctx.db.transaction().execute(async (trx) => {
    await trx.selectFrom('investment_work').select('id').where('id', '=', work.id).forUpdate().executeTakeFirstOrThrow();
    const count = await trx.selectFrom('investment_file').select((eb) => eb.fn.countAll<string>().as('n')).where('work_id', '=', work.id).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_FILES) throw new AppError('investment_too_many_files', { max: MAX_FILES });
    const row = await trx
      .insertInto('investment_file')
      .values({ work_id: work.id, kind: file.kind, file_name: name, content_type: type, size: file.data.length, data: file.data, caption: file.caption?.normalize('NFC').trim() || null, uploaded_by: origin.actor?.id ?? null, uploaded_at: origin.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'investment.file_added', targetType: 'investment_work', targetId: work.id, unitId: work.unit_id, after: { fileId: row.id, kind: file.kind, fileName: name, size: file.data.length, contentType: type } });
    return row.id;
  });
}

export async function deleteWorkFile(ctx: AppContext, origin: AuditOrigin, work: { id: string; unit_id: string }, fileId: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('investment_file').where('id', '=', fileId).where('work_id', '=', work.id).returning(['id', 'kind', 'file_name', 'size']).executeTakeFirst();
    if (!gone) return false;
    await recordAudit(trx, origin, { action: 'investment.file_deleted', targetType: 'investment_work', targetId: work.id, unitId: work.unit_id, before: { fileId: gone.id, kind: gone.kind, fileName: gone.file_name, size: gone.size } });
    return true;
  });
}

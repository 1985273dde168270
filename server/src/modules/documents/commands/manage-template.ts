// Uploading and removing Word templates, each in one transaction with its audit entry.
// The upload is parsed first (templates.ts): a malformed file or a name the report data
// does not provide refuses it with nothing written.
import { createHash } from 'node:crypto';
import type { DocumentKind } from '@shared/schemas/documents.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import type { TemplateRow } from '../documents.repository.ts';
import { fieldNames, inspectTemplate } from '../templates.ts';

export async function uploadTemplate(
  ctx: AppContext,
  origin: AuditOrigin,
  input: { name: string; kind: DocumentKind; unitId: string; fileName: string; file: Buffer },
): Promise<string> {
  const { placeholders, unknown } = await inspectTemplate(input.file, input.kind);
  if (unknown.length > 0) {
    throw new AppError('template_unknown_placeholders', { names: unknown.join(', '), allowed: fieldNames(input.kind).join(', ') }, { details: { unknown, allowed: fieldNames(input.kind) } });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('document_template')
      .values({
        name: input.name,
        kind: input.kind,
        unit_id: input.unitId,
        file_name: input.fileName,
        content: input.file,
        size: input.file.length,
        placeholders,
        created_by: origin.actor?.id ?? null,
        created_by_username: origin.actor?.username ?? '',
        created_at: origin.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      action: 'document.template_uploaded',
      targetType: 'document_template',
      targetId: row.id,
      unitId: input.unitId,
      after: { name: input.name, kind: input.kind, fileName: input.fileName, size: input.file.length, placeholders, sha256: createHash('sha256').update(input.file).digest('hex') },
    });
    return row.id;
  });
}

export async function deleteTemplate(ctx: AppContext, origin: AuditOrigin, t: TemplateRow): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('document_template').where('id', '=', t.id).execute();
    await recordAudit(trx, origin, {
      action: 'document.template_deleted',
      targetType: 'document_template',
      targetId: t.id,
      unitId: t.unit_id,
      before: { name: t.name, kind: t.kind, fileName: t.file_name, size: t.size, placeholders: t.placeholders },
    });
  });
}

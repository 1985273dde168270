// Generating a document: the report is read with the caller's access (same checks as the
// screen), the file is made — Word in the Decree 30 layout, the user's template filled,
// the Excel workbook, or Word converted to PDF — and, in one transaction under the unit's
// register lock, it takes the next number of the unit's register for the year, is kept
// in the register with the file, and audited (document.generated).
import { createHash } from 'node:crypto';
import { vietnamDate } from '@shared/engine/periods.ts';
import type { DocumentFormat, GenerateConsolidatedBody } from '@shared/schemas/documents.ts';
import { foldVietnamese } from '@shared/text.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { XLSX_TYPE } from '../../../platform/http/upload.ts';
import { consolidatedReport, type ReportAccess, userReportAccess } from '../../aggregation/consolidated-report.ts';
import { buildConsolidatedWorkbook, loadXlsxLayout } from '../../aggregation/consolidated-xlsx.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { consolidatedDecree30, consolidatedSubject, consolidatedTemplateData } from '../consolidated-document.ts';
import { buildDecree30Docx } from '../decree30/decree30-docx.ts';
import { findTemplate, findUnit, isAncestorOrSelf, lockRegister, nextRegisterNo, templateContent } from '../documents.repository.ts';
import { defaultHeader, resolveHeader, signerNameOf } from '../header-defaults.ts';
import { convertToPdf } from '../pdf.ts';
import { fillTemplate } from '../templates.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';
export const CONTENT_TYPES: Record<DocumentFormat, string> = { docx: DOCX_TYPE, xlsx: XLSX_TYPE, pdf: PDF_TYPE };

/** Who generates: the report is read with `access`, the register names `user`. */
export interface Generator {
  access: ReportAccess;
  user: { id: string; username: string; displayName: string };
}

/** A signed-in user generating: their data.read scope. */
export function generateConsolidatedDocument(ctx: AppContext, auth: AuthContext, origin: AuditOrigin, body: GenerateConsolidatedBody): Promise<string> {
  return produceConsolidatedDocument(ctx, { access: userReportAccess(ctx, auth), user: auth.user }, origin, body);
}

export async function produceConsolidatedDocument(ctx: AppContext, by: Generator, origin: AuditOrigin, body: GenerateConsolidatedBody): Promise<string> {
  const query = { formId: body.formId, unitId: body.unitId, period: body.period, view: body.view, approvedOnly: body.approvedOnly, disaggregate: body.disaggregate };
  const report = await consolidatedReport(ctx, by.access, query);
  const [layout, unit] = await Promise.all([loadXlsxLayout(ctx, body.formId), findUnit(ctx.db, body.unitId)]);
  if (!unit) throw notFound();

  let template: { id: string; name: string; file: Buffer } | null = null;
  if (body.templateId) {
    const t = await findTemplate(ctx.db, body.templateId);
    if (!t) throw notFound();
    if (t.kind !== 'consolidated' || !(await isAncestorOrSelf(ctx.db, t.unit_id, unit.id))) throw new AppError('template_kind_mismatch', { name: t.name });
    template = { id: t.id, name: t.name, file: (await templateContent(ctx.db, t.id))! };
  }

  const now = ctx.clock.now();
  const year = Number(vietnamDate(now).slice(0, 4));
  const defaults = defaultHeader({ kind: unit.kind, name: unit.name, fullName: unit.full_name }, signerNameOf(by.user.displayName));
  const meta = { generatedAt: now, generatedBy: by.user.displayName };

  return ctx.db.transaction().execute(async (trx) => {
    await lockRegister(trx, unit.id);
    const registerNo = await nextRegisterNo(trx, unit.id, year);
    const header = resolveHeader(defaults, body.header, registerNo);
    const subject = consolidatedSubject(report, layout);

    let file: Buffer;
    if (body.format === 'xlsx') {
      file = await buildConsolidatedWorkbook(report, layout, { disaggregate: body.disaggregate ?? false, now });
    } else {
      const docx = template ? fillTemplate(template.file, consolidatedTemplateData(report, layout, header, meta)) : await buildDecree30Docx(consolidatedDecree30(report, layout, header, meta));
      file = body.format === 'pdf' ? await convertToPdf(ctx.config, docx) : docx;
    }
    const fileName = `bao-cao-tong-hop_${layout.form.code}_${report.unit.code}_${report.period}_so-${registerNo}-${year}.${body.format}`.replace(/[^\w.-]/g, '_');
    const sha256 = createHash('sha256').update(file).digest('hex');
    const row = await trx
      .insertInto('generated_document')
      .values({
        kind: 'consolidated',
        format: body.format,
        unit_id: unit.id,
        province_id: unit.kind === 'province' ? unit.id : unit.province_id,
        register_year: year,
        register_no: registerNo,
        number: header.number,
        title: 'Báo cáo',
        subject,
        search_folded: foldVietnamese(`${header.number} ${subject} ${layout.form.code} ${report.unit.name}`),
        period: report.period,
        form_id: body.formId,
        template_id: template?.id ?? null,
        template_name: template?.name ?? null,
        params: JSON.stringify({ query, header: body.header ?? null }),
        file_name: fileName,
        content_type: CONTENT_TYPES[body.format],
        size: file.length,
        sha256,
        content: file,
        created_by: by.user.id,
        created_by_username: by.user.username,
        created_by_name: by.user.displayName,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      action: 'document.generated',
      targetType: 'generated_document',
      targetId: row.id,
      unitId: unit.id,
      details: { kind: 'consolidated', format: body.format, number: header.number, registerNo, year, formId: body.formId, period: report.period, templateId: template?.id ?? null, size: file.length, sha256 },
    });
    return row.id;
  });
}

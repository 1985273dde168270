// Generating a document: the report is read with the caller's access (same checks as the
// screen), the file is made — Word in the Decree 30 layout, the user's template filled,
// the Excel workbook, or Word converted to PDF — and, in one transaction under the unit's
// register lock, it takes the next number of the unit's register for the year, is kept
// in the register with the file, and audited (document.generated). Each kind of report
// (consolidated figures, task progress) reads its data and says how to lay it out;
// `keepInRegister` does the rest the same way for all.
import { createHash } from 'node:crypto';
import { vietnamDate } from '@shared/engine/periods.ts';
import type { DocumentFormat, DocumentHeader, DocumentKind, GenerateConsolidatedBody, GenerateTaskProgressBody } from '@shared/schemas/documents.ts';
import { foldVietnamese } from '@shared/text.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { XLSX_TYPE } from '../../../platform/http/upload.ts';
import { consolidatedReport, type ReportAccess, userReportAccess } from '../../aggregation/consolidated-report.ts';
import { buildConsolidatedWorkbook, loadXlsxLayout } from '../../aggregation/consolidated-xlsx.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { taskProgressReport, taskReportXlsx } from '../../tasks/task-report.ts';
import { taskAccessOf } from '../../tasks/tasks.policy.ts';
import { consolidatedDecree30, consolidatedSubject, consolidatedTemplateData } from '../consolidated-document.ts';
import { buildDecree30Docx, type Decree30Model } from '../decree30/decree30-docx.ts';
import { type DocUnit, findTemplate, findUnit, isAncestorOrSelf, lockRegister, nextRegisterNo, templateContent } from '../documents.repository.ts';
import { defaultHeader, type ResolvedHeader, resolveHeader, signerNameOf } from '../header-defaults.ts';
import { convertToPdf } from '../pdf.ts';
import { taskProgressDecree30, taskProgressSubject, taskProgressTemplateData } from '../task-progress-document.ts';
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
  const layout = await loadXlsxLayout(ctx, body.formId);
  const subject = consolidatedSubject(report, layout);
  return keepInRegister(ctx, by.user, origin, {
    kind: 'consolidated',
    unitId: body.unitId,
    format: body.format,
    templateId: body.templateId,
    header: body.header,
    subject,
    searchText: `${subject} ${layout.form.code} ${report.unit.name}`,
    period: report.period,
    formId: body.formId,
    params: { query },
    fileStem: `bao-cao-tong-hop_${layout.form.code}_${report.unit.code}_${report.period}`,
    auditDetails: { formId: body.formId, period: report.period },
    xlsx: (now) => buildConsolidatedWorkbook(report, layout, { disaggregate: body.disaggregate ?? false, now }),
    decree30: (header, meta) => consolidatedDecree30(report, layout, header, meta),
    templateData: (header, meta) => consolidatedTemplateData(report, layout, header, meta),
  });
}

/**
 * The task progress report of a unit over [from, to] (tasks module, read with the caller's
 * task access: a unit or plan out of reach is not found, as on the tasks screen).
 */
export async function generateTaskProgressDocument(ctx: AppContext, auth: AuthContext, origin: AuditOrigin, body: GenerateTaskProgressBody): Promise<string> {
  const query = { unitId: body.unitId, from: body.from, to: body.to, ...(body.planId ? { planId: body.planId } : {}) };
  const report = await taskProgressReport(ctx, taskAccessOf(auth), query);
  const subject = taskProgressSubject(report);
  return keepInRegister(ctx, auth.user, origin, {
    kind: 'task_progress',
    unitId: body.unitId,
    format: body.format,
    templateId: body.templateId,
    header: body.header,
    subject,
    searchText: `${subject} ${report.unit.name}`,
    // An ISO 8601 interval: the register shows it as "01/01/2026 – 30/06/2026".
    period: `${report.from}/${report.to}`,
    formId: null,
    params: { query },
    fileStem: `bao-cao-tien-do-nhiem-vu_${report.unit.code}_${report.from}_${report.to}`,
    auditDetails: { from: report.from, to: report.to, planId: body.planId ?? null, tasks: report.rows.length },
    xlsx: () => taskReportXlsx(report),
    decree30: (header, meta) => taskProgressDecree30(report, header, meta),
    templateData: (header, meta) => taskProgressTemplateData(report, header, meta),
  });
}

type Header = ResolvedHeader & { number: string };
interface Meta {
  generatedAt: Date;
  generatedBy: string;
}

/** One report's part in generating: what it is, and how to lay out its data (already read). */
interface DocumentSpec {
  kind: DocumentKind;
  unitId: string;
  format: DocumentFormat;
  templateId: string | undefined;
  header: DocumentHeader | undefined;
  subject: string;
  /** Folded with the number for the register's search. */
  searchText: string;
  period: string | null;
  formId: string | null;
  /** What was asked, kept with the header choices. */
  params: Record<string, unknown>;
  /** The file name before "_so-<no>-<year>.<format>". */
  fileStem: string;
  auditDetails: Record<string, unknown>;
  xlsx: (now: Date) => Promise<Buffer>;
  decree30: (header: Header, meta: Meta) => Decree30Model;
  templateData: (header: Header, meta: Meta) => Record<string, unknown>;
}

/** A template of the report's kind, belonging to the unit or one above it. */
async function usableTemplate(ctx: AppContext, id: string, kind: DocumentKind, unitId: string): Promise<{ id: string; name: string; file: Buffer }> {
  const t = await findTemplate(ctx.db, id);
  if (!t) throw notFound();
  if (t.kind !== kind || !(await isAncestorOrSelf(ctx.db, t.unit_id, unitId))) throw new AppError('template_kind_mismatch', { name: t.name });
  return { id: t.id, name: t.name, file: (await templateContent(ctx.db, t.id))! };
}

/** Numbers, makes, keeps and audits the document in one transaction under the unit's register lock. */
async function keepInRegister(ctx: AppContext, user: Generator['user'], origin: AuditOrigin, spec: DocumentSpec): Promise<string> {
  const unit: DocUnit | undefined = await findUnit(ctx.db, spec.unitId);
  if (!unit) throw notFound();
  const template = spec.templateId ? await usableTemplate(ctx, spec.templateId, spec.kind, unit.id) : null;

  const now = ctx.clock.now();
  const year = Number(vietnamDate(now).slice(0, 4));
  const defaults = defaultHeader({ kind: unit.kind, name: unit.name, fullName: unit.full_name }, signerNameOf(user.displayName));
  const meta: Meta = { generatedAt: now, generatedBy: user.displayName };

  return ctx.db.transaction().execute(async (trx) => {
    await lockRegister(trx, unit.id);
    const registerNo = await nextRegisterNo(trx, unit.id, year);
    const header = resolveHeader(defaults, spec.header, registerNo);

    let file: Buffer;
    if (spec.format === 'xlsx') {
      file = await spec.xlsx(now);
    } else {
      const docx = template ? await fillTemplate(template.file, spec.templateData(header, meta)) : await buildDecree30Docx(spec.decree30(header, meta));
      file = spec.format === 'pdf' ? await convertToPdf(ctx.config, docx) : docx;
    }
    const fileName = `${spec.fileStem}_so-${registerNo}-${year}.${spec.format}`.replace(/[^\w.-]/g, '_');
    const sha256 = createHash('sha256').update(file).digest('hex');
    const row = await trx
      .insertInto('generated_document')
      .values({
        kind: spec.kind,
        format: spec.format,
        unit_id: unit.id,
        province_id: unit.kind === 'province' ? unit.id : unit.province_id,
        register_year: year,
        register_no: registerNo,
        number: header.number,
        title: 'Báo cáo',
        subject: spec.subject,
        search_folded: foldVietnamese(`${header.number} ${spec.searchText}`),
        period: spec.period,
        form_id: spec.formId,
        template_id: template?.id ?? null,
        template_name: template?.name ?? null,
        params: JSON.stringify({ ...spec.params, header: spec.header ?? null }),
        file_name: fileName,
        content_type: CONTENT_TYPES[spec.format],
        size: file.length,
        sha256,
        content: file,
        created_by: user.id,
        created_by_username: user.username,
        created_by_name: user.displayName,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      action: 'document.generated',
      targetType: 'generated_document',
      targetId: row.id,
      unitId: unit.id,
      details: { kind: spec.kind, format: spec.format, number: header.number, registerNo, year, ...spec.auditDetails, templateId: template?.id ?? null, size: file.length, sha256 },
    });
    return row.id;
  });
}

// What leaves the API about documents and templates: never the file bytes (they have
// their own download routes) nor the stored parameters.
import type { DocumentView, TemplateView } from '@shared/schemas/documents.ts';
import { reportPeriodLabel } from './consolidated-document.ts';
import type { DocumentRow, TemplateRow } from './documents.repository.ts';

const dmy = (d: string) => d.split('-').reverse().join('/');

/** A form's period ("Quý 1/2026"), or a task report's days ("01/01/2026 – 30/06/2026", stored as an ISO interval). */
function periodLabelOf(d: Pick<DocumentRow, 'kind' | 'period'>): string | null {
  if (!d.period) return null;
  switch (d.kind) {
    case 'consolidated':
      return reportPeriodLabel(d.period);
    case 'task_progress':
      return d.period.split('/').map(dmy).join(' – ');
  }
}

export function presentDocument(d: DocumentRow): DocumentView {
  return {
    id: d.id,
    kind: d.kind,
    format: d.format,
    registerNo: d.register_no,
    registerYear: d.register_year,
    number: d.number,
    title: d.title,
    subject: d.subject,
    unit: { id: d.unit_id, code: d.unit_code, name: d.unit_name },
    period: d.period,
    periodLabel: periodLabelOf(d),
    form: d.form_id && d.form_code ? { id: d.form_id, code: d.form_code, name: d.form_name ?? '' } : null,
    template: d.template_id && d.template_name ? { id: d.template_id, name: d.template_name } : null,
    fileName: d.file_name,
    contentType: d.content_type,
    size: d.size,
    sha256: d.sha256,
    createdBy: { id: d.created_by, username: d.created_by_username, displayName: d.created_by_name },
    createdAt: d.created_at.toISOString(),
  };
}

export function presentTemplate(t: TemplateRow, canManage: boolean): TemplateView {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    unit: { id: t.unit_id, code: t.unit_code, name: t.unit_name },
    fileName: t.file_name,
    size: t.size,
    placeholders: t.placeholders,
    createdBy: t.created_by_username,
    createdAt: t.created_at.toISOString(),
    canManage,
  };
}

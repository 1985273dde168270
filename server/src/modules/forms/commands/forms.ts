// Creating and changing report forms, their assignment, due rules and lock exceptions;
// each write is one transaction audited inside it. Sections are replaced as a whole:
// data values are keyed by data element and option combination, never by section.
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { tryParsePeriod } from '@shared/engine/periods.ts';
import type { AssignmentsInput, DueRulesInput, FormChange, FormInput, LockExceptionInput } from '@shared/schemas/forms.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { codeTaken, throwIfAny, type FieldProblem } from '../../catalog/commands/errors.ts';

type Trx = Transaction<Database>;
type Sections = NonNullable<FormInput['sections']>;

const snapshot = (r: { code: string; name_vi: string; name_en: string | null; period_type: string; lock_days_after_due: number | null; approve_before_children: boolean }) => ({
  code: r.code,
  nameVi: r.name_vi,
  nameEn: r.name_en,
  periodType: r.period_type,
  lockDaysAfterDue: r.lock_days_after_due,
  approveBeforeChildren: r.approve_before_children,
});

async function checkLayout(trx: Trx, sections: Sections | undefined, ruleIds: string[] | undefined): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (sections) {
    const ids = sections.flatMap((s) => s.elements.map((e) => e.dataElementId));
    const known = new Set(ids.length ? (await trx.selectFrom('data_element').select('id').where('id', 'in', ids).execute()).map((r) => r.id) : []);
    const seen = new Set<string>();
    const codes = new Set<string>();
    sections.forEach((s, i) => {
      if (codes.has(s.code)) problems.push({ path: `body.sections.${i}.code`, vi: `Mã phần "${s.code}" bị trùng.`, en: `Duplicate section code "${s.code}".` });
      codes.add(s.code);
      s.elements.forEach((e, k) => {
        const path = `body.sections.${i}.elements.${k}.dataElementId`;
        if (!known.has(e.dataElementId)) problems.push({ path, vi: 'Không tìm thấy phần tử dữ liệu.', en: 'The data element does not exist.' });
        else if (seen.has(e.dataElementId)) problems.push({ path, vi: 'Phần tử dữ liệu đã có trong biểu mẫu.', en: 'The data element is already on the form.' });
        seen.add(e.dataElementId);
      });
    });
  }
  if (ruleIds && ruleIds.length > 0) {
    const known = new Set((await trx.selectFrom('validation_rule').select('id').where('id', 'in', ruleIds).execute()).map((r) => r.id));
    ruleIds.forEach((id, i) => {
      if (!known.has(id)) problems.push({ path: `body.validationRuleIds.${i}`, vi: 'Không tìm thấy quy tắc kiểm tra.', en: 'The validation rule does not exist.' });
    });
  }
  return problems;
}

async function writeLayout(trx: Trx, formId: string, sections: Sections | undefined, ruleIds: string[] | undefined): Promise<void> {
  if (sections) {
    await trx.deleteFrom('form_element').where('form_id', '=', formId).execute();
    await trx.deleteFrom('form_section').where('form_id', '=', formId).execute();
    let order = 0;
    for (const [i, s] of sections.entries()) {
      const row = await trx
        .insertInto('form_section')
        .values({ form_id: formId, code: s.code, name_vi: s.nameVi, name_en: s.nameEn ?? null, sort_order: i })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (s.elements.length > 0) {
        await trx
          .insertInto('form_element')
          .values(s.elements.map((e) => ({ form_id: formId, section_id: row.id, data_element_id: e.dataElementId, sort_order: order++, required: e.required ?? false })))
          .execute();
      }
    }
  }
  if (ruleIds) {
    await trx.deleteFrom('form_validation_rule').where('form_id', '=', formId).execute();
    const unique = [...new Set(ruleIds)];
    if (unique.length > 0) await trx.insertInto('form_validation_rule').values(unique.map((rule_id) => ({ form_id: formId, rule_id }))).execute();
  }
}

export async function createForm(ctx: AppContext, request: FastifyRequest, input: FormInput): Promise<string> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    throwIfAny(request, await checkLayout(trx, input.sections, input.validationRuleIds));
    const row = await trx
      .insertInto('form')
      .values({
        code: input.code,
        name_vi: input.nameVi,
        name_en: input.nameEn ?? null,
        description: input.description || null,
        period_type: input.periodType,
        lock_days_after_due: input.lockDaysAfterDue ?? null,
        approve_before_children: input.approveBeforeChildren ?? false,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw codeTaken(request, input.code);
    await writeLayout(trx, row.id, input.sections, input.validationRuleIds);
    await recordAudit(trx, originOf(request, now), {
      action: 'form.created',
      targetType: 'form',
      targetId: row.id,
      after: { ...snapshot(row), sections: input.sections, validationRuleIds: input.validationRuleIds },
    });
    return row.id;
  });
}

export async function updateForm(ctx: AppContext, request: FastifyRequest, id: string, change: FormChange): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('form').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    throwIfAny(request, await checkLayout(trx, change.sections, change.validationRuleIds));
    const after = await trx
      .updateTable('form')
      .set({
        name_vi: change.nameVi ?? before.name_vi,
        name_en: change.nameEn === undefined ? before.name_en : change.nameEn,
        description: change.description === undefined ? before.description : change.description || null,
        lock_days_after_due: change.lockDaysAfterDue === undefined ? before.lock_days_after_due : change.lockDaysAfterDue,
        approve_before_children: change.approveBeforeChildren ?? before.approve_before_children,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeLayout(trx, id, change.sections, change.validationRuleIds);
    await recordAudit(trx, originOf(request, now), {
      action: 'form.updated',
      targetType: 'form',
      targetId: id,
      before: snapshot(before),
      after: { ...snapshot(after), sections: change.sections, validationRuleIds: change.validationRuleIds },
    });
  });
}

export async function replaceAssignments(ctx: AppContext, request: FastifyRequest, formId: string, input: AssignmentsInput): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const form = await trx.selectFrom('form').select('id').where('id', '=', formId).forUpdate().executeTakeFirst();
    if (!form) throw notFound();
    const problems: FieldProblem[] = [];
    const groupIds = input.assignments.flatMap((a) => (a.mode === 'group' ? [a.groupId] : []));
    const unitIds = input.assignments.flatMap((a) => (a.mode === 'unit' ? [a.unitId] : []));
    const groups = new Set(groupIds.length ? (await trx.selectFrom('org_unit_group').select('id').where('id', 'in', groupIds).execute()).map((r) => r.id) : []);
    const units = new Map(
      unitIds.length ? (await trx.selectFrom('org_unit').select(['id', 'kind']).where('id', 'in', unitIds).execute()).map((r) => [r.id, r.kind] as const) : [],
    );
    input.assignments.forEach((a, i) => {
      if (a.mode === 'group' && !groups.has(a.groupId)) problems.push({ path: `body.assignments.${i}.groupId`, vi: 'Không tìm thấy nhóm đơn vị.', en: 'The unit group does not exist.' });
      if (a.mode === 'unit') {
        const kind = units.get(a.unitId);
        if (!kind) problems.push({ path: `body.assignments.${i}.unitId`, vi: 'Không tìm thấy đơn vị.', en: 'The unit does not exist.' });
        else if (!['commune', 'province', 'nation'].includes(kind)) {
          problems.push({ path: `body.assignments.${i}.unitId`, vi: 'Chỉ giao biểu mẫu cho cấp xã, tỉnh hoặc trung ương.', en: 'Forms are assigned to communes, provinces or the nation only.' });
        }
      }
    });
    throwIfAny(request, problems);
    const before = await trx.selectFrom('form_assignment').select(['mode', 'unit_kind', 'group_id', 'unit_id']).where('form_id', '=', formId).orderBy('id').execute();
    await trx.deleteFrom('form_assignment').where('form_id', '=', formId).execute();
    const rows = input.assignments.map((a) => ({
      form_id: formId,
      mode: a.mode,
      unit_kind: a.mode === 'level' ? a.unitKind : null,
      group_id: a.mode === 'group' ? a.groupId : null,
      unit_id: a.mode === 'unit' ? a.unitId : null,
    }));
    if (rows.length > 0) await trx.insertInto('form_assignment').values(rows).execute();
    await trx.updateTable('form').set({ updated_at: now }).where('id', '=', formId).execute();
    await recordAudit(trx, originOf(request, now), { action: 'form.assignments_replaced', targetType: 'form', targetId: formId, before, after: input.assignments });
  });
}

export async function replaceDueRules(ctx: AppContext, request: FastifyRequest, formId: string, input: DueRulesInput): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const form = await trx.selectFrom('form').select('id').where('id', '=', formId).forUpdate().executeTakeFirst();
    if (!form) throw notFound();
    const problems: FieldProblem[] = [];
    const kinds = new Set<string>();
    input.rules.forEach((r, i) => {
      if (kinds.has(r.unitKind)) problems.push({ path: `body.rules.${i}.unitKind`, vi: 'Mỗi cấp đơn vị chỉ có một quy tắc hạn nộp.', en: 'One due rule per level of unit.' });
      kinds.add(r.unitKind);
      if (r.fixedDate) {
        const max = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][r.fixedDate.month - 1];
        if (r.fixedDate.day > max) problems.push({ path: `body.rules.${i}.fixedDate.day`, vi: `Ngày ${r.fixedDate.day}/${r.fixedDate.month} không tồn tại.`, en: `Day ${r.fixedDate.day}/${r.fixedDate.month} does not exist.` });
      }
    });
    throwIfAny(request, problems);
    const before = await trx.selectFrom('form_due_rule').selectAll().where('form_id', '=', formId).orderBy('unit_kind').execute();
    await trx.deleteFrom('form_due_rule').where('form_id', '=', formId).execute();
    if (input.rules.length > 0) {
      await trx
        .insertInto('form_due_rule')
        .values(
          input.rules.map((r) => ({
            form_id: formId,
            unit_kind: r.unitKind,
            days_after_end: r.daysAfterEnd ?? null,
            fixed_month: r.fixedDate?.month ?? null,
            fixed_day: r.fixedDate?.day ?? null,
            year_offset: r.yearOffset ?? 0,
          })),
        )
        .execute();
    }
    await trx.updateTable('form').set({ updated_at: now }).where('id', '=', formId).execute();
    await recordAudit(trx, originOf(request, now), { action: 'form.due_rules_replaced', targetType: 'form', targetId: formId, before, after: input.rules });
  });
}

export async function grantLockException(ctx: AppContext, request: FastifyRequest, form: { id: string; period_type: string }, input: LockExceptionInput): Promise<string> {
  const now = ctx.clock.now();
  const problems: FieldProblem[] = [];
  if (input.period !== undefined) {
    const parsed = tryParsePeriod(input.period);
    if (!parsed.ok) problems.push({ path: 'body.period', vi: parsed.error.message, en: parsed.error.messageEn });
    else if (parsed.period.type !== form.period_type) problems.push({ path: 'body.period', vi: 'Kỳ báo cáo không đúng loại kỳ của biểu mẫu.', en: "The period does not match the form's period type." });
  }
  const expiresAt = new Date(input.expiresAt);
  if (expiresAt.getTime() <= now.getTime()) problems.push({ path: 'body.expiresAt', vi: 'Thời hạn ngoại lệ phải ở tương lai.', en: 'The exception must expire in the future.' });
  throwIfAny(request, problems);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('form_lock_exception')
      .values({ form_id: form.id, unit_id: input.unitId, period: input.period ?? null, expires_at: expiresAt, reason: input.reason, granted_by: request.auth?.user.id ?? null, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, originOf(request, now), {
      action: 'form.lock_exception_granted',
      targetType: 'form',
      targetId: form.id,
      unitId: input.unitId,
      after: { period: row.period, expiresAt: row.expires_at, reason: row.reason },
    });
    return row.id;
  });
}

// Changes to dashboards, each in one transaction with its audit entry. A layout is saved
// as a whole (the items replaced); the slug is made once, from the name, and kept.
import { randomUUID } from 'node:crypto';
import type { DashboardBody, DashboardItemInput, DashboardPatch, SharingBody } from '@shared/schemas/dashboards.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import type { DashboardItemRow, DashboardRow } from '../dashboards.repository.ts';

const snapshot = (d: { name: string; description: string | null; default_period: string | null; default_unit_id: string | null; is_public: boolean; slug: string }) => ({
  name: d.name,
  description: d.description,
  defaultPeriod: d.default_period,
  defaultUnitId: d.default_unit_id,
  public: d.is_public,
  slug: d.slug,
});
const layout = (items: DashboardItemRow[] | DashboardItemInput[]) =>
  items.map((i) => {
    const r = i as Partial<DashboardItemRow> & Partial<DashboardItemInput>;
    return {
      id: r.item_id ?? r.id,
      type: r.type,
      visualizationId: r.visualization_id ?? r.visualizationId ?? null,
      formId: r.form_id ?? r.formId ?? null,
      text: r.text ?? null,
      x: r.x,
      y: r.y,
      w: r.w,
      h: r.h,
    };
  });

/** "Chương trình 1719 — toàn quốc" → "chuong-trinh-1719-toan-quoc". */
export function slugFor(name: string): string {
  return foldVietnamese(name).replace(/ +/g, '-').slice(0, 80).replace(/-+$/, '') || 'trang-tong-quan';
}

async function writeItems(trx: Kysely<Database>, dashboardId: string, items: DashboardItemInput[]): Promise<void> {
  await trx.deleteFrom('dashboard_item').where('dashboard_id', '=', dashboardId).execute();
  if (items.length === 0) return;
  await trx
    .insertInto('dashboard_item')
    .values(
      items.map((it, position) => ({
        dashboard_id: dashboardId,
        item_id: it.id,
        position,
        type: it.type,
        visualization_id: it.type === 'visualization' ? it.visualizationId! : null,
        text: it.type === 'text' ? (it.text ?? null) : null,
        form_id: it.type === 'late_units' ? (it.formId ?? null) : null,
        x: it.x,
        y: it.y,
        w: it.w,
        h: it.h,
      })),
    )
    .execute();
}

export async function createDashboard(
  ctx: AppContext,
  origin: AuditOrigin,
  ownerId: string | null,
  body: DashboardBody,
  extra: { sharedUnitIds?: string[]; seedKey?: string; isPublic?: boolean } = {},
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('dashboard')
      .values({
        name: body.name,
        name_folded: foldVietnamese(body.name),
        description: body.description || null,
        owner_id: ownerId,
        shared_unit_ids: extra.sharedUnitIds ?? [],
        default_period: body.defaultPeriod ?? null,
        default_unit_id: body.defaultUnitId ?? null,
        is_public: extra.isPublic ?? false,
        published_at: extra.isPublic ? origin.at : null,
        slug: `tmp-${randomUUID()}`,
        seed_key: extra.seedKey ?? null,
        created_at: origin.at,
        updated_at: origin.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const base = slugFor(body.name);
    const taken = await trx.selectFrom('dashboard').select('id').where('slug', '=', base).executeTakeFirst();
    const after = await trx
      .updateTable('dashboard')
      .set({ slug: taken ? `${base}-${row.id}` : base })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeItems(trx, row.id, body.items);
    await recordAudit(trx, origin, { action: 'dashboard.created', targetType: 'dashboard', targetId: row.id, after: { ...snapshot(after), items: layout(body.items) } });
    return row.id;
  });
}

export async function updateDashboard(ctx: AppContext, origin: AuditOrigin, row: DashboardRow, patch: DashboardPatch): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const publishing = patch.public === true && !row.is_public;
    const withdrawing = patch.public === false && row.is_public;
    const after = await trx
      .updateTable('dashboard')
      .set({
        ...(patch.name !== undefined ? { name: patch.name, name_folded: foldVietnamese(patch.name) } : {}),
        ...(patch.description !== undefined ? { description: patch.description || null } : {}),
        ...(patch.defaultPeriod !== undefined ? { default_period: patch.defaultPeriod } : {}),
        ...(patch.defaultUnitId !== undefined ? { default_unit_id: patch.defaultUnitId } : {}),
        ...(publishing ? { is_public: true, published_at: origin.at } : {}),
        ...(withdrawing ? { is_public: false, published_at: null } : {}),
        updated_at: origin.at,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const action = publishing ? 'dashboard.published' : withdrawing ? 'dashboard.unpublished' : 'dashboard.updated';
    await recordAudit(trx, origin, { action, targetType: 'dashboard', targetId: row.id, before: snapshot(row), after: snapshot(after) });
  });
}

export async function saveLayout(ctx: AppContext, origin: AuditOrigin, row: DashboardRow, before: DashboardItemRow[], items: DashboardItemInput[]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await writeItems(trx, row.id, items);
    await trx.updateTable('dashboard').set({ updated_at: origin.at }).where('id', '=', row.id).execute();
    await recordAudit(trx, origin, { action: 'dashboard.layout_saved', targetType: 'dashboard', targetId: row.id, before: layout(before), after: layout(items) });
  });
}

export async function shareDashboard(ctx: AppContext, origin: AuditOrigin, row: DashboardRow, body: SharingBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('dashboard').set({ shared_user_ids: body.userIds, shared_unit_ids: body.unitIds, updated_at: origin.at }).where('id', '=', row.id).execute();
    await recordAudit(trx, origin, {
      action: 'dashboard.shared',
      targetType: 'dashboard',
      targetId: row.id,
      before: { userIds: row.shared_user_ids, unitIds: row.shared_unit_ids },
      after: body,
    });
  });
}

export async function deleteDashboard(ctx: AppContext, origin: AuditOrigin, row: DashboardRow, items: DashboardItemRow[]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dashboard').where('id', '=', row.id).execute();
    await recordAudit(trx, origin, { action: 'dashboard.deleted', targetType: 'dashboard', targetId: row.id, before: { ...snapshot(row), ownerId: row.owner_id, items: layout(items) } });
  });
}

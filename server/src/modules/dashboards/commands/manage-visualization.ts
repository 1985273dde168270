// Changes to favourites, each in one transaction with its audit entry (before → after).
import type { SharingBody, VisualizationBody } from '@shared/schemas/dashboards.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import type { VisualizationRow } from '../visualizations.repository.ts';

const snapshot = (v: { type: string; name: string; description: string | null; config: unknown }) => ({ type: v.type, name: v.name, description: v.description, config: v.config });
const sharing = (v: { shared_user_ids: string[]; shared_unit_ids: string[] }) => ({ userIds: v.shared_user_ids, unitIds: v.shared_unit_ids });

export async function createVisualization(ctx: AppContext, origin: AuditOrigin, ownerId: string, body: VisualizationBody): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('visualization')
      .values({
        type: body.type,
        name: body.name,
        name_folded: foldVietnamese(body.name),
        description: body.description || null,
        config: JSON.stringify(body.config),
        owner_id: ownerId,
        created_at: origin.at,
        updated_at: origin.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'visualization.created', targetType: 'visualization', targetId: row.id, after: snapshot(row) });
    return row.id;
  });
}

/** PUT: type, name, description and configuration replaced as a whole. */
export async function replaceVisualization(ctx: AppContext, origin: AuditOrigin, row: VisualizationRow, body: VisualizationBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const after = await trx
      .updateTable('visualization')
      .set({ type: body.type, name: body.name, name_folded: foldVietnamese(body.name), description: body.description || null, config: JSON.stringify(body.config), updated_at: origin.at })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'visualization.updated', targetType: 'visualization', targetId: row.id, before: snapshot(row), after: snapshot(after) });
  });
}

export async function renameVisualization(ctx: AppContext, origin: AuditOrigin, row: VisualizationRow, patch: { name?: string; description?: string | null }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('visualization')
      .set({
        ...(patch.name !== undefined ? { name: patch.name, name_folded: foldVietnamese(patch.name) } : {}),
        ...(patch.description !== undefined ? { description: patch.description || null } : {}),
        updated_at: origin.at,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, origin, {
      action: 'visualization.renamed',
      targetType: 'visualization',
      targetId: row.id,
      before: { name: row.name, description: row.description },
      after: { name: patch.name ?? row.name, description: patch.description !== undefined ? patch.description || null : row.description },
    });
  });
}

export async function shareVisualization(ctx: AppContext, origin: AuditOrigin, row: VisualizationRow, body: SharingBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('visualization').set({ shared_user_ids: body.userIds, shared_unit_ids: body.unitIds, updated_at: origin.at }).where('id', '=', row.id).execute();
    await recordAudit(trx, origin, { action: 'visualization.shared', targetType: 'visualization', targetId: row.id, before: sharing(row), after: body });
  });
}

/** The favourite goes, and with it the dashboard items that showed it (counted in the audit entry). */
export async function deleteVisualization(ctx: AppContext, origin: AuditOrigin, row: VisualizationRow): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const items = await trx.selectFrom('dashboard_item').select(['dashboard_id', 'item_id']).where('visualization_id', '=', row.id).execute();
    await trx.deleteFrom('visualization').where('id', '=', row.id).execute();
    await recordAudit(trx, origin, {
      action: 'visualization.deleted',
      targetType: 'visualization',
      targetId: row.id,
      before: { ...snapshot(row), ownerId: row.owner_id, ...sharing(row) },
      details: { dashboardItemsRemoved: items.map((i) => ({ dashboardId: i.dashboard_id, itemId: i.item_id })) },
    });
  });
}

// Editing a connector's mapping table: upsert by (kind, external code) — a code already
// mapped is repointed — and delete one entry. Targets are checked to exist (a unit; an
// element with an option combination of its own combo, the default one when omitted) —
// units must be current 2025 units: the import writes only to those.
// One transaction and one audit entry per change.
import { sql } from 'kysely';
import type { ConnectorMappingInput } from '@shared/schemas/connectors.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';

export async function upsertMappings(db: Db, origin: AuditOrigin, connectorId: string, items: ConnectorMappingInput[]): Promise<void> {
  const unitIds = [...new Set(items.flatMap((i) => (i.kind === 'unit' ? [i.unitId] : [])))];
  const elementIds = [...new Set(items.flatMap((i) => (i.kind === 'element' ? [i.dataElementId] : [])))];
  const units = new Set((await sql<{ id: string }>`select id from org_unit where id = any(${unitIds}::bigint[]) and hierarchy in ('2025', 'all') and valid_to is null`.execute(db)).rows.map((r) => String(r.id)));
  const cocs = await sql<{ element_id: string; coc_id: string; is_default: boolean; sort_order: number }>`
    select de.id as element_id, oc.id as coc_id, cc.is_default, oc.sort_order
    from data_element de join category_combo cc on cc.id = de.category_combo_id
    join category_option_combo oc on oc.combo_id = de.category_combo_id and oc.active
    where de.id = any(${elementIds}::bigint[]) order by oc.sort_order, oc.id`.execute(db);
  const cocsOf = new Map<string, { coc_id: string; is_default: boolean }[]>();
  for (const c of cocs.rows) cocsOf.set(String(c.element_id), [...(cocsOf.get(String(c.element_id)) ?? []), { coc_id: String(c.coc_id), is_default: c.is_default }]);

  const problems: string[] = [];
  const rows = items.map((i) => {
    if (i.kind === 'unit') {
      if (!units.has(i.unitId)) problems.push(`đơn vị hiện hành ${i.unitId}`);
      return { kind: 'unit' as const, external_code: i.externalCode, unit_id: i.unitId, data_element_id: null, coc_id: null };
    }
    const options = cocsOf.get(i.dataElementId);
    let coc: string | undefined;
    if (!options) problems.push(`phần tử dữ liệu ${i.dataElementId}`);
    else if (i.cocId) coc = options.find((o) => o.coc_id === i.cocId)?.coc_id;
    else coc = options[0]?.is_default ? options[0].coc_id : undefined;
    if (options && !coc) problems.push(i.cocId ? `tổ hợp phân tổ ${i.cocId} của phần tử ${i.dataElementId}` : `tổ hợp phân tổ (phần tử ${i.dataElementId} có phân tổ, cần cocId)`);
    return { kind: 'element' as const, external_code: i.externalCode, unit_id: null, data_element_id: i.dataElementId, coc_id: coc ?? null };
  });
  if (problems.length > 0) throw new AppError('connector_unknown_target', { what: [...new Set(problems)].slice(0, 5).join('; ') });
  const seen = new Set<string>();
  for (const r of rows) {
    const k = `${r.kind}|${r.external_code}`;
    if (seen.has(k)) throw new AppError('validation_failed', {}, { fields: [{ path: 'body.items', message: `Mã "${r.external_code}" xuất hiện hai lần` }] });
    seen.add(k);
  }

  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('connector_mapping').select(['kind', 'external_code', 'unit_id', 'data_element_id', 'coc_id']).where('connector_id', '=', connectorId).execute();
    await trx
      .insertInto('connector_mapping')
      .values(rows.map((r) => ({ ...r, connector_id: connectorId, updated_by: origin.actor?.id ?? null, updated_at: origin.at })))
      .onConflict((oc) =>
        oc.columns(['connector_id', 'kind', 'external_code']).doUpdateSet((eb) => ({
          unit_id: eb.ref('excluded.unit_id'),
          data_element_id: eb.ref('excluded.data_element_id'),
          coc_id: eb.ref('excluded.coc_id'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    const keys = new Set(rows.map((r) => `${r.kind}|${r.external_code}`));
    await recordAudit(trx, origin, {
      action: 'connector.mappings_saved',
      targetType: 'connector',
      targetId: connectorId,
      before: before.filter((b) => keys.has(`${b.kind}|${b.external_code}`)),
      after: rows,
    });
  });
}

export async function deleteMapping(db: Db, origin: AuditOrigin, connectorId: string, mappingId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('connector_mapping').where('id', '=', mappingId).where('connector_id', '=', connectorId).returningAll().executeTakeFirst();
    if (!gone) return false;
    await recordAudit(trx, origin, {
      action: 'connector.mapping_deleted',
      targetType: 'connector',
      targetId: connectorId,
      before: { kind: gone.kind, externalCode: gone.external_code, unitId: gone.unit_id, dataElementId: gone.data_element_id, cocId: gone.coc_id },
    });
    return true;
  });
}

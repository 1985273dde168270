// Creating, editing and deleting a connector, each in one transaction with its audit
// entry. A new connector gets its profile's default column → element mappings (for the
// elements the catalogue has). The client secret is sealed before it is stored and never
// appears in the audit: only whether one is set.
import type { ConnectorBody, ConnectorPatch } from '@shared/schemas/connectors.ts';
import type { Config } from '../../../platform/config.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { sealSecret } from '../../../platform/secrets.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { type ConnectorRow, elementsWithDefaultCoc } from '../connectors.repository.ts';
import { profileOf } from '../profiles.ts';

/** What the audit keeps of a connector: everything but the secret. */
export const auditSnapshot = (c: Pick<ConnectorRow, 'code' | 'name' | 'kind' | 'format' | 'profile' | 'source_url' | 'token_url' | 'client_id' | 'client_secret_sealed' | 'token_scope' | 'scope_unit_id' | 'schedule' | 'enabled'>) => ({
  code: c.code,
  name: c.name,
  kind: c.kind,
  format: c.format,
  profile: c.profile,
  sourceUrl: c.source_url,
  tokenUrl: c.token_url,
  clientId: c.client_id,
  hasClientSecret: c.client_secret_sealed !== null,
  tokenScope: c.token_scope,
  scopeUnitId: c.scope_unit_id === null ? null : String(c.scope_unit_id),
  schedule: c.schedule,
  enabled: c.enabled,
});

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export async function createConnector(db: Db, config: Config, origin: AuditOrigin, body: ConnectorBody): Promise<string> {
  const now = origin.at;
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('connector')
        .values({
          code: body.code,
          name: body.name,
          kind: body.kind,
          format: body.format,
          profile: body.profile,
          source_url: body.sourceUrl ?? null,
          token_url: body.tokenUrl ?? null,
          client_id: body.clientId ?? null,
          client_secret_sealed: body.clientSecret ? sealSecret(config, body.clientSecret) : null,
          token_scope: body.tokenScope ?? null,
          scope_unit_id: body.scopeUnitId ?? null,
          schedule: body.schedule ?? null,
          enabled: body.enabled ?? true,
          created_by: origin.actor?.id ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const profile = profileOf(body.profile);
      const elements = await elementsWithDefaultCoc(trx, profile.columns.map((c) => c.defaultElement));
      const defaults = profile.columns.flatMap((c) => {
        const e = elements.find((x) => x.code === c.defaultElement);
        return e && e.coc_id ? [{ connector_id: row.id, kind: 'element' as const, external_code: c.name, data_element_id: e.id, coc_id: e.coc_id, unit_id: null, updated_by: origin.actor?.id ?? null, updated_at: now }] : [];
      });
      if (defaults.length > 0) await trx.insertInto('connector_mapping').values(defaults).execute();
      await recordAudit(trx, origin, {
        action: 'connector.created',
        targetType: 'connector',
        targetId: row.id,
        unitId: row.scope_unit_id,
        after: { ...auditSnapshot(row), mappings: defaults.map((d) => ({ column: d.external_code, dataElementId: d.data_element_id })) },
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('connector_code_taken', { code: body.code });
    throw err;
  }
}

export async function updateConnector(db: Db, config: Config, origin: AuditOrigin, before: ConnectorRow, patch: ConnectorPatch): Promise<void> {
  const set: Record<string, unknown> = { updated_at: origin.at };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.format !== undefined) set.format = patch.format;
  if (patch.profile !== undefined) set.profile = patch.profile;
  if (patch.sourceUrl !== undefined) set.source_url = patch.sourceUrl;
  if (patch.tokenUrl !== undefined) set.token_url = patch.tokenUrl;
  if (patch.clientId !== undefined) set.client_id = patch.clientId;
  if (patch.clientSecret !== undefined) set.client_secret_sealed = patch.clientSecret === null ? null : sealSecret(config, patch.clientSecret);
  if (patch.tokenScope !== undefined) set.token_scope = patch.tokenScope;
  if (patch.scopeUnitId !== undefined) set.scope_unit_id = patch.scopeUnitId;
  if (patch.schedule !== undefined) {
    set.schedule = patch.schedule;
    // A new schedule counts from now: no catch-up run for the fire times before the edit.
    if (patch.schedule !== before.schedule) set.last_scheduled_at = origin.at;
  }
  if (patch.enabled !== undefined) set.enabled = patch.enabled;
  await db.transaction().execute(async (trx) => {
    const after = await trx.updateTable('connector').set(set).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      action: 'connector.updated',
      targetType: 'connector',
      targetId: before.id,
      unitId: after.scope_unit_id,
      before: auditSnapshot(before),
      after: { ...auditSnapshot(after), ...(patch.clientSecret !== undefined ? { clientSecretChanged: true } : {}) },
    });
  });
}

/** Deletes the connector with its mappings and runs; refused while a run is in progress. */
export async function deleteConnector(db: Db, origin: AuditOrigin, before: ConnectorRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('connector').select('id').where('id', '=', before.id).forUpdate().executeTakeFirst();
    if (!locked) return;
    const running = await trx.selectFrom('connector_run').select('id').where('connector_id', '=', before.id).where('state', '=', 'running').executeTakeFirst();
    if (running) throw new AppError('connector_busy');
    const runs = await trx.selectFrom('connector_run').select((eb) => eb.fn.countAll<string>().as('n')).where('connector_id', '=', before.id).executeTakeFirstOrThrow();
    await trx.deleteFrom('connector').where('id', '=', before.id).execute();
    await recordAudit(trx, origin, { action: 'connector.deleted', targetType: 'connector', targetId: before.id, unitId: before.scope_unit_id, before: auditSnapshot(before), details: { runs: Number(runs.n) } });
  });
}

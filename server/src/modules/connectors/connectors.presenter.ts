// What leaves the API about connectors, mappings and runs. Never the client secret.
import type { ConnectorMappingView, ConnectorRunSummary, ConnectorRunView, ConnectorView, ReconciliationReport } from '@shared/schemas/connectors.ts';
import type { ConnectorRow, MappingRow, RunRow } from './connectors.repository.ts';
import { nextFire } from './schedule.ts';

export function presentRunSummary(r: RunRow): ConnectorRunSummary {
  return {
    id: String(r.id),
    trigger: r.trigger,
    dryRun: r.dry_run,
    state: r.state,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    triggeredBy: r.triggered_by_username,
    fileName: r.file_name,
    rowsRead: r.rows_read,
    counts: (r.counts as ConnectorRunSummary['counts']) ?? null,
    error: r.error,
  };
}

export const presentRun = (r: RunRow): ConnectorRunView => ({ ...presentRunSummary(r), report: (r.report as ReconciliationReport | null) ?? null });

export function presentConnector(c: ConnectorRow, lastRun: RunRow | undefined, now: Date): ConnectorView {
  const next = c.enabled && c.schedule && c.kind === 'http' ? nextFire(c.schedule, now) : null;
  return {
    id: String(c.id),
    code: c.code,
    name: c.name,
    kind: c.kind,
    format: c.format,
    profile: c.profile as ConnectorView['profile'],
    sourceUrl: c.source_url,
    tokenUrl: c.token_url,
    clientId: c.client_id,
    hasClientSecret: c.client_secret_sealed !== null,
    tokenScope: c.token_scope,
    scopeUnit: c.scope_unit_id === null ? null : { id: String(c.scope_unit_id), code: c.scope_unit_code ?? '', name: c.scope_unit_name ?? '' },
    schedule: c.schedule,
    nextRunAt: next?.toISOString() ?? null,
    enabled: c.enabled,
    createdBy: c.created_by_username,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    lastRun: lastRun ? presentRunSummary(lastRun) : null,
  };
}

export const presentMapping = (m: MappingRow): ConnectorMappingView => ({
  id: String(m.id),
  kind: m.kind,
  externalCode: m.external_code,
  unit: m.unit_id === null ? null : { id: String(m.unit_id), code: m.unit_code ?? '', name: m.unit_name ?? '' },
  dataElement: m.data_element_id === null ? null : { id: String(m.data_element_id), code: m.element_code ?? '', name: m.element_name ?? '' },
  coc: m.coc_id === null ? null : { id: String(m.coc_id), code: m.coc_code ?? '', name: m.coc_name ?? '' },
  updatedBy: m.updated_by_username,
  updatedAt: m.updated_at.toISOString(),
});

// SQL of the maps module: the current 2025 units of a layer, their imported boundaries
// (metadata first, for the ETag, then the web geometries), unit lookup by code for
// imports, writing boundaries, and unit points (org_unit.attributes.point).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { BoundaryLevel } from '@shared/schemas/maps.ts';

type Db = Kysely<Database>;

export interface LayerUnit {
  id: string;
  code: string;
  name: string;
  full_name: string;
  kind: string;
}

/** The current (valid_to null) 2025 provinces, or the communes of one province, in Vietnamese name order. */
export async function layerUnits(db: Db, level: BoundaryLevel, parentId: string | null): Promise<LayerUnit[]> {
  let q = db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'full_name', 'kind'])
    .where('hierarchy', '=', '2025')
    .where('kind', '=', level)
    .where('valid_to', 'is', null);
  if (parentId !== null) q = q.where('parent_id', '=', parentId);
  return q.orderBy(sql`name collate "vi-x-icu"`).execute();
}

export async function findUnit2025(db: Db, id: string) {
  return db.selectFrom('org_unit').select(['id', 'code', 'name', 'kind', 'hierarchy', 'valid_to']).where('id', '=', id).executeTakeFirst();
}

export async function boundaryVersions(db: Db, unitIds: string[]): Promise<Map<string, string>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.selectFrom('unit_boundary').select(['unit_id', 'imported_at']).where('unit_id', 'in', unitIds).execute();
  return new Map(rows.map((r) => [r.unit_id, r.imported_at.toISOString()]));
}

export interface WebBoundary {
  unit_id: string;
  web_geometry: unknown;
  bbox: number[];
  label_point: number[];
}

export async function webBoundaries(db: Db, unitIds: string[]): Promise<WebBoundary[]> {
  if (unitIds.length === 0) return [];
  return db.selectFrom('unit_boundary').select(['unit_id', 'web_geometry', 'bbox', 'label_point']).where('unit_id', 'in', unitIds).execute();
}

export interface ImportTarget {
  id: string;
  code: string;
  name: string;
  full_name: string;
  kind: 'province' | 'commune';
  /** The province the unit lies in (itself for a province). */
  province: string;
}

/** Current 2025 provinces and communes holding these codes (province codes have 2 digits, communes 5: no clash). */
export async function unitsByCode(db: Db, codes: string[]): Promise<ImportTarget[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'full_name', 'kind', sql<string>`coalesce(province_id, id)`.as('province')])
    .where('hierarchy', '=', '2025')
    .where('kind', 'in', ['province', 'commune'])
    .where('valid_to', 'is', null)
    .where('code', 'in', codes)
    .execute();
  return rows as ImportTarget[];
}

export async function existingBoundaries(db: Db, unitIds: string[]) {
  if (unitIds.length === 0) return [];
  return db.selectFrom('unit_boundary').select(['unit_id', 'source_file', 'source_sha256', 'imported_at']).where('unit_id', 'in', unitIds).forUpdate().execute();
}

export interface BoundaryRow {
  unit_id: string;
  geometry: string;
  web_geometry: string;
  bbox: number[];
  label_point: number[];
  points: number;
  web_points: number;
  source_file: string;
  source_sha256: string;
  imported_by: string | null;
  imported_at: Date;
}

export async function upsertBoundaries(db: Db, rows: BoundaryRow[]): Promise<void> {
  // A commune's full geometry can be a few MB of JSON: a few rows per statement.
  for (let i = 0; i < rows.length; i += 20) {
    await db
      .insertInto('unit_boundary')
      .values(rows.slice(i, i + 20))
      .onConflict((oc) =>
        oc.column('unit_id').doUpdateSet((eb) => ({
          geometry: eb.ref('excluded.geometry'),
          web_geometry: eb.ref('excluded.web_geometry'),
          bbox: eb.ref('excluded.bbox'),
          label_point: eb.ref('excluded.label_point'),
          points: eb.ref('excluded.points'),
          web_points: eb.ref('excluded.web_points'),
          source_file: eb.ref('excluded.source_file'),
          source_sha256: eb.ref('excluded.source_sha256'),
          imported_by: eb.ref('excluded.imported_by'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

/** Coordinates recorded on units (org_unit.attributes.point = [lon, lat], as analytics reads them). */
export async function unitPoints(db: Db, unitIds: string[]): Promise<Map<string, [number, number]>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', sql<[number, number] | null>`case when jsonb_typeof(attributes->'point') = 'array' then attributes->'point' end`.as('point')])
    .where('id', 'in', unitIds)
    .execute();
  return new Map(rows.flatMap((r) => (r.point ? [[r.id, r.point] as const] : [])));
}

export async function boundaryLabelPoints(db: Db, unitIds: string[]): Promise<Map<string, [number, number]>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.selectFrom('unit_boundary').select(['unit_id', 'label_point']).where('unit_id', 'in', unitIds).execute();
  return new Map(rows.map((r) => [r.unit_id, [r.label_point[0]!, r.label_point[1]!]]));
}

export async function findUnitPoint(db: Db, unitId: string): Promise<[number, number] | null> {
  return (await unitPoints(db, [unitId])).get(unitId) ?? null;
}

export async function setUnitPoint(db: Db, unitId: string, point: [number, number], at: Date): Promise<void> {
  await db
    .updateTable('org_unit')
    .set({ attributes: sql`jsonb_set(attributes, '{point}', ${JSON.stringify(point)}::jsonb)`, updated_at: at })
    .where('id', '=', unitId)
    .execute();
}

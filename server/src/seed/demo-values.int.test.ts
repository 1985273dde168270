// The demo data as a user would notice it: every commune of the demo provinces reports,
// Ia Grai's last quarter came back with questions, its open quarter is empty, some
// reports were late, poverty falls, every submitted report passes the form's rules —
// and loading it twice changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pino from 'pino';
import { isOnTime, type DueRule } from '@shared/engine/periods.ts';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { loadDemoData } from './demo-data.ts';
import { DEMO_VALUES_SEED_NAME, formProblems, loadFormModel, type FormModel, type PlacedValue } from './demo-values.ts';
import { validateSubmission } from '../modules/submissions/validate-submission.ts';

const NOW = new Date('2026-11-23T03:00:00Z');
let env: TestEnv;
let loadMs = 0;

async function communeId(fullName: string, province: string): Promise<string> {
  const row = await env.db
    .selectFrom('org_unit as u')
    .innerJoin('org_unit as p', 'p.id', 'u.parent_id')
    .select('u.id')
    .where('u.full_name', '=', fullName)
    .where('u.hierarchy', '=', '2025')
    .where('p.code', '=', province)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function tableCounts() {
  const r = await sql<Record<string, string>>`select
    (select count(*) from data_value) as values, (select count(*) from data_value_history) as history,
    (select count(*) from submission) as submissions, (select count(*) from submission_event) as events,
    (select count(*) from submission_cell_comment) as cells, (select count(*) from notification) as notifications,
    (select count(*) from form_lock_exception) as exceptions, (select count(*) from app_user) as users`.execute(env.db);
  return r.rows[0];
}

/** The stored values of a form for a unit and period, placed on the form model. */
async function storedValues(form: FormModel, unitId: string, period: string): Promise<PlacedValue[]> {
  const rows = await env.db.selectFrom('data_value').select(['data_element_id', 'coc_id', 'numeric_value']).where('unit_id', '=', unitId).where('period', '=', period).execute();
  const out: PlacedValue[] = [];
  for (const e of form.elements) {
    for (const coc of e.cocs.values()) {
      const row = rows.find((r) => r.data_element_id === e.id && r.coc_id === coc.id);
      if (row && row.numeric_value !== null) out.push({ element: e, coc, value: Number(row.numeric_value) });
    }
  }
  return out;
}

async function sumElement(code: string, province: string, period: string): Promise<number> {
  const r = await sql<{ s: string }>`
    select coalesce(sum(v.numeric_value), 0) as s from data_value v
    join data_element d on d.id = v.data_element_id join org_unit u on u.id = v.unit_id join org_unit p on p.id = v.province_id
    where d.code = ${code} and p.code = ${province} and u.kind = 'commune' and v.period = ${period}`.execute(env.db);
  return Number(r.rows[0].s);
}

beforeAll(async () => {
  env = await createTestEnv();
  const started = performance.now();
  await loadDemoData(env.db, pino({ level: 'silent' }), NOW);
  loadMs = performance.now() - started;
  const c = await tableCounts();
  console.log(`demo data (accounts + values) loaded in ${Math.round(loadMs)} ms: ${c.values} values, ${c.submissions} submissions, ${c.events} events`);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('demo values', () => {
  it('gives every Gia Lai commune its 2025Q4 commune report, one history row per value', async () => {
    const r = await sql<{ communes: string; reporting: string }>`
      select (select count(*) from org_unit u join org_unit p on p.id = u.parent_id where u.kind = 'commune' and u.hierarchy = '2025' and p.code = '52') as communes,
             (select count(distinct v.unit_id) from data_value v join org_unit p on p.id = v.province_id where p.code = '52' and v.period = '2025Q4') as reporting`.execute(env.db);
    expect(Number(r.rows[0].communes)).toBeGreaterThan(100);
    expect(r.rows[0].reporting).toBe(r.rows[0].communes);
    const c = await tableCounts();
    expect(c.history).toBe(c.values);
    const sources = await sql<{ hierarchy: string; source: string; first: string; last: string }>`
      select u.hierarchy, v.source, min(v.period) as first, max(v.period) as last from data_value v join org_unit u on u.id = v.unit_id group by 1, 2 order by 1`.execute(env.db);
    // Entered on screen since 2022 on 2025 units; the 2021 history of the old communes came by import.
    expect(sources.rows).toEqual([
      { hierarchy: '2025', source: 'screen', first: '2022', last: expect.stringMatching(/^2026/) },
      { hierarchy: 'pre2025', source: 'import', first: '2021Q1', last: '2021Q4' },
    ]);
  });

  it("returns Xã Ia Grai's 2026Q3 report with a comment and questioned cells, and leaves its open quarter empty", async () => {
    const form = await env.db.selectFrom('form').select('id').where('code', '=', 'BM01_XA_QUY').executeTakeFirstOrThrow();
    const unit = await communeId('Xã Ia Grai', '52');
    const sub = await env.db.selectFrom('submission').selectAll().where('form_id', '=', form.id).where('unit_id', '=', unit).where('period', '=', '2026Q3').executeTakeFirstOrThrow();
    expect(sub.state).toBe('returned');
    const events = await env.db.selectFrom('submission_event').selectAll().where('submission_id', '=', sub.id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['submit', 'return']);
    expect(events[1].comment).toMatch(/xã/);
    const officer = await env.db.selectFrom('app_user').select('id').where('username', '=', 'xa.iagrai').executeTakeFirstOrThrow();
    const coordinator = await env.db.selectFrom('app_user').select('id').where('username', '=', 'tinh.gialai').executeTakeFirstOrThrow();
    expect(events[0].actor_id).toBe(officer.id);
    expect(events[1].actor_id).toBe(coordinator.id);
    const cells = await env.db.selectFrom('submission_cell_comment').selectAll().where('submission_id', '=', sub.id).execute();
    expect(cells.length).toBeGreaterThanOrEqual(1);
    expect(cells.every((c) => c.resolved_at === null && c.event_id === events[1].id)).toBe(true);
    // The period is locked by now; the province granted time to fix it.
    const exception = await env.db.selectFrom('form_lock_exception').selectAll().where('unit_id', '=', unit).where('period', '=', '2026Q3').executeTakeFirstOrThrow();
    expect(exception.expires_at.getTime()).toBeGreaterThan(NOW.getTime());
    // The officer hears of it.
    const note = await env.db.selectFrom('notification').selectAll().where('user_id', '=', officer.id).where('kind', '=', 'submission.return').executeTakeFirst();
    expect(note?.read_at).toBeNull();

    for (const [name, province] of [['Xã Ia Grai', '52'], ['Xã Kbang', '52'], ['Xã Sơn Tây', '51']]) {
      const id = await communeId(name, province);
      const open = await env.db.selectFrom('data_value').select('period').where('unit_id', '=', id).where('period', '=', '2026Q4').execute();
      expect(open, name).toHaveLength(0);
      const states = await env.db.selectFrom('submission').select(['period', 'state', 'on_time']).where('unit_id', '=', id).execute();
      expect(states, name).toHaveLength(19);
      const notApproved = states.filter((s) => s.state !== 'approved').map((s) => s.period);
      expect(notApproved, name).toEqual(name === 'Xã Ia Grai' ? ['2026Q3'] : []);
    }
  });

  it('has late, awaiting, returned and never-submitted reports, and drafts in the open quarter', async () => {
    const r = await sql<{ state: string; on_time: boolean; n: string }>`
      select s.state, s.on_time, count(*) as n from submission s join form f on f.id = s.form_id where f.code = 'BM01_XA_QUY' group by 1, 2`.execute(env.db);
    const total = r.rows.reduce((n, x) => n + Number(x.n), 0);
    const late = r.rows.filter((x) => !x.on_time).reduce((n, x) => n + Number(x.n), 0);
    console.log(`commune reports: ${total} submitted, ${late} late (${((late / total) * 100).toFixed(1)} %)`);
    expect(late / total).toBeGreaterThan(0.05);
    expect(late / total).toBeLessThan(0.16);
    const last = await sql<{ state: string; n: string }>`
      select s.state, count(*) as n from submission s join form f on f.id = s.form_id where f.code = 'BM01_XA_QUY' and s.period = '2026Q3' group by 1`.execute(env.db);
    const by = Object.fromEntries(last.rows.map((x) => [x.state, Number(x.n)]));
    expect(by.returned).toBe(3);
    expect(by.submitted).toBeGreaterThanOrEqual(4);
    expect(by.approved).toBeGreaterThan(150);
    // Drafts only, late: values but no submission.
    const drafts = await sql<{ n: string }>`
      select count(distinct v.unit_id) as n from data_value v
      where v.period = '2026Q3' and not exists (select 1 from submission s where s.unit_id = v.unit_id and s.period = v.period)`.execute(env.db);
    expect(Number(drafts.rows[0].n)).toBeGreaterThanOrEqual(4);
    // The open quarter: some communes have started, nobody has submitted.
    const open = await sql<{ units: string; subs: string }>`
      select (select count(distinct unit_id) from data_value where period = '2026Q4') as units, (select count(*) from submission where period = '2026Q4') as subs`.execute(env.db);
    expect(Number(open.rows[0].units)).toBeGreaterThan(30);
    expect(Number(open.rows[0].subs)).toBe(0);
    // Provinces: six-month and annual reports; Quảng Ngãi's latest six-month report awaits the centre.
    const prov = await sql<{ code: string; unit: string; period: string; state: string }>`
      select f.code, u.code as unit, s.period, s.state from submission s join form f on f.id = s.form_id join org_unit u on u.id = s.unit_id
      where f.code in ('BM02_TINH_6T', 'BM03_TINH_NAM') order by 1, 2, 3`.execute(env.db);
    expect(prov.rows.filter((x) => x.code === 'BM02_TINH_6T')).toHaveLength(18);
    expect(prov.rows.filter((x) => x.code === 'BM03_TINH_NAM')).toHaveLength(8);
    expect(prov.rows.find((x) => x.code === 'BM02_TINH_6T' && x.unit === '51' && x.period === '2026S1')?.state).toBe('submitted');
    expect(prov.rows.filter((x) => x.state !== 'approved')).toHaveLength(1);
  });

  it('records consistent transitions: version = events, last event = state, on time = first submission by the due date', async () => {
    const rows = await sql<{ id: string; state: string; version: number; on_time: boolean; first_submitted_at: Date; period: string; days: number | null; month: number | null; day: number | null; events: number; last_to: string; first_submit: Date }>`
      select s.id, s.state, s.version, s.on_time, s.first_submitted_at, s.period, r.days_after_end as days, r.fixed_month as month, r.fixed_day as day,
        (select count(*)::int from submission_event e where e.submission_id = s.id) as events,
        (select e.to_state from submission_event e where e.submission_id = s.id order by e.at desc, e.id desc limit 1) as last_to,
        (select min(e.at) from submission_event e where e.submission_id = s.id and e.action = 'submit') as first_submit
      from submission s join org_unit u on u.id = s.unit_id join form_due_rule r on r.form_id = s.form_id and r.unit_kind = u.kind`.execute(env.db);
    expect(rows.rows.length).toBeGreaterThan(4000);
    for (const s of rows.rows) {
      expect(s.version).toBe(s.events);
      expect(s.last_to).toBe(s.state);
      expect(s.first_submit.getTime()).toBe(s.first_submitted_at.getTime());
      const rule: DueRule = s.days !== null ? { daysAfterEnd: s.days } : { fixedDate: { month: s.month!, day: s.day! } };
      expect(s.on_time).toBe(isOnTime(s.period, s.first_submitted_at, rule));
    }
    const future = await sql<{ n: string }>`select count(*) as n from submission_event where at > ${NOW}`.execute(env.db);
    expect(Number(future.rows[0].n)).toBe(0);
  });

  it("passes the form's validation rules everywhere except the deliberately broken drafts", async () => {
    const seed = await env.db.selectFrom('seed_run').select('details').where('name', '=', DEMO_VALUES_SEED_NAME).executeTakeFirstOrThrow();
    const broken = (seed.details as { broken: { unit: string; period: string }[] }).broken;
    expect(broken.length).toBeGreaterThanOrEqual(2);
    const bm01 = (await loadFormModel(env.db, 'BM01_XA_QUY'))!;
    const units = await sql<{ id: string; code: string }>`
      select u.id, u.code from org_unit u join org_unit p on p.id = u.parent_id where u.kind = 'commune' and u.hierarchy = '2025' and p.code in ('51', '52') order by u.code`.execute(env.db);
    const sample = units.rows.filter((u, i) => i % 9 === 0 || broken.some((b) => b.unit === u.code));
    const states = new Map((await env.db.selectFrom('submission').select(['unit_id', 'period', 'state']).where('form_id', '=', bm01.id).execute()).map((s) => [`${s.unit_id}:${s.period}`, s.state]));
    let checked = 0;
    for (const u of sample) {
      const periods = (await env.db.selectFrom('data_value').select('period').distinct().where('unit_id', '=', u.id).execute()).map((p) => p.period);
      for (const period of periods) {
        const problems = formProblems(bm01, await storedValues(bm01, u.id, period));
        const isBroken = broken.some((b) => b.unit === u.code && b.period === period);
        const state = states.get(`${u.id}:${period}`);
        if (isBroken) expect(problems.length, `${u.code} ${period}`).toBeGreaterThan(0);
        else if (state) expect(problems, `${u.code} ${period} (${state})`).toEqual([]);
        else expect(problems.filter((p) => p.ruleCode !== 'required'), `${u.code} ${period} (draft)`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400);
    // The submissions module's own check agrees on a few submitted reports.
    const ids = await sql<{ unit_id: string; period: string }>`
      select unit_id, period from submission where form_id = ${bm01.id} and state in ('approved', 'returned') order by unit_id, period limit 5`.execute(env.db);
    for (const s of ids.rows) expect(await validateSubmission(env.db, bm01.id, String(s.unit_id), s.period, 'vi')).toEqual([]);
    for (const code of ['BM02_TINH_6T', 'BM03_TINH_NAM']) {
      const form = (await loadFormModel(env.db, code))!;
      const subs = await env.db.selectFrom('submission').select(['unit_id', 'period']).where('form_id', '=', form.id).execute();
      for (const s of subs) expect(formProblems(form, await storedValues(form, s.unit_id, s.period)), `${code} ${s.period}`).toEqual([]);
    }
  });

  it('trends plausibly: poverty falls, preschool rises, some communes stay below the national targets', async () => {
    for (const province of ['52', '51']) {
      const poor2022 = await sumElement('HH_POOR_DTTS', province, '2022Q4');
      const poor2025 = await sumElement('HH_POOR_DTTS', province, '2025Q4');
      const dtts2025 = await sumElement('HH_DTTS', province, '2025Q4');
      expect(poor2025).toBeLessThan(poor2022 * 0.85);
      expect(poor2025 / dtts2025).toBeGreaterThan(0.05);
      const pre = async (p: string) => (await sumElement('CHILDREN_5Y_PRESCHOOL', province, p)) / (await sumElement('CHILDREN_5Y', province, p));
      expect(await pre('2025Q4')).toBeGreaterThan(await pre('2022Q4'));
      const hh = await sumElement('HH_TOTAL', province, '2025Q4');
      expect(hh).toBeGreaterThan(province === '52' ? 600_000 : 350_000);
      expect(hh).toBeLessThan(province === '52' ? 1_300_000 : 800_000);
      // The province's annual report agrees with its communes.
      const annual = await sql<{ v: string }>`
        select v.numeric_value as v from data_value v join data_element d on d.id = v.data_element_id join org_unit u on u.id = v.unit_id
        where d.code = 'HH_POOR_DTTS' and u.code = ${province} and u.kind = 'province' and v.period = '2025'`.execute(env.db);
      expect(Number(annual.rows[0].v)).toBe(poor2025);
    }
    // Target 98% of 5-year-olds in preschool: some communes meet it in 2025Q4, some do not.
    const rates = await sql<{ rate: number }>`
      select (sum(v.numeric_value) filter (where d.code = 'CHILDREN_5Y_PRESCHOOL') / nullif(sum(v.numeric_value) filter (where d.code = 'CHILDREN_5Y'), 0) * 100)::float8 as rate
      from data_value v join data_element d on d.id = v.data_element_id where v.period = '2025Q4' group by v.unit_id`.execute(env.db);
    const below = rates.rows.filter((r) => r.rate !== null && r.rate < 98).length;
    const sample = await sql<{ code: string; v: string }>`
      select d.code, sum(v.numeric_value)::text as v from data_value v join data_element d on d.id = v.data_element_id join org_unit u on u.id = v.unit_id
      where u.full_name = 'Xã Ia Grai' and v.period = '2025Q4' group by d.code order by d.code`.execute(env.db);
    console.log(`Xã Ia Grai 2025Q4: ${sample.rows.map((r) => `${r.code}=${r.v}`).join(', ')}; communes below 98 % preschool: ${below}/${rates.rows.length}`);
    expect(below).toBeGreaterThan(10);
    expect(rates.rows.length - below).toBeGreaterThan(10);
    // Underweight children under 5 (target below 15%): some communes still above.
    const uw = await sql<{ rate: number }>`
      select (sum(v.numeric_value) filter (where d.code = 'DA7_U5_UNDERWEIGHT') / nullif(sum(v.numeric_value) filter (where d.code = 'CHILDREN_U5'), 0) * 100)::float8 as rate
      from data_value v join data_element d on d.id = v.data_element_id where v.period = '2025Q4' group by v.unit_id`.execute(env.db);
    expect(uw.rows.filter((r) => r.rate > 15).length).toBeGreaterThan(5);
  });

  it('rolls the 2021 history of the old communes into the 2025 communes, approved', async () => {
    const iaGrai = await communeId('Xã Ia Grai', '52');
    const r = await sql<{ rolled: string; raw: string; approved: string; preds: string }>`
      select
        (select sum(a.sum) from agg_value a join data_element de on de.id = a.data_element_id and de.aggregation_type = 'sum'
          where a.hierarchy = '2025' and a.unit_id = ${iaGrai} and a.period = '2021') as rolled,
        (select sum(a.a_sum) from agg_value a join data_element de on de.id = a.data_element_id and de.aggregation_type = 'sum'
          where a.hierarchy = '2025' and a.unit_id = ${iaGrai} and a.period = '2021') as approved,
        (select sum(v.numeric_value * s.weight) from data_value v join org_unit_succession s on s.old_unit_id = v.unit_id and s.new_unit_id = ${iaGrai}
          join data_element de on de.id = v.data_element_id and de.aggregation_type = 'sum' where v.period like '2021%') as raw,
        (select count(*) from org_unit_succession where new_unit_id = ${iaGrai}) as preds`.execute(env.db);
    expect(Number(r.rows[0].preds)).toBeGreaterThan(1);
    expect(Number(r.rows[0].raw)).toBeGreaterThan(0);
    expect(Number(r.rows[0].rolled)).toBeCloseTo(Number(r.rows[0].raw), 4);
    expect(r.rows[0].approved).toBe(r.rows[0].rolled);
    // Approved flags follow the approved reports exactly.
    const flags = await sql<{ wrong: string }>`
      select count(*) as wrong from data_value dv join org_unit u on u.id = dv.unit_id and u.hierarchy = '2025'
      where dv.approved <> exists (
        select 1 from submission s join form_element fe on fe.form_id = s.form_id and fe.data_element_id = dv.data_element_id
        where s.unit_id = dv.unit_id and s.period = dv.period and s.state = 'approved')`.execute(env.db);
    expect(flags.rows[0].wrong).toBe('0');
  });

  it('changes nothing when loaded again', async () => {
    const before = await tableCounts();
    const sumBefore = await sql<{ s: string }>`select sum(numeric_value)::text as s from data_value`.execute(env.db);
    expect(await loadDemoData(env.db, pino({ level: 'silent' }), new Date(NOW.getTime() + 86_400_000))).toBe(false);
    expect(await tableCounts()).toEqual(before);
    const sumAfter = await sql<{ s: string }>`select sum(numeric_value)::text as s from data_value`.execute(env.db);
    expect(sumAfter.rows[0].s).toBe(sumBefore.rows[0].s);
  });
});

// Scenario "save-cell" (issue 3): 100 commune officers of Gia Lai (province 52, 2025
// hierarchy), each in a commune of their own, each saving one cell of the quarterly
// commune form BM01_XA_QUY once a second in the open period, over real HTTP with a
// keep-alive connection per user, the session cookie and the CSRF token. Goal: p99 of
// the save < 20 ms. Afterwards the database must show every accepted save exactly
// once (history rows = audit entries = sum of cell versions = 200 answers).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { formatNumber } from '@shared/engine/numbers.ts';
import { hashPassword } from '../../server/src/modules/auth/passwords.ts';
import { isFormAssignedTo } from '../../server/src/modules/forms/forms.repository.ts';
import { cpuSeconds } from './environment.ts';
import { BenchClient } from './http-client.ts';
import { resetStatements, topStatements } from './pg-stats.ts';
import type { BenchContext, Scenario, ScenarioResult } from './scenario.ts';
import { ms, summarise } from './stats.ts';

const FORM_CODE = 'BM01_XA_QUY';
const PROVINCE_CODE = '52';
const PASSWORD = 'Bench-Truong-Son-2026';
const GOAL_P99_MS = 20;

interface Cell {
  dataElementId: string;
  cocId: string;
  valueType: 'integer' | 'number';
}

interface SimUser {
  username: string;
  unitId: string;
  client: BenchClient;
  period: string;
}

const sleep = (msec: number) => new Promise((r) => setTimeout(r, Math.max(0, msec)));

/** Runs fn over items with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/** A value as a Vietnamese officer types it: "1.234" for integers, "123,4" for numbers. */
function typedValue(cell: Cell, previous: string | undefined): string {
  for (;;) {
    const v = cell.valueType === 'integer' ? formatNumber(1 + Math.floor(Math.random() * 5000), 'vi', 0) : formatNumber(Math.round(Math.random() * 100_000) / 10, 'vi', 1);
    if (v !== previous) return v;
  }
}

/** 100 commune officers in distinct communes of Gia Lai that have the form, created in the database as an administrator would. */
async function createUsers(ctx: BenchContext, formId: string, count: number): Promise<{ username: string; unitId: string; userId: string }[]> {
  const { db } = ctx.env;
  const province = await db.selectFrom('org_unit').select('id').where('code', '=', PROVINCE_CODE).where('hierarchy', '=', '2025').where('kind', '=', 'province').executeTakeFirstOrThrow();
  const communes = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name'])
    .where('hierarchy', '=', '2025')
    .where('kind', '=', 'commune')
    .where('province_id', '=', province.id)
    .orderBy('code')
    .execute();
  const chosen: typeof communes = [];
  for (const c of communes) {
    if (chosen.length >= count) break;
    if (await isFormAssignedTo(db, formId, c.id)) chosen.push(c);
  }
  if (chosen.length < count) throw new Error(`only ${chosen.length} communes of province ${PROVINCE_CODE} have ${FORM_CODE}; ${count} needed`);
  const role = await db.selectFrom('role').select('id').where('code', '=', 'commune_officer').executeTakeFirstOrThrow();
  const hash = await hashPassword(PASSWORD);
  const now = new Date();
  const users = await db
    .insertInto('app_user')
    .values(chosen.map((c, i) => ({ username: `bench.xa${String(i + 1).padStart(3, '0')}`, display_name: `Cán bộ ${c.name} (bench)`, password_hash: hash, must_change_password: false, created_at: now, updated_at: now })))
    .returning(['id', 'username'])
    .execute();
  await db
    .insertInto('user_assignment')
    .values(users.map((u, i) => ({ user_id: u.id, role_id: role.id, unit_id: chosen[i].id })))
    .execute();
  return users.map((u, i) => ({ username: u.username, userId: u.id, unitId: chosen[i].id }));
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const { env, settings, log } = ctx;
  const userCount = Number(process.env.BENCH_USERS ?? 100);
  const formRow = await env.db.selectFrom('form').select('id').where('code', '=', FORM_CODE).executeTakeFirstOrThrow();

  log(`creating ${userCount} commune officers of province ${PROVINCE_CODE}…`);
  const made = await createUsers(ctx, formRow.id, userCount);

  log(`signing ${userCount} users in over HTTP…`);
  const users: SimUser[] = [];
  await pool(made, 4, async (m) => {
    const client = new BenchClient(env.baseUrl);
    const res = await client.post('/api/auth/login', { username: m.username, password: PASSWORD });
    if (res.status !== 200 || res.body?.stage !== 'active' || !client.cookie || !client.csrf) {
      throw new Error(`sign-in of ${m.username} failed: ${res.status} ${res.text.slice(0, 300)}`);
    }
    users.push({ username: m.username, unitId: m.unitId, client, period: '' });
  });

  // What the data-entry screen loads: the form (its grid) and the unit's periods.
  const first = users[0].client;
  const list = await first.get('/api/forms');
  const form = (list.body.items as { id: string; code: string }[]).find((f) => f.code === FORM_CODE);
  if (list.status !== 200 || !form) throw new Error(`GET /api/forms: ${list.status} ${list.text.slice(0, 300)}`);
  const detail = await first.get(`/api/forms/${form.id}`);
  if (detail.status !== 200) throw new Error(`GET /api/forms/${form.id}: ${detail.status} ${detail.text.slice(0, 300)}`);
  const cells: Cell[] = [];
  for (const section of detail.body.sections as { elements: { dataElementId: string; valueType: string; columns: { id: string }[] }[] }[]) {
    for (const el of section.elements) {
      if (el.valueType !== 'integer' && el.valueType !== 'number') continue;
      for (const col of el.columns) cells.push({ dataElementId: el.dataElementId, cocId: col.id, valueType: el.valueType });
    }
  }
  if (cells.length === 0) throw new Error(`${FORM_CODE} has no numeric cells`);
  await pool(users, 4, async (u) => {
    const res = await u.client.get(`/api/forms/${form.id}/periods?unitId=${u.unitId}`);
    const open = res.status === 200 ? (res.body.items as { code: string; status: string }[]).find((p) => p.status === 'open') : undefined;
    if (!open) throw new Error(`no open period of ${FORM_CODE} for ${u.username}: ${res.status} ${res.text.slice(0, 300)}`);
    u.period = open.code;
  });
  const periods = [...new Set(users.map((u) => u.period))].join(', ');
  log(`${users.length} users signed in; ${cells.length} numeric cells on ${FORM_CODE}; open period ${periods}`);
  log(`running: ${settings.warmupSeconds} s warm-up (not counted), then ${settings.seconds} s measured; each user saves one cell a second…`);

  // Open loop at one save per user per second, each user starting at a random offset
  // within the first second; a user whose save takes longer than a second sends the
  // next one as soon as the answer arrives (counted as "behind schedule").
  const latencies: number[] = [];
  const errorsByCode: Record<string, number> = {};
  let errors = 0;
  let saved = 0;
  let behind = 0;
  const t0 = performance.now() + 100;
  const measureFrom = t0 + settings.warmupSeconds * 1000;
  const endAt = measureFrom + settings.seconds * 1000;
  let cpuAtStart = { server: 0, database: 0, client: process.cpuUsage() };
  let cpuSampled = false;
  const sampleCpu = () => {
    cpuSampled = true;
    cpuAtStart = { server: cpuSeconds(env.serverPids()), database: cpuSeconds(env.postgresPids()), client: process.cpuUsage() };
    void resetStatements(env);
  };
  const cpuTimer = setTimeout(sampleCpu, measureFrom - performance.now());

  await Promise.all(
    users.map(async (u) => {
      const offset = Math.random() * 1000;
      let cellIndex = Math.floor(Math.random() * cells.length);
      const last = new Map<number, string>();
      for (let k = 0; ; k += 1) {
        const scheduled = t0 + offset + k * 1000;
        if (scheduled >= endAt) break;
        const wait = scheduled - performance.now();
        if (wait > 0) await sleep(wait);
        else if (wait < -50) behind += 1;
        const cell = cells[cellIndex];
        const value = typedValue(cell, last.get(cellIndex));
        const counted = scheduled >= measureFrom;
        try {
          const res = await u.client.put('/api/data-values', { formId: form.id, unitId: u.unitId, period: u.period, dataElementId: cell.dataElementId, cocId: cell.cocId, value, clientChangeId: randomUUID() });
          if (res.status === 200 && res.body?.replayed === false) {
            saved += 1;
            last.set(cellIndex, value);
          }
          if (!counted) continue;
          latencies.push(res.ms);
          if (res.status !== 200) {
            errors += 1;
            const code = `${res.status} ${res.body?.error?.code ?? ''}`.trim();
            errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
            if (errorsByCode[code] === 1) log(`  error ${code}: ${res.text.slice(0, 300)}`);
          }
        } catch (err) {
          if (!counted) continue;
          errors += 1;
          const code = `network: ${(err as Error).message}`;
          errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
        }
        cellIndex = (cellIndex + 1) % cells.length;
      }
    }),
  );
  clearTimeout(cpuTimer);
  const elapsed = (performance.now() - measureFrom) / 1000;
  const cpu = cpuSampled
    ? {
        server: cpuSeconds(env.serverPids()) - cpuAtStart.server,
        database: cpuSeconds(env.postgresPids()) - cpuAtStart.database,
        client: (() => {
          const c = process.cpuUsage(cpuAtStart.client);
          return (c.user + c.system) / 1e6;
        })(),
      }
    : null;
  for (const u of users) u.client.close();

  // Server-side check: every accepted save landed exactly once.
  const userIds = made.map((m) => m.userId);
  const history = await env.db.selectFrom('data_value_history').select((eb) => eb.fn.countAll<string>().as('n')).where('changed_by', 'in', userIds).executeTakeFirstOrThrow();
  const audit = await env.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', 'data.value_changed')
    .where('actor_user_id', 'in', userIds)
    .executeTakeFirstOrThrow();
  const values = await env.db
    .selectFrom('data_value')
    .select([sql<string>`count(*)`.as('cells'), sql<string>`coalesce(sum(version), 0)`.as('versions')])
    .where('unit_id', 'in', made.map((m) => m.unitId))
    // Only the cells this scenario saves (the national data set may hold other values of these communes).
    .where('period', 'in', [...new Set(users.map((u) => u.period))])
    .where('data_element_id', 'in', [...new Set(cells.map((c) => c.dataElementId))])
    .executeTakeFirstOrThrow();
  const h = Number(history.n);
  const a = Number(audit.n);
  const v = Number(values.versions);
  const landedOnce = h === saved && a === saved && v === saved;

  const summary = summarise(latencies, errors, elapsed);
  const pct = (s: number) => `${((s / elapsed) * 100).toFixed(0)}%`;
  const notes = [
    `${users.length} users × 1 save/s, ${cells.length} numeric cells of ${FORM_CODE}, period ${periods}; ${settings.warmupSeconds} s warm-up not counted; measured ${elapsed.toFixed(1)} s`,
    `server side: ${saved} saves answered 200 (warm-up included) → ${h} history rows, ${a} audit entries, ${values.cells} cells with versions summing to ${v}`,
    behind > 0 ? `${behind} saves were sent late (the user's previous save took longer than its second)` : 'no save was sent late',
  ];
  if (cpu) notes.push(`CPU while measuring (share of one core): server process ${pct(cpu.server)}, PostgreSQL ${process.env.DATABASE_URL ? 'not measured (external)' : pct(cpu.database)}, load generator ${pct(cpu.client)}`);
  notes.push(...(await topStatements(env)));
  return {
    summary,
    errorsByCode,
    notes,
    goals: [
      { goal: `p99 of saving a cell < ${GOAL_P99_MS} ms`, measured: ms(summary.p99), pass: summary.count > 0 && summary.p99 < GOAL_P99_MS },
      { goal: 'no failed save', measured: `${errors} errors`, pass: errors === 0 },
      { goal: 'every save landed exactly once', measured: `${saved} saves = ${h} history = ${a} audit = ${v} versions`, pass: landedOnce },
    ],
  };
}

export const saveCell: Scenario = {
  name: 'save-cell',
  description: '100 commune officers each saving one cell a second (PUT /api/data-values)',
  run,
};

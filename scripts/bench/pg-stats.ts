// Profiling aid (BENCH_PG_STATS=1): the statements PostgreSQL spent its time on during
// the measured window, from pg_stat_statements, as lines under the scenario's table.
import { sql } from 'kysely';
import type { BenchEnvironment } from './environment.ts';

export async function resetStatements(env: BenchEnvironment): Promise<void> {
  if (env.pgStats) await sql`select pg_stat_statements_reset()`.execute(env.db);
}

export async function topStatements(env: BenchEnvironment, limit = 15): Promise<string[]> {
  if (!env.pgStats) return [];
  const { rows } = await sql<{ calls: string; total: number; mean: number; rows: string; query: string }>`
    select calls::text, total_exec_time + total_plan_time as total, (total_exec_time + total_plan_time) / nullif(calls, 0) as mean, rows::text, query
    from pg_stat_statements
    where dbid = (select oid from pg_database where datname = current_database())
    order by total_exec_time + total_plan_time desc
    limit ${limit}`.execute(env.db);
  const all = await sql<{ total: number; calls: string }>`
    select coalesce(sum(total_exec_time + total_plan_time), 0) as total, coalesce(sum(calls), 0)::text as calls
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`.execute(env.db);
  const total = Number(all.rows[0]?.total ?? 0);
  return [
    `PostgreSQL (pg_stat_statements, measured window): ${all.rows[0]?.calls ?? 0} statements, ${total.toFixed(0)} ms in all; the top ${rows.length}:`,
    ...rows.map((r) => `  ${String(r.calls).padStart(7)} calls  ${r.mean.toFixed(3).padStart(8)} ms mean  ${((r.total / (total || 1)) * 100).toFixed(1).padStart(5)}%  ${r.query.replace(/\s+/g, ' ').slice(0, 160)}`),
  ];
}

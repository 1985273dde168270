// What a benchmark scenario is: a name, the goal(s) it checks, and a run against the
// started system that returns its latency figures, the goals' verdicts and notes.
import type { BenchEnvironment } from './environment.ts';
import type { LatencySummary } from './stats.ts';

export interface BenchSettings {
  /** Measured seconds (BENCH_SECONDS, default 60). */
  seconds: number;
  /** Warm-up seconds before measuring, not counted (BENCH_WARMUP_SECONDS, default 5). */
  warmupSeconds: number;
  /** Size of the national data set (`--scale=<fraction>`, default 0.1; 1 ≈ 49 M values). */
  scale: number;
}

export interface BenchContext {
  env: BenchEnvironment;
  settings: BenchSettings;
  log: (line: string) => void;
}

export interface GoalResult {
  goal: string;
  measured: string;
  pass: boolean;
}

export interface ScenarioResult {
  summary: LatencySummary;
  /** Non-2xx answers and network failures by "status code" (or "network: message"). */
  errorsByCode: Record<string, number>;
  goals: GoalResult[];
  /** Extra figures printed under the table (server CPU, correctness checks…). */
  notes: string[];
}

export interface Scenario {
  name: string;
  description: string;
  run: (ctx: BenchContext) => Promise<ScenarioResult>;
}

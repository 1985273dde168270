// What the seed generator could not map between the pre-2025 and 2025 units, for
// administrators: the lists from server/seed/units/succession.json, the counts recorded
// when the units were loaded, and what the database actually holds.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SuccessionReport } from '@shared/schemas/units.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { countSuccessions } from './org-units.repository.ts';
import { SEED_NAME, seedDir } from './seed/load-units.ts';

interface SuccessionFile {
  effectiveDate: string;
  source?: string;
  unmapped: Record<string, unknown>;
}

// The file is part of the release and never changes while the process runs.
let cached: Promise<SuccessionFile> | undefined;

function readSuccessionFile(projectRoot: string): Promise<SuccessionFile> {
  cached ??= fs.readFile(path.join(seedDir(projectRoot), 'succession.json'), 'utf8').then((t) => JSON.parse(t) as SuccessionFile);
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

export async function successionReportView(ctx: AppContext): Promise<SuccessionReport> {
  const [file, seed, database] = await Promise.all([
    readSuccessionFile(ctx.config.projectRoot),
    ctx.db.selectFrom('seed_run').select(['name', 'applied_at', 'details']).where('name', '=', SEED_NAME).executeTakeFirst(),
    countSuccessions(ctx.db),
  ]);
  const details = (seed?.details ?? {}) as { sources?: unknown; unmapped?: Record<string, unknown> };
  const unmappedCounts = Object.fromEntries(Object.entries(details.unmapped ?? {}).map(([k, v]) => [k, Number(v) || 0]));
  return {
    effectiveDate: file.effectiveDate,
    source: file.source ?? null,
    seed: {
      name: SEED_NAME,
      appliedAt: seed ? seed.applied_at.toISOString() : null,
      sources: Array.isArray(details.sources) ? details.sources.map(String) : [],
      unmappedCounts,
    },
    unmapped: Object.fromEntries(
      Object.entries(file.unmapped).map(([k, v]) => {
        const items = Array.isArray(v) ? v : [];
        return [k, { count: items.length, items }];
      }),
    ),
    database,
  };
}

// Imports official boundaries (one or more GeoJSON files in one request): every file is
// read and every feature checked — the file itself (boundary-file.ts), then its unit
// codes against the current 2025 provinces and communes the caller manages — before
// anything is written. Any problem refuses the whole import with the full report. Then,
// in one transaction: the boundaries are written (the original geometry and a simplified
// one for the web, computed on the shared topology of everything imported together) and
// one audit entry names the units, the files and the boundaries replaced.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { errorMessage, type Lang } from '@shared/errors.ts';
import type { BoundaryImportProblem, BoundaryImportReport } from '@shared/schemas/maps.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { manageScope } from '../../org-units/org-units.policy.ts';
import { unitsInScope } from '../../org-units/scope.repository.ts';
import { parseBoundaryFile, type BoundaryProblem, type ParsedBoundary } from '../boundary-file.ts';
import { bboxOf, labelPoint, simplifyTogether, toGeometry, type Polygons } from '../geometry.ts';
import { existingBoundaries, unitsByCode, upsertBoundaries, type BoundaryRow, type ImportTarget } from '../maps.repository.ts';

export interface UploadedFile {
  name: string;
  data: Buffer;
}

/**
 * Visvalingam weights (degrees²) for the web geometry: a province is seen at national or
 * regional zoom, a commune at provincial zoom (135 communes of Gia Lai: 36 MB in, 1.3 MB out).
 */
export const WEB_MIN_WEIGHT = { province: 1e-6, commune: 1e-7 } as const;
const WEB_DECIMALS = 5;

const countPoints = (polys: Polygons) => polys.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);

export async function importBoundaries(
  ctx: AppContext,
  request: FastifyRequest,
  auth: AuthContext,
  files: UploadedFile[],
  opts: { dryRun: boolean; lang: Lang },
): Promise<BoundaryImportReport> {
  const problems: BoundaryProblem[] = [];
  const parsed: ParsedBoundary[] = [];
  const fileInfo = files.map((f) => {
    const r = parseBoundaryFile(f.name, f.data);
    problems.push(...r.problems);
    parsed.push(...r.boundaries);
    return { name: f.name, bytes: f.data.length, features: r.boundaries.length + new Set(r.problems.filter((p) => p.feature !== undefined).map((p) => p.feature)).size, sha256: createHash('sha256').update(f.data).digest('hex') };
  });

  // The same unit twice (in one file or across files) is ambiguous: which one wins?
  const firstAt = new Map<string, ParsedBoundary>();
  const unique: ParsedBoundary[] = [];
  for (const b of parsed) {
    const first = firstAt.get(b.unitCode);
    if (first) {
      problems.push({ file: b.file, feature: b.feature, unitCode: b.unitCode, code: 'geo_duplicate_unit', params: { unitCode: b.unitCode, other: `${first.file} #${first.feature}` } });
      continue;
    }
    firstAt.set(b.unitCode, b);
    unique.push(b);
  }

  // Unknown codes and units outside the caller's unit.manage scope read the same: "no such unit that you manage".
  const found = await unitsByCode(ctx.db, [...firstAt.keys()]);
  const byCode = new Map<string, ImportTarget[]>();
  for (const u of found) byCode.set(u.code, [...(byCode.get(u.code) ?? []), u]);
  const scope = manageScope(auth);
  const inScope = scope === null ? null : await unitsInScope(ctx.db, scope, found.map((u) => u.id));
  const targets: { boundary: ParsedBoundary; unit: ImportTarget }[] = [];
  for (const b of unique) {
    const candidates = (byCode.get(b.unitCode) ?? []).filter((u) => inScope === null || inScope.has(u.id));
    if (candidates.length !== 1) {
      problems.push({ file: b.file, feature: b.feature, unitCode: b.unitCode, code: 'geo_unknown_unit', params: { unitCode: b.unitCode } });
      continue;
    }
    targets.push({ boundary: b, unit: candidates[0]! });
  }

  const reportProblems: BoundaryImportProblem[] = problems
    .sort((a, b) => a.file.localeCompare(b.file) || (a.feature ?? 0) - (b.feature ?? 0))
    .map((p) => ({
      file: p.file,
      ...(p.feature !== undefined ? { feature: p.feature } : {}),
      ...(p.unitCode !== undefined ? { unitCode: p.unitCode } : {}),
      code: p.code,
      message: errorMessage(p.code, opts.lang, p.params),
    }));
  const files_ = fileInfo.map(({ name, bytes, features }) => ({ name, bytes, features }));
  if (reportProblems.length > 0) {
    const report: BoundaryImportReport = { dryRun: opts.dryRun, files: files_, units: [], created: 0, replaced: 0, problems: reportProblems };
    throw new AppError('boundary_import_rejected', { count: reportProblems.length }, { details: report });
  }

  // Simplified per level on the shared topology of what came together.
  const web = new Map<string, Polygons>();
  for (const kind of ['province', 'commune'] as const) {
    const shapes = targets.filter((t) => t.unit.kind === kind).map((t) => ({ key: t.unit.id, polys: t.boundary.polygons }));
    if (shapes.length > 0) for (const [k, v] of simplifyTogether(shapes, WEB_MIN_WEIGHT[kind], WEB_DECIMALS)) web.set(k, v);
  }

  const now = ctx.clock.now();
  const shaOf = new Map(fileInfo.map((f) => [f.name, f.sha256]));
  const rows: BoundaryRow[] = targets.map(({ boundary, unit }) => {
    const webPolys = web.get(unit.id);
    // A shape so small that simplifying emptied it keeps its original geometry.
    const shown = webPolys && webPolys.length > 0 ? webPolys : boundary.polygons;
    return {
      unit_id: unit.id,
      geometry: JSON.stringify(toGeometry(boundary.polygons)),
      web_geometry: JSON.stringify(toGeometry(shown)),
      bbox: bboxOf(boundary.polygons),
      label_point: labelPoint(boundary.polygons),
      points: countPoints(boundary.polygons),
      web_points: countPoints(shown),
      source_file: boundary.file,
      source_sha256: shaOf.get(boundary.file) ?? '',
      imported_by: auth.user.id,
      imported_at: now,
    };
  });

  return ctx.db.transaction().execute(async (trx) => {
    const previous = await existingBoundaries(trx, targets.map((t) => t.unit.id));
    const replacedIds = new Set(previous.map((p) => p.unit_id));
    const units = targets
      .map(({ unit }, i) => ({ unitId: unit.id, code: unit.code, name: unit.full_name, kind: unit.kind, replaced: replacedIds.has(unit.id), points: rows[i]!.points, webPoints: rows[i]!.web_points }))
      .sort((a, b) => a.code.localeCompare(b.code));
    const report: BoundaryImportReport = { dryRun: opts.dryRun, files: files_, units, created: units.length - replacedIds.size, replaced: replacedIds.size, problems: [] };
    if (opts.dryRun) return report;
    await upsertBoundaries(trx, rows);
    // Filed under the province when everything lies in one (so provincial auditors see it).
    const provinces = [...new Set(targets.map((t) => t.unit.province))];
    await recordAudit(trx, originOf(request, now), {
      action: 'map.boundaries_imported',
      targetType: 'unit_boundary',
      targetId: provinces.length === 1 ? provinces[0]! : null,
      unitId: provinces.length === 1 ? provinces[0]! : null,
      details: {
        files: fileInfo.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })),
        units: units.map((u) => u.code),
        created: report.created,
        replaced: previous.map((p) => ({ unitId: p.unit_id, sourceFile: p.source_file, sha256: p.source_sha256, importedAt: p.imported_at.toISOString() })),
      },
    });
    return report;
  });
}

// /api/maps/*: boundary layers (built-in 2025 provinces, imported boundaries replacing
// them), the boundary import (every kind of bad file refused with the report, nothing
// changed; the official Gia Lai files from shared/data) and unit points (attributes.point).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, signIn } from '../org-units/org-units.test-support.ts';

let env: TestEnv;
let national: TestClient;
let giaLaiAdmin: TestClient;
let giaLaiCoordinator: TestClient;
let ids: Record<string, string>;

// Official boundaries of Gia Lai (2025) kept outside the repository (shared/data/README.md).
const GEO_DIR = path.resolve(import.meta.dirname, '../../../../../shared/data/geo-2025/52-gia-lai');
const haveGeo = fs.existsSync(GEO_DIR);
if (!haveGeo) console.warn(`maps.int.test: ${GEO_DIR} is absent; the Gia Lai boundary import tests are skipped.`);

beforeAll(async () => {
  env = await createTestEnv();
  national = await signIn(env, 'tw.admin', 'system_admin', 'VN');
  giaLaiAdmin = await signIn(env, 'gialai.admin', 'system_admin', '52');
  giaLaiCoordinator = await signIn(env, 'gialai.dieuphoi', 'provincial_coordinator', '52');
  ids = {
    gialai: await unitId(env.db, '52'),
    quangngai: await unitId(env.db, '51'),
    iagrai: await unitId(env.db, '23764'),
    sontayQN: await unitId(env.db, '21340'),
  };
});
afterAll(async () => env?.close());

type Files = { name: string; content: string | Uint8Array }[];
function importFiles(c: TestClient, files: Files, dryRun?: boolean) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.content as BlobPart], { type: 'application/geo+json' }), f.name);
  return c.request('POST', `/api/maps/boundaries/import${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`, undefined, { raw: form });
}

const square = (x: number, y: number, size = 0.01) => [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]];
const feature = (code: string, geometry: unknown, props: Record<string, unknown> = {}) => ({ type: 'Feature', id: code, properties: { code, ...props }, geometry });
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });
// A commune of Gia Lai (Ia Grai, 23764), drawn as a small square where it lies.
const iaGraiSquare = () => feature('23764', { type: 'Polygon', coordinates: square(107.7, 13.98) });

const boundaryCount = async () => Number((await env.db.selectFrom('unit_boundary').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('GET /api/maps/boundaries', () => {
  it('requires login', async () => {
    expect((await env.client().get('/api/maps/boundaries?level=province')).status).toBe(401);
  });

  it('gives the 34 provinces of 2025 from the built-in file, with Hoàng Sa and Trường Sa, under 1 MB, with an ETag', async () => {
    const res = await giaLaiCoordinator.get('/api/maps/boundaries?level=province');
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.text)).toBeLessThan(1_000_000);
    const units = res.body.features.filter((f: any) => f.properties.kind === 'unit');
    expect(units).toHaveLength(34);
    expect(units.every((f: any) => f.properties.source === 'builtin')).toBe(true);
    expect(units.find((f: any) => f.properties.code === '52').properties).toMatchObject({ unitId: ids.gialai, name: 'Gia Lai' });
    const archipelagos = res.body.features.filter((f: any) => f.properties.kind === 'archipelago');
    expect(archipelagos.map((f: any) => [f.properties.code, f.properties.name])).toEqual([
      ['48', 'Quần đảo Hoàng Sa (Đà Nẵng)'],
      ['56', 'Quần đảo Trường Sa (Khánh Hòa)'],
    ]);
    // The islands are part of Đà Nẵng's and Khánh Hòa's shapes.
    const parts = (code: string) => units.find((f: any) => f.properties.code === code).geometry.coordinates as number[][][][];
    const inBox = (polys: number[][][][], [x1, y1, x2, y2]: number[]) => polys.some((p) => p[0]!.every(([x, y]) => x! >= x1! && x! <= x2! && y! >= y1! && y! <= y2!));
    expect(inBox(parts('48'), [111, 15.5, 113, 17.2])).toBe(true);
    expect(inBox(parts('56'), [111.5, 7.5, 117.8, 11.5])).toBe(true);

    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await giaLaiCoordinator.request('GET', '/api/maps/boundaries?level=province', undefined, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    // Sent compressed by the compression plugin.
    const gz = await fetch(`${env.baseUrl}/api/maps/boundaries?level=province`, { headers: { cookie: giaLaiCoordinator.cookie!, 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
  });

  it('needs a province the caller sees for the commune layer, and has no built-in communes', async () => {
    expect((await giaLaiCoordinator.get('/api/maps/boundaries?level=commune')).status).toBe(400);
    expect((await giaLaiCoordinator.get(`/api/maps/boundaries?level=commune&parent=${ids.quangngai}`)).status).toBe(404);
    expect((await giaLaiCoordinator.get(`/api/maps/boundaries?level=commune&parent=${ids.iagrai}`)).status).toBe(404);
    const res = await giaLaiCoordinator.get(`/api/maps/boundaries?level=commune&parent=${ids.gialai}`);
    expect(res.status).toBe(200);
    expect(res.body.features).toEqual([]);
  });
});

describe('POST /api/maps/boundaries/import: refused files change nothing', () => {
  it('requires login, and unit.manage', async () => {
    expect((await importFiles(env.client(), [{ name: 'a.geojson', content: fc([iaGraiSquare()]) }])).status).toBe(401);
    const res = await importFiles(giaLaiCoordinator, [{ name: 'a.geojson', content: fc([iaGraiSquare()]) }]);
    expect(res.status).toBe(404);
    expect(await boundaryCount()).toBe(0);
  });

  const problemsOf = async (files: Files) => {
    const res = await importFiles(giaLaiAdmin, files);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('boundary_import_rejected');
    expect(res.body.error.details.units).toEqual([]);
    return res.body.error.details.problems as { file: string; feature?: number; unitCode?: string; code: string; message: string }[];
  };

  it.each([
    ['not JSON', '{"type": "FeatureCollection", ', 'geo_invalid_json', 'JSON'],
    ['a single Feature, not a FeatureCollection', JSON.stringify(iaGraiSquare()), 'geo_not_feature_collection', 'FeatureCollection'],
    ['a crs naming EPSG:3857', fc([iaGraiSquare()], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }), 'geo_crs_not_wgs84', 'EPSG:3857'],
    ['metres without a crs member', fc([feature('23764', { type: 'Polygon', coordinates: [[[11_990_000, 1_572_000], [11_991_000, 1_572_000], [11_991_000, 1_573_000], [11_990_000, 1_572_000]]] })]), 'geo_crs_not_wgs84', 'WGS84'],
    ['latitude and longitude swapped', fc([feature('23764', { type: 'Polygon', coordinates: [[[13.98, 107.7], [13.99, 107.7], [13.99, 107.71], [13.98, 107.7]]] })]), 'geo_crs_not_wgs84', 'WGS84'],
    ['an unknown unit code', fc([feature('99999', { type: 'Polygon', coordinates: square(107.7, 13.98) })]), 'geo_unknown_unit', '99999'],
    ['a unit outside the caller’s province', fc([feature('21340', { type: 'Polygon', coordinates: square(108.3, 15.0) })]), 'geo_unknown_unit', '21340'],
    ['a self-intersecting ring (bow tie)', fc([feature('23764', { type: 'Polygon', coordinates: [[[107.7, 13.98], [107.72, 14.0], [107.72, 13.98], [107.7, 14.0], [107.7, 13.98]]] })]), 'geo_self_intersection', 'tự cắt'],
    ['a Point instead of a polygon', fc([feature('23764', { type: 'Point', coordinates: [107.7, 13.98] })]), 'geo_wrong_geometry', 'Point'],
    ['an empty geometry', fc([feature('23764', { type: 'MultiPolygon', coordinates: [] })]), 'geo_empty_geometry', 'rỗng'],
    ['a feature without a unit code', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Ia Grai' }, geometry: { type: 'Polygon', coordinates: square(107.7, 13.98) } }] }), 'geo_no_unit_code', 'mã đơn vị'],
  ])('refuses %s', async (_what, content, code, inMessage) => {
    const problems = await problemsOf([{ name: 'ranh-gioi.geojson', content }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'ranh-gioi.geojson', code });
    expect(problems[0]!.message).toContain(inMessage);
    expect(await boundaryCount()).toBe(0);
  });

  it('reports every problem of every file at once, and writes none of the good features', async () => {
    const problems = await problemsOf([
      { name: 'tot.geojson', content: fc([iaGraiSquare()]) },
      {
        name: 'loi.geojson',
        content: fc([
          feature('52', { type: 'Polygon', coordinates: square(108, 14, 0.5) }),
          feature('23764', { type: 'Polygon', coordinates: square(107.8, 13.9) }),
          feature('88888', { type: 'Polygon', coordinates: square(108, 14) }),
          feature('23638', { type: 'LineString', coordinates: [[108, 14], [108.1, 14.1]] }),
        ]),
      },
    ]);
    expect(problems.map((p) => [p.file, p.feature, p.code])).toEqual([
      ['loi.geojson', 2, 'geo_duplicate_unit'],
      ['loi.geojson', 3, 'geo_unknown_unit'],
      ['loi.geojson', 4, 'geo_wrong_geometry'],
    ]);
    expect(await boundaryCount()).toBe(0);
    expect(await auditRows(env, 'map.boundaries_imported')).toEqual([]);
  });

  it('answers in English when asked', async () => {
    giaLaiAdmin.lang = 'en';
    try {
      const problems = await problemsOf([{ name: 'x.geojson', content: JSON.stringify(iaGraiSquare()) }]);
      expect(problems[0]!.message).toContain('must be a GeoJSON FeatureCollection');
    } finally {
      giaLaiAdmin.lang = 'vi';
    }
  });
});

describe.skipIf(!haveGeo)('importing the official boundaries of Gia Lai', () => {
  const provinceFile = () => ({ name: 'province.geojson', content: fs.readFileSync(path.join(GEO_DIR, 'province.geojson')) });
  const communeFiles = () =>
    fs
      .readdirSync(path.join(GEO_DIR, 'communes'))
      .sort()
      .map((name) => ({ name, content: fs.readFileSync(path.join(GEO_DIR, 'communes', name)) }));

  it('checks a dry run fully and writes nothing', async () => {
    const res = await importFiles(giaLaiAdmin, [provinceFile()], true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 1, replaced: 0, problems: [] });
    expect(res.body.units).toEqual([expect.objectContaining({ unitId: ids.gialai, code: '52', kind: 'province', replaced: false })]);
    expect(await boundaryCount()).toBe(0);
  });

  it('refuses the whole folder for the one commune code the units register does not know (Ia Mơ: 23938 in the GIS export, 23737 in the register)', async () => {
    const res = await importFiles(giaLaiAdmin, [provinceFile(), ...communeFiles()]);
    expect(res.status).toBe(422);
    expect(res.body.error.details.problems).toEqual([expect.objectContaining({ file: '23938_ia_mo.geojson', feature: 1, unitCode: '23938', code: 'geo_unknown_unit' })]);
    expect(await boundaryCount()).toBe(0);
  });

  it('imports the province and its communes in one go, replacing the built-in shape, and audits once', async () => {
    const files = [provinceFile(), ...communeFiles().filter((f) => !f.name.startsWith('23938_'))];
    const before = await giaLaiCoordinator.get('/api/maps/boundaries?level=province');
    const res = await importFiles(giaLaiAdmin, files);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, created: 135, replaced: 0, problems: [] });
    const province = res.body.units.find((u: any) => u.code === '52');
    expect(province.webPoints).toBeLessThan(province.points);
    expect(await boundaryCount()).toBe(135);
    const audit = await auditRows(env, 'map.boundaries_imported');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ unit_id: ids.gialai, actor_username: 'gialai.admin' });
    expect((audit[0]!.details as any).units).toHaveLength(135);

    const layer = await giaLaiCoordinator.request('GET', '/api/maps/boundaries?level=province', undefined, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(layer.status).toBe(200);
    expect(Buffer.byteLength(layer.text)).toBeLessThan(1_000_000);
    const sources = Object.fromEntries(layer.body.features.filter((f: any) => f.properties.kind === 'unit').map((f: any) => [f.properties.code, f.properties.source]));
    expect(sources['52']).toBe('imported');
    expect(Object.values(sources).filter((s) => s === 'builtin')).toHaveLength(33);

    const communes = await giaLaiCoordinator.get(`/api/maps/boundaries?level=commune&parent=${ids.gialai}`);
    expect(communes.status).toBe(200);
    expect(communes.body.features).toHaveLength(134);
    expect(communes.body.features.every((f: any) => f.properties.source === 'imported')).toBe(true);
    expect(communes.body.features.find((f: any) => f.properties.code === '23764').properties).toMatchObject({ unitId: ids.iagrai, name: 'Ia Grai' });
    expect(Buffer.byteLength(communes.text)).toBeLessThan(2_000_000);

    // Points: a point inside each imported commune.
    const points = await giaLaiCoordinator.get(`/api/maps/points?level=commune&parent=${ids.gialai}`);
    expect(points.body.features).toHaveLength(134);
    expect(points.body.features[0].properties.source).toBe('boundary');
  });

  it('replaces a boundary imported before', async () => {
    const res = await importFiles(national, [provinceFile()]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 0, replaced: 1 });
    const audit = await auditRows(env, 'map.boundaries_imported');
    expect((audit[1]!.details as any).replaced).toEqual([expect.objectContaining({ unitId: ids.gialai, sourceFile: 'province.geojson' })]);
  });
});

describe('unit points', () => {
  it('requires login', async () => {
    expect((await env.client().get('/api/maps/points')).status).toBe(401);
    expect((await env.client().put(`/api/maps/points/${ids.iagrai}`, { lon: 107.7, lat: 13.98 })).status).toBe(401);
  });

  it('gives a point for every province', async () => {
    const res = await giaLaiCoordinator.get('/api/maps/points?level=province');
    expect(res.status).toBe(200);
    expect(res.body.features).toHaveLength(34);
  });

  it('lets a unit administrator set a commune’s coordinates in their province only, audited', async () => {
    expect((await giaLaiCoordinator.put(`/api/maps/points/${ids.iagrai}`, { lon: 107.7, lat: 13.98 })).status).toBe(404);
    expect((await giaLaiAdmin.put(`/api/maps/points/${ids.sontayQN}`, { lon: 108.3, lat: 15.0 })).status).toBe(404);
    expect((await giaLaiAdmin.put(`/api/maps/points/${ids.iagrai}`, { lon: 200, lat: 13.98 })).status).toBe(400);
    const res = await giaLaiAdmin.put(`/api/maps/points/${ids.iagrai}`, { lon: 107.75, lat: 13.99 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ properties: { unitId: ids.iagrai, source: 'unit' }, geometry: { coordinates: [107.75, 13.99] } });
    expect(await auditRows(env, 'unit.point_set')).toEqual([expect.objectContaining({ unit_id: ids.iagrai })]);
    // On the unit, where the analytics metadata reads it.
    const unit = await env.db.selectFrom('org_unit').select('attributes').where('id', '=', ids.iagrai).executeTakeFirstOrThrow();
    expect(unit.attributes).toMatchObject({ point: [107.75, 13.99] });
    const points = await giaLaiCoordinator.get(`/api/maps/points?level=commune&parent=${ids.gialai}`);
    expect(points.body.features.find((f: any) => f.id === ids.iagrai)).toMatchObject({ properties: { source: 'unit' }, geometry: { coordinates: [107.75, 13.99] } });
  });
});

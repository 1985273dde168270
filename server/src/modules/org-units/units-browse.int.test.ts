// GET /api/units, GET /api/units/:id and GET /api/units/succession-report against the
// real 2025 and pre-2025 units.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { signIn } from './org-units.test-support.ts';

let env: TestEnv;
let national: TestClient;
let giaLaiAdmin: TestClient;
let giaLaiCoordinator: TestClient;
let iaGraiOfficer: TestClient;
let ids: Record<string, string>;

const seed = (file: string) => JSON.parse(fs.readFileSync(path.join(env.config.projectRoot, 'server', 'seed', 'units', file), 'utf8'));

beforeAll(async () => {
  env = await createTestEnv();
  national = await signIn(env, 'tw.admin', 'system_admin', 'VN');
  giaLaiAdmin = await signIn(env, 'gialai.admin', 'system_admin', '52');
  giaLaiCoordinator = await signIn(env, 'gialai.dieuphoi', 'provincial_coordinator', '52');
  iaGraiOfficer = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  ids = {
    gialai: await unitId(env.db, '52'),
    quangngai: await unitId(env.db, '51'),
    iagrai: await unitId(env.db, '23764'),
    sontayQN: await unitId(env.db, '21340'),
    oldGiaLai: await unitId(env.db, '64', 'pre2025'),
    oldIaKha: await unitId(env.db, '23764', 'pre2025'),
  };
});
afterAll(async () => env?.close());

describe('reference data', () => {
  it('holds exactly 34 provinces and 3,321 communes valid in 2025, and 63 / 705 / 10,599 before', async () => {
    const count = async (hierarchy: '2025' | 'pre2025', kind: 'province' | 'district' | 'commune', open: boolean) => {
      let q = env.db.selectFrom('org_unit').select((eb) => eb.fn.countAll<string>().as('n')).where('hierarchy', '=', hierarchy).where('kind', '=', kind);
      if (open) q = q.where('valid_to', 'is', null);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    expect(await count('2025', 'province', true)).toBe(34);
    expect(await count('2025', 'commune', true)).toBe(3321);
    expect(await count('pre2025', 'province', false)).toBe(63);
    expect(await count('pre2025', 'district', false)).toBe(705);
    expect(await count('pre2025', 'commune', false)).toBe(10599);
  });

  it('lists 34 provinces (2025) and 63 (pre-2025) at the top for national users', async () => {
    expect((await national.get('/api/units?limit=1')).body.total).toBe(34);
    expect((await national.get('/api/units?hierarchy=pre2025&limit=1')).body.total).toBe(63);
  });

  it('has, for 01, 52, 51 and 96, as many communes as the seed file', async () => {
    const u2025 = seed('units-2025.json') as { communes: { province: string }[] };
    for (const code of ['01', '52', '51', '96']) {
      const expected = u2025.communes.filter((c) => c.province === code).length;
      const res = await national.get(`/api/units?parentId=${await unitId(env.db, code)}&limit=1`);
      expect(res.status).toBe(200);
      expect(res.body.total, `province ${code}`).toBe(expected);
    }
  });
});

describe('GET /api/units', () => {
  it('requires login', async () => {
    const res = await env.client().get('/api/units');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('finds "Đắk Lắk" from "dak lak" and "Gia Lai" from "gia lai", without diacritics', async () => {
    const dakLak = await national.get('/api/units?q=dak%20lak');
    expect(dakLak.status).toBe(200);
    expect(dakLak.body.items[0]).toMatchObject({ code: '66', name: 'Đắk Lắk', kind: 'province', path: [] });
    const giaLai = await national.get('/api/units?q=gia%20lai');
    expect(giaLai.body.items[0]).toMatchObject({ code: '52', fullName: 'Tỉnh Gia Lai' });
    const oldGiaLai = await national.get('/api/units?q=gia%20lai&hierarchy=pre2025');
    expect(oldGiaLai.body.items[0]).toMatchObject({ code: '64', hierarchy: 'pre2025' });
  });

  it('finds a commune by its 5-digit code, with its parents named', async () => {
    const res = await national.get('/api/units?q=23764');
    expect(res.body.items[0]).toMatchObject({ code: '23764', fullName: 'Xã Ia Grai', path: ['Tỉnh Gia Lai'] });
    const old = await national.get('/api/units?q=23764&hierarchy=pre2025');
    expect(old.body.items[0]).toMatchObject({ code: '23764', fullName: 'Thị trấn Ia Kha', path: ['Tỉnh Gia Lai', 'Huyện Ia Grai'] });
  });

  it('names the parents of every search result in order, top first', async () => {
    const res = await national.get('/api/units?q=ia&hierarchy=pre2025&limit=200');
    expect(res.body.items.length).toBeGreaterThan(50);
    for (const item of res.body.items) expect(item.path).toHaveLength(item.kind === 'commune' ? 2 : item.kind === 'district' ? 1 : 0);
    for (const item of res.body.items.slice(0, 5)) {
      const page = await national.get(`/api/units/${item.id}`);
      expect(item.path).toEqual(page.body.ancestors.filter((a: { kind: string }) => a.kind !== 'nation').map((a: { fullName: string }) => a.fullName));
    }
  });

  it("gives a commune officer only their commune as the root, and searches only inside it", async () => {
    const roots = await iaGraiOfficer.get('/api/units');
    expect(roots.body.total).toBe(1);
    expect(roots.body.items.map((u: { code: string }) => u.code)).toEqual(['23764']);
    const search = await iaGraiOfficer.get('/api/units?q=gia%20lai');
    expect(search.body.items.some((u: { kind: string }) => u.kind === 'province')).toBe(false);
  });

  it('shows a provincial user of 52 the old provinces that became Gia Lai', async () => {
    const res = await giaLaiCoordinator.get('/api/units?hierarchy=pre2025');
    expect(res.status).toBe(200);
    expect(res.body.items.map((u: { code: string; name: string }) => `${u.code} ${u.name}`).sort()).toEqual(['52 Bình Định', '64 Gia Lai']);
    const districts = await giaLaiCoordinator.get(`/api/units?hierarchy=pre2025&parentId=${ids.oldGiaLai}&limit=1`);
    expect(districts.status).toBe(200);
    expect(districts.body.total).toBeGreaterThan(10);
  });

  it("refuses children of a unit outside the caller's scope as not found", async () => {
    const res = await giaLaiAdmin.get(`/api/units?parentId=${ids.quangngai}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect((await iaGraiOfficer.get(`/api/units?parentId=${ids.gialai}`)).status).toBe(404);
  });

  it('rejects bad input naming the field', async () => {
    const limit = await national.get('/api/units?limit=0');
    expect(limit.status).toBe(400);
    expect(limit.body.error.code).toBe('validation_failed');
    expect(limit.body.error.fields.map((f: { path: string }) => f.path)).toContain('querystring.limit');
    const unknown = await national.get('/api/units?colour=red');
    expect(unknown.body.error.fields.map((f: { path: string }) => f.path)).toContain('querystring.colour');
    const hierarchy = await national.get('/api/units?hierarchy=1990');
    expect(hierarchy.body.error.fields[0].path).toBe('querystring.hierarchy');
  });
});

describe('GET /api/units/:id', () => {
  it('requires login', async () => {
    expect((await env.client().get(`/api/units/${ids.iagrai}`)).status).toBe(401);
  });

  it('shows a 2025 commune with its parents, predecessors and abilities', async () => {
    const res = await giaLaiAdmin.get(`/api/units/${ids.iagrai}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '23764', fullName: 'Xã Ia Grai', kind: 'commune', hierarchy: '2025', validFrom: '2025-07-01', validTo: null });
    expect(res.body.ancestors.map((a: { code: string }) => a.code)).toEqual(['VN', '52']);
    expect(res.body.predecessors.map((p: { unit: { fullName: string } }) => p.unit.fullName).sort()).toEqual(['Thị trấn Ia Kha', 'Xã Ia Bă', 'Xã Ia Grăng'].sort());
    expect(res.body.predecessors[0]).toMatchObject({ weight: 1, effectiveDate: '2025-07-01' });
    expect(res.body.successors).toEqual([]);
    expect(res.body.abilities).toEqual({ manage: true, addVillage: true, close: false });
  });

  it('shows a pre-2025 commune with its successor', async () => {
    const res = await iaGraiOfficer.get(`/api/units/${ids.oldIaKha}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hierarchy: 'pre2025', validTo: '2025-06-30' });
    expect(res.body.successors.map((s: { unit: { code: string; hierarchy: string } }) => [s.unit.code, s.unit.hierarchy])).toEqual([['23764', '2025']]);
    expect(res.body.abilities).toEqual({ manage: false, addVillage: false, close: false });
  });

  it('gives no abilities to users without unit.manage', async () => {
    const res = await iaGraiOfficer.get(`/api/units/${ids.iagrai}`);
    expect(res.body.abilities).toEqual({ manage: false, addVillage: false, close: false });
  });

  it('answers not found for units outside the scope and for missing units alike', async () => {
    const other = await giaLaiAdmin.get(`/api/units/${ids.sontayQN}`);
    const missing = await national.get('/api/units/999999999');
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body).toEqual(missing.body);
    expect((await iaGraiOfficer.get(`/api/units/${ids.gialai}`)).status).toBe(404);
  });

  it('rejects an id that is not a number', async () => {
    const res = await national.get('/api/units/abc');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('params.id');
  });
});

describe('GET /api/units/succession-report', () => {
  it('requires login', async () => {
    expect((await env.client().get('/api/units/succession-report')).status).toBe(401);
  });

  it('is for unit administrators only', async () => {
    expect((await iaGraiOfficer.get('/api/units/succession-report')).status).toBe(404);
    expect((await giaLaiCoordinator.get('/api/units/succession-report')).status).toBe(404);
  });

  it('lists what could not be mapped, with the counts recorded at loading and in the database', async () => {
    const succession = seed('succession.json') as { effectiveDate: string; communes: unknown[]; provinces: unknown[]; unmapped: Record<string, unknown[]> };
    const res = await giaLaiAdmin.get('/api/units/succession-report');
    expect(res.status).toBe(200);
    expect(res.body.effectiveDate).toBe(succession.effectiveDate);
    for (const [key, list] of Object.entries(succession.unmapped)) {
      expect(res.body.unmapped[key].count, key).toBe(list.length);
      expect(res.body.unmapped[key].items).toHaveLength(list.length);
      expect(res.body.seed.unmappedCounts[key], key).toBe(list.length);
    }
    expect(res.body.seed.sources.length).toBe(2);
    expect(res.body.seed.appliedAt).toMatch(/^\d{4}-/);
    const { communeSuccessions, provinceSuccessions, oldCommunesWithoutSuccessor, newCommunesWithoutPredecessor } = res.body.database;
    expect(provinceSuccessions).toBe(63);
    expect(communeSuccessions).toBeGreaterThan(10_000);
    expect(communeSuccessions).toBeLessThanOrEqual(succession.communes.length);
    expect(oldCommunesWithoutSuccessor).toBe(succession.unmapped.oldCommunesWithoutSuccessor.length);
    expect(newCommunesWithoutPredecessor).toBe(succession.unmapped.newCommunesWithoutPredecessor.length);
  });
});

describe('OpenAPI', () => {
  it('documents every unit and unit-group endpoint with a Vietnamese summary', async () => {
    const res = await env.client().get('/api/docs/json');
    expect(res.status).toBe(200);
    const expected: [string, string, string][] = [
      ['/api/units', 'get', 'units'],
      ['/api/units/{id}', 'get', 'units'],
      ['/api/units/{id}', 'patch', 'units'],
      ['/api/units/{id}/villages', 'post', 'units'],
      ['/api/units/{id}/close', 'post', 'units'],
      ['/api/units/{id}/villages/import', 'post', 'units'],
      ['/api/units/villages/template.xlsx', 'get', 'units'],
      ['/api/units/succession-report', 'get', 'units'],
      ['/api/unit-groups', 'get', 'unit-groups'],
      ['/api/unit-groups', 'post', 'unit-groups'],
      ['/api/unit-groups/{id}', 'get', 'unit-groups'],
      ['/api/unit-groups/{id}', 'patch', 'unit-groups'],
      ['/api/unit-groups/{id}/members', 'get', 'unit-groups'],
      ['/api/unit-groups/{id}/members', 'post', 'unit-groups'],
      ['/api/unit-groups/{id}/members', 'delete', 'unit-groups'],
    ];
    for (const [p, method, tag] of expected) {
      const op = res.body.paths[p]?.[method];
      expect(op, `${method} ${p}`).toBeDefined();
      expect(op.tags).toEqual([tag]);
      expect(op.summary).toMatch(/[ăâđêôơưàảãáạềểễếệ]/i);
    }
    expect(Object.keys(res.body.paths['/api/units/{id}/villages/import'].post.requestBody.content)).toEqual(['multipart/form-data']);
  });
});

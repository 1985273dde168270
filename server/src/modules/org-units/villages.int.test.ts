// POST /api/units/:id/villages, PATCH /api/units/:id, POST /api/units/:id/close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, oversizedJson, signIn } from './org-units.test-support.ts';

let env: TestEnv;
let national: TestClient;
let giaLaiAdmin: TestClient;
let quangNgaiAdmin: TestClient;
let iaGraiOfficer: TestClient;
let ids: Record<string, string>;

beforeAll(async () => {
  env = await createTestEnv();
  national = await signIn(env, 'tw.admin', 'system_admin', 'VN');
  giaLaiAdmin = await signIn(env, 'gialai.admin', 'system_admin', '52');
  quangNgaiAdmin = await signIn(env, 'quangngai.admin', 'system_admin', '51');
  iaGraiOfficer = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  ids = {
    gialai: await unitId(env.db, '52'),
    iagrai: await unitId(env.db, '23764'),
    kbang: await unitId(env.db, '23638'),
    sontayQN: await unitId(env.db, '21340'),
    oldIaKha: await unitId(env.db, '23764', 'pre2025'),
  };
});
afterAll(async () => env?.close());

const villagesOf = (communeId: string) => env.db.selectFrom('org_unit').selectAll().where('parent_id', '=', communeId).where('kind', '=', 'village').orderBy('code').execute();

describe('POST /api/units/:id/villages', () => {
  it('requires login', async () => {
    const res = await env.client().post(`/api/units/${ids.iagrai}/villages`, { code: 'T01', name: 'Plei Ring', type: 'thon' });
    expect(res.status).toBe(401);
  });

  it('adds a village under a commune, with its closure rows and an audit entry', async () => {
    const res = await giaLaiAdmin.post(`/api/units/${ids.iagrai}/villages`, { code: 'T01', name: 'Plei Ring', type: 'thon', attributes: { extremelyDifficult: true, regionClass: 'III' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'T01',
      name: 'Plei Ring',
      fullName: 'Thôn Plei Ring',
      kind: 'village',
      type: 'thon',
      level: 3,
      hierarchy: '2025',
      parentId: ids.iagrai,
      validFrom: '2026-03-02',
      validTo: null,
      attributes: { extremelyDifficult: true, regionClass: 'III' },
      abilities: { manage: true, addVillage: false, close: true },
    });
    expect(res.body.ancestors.map((a: { code: string }) => a.code)).toEqual(['VN', '52', '23764']);

    const row = await env.db.selectFrom('org_unit').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ province_id: ids.gialai, path: '/VN/52/23764/T01', name_folded: 'thon plei ring plei ring' });
    const closure = await env.db.selectFrom('org_unit_closure').select(['ancestor_id', 'depth']).where('descendant_id', '=', res.body.id).orderBy('depth').execute();
    expect(closure.map((c) => c.depth)).toEqual([0, 1, 2, 3]);
    expect(closure[0].ancestor_id).toBe(res.body.id);
    expect(closure[1].ancestor_id).toBe(ids.iagrai);
    expect(closure[2].ancestor_id).toBe(ids.gialai);

    const audit = await auditRows(env, 'unit.created');
    expect(audit.at(-1)).toMatchObject({ actor_username: 'gialai.admin', target_type: 'org_unit', target_id: res.body.id, unit_id: res.body.id });
    expect(audit.at(-1)?.after).toMatchObject({ code: 'T01', fullName: 'Thôn Plei Ring', parentId: ids.iagrai });
  });

  it('shows the new village in the tree, in search (with its parents) and to the commune officer', async () => {
    const children = await iaGraiOfficer.get(`/api/units?parentId=${ids.iagrai}`);
    expect(children.body.items.map((u: { fullName: string }) => u.fullName)).toContain('Thôn Plei Ring');
    const search = await iaGraiOfficer.get('/api/units?q=plei%20ring');
    expect(search.body.items[0]).toMatchObject({ fullName: 'Thôn Plei Ring', path: ['Tỉnh Gia Lai', 'Xã Ia Grai'] });
    const commune = await iaGraiOfficer.get(`/api/units/${ids.iagrai}`);
    expect(commune.body.childCount).toBe(1);
  });

  it('writes full names with the type word and stores names in NFC', async () => {
    const ban = await quangNgaiAdmin.post(`/api/units/${ids.sontayQN}/villages`, { code: 'B1', name: 'Na\u0300 Nga\u0302\u0300n', type: 'ban' });
    expect(ban.status).toBe(201);
    expect(ban.body.fullName).toBe('Bản Nà Ngần');
    expect(ban.body.name).toBe('Nà Ngần'.normalize('NFC'));
    const lang = await quangNgaiAdmin.post(`/api/units/${ids.sontayQN}/villages`, { code: 'L1', name: 'Làng Kon Sơ Lăl', type: 'lang' });
    expect(lang.body).toMatchObject({ name: 'Kon Sơ Lăl', fullName: 'Làng Kon Sơ Lăl' });
    const tdp = await quangNgaiAdmin.post(`/api/units/${ids.sontayQN}/villages`, { code: 'TDP-3', name: '3', type: 'to-dan-pho' });
    expect(tdp.body.fullName).toBe('Tổ dân phố 3');
  });

  it('dates the village today in Vietnam time, on either side of midnight there', async () => {
    // Back in time only: moving the clock forward would end the sessions (idle timeout).
    const before = env.clock.now();
    try {
      env.clock.set(new Date('2026-03-01T16:59:00Z')); // 23:59 on 1 March in Hà Nội
      const late = await giaLaiAdmin.post(`/api/units/${ids.iagrai}/villages`, { code: 'T02', name: 'Ia Kha', type: 'thon' });
      expect(late.status).toBe(201);
      expect(late.body.validFrom).toBe('2026-03-01');
      env.clock.set(new Date('2026-03-01T17:00:00Z')); // 00:00 on 2 March in Hà Nội, still 1 March in UTC
      const early = await giaLaiAdmin.post(`/api/units/${ids.iagrai}/villages`, { code: 'T04', name: 'Bốn', type: 'thon' });
      expect(early.body.validFrom).toBe('2026-03-02');
    } finally {
      env.clock.set(before);
    }
    const explicit = await giaLaiAdmin.post(`/api/units/${ids.iagrai}/villages`, { code: 'T03', name: 'Ba', type: 'thon', validFrom: '2025-07-01' });
    expect(explicit.body.validFrom).toBe('2025-07-01');
  });

  it('refuses a code already used in the same commune, but not in another', async () => {
    const dup = await giaLaiAdmin.post(`/api/units/${ids.iagrai}/villages`, { code: 'T01', name: 'Khác', type: 'thon' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('unit_code_taken');
    expect(dup.body.error.fields[0].path).toBe('body.code');
    const elsewhere = await giaLaiAdmin.post(`/api/units/${ids.kbang}/villages`, { code: 'T01', name: 'Kon Lốc', type: 'lang' });
    expect(elsewhere.status).toBe(201);
  });

  it('refuses parents that are not open 2025 communes', async () => {
    const province = await giaLaiAdmin.post(`/api/units/${ids.gialai}/villages`, { code: 'X1', name: 'X', type: 'thon' });
    expect(province.status).toBe(400);
    expect(province.body.error.code).toBe('invalid_parent');
    const old = await giaLaiAdmin.post(`/api/units/${ids.oldIaKha}/villages`, { code: 'X1', name: 'X', type: 'thon' });
    expect(old.body.error.code).toBe('invalid_parent');
    const village = (await villagesOf(ids.iagrai))[0];
    const underVillage = await giaLaiAdmin.post(`/api/units/${village.id}/villages`, { code: 'X1', name: 'X', type: 'thon' });
    expect(underVillage.body.error.code).toBe('invalid_parent');
  });

  it('refuses a commune officer (no unit.manage) as not found', async () => {
    const res = await iaGraiOfficer.post(`/api/units/${ids.iagrai}/villages`, { code: 'X9', name: 'X', type: 'thon' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it("refuses another province's commune as not found, like a missing one", async () => {
    const other = await giaLaiAdmin.post(`/api/units/${ids.sontayQN}/villages`, { code: 'X9', name: 'X', type: 'thon' });
    expect(other.status).toBe(404);
    const missing = await national.post('/api/units/999999999/villages', { code: 'X9', name: 'X', type: 'thon' });
    expect(missing.status).toBe(404);
    expect(other.body).toEqual(missing.body);
  });

  it('rejects bad input naming the fields', async () => {
    const paths = async (body: unknown) => {
      const res = await giaLaiAdmin.post(`/api/units/${ids.iagrai}/villages`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      return res.body.error.fields.map((f: { path: string }) => f.path);
    };
    expect(await paths({ code: 'T9', type: 'thon' })).toContain('body.name');
    expect(await paths({ code: 'T9', name: 'A', type: 'xom' })).toContain('body.type');
    expect(await paths({ code: 'T 9/x', name: 'A', type: 'thon' })).toContain('body.code');
    expect(await paths({ code: 'T9', name: 'A', type: 'thon', colour: 'red' })).toContain('body.colour');
    expect(await paths({ code: 'T9', name: 'A', type: 'thon', validFrom: '2026-02-30' })).toContain('body.validFrom');
    expect(await paths({ code: 'T9', name: 'A', type: 'thon', validFrom: '2024-01-01' })).toContain('body.validFrom');
    expect(await paths({ code: 'T9', name: 'A', type: 'thon', attributes: { regionClass: 'IV' } })).toContain('body.attributes.regionClass');
    expect(await paths({ code: 'T9', name: 'A', type: 'thon', attributes: { population: 5 } })).toContain('body.attributes.population');
  });

  it('rejects malformed JSON and bodies over 1 MiB', async () => {
    const bad = await giaLaiAdmin.request('POST', `/api/units/${ids.iagrai}/villages`, undefined, { raw: '{"code": "T9",', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await giaLaiAdmin.request('POST', `/api/units/${ids.iagrai}/villages`, undefined, { raw: oversizedJson(), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });
});

describe('PATCH /api/units/:id', () => {
  let villageId: string;
  beforeAll(async () => {
    villageId = (await villagesOf(ids.iagrai)).find((v) => v.code === 'T01')!.id;
  });

  it('requires login', async () => {
    expect((await env.client().patch(`/api/units/${villageId}`, { name: 'A' })).status).toBe(401);
  });

  it("renames and retypes a village, merges attributes, and audits before and after", async () => {
    const res = await giaLaiAdmin.patch(`/api/units/${villageId}`, { name: 'Plei Ring Đáp', type: 'lang', attributes: { ethnicMinorityArea: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Plei Ring Đáp', fullName: 'Làng Plei Ring Đáp', type: 'lang', attributes: { extremelyDifficult: true, regionClass: 'III', ethnicMinorityArea: true } });
    const row = await env.db.selectFrom('org_unit').select(['name_folded']).where('id', '=', villageId).executeTakeFirstOrThrow();
    expect(row.name_folded).toBe('lang plei ring dap plei ring dap');
    const audit = (await auditRows(env, 'unit.updated')).at(-1);
    expect(audit?.before).toMatchObject({ fullName: 'Thôn Plei Ring', type: 'thon' });
    expect(audit?.after).toMatchObject({ fullName: 'Làng Plei Ring Đáp', type: 'lang' });
    expect((await iaGraiOfficer.get('/api/units?q=plei%20ring%20dap')).body.items[0].id).toBe(villageId);
  });

  it('removes regionClass when it is set to null', async () => {
    const res = await giaLaiAdmin.patch(`/api/units/${villageId}`, { attributes: { regionClass: null } });
    expect(res.status).toBe(200);
    expect(res.body.attributes).toEqual({ extremelyDifficult: true, ethnicMinorityArea: true });
  });

  it("sets an official unit's attributes but refuses its name or type", async () => {
    const attrs = await giaLaiAdmin.patch(`/api/units/${ids.iagrai}`, { attributes: { regionClass: 'III', ethnicMinorityArea: true } });
    expect(attrs.status).toBe(200);
    expect(attrs.body.attributes).toEqual({ regionClass: 'III', ethnicMinorityArea: true });
    expect(attrs.body.fullName).toBe('Xã Ia Grai');
    const rename = await giaLaiAdmin.patch(`/api/units/${ids.iagrai}`, { name: 'Ia Grai Mới' });
    expect(rename.status).toBe(400);
    expect(rename.body.error.code).toBe('validation_failed');
    expect(rename.body.error.fields[0].path).toBe('body.name');
    const retype = await giaLaiAdmin.patch(`/api/units/${ids.gialai}`, { type: 'thon' });
    expect(retype.body.error.fields[0].path).toBe('body.type');
  });

  it('refuses a commune officer and another province as not found', async () => {
    expect((await iaGraiOfficer.patch(`/api/units/${villageId}`, { name: 'A' })).status).toBe(404);
    expect((await quangNgaiAdmin.patch(`/api/units/${villageId}`, { name: 'A' })).status).toBe(404);
    expect((await giaLaiAdmin.patch(`/api/units/${ids.sontayQN}`, { attributes: { regionClass: 'I' } })).status).toBe(404);
  });

  it('refuses changes to closed (pre-2025) units', async () => {
    const res = await giaLaiAdmin.patch(`/api/units/${ids.oldIaKha}`, { attributes: { regionClass: 'I' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('unit_closed');
  });

  it('rejects bad input naming the fields', async () => {
    const res = await giaLaiAdmin.patch(`/api/units/${villageId}`, { name: '', attributes: { extremelyDifficult: 'yes' } });
    expect(res.status).toBe(400);
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.attributes.extremelyDifficult']));
    const bad = await giaLaiAdmin.request('PATCH', `/api/units/${villageId}`, undefined, { raw: '{', headers: { 'content-type': 'application/json' } });
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await giaLaiAdmin.request('PATCH', `/api/units/${villageId}`, undefined, { raw: oversizedJson(), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
  });
});

describe('POST /api/units/:id/close', () => {
  let villageId: string;
  beforeAll(async () => {
    villageId = (await villagesOf(ids.iagrai)).find((v) => v.code === 'T02')!.id;
  });

  it('requires login', async () => {
    expect((await env.client().post(`/api/units/${villageId}/close`, { validTo: '2026-03-31' })).status).toBe(401);
  });

  it('refuses a commune officer and another province as not found', async () => {
    expect((await iaGraiOfficer.post(`/api/units/${villageId}/close`, { validTo: '2026-03-31' })).status).toBe(404);
    expect((await quangNgaiAdmin.post(`/api/units/${villageId}/close`, { validTo: '2026-03-31' })).status).toBe(404);
  });

  it('rejects bad dates naming the field', async () => {
    const format = await giaLaiAdmin.post(`/api/units/${villageId}/close`, { validTo: '31/03/2026' });
    expect(format.status).toBe(400);
    expect(format.body.error.fields[0].path).toBe('body.validTo');
    const early = await giaLaiAdmin.post(`/api/units/${villageId}/close`, { validTo: '2026-02-28' });
    expect(early.status).toBe(400);
    expect(early.body.error.fields[0].path).toBe('body.validTo');
    const missing = await giaLaiAdmin.post(`/api/units/${villageId}/close`, {});
    expect(missing.body.error.fields[0].path).toBe('body.validTo');
    const bad = await giaLaiAdmin.request('POST', `/api/units/${villageId}/close`, undefined, { raw: 'validTo=x', headers: { 'content-type': 'application/json' } });
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await giaLaiAdmin.request('POST', `/api/units/${villageId}/close`, undefined, { raw: oversizedJson(), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
  });

  it('closes a village without deleting it; the 2025 tree hides it by default', async () => {
    const res = await giaLaiAdmin.post(`/api/units/${villageId}/close`, { validTo: '2026-03-01' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ validTo: '2026-03-01', abilities: { manage: false, close: false } });
    const open = await giaLaiAdmin.get(`/api/units?parentId=${ids.iagrai}`);
    expect(open.body.items.map((u: { id: string }) => u.id)).not.toContain(villageId);
    const all = await giaLaiAdmin.get(`/api/units?parentId=${ids.iagrai}&includeClosed=true`);
    expect(all.body.items.map((u: { id: string }) => u.id)).toContain(villageId);
    expect((await giaLaiAdmin.get(`/api/units/${villageId}`)).status).toBe(200);
    const audit = (await auditRows(env, 'unit.closed')).at(-1);
    expect(audit).toMatchObject({ target_id: villageId, unit_id: villageId, after: { validTo: '2026-03-01' } });
  });

  it('refuses to close twice, to change a closed village, or to reuse its code', async () => {
    const again = await giaLaiAdmin.post(`/api/units/${villageId}/close`, { validTo: '2026-04-01' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('unit_closed');
    expect((await giaLaiAdmin.patch(`/api/units/${villageId}`, { name: 'Mới' })).body.error.code).toBe('unit_closed');
    const reuse = await giaLaiAdmin.post(`/api/units/${ids.iagrai}/villages`, { code: 'T02', name: 'Khác', type: 'thon' });
    expect(reuse.body.error.code).toBe('unit_code_taken');
  });

  it('closes only villages', async () => {
    const res = await giaLaiAdmin.post(`/api/units/${ids.iagrai}/close`, { validTo: '2026-03-31' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('official_unit');
    expect(await env.db.selectFrom('org_unit').select('valid_to').where('id', '=', ids.iagrai).executeTakeFirstOrThrow()).toEqual({ valid_to: null });
  });

  it('lets a national administrator close any village', async () => {
    const village = (await villagesOf(ids.sontayQN))[0];
    const res = await national.post(`/api/units/${village.id}/close`, { validTo: '2026-12-31' });
    expect(res.status).toBe(200);
  });
});

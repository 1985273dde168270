// /api/unit-groups: the national list of unit groups and their members.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, oversizedJson, signIn } from './org-units.test-support.ts';
import { loadAdminUnits } from './seed/load-units.ts';
import { seedUnitGroups } from './seed/seed-groups.ts';

let env: TestEnv;
let national: TestClient;
let giaLaiAdmin: TestClient;
let iaGraiOfficer: TestClient;
let ids: Record<string, string>;
let groups: Record<string, string>;

beforeAll(async () => {
  env = await createTestEnv();
  national = await signIn(env, 'tw.admin', 'system_admin', 'VN');
  giaLaiAdmin = await signIn(env, 'gialai.admin', 'system_admin', '52');
  iaGraiOfficer = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  ids = {
    gialai: await unitId(env.db, '52'),
    iagrai: await unitId(env.db, '23764'),
    kbang: await unitId(env.db, '23638'),
    sontayQN: await unitId(env.db, '21340'),
    oldIaKha: await unitId(env.db, '23764', 'pre2025'),
  };
  const rows = await env.db.selectFrom('org_unit_group').select(['id', 'code']).execute();
  groups = Object.fromEntries(rows.map((g) => [g.code, g.id]));
});
afterAll(async () => env?.close());

const members = (groupId: string) => env.db.selectFrom('org_unit_group_member').select('unit_id').where('group_id', '=', groupId).orderBy('unit_id').execute();
const deleteMembers = (c: TestClient, groupId: string, body: unknown) => c.request('DELETE', `/api/unit-groups/${groupId}/members`, body);

describe('built-in groups', () => {
  it('are seeded once, empty', async () => {
    expect(Object.keys(groups).sort()).toEqual(['THON_DBKK', 'VUNG_DTTS']);
    expect(await seedUnitGroups(env.db, pino({ level: 'silent' }))).toBe(false);
    expect(await loadAdminUnits(env.db, env.config.projectRoot, pino({ level: 'silent' }))).toBe(false);
    expect(await env.db.selectFrom('org_unit_group').select('code').execute()).toHaveLength(2);
    expect(await env.db.selectFrom('org_unit_group_member').select('unit_id').execute()).toEqual([]);
  });
});

describe('GET /api/unit-groups', () => {
  it('requires login', async () => {
    expect((await env.client().get('/api/unit-groups')).status).toBe(401);
  });

  it('lists the groups for any signed-in user, with what they may do', async () => {
    const res = await iaGraiOfficer.get('/api/unit-groups');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        { id: groups.VUNG_DTTS, code: 'VUNG_DTTS', name: 'Xã vùng đồng bào DTTS&MN', nameEn: expect.any(String), description: expect.any(String), memberCount: 0 },
        expect.objectContaining({ code: 'THON_DBKK', name: 'Thôn đặc biệt khó khăn', memberCount: 0 }),
      ]),
    );
    expect(res.body.abilities).toEqual({ manage: false });
    expect((await giaLaiAdmin.get('/api/unit-groups')).body.abilities).toEqual({ manage: false });
    expect((await national.get('/api/unit-groups')).body.abilities).toEqual({ manage: true });
  });
});

describe('GET /api/unit-groups/:id', () => {
  it('requires login', async () => {
    expect((await env.client().get(`/api/unit-groups/${groups.VUNG_DTTS}`)).status).toBe(401);
  });

  it('returns one group for any signed-in user, with what they may do', async () => {
    const res = await national.get(`/api/unit-groups/${groups.VUNG_DTTS}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: groups.VUNG_DTTS,
      code: 'VUNG_DTTS',
      name: 'Xã vùng đồng bào DTTS&MN',
      nameEn: expect.any(String),
      description: expect.any(String),
      memberCount: 0,
      abilities: { manage: true, changeMembers: true },
    });
    // Provincial administrators put their units in or out but do not rename; officers only read.
    expect((await giaLaiAdmin.get(`/api/unit-groups/${groups.VUNG_DTTS}`)).body.abilities).toEqual({ manage: false, changeMembers: true });
    const officer = await iaGraiOfficer.get(`/api/unit-groups/${groups.THON_DBKK}`);
    expect(officer.status).toBe(200);
    expect(officer.body).toMatchObject({ code: 'THON_DBKK', abilities: { manage: false, changeMembers: false } });
  });

  it('answers not found for an unknown group and rejects an id that is not a number', async () => {
    const missing = await national.get('/api/unit-groups/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const bad = await national.get('/api/unit-groups/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('params.id');
  });
});

describe('POST /api/unit-groups', () => {
  it('requires login', async () => {
    expect((await env.client().post('/api/unit-groups', { code: 'XA_BIEN_GIOI', name: 'Xã biên giới' })).status).toBe(401);
  });

  it('creates a group (national unit administrators) and audits it', async () => {
    const res = await national.post('/api/unit-groups', { code: 'XA_BIEN_GIOI', name: 'Xã biên giới', nameEn: 'Border communes' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'XA_BIEN_GIOI', name: 'Xã biên giới', nameEn: 'Border communes', description: null, memberCount: 0 });
    groups.XA_BIEN_GIOI = res.body.id;
    expect((await auditRows(env, 'unit_group.created')).at(-1)).toMatchObject({ target_id: res.body.id, after: { code: 'XA_BIEN_GIOI' } });
  });

  it('refuses a duplicate code', async () => {
    const res = await national.post('/api/unit-groups', { code: 'VUNG_DTTS', name: 'Lặp' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.fields[0].path).toBe('body.code');
  });

  it('refuses provincial administrators and officers as not found', async () => {
    expect((await giaLaiAdmin.post('/api/unit-groups', { code: 'TINH_GL', name: 'Nhóm Gia Lai' })).status).toBe(404);
    expect((await iaGraiOfficer.post('/api/unit-groups', { code: 'XA_IG', name: 'Nhóm xã' })).status).toBe(404);
  });

  it('rejects bad input naming the fields', async () => {
    const res = await national.post('/api/unit-groups', { code: 'x', name: '', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['body.code', 'body.name', 'body.colour']));
    const bad = await national.request('POST', '/api/unit-groups', undefined, { raw: '{"code":', headers: { 'content-type': 'application/json' } });
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await national.request('POST', '/api/unit-groups', undefined, { raw: oversizedJson(), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
  });
});

describe('PATCH /api/unit-groups/:id', () => {
  it('requires login', async () => {
    expect((await env.client().patch(`/api/unit-groups/${groups.XA_BIEN_GIOI}`, { name: 'A' })).status).toBe(401);
  });

  it('renames a group and clears its English name, audited', async () => {
    const res = await national.patch(`/api/unit-groups/${groups.XA_BIEN_GIOI}`, { name: 'Xã biên giới đất liền', nameEn: null, description: 'Thử' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'XA_BIEN_GIOI', name: 'Xã biên giới đất liền', nameEn: null, description: 'Thử' });
    const audit = (await auditRows(env, 'unit_group.updated')).at(-1);
    expect(audit).toMatchObject({ before: { name: 'Xã biên giới', nameEn: 'Border communes' }, after: { name: 'Xã biên giới đất liền', nameEn: null } });
  });

  it('refuses provincial administrators, and missing groups, as not found', async () => {
    expect((await giaLaiAdmin.patch(`/api/unit-groups/${groups.XA_BIEN_GIOI}`, { name: 'A' })).status).toBe(404);
    expect((await national.patch('/api/unit-groups/999999', { name: 'A' })).status).toBe(404);
  });

  it('rejects bad input naming the fields', async () => {
    const res = await national.patch(`/api/unit-groups/${groups.XA_BIEN_GIOI}`, { code: 'NEW' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('body.code');
    const bad = await national.request('PATCH', `/api/unit-groups/${groups.XA_BIEN_GIOI}`, undefined, { raw: '[', headers: { 'content-type': 'application/json' } });
    expect(bad.body.error.code).toBe('invalid_json');
  });
});

describe('POST and DELETE /api/unit-groups/:id/members', () => {
  it('require login', async () => {
    expect((await env.client().post(`/api/unit-groups/${groups.VUNG_DTTS}/members`, { unitIds: [ids.iagrai] })).status).toBe(401);
    expect((await deleteMembers(env.client(), groups.VUNG_DTTS, { unitIds: [ids.iagrai] })).status).toBe(401);
  });

  it('let an administrator add units they manage, once, audited under their province', async () => {
    const res = await giaLaiAdmin.post(`/api/unit-groups/${groups.VUNG_DTTS}/members`, { unitIds: [ids.iagrai, ids.kbang, ids.oldIaKha] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: 3, group: { code: 'VUNG_DTTS', memberCount: 3 } });
    const again = await giaLaiAdmin.post(`/api/unit-groups/${groups.VUNG_DTTS}/members`, { unitIds: [ids.iagrai] });
    expect(again.body.changed).toBe(0);
    const audit = await auditRows(env, 'unit_group.members_added');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target_id: groups.VUNG_DTTS, details: { group: 'VUNG_DTTS' } });
    // The common ancestor of a 2025 and a pre-2025 unit is the nation; of two Gia Lai communes, Gia Lai.
    await giaLaiAdmin.post(`/api/unit-groups/${groups.THON_DBKK}/members`, { unitIds: [ids.iagrai, ids.kbang] });
    expect((await auditRows(env, 'unit_group.members_added')).at(-1)?.unit_id).toBe(ids.gialai);
  });

  it('add nothing when one unit is outside the scope, naming none', async () => {
    const res = await giaLaiAdmin.post(`/api/unit-groups/${groups.XA_BIEN_GIOI}/members`, { unitIds: [ids.iagrai, ids.sontayQN] });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect(JSON.stringify(res.body)).not.toContain(ids.sontayQN);
    expect(await members(groups.XA_BIEN_GIOI)).toEqual([]);
    expect((await giaLaiAdmin.post(`/api/unit-groups/${groups.XA_BIEN_GIOI}/members`, { unitIds: ['999999999'] })).status).toBe(404);
  });

  it('refuse a commune officer (no unit.manage) and a missing group as not found', async () => {
    expect((await iaGraiOfficer.post(`/api/unit-groups/${groups.XA_BIEN_GIOI}/members`, { unitIds: [ids.iagrai] })).status).toBe(404);
    expect((await deleteMembers(iaGraiOfficer, groups.VUNG_DTTS, { unitIds: [ids.iagrai] })).status).toBe(404);
    expect((await giaLaiAdmin.post('/api/unit-groups/999999/members', { unitIds: [ids.iagrai] })).status).toBe(404);
  });

  it('reject bad input naming the fields', async () => {
    const empty = await giaLaiAdmin.post(`/api/unit-groups/${groups.VUNG_DTTS}/members`, { unitIds: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('body.unitIds');
    const notId = await giaLaiAdmin.post(`/api/unit-groups/${groups.VUNG_DTTS}/members`, { unitIds: ['abc'] });
    expect(notId.body.error.fields[0].path).toBe('body.unitIds.0');
    const bad = await giaLaiAdmin.request('POST', `/api/unit-groups/${groups.VUNG_DTTS}/members`, undefined, { raw: '{', headers: { 'content-type': 'application/json' } });
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await giaLaiAdmin.request('POST', `/api/unit-groups/${groups.VUNG_DTTS}/members`, undefined, { raw: oversizedJson(), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
  });

  it('remove members all-or-nothing, audited', async () => {
    await national.post(`/api/unit-groups/${groups.VUNG_DTTS}/members`, { unitIds: [ids.sontayQN] });
    const refused = await deleteMembers(giaLaiAdmin, groups.VUNG_DTTS, { unitIds: [ids.kbang, ids.sontayQN] });
    expect(refused.status).toBe(404);
    expect(await members(groups.VUNG_DTTS)).toHaveLength(4);
    const res = await deleteMembers(giaLaiAdmin, groups.VUNG_DTTS, { unitIds: [ids.kbang, ids.oldIaKha] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: 2, group: { memberCount: 1 } });
    expect((await auditRows(env, 'unit_group.members_removed')).at(-1)).toMatchObject({ target_id: groups.VUNG_DTTS });
  });
});

describe('GET /api/unit-groups/:id/members', () => {
  it('requires login', async () => {
    expect((await env.client().get(`/api/unit-groups/${groups.VUNG_DTTS}/members`)).status).toBe(401);
  });

  it("lists only the members inside the caller's view scope", async () => {
    const all = await national.get(`/api/unit-groups/${groups.VUNG_DTTS}/members`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((u: { code: string }) => u.code).sort()).toEqual(['21340', '23764']);
    const giaLai = await giaLaiAdmin.get(`/api/unit-groups/${groups.VUNG_DTTS}/members`);
    expect(giaLai.body).toMatchObject({ total: 1, items: [{ code: '23764', fullName: 'Xã Ia Grai' }] });
    const list = await giaLaiAdmin.get('/api/unit-groups');
    expect(list.body.items.find((g: { code: string }) => g.code === 'VUNG_DTTS').memberCount).toBe(1);
    const dbkk = await iaGraiOfficer.get(`/api/unit-groups/${groups.THON_DBKK}/members`);
    expect(dbkk.body).toMatchObject({ total: 1, items: [{ code: '23764' }] });
  });

  it('gives each member its parents\' names, without the nation', async () => {
    const all = await national.get(`/api/unit-groups/${groups.VUNG_DTTS}/members`);
    const byCode = Object.fromEntries(all.body.items.map((u: { code: string; path: string[] }) => [u.code, u.path]));
    expect(byCode).toEqual({ '21340': ['Tỉnh Quảng Ngãi'], '23764': ['Tỉnh Gia Lai'] });
    // A pre-2025 commune reads through its district.
    await giaLaiAdmin.post(`/api/unit-groups/${groups.XA_BIEN_GIOI}/members`, { unitIds: [ids.oldIaKha] });
    const old = await giaLaiAdmin.get(`/api/unit-groups/${groups.XA_BIEN_GIOI}/members`);
    expect(old.body.items).toEqual([expect.objectContaining({ code: '23764', hierarchy: 'pre2025', path: ['Tỉnh Gia Lai', 'Huyện Ia Grai'] })]);
    await deleteMembers(giaLaiAdmin, groups.XA_BIEN_GIOI, { unitIds: [ids.oldIaKha] });
  });

  it('pages', async () => {
    const res = await national.get(`/api/unit-groups/${groups.VUNG_DTTS}/members?limit=1&offset=1`);
    expect(res.body.total).toBe(2);
    expect(res.body.items).toHaveLength(1);
  });

  it('shows membership on the unit page and filters the unit list by group', async () => {
    const page = await iaGraiOfficer.get(`/api/units/${ids.iagrai}`);
    expect(page.body.groups.map((g: { code: string }) => g.code).sort()).toEqual(['THON_DBKK', 'VUNG_DTTS']);
    const filtered = await giaLaiAdmin.get(`/api/units?groupId=${groups.THON_DBKK}`);
    expect(filtered.body.items.map((u: { code: string }) => u.code).sort()).toEqual(['23638', '23764']);
  });

  it('answers not found for a missing group and rejects bad input', async () => {
    expect((await national.get('/api/unit-groups/999999/members')).status).toBe(404);
    const res = await national.get(`/api/unit-groups/${groups.VUNG_DTTS}/members?limit=9999`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('querystring.limit');
  });
});

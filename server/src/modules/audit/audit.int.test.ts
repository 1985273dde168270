// The audit log as an auditor uses it: sign-ins, administration and role changes are
// recorded with who, from where, before and after; a provincial auditor sees only
// entries about their province; filters use Vietnam calendar days; the CSV export is
// itself audited; and the table cannot be edited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv, type TestResponse } from '../../../test/harness.ts';

const STRONG = 'Lua-nuong-Tay-Nguyen-7';
const IA_GRAI = '23764';
const AN_PHU = '21034';

interface Entry {
  id: string;
  at: string;
  actorUsername: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  unitId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

let env: TestEnv;
let national: TestClient;
let provincial: TestClient;
let coordinator: TestClient;
let officer: TestClient;
let gialaiOfficer: MadeUser;
let quangngaiOfficer: MadeUser;
let createdId: string;
let customRoleId: string;
const units: Record<string, string> = {};
const roles: Record<string, string> = {};
let gialaiUnitIds: Set<string>;

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
  expect(res.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

async function entries(c: TestClient, query = ''): Promise<Entry[]> {
  const res = await c.get(`/api/audit?limit=500${query ? `&${query}` : ''}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** The raw bytes of a download, since Response.text() would strip the BOM. */
async function download(c: TestClient, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(env.baseUrl + path, { headers: { cookie: c.cookie ?? '', 'accept-language': 'vi' } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  env = await createTestEnv();
  for (const code of ['VN', '52', '51', IA_GRAI, AN_PHU]) units[code] = await unitId(env.db, code);
  for (const r of await env.db.selectFrom('role').select(['id', 'code']).execute()) roles[r.code] = r.id;
  const inGialai = await env.db.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', units['52']).execute();
  gialaiUnitIds = new Set(inGialai.map((r) => r.descendant_id));

  national = await signedIn(env, await makeUser(env, { username: 'qt.quocgia', role: 'system_admin', unit: 'VN', totp: true }));
  provincial = await signedIn(env, await makeUser(env, { username: 'qt.gialai', role: 'system_admin', unit: '52', totp: true }));
  coordinator = await signedIn(env, await makeUser(env, { username: 'dp.gialai', role: 'provincial_coordinator', unit: '52' }));
  gialaiOfficer = await makeUser(env, { username: 'cb.iagrai', role: 'commune_officer', unit: IA_GRAI });
  quangngaiOfficer = await makeUser(env, { username: 'cb.anphu', role: 'commune_officer', unit: AN_PHU });

  // Sign-ins: success, failure and sign-out in both provinces; a lockout in Gia Lai.
  officer = await signedIn(env, gialaiOfficer);
  await env.client().login(gialaiOfficer.username, 'Sai-mat-khau-123');
  await env.client().login('khong.ton.tai', 'Sai-mat-khau-123');
  const qn = await signedIn(env, quangngaiOfficer);
  await env.client().login(quangngaiOfficer.username, 'Sai-mat-khau-123');
  await qn.post('/api/auth/logout');
  const locked = await makeUser(env, { username: 'cb.bi_khoa', role: 'commune_officer', unit: IA_GRAI });
  for (let i = 0; i < 5; i += 1) await env.client().login(locked.username, 'Sai-mat-khau-123');

  // Administration.
  const created = await national.post('/api/users', { username: 'cb.moi', displayName: 'Cán bộ mới', password: STRONG, assignments: [{ roleId: roles.commune_officer, unitId: units[IA_GRAI] }] });
  expect(created.status, created.text).toBe(201);
  createdId = created.body.id;
  expect((await provincial.patch(`/api/users/${createdId}`, { displayName: 'Ksor H\'Bia' })).status).toBe(200);
  const added = await provincial.post(`/api/users/${createdId}/assignments`, { roleId: roles.viewer, unitId: units['52'] });
  const viewer = added.body.assignments.find((a: { role: { code: string } }) => a.role.code === 'viewer');
  expect((await provincial.delete(`/api/users/${createdId}/assignments/${viewer.id}`)).status).toBe(200);
  expect((await provincial.post(`/api/users/${createdId}/deactivate`, { reason: 'Chuyển công tác' })).status).toBe(200);
  expect((await national.post('/api/users', { username: 'cb.moi.qn', displayName: 'Cán bộ Quảng Ngãi', password: STRONG, assignments: [{ roleId: roles.commune_officer, unitId: units[AN_PHU] }] })).status).toBe(201);

  // Roles.
  customRoleId = (await national.post('/api/roles', { code: 'nhap_lieu', nameVi: 'Nhập liệu', nameEn: 'Data entry', permissions: ['data.enter'] })).body.id;
  await national.patch(`/api/roles/${customRoleId}`, { permissions: ['data.enter', 'data.read'] });
  await national.delete(`/api/roles/${customRoleId}`);
});
afterAll(async () => env?.close());

describe('what is recorded', () => {
  it('records successful and failed sign-ins with the account, address and reason', async () => {
    const all = await entries(national, 'actor=cb.iagrai');
    const login = all.find((e) => e.action === 'auth.login');
    expect(login).toMatchObject({ actorUsername: 'cb.iagrai', targetType: 'user', targetId: gialaiOfficer.id, unitId: units[IA_GRAI] });
    expect(login?.ip).toMatch(/127\.0\.0\.1/);
    const failed = all.find((e) => e.action === 'auth.login_failed');
    expect(failed?.details).toEqual({ reason: 'wrong_password', failures: 1 });
    expect(failed?.ip).toMatch(/127\.0\.0\.1/);
    const unknown = (await entries(national, 'action=auth.login_failed')).find((e) => (e.details as { reason?: string }).reason === 'unknown_user');
    expect(unknown).toMatchObject({ actorUsername: null, details: { username: 'khong.ton.tai', reason: 'unknown_user' } });
    expect(unknown?.ip).toMatch(/127\.0\.0\.1/);
  });

  it('records sign-out and lockout', async () => {
    const logout = (await entries(national, 'action=auth.logout')).find((e) => e.actorUsername === 'cb.anphu');
    expect(logout).toMatchObject({ targetId: quangngaiOfficer.id, unitId: units[AN_PHU] });
    const lockout = (await entries(national, 'action=auth.lockout'))[0];
    expect(lockout.actorUsername).toBe('cb.bi_khoa');
    expect(lockout.after).toEqual({ lockedUntil: new Date(env.clock.now().getTime() + 15 * 60_000).toISOString() });
  });

  it('records user creation, changes and deactivation with the administrator and before/after, never the password', async () => {
    const about = (await entries(national)).filter((e) => e.targetId === createdId);
    const created = about.find((e) => e.action === 'user.created');
    expect(created?.actorUsername).toBe('qt.quocgia');
    expect(created?.after).toMatchObject({ username: 'cb.moi', displayName: 'Cán bộ mới' });
    const updated = about.find((e) => e.action === 'user.updated');
    expect(updated).toMatchObject({ actorUsername: 'qt.gialai', unitId: units[IA_GRAI] });
    expect(updated?.before).toMatchObject({ displayName: 'Cán bộ mới' });
    expect(updated?.after).toMatchObject({ displayName: 'Ksor H\'Bia' });
    const deactivated = about.find((e) => e.action === 'user.deactivated');
    expect(deactivated).toMatchObject({ actorUsername: 'qt.gialai', before: { active: true }, after: { active: false }, details: { reason: 'Chuyển công tác' } });
    const raw = await sql<{ t: string }>`select string_agg(coalesce(before::text, '') || coalesce(after::text, '') || coalesce(details::text, ''), ' ') as t from audit_log`.execute(env.db);
    expect(raw.rows[0].t).not.toMatch(/argon2|Lua-nuong|Sai-mat-khau|Kiem-thu/);
  });

  it('records assignment changes with the role and unit', async () => {
    const about = (await entries(national, 'action=user.assignment')).filter((e) => e.targetId === createdId);
    expect(about.map((e) => e.action).sort()).toEqual(['user.assignment_added', 'user.assignment_removed']);
    expect(about.find((e) => e.action === 'user.assignment_added')?.after).toEqual({ role: 'viewer', unitId: units['52'] });
    expect(about.find((e) => e.action === 'user.assignment_removed')?.before).toEqual({ role: 'viewer', unitId: units['52'] });
  });

  it('records role creation, change and deletion', async () => {
    const about = (await entries(national, 'action=role.')).filter((e) => e.targetId === customRoleId);
    expect(about.map((e) => e.action).sort()).toEqual(['role.created', 'role.deleted', 'role.updated']);
    const updated = about.find((e) => e.action === 'role.updated');
    expect(updated).toMatchObject({ actorUsername: 'qt.quocgia', targetType: 'role' });
    expect((updated?.before as { permissions: string[] }).permissions).toEqual(['data.enter']);
    expect((updated?.after as { permissions: string[] }).permissions).toEqual(['data.enter', 'data.read']);
  });
});

describe('who sees what', () => {
  it('shows a national auditor everything, across provinces and roles', async () => {
    const all = await entries(national);
    const actors = new Set(all.map((e) => e.actorUsername));
    expect(actors).toContain('cb.anphu');
    expect(actors).toContain('cb.iagrai');
    expect(all.some((e) => e.action.startsWith('role.'))).toBe(true);
  });

  it('shows a provincial auditor only entries about units in their province', async () => {
    const mine = await entries(provincial);
    expect(mine.length).toBeGreaterThan(5);
    for (const e of mine) expect(gialaiUnitIds.has(String(e.unitId)), `${e.action} at unit ${e.unitId}`).toBe(true);
    const actions = new Set(mine.map((e) => e.action));
    for (const a of ['auth.login', 'auth.login_failed', 'auth.lockout', 'user.created', 'user.updated', 'user.deactivated', 'user.assignment_added']) expect(actions, a).toContain(a);
    expect(mine.some((e) => e.actorUsername === 'cb.anphu')).toBe(false);
    expect(mine.some((e) => e.action.startsWith('role.'))).toBe(false);
  });

  it('shows a provincial auditor the sign-ins of users who use two-factor', async () => {
    const twoFactor = await makeUser(env, { username: 'cb.hai.lop', role: 'commune_officer', unit: IA_GRAI, totp: true });
    await signedIn(env, twoFactor);
    const logins = (await entries(provincial, 'action=auth.login&actor=cb.hai.lop')).filter((e) => e.action === 'auth.login');
    expect(logins).toHaveLength(1);
  });

  it('is refused without a session and to roles without audit.read', async () => {
    expectError(await env.client().get('/api/audit'), 401, 'unauthenticated');
    expectError(await coordinator.get('/api/audit'), 404, 'not_found');
    expectError(await officer.get('/api/audit'), 404, 'not_found');
    expectError(await env.client().get('/api/audit/export.csv'), 401, 'unauthenticated');
    expectError(await coordinator.get('/api/audit/export.csv'), 404, 'not_found');
  });
});

describe('filters', () => {
  it('filters by action, including names with underscores, and by action prefix', async () => {
    const failed = await entries(national, 'action=auth.login_failed');
    expect(failed.length).toBeGreaterThanOrEqual(7);
    expect(new Set(failed.map((e) => e.action))).toEqual(new Set(['auth.login_failed']));
    const users = await entries(national, 'action=user.');
    expect(users.length).toBeGreaterThan(3);
    for (const e of users) expect(e.action.startsWith('user.')).toBe(true);
    expect(await entries(national, 'action=auth_login')).toEqual([]);
  });

  it('filters by actor, case-insensitively and with underscores in the name', async () => {
    const mine = await entries(national, 'actor=QT.GIALAI');
    expect(mine.length).toBeGreaterThan(0);
    for (const e of mine) expect(e.actorUsername).toBe('qt.gialai');
    const locked = await entries(national, 'actor=bi_khoa');
    expect(locked.length).toBeGreaterThan(0);
    for (const e of locked) expect(e.actorUsername).toBe('cb.bi_khoa');
  });

  it('pages with limit, offset and hasMore', async () => {
    const first = await national.get('/api/audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    expect(first.body.retentionDays).toBe(365);
    const second = await national.get('/api/audit?limit=2&offset=2');
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(Number(second.body.items[0].id)).toBeLessThan(Number(first.body.items[1].id));
  });

  it('refuses impossible dates, unknown parameters and oversized pages without a server error', async () => {
    const bad = await national.get('/api/audit?from=2026-13-45');
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['querystring.from']);
    expectError(await national.get('/api/audit?to=2026-02-30'), 400, 'validation_failed');
    expectError(await national.get('/api/audit/export.csv?from=2026-99-01'), 400, 'validation_failed');
    expectError(await national.get('/api/audit?from=02/03/2026'), 400, 'validation_failed');
    const unknown = await national.get('/api/audit?user=1');
    expectError(unknown, 400, 'validation_failed');
    expect(unknown.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['querystring.user']);
    expectError(await national.get('/api/audit?limit=100000'), 400, 'validation_failed');
  });
});

describe('CSV export', () => {
  it('downloads UTF-8 CSV with a BOM and a Vietnamese header row, and is itself audited', async () => {
    const res = await download(national, '/api/audit/export.csv?action=auth.');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="nhat-ky-2026-03-02.csv"');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.bytes.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('Thời điểm,Người thực hiện,Hành động,Đối tượng,Mã đối tượng,Đơn vị,Địa chỉ IP,Trước,Sau,Chi tiết,Mã yêu cầu');
    const body = lines.slice(1);
    expect(body.length).toBeGreaterThan(5);
    expect(body.every((l) => /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d,/.test(l))).toBe(true);
    // 02:00 UTC is 09:00 in Vietnam.
    expect(body.some((l) => l.startsWith('02/03/2026 09:00:00,cb.iagrai,auth.login,'))).toBe(true);
    expect(body.some((l) => l.includes(',user.'))).toBe(false);

    const exported = (await entries(national, 'action=audit.exported'))[0];
    expect(exported.actorUsername).toBe('qt.quocgia');
    expect(exported.details).toMatchObject({ filters: { action: 'auth.' }, rows: body.length });
  });

  it('exports only what a provincial auditor may see, and records their export where they can see it', async () => {
    const res = await download(provincial, '/api/audit/export.csv');
    expect(res.status).toBe(200);
    const text = res.bytes.toString('utf8');
    expect(text).toContain('cb.iagrai');
    expect(text).not.toContain('cb.anphu');
    expect(text).not.toContain('role.created');
    const own = (await entries(provincial, 'action=audit.exported')).filter((e) => e.actorUsername === 'qt.gialai');
    expect(own).toHaveLength(1);
  });
});

describe('the table is append-only', () => {
  it('refuses UPDATE and DELETE in SQL', async () => {
    await expect(sql`update audit_log set actor_username = 'ai-do' where action = 'auth.login'`.execute(env.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where action = 'auth.login'`.execute(env.db)).rejects.toThrow(/retention/);
    await expect(env.db.deleteFrom('audit_log').execute()).rejects.toThrow();
    expect((await entries(national, 'action=auth.login')).some((e) => e.actorUsername === 'ai-do')).toBe(false);
    expect((await entries(national, 'action=auth.login')).length).toBeGreaterThan(0);
  });
});

describe('dates are Vietnam calendar days', () => {
  it('files an action at 00:30 in Vietnam (17:30 UTC the day before) under the Vietnamese day', async () => {
    // 23:30 on 9 March and 00:30 on 10 March, Vietnam time.
    env.clock.set(new Date('2026-03-09T16:30:00Z'));
    const late = await makeUser(env, { username: 'cb.khuya', role: 'commune_officer', unit: IA_GRAI });
    await env.client().login(late.username);
    env.clock.set(new Date('2026-03-09T17:30:00Z'));
    await env.client().login(late.username);
    const c = await signedIn(env, await makeUser(env, { username: 'qt.kiemtoan', role: 'system_admin', unit: 'VN', totp: true }));

    const ninth = (await entries(c, 'from=2026-03-09&to=2026-03-09&actor=cb.khuya')).map((e) => e.at);
    expect(ninth).toEqual(['2026-03-09T16:30:00.000Z']);
    const tenth = (await entries(c, 'from=2026-03-10&actor=cb.khuya')).map((e) => e.at);
    expect(tenth).toEqual(['2026-03-09T17:30:00.000Z']);
    expect(await entries(c, 'to=2026-03-08&actor=cb.khuya')).toEqual([]);
    expect((await entries(c, 'from=2026-03-02&to=2026-03-02')).length).toBeGreaterThan(10);
  });
});

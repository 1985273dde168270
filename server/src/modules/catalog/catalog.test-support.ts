// Shared by the catalogue's integration tests: who signs in where, error assertions,
// and multipart uploads.
import { expect } from 'vitest';
import type { BuiltInRoleCode } from '@shared/permissions.ts';
import { makeUser, signedIn, type TestClient, type TestEnv, type TestResponse } from '../../../test/harness.ts';

export interface Actors {
  /** central_officer at the nation: catalog.manage nationally. */
  central: TestClient;
  /** provincial_coordinator of Gia Lai (52): form.approve there, no catalog.manage. */
  giaLai: TestClient;
  /** provincial_coordinator of Quảng Ngãi (51). */
  quangNgai: TestClient;
  /** commune_officer of Ia Grai (23764, Gia Lai). */
  commune: TestClient;
  /** viewer of Quảng Ngãi (51). */
  viewer: TestClient;
  anonymous: TestClient;
}

export async function signIn(env: TestEnv, username: string, role: BuiltInRoleCode, unit: string): Promise<TestClient> {
  return signedIn(env, await makeUser(env, { username, role, unit, totp: role === 'system_admin' }));
}

export async function actors(env: TestEnv): Promise<Actors> {
  return {
    central: await signIn(env, 'tw.danhmuc', 'central_officer', 'VN'),
    giaLai: await signIn(env, 'tinh.gialai', 'provincial_coordinator', '52'),
    quangNgai: await signIn(env, 'tinh.quangngai', 'provincial_coordinator', '51'),
    commune: await signIn(env, 'xa.iagrai', 'commune_officer', '23764'),
    viewer: await signIn(env, 'xem.quangngai', 'viewer', '51'),
    anonymous: env.client(),
  };
}

export function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

export const fieldPaths = (res: TestResponse): string[] => (res.body.error.fields ?? []).map((f: { path: string }) => f.path);
export const fieldMessage = (res: TestResponse, path: string): string | undefined => (res.body.error.fields ?? []).find((f: { path: string }) => f.path === path)?.message;

/** A multipart upload in the field "file", as the browser sends it. */
export function upload(c: TestClient, path: string, fileName: string, content: Uint8Array | string, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const form = new FormData();
  form.append('file', new Blob([content as BlobPart], { type }), fileName);
  return c.request('POST', path, undefined, { raw: form });
}

/** A body that is not JSON, sent as JSON. */
export function rawJson(c: TestClient, method: string, path: string, text: string) {
  return c.request(method, path, undefined, { raw: text, headers: { 'content-type': 'application/json' } });
}

export async function auditRows(env: TestEnv, action: string) {
  return env.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

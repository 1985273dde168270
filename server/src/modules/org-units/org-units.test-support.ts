// Shared by the org-units integration tests: who signs in, where, and how files are uploaded.
import type { BuiltInRoleCode } from '@shared/permissions.ts';
import { makeUser, signedIn, type TestClient, type TestEnv } from '../../../test/harness.ts';

/** Signs in a user holding one role at one unit (TOTP enrolled for administrator roles). */
export async function signIn(env: TestEnv, username: string, role: BuiltInRoleCode, unit: string): Promise<TestClient> {
  const user = await makeUser(env, { username, role, unit, totp: role === 'system_admin' });
  return signedIn(env, user);
}

/** A multipart upload in the field "file", as the browser sends it. */
export function upload(c: TestClient, path: string, fileName: string, content: string | Uint8Array, type = 'text/csv') {
  const form = new FormData();
  form.append('file', new Blob([content as BlobPart], { type }), fileName);
  return c.request('POST', path, undefined, { raw: form });
}

/** A JSON body just over the 1 MiB limit. */
export const oversizedJson = () => JSON.stringify({ code: 'T1', name: 'x'.repeat(1_100_000), type: 'thon' });

export async function auditRows(env: TestEnv, action: string) {
  return env.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, type TestEnv } from '../../../test/harness.ts';
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => env?.close());
describe('smoke', () => {
  it('logs in', async () => {
    const u = await makeUser(env, { username: 'smoke.user', role: 'commune_officer', unit: '23764' });
    const c = await signedIn(env, u);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    console.log(JSON.stringify(me.body).slice(0, 600));
    const x = await c.post('/api/auth/logout', {});
    console.log(x.status, x.text);
  });
});

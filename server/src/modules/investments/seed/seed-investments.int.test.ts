// Demo investment works: seeded once, in Gia Lai and Quảng Ngãi, with points, this year's
// capital and monthly disbursements to today — some on the plan, some behind it.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, type TestEnv } from '../../../../test/harness.ts';
import { loadDemoInvestments } from './seed-investments.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('demo investment works', () => {
  it('seeds realistic works once, some behind the plan', async () => {
    const now = new Date('2026-08-20T03:00:00Z');
    env.clock.set(now);
    expect(await loadDemoInvestments(env.db, pino({ level: 'silent' }), now)).toBe(true);
    expect(await loadDemoInvestments(env.db, pino({ level: 'silent' }), now)).toBe(false);
    const works = await env.db.selectFrom('investment_work').select(['code', 'lon', 'province_id']).execute();
    expect(works.length).toBe(18);
    expect(works.every((w) => w.lon !== null)).toBe(true);
    const c = await signedIn(env, await makeUser(env, { username: 'tw.xem', role: 'central_officer', unit: 'VN' }));
    const list = await c.get('/api/investments/works?year=2026&limit=100');
    expect(list.status, list.text).toBe(200);
    const behind = list.body.items.filter((w: { figures: { behind: boolean } }) => w.figures.behind).length;
    expect(behind).toBeGreaterThan(3);
    expect(behind).toBeLessThan(14);
    const report = await c.get('/api/investments/reports?by=province&year=2026');
    expect(report.body.rows.map((r: { code: string }) => r.code).sort()).toEqual(['51', '52']);
    const road = list.body.items.find((w: { code: string }) => w.code === 'GL-DA4-001');
    const detail = await c.get(`/api/investments/works/${road.id}?year=2026`);
    expect(detail.body.curve.filter((p: { amount: number }) => p.amount > 0).length).toBe(8);
  });
});

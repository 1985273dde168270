// Shared by the dashboards module's integration tests: who signs in where, and favourites to save.
import { expect } from 'vitest';
import type { AnalyticsRequestInput } from '@shared/schemas/analytics.ts';
import { makeUser, signedIn, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { signIn } from '../catalog/catalog.test-support.ts';

export interface Cast {
  /** provincial_coordinator of Gia Lai (52): analytics.read there. */
  giaLai: TestClient;
  giaLaiId: string;
  /** provincial_coordinator of Quảng Ngãi (51). */
  quangNgai: TestClient;
  quangNgaiId: string;
  /** viewer at the commune Ia Grai (23764, Gia Lai): analytics.read there. */
  communeViewer: TestClient;
  /** commune_officer of Ia Grai: no analytics.read. */
  communeOfficer: TestClient;
  /** central_officer at the nation: analytics.read and catalog.manage nationally — a curator. */
  central: TestClient;
  /** viewer at the nation: analytics.read nationally, not a curator. */
  nationalViewer: TestClient;
  anonymous: TestClient;
  units: { nation: string; giaLai: string; quangNgai: string; iaGrai: string };
}

export async function cast(env: TestEnv): Promise<Cast> {
  const giaLaiUser = await makeUser(env, { username: 'tinh.gialai', role: 'provincial_coordinator', unit: '52' });
  const quangNgaiUser = await makeUser(env, { username: 'tinh.quangngai', role: 'provincial_coordinator', unit: '51' });
  return {
    giaLai: await signedIn(env, giaLaiUser),
    giaLaiId: giaLaiUser.id,
    quangNgai: await signedIn(env, quangNgaiUser),
    quangNgaiId: quangNgaiUser.id,
    communeViewer: await signIn(env, 'xem.iagrai', 'viewer', '23764'),
    communeOfficer: await signIn(env, 'xa.iagrai', 'commune_officer', '23764'),
    central: await signIn(env, 'trunguong', 'central_officer', 'VN'),
    nationalViewer: await signIn(env, 'xem.trunguong', 'viewer', 'VN'),
    anonymous: env.client(),
    units: { nation: await unitId(env.db, 'VN'), giaLai: await unitId(env.db, '52'), quangNgai: await unitId(env.db, '51'), iaGrai: await unitId(env.db, '23764') },
  };
}

export const pivotRequest = (over: Partial<AnalyticsRequestInput> = {}): AnalyticsRequestInput => ({
  dx: ['in:TL_HO_NGHEO_DTTS', 'in:TL_KHAM_THAI'],
  pe: ['LAST_4_QUARTERS'],
  ou: ['USER_ORGUNIT_CHILDREN'],
  rows: ['ou'],
  columns: ['dx', 'pe'],
  ...over,
});

export const pivotBody = (name = 'Tỷ lệ hộ nghèo theo xã', over: Partial<AnalyticsRequestInput> = {}) => ({
  type: 'pivot',
  name,
  description: 'Theo dõi hằng quý',
  config: { request: pivotRequest(over), options: { hideEmptyRows: true, showTotals: true, sort: { by: 'ou', direction: 'asc' } } },
});

export const chartBody = (name: string, request: Partial<AnalyticsRequestInput> = {}, chartType = 'column') => ({
  type: 'chart',
  name,
  config: { request: pivotRequest({ rows: ['ou'], columns: ['dx'], filters: ['pe'], ...request }), options: { chartType, showTargets: true } },
});

export async function saveViz(c: TestClient, body: unknown): Promise<string> {
  const res = await c.post('/api/visualizations', body);
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

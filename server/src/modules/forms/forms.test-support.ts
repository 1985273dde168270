// Shared by the forms integration tests: the seeded forms' ids by code.
import type { TestEnv } from '../../../test/harness.ts';

export async function formIds(env: TestEnv): Promise<Record<'BM01_XA_QUY' | 'BM02_TINH_6T' | 'BM03_TINH_NAM', string>> {
  const rows = await env.db.selectFrom('form').select(['id', 'code']).execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.id])) as Record<'BM01_XA_QUY' | 'BM02_TINH_6T' | 'BM03_TINH_NAM', string>;
}

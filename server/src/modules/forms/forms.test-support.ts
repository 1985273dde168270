// Shared by the forms integration tests: the seeded forms' ids by code.
import type { TestEnv } from '../../../test/harness.ts';

export async function formIds(env: TestEnv): Promise<Record<'BM01_XA_QUY' | 'BM02_TINH_6T' | 'BM03_TINH_NAM', string>> {
  const rows = await env.db.selectFrom('form').select(['id', 'code']).execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.id])) as Record<'BM01_XA_QUY' | 'BM02_TINH_6T' | 'BM03_TINH_NAM', string>;
}

/** The first cells (element × active option combo, in form order) of a form's integer elements without an upper bound: any count fits. */
export async function integerCells(env: TestEnv, formId: string, limit: number): Promise<{ dataElementId: string; cocId: string }[]> {
  return env.db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .innerJoin('category_option_combo as oc', (j) => j.onRef('oc.combo_id', '=', 'de.category_combo_id').on('oc.active', '=', true))
    .select(['de.id as dataElementId', 'oc.id as cocId'])
    .where('fe.form_id', '=', formId)
    .where('de.value_type', '=', 'integer')
    .where('de.max_value', 'is', null)
    .orderBy('fe.sort_order')
    .orderBy('oc.sort_order')
    .limit(limit)
    .execute();
}

// Shared by the data-exchange integration tests: the quarterly commune form, Ia Grai
// (23764) and another commune, one element without disaggregation and one with, and
// helpers to upload files and read the stored cells.
import { makeUser, signedIn, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { upload } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';

export interface Fixture {
  formId: string;
  iaGrai: string;
  /** A commune outside Ia Grai's officer's scope (another province). */
  other: { id: string; code: string };
  /** An integer element on the form whose combo is the default one (no disaggregation). */
  plain: { id: string; code: string; cocId: string; cocCode: string };
  /** An element on the form with a disaggregation: its first two option combinations. */
  split: { id: string; code: string; cocs: { id: string; code: string }[] };
  commune: TestClient;
}

export async function fixture(env: TestEnv): Promise<Fixture> {
  const formId = (await formIds(env)).BM01_XA_QUY;
  const iaGrai = await unitId(env.db, '23764');
  const other = await env.db
    .selectFrom('org_unit')
    .select(['id', 'code'])
    .where('kind', '=', 'commune')
    .where('hierarchy', '=', '2025')
    .where('valid_to', 'is', null)
    .where('code', '!=', '23764')
    .where('province_id', '!=', (eb) => eb.selectFrom('org_unit').select('province_id').where('id', '=', iaGrai))
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const elements = await env.db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .innerJoin('category_combo as cc', 'cc.id', 'de.category_combo_id')
    .innerJoin('category_option_combo as oc', 'oc.combo_id', 'cc.id')
    .select(['de.id', 'de.code', 'de.value_type', 'cc.is_default', 'oc.id as coc_id', 'oc.code as coc_code'])
    .where('fe.form_id', '=', formId)
    .where('oc.active', '=', true)
    .where('de.value_type', '=', 'integer')
    .orderBy('fe.sort_order')
    .orderBy('oc.sort_order')
    .orderBy('oc.id')
    .execute();
  const p = elements.find((e) => e.is_default)!;
  const s = elements.find((e) => !e.is_default)!;
  const commune = await signedIn(env, await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' }));
  return {
    formId,
    iaGrai,
    other,
    plain: { id: p.id, code: p.code, cocId: p.coc_id, cocCode: p.coc_code },
    split: { id: s.id, code: s.code, cocs: elements.filter((e) => e.id === s.id).slice(0, 2).map((e) => ({ id: e.coc_id, code: e.coc_code })) },
    commune,
  };
}

export const importPath = (format: 'json' | 'csv' | 'xlsx' | 'adx', dryRun = false, strategy?: string) =>
  `/api/data-values/import?format=${format}&dryRun=${dryRun}${strategy ? `&importStrategy=${strategy}` : ''}`;

export function uploadJson(c: TestClient, doc: unknown, dryRun = false, fileName = 'so-lieu.json') {
  return upload(c, importPath('json', dryRun), fileName, typeof doc === 'string' ? doc : JSON.stringify(doc), 'application/json');
}

export function uploadAdx(c: TestClient, xml: string, opts: { dryRun?: boolean; strategy?: string; fileName?: string } = {}) {
  return upload(c, importPath('adx', opts.dryRun ?? false, opts.strategy), opts.fileName ?? 'so-lieu.adx.xml', xml, 'application/adx+xml');
}

export function uploadCsv(c: TestClient, text: string | Uint8Array, dryRun = false, fileName = 'so-lieu.csv') {
  return upload(c, importPath('csv', dryRun), fileName, text, 'text/csv');
}

export function uploadXlsx(c: TestClient, data: Uint8Array, dryRun = false, fileName = 'so-lieu.xlsx') {
  return upload(c, importPath('xlsx', dryRun), fileName, data);
}

export async function storedValue(env: TestEnv, dataElementId: string, cocId: string, unit: string, period: string) {
  return env.db
    .selectFrom('data_value')
    .select(['value', 'comment', 'version', 'source'])
    .where('data_element_id', '=', dataElementId)
    .where('coc_id', '=', cocId)
    .where('unit_id', '=', unit)
    .where('period', '=', period)
    .executeTakeFirst();
}

export async function counts(env: TestEnv) {
  const [values, history] = await Promise.all([
    env.db.selectFrom('data_value').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    env.db.selectFrom('data_value_history').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { values: Number(values.n), history: Number(history.n) };
}

/** A binary response body (fetch), for XLSX downloads. */
export async function download(env: TestEnv, c: TestClient, path: string): Promise<{ status: number; type: string | null; data: Buffer; disposition: string | null }> {
  const res = await fetch(env.baseUrl + path, { headers: { cookie: c.cookie ?? '' } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), data: Buffer.from(await res.arrayBuffer()) };
}

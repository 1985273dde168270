// ADX over the session routes and DHIS2's importStrategy: a filled report exported as
// ADX, its cells deleted, the file imported back to identical cells (and a second import
// changing nothing); malformed ADX refused whole with a row-level report; create, update
// and delete with the counts a user sees, delete held by a locked period and a submitted
// report like any write; login, permission, scope and bad query checks.
// Clock: 2026-03-02, so for BM01_XA_QUY 2026Q1 is open and 2025Q4 locked.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, type TestEnv } from '../../../test/harness.ts';
import { expectError, signIn, upload } from '../catalog/catalog.test-support.ts';
import { ADX_NAMESPACE } from './adx.ts';
import { counts, download, fixture, importPath, storedValue, uploadAdx, uploadJson, type Fixture } from './data-exchange.test-support.ts';

let env: TestEnv;
let f: Fixture;
let formCode: string;
/** The options (category code → option code) of the split element's first two combinations. */
let splitOptions: Record<string, string>[];
const OPEN = '2026Q1';
const OPEN_ADX = '2026-01-01/P3M';
/** Files above this many rows run as jobs (the malformed-file test has exactly this many). */
const JOB_ROWS = 8;

const adx = (groups: { orgUnit?: string; period?: string; dataSet?: string; values: string[] }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<adx xmlns="${ADX_NAMESPACE}" exported="2026-03-02T02:00:00Z">\n${groups
    .map((g) => `<group orgUnit="${g.orgUnit ?? '23764'}" period="${g.period ?? OPEN_ADX}" dataSet="${g.dataSet ?? formCode}">\n${g.values.join('\n')}\n</group>`)
    .join('\n')}\n</adx>\n`;
const attrs = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => ` ${k}="${v}"`).join('');
const plainValue = (value: string, extra = '') => `<dataValue dataElement="${f.plain.code}" value="${value}"${extra}/>`;
const splitValue = (i: number, value: string) => `<dataValue dataElement="${f.split.code}"${attrs(splitOptions[i]!)} value="${value}"/>`;

/** The form's cells of a unit and period, as stored. */
async function cells(unit: string, period: string) {
  return env.db
    .selectFrom('data_value as v')
    .innerJoin('form_element as fe', (j) => j.onRef('fe.data_element_id', '=', 'v.data_element_id').on('fe.form_id', '=', f.formId))
    .select(['v.data_element_id', 'v.coc_id', 'v.value', 'v.comment'])
    .where('v.unit_id', '=', unit)
    .where('v.period', '=', period)
    .orderBy('v.data_element_id')
    .orderBy('v.coc_id')
    .execute();
}

beforeAll(async () => {
  env = await createTestEnv({ IMPORT_JOB_ROWS: JOB_ROWS });
  f = await fixture(env);
  formCode = (await env.db.selectFrom('form').select('code').where('id', '=', f.formId).executeTakeFirstOrThrow()).code;
  splitOptions = [];
  for (const coc of f.split.cocs) {
    const rows = await sql<{ category: string; option: string }>`
      select c.code as category, o.code as option from category_option_combo oc
      join category_option o on o.id = any(oc.option_ids) join category c on c.id = o.category_id
      where oc.id = ${coc.id} order by c.code`.execute(env.db);
    splitOptions.push(Object.fromEntries(rows.rows.map((r) => [r.category, r.option])));
  }
});
afterAll(async () => env?.close());

describe('ADX round trip', () => {
  it('exports a filled report as ADX, imports it into emptied cells: the same values, comments and combinations; again: nothing changes', async () => {
    const filled = await uploadJson(f.commune, {
      dataValues: [
        { dataElement: f.plain.code, period: OPEN, orgUnit: '23764', value: '1234', comment: 'Theo sổ hộ & biên bản <2026>\ndòng hai' },
        { dataElement: f.split.code, period: OPEN, orgUnit: '23764', categoryOptionCombo: f.split.cocs[0]!.code, value: '7' },
        { dataElement: f.split.code, period: OPEN, orgUnit: '23764', categoryOptionCombo: f.split.cocs[1]!.code, value: '8', comment: 'Ghi chú "trích dẫn"' },
      ],
    });
    expect(filled.status, filled.text).toBe(200);
    const before = await cells(f.iaGrai, OPEN);
    expect(before).toHaveLength(3);

    const file = await download(env, f.commune, `/api/data-values/export?format=adx&formId=${f.formId}&unitId=${f.iaGrai}&period=${OPEN}`);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^application\/adx\+xml/);
    expect(file.disposition).toBe(`attachment; filename="so-lieu-${formCode}-23764-${OPEN}.adx.xml"`);
    const xml = file.data.toString('utf8');
    expect(xml).toContain(`<adx xmlns="${ADX_NAMESPACE}" exported="2026-03-02T02:00:00.000Z">`);
    expect(xml).toContain(`<group orgUnit="23764" period="${OPEN_ADX}" dataSet="${formCode}">`);
    expect(xml).toContain(`<dataValue dataElement="${f.plain.code}" value="1234"><annotation>Theo sổ hộ &amp; biên bản &lt;2026&gt;\ndòng hai</annotation></dataValue>`);
    for (const [category, option] of Object.entries(splitOptions[0]!)) expect(xml).toMatch(new RegExp(`dataElement="${f.split.code}"[^>]* ${category}="${option}"`));

    // An empty database for those cells: the rows go (the aggregates follow by the triggers).
    await env.db.deleteFrom('data_value').where('unit_id', '=', f.iaGrai).where('period', '=', OPEN).execute();
    expect(await cells(f.iaGrai, OPEN)).toEqual([]);

    const dry = await uploadAdx(f.commune, xml, { dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, total: 3, created: 3, updated: 0, unchanged: 0, ignored: 0, deleted: 0 });
    expect(await cells(f.iaGrai, OPEN)).toEqual([]);

    const res = await uploadAdx(f.commune, xml);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, total: 3, created: 3, updated: 0, unchanged: 0 });
    expect(await cells(f.iaGrai, OPEN)).toEqual(before);
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ source: 'import', version: 1 });
    const audit = await env.db.selectFrom('audit_log').select('details').where('action', '=', 'data.values_imported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ format: 'adx', fileName: 'so-lieu.adx.xml', strategy: 'create_and_update', created: 3 });

    const history = await counts(env);
    const again = await uploadAdx(f.commune, xml);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, ignored: 0, deleted: 0 });
    expect(await counts(env)).toEqual(history);
    expect(await cells(f.iaGrai, OPEN)).toEqual(before);
  });
});

describe('malformed ADX', () => {
  it('refuses a file that is not well-formed XML, has a DOCTYPE, or is not ADX, as a whole (400 file_invalid_xml)', async () => {
    const before = await counts(env);
    const broken = await uploadAdx(f.commune, adx([{ values: [plainValue('5')] }]).replace('</group>', ''));
    expectError(broken, 400, 'file_invalid_xml');
    expect(broken.body.error.message).toMatch(/^Tệp ADX \(XML\) không hợp lệ: .*dòng \d+/);
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE adx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${adx([{ values: [plainValue('5', ' SEX="&x;"')] }]).replace(/^<\?xml[^>]*>\n/, '')}`;
    expectError(await uploadAdx(f.commune, xxe), 400, 'file_invalid_xml');
    expectError(await uploadAdx(f.commune, adx([{ values: [plainValue('5')] }]).replace(ADX_NAMESPACE, 'urn:example')), 400, 'file_invalid_xml');
    expectError(await uploadAdx(f.commune, `<adx xmlns="${ADX_NAMESPACE}"/>`), 400, 'file_no_rows');
    expect(await counts(env)).toEqual(before);
  });

  it('refuses the whole file when a data value is wrong; the report names its position and the reason in Vietnamese', async () => {
    const before = await counts(env);
    const stored = await cells(f.iaGrai, OPEN);
    const [cat0, opt0] = Object.entries(splitOptions[0]!)[0]!;
    const wrongOption = { ...splitOptions[0]!, [cat0]: 'KHONG_CO' };
    const missing = Object.fromEntries(Object.entries(splitOptions[0]!).slice(1));
    const xml = adx([
      { values: [plainValue('41'), `<dataValue dataElement="KHONG_CO" value="1"/>`, `<dataValue dataElement="${f.split.code}"${attrs(wrongOption)} value="2"/>`] },
      { period: '2026-02-01/P3M', values: [plainValue('3')] },
      { orgUnit: '99999', values: [plainValue('4')] },
      { values: [`<dataValue dataElement="${f.split.code}"${attrs(missing)} value="5"/>`, `<dataValue dataElement="${f.plain.code}" ${cat0}="${opt0}" value="6"/>`] },
      { dataSet: 'KHONG_CO', values: [splitValue(1, '9')] },
    ]);
    const res = await uploadAdx(f.commune, xml);
    expectError(res, 422, 'import_rejected');
    const rejected = res.body.error.details.rejected as { row: number; code: string; key: string; message: string }[];
    expect(rejected.map((r) => [r.row, r.code])).toEqual([
      [2, 'unknown_element'],
      [3, 'unknown_coc'],
      [4, 'invalid_period'],
      [5, 'unknown_unit'],
      [6, 'unknown_coc'],
      [7, 'unknown_coc'],
      [8, 'not_assigned'],
    ]);
    expect(res.body.error.details).toMatchObject({ total: 8, rejectedCount: 7 });
    expect(rejected[1]!.message).toBe(`Phương án "KHONG_CO" không thuộc phân tổ ${cat0}.`);
    expect(rejected[1]!.key).toContain(`${cat0}=KHONG_CO`);
    expect(rejected[2]!.message).toMatch(/^Kỳ ADX "2026-02-01\/P3M" không hợp lệ/);
    expect(rejected[4]!.message).toMatch(new RegExp(`^Thiếu phân tổ ${cat0} cho phần tử ${f.split.code}`));
    expect(rejected[5]!.message).toMatch(new RegExp(`^Phân tổ "${cat0}" không thuộc phần tử ${f.plain.code} \\(phần tử này không phân tổ\\)`));
    expect(rejected[6]!.message).toMatch(/Biểu mẫu \(dataSet\) "KHONG_CO"/);
    expect(await counts(env)).toEqual(before);
    expect(await cells(f.iaGrai, OPEN)).toEqual(stored);
  });
});

describe('importStrategy', () => {
  it('create writes only cells without data; cells holding data are ignored, not changed', async () => {
    await env.db.deleteFrom('data_value').where('unit_id', '=', f.iaGrai).where('period', '=', OPEN).where('data_element_id', '=', f.split.id).execute();
    const xml = adx([{ values: [plainValue('999'), splitValue(0, '11')] }]);
    const dry = await uploadAdx(f.commune, xml, { strategy: 'create', dryRun: true });
    expect(dry.body).toMatchObject({ dryRun: true, total: 2, created: 1, updated: 0, unchanged: 0, ignored: 1, deleted: 0 });
    const res = await uploadAdx(f.commune, xml, { strategy: 'create' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 0, ignored: 1, deleted: 0 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ value: '1234', version: 1 });
    expect(await storedValue(env, f.split.id, f.split.cocs[0]!.id, f.iaGrai, OPEN)).toMatchObject({ value: '11' });
    const before = await counts(env);
    const again = await uploadAdx(f.commune, xml, { strategy: 'create' });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 0, ignored: 2 });
    expect(await counts(env)).toEqual(before);
  });

  it('update writes only cells holding data; new cells are ignored', async () => {
    const xml = adx([{ values: [plainValue('1300'), splitValue(1, '12')] }]);
    const res = await uploadAdx(f.commune, xml, { strategy: 'update' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 0, ignored: 1, deleted: 0 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ value: '1300', version: 2, comment: 'Theo sổ hộ & biên bản <2026>\ndòng hai' });
    expect(await storedValue(env, f.split.id, f.split.cocs[1]!.id, f.iaGrai, OPEN)).toBeUndefined();
    const again = await uploadAdx(f.commune, xml, { strategy: 'update' });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, ignored: 1 });
  });

  it('delete clears the listed cells holding data (a new version, history with the new value null, audited); others are ignored; again: nothing', async () => {
    const history = await counts(env);
    const xml = adx([{ values: [plainValue('0'), splitValue(0, ''), splitValue(1, 'bất kỳ')] }]);
    const dry = await uploadAdx(f.commune, xml, { strategy: 'delete', dryRun: true });
    expect(dry.body).toMatchObject({ dryRun: true, total: 3, created: 0, updated: 0, unchanged: 0, ignored: 1, deleted: 2 });
    expect(await counts(env)).toEqual(history);
    const res = await uploadAdx(f.commune, xml, { strategy: 'delete' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 0, ignored: 1, deleted: 2 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ value: null, comment: null, version: 3 });
    expect(await storedValue(env, f.split.id, f.split.cocs[0]!.id, f.iaGrai, OPEN)).toMatchObject({ value: null, comment: null });
    expect(await counts(env)).toEqual({ values: history.values, history: history.history + 2 });
    const last = await env.db.selectFrom('data_value_history').select(['old_value', 'new_value', 'source']).where('data_element_id', '=', f.plain.id).where('unit_id', '=', f.iaGrai).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toEqual({ old_value: '1300', new_value: null, source: 'import' });
    const audit = await env.db.selectFrom('audit_log').select('details').where('action', '=', 'data.values_imported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ strategy: 'delete', deleted: 2, ignored: 1 });
    const again = await uploadAdx(f.commune, xml, { strategy: 'delete' });
    expect(again.body).toMatchObject({ deleted: 0, ignored: 3 });
    expect(await counts(env)).toEqual({ values: history.values, history: history.history + 2 });
  });

  it('delete is refused in a locked period and for a submitted report, like any write (JSON takes the strategy too)', async () => {
    const unit = await env.db.selectFrom('org_unit').select('province_id').where('id', '=', f.iaGrai).executeTakeFirstOrThrow();
    await env.db
      .insertInto('data_value')
      .values({ data_element_id: f.plain.id, coc_id: f.plain.cocId, unit_id: f.iaGrai, period: '2025Q4', province_id: unit.province_id, value: '50', numeric_value: '50', comment: null, updated_by: null, updated_at: new Date('2026-01-05T00:00:00Z'), source: 'screen', version: 1 } as never)
      .execute();
    const before = await counts(env);
    const json = JSON.stringify({ dataValues: [{ dataElement: f.plain.code, period: '2025Q4', orgUnit: '23764' }] });
    const locked = await upload(f.commune, importPath('json', false, 'delete'), 'xoa.json', json, 'application/json');
    expectError(locked, 422, 'import_rejected');
    expect(locked.body.error.details.rejected).toEqual([expect.objectContaining({ row: 1, code: 'period_locked' })]);
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, '2025Q4')).toMatchObject({ value: '50' });

    expect((await uploadAdx(f.commune, adx([{ values: [plainValue('21')] }]))).body).toMatchObject({ created: 1 });
    const sub = await env.db.insertInto('submission').values({ form_id: f.formId, unit_id: f.iaGrai, period: OPEN, state: 'submitted', version: 1 } as never).returning('id').executeTakeFirstOrThrow();
    const frozen = await uploadAdx(f.commune, adx([{ values: [plainValue('21')] }]), { strategy: 'delete' });
    expectError(frozen, 422, 'import_rejected');
    expect(frozen.body.error.details.rejected).toEqual([expect.objectContaining({ row: 1, code: 'submission_locked' })]);
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ value: '21' });
    await env.db.deleteFrom('submission').where('id', '=', sub.id).execute();
    // The cleared cell of the earlier test is filled again: its row already existed.
    expect(await counts(env)).toEqual({ values: before.values, history: before.history + 1 });
  });

  it('out of scope: a commune officer cannot delete another commune\'s cells (the row is refused, nothing written)', async () => {
    const res = await uploadAdx(f.commune, adx([{ orgUnit: f.other.code, values: [plainValue('1')] }]), { strategy: 'delete' });
    expectError(res, 422, 'import_rejected');
    expect(res.body.error.details.rejected).toEqual([expect.objectContaining({ row: 1, code: 'out_of_scope' })]);
  });
});

describe('access and bad queries', () => {
  it('import: 401 without login, 403 without data.enter, 400 for an unknown format or strategy', async () => {
    const xml = adx([{ values: [plainValue('5')] }]);
    expectError(await uploadAdx(env.client(), xml), 401, 'unauthenticated');
    const viewer = await signIn(env, 'xem.quangngai', 'viewer', '51');
    expectError(await uploadAdx(viewer, xml), 403, 'forbidden');
    expectError(await uploadAdx(f.commune, xml, { strategy: 'replace' }), 400, 'validation_failed');
    expectError(await upload(f.commune, '/api/data-values/import?format=adx2', 'a.xml', xml, 'application/xml'), 400, 'validation_failed');
    expectError(await upload(f.commune, importPath('adx'), 'a.json', xml, 'application/xml'), 400, 'invalid_file');
  });

  it('export: 401 without login, another commune refused, 400 for an unknown format', async () => {
    const url = (unit: string, format = 'adx') => `/api/data-values/export?format=${format}&formId=${f.formId}&unitId=${unit}&period=${OPEN}`;
    expectError(await env.client().get(url(f.iaGrai)), 401, 'unauthenticated');
    const other = await f.commune.get(url(f.other.id));
    expect([403, 404]).toContain(other.status);
    expectError(await f.commune.get(url(f.iaGrai, 'sdmx')), 400, 'validation_failed');
  });
});

describe('import jobs', () => {
  it('a large ADX file runs as a job with its strategy: create, then delete, with the counts in the job report', async () => {
    const central = await signedIn(env, await makeUser(env, { username: 'tw.adx', role: 'central_officer', unit: 'VN' }));
    const communes = await env.db.selectFrom('org_unit').select(['id', 'code']).where('kind', '=', 'commune').where('hierarchy', '=', '2025').where('valid_to', 'is', null).where('code', '!=', '23764').orderBy('code').limit(JOB_ROWS + 2).execute();
    const xml = adx(communes.map((c, i) => ({ orgUnit: c.code, values: [plainValue(String(200 + i))] })));
    const run = async (strategy: string) => {
      const res = await uploadAdx(central, xml, { strategy });
      expect(res.status, res.text).toBe(202);
      const url = `/api/data-values/import-jobs/${res.body.jobId}`;
      let job = (await central.get(url)).body;
      for (let i = 0; i < 100 && !['done', 'rejected', 'failed'].includes(job.state); i += 1) {
        await new Promise((r) => setTimeout(r, 50));
        job = (await central.get(url)).body;
      }
      return job;
    };
    const created = await run('create');
    expect(created).toMatchObject({ state: 'done', total: JOB_ROWS + 2, written: JOB_ROWS + 2 });
    expect(created.report).toMatchObject({ created: JOB_ROWS + 2, updated: 0, ignored: 0, deleted: 0 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, communes[1]!.id, OPEN)).toMatchObject({ value: '201', source: 'import' });
    const deleted = await run('delete');
    expect(deleted).toMatchObject({ state: 'done', written: JOB_ROWS + 2 });
    expect(deleted.report).toMatchObject({ created: 0, updated: 0, ignored: 0, deleted: JOB_ROWS + 2 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, communes[1]!.id, OPEN)).toMatchObject({ value: null, version: 2 });
  });
});

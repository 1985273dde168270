// Importing data values (JSON and CSV, dataValueSets with codes): dry run and write,
// the file refused as a whole when one row is bad (the report names the row and the
// reason), every reason kind, and an idempotent re-import (no versions, no history).
// Clock: 2026-03-02, so for BM01_XA_QUY 2026Q1 is open, 2025Q4 locked, 2026Q2 future.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, type TestEnv } from '../../../test/harness.ts';
import { expectError, signIn, upload } from '../catalog/catalog.test-support.ts';
import { AppError } from '../../platform/errors.ts';
import { runImport, userActor } from './import.ts';
import { counts, fixture, importPath, storedValue, uploadCsv, uploadJson, type Fixture } from './data-exchange.test-support.ts';

let env: TestEnv;
let f: Fixture;
const OPEN = '2026Q1';

const item = (over: Record<string, unknown> = {}) => ({ dataElement: f.plain.code, period: OPEN, orgUnit: '23764', value: '12', ...over });

beforeAll(async () => {
  env = await createTestEnv();
  f = await fixture(env);
});
afterAll(async () => env?.close());

describe('POST /api/data-values/import', () => {
  it('checks a JSON file in a dry run, then writes it: values, history with source import, one audit entry', async () => {
    const doc = {
      dataValues: [
        item({ value: '1234', comment: 'Theo sổ hộ' }),
        { dataElement: f.split.code, period: OPEN, orgUnit: '23764', categoryOptionCombo: f.split.cocs[0]!.code, value: 7 },
        { dataElement: f.split.code, period: OPEN, orgUnit: '23764', categoryOptionCombo: f.split.cocs[1]!.code, value: '8' },
      ],
    };
    const before = await counts(env);
    const dry = await uploadJson(f.commune, doc, true);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, total: 3, created: 3, updated: 0, unchanged: 0, rejected: [], rejectedCount: 0 });
    expect(await counts(env)).toEqual(before);

    const res = await uploadJson(f.commune, doc);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, created: 3, updated: 0, unchanged: 0 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ value: '1234', comment: 'Theo sổ hộ', version: 1, source: 'import' });
    expect(await storedValue(env, f.split.id, f.split.cocs[1]!.id, f.iaGrai, OPEN)).toMatchObject({ value: '8' });
    expect(await counts(env)).toEqual({ values: before.values + 3, history: before.history + 3 });
    const history = await env.db.selectFrom('data_value_history').select(['source', 'old_value', 'new_value']).where('data_element_id', '=', f.plain.id).where('unit_id', '=', f.iaGrai).execute();
    expect(history).toEqual([{ source: 'import', old_value: null, new_value: '1234' }]);
    const audit = await env.db.selectFrom('audit_log').select(['details', 'unit_id']).where('action', '=', 'data.values_imported').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ fileName: 'so-lieu.json', total: 3, created: 3, updated: 0, format: 'json' });
    expect((audit[0]!.details as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('re-importing the same CSV changes nothing the second time: no version, no history (the import itself is audited)', async () => {
    const csv = `dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\n${f.plain.code},${OPEN},23764,,,1250,,,,false,false\n${f.split.code},${OPEN},23764,${f.split.cocs[0]!.code},,7,,,,,\n`;
    const first = await uploadCsv(f.commune, csv);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ value: '1250', comment: 'Theo sổ hộ', version: 2 });
    const before = await counts(env);
    const second = await uploadCsv(f.commune, csv);
    expect(second.status, second.text).toBe(200);
    expect(second.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await counts(env)).toEqual(before);
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ version: 2 });
    const audit = await env.db.selectFrom('audit_log').select('details').where('action', '=', 'data.values_imported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ format: 'csv', created: 0, updated: 0, unchanged: 2 });
  });

  it('refuses the whole file when one row is bad: nothing written, the report names the row and the reason', async () => {
    const before = await counts(env);
    const doc = { dataValues: [item({ value: '99' }), item({ dataElement: f.split.code, categoryOptionCombo: f.split.cocs[0]!.code, value: 'mười' }), item({ dataElement: f.split.code, categoryOptionCombo: f.split.cocs[1]!.code, value: '3' })] };
    const res = await uploadJson(f.commune, doc);
    expectError(res, 422, 'import_rejected');
    expect(res.body.error.details).toMatchObject({ total: 3, rejectedCount: 1 });
    expect(res.body.error.details.rejected).toEqual([expect.objectContaining({ row: 2, code: 'invalid_value', key: `${f.split.code}/${OPEN}/23764/${f.split.cocs[0]!.code}` })]);
    expect(res.body.error.details.rejected[0].message).toMatch(/số/);
    expect(await counts(env)).toEqual(before);
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ value: '1250' });
  });

  it('names every reason: unknown codes, wrong type, locked and future periods, out of scope, duplicate row', async () => {
    const doc = {
      dataValues: [
        item({ dataElement: 'KHONG_CO' }),
        item({ orgUnit: '99999' }),
        item({ dataElement: f.split.code, categoryOptionCombo: 'KHONG_CO' }),
        item({ dataElement: f.split.code }),
        item({ period: '2026X9' }),
        item({ value: '1,5' }),
        item({ period: '2025Q4' }),
        item({ period: '2026Q2' }),
        item({ orgUnit: f.other.code }),
        item({ period: '2026' }),
        item({ value: '5' }),
        item({ value: '6' }),
        item({ value: '1,234' }),
      ],
    };
    const res = await uploadJson(f.commune, doc, true);
    expectError(res, 422, 'import_rejected');
    const reasons = res.body.error.details.rejected.map((r: { row: number; code: string }) => [r.row, r.code]);
    expect(reasons).toEqual([
      [1, 'unknown_element'],
      [2, 'unknown_unit'],
      [3, 'unknown_coc'],
      [4, 'unknown_coc'],
      [5, 'invalid_period'],
      [6, 'invalid_value'],
      [7, 'period_locked'],
      [8, 'period_future'],
      [9, 'out_of_scope'],
      [10, 'invalid_period'],
      [12, 'duplicate_row'],
      [13, 'ambiguous_number'],
    ]);
    for (const r of res.body.error.details.rejected) expect(r.message.length).toBeGreaterThan(5);
  });

  it('refuses cells of a submitted report (submission_locked)', async () => {
    const row = await env.db.insertInto('submission').values({ form_id: f.formId, unit_id: f.iaGrai, period: OPEN, state: 'submitted', version: 1 } as never).returning('id').executeTakeFirstOrThrow();
    const res = await uploadJson(f.commune, { dataValues: [item({ value: '77' })] });
    expectError(res, 422, 'import_rejected');
    expect(res.body.error.details.rejected).toEqual([expect.objectContaining({ row: 1, code: 'submission_locked' })]);
    await env.db.deleteFrom('submission').where('id', '=', row.id).execute();
  });

  it('with keepHandEntered, refuses to change a value typed on the screen, under the write locks (connectors)', async () => {
    const save = await f.commune.put('/api/data-values', { formId: f.formId, unitId: f.iaGrai, period: '2026Q1', dataElementId: f.plain.id, cocId: f.plain.cocId, value: '80' });
    expect(save.status, save.text).toBe(200);
    const officer = await env.db.selectFrom('app_user').select('id').where('username', '=', 'xa.iagrai').executeTakeFirstOrThrow();
    const row = { row: 2, dataElement: f.plain.code, period: '2026Q1', orgUnit: '23764', coc: '', value: '95', lang: 'en' as const, comment: null, deleted: false };
    const input = { rows: [row], dryRun: false, roots: null, actor: userActor(officer.id), origin: { ip: null, userAgent: null, requestId: null, actor: null, at: env.clock.now() }, file: { name: null, sha256: 'x', format: 'csv' } };
    const refused = await runImport(env.ctx, { ...input, keepHandEntered: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).extra.details).toMatchObject({ rejected: [{ row: 2, code: 'entered_by_hand' }] });
    expect((await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, '2026Q1'))?.value).toBe('80');
    // The same value is no change, and an ordinary import may still overwrite (it stays in the history).
    await expect(runImport(env.ctx, { ...input, rows: [{ ...row, value: '80' }], keepHandEntered: true })).resolves.toMatchObject({ unchanged: 1 });
    await expect(runImport(env.ctx, input)).resolves.toMatchObject({ updated: 1 });
  });

  it('needs a signed-in user with data.enter (401, 403) and a known format (400)', async () => {
    const doc = { dataValues: [item()] };
    expectError(await uploadJson(env.client(), doc), 401, 'unauthenticated');
    const viewer = await signIn(env, 'xem.quangngai', 'viewer', '51');
    expectError(await uploadJson(viewer, doc), 403, 'forbidden');
    expectError(await upload(f.commune, '/api/data-values/import?format=xml', 'a.xml', '<x/>', 'text/xml'), 400, 'validation_failed');
    expectError(await upload(f.commune, importPath('json'), 'a.csv', 'x', 'text/csv'), 400, 'invalid_file');
    expectError(await uploadJson(f.commune, { dataValues: [] }), 400, 'file_no_rows');
  });

  it('resolves unit codes to current 2025 units; a national officer may import anywhere', async () => {
    const central = await signedIn(env, await makeUser(env, { username: 'tw.nhap', role: 'central_officer', unit: 'VN' }));
    const res = await uploadJson(central, { dataValues: [item({ orgUnit: f.other.code, value: '3' })] });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 1 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.other.id, OPEN)).toMatchObject({ value: '3', source: 'import' });
  });
});

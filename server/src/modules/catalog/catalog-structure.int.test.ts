// Program tree, categories and category combinations: everyone signed in reads; only
// national catalogue managers write (others: 404); writes are audited; duplicate codes
// are 409; option combinations keep their ids when options are added or renamed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { actors, auditRows, expectError, fieldMessage, fieldPaths, rawJson, type Actors } from './catalog.test-support.ts';

let env: TestEnv;
let a: Actors;

beforeAll(async () => {
  env = await createTestEnv();
  a = await actors(env);
});
afterAll(async () => env?.close());

const programId = async (code: string) => (await env.db.selectFrom('program_item').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const categoryId = async (code: string) => (await env.db.selectFrom('category').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

describe('GET /api/catalog/program', () => {
  it('is readable by every signed-in user, with abilities', async () => {
    for (const c of [a.commune, a.viewer, a.giaLai]) {
      const res = await c.get('/api/catalog/program');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(10);
      expect(res.body.abilities.manage).toBe(false);
    }
    const central = await a.central.get('/api/catalog/program');
    expect(central.body.abilities.manage).toBe(true);
    const da7 = central.body.items.find((p: { code: string }) => p.code === 'DA7');
    expect(da7.dataElementCount).toBeGreaterThan(0);
    expect(da7.indicatorCount).toBeGreaterThan(0);
  });

  it('requires login', async () => {
    expectError(await a.anonymous.get('/api/catalog/program'), 401, 'unauthenticated');
  });
});

describe('POST /api/catalog/program-items', () => {
  it('adds a content item under a sub-project, audited', async () => {
    const parentId = await programId('DA3.TDA2');
    const res = await a.central.post('/api/catalog/program-items', { code: 'DA3.TDA2.ND1', kind: 'content', parentId, nameVi: 'Hỗ trợ phát triển sản xuất theo chuỗi giá trị', nameEn: 'Value-chain production' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ code: 'DA3.TDA2.ND1', kind: 'content', parentId, children: [], dataElementCount: 0 });
    const entry = (await auditRows(env, 'catalog.program_item.created')).at(-1);
    expect(entry).toMatchObject({ actor_username: 'tw.danhmuc', target_id: res.body.id });
    expect(entry?.after).toMatchObject({ code: 'DA3.TDA2.ND1', kind: 'content' });
    const tree = await a.viewer.get('/api/catalog/program');
    const da3 = tree.body.items.find((p: { code: string }) => p.code === 'DA3');
    expect(da3.children.find((c: { code: string }) => c.code === 'DA3.TDA2').children.map((c: { code: string }) => c.code)).toEqual(['DA3.TDA2.ND1']);
  });

  it('adds a project at the top', async () => {
    const res = await a.central.post('/api/catalog/program-items', { code: 'DA11', kind: 'project', nameVi: 'Dự án thử nghiệm', sortOrder: 99 });
    expect(res.status, res.text).toBe(201);
    expect(res.body.parentId).toBeNull();
  });

  it('refuses a duplicate code with 409 on body.code', async () => {
    const res = await a.central.post('/api/catalog/program-items', { code: 'DA1', kind: 'project', nameVi: 'Trùng' });
    expectError(res, 409, 'conflict');
    expect(fieldPaths(res)).toEqual(['body.code']);
  });

  it('checks the structure: parents by kind, codes extending the parent', async () => {
    const da1 = await programId('DA1');
    const content = await programId('DA1.ND1');
    const cases: [unknown, string][] = [
      [{ code: 'DA12', kind: 'project', parentId: da1, nameVi: 'x' }, 'body.parentId'],
      [{ code: 'DA1.TDA9', kind: 'subproject', nameVi: 'x' }, 'body.parentId'],
      [{ code: 'DA1.ND1.X', kind: 'content', parentId: content, nameVi: 'x' }, 'body.parentId'],
      [{ code: 'DA2.ND1', kind: 'content', parentId: da1, nameVi: 'x' }, 'body.code'],
      [{ code: 'DA1.ND9', kind: 'content', parentId: '999999', nameVi: 'x' }, 'body.parentId'],
    ];
    for (const [body, path] of cases) {
      const res = await a.central.post('/api/catalog/program-items', body);
      expectError(res, 400, 'validation_failed');
      expect(fieldPaths(res), JSON.stringify(body)).toEqual([path]);
    }
  });

  it('names invalid and unknown fields, and refuses a body that is not JSON', async () => {
    const bad = await a.central.post('/api/catalog/program-items', { code: 'da 1', kind: 'program', nameVi: '', extra: true });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(expect.arrayContaining(['body.code', 'body.kind', 'body.nameVi', 'body.extra']));
    expectError(await rawJson(a.central, 'POST', '/api/catalog/program-items', '{"code":'), 400, 'invalid_json');
  });

  it('is only for national catalogue managers', async () => {
    const body = { code: 'DA13', kind: 'project', nameVi: 'Không được' };
    expectError(await a.anonymous.post('/api/catalog/program-items', body), 401, 'unauthenticated');
    for (const c of [a.commune, a.giaLai, a.viewer]) expectError(await c.post('/api/catalog/program-items', body), 404, 'not_found');
    expectError(await a.central.request('POST', '/api/catalog/program-items', body, { csrf: false }), 403, 'csrf_failed');
    expect(await env.db.selectFrom('program_item').select('id').where('code', '=', 'DA13').executeTakeFirst()).toBeUndefined();
  });
});

describe('PATCH /api/catalog/program-items/:id', () => {
  it('renames an item and records before and after', async () => {
    const id = await programId('DA1.ND4');
    const res = await a.central.patch(`/api/catalog/program-items/${id}`, { nameVi: 'Hỗ trợ nước sinh hoạt phân tán và tập trung', description: null });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ code: 'DA1.ND4', nameVi: 'Hỗ trợ nước sinh hoạt phân tán và tập trung', description: null });
    const entry = (await auditRows(env, 'catalog.program_item.updated')).at(-1);
    expect(entry?.before).toMatchObject({ nameVi: 'Hỗ trợ nước sinh hoạt' });
    expect(entry?.after).toMatchObject({ nameVi: 'Hỗ trợ nước sinh hoạt phân tán và tập trung', description: null });
  });

  it('refuses code changes, unknown ids and other callers', async () => {
    const id = await programId('DA2');
    const code = await a.central.patch(`/api/catalog/program-items/${id}`, { code: 'DA22' });
    expectError(code, 400, 'validation_failed');
    expect(fieldPaths(code)).toEqual(['body.code']);
    expectError(await a.central.patch('/api/catalog/program-items/999999', { nameVi: 'x' }), 404, 'not_found');
    expectError(await a.central.patch('/api/catalog/program-items/abc', { nameVi: 'x' }), 400, 'validation_failed');
    expectError(await a.anonymous.patch(`/api/catalog/program-items/${id}`, { nameVi: 'x' }), 401, 'unauthenticated');
    expectError(await a.giaLai.patch(`/api/catalog/program-items/${id}`, { nameVi: 'x' }), 404, 'not_found');
    expectError(await a.commune.patch(`/api/catalog/program-items/${id}`, { nameVi: 'x' }), 404, 'not_found');
  });
});

describe('categories', () => {
  let categoryIdCreated: string;

  it('reads the list and one category; requires login', async () => {
    const list = await a.commune.get('/api/catalog/categories');
    expect(list.status).toBe(200);
    expect(list.body.abilities.manage).toBe(false);
    const one = await a.commune.get(`/api/catalog/categories/${await categoryId('SEX')}`);
    expect(one.body).toMatchObject({ code: 'SEX', nameVi: 'Giới tính' });
    expectError(await a.anonymous.get('/api/catalog/categories'), 401, 'unauthenticated');
    expectError(await a.anonymous.get(`/api/catalog/categories/${await categoryId('SEX')}`), 401, 'unauthenticated');
    expectError(await a.commune.get('/api/catalog/categories/999999'), 404, 'not_found');
  });

  it('creates a category with options, audited', async () => {
    const res = await a.central.post('/api/catalog/categories', {
      code: 'DISABILITY',
      nameVi: 'Tình trạng khuyết tật',
      options: [
        { code: 'CO', nameVi: 'Có khuyết tật', nameEn: 'With disability' },
        { code: 'KHONG', nameVi: 'Không khuyết tật' },
      ],
    });
    expect(res.status, res.text).toBe(201);
    categoryIdCreated = res.body.id;
    expect(res.body.options.map((o: { code: string; inUse: boolean }) => [o.code, o.inUse])).toEqual([
      ['CO', false],
      ['KHONG', false],
    ]);
    expect((await auditRows(env, 'catalog.category.created')).at(-1)?.after).toMatchObject({ code: 'DISABILITY' });
  });

  it('refuses duplicate category codes (409) and duplicate option codes (400 with the item path)', async () => {
    const dup = await a.central.post('/api/catalog/categories', { code: 'SEX', nameVi: 'Trùng', options: [{ code: 'A', nameVi: 'A' }] });
    expectError(dup, 409, 'conflict');
    expect(fieldPaths(dup)).toEqual(['body.code']);
    const options = await a.central.post('/api/catalog/categories', { code: 'X_DUP', nameVi: 'x', options: [{ code: 'A', nameVi: 'A' }, { code: 'A', nameVi: 'B' }] });
    expectError(options, 400, 'validation_failed');
    expect(fieldPaths(options)).toEqual(['body.options.1.code']);
    const shape = await a.central.post('/api/catalog/categories', { code: 'x', nameVi: 'x', options: [] });
    expect(fieldPaths(shape)).toEqual(expect.arrayContaining(['body.code', 'body.options']));
  });

  it('renames, adds and removes unused options', async () => {
    const res = await a.central.patch(`/api/catalog/categories/${categoryIdCreated}`, {
      nameEn: 'Disability',
      options: [
        { code: 'KHONG', nameVi: 'Không' },
        { code: 'NANG', nameVi: 'Khuyết tật nặng' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.nameEn).toBe('Disability');
    expect(res.body.options.map((o: { code: string; nameVi: string }) => `${o.code}:${o.nameVi}`)).toEqual(['KHONG:Không', 'NANG:Khuyết tật nặng']);
    const entry = (await auditRows(env, 'catalog.category.updated')).at(-1);
    expect((entry?.before as { options: unknown[] }).options).toHaveLength(2);
    expect((entry?.after as { options: { code: string }[] }).options.map((o) => o.code)).toEqual(['KHONG', 'NANG']);
  });

  it('adds an option to a category in use: combinations gain rows and keep their ids; renames flow into their names', async () => {
    const sexId = await categoryId('SEX');
    const comboId = (await env.db.selectFrom('category_combo').select('id').where('code', '=', 'ETHNIC_SEX').executeTakeFirstOrThrow()).id;
    const before = await a.central.get(`/api/catalog/category-combos/${comboId}`);
    const idOf = (res: typeof before, code: string) => res.body.optionCombos.find((o: { code: string }) => o.code === code)?.id;
    const res = await a.central.patch(`/api/catalog/categories/${sexId}`, {
      options: [
        { code: 'NAM', nameVi: 'Nam' },
        { code: 'NU', nameVi: 'Nữ giới' },
        { code: 'KHAC', nameVi: 'Khác', nameEn: 'Other' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    const after = await a.central.get(`/api/catalog/category-combos/${comboId}`);
    expect(after.body.optionComboCount).toBe(162);
    expect(idOf(after, '08_NU')).toBe(idOf(before, '08_NU'));
    expect(idOf(after, '01_NAM')).toBe(idOf(before, '01_NAM'));
    expect(after.body.optionCombos.find((o: { code: string }) => o.code === '08_NU').nameVi).toBe("H'Mông, Nữ giới");
    expect(after.body.optionCombos.find((o: { code: string }) => o.code === '54_KHAC')).toMatchObject({ nameVi: 'Ơ Đu, Khác', active: true });
  });

  it('refuses to remove an option a combination uses', async () => {
    const sexId = await categoryId('SEX');
    const res = await a.central.patch(`/api/catalog/categories/${sexId}`, { options: [{ code: 'NAM', nameVi: 'Nam' }, { code: 'NU', nameVi: 'Nữ' }] });
    expectError(res, 409, 'category_option_in_use');
    expect(fieldPaths(res)).toEqual(['body.options']);
    expect(fieldMessage(res, 'body.options')).toContain('KHAC');
    expect(res.body.error.details).toEqual({ codes: ['KHAC'] });
    // Nothing of the change was kept.
    const sex = await a.central.get(`/api/catalog/categories/${sexId}`);
    expect(sex.body.options.map((o: { code: string }) => o.code)).toEqual(['NAM', 'NU', 'KHAC']);
  });

  it('is only for national catalogue managers', async () => {
    const body = { code: 'NOPE', nameVi: 'x', options: [{ code: 'A', nameVi: 'A' }] };
    expectError(await a.anonymous.post('/api/catalog/categories', body), 401, 'unauthenticated');
    expectError(await a.giaLai.post('/api/catalog/categories', body), 404, 'not_found');
    expectError(await a.commune.patch(`/api/catalog/categories/${categoryIdCreated}`, { nameVi: 'x' }), 404, 'not_found');
    expectError(await a.anonymous.patch(`/api/catalog/categories/${categoryIdCreated}`, { nameVi: 'x' }), 401, 'unauthenticated');
    expectError(await a.central.patch('/api/catalog/categories/999999', { nameVi: 'x' }), 404, 'not_found');
    const unknown = await a.central.patch(`/api/catalog/categories/${categoryIdCreated}`, { code: 'NEW' });
    expect(fieldPaths(unknown)).toEqual(['body.code']);
  });
});

describe('category combinations', () => {
  it('creates a combination as the product of its categories, in order, audited', async () => {
    const res = await a.central.post('/api/catalog/category-combos', { code: 'AREA_SEX', nameVi: 'Theo khu vực và giới tính', categoryIds: [await categoryId('AREA_TYPE'), await categoryId('SEX')] });
    expect(res.status, res.text).toBe(201);
    expect(res.body.categories.map((c: { code: string }) => c.code)).toEqual(['AREA_TYPE', 'SEX']);
    expect(res.body.optionCombos.map((o: { code: string }) => o.code)).toEqual(['THANH_THI_NAM', 'THANH_THI_NU', 'THANH_THI_KHAC', 'NONG_THON_NAM', 'NONG_THON_NU', 'NONG_THON_KHAC']);
    expect(res.body.optionCombos[1].nameVi).toBe('Thành thị, Nữ giới');
    expect((await auditRows(env, 'catalog.category_combo.created')).at(-1)?.after).toMatchObject({ code: 'AREA_SEX', categories: ['AREA_TYPE', 'SEX'], optionCombos: 6 });
    const list = await a.viewer.get('/api/catalog/category-combos');
    expect(list.body.items.map((c: { code: string }) => c.code)).toContain('AREA_SEX');
  });

  it('refuses duplicate codes, repeated or unknown categories', async () => {
    const sex = await categoryId('SEX');
    const dup = await a.central.post('/api/catalog/category-combos', { code: 'SEX', nameVi: 'x', categoryIds: [sex] });
    expectError(dup, 409, 'conflict');
    const twice = await a.central.post('/api/catalog/category-combos', { code: 'SEX_SEX', nameVi: 'x', categoryIds: [sex, sex] });
    expectError(twice, 400, 'validation_failed');
    expect(fieldPaths(twice)).toEqual(['body.categoryIds.1']);
    const unknown = await a.central.post('/api/catalog/category-combos', { code: 'GHOST', nameVi: 'x', categoryIds: [sex, '999999'] });
    expect(fieldPaths(unknown)).toEqual(['body.categoryIds.1']);
    const empty = await a.central.post('/api/catalog/category-combos', { code: 'EMPTY', nameVi: 'x', categoryIds: [] });
    expect(fieldPaths(empty)).toEqual(['body.categoryIds']);
  });

  it('reads one combination; requires login; only national managers create', async () => {
    const id = (await env.db.selectFrom('category_combo').select('id').where('code', '=', 'SEX').executeTakeFirstOrThrow()).id;
    expect((await a.commune.get(`/api/catalog/category-combos/${id}`)).status).toBe(200);
    expectError(await a.anonymous.get(`/api/catalog/category-combos/${id}`), 401, 'unauthenticated');
    expectError(await a.anonymous.get('/api/catalog/category-combos'), 401, 'unauthenticated');
    expectError(await a.commune.get('/api/catalog/category-combos/999999'), 404, 'not_found');
    const body = { code: 'NOPE', nameVi: 'x', categoryIds: [await categoryId('SEX')] };
    expectError(await a.anonymous.post('/api/catalog/category-combos', body), 401, 'unauthenticated');
    expectError(await a.giaLai.post('/api/catalog/category-combos', body), 404, 'not_found');
    expectError(await a.commune.post('/api/catalog/category-combos', body), 404, 'not_found');
  });
});

describe('OpenAPI', () => {
  it('documents the catalogue endpoints with Vietnamese summaries', async () => {
    const res = await a.anonymous.get('/api/docs/json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of ['/api/catalog/program', '/api/catalog/data-elements/{id}', '/api/catalog/expressions/check', '/api/catalog/targets/import', '/api/catalog/targets/template.xlsx']) expect(paths).toContain(p);
    expect(res.body.paths['/api/catalog/program'].get.summary).toContain('Cây chương trình');
    expect(res.body.paths['/api/catalog/program'].get.tags).toEqual(['catalog']);
  });
});

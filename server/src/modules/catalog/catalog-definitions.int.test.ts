// Data elements, indicators, the expression check and validation rules: readable by
// everyone signed in, written by national catalogue managers only, audited; bad
// expressions come back as field errors carrying the engine's position.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { actors, auditRows, expectError, fieldMessage, fieldPaths, rawJson, type Actors } from './catalog.test-support.ts';

let env: TestEnv;
let a: Actors;
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  a = await actors(env);
  for (const r of await env.db.selectFrom('category_combo').select(['id', 'code']).execute()) ids[`combo:${r.code}`] = r.id;
  for (const r of await env.db.selectFrom('program_item').select(['id', 'code']).execute()) ids[`program:${r.code}`] = r.id;
});
afterAll(async () => env?.close());

const elementId = async (code: string) => (await env.db.selectFrom('data_element').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const indicatorId = async (code: string) => (await env.db.selectFrom('indicator').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

describe('GET /api/catalog/data-elements', () => {
  it('filters by program item including the items below it', async () => {
    const res = await a.commune.get(`/api/catalog/data-elements?programItemId=${ids['program:DA1']}&limit=100`);
    expect(res.status, res.text).toBe(200);
    // In program order (DA1.ND1 … DA1.ND4), then by code.
    expect(res.body.items.map((e: { code: string }) => e.code)).toEqual(['DA1_HH_LAND_SUPPORTED', 'DA1_HH_HOUSING_SUPPORTED', 'DA1_HH_PRODLAND_SUPPORTED', 'DA1_HH_WATER_DISPERSED', 'DA1_WATER_WORKS']);
    expect(res.body.total).toBe(5);
    expect(res.body.items.every((e: { programItem: { code: string } }) => e.programItem.code.startsWith('DA1.'))).toBe(true);
    expect(res.body.abilities).toEqual({ manage: false });
  });

  it('searches code and names without diacritics, and pages', async () => {
    const folded = await a.commune.get(`/api/catalog/data-elements?q=${encodeURIComponent('suy dinh duong')}`);
    expect(folded.body.items.map((e: { code: string }) => e.code)).toEqual(['DA7_U5_UNDERWEIGHT']);
    const accented = await a.commune.get(`/api/catalog/data-elements?q=${encodeURIComponent('Suy Dinh Dưỡng')}`);
    expect(accented.body.items.map((e: { code: string }) => e.code)).toEqual(['DA7_U5_UNDERWEIGHT']);
    const dd = await a.commune.get(`/api/catalog/data-elements?q=${encodeURIComponent('dat o')}`);
    expect(dd.body.items.map((e: { code: string }) => e.code)).toContain('DA1_HH_LAND_SUPPORTED');
    const byCode = await a.commune.get('/api/catalog/data-elements?q=hh_poor');
    expect(byCode.body.items.map((e: { code: string }) => e.code).sort()).toEqual(['HH_POOR', 'HH_POOR_DTTS', 'HH_POOR_DTTS_START']);
    const page = await a.commune.get('/api/catalog/data-elements?limit=5&offset=5');
    expect(page.body.items).toHaveLength(5);
    expect(page.body.total).toBeGreaterThanOrEqual(40);
    // Wildcards are text, not patterns: nothing is named "%" or "_".
    expect((await a.commune.get('/api/catalog/data-elements?q=%25')).body.total).toBe(0);
    expect((await a.commune.get('/api/catalog/data-elements?q=_')).body.total).toBe(0);
    const all = await a.commune.get('/api/catalog/data-elements?limit=500');
    expect(all.body.items.findIndex((e: { code: string }) => e.code === 'DA2_HH_RESETTLED')).toBeLessThan(all.body.items.findIndex((e: { code: string }) => e.code === 'DA10_INSPECTIONS'));
  });

  it('filters by value type and combination', async () => {
    const res = await a.commune.get(`/api/catalog/data-elements?valueType=boolean&limit=100`);
    expect(res.body.items.every((e: { valueType: string }) => e.valueType === 'boolean')).toBe(true);
    expect(res.body.total).toBeGreaterThanOrEqual(3);
    const sex = await a.commune.get(`/api/catalog/data-elements?categoryComboId=${ids['combo:SEX']}`);
    expect(sex.body.items.map((e: { code: string }) => e.code)).toContain('CHILDREN_U5');
  });

  it('requires login and refuses bad queries', async () => {
    expectError(await a.anonymous.get('/api/catalog/data-elements'), 401, 'unauthenticated');
    const bad = await a.commune.get('/api/catalog/data-elements?limit=0&valueType=money&sort=x');
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(expect.arrayContaining(['querystring.limit', 'querystring.valueType', 'querystring.sort']));
  });

  it('shows one element with its option combinations', async () => {
    const res = await a.viewer.get(`/api/catalog/data-elements/${await elementId('DA7_U5_UNDERWEIGHT')}`);
    expect(res.status).toBe(200);
    expect(res.body.optionCombos.map((o: { code: string }) => o.code)).toEqual(['NAM', 'NU']);
    expect(res.body.categoryCombo.code).toBe('SEX');
    expectError(await a.viewer.get('/api/catalog/data-elements/999999'), 404, 'not_found');
    expectError(await a.anonymous.get(`/api/catalog/data-elements/${await elementId('DA7_U5_UNDERWEIGHT')}`), 401, 'unauthenticated');
  });
});

describe('POST /api/catalog/data-elements', () => {
  it('creates an element, by default without disaggregation, audited', async () => {
    const res = await a.central.post('/api/catalog/data-elements', {
      code: 'DA4_MARKETS',
      nameVi: 'Số chợ được đầu tư xây dựng, cải tạo',
      nameEn: 'Markets built or upgraded',
      valueType: 'integer',
      aggregationType: 'sum',
      programItemId: ids['program:DA4.TDA1'],
      unitOfMeasureVi: 'chợ',
      minValue: 0,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ code: 'DA4_MARKETS', zeroIsSignificant: true, categoryCombo: { code: 'DEFAULT' }, programItem: { code: 'DA4.TDA1' }, minValue: 0, maxValue: null, optionCombos: [{ code: 'DEFAULT' }] });
    const entry = (await auditRows(env, 'catalog.data_element.created')).at(-1);
    expect(entry).toMatchObject({ actor_username: 'tw.danhmuc', target_id: res.body.id });
    expect(entry?.after).toMatchObject({ code: 'DA4_MARKETS', valueType: 'integer' });
    const found = await a.commune.get(`/api/catalog/data-elements?q=${encodeURIComponent('cho duoc dau tu')}`);
    expect(found.body.items.map((e: { code: string }) => e.code)).toEqual(['DA4_MARKETS']);
  });

  it('refuses a duplicate code with 409', async () => {
    const res = await a.central.post('/api/catalog/data-elements', { code: 'HH_TOTAL', nameVi: 'Trùng', valueType: 'integer', aggregationType: 'sum' });
    expectError(res, 409, 'conflict');
    expect(fieldPaths(res)).toEqual(['body.code']);
  });

  it('checks types, bounds, aggregation and references', async () => {
    const base = { nameVi: 'Thử', aggregationType: 'sum' };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ code: 'T_TEXT_SUM', valueType: 'text' }, ['body.aggregationType']],
      [{ code: 'T_BOOL_MIN', valueType: 'boolean', minValue: 0 }, ['body.minValue']],
      [{ code: 'T_MINMAX', valueType: 'number', minValue: 10, maxValue: 1 }, ['body.maxValue']],
      [{ code: 'T_PCT', valueType: 'percentage', maxValue: 120 }, ['body.maxValue']],
      [{ code: 'T_INT', valueType: 'integer', minValue: 0.5 }, ['body.minValue']],
      [{ code: 'T_REFS', valueType: 'integer', categoryComboId: '999999', programItemId: '999999' }, ['body.categoryComboId', 'body.programItemId']],
      [{ code: 'bad.code', valueType: 'money', aggregationType: 'median' }, ['body.code', 'body.valueType', 'body.aggregationType']],
    ];
    for (const [body, paths] of cases) {
      const res = await a.central.post('/api/catalog/data-elements', { ...base, ...body });
      expectError(res, 400, 'validation_failed');
      expect(fieldPaths(res).sort(), JSON.stringify(body)).toEqual([...paths].sort());
    }
    expectError(await rawJson(a.central, 'POST', '/api/catalog/data-elements', 'nope'), 400, 'invalid_json');
  });

  it('answers field messages in English when asked', async () => {
    a.central.lang = 'en';
    try {
      const res = await a.central.post('/api/catalog/data-elements', { code: 'T_EN', nameVi: 'x', valueType: 'text', aggregationType: 'sum' });
      expect(fieldMessage(res, 'body.aggregationType')).toBe("Text and date elements aggregate only as 'last' or 'count'.");
    } finally {
      a.central.lang = 'vi';
    }
  });

  it('is only for national catalogue managers', async () => {
    const body = { code: 'T_NOPE', nameVi: 'x', valueType: 'integer', aggregationType: 'sum' };
    expectError(await a.anonymous.post('/api/catalog/data-elements', body), 401, 'unauthenticated');
    expectError(await a.commune.post('/api/catalog/data-elements', body), 404, 'not_found');
    expectError(await a.giaLai.post('/api/catalog/data-elements', body), 404, 'not_found');
    expect(await env.db.selectFrom('data_element').select('id').where('code', '=', 'T_NOPE').executeTakeFirst()).toBeUndefined();
  });
});

describe('PATCH /api/catalog/data-elements/:id', () => {
  it('edits names, bounds and combination, recording before and after', async () => {
    const id = await elementId('DA4_MARKETS');
    const res = await a.central.patch(`/api/catalog/data-elements/${id}`, { nameVi: 'Số chợ nông thôn được đầu tư', maxValue: 50, categoryComboId: ids['combo:AGE_SEX'], unitOfMeasureVi: null });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ nameVi: 'Số chợ nông thôn được đầu tư', minValue: 0, maxValue: 50, unitOfMeasureVi: null, categoryCombo: { code: 'AGE_SEX' } });
    expect(res.body.optionCombos).toHaveLength(8);
    const entry = (await auditRows(env, 'catalog.data_element.updated')).at(-1);
    expect(entry?.before).toMatchObject({ nameVi: 'Số chợ được đầu tư xây dựng, cải tạo', maxValue: null });
    expect(entry?.after).toMatchObject({ nameVi: 'Số chợ nông thôn được đầu tư', maxValue: 50 });
  });

  it('refuses a combination change that would orphan an ELEMENT.COMBO reference in a rule', async () => {
    const res = await a.central.patch(`/api/catalog/data-elements/${await elementId('CHILDREN_U5')}`, { categoryComboId: ids['combo:DEFAULT'] });
    expectError(res, 409, 'data_element_in_use');
    expect(fieldPaths(res)).toEqual(['body.categoryComboId']);
    expect(res.body.error.details.usedBy).toEqual([{ kind: 'validation_rule', code: 'TRE_GAI_SDD_LE_TRE_GAI_U5', refs: ['CHILDREN_U5.NU'] }]);
    const text = await a.central.patch(`/api/catalog/data-elements/${await elementId('HH_TOTAL')}`, { valueType: 'text', aggregationType: 'last', minValue: null });
    expectError(text, 409, 'data_element_in_use');
    expect(fieldPaths(text)).toEqual(['body.valueType']);
  });

  it('refuses code changes, bad bounds, unknown ids and other callers', async () => {
    const id = await elementId('DA4_MARKETS');
    expect(fieldPaths(await a.central.patch(`/api/catalog/data-elements/${id}`, { code: 'X' }))).toEqual(['body.code']);
    expect(fieldPaths(await a.central.patch(`/api/catalog/data-elements/${id}`, { minValue: 100 }))).toEqual(['body.maxValue']);
    expectError(await a.central.patch('/api/catalog/data-elements/999999', { nameVi: 'x' }), 404, 'not_found');
    expectError(await a.anonymous.patch(`/api/catalog/data-elements/${id}`, { nameVi: 'x' }), 401, 'unauthenticated');
    expectError(await a.commune.patch(`/api/catalog/data-elements/${id}`, { nameVi: 'x' }), 404, 'not_found');
    expectError(await a.giaLai.patch(`/api/catalog/data-elements/${id}`, { nameVi: 'x' }), 404, 'not_found');
  });
});

describe('POST /api/catalog/expressions/check', () => {
  it('describes a valid expression in words with element names, and lists references', async () => {
    const res = await a.commune.post('/api/catalog/expressions/check', { expression: '(#{DA7_U5_UNDERWEIGHT.NU} / #{CHILDREN_U5.NU}) * 100', expect: 'number' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      valueType: 'number',
      description: '(Số trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân (Nữ) ÷ Tổng số trẻ em dưới 5 tuổi (Nữ)) × 100',
      references: [
        { dataElement: 'DA7_U5_UNDERWEIGHT', combo: 'NU', name: 'Số trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân (Nữ)', known: true },
        { dataElement: 'CHILDREN_U5', combo: 'NU', name: 'Tổng số trẻ em dưới 5 tuổi (Nữ)', known: true },
      ],
    });
  });

  it('answers in English for an English request', async () => {
    a.viewer.lang = 'en';
    try {
      const res = await a.viewer.post('/api/catalog/expressions/check', { expression: '#{HH_POOR_DTTS} <= #{HH_DTTS}' });
      expect(res.body).toMatchObject({ ok: true, valueType: 'boolean', description: 'Poor ethnic-minority households (end of period) ≤ Ethnic-minority households' });
      const bad = await a.viewer.post('/api/catalog/expressions/check', { expression: '#{HH_DTTS} +' });
      expect(bad.body.error.message).toMatch(/position 12/);
    } finally {
      a.viewer.lang = 'vi';
    }
  });

  it('reports syntax errors with their position', async () => {
    const res = await a.commune.post('/api/catalog/expressions/check', { expression: '#{HH_DTTS} + * 2' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, valueType: null, description: null, references: [], error: { position: 11, length: 1 } });
    expect(res.body.error.message).toBe("Thiếu toán hạng sau '+' ở vị trí 12.");
  });

  it('reports unknown elements and combinations with their position, still naming what is known', async () => {
    const res = await a.commune.post('/api/catalog/expressions/check', { expression: '#{HH_DTTS} + #{KHONG_CO}' });
    expect(res.body).toMatchObject({ ok: false, valueType: 'number', error: { position: 13, length: 11 } });
    expect(res.body.error.message).toBe("Không có phần tử dữ liệu mã 'KHONG_CO' (ở vị trí 14).");
    expect(res.body.references).toEqual([
      { dataElement: 'HH_DTTS', name: 'Tổng số hộ dân tộc thiểu số', known: true },
      { dataElement: 'KHONG_CO', name: null, known: false },
    ]);
    const combo = await a.commune.post('/api/catalog/expressions/check', { expression: '#{CHILDREN_U5.08_NU}' });
    expect(combo.body.error.message).toContain("không có tổ hợp phân tổ '08_NU'");
  });

  it('checks the expected type', async () => {
    const res = await a.commune.post('/api/catalog/expressions/check', { expression: '#{HH_DTTS} > 0', expect: 'number' });
    expect(res.body.ok).toBe(false);
    expect(res.body.error.message).toContain('phải cho ra một số');
  });

  it('requires login and a well-formed body', async () => {
    expectError(await a.anonymous.post('/api/catalog/expressions/check', { expression: '1' }), 401, 'unauthenticated');
    const bad = await a.commune.post('/api/catalog/expressions/check', { expression: 1, expect: 'text' });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(expect.arrayContaining(['body.expression', 'body.expect']));
    expectError(await rawJson(a.commune, 'POST', '/api/catalog/expressions/check', '{'), 400, 'invalid_json');
  });
});

describe('indicators', () => {
  const body = {
    code: 'TL_HO_HO_TRO_NHA',
    nameVi: 'Tỷ lệ hộ nghèo DTTS được hỗ trợ nhà ở',
    numerator: '#{DA1_HH_HOUSING_SUPPORTED}',
    denominator: '#{HH_POOR_DTTS_START}',
    factor: 100,
    decimals: 1,
    direction: 'higher',
    unitOfMeasureVi: '%',
  };

  it('lists with expressions in words and national targets; filters; requires login', async () => {
    const res = await a.commune.get(`/api/catalog/indicators?programItemId=${ids['program:DA7']}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { code: string }) => i.code).sort()).toEqual(['TL_BHYT', 'TL_KHAM_THAI', 'TL_TRE_SDD_NHE_CAN']);
    const anc = res.body.items.find((i: { code: string }) => i.code === 'TL_KHAM_THAI');
    expect(anc).toMatchObject({ numeratorInWords: 'Số phụ nữ mang thai được khám thai định kỳ', denominatorInWords: 'Số phụ nữ mang thai', factor: 100, nationalTargets: [{ period: '2025', value: 80 }] });
    const q = await a.commune.get(`/api/catalog/indicators?q=${encodeURIComponent('bao hiem y te')}`);
    expect(q.body.items.map((i: { code: string }) => i.code)).toEqual(['TL_BHYT']);
    expectError(await a.anonymous.get('/api/catalog/indicators'), 401, 'unauthenticated');
    expectError(await a.anonymous.get(`/api/catalog/indicators/${await indicatorId('TL_BHYT')}`), 401, 'unauthenticated');
    expectError(await a.commune.get('/api/catalog/indicators/999999'), 404, 'not_found');
  });

  it('creates an indicator whose expressions check out, with the words, audited', async () => {
    const res = await a.central.post('/api/catalog/indicators', { ...body, programItemId: ids['program:DA1.ND2'] });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      code: 'TL_HO_HO_TRO_NHA',
      numeratorInWords: 'Số hộ được hỗ trợ nhà ở',
      denominatorInWords: 'Số hộ nghèo dân tộc thiểu số đầu năm',
      factor: 100,
      direction: 'higher',
      programItem: { code: 'DA1.ND2' },
      nationalTargets: [],
      abilities: { manage: true },
    });
    expect((await auditRows(env, 'catalog.indicator.created')).at(-1)?.after).toMatchObject({ code: 'TL_HO_HO_TRO_NHA', numerator: '#{DA1_HH_HOUSING_SUPPORTED}' });
  });

  it('defaults the denominator to 1', async () => {
    const res = await a.central.post('/api/catalog/indicators', { code: 'SO_KM_DUONG', nameVi: 'Số km đường được cứng hóa', numerator: '#{DA4_ROAD_HARDENED_KM}', direction: 'higher' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ denominator: '1', denominatorInWords: '1', factor: 1, decimals: 1 });
  });

  it('refuses a bad numerator with a field error carrying the engine position', async () => {
    const res = await a.central.post('/api/catalog/indicators', { ...body, code: 'T_BAD', numerator: '#{HH_DTTS} +' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields).toEqual([{ path: 'body.numerator', message: expect.stringMatching(/ở vị trí 12/) }]);
    const unknown = await a.central.post('/api/catalog/indicators', { ...body, code: 'T_BAD', numerator: '#{KHONG_CO}', denominator: '#{HH_DTTS} > 1' });
    expect(unknown.body.error.fields).toEqual([
      { path: 'body.numerator', message: "Không có phần tử dữ liệu mã 'KHONG_CO' (ở vị trí 1)." },
      { path: 'body.denominator', message: expect.stringContaining('phải cho ra một số') },
    ]);
    expect(await env.db.selectFrom('indicator').select('id').where('code', '=', 'T_BAD').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a duplicate code (409) and malformed fields', async () => {
    expectError(await a.central.post('/api/catalog/indicators', { ...body, code: 'TL_BHYT' }), 409, 'conflict');
    const bad = await a.central.post('/api/catalog/indicators', { ...body, code: 'T_FIELDS', factor: 0, decimals: 9, direction: 'up', programItemId: 'x' });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(expect.arrayContaining(['body.factor', 'body.decimals', 'body.direction', 'body.programItemId']));
    const program = await a.central.post('/api/catalog/indicators', { ...body, code: 'T_PROG', programItemId: '999999' });
    expect(fieldPaths(program)).toEqual(['body.programItemId']);
  });

  it('edits an indicator and rechecks its expressions', async () => {
    const id = await indicatorId('TL_HO_HO_TRO_NHA');
    const res = await a.central.patch(`/api/catalog/indicators/${id}`, { denominator: '#{HH_POOR_DTTS}', decimals: 2 });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ denominator: '#{HH_POOR_DTTS}', denominatorInWords: 'Số hộ nghèo dân tộc thiểu số (cuối kỳ)', decimals: 2 });
    const entry = (await auditRows(env, 'catalog.indicator.updated')).at(-1);
    expect(entry?.before).toMatchObject({ denominator: '#{HH_POOR_DTTS_START}', decimals: 1 });
    const bad = await a.central.patch(`/api/catalog/indicators/${id}`, { numerator: '#{DA1_HH_HOUSING_SUPPORTED.99_NU}' });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(['body.numerator']);
    expect(fieldMessage(bad, 'body.numerator')).toContain('ở vị trí 1');
  });

  it('is only for national catalogue managers', async () => {
    const id = await indicatorId('TL_BHYT');
    expectError(await a.anonymous.post('/api/catalog/indicators', { ...body, code: 'T_NO' }), 401, 'unauthenticated');
    expectError(await a.commune.post('/api/catalog/indicators', { ...body, code: 'T_NO' }), 404, 'not_found');
    expectError(await a.giaLai.post('/api/catalog/indicators', { ...body, code: 'T_NO' }), 404, 'not_found');
    expectError(await a.giaLai.patch(`/api/catalog/indicators/${id}`, { decimals: 0 }), 404, 'not_found');
    expectError(await a.anonymous.patch(`/api/catalog/indicators/${id}`, { decimals: 0 }), 401, 'unauthenticated');
    expectError(await a.central.patch('/api/catalog/indicators/999999', { decimals: 0 }), 404, 'not_found');
    expect(fieldPaths(await a.central.patch(`/api/catalog/indicators/${id}`, { code: 'NEW' }))).toEqual(['body.code']);
  });
});

describe('validation rules', () => {
  const body = {
    code: 'NUOC_PHAN_TAN_LE_HO_DTTS',
    nameVi: 'Số hộ được hỗ trợ nước phân tán không vượt số hộ DTTS',
    left: '#{DA1_HH_WATER_DISPERSED}',
    operator: '<=',
    right: '#{HH_DTTS}',
    messageVi: 'Số hộ được hỗ trợ nước sinh hoạt phân tán lớn hơn số hộ dân tộc thiểu số.',
  };

  it('lists rules with both sides in words; requires login', async () => {
    const res = await a.commune.get('/api/catalog/validation-rules');
    expect(res.status).toBe(200);
    const rule = res.body.items.find((r: { code: string }) => r.code === 'TRE_SDD_LE_TRE_U5');
    expect(rule).toMatchObject({ operator: '<=', leftInWords: 'Số trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân', rightInWords: 'Tổng số trẻ em dưới 5 tuổi', importance: 'high' });
    expectError(await a.anonymous.get('/api/catalog/validation-rules'), 401, 'unauthenticated');
    expect((await a.commune.get(`/api/catalog/validation-rules/${rule.id}`)).body.code).toBe('TRE_SDD_LE_TRE_U5');
    expectError(await a.commune.get('/api/catalog/validation-rules/999999'), 404, 'not_found');
  });

  it('creates a rule with defaults, audited', async () => {
    const res = await a.central.post('/api/catalog/validation-rules', body);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ code: body.code, importance: 'medium', missingValueStrategy: 'skip-if-any-missing', leftInWords: 'Số hộ được hỗ trợ nước sinh hoạt phân tán' });
    expect((await auditRows(env, 'catalog.validation_rule.created')).at(-1)?.after).toMatchObject({ code: body.code, operator: '<=' });
  });

  it('refuses bad sides with positions, duplicate codes, bad operators', async () => {
    const bad = await a.central.post('/api/catalog/validation-rules', { ...body, code: 'R_BAD', left: '#{HH_DTTS} >', right: '#{NOPE}' });
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.fields).toEqual([
      { path: 'body.left', message: expect.stringContaining('ở vị trí') },
      { path: 'body.right', message: "Không có phần tử dữ liệu mã 'NOPE' (ở vị trí 1)." },
    ]);
    expectError(await a.central.post('/api/catalog/validation-rules', body), 409, 'conflict');
    const op = await a.central.post('/api/catalog/validation-rules', { ...body, code: 'R_OP', operator: '=<', importance: 'urgent' });
    expect(fieldPaths(op)).toEqual(expect.arrayContaining(['body.operator', 'body.importance']));
  });

  it('edits a rule and rechecks it', async () => {
    const id = (await env.db.selectFrom('validation_rule').select('id').where('code', '=', body.code).executeTakeFirstOrThrow()).id;
    const res = await a.central.patch(`/api/catalog/validation-rules/${id}`, { right: '#{HH_TOTAL}', importance: 'high' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ right: '#{HH_TOTAL}', rightInWords: 'Tổng số hộ', importance: 'high' });
    expect((await auditRows(env, 'catalog.validation_rule.updated')).at(-1)?.before).toMatchObject({ right: '#{HH_DTTS}' });
    expect(fieldPaths(await a.central.patch(`/api/catalog/validation-rules/${id}`, { left: '(' }))).toEqual(['body.left']);
    expectError(await a.central.patch('/api/catalog/validation-rules/999999', { importance: 'low' }), 404, 'not_found');
  });

  it('is only for national catalogue managers', async () => {
    const id = (await env.db.selectFrom('validation_rule').select('id').where('code', '=', body.code).executeTakeFirstOrThrow()).id;
    expectError(await a.anonymous.post('/api/catalog/validation-rules', { ...body, code: 'R_NO' }), 401, 'unauthenticated');
    expectError(await a.commune.post('/api/catalog/validation-rules', { ...body, code: 'R_NO' }), 404, 'not_found');
    expectError(await a.giaLai.patch(`/api/catalog/validation-rules/${id}`, { importance: 'low' }), 404, 'not_found');
    expectError(await a.anonymous.patch(`/api/catalog/validation-rules/${id}`, { importance: 'low' }), 401, 'unauthenticated');
  });
});

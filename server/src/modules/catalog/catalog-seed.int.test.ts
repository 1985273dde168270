// The reference catalogue loaded at start-up: the program tree of Decision 1719, the
// categories (54 ethnic groups with GSO codes), combinations, data elements,
// indicators with national 2025 targets, and validation rules — all consistent with
// the engine, and loaded once.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkValidationRule, parseExpression, validateReferences } from '@shared/engine/index.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { loadCatalogueSnapshot } from './catalog.repository.ts';
import { knownElements } from './expressions.ts';
import { signIn } from './catalog.test-support.ts';
import { CATALOG_SEED_NAME, loadCatalog } from './seed/load-catalog.ts';
import { INDICATORS } from './seed/elements-and-indicators.ts';

let env: TestEnv;
let viewer: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  viewer = await signIn(env, 'xem.quangngai', 'viewer', '51');
});
afterAll(async () => env?.close());

describe('catalogue seed', () => {
  it('has the 10 projects, 14 sub-projects and the DA1 content items, marked for verification where DOMAIN.md says so', async () => {
    const res = await viewer.get('/api/catalog/program');
    expect(res.status, res.text).toBe(200);
    const projects = res.body.items;
    expect(projects.map((p: { code: string }) => p.code)).toEqual(['DA1', 'DA2', 'DA3', 'DA4', 'DA5', 'DA6', 'DA7', 'DA8', 'DA9', 'DA10']);
    const sub = projects.flatMap((p: { children: { kind: string; code: string }[] }) => p.children.filter((c) => c.kind === 'subproject').map((c) => c.code));
    expect(sub).toHaveLength(14);
    expect(sub).toEqual(expect.arrayContaining(['DA3.TDA1', 'DA3.TDA2', 'DA3.TDA3', 'DA4.TDA1', 'DA4.TDA2', 'DA5.TDA1', 'DA5.TDA4', 'DA9.TDA2', 'DA10.TDA3']));
    const da1 = projects[0];
    expect(da1.children.map((c: { code: string; kind: string }) => [c.code, c.kind])).toEqual([
      ['DA1.ND1', 'content'],
      ['DA1.ND2', 'content'],
      ['DA1.ND3', 'content'],
      ['DA1.ND4', 'content'],
    ]);
    expect(da1.children.every((c: { description: string }) => c.description.includes('cần đối chiếu'))).toBe(true);
    expect(projects.find((p: { code: string }) => p.code === 'DA8').description).toContain('cần đối chiếu');
    expect(res.body.abilities).toEqual({ manage: false });
  });

  it('has the 54 ethnic groups with their GSO codes, sex, age group and area type', async () => {
    const res = await viewer.get('/api/catalog/categories');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.items.map((c: { code: string }) => [c.code, c]));
    expect(Object.keys(byCode)).toEqual(expect.arrayContaining(['ETHNIC', 'SEX', 'AGE_GROUP', 'AREA_TYPE']));
    const ethnic = byCode.ETHNIC.options;
    expect(ethnic).toHaveLength(54);
    expect(ethnic[0]).toMatchObject({ code: '01', nameVi: 'Kinh', inUse: true });
    expect(ethnic.find((o: { code: string }) => o.code === '08').nameVi).toBe("H'Mông");
    expect(ethnic[53]).toMatchObject({ code: '54', nameVi: 'Ơ Đu' });
    expect(new Set(ethnic.map((o: { code: string }) => o.code)).size).toBe(54);
    expect(byCode.SEX.options.map((o: { code: string; nameVi: string }) => `${o.code} ${o.nameVi}`)).toEqual(['NAM Nam', 'NU Nữ']);
    expect(byCode.AGE_GROUP.options.map((o: { code: string }) => o.code)).toEqual(['DUOI_6', '6_15', '16_60', 'TREN_60']);
    expect(byCode.ETHNIC.comboCodes).toEqual(['ETHNIC', 'ETHNIC_SEX']);
  });

  it('has the DEFAULT, SEX, ETHNIC, ETHNIC_SEX and AGE_SEX combinations with generated option combinations', async () => {
    const res = await viewer.get('/api/catalog/category-combos');
    const byCode = Object.fromEntries(res.body.items.map((c: { code: string }) => [c.code, c]));
    expect(Object.keys(byCode).sort()).toEqual(['AGE_SEX', 'DEFAULT', 'ETHNIC', 'ETHNIC_SEX', 'SEX']);
    expect(byCode.DEFAULT).toMatchObject({ isDefault: true, categories: [], optionComboCount: 1 });
    expect(byCode.ETHNIC_SEX.optionComboCount).toBe(108);
    expect(byCode.AGE_SEX.optionComboCount).toBe(8);
    const detail = await viewer.get(`/api/catalog/category-combos/${byCode.ETHNIC_SEX.id}`);
    const hmongFemale = detail.body.optionCombos.find((o: { code: string }) => o.code === '08_NU');
    expect(hmongFemale).toMatchObject({ nameVi: "H'Mông, Nữ", nameEn: 'Hmong, Female', active: true });
    expect(detail.body.optionCombos[0]).toMatchObject({ code: '01_NAM', nameVi: 'Kinh, Nam' });
    const def = await viewer.get(`/api/catalog/category-combos/${byCode.DEFAULT.id}`);
    expect(def.body.optionCombos).toEqual([expect.objectContaining({ code: 'DEFAULT', optionIds: [] })]);
  });

  it('has about 40 data elements (plus denominators) covering all ten projects', async () => {
    const res = await viewer.get('/api/catalog/data-elements?limit=500');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(40);
    const projects = new Set(res.body.items.filter((e: { programItem: unknown }) => e.programItem).map((e: { programItem: { code: string } }) => e.programItem.code.split('.')[0]));
    expect([...projects].sort()).toEqual(['DA1', 'DA10', 'DA2', 'DA3', 'DA4', 'DA5', 'DA6', 'DA7', 'DA8', 'DA9']);
    const income = res.body.items.find((e: { code: string }) => e.code === 'INCOME_DTTS');
    expect(income).toMatchObject({ valueType: 'number', aggregationType: 'average', unitOfMeasureVi: 'triệu đồng/người/năm' });
    const trained = res.body.items.find((e: { code: string }) => e.code === 'DA5_VOCATIONAL_TRAINED');
    expect(trained.categoryCombo.code).toBe('ETHNIC_SEX');
    const paved = res.body.items.find((e: { code: string }) => e.code === 'DA4_COMMUNE_PAVED_ROAD');
    expect(paved).toMatchObject({ valueType: 'boolean', aggregationType: 'last' });
  });

  it('has about 20 indicators whose expressions parse and reference existing elements, each DOMAIN target as a national 2025 target', async () => {
    const res = await viewer.get('/api/catalog/indicators?limit=500');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(INDICATORS.length);
    expect(res.body.total).toBeGreaterThanOrEqual(18);
    const known = knownElements(await loadCatalogueSnapshot(env.db));
    for (const i of res.body.items) {
      for (const text of [i.numerator, i.denominator]) {
        const parsed = parseExpression(text, { expect: 'number' });
        expect(parsed.ok, `${i.code}: ${text}`).toBe(true);
        if (parsed.ok) expect(validateReferences(parsed.ast, known), i.code).toEqual([]);
      }
      const expected = INDICATORS.find((s) => s.code === i.code)!;
      if (expected.target2025 === undefined) expect(i.nationalTargets, i.code).toEqual([]);
      else expect(i.nationalTargets, i.code).toEqual([{ period: '2025', value: expected.target2025 }]);
    }
    const targeted = res.body.items.filter((i: { nationalTargets: unknown[] }) => i.nationalTargets.length === 1);
    expect(targeted.length).toBeGreaterThanOrEqual(18);
    const byCode = Object.fromEntries(res.body.items.map((i: { code: string }) => [i.code, i]));
    expect(byCode.TL_TRE_SDD_NHE_CAN).toMatchObject({ direction: 'lower', factor: 100, nationalTargets: [{ period: '2025', value: 15 }] });
    expect(byCode.TL_TRE_SDD_NHE_CAN.numeratorInWords).toBe('Số trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân');
    expect(byCode.CS_THU_NHAP_DTTS.nationalTargets).toEqual([{ period: '2025', value: 200 }]);
    expect(byCode.TL_HO_NGHEO_DTTS.direction).toBe('lower');
    expect(byCode.GIAM_HO_NGHEO_DTTS.nationalTargets).toEqual([{ period: '2025', value: 3 }]);
    for (const code of ['TL_TRE5_MAU_GIAO', 'TL_KHAM_THAI', 'TL_BHYT', 'TL_HO_DIEN_LUOI', 'TL_XA_DUONG_NHUA', 'TL_THON_DUONG_CUNG', 'TL_HO_NUOC_HVS', 'TL_DI_HOC_TIEU_HOC', 'TL_DI_HOC_THCS', 'TL_DI_HOC_THPT', 'TL_BIET_CHU_15', 'TL_LAO_DONG_QUA_DAO_TAO', 'TL_THON_NHA_VAN_HOA', 'TL_XA_THOAT_DBKK', 'TL_THON_THOAT_DBKK']) {
      expect(byCode[code]?.nationalTargets, code).toHaveLength(1);
    }
    // National targets are visible to a provincial viewer too.
    const targets = await viewer.get('/api/catalog/targets?period=2025&limit=500');
    expect(targets.body.items.filter((t: { unit: { kind: string } }) => t.unit.kind === 'nation')).toHaveLength(targeted.length);
  });

  it('has validation rules that the engine accepts, including a rule on a disaggregation', async () => {
    const res = await viewer.get('/api/catalog/validation-rules');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(5);
    const known = knownElements(await loadCatalogueSnapshot(env.db));
    for (const r of res.body.items) expect(checkValidationRule({ left: r.left, right: r.right }, known), r.code).toEqual([]);
    const girls = res.body.items.find((r: { code: string }) => r.code === 'TRE_GAI_SDD_LE_TRE_GAI_U5');
    expect(girls.leftInWords).toBe('Số trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân (Nữ)');
  });

  it('loads once: a second run changes nothing', async () => {
    const before = await env.db.selectFrom('data_element').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(await loadCatalog(env.db, pino({ level: 'silent' }))).toBe(false);
    const after = await env.db.selectFrom('data_element').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await env.db.selectFrom('seed_run').select('name').where('name', '=', CATALOG_SEED_NAME).executeTakeFirst()).toBeDefined();
  });
});

// Loads the three shipped report forms once (guarded by the 'forms-v1' seed_run row),
// built from the catalogue's seeded data elements and validation rules: the quarterly
// commune progress form, the six-month provincial evaluation and the annual provincial
// report due 15/12. Forms whose code already exists are left alone. A code missing from
// the catalogue fails loudly at start-up.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database, FormPeriodType, FormUnitKind } from '../../../platform/db/schema.ts';

export const FORMS_SEED_NAME = 'forms-v1';

export interface SeedForm {
  code: string;
  nameVi: string;
  nameEn: string;
  description: string;
  periodType: FormPeriodType;
  lockDaysAfterDue: number | null;
  approveBeforeChildren: boolean;
  assignLevel: FormUnitKind;
  due: { unitKind: FormUnitKind; daysAfterEnd?: number; fixedDate?: { month: number; day: number }; yearOffset?: 0 | 1 }[];
  sections: { code: string; nameVi: string; nameEn: string; elements: string[]; required?: string[] }[];
  rules: string[];
}

/**
 * The commune's poverty review figures (year-end stocks, filled in the fourth quarter),
 * usually brought in by the poverty_households connector. Databases seeded before it
 * existed get it from loadPovertyReview (catalog/seed/poverty-review.ts).
 */
export const POVERTY_REVIEW_SECTION = {
  code: 'E',
  nameVi: 'E. Kết quả rà soát hộ nghèo, hộ cận nghèo',
  nameEn: 'E. Poverty review: poor and near-poor households',
  elements: ['HH_POOR', 'HH_NEAR_POOR', 'HH_NEAR_POOR_DTTS'],
};

export const SEED_FORMS: SeedForm[] = [
  {
    code: 'BM01_XA_QUY',
    nameVi: 'Biểu báo cáo tiến độ thực hiện Chương trình MTQG 1719 hằng quý (cấp xã)',
    nameEn: 'Quarterly commune progress report of National Target Program 1719',
    description: 'Cấp xã báo cáo hằng quý; hạn nộp 10 ngày sau khi kết thúc quý, tỉnh tổng hợp trong 20 ngày; khóa nhập 30 ngày sau hạn.',
    periodType: 'quarter',
    lockDaysAfterDue: 30,
    approveBeforeChildren: false,
    assignLevel: 'commune',
    due: [
      { unitKind: 'commune', daysAfterEnd: 10 },
      { unitKind: 'province', daysAfterEnd: 20 },
    ],
    sections: [
      { code: 'A', nameVi: 'A. Thông tin chung về hộ và dân số', nameEn: 'A. Households and population', elements: ['HH_TOTAL', 'HH_DTTS', 'HH_POOR_DTTS', 'POP_DTTS'], required: ['HH_TOTAL', 'HH_DTTS'] },
      {
        code: 'B',
        nameVi: 'B. Dự án 1: Đất ở, nhà ở, đất sản xuất, nước sinh hoạt',
        nameEn: 'B. Project 1: residential land, housing, production land, domestic water',
        elements: ['DA1_HH_LAND_SUPPORTED', 'DA1_HH_HOUSING_SUPPORTED', 'DA1_HH_PRODLAND_SUPPORTED', 'DA1_HH_WATER_DISPERSED', 'DA1_WATER_WORKS'],
      },
      {
        code: 'C',
        nameVi: 'C. Giáo dục, y tế, dinh dưỡng',
        nameEn: 'C. Education, health and nutrition',
        elements: ['CHILDREN_5Y', 'CHILDREN_5Y_PRESCHOOL', 'DA7_PREGNANT', 'DA7_ANC', 'CHILDREN_U5', 'DA7_U5_UNDERWEIGHT'],
      },
      { code: 'D', nameVi: 'D. Vốn thực hiện', nameEn: 'D. Funding', elements: ['CAPITAL_ALLOCATED', 'CAPITAL_DISBURSED'], required: ['CAPITAL_ALLOCATED', 'CAPITAL_DISBURSED'] },
      POVERTY_REVIEW_SECTION,
    ],
    rules: ['HO_DTTS_LE_TONG_HO', 'HO_NGHEO_LE_HO_DTTS', 'HO_HO_TRO_NHA_LE_HO_NGHEO', 'TRE5_MG_LE_TRE5', 'KHAM_THAI_LE_MANG_THAI', 'TRE_SDD_LE_TRE_U5', 'TRE_GAI_SDD_LE_TRE_GAI_U5', 'GIAI_NGAN_LE_VON_GIAO'],
  },
  {
    code: 'BM02_TINH_6T',
    nameVi: 'Biểu đánh giá kết quả thực hiện Chương trình MTQG 1719 sáu tháng (cấp tỉnh)',
    nameEn: 'Six-month provincial evaluation of National Target Program 1719',
    description: 'Cấp tỉnh đánh giá 6 tháng đầu năm và cả năm theo các dự án 2–10; hạn nộp 20 ngày sau khi kết thúc kỳ.',
    periodType: 'sixMonth',
    lockDaysAfterDue: 30,
    approveBeforeChildren: false,
    assignLevel: 'province',
    due: [{ unitKind: 'province', daysAfterEnd: 20 }],
    sections: [
      { code: 'I', nameVi: 'I. Dự án 2, 3: Ổn định dân cư, phát triển sản xuất, bảo vệ rừng', nameEn: 'I. Projects 2, 3: resettlement, production, forests', elements: ['DA2_HH_RESETTLED', 'DA3_FOREST_PROTECTED_HA', 'DA3_VALUE_CHAIN_PROJECTS', 'DA3_VALUE_CHAIN_HH'] },
      { code: 'II', nameVi: 'II. Dự án 4: Hạ tầng thiết yếu', nameEn: 'II. Project 4: essential infrastructure', elements: ['DA4_ROAD_HARDENED_KM', 'DA4_WORKS_COMPLETED'] },
      {
        code: 'III',
        nameVi: 'III. Dự án 5–10: Giáo dục nghề nghiệp, văn hóa, y tế, bình đẳng giới, nhóm dân tộc đặc thù, truyền thông và giám sát',
        nameEn: 'III. Projects 5–10: training, culture, health, gender, very small groups, communication and monitoring',
        elements: ['DA5_VOCATIONAL_TRAINED', 'DA6_CULTURAL_INSTITUTIONS', 'DA6_TOURISM_SITES', 'DA8_WOMEN_COMMUNITY_GROUPS', 'DA9_HH_LIVELIHOOD', 'DA10_PRESTIGIOUS_SUPPORTED', 'DA10_OFFICIALS_TRAINED', 'DA10_INSPECTIONS'],
      },
      { code: 'IV', nameVi: 'IV. Tình hình giao vốn và giải ngân', nameEn: 'IV. Capital allocated and disbursed', elements: ['CAPITAL_ALLOCATED', 'CAPITAL_DISBURSED'], required: ['CAPITAL_ALLOCATED', 'CAPITAL_DISBURSED'] },
    ],
    rules: ['GIAI_NGAN_LE_VON_GIAO'],
  },
  {
    code: 'BM03_TINH_NAM',
    nameVi: 'Báo cáo kết quả thực hiện Chương trình MTQG 1719 hằng năm (cấp tỉnh)',
    nameEn: 'Annual provincial report of National Target Program 1719',
    description: 'Báo cáo năm của Ủy ban nhân dân tỉnh, gửi Ủy ban Dân tộc trước ngày 15/12 của năm báo cáo.',
    periodType: 'year',
    lockDaysAfterDue: null,
    approveBeforeChildren: false,
    assignLevel: 'province',
    due: [{ unitKind: 'province', fixedDate: { month: 12, day: 15 }, yearOffset: 0 }],
    sections: [
      {
        code: 'I',
        nameVi: 'I. Hộ, dân số và thu nhập',
        nameEn: 'I. Households, population and income',
        elements: ['HH_TOTAL', 'HH_DTTS', 'HH_POOR_DTTS_START', 'HH_POOR_DTTS', 'INCOME_DTTS'],
        required: ['HH_TOTAL', 'HH_DTTS', 'HH_POOR_DTTS'],
      },
      {
        code: 'II',
        nameVi: 'II. Thôn, xã đặc biệt khó khăn và hạ tầng',
        nameEn: 'II. Extremely difficult villages and infrastructure',
        elements: ['VILLAGE_TOTAL', 'VILLAGE_DBKK', 'VILLAGE_DBKK_EXITED', 'DA4_VILLAGE_HARDENED_ROAD', 'DA4_VILLAGE_CULTURE_HOUSE', 'HH_GRID', 'HH_HYGIENIC_WATER'],
      },
      {
        code: 'III',
        nameVi: 'III. Giáo dục, lao động và y tế',
        nameEn: 'III. Education, labour and health',
        elements: ['PRIMARY_AGE', 'PRIMARY_ENROLLED', 'LOWER_SEC_AGE', 'LOWER_SEC_ENROLLED', 'UPPER_SEC_AGE', 'UPPER_SEC_ENROLLED', 'POP_15_PLUS', 'POP_15_LITERATE', 'WORKERS_DTTS', 'WORKERS_TRAINED', 'POP_HEALTH_INSURANCE'],
      },
    ],
    rules: ['HO_DTTS_LE_TONG_HO', 'HO_NGHEO_LE_HO_DTTS'],
  },
];

export async function loadForms(db: Kysely<Database>, log: Logger): Promise<boolean> {
  const done = await db.selectFrom('seed_run').select('name').where('name', '=', FORMS_SEED_NAME).executeTakeFirst();
  if (done) return false;
  const catalogue = await db.selectFrom('seed_run').select('name').where('name', '=', 'catalog-v1').executeTakeFirst();
  if (!catalogue) {
    log.warn('forms seed postponed: the indicator catalogue is not loaded yet');
    return false;
  }
  const created = await db.transaction().execute(async (trx) => {
    const elements = new Map((await trx.selectFrom('data_element').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    const rules = new Map((await trx.selectFrom('validation_rule').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    const missing = SEED_FORMS.flatMap((f) => [...f.sections.flatMap((s) => s.elements).filter((c) => !elements.has(c)), ...f.rules.filter((c) => !rules.has(c))]);
    if (missing.length > 0) throw new Error(`forms seed: unknown catalogue codes ${missing.join(', ')}`);
    const codes: string[] = [];
    for (const f of SEED_FORMS) {
      const form = await trx
        .insertInto('form')
        .values({
          code: f.code,
          name_vi: f.nameVi,
          name_en: f.nameEn,
          description: f.description,
          period_type: f.periodType,
          lock_days_after_due: f.lockDaysAfterDue,
          approve_before_children: f.approveBeforeChildren,
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!form) continue;
      codes.push(f.code);
      let order = 0;
      for (const [i, s] of f.sections.entries()) {
        const section = await trx.insertInto('form_section').values({ form_id: form.id, code: s.code, name_vi: s.nameVi, name_en: s.nameEn, sort_order: i }).returning('id').executeTakeFirstOrThrow();
        await trx
          .insertInto('form_element')
          .values(s.elements.map((code) => ({ form_id: form.id, section_id: section.id, data_element_id: elements.get(code)!, sort_order: order++, required: s.required?.includes(code) ?? false })))
          .execute();
      }
      await trx.insertInto('form_validation_rule').values(f.rules.map((code) => ({ form_id: form.id, rule_id: rules.get(code)! }))).execute();
      await trx
        .insertInto('form_due_rule')
        .values(
          f.due.map((d) => ({
            form_id: form.id,
            unit_kind: d.unitKind,
            days_after_end: d.daysAfterEnd ?? null,
            fixed_month: d.fixedDate?.month ?? null,
            fixed_day: d.fixedDate?.day ?? null,
            year_offset: d.yearOffset ?? 0,
          })),
        )
        .execute();
      await trx.insertInto('form_assignment').values({ form_id: form.id, mode: 'level', unit_kind: f.assignLevel }).execute();
    }
    await trx.insertInto('seed_run').values({ name: FORMS_SEED_NAME, details: JSON.stringify({ forms: codes }) }).onConflict((oc) => oc.column('name').doNothing()).execute();
    return codes;
  });
  log.info({ forms: created }, 'report forms loaded');
  return true;
}

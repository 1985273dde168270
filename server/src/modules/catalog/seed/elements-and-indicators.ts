// Reference data: a realistic starting catalogue of data elements covering the ten
// projects, the denominators the indicators need, the Program 1719 indicators with
// their national targets to 2025 (DOMAIN.md "Targets to 2025"), and validation rules.
// Administrators change all of it through the API; the seed only loads it once.
import type { AggregationType, DataValueType } from '../../../platform/db/schema.ts';

export interface SeedElement {
  code: string;
  nameVi: string;
  nameEn: string;
  shortName?: string;
  description?: string;
  valueType: DataValueType;
  aggregationType: AggregationType;
  combo?: 'DEFAULT' | 'SEX' | 'ETHNIC' | 'ETHNIC_SEX' | 'AGE_SEX';
  program?: string;
  unit: string;
  min?: number;
  max?: number;
}

const count = (e: Omit<SeedElement, 'valueType' | 'aggregationType' | 'min'>): SeedElement => ({ valueType: 'integer', aggregationType: 'sum', min: 0, ...e });
/**
 * A level at the end of the period (households, population, children of an age): a year
 * takes each unit's latest quarter, and units add up ('last', ADR 0005) — never four quarters summed.
 */
const stock = (e: Omit<SeedElement, 'valueType' | 'aggregationType' | 'min'>): SeedElement => ({ ...count(e), aggregationType: 'last' });
/** Yes/no per commune, a status: summed upwards it counts the communes that answered yes at the end of the period. */
const yesNo = (e: Omit<SeedElement, 'valueType' | 'aggregationType' | 'unit'>): SeedElement => ({ valueType: 'boolean', aggregationType: 'last', unit: 'xã', ...e });

export const DATA_ELEMENTS: SeedElement[] = [
  // General denominators and context (no single project owns them).
  stock({ code: 'HH_TOTAL', nameVi: 'Tổng số hộ', nameEn: 'Total households', unit: 'hộ' }),
  stock({ code: 'HH_DTTS', nameVi: 'Tổng số hộ dân tộc thiểu số', nameEn: 'Ethnic-minority households', shortName: 'Số hộ DTTS', unit: 'hộ' }),
  stock({ code: 'HH_POOR_DTTS', nameVi: 'Số hộ nghèo dân tộc thiểu số (cuối kỳ)', nameEn: 'Poor ethnic-minority households (end of period)', shortName: 'Số hộ nghèo DTTS', unit: 'hộ' }),
  stock({ code: 'HH_POOR_DTTS_START', nameVi: 'Số hộ nghèo dân tộc thiểu số đầu năm', nameEn: 'Poor ethnic-minority households at the start of the year', unit: 'hộ' }),
  // The annual poverty review (rà soát hộ nghèo, hộ cận nghèo), as the social protection
  // database exports it per commune; brought in by the poverty_households connector (ADR 0009).
  stock({ code: 'HH_POOR', nameVi: 'Tổng số hộ nghèo (theo kết quả rà soát)', nameEn: 'Poor households (per the poverty review)', shortName: 'Số hộ nghèo', unit: 'hộ' }),
  stock({ code: 'HH_NEAR_POOR', nameVi: 'Tổng số hộ cận nghèo (theo kết quả rà soát)', nameEn: 'Near-poor households (per the poverty review)', shortName: 'Số hộ cận nghèo', unit: 'hộ' }),
  stock({ code: 'HH_NEAR_POOR_DTTS', nameVi: 'Số hộ cận nghèo dân tộc thiểu số (cuối kỳ)', nameEn: 'Near-poor ethnic-minority households (end of period)', shortName: 'Số hộ cận nghèo DTTS', unit: 'hộ' }),
  stock({ code: 'POP_DTTS', nameVi: 'Dân số dân tộc thiểu số', nameEn: 'Ethnic-minority population', combo: 'ETHNIC_SEX', unit: 'người' }),
  { code: 'INCOME_DTTS', nameVi: 'Thu nhập bình quân đầu người của người dân tộc thiểu số', nameEn: 'Per-capita income of ethnic-minority people', valueType: 'number', aggregationType: 'average', unit: 'triệu đồng/người/năm', min: 0 },
  {
    code: 'INCOME_DTTS_2020',
    nameVi: 'Thu nhập bình quân đầu người của người dân tộc thiểu số năm 2020 (năm gốc)',
    nameEn: 'Per-capita income of ethnic-minority people in 2020 (baseline)',
    description: 'Số liệu gốc năm 2020 để tính mục tiêu thu nhập tăng hơn 2 lần so với năm 2020.',
    valueType: 'number',
    aggregationType: 'average',
    unit: 'triệu đồng/người/năm',
    min: 0,
  },
  stock({ code: 'HH_GRID', nameVi: 'Số hộ sử dụng điện lưới quốc gia', nameEn: 'Households on the national grid', unit: 'hộ' }),
  stock({ code: 'POP_HEALTH_INSURANCE', nameVi: 'Số người dân tộc thiểu số có thẻ bảo hiểm y tế', nameEn: 'Ethnic-minority people with health insurance', shortName: 'Số người có BHYT', unit: 'người' }),
  stock({ code: 'HH_HYGIENIC_WATER', nameVi: 'Số hộ sử dụng nước sinh hoạt hợp vệ sinh', nameEn: 'Households using hygienic water', unit: 'hộ' }),
  { code: 'CAPITAL_ALLOCATED', nameVi: 'Vốn được giao', nameEn: 'Allocated capital', valueType: 'number', aggregationType: 'sum', unit: 'triệu đồng', min: 0 },
  { code: 'CAPITAL_DISBURSED', nameVi: 'Vốn đã giải ngân', nameEn: 'Disbursed capital', valueType: 'number', aggregationType: 'sum', unit: 'triệu đồng', min: 0 },
  yesNo({ code: 'COMMUNE_DTTS_MN', nameVi: 'Xã thuộc vùng đồng bào dân tộc thiểu số và miền núi', nameEn: 'Commune in the ethnic-minority and mountainous area' }),
  yesNo({ code: 'COMMUNE_DBKK', nameVi: 'Xã đặc biệt khó khăn (đầu giai đoạn)', nameEn: 'Extremely difficult commune (start of phase)' }),
  yesNo({ code: 'COMMUNE_DBKK_EXITED', nameVi: 'Xã đã thoát khỏi tình trạng đặc biệt khó khăn', nameEn: 'Commune that left the extremely difficult list' }),
  stock({ code: 'VILLAGE_TOTAL', nameVi: 'Tổng số thôn', nameEn: 'Total villages', unit: 'thôn' }),
  stock({ code: 'VILLAGE_DBKK', nameVi: 'Số thôn đặc biệt khó khăn (đầu giai đoạn)', nameEn: 'Extremely difficult villages (start of phase)', unit: 'thôn' }),
  stock({ code: 'VILLAGE_DBKK_EXITED', nameVi: 'Số thôn đã thoát khỏi tình trạng đặc biệt khó khăn', nameEn: 'Villages that left the extremely difficult list', unit: 'thôn' }),

  // DA1: land, housing, water.
  count({ code: 'DA1_HH_LAND_SUPPORTED', nameVi: 'Số hộ thiếu đất ở được hỗ trợ đất ở', nameEn: 'Households lacking residential land supported', program: 'DA1.ND1', unit: 'hộ' }),
  count({ code: 'DA1_HH_HOUSING_SUPPORTED', nameVi: 'Số hộ được hỗ trợ nhà ở', nameEn: 'Households supported with housing', program: 'DA1.ND2', combo: 'ETHNIC', unit: 'hộ' }),
  count({ code: 'DA1_HH_PRODLAND_SUPPORTED', nameVi: 'Số hộ được hỗ trợ đất sản xuất hoặc chuyển đổi nghề', nameEn: 'Households supported with production land or a change of occupation', program: 'DA1.ND3', unit: 'hộ' }),
  count({ code: 'DA1_HH_WATER_DISPERSED', nameVi: 'Số hộ được hỗ trợ nước sinh hoạt phân tán', nameEn: 'Households supported with dispersed domestic water', program: 'DA1.ND4', unit: 'hộ' }),
  count({ code: 'DA1_WATER_WORKS', nameVi: 'Số công trình nước sinh hoạt tập trung được đầu tư', nameEn: 'Centralised water supply works built', program: 'DA1.ND4', unit: 'công trình' }),

  // DA2: resettlement.
  count({ code: 'DA2_HH_RESETTLED', nameVi: 'Số hộ được bố trí ổn định dân cư', nameEn: 'Households resettled and stabilised', program: 'DA2', unit: 'hộ' }),

  // DA3: production, forests, value chains.
  { code: 'DA3_FOREST_PROTECTED_HA', nameVi: 'Diện tích rừng được giao khoán bảo vệ', nameEn: 'Forest area contracted for protection', program: 'DA3.TDA1', valueType: 'number', aggregationType: 'sum', unit: 'ha', min: 0 },
  count({ code: 'DA3_VALUE_CHAIN_PROJECTS', nameVi: 'Số dự án, mô hình phát triển sản xuất theo chuỗi giá trị', nameEn: 'Value-chain projects and models', program: 'DA3.TDA2', unit: 'dự án' }),
  count({ code: 'DA3_VALUE_CHAIN_HH', nameVi: 'Số hộ tham gia dự án, mô hình chuỗi giá trị', nameEn: 'Households taking part in value-chain projects', program: 'DA3.TDA2', combo: 'ETHNIC', unit: 'hộ' }),

  // DA4: infrastructure.
  { code: 'DA4_ROAD_HARDENED_KM', nameVi: 'Chiều dài đường giao thông được cứng hóa', nameEn: 'Length of roads hardened', program: 'DA4.TDA1', valueType: 'number', aggregationType: 'sum', unit: 'km', min: 0 },
  count({ code: 'DA4_WORKS_COMPLETED', nameVi: 'Số công trình hạ tầng hoàn thành, đưa vào sử dụng', nameEn: 'Infrastructure works completed and in use', program: 'DA4.TDA1', unit: 'công trình' }),
  yesNo({ code: 'DA4_COMMUNE_PAVED_ROAD', nameVi: 'Xã có đường ô tô đến trung tâm xã được rải nhựa hoặc bê tông', nameEn: 'Commune with a paved or concrete road to its centre', program: 'DA4.TDA1' }),
  stock({ code: 'DA4_VILLAGE_HARDENED_ROAD', nameVi: 'Số thôn có đường ô tô đến trung tâm được cứng hóa', nameEn: 'Villages with a hardened road to the centre', program: 'DA4.TDA1', unit: 'thôn' }),
  stock({ code: 'DA4_VILLAGE_CULTURE_HOUSE', nameVi: 'Số thôn có nhà văn hóa (nhà sinh hoạt cộng đồng)', nameEn: 'Villages with a community house', program: 'DA4.TDA1', unit: 'thôn' }),

  // DA5: education and training.
  stock({ code: 'DA5_BOARDING_STUDENTS', nameVi: 'Số học sinh trường phổ thông dân tộc nội trú', nameEn: 'Students at ethnic boarding schools', program: 'DA5.TDA1', combo: 'ETHNIC_SEX', unit: 'học sinh' }),
  count({ code: 'DA5_LITERACY_LEARNERS', nameVi: 'Số người được học xóa mù chữ', nameEn: 'People in literacy classes', program: 'DA5.TDA1', combo: 'SEX', unit: 'người' }),
  stock({ code: 'CHILDREN_5Y', nameVi: 'Số trẻ em 5 tuổi', nameEn: 'Children aged 5', program: 'DA5', unit: 'trẻ' }),
  stock({ code: 'CHILDREN_5Y_PRESCHOOL', nameVi: 'Số trẻ em 5 tuổi đi học mẫu giáo', nameEn: 'Children aged 5 in preschool', program: 'DA5', unit: 'trẻ' }),
  stock({ code: 'PRIMARY_AGE', nameVi: 'Số trẻ em trong độ tuổi học tiểu học', nameEn: 'Children of primary-school age', program: 'DA5', unit: 'trẻ' }),
  stock({ code: 'PRIMARY_ENROLLED', nameVi: 'Số trẻ em trong độ tuổi đi học tiểu học', nameEn: 'Children of primary-school age enrolled', program: 'DA5', unit: 'trẻ' }),
  stock({ code: 'LOWER_SEC_AGE', nameVi: 'Số người trong độ tuổi học trung học cơ sở', nameEn: 'Young people of lower-secondary age', program: 'DA5', unit: 'người' }),
  stock({ code: 'LOWER_SEC_ENROLLED', nameVi: 'Số người trong độ tuổi đi học trung học cơ sở', nameEn: 'Young people of lower-secondary age enrolled', program: 'DA5', unit: 'người' }),
  stock({ code: 'UPPER_SEC_AGE', nameVi: 'Số người trong độ tuổi học trung học phổ thông', nameEn: 'Young people of upper-secondary age', program: 'DA5', unit: 'người' }),
  stock({ code: 'UPPER_SEC_ENROLLED', nameVi: 'Số người trong độ tuổi đi học trung học phổ thông', nameEn: 'Young people of upper-secondary age enrolled', program: 'DA5', unit: 'người' }),
  stock({ code: 'POP_15_PLUS', nameVi: 'Số người dân tộc thiểu số từ 15 tuổi trở lên', nameEn: 'Ethnic-minority people aged 15 and over', program: 'DA5.TDA1', unit: 'người' }),
  stock({ code: 'POP_15_LITERATE', nameVi: 'Số người dân tộc thiểu số từ 15 tuổi trở lên biết đọc, biết viết tiếng phổ thông', nameEn: 'Ethnic-minority people aged 15+ who read and write Vietnamese', program: 'DA5.TDA1', unit: 'người' }),
  count({ code: 'DA5_VOCATIONAL_TRAINED', nameVi: 'Số người được đào tạo nghề', nameEn: 'People given vocational training', program: 'DA5.TDA3', combo: 'ETHNIC_SEX', unit: 'người' }),
  stock({ code: 'WORKERS_DTTS', nameVi: 'Số lao động dân tộc thiểu số trong độ tuổi lao động', nameEn: 'Ethnic-minority people of working age', program: 'DA5.TDA3', unit: 'người' }),
  stock({ code: 'WORKERS_TRAINED', nameVi: 'Số lao động dân tộc thiểu số đã qua đào tạo nghề', nameEn: 'Ethnic-minority workers with vocational training', program: 'DA5.TDA3', unit: 'người' }),

  // DA6: culture and tourism.
  count({ code: 'DA6_CULTURAL_INSTITUTIONS', nameVi: 'Số thiết chế văn hóa, thể thao được hỗ trợ đầu tư', nameEn: 'Cultural and sports institutions supported', program: 'DA6', unit: 'thiết chế' }),
  count({ code: 'DA6_TOURISM_SITES', nameVi: 'Số điểm đến du lịch tiêu biểu vùng đồng bào dân tộc thiểu số được đầu tư', nameEn: 'Typical tourist destinations invested in', program: 'DA6', unit: 'điểm' }),

  // DA7: health and nutrition.
  stock({ code: 'DA7_PREGNANT', nameVi: 'Số phụ nữ mang thai', nameEn: 'Pregnant women', program: 'DA7', unit: 'người' }),
  stock({ code: 'DA7_ANC', nameVi: 'Số phụ nữ mang thai được khám thai định kỳ', nameEn: 'Pregnant women with regular antenatal care', program: 'DA7', unit: 'người' }),
  stock({ code: 'CHILDREN_U5', nameVi: 'Tổng số trẻ em dưới 5 tuổi', nameEn: 'Children under 5', program: 'DA7', combo: 'SEX', unit: 'trẻ' }),
  stock({ code: 'DA7_U5_UNDERWEIGHT', nameVi: 'Số trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân', nameEn: 'Underweight children under 5', program: 'DA7', combo: 'SEX', unit: 'trẻ' }),

  // DA8: gender equality.
  count({ code: 'DA8_WOMEN_COMMUNITY_GROUPS', nameVi: 'Số phụ nữ được tham gia sinh hoạt tại tổ truyền thông cộng đồng, câu lạc bộ', nameEn: 'Women taking part in community communication groups and clubs', program: 'DA8', unit: 'người' }),

  // DA9: very small groups; child and consanguineous marriage.
  count({ code: 'DA9_HH_LIVELIHOOD', nameVi: 'Số hộ dân tộc thiểu số rất ít người được hỗ trợ sinh kế', nameEn: 'Households of very small ethnic groups given livelihood support', program: 'DA9.TDA1', combo: 'ETHNIC', unit: 'hộ' }),
  count({ code: 'DA9_CHILD_MARRIAGE', nameVi: 'Số cặp tảo hôn', nameEn: 'Child marriages', program: 'DA9.TDA2', unit: 'cặp' }),
  count({ code: 'DA9_CONSANGUINEOUS_MARRIAGE', nameVi: 'Số cặp hôn nhân cận huyết thống', nameEn: 'Consanguineous marriages', program: 'DA9.TDA2', unit: 'cặp' }),

  // DA10: communication, inspection, M&E.
  count({ code: 'DA10_PRESTIGIOUS_SUPPORTED', nameVi: 'Số người có uy tín được hỗ trợ', nameEn: 'Prestigious people supported', program: 'DA10.TDA1', combo: 'SEX', unit: 'người' }),
  count({ code: 'DA10_OFFICIALS_TRAINED', nameVi: 'Số lượt cán bộ được tập huấn', nameEn: 'Officials trained (attendances)', program: 'DA10.TDA3', combo: 'SEX', unit: 'lượt người' }),
  count({ code: 'DA10_INSPECTIONS', nameVi: 'Số cuộc kiểm tra, giám sát', nameEn: 'Inspections and monitoring visits', program: 'DA10.TDA3', unit: 'cuộc' }),
];

export interface SeedIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  description?: string;
  numerator: string;
  numeratorDescription?: string;
  denominator: string;
  denominatorDescription?: string;
  factor: number;
  decimals: number;
  direction: 'higher' | 'lower';
  program?: string;
  unit: string;
  /** National target for 2025 (DOMAIN.md); absent where DOMAIN gives none. */
  target2025?: number;
  targetNote?: string;
}

const pct = (i: Omit<SeedIndicator, 'factor' | 'decimals' | 'unit'>): SeedIndicator => ({ factor: 100, decimals: 1, unit: '%', ...i });

export const INDICATORS: SeedIndicator[] = [
  {
    code: 'CS_THU_NHAP_DTTS',
    nameVi: 'Thu nhập bình quân đầu người của người dân tộc thiểu số so với năm 2020',
    nameEn: 'Per-capita income of ethnic-minority people as a share of 2020',
    description: 'Mục tiêu đến 2025: thu nhập bình quân của người dân tộc thiểu số tăng hơn 2 lần so với năm 2020 (chỉ số > 200%).',
    numerator: '#{INCOME_DTTS}',
    denominator: '#{INCOME_DTTS_2020}',
    factor: 100,
    decimals: 0,
    direction: 'higher',
    unit: '%',
    target2025: 200,
    targetNote: 'Tăng hơn 2 lần so với năm 2020',
  },
  pct({
    code: 'TL_HO_NGHEO_DTTS',
    nameVi: 'Tỷ lệ hộ nghèo dân tộc thiểu số',
    nameEn: 'Ethnic-minority household poverty rate',
    description: 'Mục tiêu của Chương trình là mức giảm mỗi năm (chỉ số GIAM_HO_NGHEO_DTTS), không phải một mức cố định.',
    numerator: '#{HH_POOR_DTTS}',
    denominator: '#{HH_DTTS}',
    direction: 'lower',
  }),
  {
    code: 'GIAM_HO_NGHEO_DTTS',
    nameVi: 'Mức giảm tỷ lệ hộ nghèo dân tộc thiểu số trong năm',
    nameEn: 'Annual fall in the ethnic-minority household poverty rate',
    description: 'Điểm phần trăm giảm trong năm, tính trên số hộ DTTS cuối kỳ. Mục tiêu: giảm trên 3 điểm phần trăm mỗi năm.',
    numerator: '#{HH_POOR_DTTS_START} - #{HH_POOR_DTTS}',
    numeratorDescription: 'Số hộ nghèo DTTS giảm trong năm',
    denominator: '#{HH_DTTS}',
    factor: 100,
    decimals: 2,
    direction: 'higher',
    unit: 'điểm %',
    target2025: 3,
    targetNote: 'Giảm trên 3 điểm % mỗi năm',
  },
  pct({ code: 'TL_TRE5_MAU_GIAO', nameVi: 'Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo', nameEn: 'Share of 5-year-olds in preschool', numerator: '#{CHILDREN_5Y_PRESCHOOL}', denominator: '#{CHILDREN_5Y}', direction: 'higher', program: 'DA5', target2025: 98, targetNote: 'Trên 98%' }),
  pct({ code: 'TL_KHAM_THAI', nameVi: 'Tỷ lệ phụ nữ mang thai được khám thai định kỳ', nameEn: 'Share of pregnant women with regular antenatal care', numerator: '#{DA7_ANC}', denominator: '#{DA7_PREGNANT}', direction: 'higher', program: 'DA7', target2025: 80, targetNote: 'Trên 80%' }),
  pct({ code: 'TL_BHYT', nameVi: 'Tỷ lệ người dân tộc thiểu số tham gia bảo hiểm y tế', nameEn: 'Health-insurance coverage of ethnic-minority people', numerator: '#{POP_HEALTH_INSURANCE}', denominator: '#{POP_DTTS}', direction: 'higher', program: 'DA7', target2025: 98, targetNote: '98%' }),
  pct({ code: 'TL_HO_DIEN_LUOI', nameVi: 'Tỷ lệ hộ sử dụng điện lưới quốc gia', nameEn: 'Share of households on the national grid', numerator: '#{HH_GRID}', denominator: '#{HH_TOTAL}', direction: 'higher', program: 'DA4', target2025: 99, targetNote: '99%' }),
  pct({ code: 'TL_XA_DUONG_NHUA', nameVi: 'Tỷ lệ xã có đường ô tô đến trung tâm xã được rải nhựa hoặc bê tông', nameEn: 'Share of communes with a paved road to the centre', numerator: '#{DA4_COMMUNE_PAVED_ROAD}', denominator: '#{COMMUNE_DTTS_MN}', direction: 'higher', program: 'DA4.TDA1', target2025: 100, targetNote: '100% (cần đối chiếu)' }),
  pct({ code: 'TL_THON_DUONG_CUNG', nameVi: 'Tỷ lệ thôn có đường ô tô đến trung tâm được cứng hóa', nameEn: 'Share of villages with a hardened road', numerator: '#{DA4_VILLAGE_HARDENED_ROAD}', denominator: '#{VILLAGE_TOTAL}', direction: 'higher', program: 'DA4.TDA1', target2025: 70, targetNote: '70% (cần đối chiếu)' }),
  pct({ code: 'TL_HO_NUOC_HVS', nameVi: 'Tỷ lệ hộ sử dụng nước sinh hoạt hợp vệ sinh', nameEn: 'Share of households using hygienic water', numerator: '#{HH_HYGIENIC_WATER}', denominator: '#{HH_TOTAL}', direction: 'higher', program: 'DA1.ND4', target2025: 90, targetNote: '90% (cần đối chiếu)' }),
  pct({ code: 'TL_DI_HOC_TIEU_HOC', nameVi: 'Tỷ lệ trẻ em trong độ tuổi đi học tiểu học', nameEn: 'Primary enrolment rate', numerator: '#{PRIMARY_ENROLLED}', denominator: '#{PRIMARY_AGE}', direction: 'higher', program: 'DA5', target2025: 97, targetNote: 'Trên 97% (cần đối chiếu)' }),
  pct({ code: 'TL_DI_HOC_THCS', nameVi: 'Tỷ lệ người trong độ tuổi đi học trung học cơ sở', nameEn: 'Lower-secondary enrolment rate', numerator: '#{LOWER_SEC_ENROLLED}', denominator: '#{LOWER_SEC_AGE}', direction: 'higher', program: 'DA5', target2025: 95, targetNote: 'Trên 95% (cần đối chiếu)' }),
  pct({ code: 'TL_DI_HOC_THPT', nameVi: 'Tỷ lệ người trong độ tuổi đi học trung học phổ thông', nameEn: 'Upper-secondary enrolment rate', numerator: '#{UPPER_SEC_ENROLLED}', denominator: '#{UPPER_SEC_AGE}', direction: 'higher', program: 'DA5', target2025: 60, targetNote: '60% (cần đối chiếu)' }),
  pct({ code: 'TL_BIET_CHU_15', nameVi: 'Tỷ lệ người dân tộc thiểu số từ 15 tuổi trở lên đọc thông, viết thạo tiếng phổ thông', nameEn: 'Literacy rate of ethnic-minority people aged 15+', numerator: '#{POP_15_LITERATE}', denominator: '#{POP_15_PLUS}', direction: 'higher', program: 'DA5.TDA1', target2025: 90, targetNote: 'Trên 90% (cần đối chiếu)' }),
  pct({ code: 'TL_TRE_SDD_NHE_CAN', nameVi: 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân', nameEn: 'Share of children under 5 who are underweight', numerator: '#{DA7_U5_UNDERWEIGHT}', denominator: '#{CHILDREN_U5}', direction: 'lower', program: 'DA7', target2025: 15, targetNote: 'Dưới 15% (cần đối chiếu)' }),
  pct({ code: 'TL_LAO_DONG_QUA_DAO_TAO', nameVi: 'Tỷ lệ lao động dân tộc thiểu số qua đào tạo nghề', nameEn: 'Share of ethnic-minority workers with vocational training', numerator: '#{WORKERS_TRAINED}', denominator: '#{WORKERS_DTTS}', direction: 'higher', program: 'DA5.TDA3', target2025: 50, targetNote: '50% (cần đối chiếu)' }),
  pct({ code: 'TL_THON_NHA_VAN_HOA', nameVi: 'Tỷ lệ thôn có nhà văn hóa (nhà sinh hoạt cộng đồng)', nameEn: 'Share of villages with a community house', numerator: '#{DA4_VILLAGE_CULTURE_HOUSE}', denominator: '#{VILLAGE_TOTAL}', direction: 'higher', program: 'DA4.TDA1', target2025: 80, targetNote: '80% (cần đối chiếu)' }),
  pct({ code: 'TL_XA_THOAT_DBKK', nameVi: 'Tỷ lệ xã thoát khỏi tình trạng đặc biệt khó khăn', nameEn: 'Share of extremely difficult communes that left the list', numerator: '#{COMMUNE_DBKK_EXITED}', denominator: '#{COMMUNE_DBKK}', direction: 'higher', target2025: 50, targetNote: '50% (cần đối chiếu)' }),
  pct({ code: 'TL_THON_THOAT_DBKK', nameVi: 'Tỷ lệ thôn thoát khỏi tình trạng đặc biệt khó khăn', nameEn: 'Share of extremely difficult villages that left the list', numerator: '#{VILLAGE_DBKK_EXITED}', denominator: '#{VILLAGE_DBKK}', direction: 'higher', target2025: 50, targetNote: '50% (cần đối chiếu)' }),
  pct({ code: 'TL_GIAI_NGAN_VON', nameVi: 'Tỷ lệ giải ngân vốn', nameEn: 'Capital disbursement rate', description: 'Theo dõi tiến độ; DOMAIN.md không nêu mục tiêu quốc gia.', numerator: '#{CAPITAL_DISBURSED}', denominator: '#{CAPITAL_ALLOCATED}', direction: 'higher' }),
];

export interface SeedRule {
  code: string;
  nameVi: string;
  nameEn: string;
  left: string;
  operator: '<=' | '<' | '==' | '!=' | '>=' | '>';
  right: string;
  importance: 'high' | 'medium' | 'low';
  messageVi: string;
  messageEn: string;
}

export const VALIDATION_RULES: SeedRule[] = [
  { code: 'HO_DTTS_LE_TONG_HO', nameVi: 'Số hộ DTTS không vượt tổng số hộ', nameEn: 'Ethnic-minority households ≤ all households', left: '#{HH_DTTS}', operator: '<=', right: '#{HH_TOTAL}', importance: 'high', messageVi: 'Số hộ dân tộc thiểu số lớn hơn tổng số hộ.', messageEn: 'Ethnic-minority households exceed all households.' },
  { code: 'HO_NGHEO_LE_HO_DTTS', nameVi: 'Số hộ nghèo DTTS không vượt số hộ DTTS', nameEn: 'Poor ethnic-minority households ≤ ethnic-minority households', left: '#{HH_POOR_DTTS}', operator: '<=', right: '#{HH_DTTS}', importance: 'high', messageVi: 'Số hộ nghèo dân tộc thiểu số lớn hơn tổng số hộ dân tộc thiểu số.', messageEn: 'Poor ethnic-minority households exceed ethnic-minority households.' },
  { code: 'HO_HO_TRO_NHA_LE_HO_NGHEO', nameVi: 'Số hộ được hỗ trợ nhà ở không vượt số hộ nghèo DTTS', nameEn: 'Households given housing ≤ poor ethnic-minority households', left: '#{DA1_HH_HOUSING_SUPPORTED}', operator: '<=', right: '#{HH_POOR_DTTS_START}', importance: 'medium', messageVi: 'Số hộ được hỗ trợ nhà ở lớn hơn số hộ nghèo dân tộc thiểu số đầu năm; kiểm tra lại.', messageEn: 'Households given housing exceed poor ethnic-minority households at the start of the year; check.' },
  { code: 'TRE_SDD_LE_TRE_U5', nameVi: 'Số trẻ suy dinh dưỡng không vượt số trẻ dưới 5 tuổi', nameEn: 'Underweight children ≤ children under 5', left: '#{DA7_U5_UNDERWEIGHT}', operator: '<=', right: '#{CHILDREN_U5}', importance: 'high', messageVi: 'Số trẻ dưới 5 tuổi suy dinh dưỡng thể nhẹ cân lớn hơn tổng số trẻ dưới 5 tuổi.', messageEn: 'Underweight children under 5 exceed all children under 5.' },
  { code: 'TRE_GAI_SDD_LE_TRE_GAI_U5', nameVi: 'Số trẻ gái suy dinh dưỡng không vượt số trẻ gái dưới 5 tuổi', nameEn: 'Underweight girls ≤ girls under 5', left: '#{DA7_U5_UNDERWEIGHT.NU}', operator: '<=', right: '#{CHILDREN_U5.NU}', importance: 'high', messageVi: 'Số trẻ gái dưới 5 tuổi suy dinh dưỡng lớn hơn số trẻ gái dưới 5 tuổi.', messageEn: 'Underweight girls under 5 exceed girls under 5.' },
  { code: 'TRE5_MG_LE_TRE5', nameVi: 'Số trẻ 5 tuổi đi mẫu giáo không vượt số trẻ 5 tuổi', nameEn: '5-year-olds in preschool ≤ 5-year-olds', left: '#{CHILDREN_5Y_PRESCHOOL}', operator: '<=', right: '#{CHILDREN_5Y}', importance: 'high', messageVi: 'Số trẻ 5 tuổi đi học mẫu giáo lớn hơn số trẻ 5 tuổi.', messageEn: '5-year-olds in preschool exceed 5-year-olds.' },
  { code: 'KHAM_THAI_LE_MANG_THAI', nameVi: 'Số phụ nữ được khám thai không vượt số phụ nữ mang thai', nameEn: 'Women with antenatal care ≤ pregnant women', left: '#{DA7_ANC}', operator: '<=', right: '#{DA7_PREGNANT}', importance: 'high', messageVi: 'Số phụ nữ mang thai được khám thai lớn hơn số phụ nữ mang thai.', messageEn: 'Women with antenatal care exceed pregnant women.' },
  { code: 'GIAI_NGAN_LE_VON_GIAO', nameVi: 'Vốn giải ngân không vượt vốn được giao', nameEn: 'Disbursed ≤ allocated capital', left: '#{CAPITAL_DISBURSED}', operator: '<=', right: '#{CAPITAL_ALLOCATED}', importance: 'medium', messageVi: 'Vốn đã giải ngân lớn hơn vốn được giao.', messageEn: 'Disbursed capital exceeds allocated capital.' },
];

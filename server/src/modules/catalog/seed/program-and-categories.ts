// Reference data: the structure of Program 1719 (Decision 1719/QĐ-TTg, 14/10/2021) and
// the disaggregation categories. Facts from /work/shared/docs/DOMAIN.md; where DOMAIN
// marks a fact "(verify)" the item's description says so, and administrators can change
// it (names, descriptions, new items) through the API.

export const VERIFY_NOTE = '(cần đối chiếu) Nội dung này cần đối chiếu với văn bản gốc của Chương trình.';

export interface SeedProgramItem {
  code: string;
  kind: 'project' | 'subproject' | 'content';
  parent?: string;
  nameVi: string;
  nameEn: string;
  description?: string;
}

/** 10 projects, 14 sub-projects, and the content items DOMAIN.md lists (those of DA1). */
export const PROGRAM_ITEMS: SeedProgramItem[] = [
  { code: 'DA1', kind: 'project', nameVi: 'Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản xuất, nước sinh hoạt', nameEn: 'Residential land, housing, production land and domestic water' },
  { code: 'DA1.ND1', kind: 'content', parent: 'DA1', nameVi: 'Hỗ trợ đất ở', nameEn: 'Residential land support', description: VERIFY_NOTE },
  { code: 'DA1.ND2', kind: 'content', parent: 'DA1', nameVi: 'Hỗ trợ nhà ở', nameEn: 'Housing support', description: VERIFY_NOTE },
  { code: 'DA1.ND3', kind: 'content', parent: 'DA1', nameVi: 'Hỗ trợ đất sản xuất, chuyển đổi nghề', nameEn: 'Production land and change of occupation', description: VERIFY_NOTE },
  { code: 'DA1.ND4', kind: 'content', parent: 'DA1', nameVi: 'Hỗ trợ nước sinh hoạt', nameEn: 'Domestic water support', description: VERIFY_NOTE },
  { code: 'DA2', kind: 'project', nameVi: 'Quy hoạch, sắp xếp, bố trí, ổn định dân cư ở những nơi cần thiết', nameEn: 'Planning, arranging and stabilising settlements' },
  { code: 'DA3', kind: 'project', nameVi: 'Phát triển sản xuất nông, lâm nghiệp bền vững, phát huy tiềm năng, thế mạnh của các vùng miền để sản xuất hàng hóa theo chuỗi giá trị', nameEn: 'Sustainable agriculture and forestry, value-chain production' },
  { code: 'DA3.TDA1', kind: 'subproject', parent: 'DA3', nameVi: 'Phát triển kinh tế nông, lâm nghiệp bền vững gắn với bảo vệ rừng và nâng cao thu nhập cho người dân', nameEn: 'Forest-linked sustainable livelihoods' },
  { code: 'DA3.TDA2', kind: 'subproject', parent: 'DA3', nameVi: 'Hỗ trợ phát triển sản xuất theo chuỗi giá trị, vùng trồng dược liệu quý, thúc đẩy khởi sự kinh doanh, khởi nghiệp và thu hút đầu tư', nameEn: 'Value chains, medicinal plants, start-ups and investment' },
  { code: 'DA3.TDA3', kind: 'subproject', parent: 'DA3', nameVi: 'Phát triển kinh tế - xã hội, mô hình bộ đội gắn với dân bản', nameEn: 'Army-with-villagers development model' },
  { code: 'DA4', kind: 'project', nameVi: 'Đầu tư cơ sở hạ tầng thiết yếu, phục vụ sản xuất, đời sống trong vùng đồng bào dân tộc thiểu số và miền núi và các đơn vị sự nghiệp công lập của lĩnh vực công tác dân tộc', nameEn: 'Essential infrastructure and public service units of ethnic affairs' },
  { code: 'DA4.TDA1', kind: 'subproject', parent: 'DA4', nameVi: 'Đầu tư cơ sở hạ tầng thiết yếu, phục vụ sản xuất, đời sống trong vùng đồng bào dân tộc thiểu số và miền núi', nameEn: 'Essential infrastructure for production and daily life' },
  { code: 'DA4.TDA2', kind: 'subproject', parent: 'DA4', nameVi: 'Đầu tư cơ sở vật chất các đơn vị sự nghiệp công lập của lĩnh vực công tác dân tộc', nameEn: 'Facilities of public service units of ethnic affairs' },
  { code: 'DA5', kind: 'project', nameVi: 'Phát triển giáo dục đào tạo nâng cao chất lượng nguồn nhân lực', nameEn: 'Education, training and human resources' },
  { code: 'DA5.TDA1', kind: 'subproject', parent: 'DA5', nameVi: 'Đổi mới hoạt động, củng cố phát triển các trường phổ thông dân tộc nội trú, bán trú và xóa mù chữ cho người dân vùng đồng bào dân tộc thiểu số', nameEn: 'Ethnic boarding schools and literacy' },
  { code: 'DA5.TDA2', kind: 'subproject', parent: 'DA5', nameVi: 'Bồi dưỡng kiến thức dân tộc; đào tạo dự bị đại học, đại học và sau đại học đáp ứng nhu cầu nhân lực cho vùng đồng bào dân tộc thiểu số và miền núi', nameEn: 'Ethnic knowledge, pre-university and university training', description: VERIFY_NOTE },
  { code: 'DA5.TDA3', kind: 'subproject', parent: 'DA5', nameVi: 'Phát triển giáo dục nghề nghiệp và giải quyết việc làm cho người lao động vùng dân tộc thiểu số và miền núi', nameEn: 'Vocational training and jobs' },
  { code: 'DA5.TDA4', kind: 'subproject', parent: 'DA5', nameVi: 'Đào tạo nâng cao năng lực cho cộng đồng và cán bộ triển khai Chương trình ở các cấp', nameEn: 'Capacity building for communities and program officials' },
  { code: 'DA6', kind: 'project', nameVi: 'Bảo tồn, phát huy giá trị văn hóa truyền thống tốt đẹp của các dân tộc thiểu số gắn với phát triển du lịch', nameEn: 'Preserving traditional culture, with tourism' },
  { code: 'DA7', kind: 'project', nameVi: 'Chăm sóc sức khỏe Nhân dân, nâng cao thể trạng, tầm vóc người dân tộc thiểu số; phòng chống suy dinh dưỡng trẻ em', nameEn: 'Health care and child nutrition' },
  { code: 'DA8', kind: 'project', nameVi: 'Thực hiện bình đẳng giới và giải quyết những vấn đề cấp thiết đối với phụ nữ và trẻ em', nameEn: 'Gender equality, women and children', description: VERIFY_NOTE },
  { code: 'DA9', kind: 'project', nameVi: 'Đầu tư phát triển nhóm dân tộc thiểu số rất ít người và nhóm dân tộc còn nhiều khó khăn', nameEn: 'Very small and most disadvantaged ethnic groups' },
  { code: 'DA9.TDA1', kind: 'subproject', parent: 'DA9', nameVi: 'Đầu tư tạo sinh kế, phát triển kinh tế nhóm dân tộc thiểu số rất ít người, nhóm dân tộc còn nhiều khó khăn', nameEn: 'Livelihoods of very small ethnic groups' },
  { code: 'DA9.TDA2', kind: 'subproject', parent: 'DA9', nameVi: 'Giảm thiểu tình trạng tảo hôn và hôn nhân cận huyết thống trong vùng đồng bào dân tộc thiểu số và miền núi', nameEn: 'Reducing child marriage and consanguineous marriage' },
  { code: 'DA10', kind: 'project', nameVi: 'Truyền thông, tuyên truyền, vận động trong vùng đồng bào dân tộc thiểu số và miền núi; kiểm tra, giám sát, đánh giá việc tổ chức thực hiện Chương trình', nameEn: 'Communication, IT, inspection, monitoring and evaluation' },
  { code: 'DA10.TDA1', kind: 'subproject', parent: 'DA10', nameVi: 'Biểu dương, tôn vinh điển hình tiên tiến, phát huy vai trò của người có uy tín; phổ biến, giáo dục pháp luật, trợ giúp pháp lý và tuyên truyền, vận động đồng bào; truyền thông phục vụ tổ chức triển khai thực hiện Chương trình', nameEn: 'Prestigious people, legal dissemination and communication' },
  { code: 'DA10.TDA2', kind: 'subproject', parent: 'DA10', nameVi: 'Ứng dụng công nghệ thông tin hỗ trợ phát triển kinh tế - xã hội và đảm bảo an ninh trật tự vùng đồng bào dân tộc thiểu số và miền núi', nameEn: 'Information technology support' },
  { code: 'DA10.TDA3', kind: 'subproject', parent: 'DA10', nameVi: 'Kiểm tra, giám sát, đánh giá, đào tạo, tập huấn tổ chức thực hiện Chương trình', nameEn: 'Inspection, monitoring, evaluation and training', description: VERIFY_NOTE },
];

export interface SeedCategory {
  code: string;
  nameVi: string;
  nameEn: string;
  description?: string;
  options: { code: string; nameVi: string; nameEn: string }[];
}

/**
 * The 54 ethnic groups with their GSO 2-digit codes (Decision 1019/QĐ-TCTK, 2008), in
 * the order DOMAIN.md gives. Codes 01–20 are as DOMAIN.md lists them; codes 21–54 follow
 * DOMAIN.md's order of names and NEED VERIFICATION against Decision 1019/QĐ-TCTK before
 * any exchange with GSO data relies on them (an administrator can rename options; codes
 * are fixed once data exists, so verify before go-live).
 */
export const ETHNIC_GROUPS: [code: string, nameVi: string, nameEn: string][] = [
  ['01', 'Kinh', 'Kinh'],
  ['02', 'Tày', 'Tay'],
  ['03', 'Thái', 'Thai'],
  ['04', 'Mường', 'Muong'],
  ['05', 'Khơ me', 'Khmer'],
  ['06', 'Hoa', 'Hoa'],
  ['07', 'Nùng', 'Nung'],
  ['08', "H'Mông", 'Hmong'],
  ['09', 'Dao', 'Dao'],
  ['10', 'Gia Rai', 'Gia Rai'],
  ['11', 'Ê Đê', 'E De'],
  ['12', 'Ba Na', 'Ba Na'],
  ['13', 'Sán Chay', 'San Chay'],
  ['14', 'Chăm', 'Cham'],
  ['15', 'Cơ Ho', 'Co Ho'],
  ['16', 'Xơ Đăng', 'Xo Dang'],
  ['17', 'Sán Dìu', 'San Diu'],
  ['18', 'Hrê', 'Hre'],
  ['19', 'Ra Glai', 'Ra Glai'],
  ['20', 'Mnông', 'Mnong'],
  // 21–54: DOMAIN.md's order, to be verified against Decision 1019/QĐ-TCTK.
  ['21', 'Thổ', 'Tho'],
  ['22', 'Xtiêng', 'Xtieng'],
  ['23', 'Khơ Mú', 'Kho Mu'],
  ['24', 'Bru-Vân Kiều', 'Bru-Van Kieu'],
  ['25', 'Cơ Tu', 'Co Tu'],
  ['26', 'Giáy', 'Giay'],
  ['27', 'Tà Ôi', 'Ta Oi'],
  ['28', 'Mạ', 'Ma'],
  ['29', 'Giẻ-Triêng', 'Gie-Trieng'],
  ['30', 'Co', 'Co'],
  ['31', 'Chơ Ro', 'Cho Ro'],
  ['32', 'Xinh Mun', 'Xinh Mun'],
  ['33', 'Hà Nhì', 'Ha Nhi'],
  ['34', 'Chu Ru', 'Chu Ru'],
  ['35', 'Lào', 'Lao'],
  ['36', 'La Chí', 'La Chi'],
  ['37', 'Kháng', 'Khang'],
  ['38', 'Phù Lá', 'Phu La'],
  ['39', 'La Hủ', 'La Hu'],
  ['40', 'La Ha', 'La Ha'],
  ['41', 'Pà Thẻn', 'Pa Then'],
  ['42', 'Lự', 'Lu'],
  ['43', 'Ngái', 'Ngai'],
  ['44', 'Chứt', 'Chut'],
  ['45', 'Lô Lô', 'Lo Lo'],
  ['46', 'Mảng', 'Mang'],
  ['47', 'Cơ Lao', 'Co Lao'],
  ['48', 'Bố Y', 'Bo Y'],
  ['49', 'Cống', 'Cong'],
  ['50', 'Si La', 'Si La'],
  ['51', 'Pu Péo', 'Pu Peo'],
  ['52', 'Rơ Măm', 'Ro Mam'],
  ['53', 'Brâu', 'Brau'],
  ['54', 'Ơ Đu', 'O Du'],
];

// Region (khu vực I/II/III, Decision 861/QĐ-TTg) is deliberately not a category: it is an
// attribute of the commune (org-unit attributes and groups), and disaggregating values
// by it would let a report contradict the unit's own classification.
export const CATEGORIES: SeedCategory[] = [
  {
    code: 'ETHNIC',
    nameVi: 'Dân tộc',
    nameEn: 'Ethnic group',
    description: 'Danh mục 54 dân tộc theo mã của Tổng cục Thống kê (Quyết định 1019/QĐ-TCTK). Mã 21–54 cần đối chiếu với văn bản gốc.',
    options: ETHNIC_GROUPS.map(([code, nameVi, nameEn]) => ({ code, nameVi, nameEn })),
  },
  {
    code: 'SEX',
    nameVi: 'Giới tính',
    nameEn: 'Sex',
    options: [
      { code: 'NAM', nameVi: 'Nam', nameEn: 'Male' },
      { code: 'NU', nameVi: 'Nữ', nameEn: 'Female' },
    ],
  },
  {
    code: 'AGE_GROUP',
    nameVi: 'Nhóm tuổi',
    nameEn: 'Age group',
    options: [
      { code: 'DUOI_6', nameVi: 'Dưới 6 tuổi', nameEn: 'Under 6' },
      { code: '6_15', nameVi: 'Từ 6 đến 15 tuổi', nameEn: '6 to 15' },
      { code: '16_60', nameVi: 'Từ 16 đến 60 tuổi', nameEn: '16 to 60' },
      { code: 'TREN_60', nameVi: 'Trên 60 tuổi', nameEn: 'Over 60' },
    ],
  },
  {
    code: 'AREA_TYPE',
    nameVi: 'Khu vực thành thị/nông thôn',
    nameEn: 'Urban/rural',
    options: [
      { code: 'THANH_THI', nameVi: 'Thành thị', nameEn: 'Urban' },
      { code: 'NONG_THON', nameVi: 'Nông thôn', nameEn: 'Rural' },
    ],
  },
];

export interface SeedCombo {
  code: string;
  nameVi: string;
  nameEn: string;
  categories: string[];
  isDefault?: boolean;
}

export const COMBOS: SeedCombo[] = [
  { code: 'DEFAULT', nameVi: 'Không phân tổ', nameEn: 'No disaggregation', categories: [], isDefault: true },
  { code: 'SEX', nameVi: 'Theo giới tính', nameEn: 'By sex', categories: ['SEX'] },
  { code: 'ETHNIC', nameVi: 'Theo dân tộc', nameEn: 'By ethnic group', categories: ['ETHNIC'] },
  { code: 'ETHNIC_SEX', nameVi: 'Theo dân tộc và giới tính', nameEn: 'By ethnic group and sex', categories: ['ETHNIC', 'SEX'] },
  { code: 'AGE_SEX', nameVi: 'Theo nhóm tuổi và giới tính', nameEn: 'By age group and sex', categories: ['AGE_GROUP', 'SEX'] },
];

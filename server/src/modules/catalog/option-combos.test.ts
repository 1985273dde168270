import { describe, expect, it } from 'vitest';
import { duplicateCodes, generateOptionCombos, planOptionCombos, retiredCode, type CategoryForCombo, type StoredOptionCombo } from './option-combos.ts';

const ethnic: CategoryForCombo = {
  code: 'ETHNIC',
  options: [
    { id: '1', code: '01', nameVi: 'Kinh', nameEn: 'Kinh' },
    { id: '8', code: '08', nameVi: "H'Mông", nameEn: 'Hmong' },
  ],
};
const sex: CategoryForCombo = {
  code: 'SEX',
  options: [
    { id: '101', code: 'NAM', nameVi: 'Nam', nameEn: 'Male' },
    { id: '102', code: 'NU', nameVi: 'Nữ', nameEn: null },
  ],
};

const stored = (g: ReturnType<typeof generateOptionCombos>, ids: string[]): StoredOptionCombo[] => g.map((x, i) => ({ ...x, id: ids[i], active: true }));

describe('generateOptionCombos', () => {
  it('builds the product in category order, with codes and names joined', () => {
    expect(generateOptionCombos([ethnic, sex])).toEqual([
      { optionIds: ['1', '101'], code: '01_NAM', nameVi: 'Kinh, Nam', nameEn: 'Kinh, Male', sortOrder: 0 },
      { optionIds: ['1', '102'], code: '01_NU', nameVi: 'Kinh, Nữ', nameEn: 'Kinh, Nữ', sortOrder: 1 },
      { optionIds: ['8', '101'], code: '08_NAM', nameVi: "H'Mông, Nam", nameEn: 'Hmong, Male', sortOrder: 2 },
      { optionIds: ['8', '102'], code: '08_NU', nameVi: "H'Mông, Nữ", nameEn: 'Hmong, Nữ', sortOrder: 3 },
    ]);
  });

  it('gives the default combination (no categories) its one DEFAULT row', () => {
    expect(generateOptionCombos([])).toEqual([{ optionIds: [], code: 'DEFAULT', nameVi: 'Mặc định', nameEn: 'Default', sortOrder: 0 }]);
  });

  it('has no rows when a category has no options', () => {
    expect(generateOptionCombos([ethnic, { code: 'EMPTY', options: [] }])).toEqual([]);
  });

  it('finds codes an underscore makes ambiguous', () => {
    const a: CategoryForCombo = { code: 'A', options: [{ id: '1', code: 'X_Y', nameVi: 'a', nameEn: null }, { id: '2', code: 'X', nameVi: 'b', nameEn: null }] };
    const b: CategoryForCombo = { code: 'B', options: [{ id: '3', code: 'Z', nameVi: 'c', nameEn: null }, { id: '4', code: 'Y_Z', nameVi: 'd', nameEn: null }] };
    expect(duplicateCodes(generateOptionCombos([a, b]))).toEqual(['X_Y_Z']);
    expect(duplicateCodes(generateOptionCombos([ethnic, sex]))).toEqual([]);
  });
});

describe('planOptionCombos', () => {
  it('changes nothing when the stored rows match', () => {
    const g = generateOptionCombos([ethnic, sex]);
    expect(planOptionCombos(g, stored(g, ['11', '12', '13', '14']))).toEqual({ insert: [], update: [], deactivate: [], rename: [] });
  });

  it('keeps ids when an option is added or renamed: new rows inserted, renamed rows updated in place', () => {
    const before = generateOptionCombos([ethnic, sex]);
    const rows = stored(before, ['11', '12', '13', '14']);
    const after = generateOptionCombos([ethnic, { ...sex, options: [sex.options[0], { ...sex.options[1], nameVi: 'Nữ giới' }, { id: '103', code: 'KHAC', nameVi: 'Khác', nameEn: 'Other' }] }]);
    const plan = planOptionCombos(after, rows);
    expect(plan.insert.map((r) => r.code)).toEqual(['01_KHAC', '08_KHAC']);
    expect(plan.update.map((r) => [r.id, r.code, r.nameVi])).toEqual([
      ['12', '01_NU', 'Kinh, Nữ giới'],
      ['13', '08_NAM', "H'Mông, Nam"],
      ['14', '08_NU', "H'Mông, Nữ giới"],
    ]);
    // 13 only moved in the display order.
    expect(plan.update.find((r) => r.id === '13')?.sortOrder).toBe(3);
    expect(plan.deactivate).toEqual([]);
  });

  it('retires rows whose options are gone, never deleting them, and reactivates them when they return', () => {
    const full = generateOptionCombos([ethnic, sex]);
    const rows = stored(full, ['11', '12', '13', '14']);
    const onlyKinh = generateOptionCombos([{ ...ethnic, options: [ethnic.options[0]] }, sex]);
    const plan = planOptionCombos(onlyKinh, rows);
    expect(plan.deactivate.map((r) => r.id)).toEqual(['13', '14']);
    expect(plan.insert).toEqual([]);
    const retired = rows.map((r) => (r.id === '13' || r.id === '14' ? { ...r, active: false } : r));
    const back = planOptionCombos(full, retired);
    expect(back.update.map((r) => r.id)).toEqual(['13', '14']);
    expect(back.insert).toEqual([]);
  });

  it('renames a retired row out of the way when a live row needs its code', () => {
    const retired: StoredOptionCombo = { id: '50', code: '01_NAM', nameVi: 'cũ', nameEn: null, optionIds: ['999', '101'], sortOrder: 0, active: false };
    const plan = planOptionCombos(generateOptionCombos([ethnic, sex]), [retired]);
    expect(plan.rename).toEqual([{ id: '50', code: retiredCode(retired) }]);
    expect(retiredCode(retired)).toBe('01_NAM_X50');
    expect(plan.insert).toHaveLength(4);
  });
});

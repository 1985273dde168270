// The demo data's numbers, pure and deterministic: a profile per commune (size, share of
// ethnic-minority households, the groups living there, poverty and coverage at the start
// and how fast they improve), and from it the value of every cell of the shipped forms
// for any period. Every random draw is a hash of (unit code, purpose, period), so the
// same database always gets the same numbers whatever order they are generated in.
import { foldVietnamese } from '@shared/text.ts';

// ---------------------------------------------------------------------------------
// Deterministic randomness

export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by the key (FNV-1a, then one mulberry32 round to mix). */
export function rand(key: string): number {
  let t = (hash32(key) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export const between = (key: string, lo: number, hi: number) => lo + rand(key) * (hi - lo);
/** Multiplicative noise around 1 (± spread). */
const jitter = (key: string, spread: number) => 1 + (rand(key) * 2 - 1) * spread;
const round1 = (x: number) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------------------------
// Where a commune is: the district it mostly came from before 1/7/2025

type GroupWeights = [name: string, weight: number][];
interface Area {
  /** Share of ethnic-minority households in a rural commune of the area. */
  share: [number, number];
  groups: GroupWeights;
}

const GIA_RAI: GroupWeights = [['Gia Rai', 10], ['Ba Na', 0.6], ['Tày', 0.25], ['Nùng', 0.3]];
const BA_NA_GL: GroupWeights = [['Ba Na', 10], ['Gia Rai', 1.2], ['Tày', 0.2]];
const KON_TUM_XD: GroupWeights = [['Xơ Đăng', 10], ['Giẻ-Triêng', 1.5], ['Ba Na', 0.5]];
const KON_TUM_BN: GroupWeights = [['Ba Na', 10], ['Xơ Đăng', 2], ['Gia Rai', 0.8]];
const HRE: GroupWeights = [['Hrê', 10], ['Co', 0.3], ['Xơ Đăng', 0.3]];

/** Old province code (pre-2025) → old district name (folded) → area; '*' is the province default. */
const AREAS: Record<string, Record<string, Area>> = {
  // Gia Lai before 2025: the Central Highlands, Gia Rai in the west and south, Ba Na in the east.
  '64': {
    '*': { share: [0.4, 0.92], groups: GIA_RAI },
    pleiku: { share: [0.08, 0.3], groups: [['Gia Rai', 6], ['Ba Na', 2], ['Tày', 0.5], ['Mường', 0.4]] },
    'an khe': { share: [0.06, 0.25], groups: BA_NA_GL },
    'ayun pa': { share: [0.3, 0.6], groups: GIA_RAI },
    kbang: { share: [0.45, 0.85], groups: BA_NA_GL },
    'kong chro': { share: [0.65, 0.95], groups: BA_NA_GL },
    'mang yang': { share: [0.5, 0.9], groups: BA_NA_GL },
    'dak doa': { share: [0.45, 0.85], groups: BA_NA_GL },
    'dak po': { share: [0.35, 0.75], groups: BA_NA_GL },
  },
  // Kon Tum before 2025 (now Quảng Ngãi): Xơ Đăng, Ba Na, Giẻ-Triêng, and the very small Brâu and Rơ Măm.
  '62': {
    '*': { share: [0.5, 0.96], groups: KON_TUM_XD },
    'kon tum': { share: [0.15, 0.45], groups: KON_TUM_BN },
    'kon ray': { share: [0.5, 0.85], groups: KON_TUM_BN },
    'dak ha': { share: [0.35, 0.7], groups: KON_TUM_BN },
    'sa thay': { share: [0.4, 0.8], groups: [['Gia Rai', 6], ['Ba Na', 3], ['Rơ Măm', 0.6]] },
    "ia h' drai": { share: [0.2, 0.45], groups: [['Gia Rai', 5], ['Ba Na', 2], ['Tày', 1]] },
    'ngoc hoi': { share: [0.4, 0.75], groups: [['Giẻ-Triêng', 8], ['Xơ Đăng', 2], ['Brâu', 0.8]] },
    'dak glei': { share: [0.75, 0.97], groups: [['Giẻ-Triêng', 10], ['Xơ Đăng', 4]] },
  },
  // Bình Định before 2025 (now Gia Lai): a Kinh coast, Ba Na, Hrê and Chăm in the western mountains.
  '52': {
    '*': { share: [0.001, 0.012], groups: [['Ba Na', 5], ['Chăm', 2], ['Tày', 1]] },
    'an lao': { share: [0.55, 0.9], groups: [['Hrê', 8], ['Ba Na', 3]] },
    'vinh thanh': { share: [0.5, 0.85], groups: [['Ba Na', 10], ['Hrê', 0.5]] },
    'van canh': { share: [0.5, 0.85], groups: [['Chăm', 7], ['Ba Na', 5]] },
    'hoai an': { share: [0.02, 0.12], groups: [['Ba Na', 6], ['Hrê', 4]] },
    'tay son': { share: [0.02, 0.1], groups: [['Ba Na', 10], ['Chăm', 1]] },
  },
  // Quảng Ngãi before 2025: a Kinh coast, Hrê, Co and Ca Dong (Xơ Đăng) in the western mountains.
  '51': {
    '*': { share: [0.002, 0.02], groups: [['Hrê', 6], ['Co', 2], ['Tày', 0.5]] },
    'ba to': { share: [0.6, 0.95], groups: HRE },
    'minh long': { share: [0.65, 0.95], groups: HRE },
    'son ha': { share: [0.7, 0.96], groups: HRE },
    'son tay': { share: [0.8, 0.97], groups: [['Xơ Đăng', 10], ['Hrê', 1.5]] },
    'tra bong': { share: [0.5, 0.9], groups: [['Co', 9], ['Hrê', 2], ['Xơ Đăng', 0.5]] },
  },
};

export interface CommuneInput {
  code: string;
  name: string;
  /** 'xa', 'phuong', 'dac-khu'. */
  type: string;
  provinceCode: string;
  oldProvinceCode: string | null;
  oldDistrict: string | null;
}

export interface CommuneProfile {
  code: string;
  name: string;
  provinceCode: string;
  /** Households at the end of 2021 and yearly growth. */
  households0: number;
  growth: number;
  share: number;
  /** Ethnic groups (names as in the catalogue) with their share of the minority population, summing to 1. */
  groups: [string, number][];
  hhSize: number;
  maleShare: number;
  /** Poverty rate of minority households at the end of 2021 and the yearly fall (percentage points / 100). */
  poor0: number;
  poorDrop: number;
  preschool0: number;
  preschoolGain: number;
  anc0: number;
  ancGain: number;
  underweight0: number;
  underweightDrop: number;
  capitalPerYear: number;
  disburseSkill: number;
  /** An officer who leaves zero cells blank now and then. */
  sloppy: boolean;
  /** Usually late with the report. */
  chronicLate: boolean;
}

export function communeProfile(c: CommuneInput): CommuneProfile {
  const k = (what: string) => `${c.code}:${what}`;
  const byProvince = AREAS[c.oldProvinceCode ?? ''] ?? AREAS[c.provinceCode === '52' ? '64' : '51'];
  const area = byProvince[foldVietnamese(c.oldDistrict ?? '')] ?? byProvince['*'];
  const ward = c.type !== 'xa';
  let share = between(k('share'), area.share[0], area.share[1]);
  if (ward) share *= 0.35;
  // Group weights: the area's, shaken per commune; groups that come out tiny are dropped.
  const shaken = area.groups.map(([name, w], i) => [name, w * between(k(`g${i}`), 0.3, 1.7)] as [string, number]);
  const total = shaken.reduce((s, [, w]) => s + w, 0);
  let groups = shaken.map(([n, w]) => [n, w / total] as [string, number]).filter(([, w]) => w >= 0.04);
  const kept = groups.reduce((s, [, w]) => s + w, 0);
  groups = groups.map(([n, w]) => [n, w / kept]);
  const highland = share > 0.3;
  const slow = rand(k('slow')) < 0.25;
  const households0 = Math.round(ward ? between(k('hh'), 5500, 14000) : between(k('hh'), 2600, 8200));
  const poor0 = highland ? between(k('poor0'), 0.24, 0.58) : between(k('poor0'), 0.06, 0.24);
  return {
    code: c.code,
    name: c.name,
    provinceCode: c.provinceCode,
    households0,
    growth: between(k('growth'), 0.006, 0.02),
    share,
    groups,
    hhSize: between(k('hhsize'), 4.2, 5.3),
    maleShare: between(k('male'), 0.49, 0.507),
    poor0,
    poorDrop: slow ? between(k('drop'), 0.011, 0.026) : highland ? between(k('drop'), 0.033, 0.068) : between(k('drop'), 0.02, 0.04),
    preschool0: rand(k('preLag')) < 0.3 ? between(k('pre0'), 0.88, 0.94) : between(k('pre0'), 0.935, 0.985),
    preschoolGain: between(k('preGain'), 0.002, 0.014),
    anc0: rand(k('ancLag')) < 0.25 ? between(k('anc0'), 0.55, 0.66) : between(k('anc0'), 0.66, 0.9),
    ancGain: between(k('ancGain'), 0.01, 0.035),
    underweight0: highland ? between(k('uw0'), 0.15, 0.27) : between(k('uw0'), 0.06, 0.12),
    underweightDrop: between(k('uwDrop'), 0.004, 0.016),
    capitalPerYear: 0,
    disburseSkill: between(k('skill'), 0.62, 1.05),
    sloppy: rand(k('sloppy')) < 0.2,
    chronicLate: rand(k('chronic')) < 0.05,
  };
}

// ---------------------------------------------------------------------------------
// Time

/** Quarters counted from 2022Q1 = 0. */
export function quarterIndex(period: string): number {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) throw new Error(`not a quarter: ${period}`);
  return (Number(m[1]) - 2022) * 4 + Number(m[2]) - 1;
}

/** How busy the program was: phase I slow to start in 2022, peak 2024–2025, phase II starting in 2026. */
const INTENSITY: Record<number, number> = { 2021: 0.3, 2022: 0.45, 2023: 1, 2024: 1.3, 2025: 1.2, 2026: 0.65, 2027: 0.9 };
const intensity = (year: number) => INTENSITY[year] ?? 1;
const SEASON = [0.55, 0.9, 1.1, 1.45];
/** Of each year's fall in poverty, the share seen by the end of each quarter (the yearly review lands in Q4). */
const POOR_PROGRESS = [0.06, 0.14, 0.24, 1];

/** End-of-year poverty rate of minority households (year 2021 = the phase baseline). */
export function poorRateAtYearEnd(p: CommuneProfile, year: number): number {
  const floor = p.poor0 > 0.2 ? 0.05 : 0.02;
  let r = p.poor0;
  for (let y = 2022; y <= year; y++) r = Math.max(floor, r - p.poorDrop * jitter(`${p.code}:dropY${y}`, 0.3));
  return r;
}

export interface CommuneStock {
  households: number;
  dtts: number;
  poor: number;
  population: number;
  dttsPopulation: number;
}

/** Households, minority households and poor minority households at the end of quarter t. */
export function communeStock(p: CommuneProfile, t: number): CommuneStock {
  const year = 2022 + Math.floor(t / 4);
  const q = t - (year - 2022) * 4;
  const x = (t + 1) / 4;
  const households = Math.round(p.households0 * Math.pow(1 + p.growth, x));
  const dtts = Math.min(households, Math.max(1, Math.round(households * p.share * (1 + 0.003 * x))));
  const before = poorRateAtYearEnd(p, year - 1);
  const after = poorRateAtYearEnd(p, year);
  const rate = before - (before - after) * POOR_PROGRESS[q];
  const poor = Math.min(dtts, Math.round(dtts * rate));
  const dttsPopulation = Math.round(dtts * p.hhSize);
  const population = dttsPopulation + Math.round((households - dtts) * 3.7);
  return { households, dtts, poor, population, dttsPopulation };
}

/** Splits a whole number by weights so the parts add up exactly (largest remainders). */
export function splitByWeights(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0) || 1;
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let left = total - parts.reduce((s, v) => s + v, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]++;
    left--;
  }
  return parts;
}

// ---------------------------------------------------------------------------------
// Cells

/** One cell: the element code, its options by category code ({} for the default combination), the value. */
export interface Cell {
  element: string;
  options: Record<string, string>;
  value: number;
}

/** Ethnic-group option codes by catalogue name; groups the catalogue lacks are skipped. */
export type EthnicCodes = (name: string) => string | undefined;

function ethnicCells(element: string, groups: [string, number][], total: number, codes: EthnicCodes): Cell[] {
  const present = groups.filter(([n]) => codes(n) !== undefined);
  const parts = splitByWeights(total, present.map(([, w]) => w));
  return present.map(([n], i) => ({ element, options: { ETHNIC: codes(n)! }, value: parts[i] }));
}

function ethnicSexCells(element: string, groups: [string, number][], total: number, male: number, codes: EthnicCodes): Cell[] {
  const present = groups.filter(([n]) => codes(n) !== undefined);
  const parts = splitByWeights(total, present.map(([, w]) => w));
  return present.flatMap(([n], i) => {
    const m = Math.round(parts[i] * male);
    return [
      { element, options: { ETHNIC: codes(n)!, SEX: 'NAM' }, value: m },
      { element, options: { ETHNIC: codes(n)!, SEX: 'NU' }, value: parts[i] - m },
    ];
  });
}

const sexCells = (element: string, total: number, male: number): Cell[] => {
  const m = Math.round(total * male);
  return [
    { element, options: { SEX: 'NAM' }, value: m },
    { element, options: { SEX: 'NU' }, value: total - m },
  ];
};

const one = (element: string, value: number): Cell => ({ element, options: {}, value });

/** Capital allocated to the commune in a year (million VND): by poor and minority households. */
function communeCapitalYear(p: CommuneProfile, year: number): number {
  const s = communeStock(p, Math.max(0, (year - 2022) * 4 + 3));
  const base = Math.max(60, s.poor * 2.1 + s.dtts * 0.32);
  return base * intensity(year) * jitter(`${p.code}:capY${year}`, 0.25);
}

const CAPITAL_SPLIT = [0.34, 0.3, 0.2, 0.16];
const DISBURSE_SHARE = [0.24, 0.48, 0.68, 0.9];

/** The values of the quarterly commune form (BM01_XA_QUY) for quarter t. */
export function communeQuarterCells(p: CommuneProfile, period: string, codes: EthnicCodes): Cell[] {
  const t = quarterIndex(period);
  const year = 2022 + Math.floor(t / 4);
  const q = t % 4;
  const x = (t + 1) / 4;
  const k = (what: string) => `${p.code}:${period}:${what}`;
  const s = communeStock(p, t);
  // Poor households at the end of the previous year (t = -1 is the 2021 baseline).
  const prevYearPoor = communeStock(p, (year - 2022) * 4 - 1).poor;
  const cells: Cell[] = [one('HH_TOTAL', s.households), one('HH_DTTS', s.dtts), one('HH_POOR_DTTS', s.poor)];
  cells.push(...ethnicSexCells('POP_DTTS', p.groups, s.dttsPopulation, p.maleShare, codes));

  // Project 1: flows in the quarter, driven by the number of poor households.
  const drive = prevYearPoor * intensity(year) * SEASON[q];
  const flow = (what: string, rate: number) => Math.max(0, Math.round(drive * rate * jitter(k(what), 0.6)));
  cells.push(one('DA1_HH_LAND_SUPPORTED', flow('land', 0.0035)));
  const housing = Math.min(prevYearPoor, flow('housing', 0.011));
  cells.push(...ethnicCells('DA1_HH_HOUSING_SUPPORTED', p.groups, housing, codes));
  cells.push(one('DA1_HH_PRODLAND_SUPPORTED', flow('prodland', 0.005)));
  cells.push(one('DA1_HH_WATER_DISPERSED', flow('water', 0.016)));
  cells.push(one('DA1_WATER_WORKS', rand(k('works')) < Math.min(0.6, 0.12 * intensity(year) * SEASON[q] * (p.share > 0.3 ? 1.5 : 0.4)) ? (rand(k('works2')) < 0.2 ? 2 : 1) : 0));

  // Education and health: stocks that change slowly, rates that improve.
  const c5 = Math.max(1, Math.round(s.population * (0.015 + 0.005 * p.share) * jitter(`${p.code}:${year}:c5`, 0.05)));
  const preschoolRate = Math.min(1, p.preschool0 + p.preschoolGain * x + (rand(k('pre')) - 0.5) * 0.008);
  cells.push(one('CHILDREN_5Y', c5), one('CHILDREN_5Y_PRESCHOOL', Math.min(c5, Math.round(c5 * preschoolRate))));
  const pregnant = Math.max(1, Math.round(s.population * 0.0085 * jitter(k('preg'), 0.12)));
  const ancRate = Math.min(0.99, p.anc0 + p.ancGain * x + (rand(k('anc')) - 0.5) * 0.03);
  cells.push(one('DA7_PREGNANT', pregnant), one('DA7_ANC', Math.min(pregnant, Math.round(pregnant * ancRate))));
  const u5 = Math.round(s.population * (0.068 + 0.025 * p.share) * (1 - 0.006 * x));
  const u5Male = 0.505 + (p.maleShare - 0.5);
  const under5 = sexCells('CHILDREN_U5', u5, u5Male);
  cells.push(...under5);
  const uwRate = Math.max(0.035, p.underweight0 - p.underweightDrop * x + (rand(k('uw')) - 0.5) * 0.01);
  const uwBoys = Math.min(under5[0].value, Math.round(under5[0].value * uwRate * 1.06));
  const uwGirls = Math.min(under5[1].value, Math.round(under5[1].value * uwRate * 0.94));
  cells.push({ element: 'DA7_U5_UNDERWEIGHT', options: { SEX: 'NAM' }, value: uwBoys }, { element: 'DA7_U5_UNDERWEIGHT', options: { SEX: 'NU' }, value: uwGirls });

  // Capital: allocated through the year, disbursed more and more towards its end.
  const allocated = round1(communeCapitalYear(p, year) * CAPITAL_SPLIT[q] * jitter(k('alloc'), 0.15));
  const disburseRate = Math.min(1, DISBURSE_SHARE[q] * p.disburseSkill * (year === 2022 ? 0.7 : 1) * jitter(k('disb'), 0.12));
  cells.push(one('CAPITAL_ALLOCATED', allocated), one('CAPITAL_DISBURSED', Math.min(allocated, round1(allocated * disburseRate))));

  // Blank optional cells: officers who leave zeros out, communes with hardly any minority household.
  const optional = new Set(['DA1_HH_LAND_SUPPORTED', 'DA1_HH_PRODLAND_SUPPORTED', 'DA1_HH_WATER_DISPERSED', 'DA1_WATER_WORKS']);
  return cells.filter((c) => {
    if (!optional.has(c.element) || c.value !== 0) return true;
    if (p.share < 0.03) return rand(k(`blank:${c.element}`)) > 0.5;
    return !(p.sloppy && rand(k(`blank:${c.element}`)) < 0.35);
  });
}

// ---------------------------------------------------------------------------------
// Provinces

export interface ProvinceTotals {
  households: number;
  dtts: number;
  poor: number;
  poorStart: number;
  population: number;
  dttsPopulation: number;
  /** Minority population by group name. */
  groups: [string, number][];
  communeCapital: number;
  communes: number;
}

interface ProvinceParams {
  income2022: number;
  incomeGrowth: number;
  villages: number;
  villagesDbkk: number;
  exitedByYear: Record<number, number>;
  hardenedRoad: [number, number];
  cultureHouse: [number, number];
  grid: [number, number];
  water: [number, number];
  literacy: [number, number];
  trained: [number, number];
  insurance: Record<number, number>;
  forestHa: number;
  verySmallGroups: string[];
}

const PROVINCES: Record<string, ProvinceParams> = {
  '52': {
    income2022: 31.4,
    incomeGrowth: 0.118,
    villages: 3318,
    villagesDbkk: 612,
    exitedByYear: { 2022: 0.04, 2023: 0.17, 2024: 0.33, 2025: 0.52 },
    hardenedRoad: [0.61, 0.74],
    cultureHouse: [0.78, 0.88],
    grid: [0.975, 0.993],
    water: [0.86, 0.92],
    literacy: [0.87, 0.915],
    trained: [0.27, 0.39],
    insurance: { 2022: 0.962, 2023: 0.958, 2024: 0.931, 2025: 0.944 },
    forestHa: 58_400,
    verySmallGroups: [],
  },
  '51': {
    income2022: 27.2,
    incomeGrowth: 0.105,
    villages: 2047,
    villagesDbkk: 701,
    exitedByYear: { 2022: 0.03, 2023: 0.12, 2024: 0.26, 2025: 0.43 },
    hardenedRoad: [0.55, 0.67],
    cultureHouse: [0.74, 0.83],
    grid: [0.968, 0.986],
    water: [0.82, 0.887],
    literacy: [0.84, 0.893],
    trained: [0.24, 0.35],
    insurance: { 2022: 0.971, 2023: 0.966, 2024: 0.927, 2025: 0.936 },
    forestHa: 71_900,
    verySmallGroups: ['Brâu', 'Rơ Măm', 'Giẻ-Triêng', 'Co', 'Xơ Đăng'],
  },
};

const along = ([a, b]: [number, number], year: number) => a + ((b - a) * Math.min(3, Math.max(0, year - 2022))) / 3;

/** The annual provincial report (BM03_TINH_NAM) for a year. */
export function provinceYearCells(provinceCode: string, year: number, totals: ProvinceTotals): Cell[] {
  const pp = PROVINCES[provinceCode] ?? PROVINCES['52'];
  const k = (what: string) => `${provinceCode}:${year}:${what}`;
  const n = (x: number) => Math.round(x);
  const rate = (range: [number, number], what: string) => Math.min(1, along(range, year) + (rand(k(what)) - 0.5) * 0.006);
  const cells: Cell[] = [
    one('HH_TOTAL', totals.households),
    one('HH_DTTS', totals.dtts),
    one('HH_POOR_DTTS_START', totals.poorStart),
    one('HH_POOR_DTTS', totals.poor),
    one('INCOME_DTTS', round1(pp.income2022 * Math.pow(1 + pp.incomeGrowth, year - 2022))),
    one('VILLAGE_TOTAL', pp.villages),
    one('VILLAGE_DBKK', pp.villagesDbkk),
    one('VILLAGE_DBKK_EXITED', n(pp.villagesDbkk * (pp.exitedByYear[year] ?? 0.5))),
    one('DA4_VILLAGE_HARDENED_ROAD', n(pp.villages * rate(pp.hardenedRoad, 'road'))),
    one('DA4_VILLAGE_CULTURE_HOUSE', n(pp.villages * rate(pp.cultureHouse, 'culture'))),
    one('HH_GRID', n(totals.households * rate(pp.grid, 'grid'))),
    one('HH_HYGIENIC_WATER', n(totals.households * rate(pp.water, 'water'))),
  ];
  const pop = totals.population;
  const enrol = (age: number, r: [number, number], what: string) => {
    const a = n(pop * age);
    return [a, Math.min(a, n(a * rate(r, what)))];
  };
  const [pa, pe] = enrol(0.074, [0.985, 0.993], 'primary');
  const [la, le] = enrol(0.056, [0.925, 0.956], 'lower');
  const [ua, ue] = enrol(0.051, [0.52, 0.605], 'upper');
  cells.push(one('PRIMARY_AGE', pa), one('PRIMARY_ENROLLED', pe), one('LOWER_SEC_AGE', la), one('LOWER_SEC_ENROLLED', le), one('UPPER_SEC_AGE', ua), one('UPPER_SEC_ENROLLED', ue));
  const p15 = n(totals.dttsPopulation * 0.66);
  const workers = n(totals.dttsPopulation * 0.58);
  cells.push(
    one('POP_15_PLUS', p15),
    one('POP_15_LITERATE', n(p15 * rate(pp.literacy, 'literacy'))),
    one('WORKERS_DTTS', workers),
    one('WORKERS_TRAINED', n(workers * rate(pp.trained, 'trained'))),
    one('POP_HEALTH_INSURANCE', n(totals.dttsPopulation * (pp.insurance[year] ?? 0.95))),
  );
  return cells;
}

/** The six-month provincial evaluation (BM02_TINH_6T) for a half year. */
export function provinceHalfCells(provinceCode: string, period: string, totals: ProvinceTotals, codes: EthnicCodes): Cell[] {
  const pp = PROVINCES[provinceCode] ?? PROVINCES['52'];
  const year = Number(period.slice(0, 4));
  const half = period.endsWith('S1') ? 0 : 1;
  const k = (what: string) => `${provinceCode}:${period}:${what}`;
  const scale = intensity(year) * (half === 0 ? 0.8 : 1.2);
  const flow = (what: string, base: number) => Math.max(0, Math.round(base * scale * jitter(k(what), 0.25)));
  const mainGroups = totals.groups.filter(([, w]) => w >= 0.03);
  const dtShare = totals.dttsPopulation / Math.max(1, totals.population);
  const cells: Cell[] = [
    one('DA2_HH_RESETTLED', flow('resettled', 160)),
    one('DA3_FOREST_PROTECTED_HA', round1(pp.forestHa * (1 + 0.04 * (year - 2022)) * jitter(k('forest'), 0.03))),
    one('DA3_VALUE_CHAIN_PROJECTS', flow('vcp', 14)),
    ...ethnicCells('DA3_VALUE_CHAIN_HH', [...mainGroups, ['Kinh', 0.15 * mainGroups.reduce((s, [, w]) => s + w, 0)]], flow('vch', 1300), codes),
    one('DA4_ROAD_HARDENED_KM', round1(48 * scale * jitter(k('road'), 0.3))),
    one('DA4_WORKS_COMPLETED', flow('works', 150)),
    ...ethnicSexCells('DA5_VOCATIONAL_TRAINED', mainGroups, flow('voc', 1900), 0.56, codes),
    one('DA6_CULTURAL_INSTITUTIONS', flow('culture', 16)),
    one('DA6_TOURISM_SITES', flow('tourism', 1.4)),
    one('DA8_WOMEN_COMMUNITY_GROUPS', flow('women', 3200)),
  ];
  if (pp.verySmallGroups.length > 0) {
    cells.push(...ethnicCells('DA9_HH_LIVELIHOOD', pp.verySmallGroups.map((g, i) => [g, 1 / (i + 1.5)] as [string, number]), flow('da9', 380), codes));
  }
  const prestigious = Math.round(totals.communes * 6.5 * dtShare * 2 * jitter(k('prest'), 0.05));
  cells.push(
    ...sexCells('DA10_PRESTIGIOUS_SUPPORTED', prestigious, 0.86),
    ...sexCells('DA10_OFFICIALS_TRAINED', flow('officials', 2100), 0.58),
    one('DA10_INSPECTIONS', flow('inspections', 18)),
  );
  // The province's own allocation dwarfs what its communes manage.
  const allocated = round1(totals.communeCapital * between(k('capMul'), 2.6, 3.4));
  const disbursed = round1(allocated * Math.min(1, (half === 0 ? 0.31 : 0.74) * (year === 2022 ? 0.75 : 1) * jitter(k('disb'), 0.1)));
  cells.push(one('CAPITAL_ALLOCATED', allocated), one('CAPITAL_DISBURSED', Math.min(allocated, disbursed)));
  return cells;
}

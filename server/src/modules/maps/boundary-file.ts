// Reading an uploaded boundary file (GeoJSON), pure: everything that can be wrong with
// the file itself is found and reported at once — not a FeatureCollection, a CRS other
// than WGS84, coordinates that are not longitude/latitude, features without a unit code,
// geometries that are not (Multi)Polygons, empty or self-intersecting — so that an
// administrator fixes the file in one round. Unit codes are checked against the
// database by the import command.
import type { Position } from 'geojson';
import type { ErrorCode } from '@shared/errors.ts';
import type { BoundaryProblemCode } from '@shared/schemas/maps.ts';
import { cleanPolygons, dedupePolygons, findSelfIntersection, type Polygons } from './geometry.ts';

export interface BoundaryProblem {
  file: string;
  /** 1-based position of the feature in the file; absent for the whole file. */
  feature?: number;
  unitCode?: string;
  code: BoundaryProblemCode & ErrorCode;
  params: Record<string, string | number>;
}

export interface ParsedBoundary {
  file: string;
  feature: number;
  unitCode: string;
  polygons: Polygons;
}

/** WGS84 longitude/latitude under its usual names (RFC 7946 allows only this; older files name it). */
const WGS84_NAMES = new Set([
  'urn:ogc:def:crs:ogc:1.3:crs84',
  'urn:ogc:def:crs:ogc::crs84',
  'crs84',
  'epsg:4326',
  'urn:ogc:def:crs:epsg::4326',
  'urn:ogc:def:crs:epsg:6.6:4326',
  'http://www.opengis.net/def/crs/ogc/1.3/crs84',
  'http://www.opengis.net/def/crs/epsg/0/4326',
]);

/** Vietnam with its seas, generously: a file outside it has swapped or projected coordinates. */
const VIETNAM_EXTENT = { minLon: 100, maxLon: 120, minLat: 5, maxLat: 25 };

/** Properties that carry the GSO unit code in the files we have seen; the feature id first. */
const CODE_PROPERTIES = ['code', 'ma', 'maDonVi', 'ma_dvhc', 'maDVHC', 'gsoCode', 'unitCode'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unitCodeOf(feature: Record<string, unknown>): string | null {
  const props = isObject(feature.properties) ? feature.properties : {};
  for (const v of [feature.id, ...CODE_PROPERTIES.map((k) => props[k])]) {
    if (typeof v === 'number' && Number.isInteger(v)) return String(v);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

function isPosition(v: unknown): v is Position {
  return Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number' && Number.isFinite(v[0]) && Number.isFinite(v[1]);
}

/** The polygons, or why they are not polygons. */
function readPolygons(geometry: Record<string, unknown>): Polygons | 'malformed' {
  const raw = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (!Array.isArray(raw)) return 'malformed';
  const polys: Polygons = [];
  for (const poly of raw) {
    if (!Array.isArray(poly)) return 'malformed';
    const rings: Position[][] = [];
    for (const ring of poly) {
      if (!Array.isArray(ring) || !ring.every(isPosition)) return 'malformed';
      const r = ring as Position[];
      if (r.length > 0) {
        const a = r[0]!;
        const b = r[r.length - 1]!;
        if (r.length < 4 || a[0] !== b[0] || a[1] !== b[1]) return 'malformed';
      }
      rings.push(r);
    }
    polys.push(rings);
  }
  return polys;
}

function firstOutside(polys: Polygons, test: (p: Position) => boolean): Position | null {
  for (const poly of polys) for (const ring of poly) for (const p of ring) if (test(p)) return p;
  return null;
}

const fmt = (p: Position) => `${p[0]}, ${p[1]}`;

export function parseBoundaryFile(file: string, data: Buffer): { boundaries: ParsedBoundary[]; problems: BoundaryProblem[] } {
  const problems: BoundaryProblem[] = [];
  const boundaries: ParsedBoundary[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    problems.push({ file, code: 'geo_invalid_json', params: { reason: e instanceof Error ? e.message.slice(0, 200) : 'JSON' } });
    return { boundaries, problems };
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    const type = isObject(doc) && typeof doc.type === 'string' ? doc.type : Array.isArray(doc) ? 'mảng' : typeof doc;
    problems.push({ file, code: 'geo_not_feature_collection', params: { type } });
    return { boundaries, problems };
  }
  if (doc.crs !== undefined && doc.crs !== null) {
    const props = isObject(doc.crs) && isObject(doc.crs.properties) ? doc.crs.properties : {};
    const name = typeof props.name === 'string' ? props.name : JSON.stringify(doc.crs).slice(0, 80);
    if (!WGS84_NAMES.has(name.trim().toLowerCase())) {
      problems.push({ file, code: 'geo_crs_not_wgs84', params: { crs: name } });
      return { boundaries, problems };
    }
  }
  if (doc.features.length === 0) problems.push({ file, code: 'geo_no_features', params: {} });

  doc.features.forEach((f: unknown, index: number) => {
    const feature = index + 1;
    if (!isObject(f) || f.type !== 'Feature') {
      problems.push({ file, feature, code: 'geo_wrong_geometry', params: { type: isObject(f) ? String(f.type) : typeof f } });
      return;
    }
    const unitCode = unitCodeOf(f);
    const at = { file, feature, ...(unitCode ? { unitCode } : {}) };
    if (!unitCode) problems.push({ ...at, code: 'geo_no_unit_code', params: { properties: CODE_PROPERTIES.join(', ') } });
    const geometry = f.geometry;
    if (!isObject(geometry) || geometry.coordinates === undefined || (Array.isArray(geometry.coordinates) && geometry.coordinates.length === 0)) {
      problems.push({ ...at, code: 'geo_empty_geometry', params: {} });
      return;
    }
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
      problems.push({ ...at, code: 'geo_wrong_geometry', params: { type: String(geometry.type) } });
      return;
    }
    const read = readPolygons(geometry);
    if (read === 'malformed') {
      problems.push({ ...at, code: 'geo_malformed_geometry', params: {} });
      return;
    }
    const notLonLat = firstOutside(read, (p) => Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90);
    if (notLonLat) {
      problems.push({ ...at, code: 'geo_crs_not_wgs84', params: { crs: `tọa độ ${fmt(notLonLat)}` } });
      return;
    }
    const outside = firstOutside(read, (p) => p[0]! < VIETNAM_EXTENT.minLon || p[0]! > VIETNAM_EXTENT.maxLon || p[1]! < VIETNAM_EXTENT.minLat || p[1]! > VIETNAM_EXTENT.maxLat);
    if (outside) {
      problems.push({ ...at, code: 'geo_outside_vietnam', params: { point: fmt(outside) } });
      return;
    }
    // Crossings first: a bow tie has no net area and would otherwise pass for an empty ring.
    const crossing = findSelfIntersection(dedupePolygons(read));
    if (crossing) {
      problems.push({ ...at, code: 'geo_self_intersection', params: { point: fmt(crossing) } });
      return;
    }
    const polygons = cleanPolygons(read);
    if (polygons.length === 0) {
      problems.push({ ...at, code: 'geo_empty_geometry', params: {} });
      return;
    }
    if (unitCode) boundaries.push({ file, feature, unitCode, polygons });
  });
  return { boundaries, problems };
}

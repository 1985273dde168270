// What leaves the maps API: boundary layers as GeoJSON FeatureCollections whose
// properties are the unit (id, code, name), where the shape comes from (built-in or
// imported) and a label point; unit points likewise. Never a database row.
import type { MultiPolygon, Point, Polygon } from 'geojson';
import type { BoundaryCollection, BoundaryFeature, BoundaryLevel, UnitPointCollection } from '@shared/schemas/maps.ts';
import type { BBox } from './geometry.ts';

export interface LayerEntry {
  unitId: string;
  code: string;
  name: string;
  source: 'builtin' | 'imported';
  geometry: Polygon | MultiPolygon;
  bbox: BBox;
  labelPoint: [number, number];
}

export interface ArchipelagoEntry {
  unitId: string;
  code: string;
  name: string;
  point: [number, number];
}

function unionBBox(boxes: BBox[]): BBox | null {
  if (boxes.length === 0) return null;
  return boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
}

export function presentLayer(level: BoundaryLevel, entries: LayerEntry[], archipelagos: ArchipelagoEntry[]): BoundaryCollection {
  const features: BoundaryFeature[] = entries.map((e) => ({
    type: 'Feature',
    id: e.unitId,
    properties: { unitId: e.unitId, code: e.code, name: e.name, kind: 'unit', source: e.source, labelPoint: e.labelPoint },
    geometry: e.geometry as BoundaryFeature['geometry'],
  }));
  for (const a of archipelagos) {
    features.push({
      type: 'Feature',
      id: `archipelago-${a.code}`,
      properties: { unitId: a.unitId, code: a.code, name: a.name, kind: 'archipelago', source: 'builtin', labelPoint: a.point },
      geometry: { type: 'Point', coordinates: a.point } satisfies Point as BoundaryFeature['geometry'],
    });
  }
  return { type: 'FeatureCollection', level, bbox: unionBBox(entries.map((e) => e.bbox)), features };
}

export interface PointEntry {
  unitId: string;
  code: string;
  name: string;
  source: 'unit' | 'boundary';
  point: [number, number];
}

export function presentPoints(points: PointEntry[]): UnitPointCollection {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature',
      id: p.unitId,
      properties: { unitId: p.unitId, code: p.code, name: p.name, source: p.source },
      geometry: { type: 'Point', coordinates: p.point },
    })),
  };
}

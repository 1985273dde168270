// Plane geometry for boundaries, pure: cleaning polygons (repeated points, collapsed
// rings), finding a self-intersection, bounding boxes, a label point inside a shape, and
// topology-preserving simplification for the web (TopoJSON: neighbours keep one shared
// border, so simplifying never opens slivers between them). Coordinates are lon/lat
// degrees; areas are planar in degrees², which is all a "too small to see" test needs.
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { merge } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, Objects, Topology } from 'topojson-specification';

export type Polygons = Position[][][];

export function polygonsOf(g: Polygon | MultiPolygon): Polygons {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function toGeometry(polys: Polygons): Polygon | MultiPolygon {
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}

/** Twice the signed area (shoelace); positive counter-clockwise. */
export function ringArea2(ring: Position[]): number {
  let a = 0;
  for (let i = 0, n = ring.length; i + 1 < n; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return a;
}

const DEGENERATE_AREA2 = 1e-14;

function dedupe(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0]!, p[1]!]);
  }
  return out;
}

/** Without repeated consecutive points (official exports have them; they are not errors). */
export function dedupePolygons(polys: Polygons): Polygons {
  return polys.map((poly) => poly.map(dedupe));
}

/**
 * Drops repeated consecutive points (official exports have them; they are not errors)
 * and rings that enclose nothing (fewer than 4 positions or no area); a polygon whose
 * outer ring encloses nothing goes with its holes.
 */
export function cleanPolygons(polys: Polygons): Polygons {
  const out: Polygons = [];
  for (const poly of polys) {
    const rings = poly.map(dedupe);
    const outer = rings[0];
    if (!outer || outer.length < 4 || Math.abs(ringArea2(outer)) < DEGENERATE_AREA2) continue;
    out.push([outer, ...rings.slice(1).filter((r) => r.length >= 4 && Math.abs(ringArea2(r)) >= DEGENERATE_AREA2)]);
  }
  return out;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/**
 * The first point where two edges of the shape cross (rings of all its polygons
 * together: a hole crossing its outer ring, or two parts overlapping, count too), or
 * null. Only proper crossings count: rings touching at a vertex (a hole touching its
 * outer ring) are valid. Sweep over x: O(n log n) plus the pairs that overlap in x.
 */
export function findSelfIntersection(polys: Polygons): Position | null {
  // Segments as flat numbers: x1, y1, x2, y2 with x1 <= x2; ring id and index to skip neighbours.
  const segs: { x1: number; y1: number; x2: number; y2: number; ring: number; i: number; n: number }[] = [];
  let ringId = 0;
  for (const poly of polys) {
    for (const ring of poly) {
      const n = ring.length - 1;
      for (let i = 0; i < n; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        if (a[0] === b[0] && a[1] === b[1]) continue;
        const [p, q] = a[0]! <= b[0]! ? [a, b] : [b, a];
        segs.push({ x1: p[0]!, y1: p[1]!, x2: q[0]!, y2: q[1]!, ring: ringId, i, n });
      }
      ringId++;
    }
  }
  segs.sort((s, t) => s.x1 - t.x1);
  let active: typeof segs = [];
  for (const s of segs) {
    active = active.filter((t) => t.x2 >= s.x1);
    const sMinY = Math.min(s.y1, s.y2);
    const sMaxY = Math.max(s.y1, s.y2);
    for (const t of active) {
      if (Math.max(t.y1, t.y2) < sMinY || Math.min(t.y1, t.y2) > sMaxY) continue;
      if (t.ring === s.ring) {
        const d = Math.abs(t.i - s.i);
        if (d <= 1 || d === s.n - 1) continue;
      }
      const o1 = orient(s.x1, s.y1, s.x2, s.y2, t.x1, t.y1);
      const o2 = orient(s.x1, s.y1, s.x2, s.y2, t.x2, t.y2);
      const o3 = orient(t.x1, t.y1, t.x2, t.y2, s.x1, s.y1);
      const o4 = orient(t.x1, t.y1, t.x2, t.y2, s.x2, s.y2);
      if (o1 * o2 < 0 && o3 * o4 < 0) {
        // The crossing point, for the report.
        const d = (s.x2 - s.x1) * (t.y2 - t.y1) - (s.y2 - s.y1) * (t.x2 - t.x1);
        const u = ((t.x1 - s.x1) * (t.y2 - t.y1) - (t.y1 - s.y1) * (t.x2 - t.x1)) / d;
        return [round(s.x1 + u * (s.x2 - s.x1), 6), round(s.y1 + u * (s.y2 - s.y1), 6)];
      }
    }
    active.push(s);
  }
  return null;
}

export type BBox = [number, number, number, number];

export function bboxOf(polys: Polygons): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polys) for (const ring of poly) for (const p of ring) {
    const x = p[0]!, y = p[1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * A point inside the largest polygon, for labels, bubbles and unit points: the middle of
 * the widest inside stretch of a few horizontal lines across it (a centroid can fall
 * outside a crescent-shaped province).
 */
export function labelPoint(polys: Polygons): Position {
  let best = polys[0]!;
  let bestArea = -1;
  for (const p of polys) {
    const a = Math.abs(ringArea2(p[0]!));
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  const [, minY, , maxY] = bboxOf([best]);
  let point: Position = best[0]![0]!;
  let widest = -1;
  for (const f of [0.5, 0.35, 0.65, 0.2, 0.8]) {
    const y = minY + (maxY - minY) * f;
    const xs: number[] = [];
    for (const ring of best) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i]! as [number, number];
        const [bx, by] = ring[i + 1]! as [number, number];
        if ((ay > y) !== (by > y)) xs.push(ax + ((y - ay) / (by - ay)) * (bx - ax));
      }
    }
    xs.sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const w = xs[i + 1]! - xs[i]!;
      if (w > widest) {
        widest = w;
        point = [(xs[i]! + xs[i + 1]!) / 2, y];
      }
    }
  }
  return [round(point[0]!, 5), round(point[1]!, 5)];
}

/** Rounds, drops repeated points and rings that collapsed (a polygon goes with its outer ring). */
export function roundPolygons(polys: Polygons, decimals: number): Polygons {
  const out: Polygons = [];
  for (const poly of polys) {
    const [outer, ...holes] = poly.map((r) => dedupe(r.map((p) => [round(p[0]!, decimals), round(p[1]!, decimals)])));
    if (!outer || outer.length < 4) continue;
    out.push([outer, ...holes.filter((r) => r.length >= 4)]);
  }
  return out;
}

/**
 * Closed arcs (an island, or a ring shared with nobody) that simplification would
 * reduce to fewer than 3 points keep all of them: small islands must not vanish.
 */
export function protectSmallClosedArcs(topo: Topology<Objects>, minWeight: number): void {
  for (const arc of topo.arcs as unknown as number[][][]) {
    const first = arc[0]!;
    const last = arc[arc.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) continue;
    const kept = arc.slice(1, -1).filter((p) => (p[2] ?? 0) >= minWeight).length;
    if (kept < 3) for (const p of arc) p[2] = Infinity;
  }
}

/**
 * Simplifies shapes together on their shared topology (Visvalingam, planar weight in
 * degrees²) and merges each key's parts: keys may repeat (several old provinces into one
 * new one), and each key comes back once.
 */
export function simplifyTogether(shapes: { key: string; polys: Polygons }[], minWeight: number, decimals: number): Map<string, Polygons> {
  const features: Feature<Polygon | MultiPolygon, { key: string }>[] = shapes.map((s) => ({ type: 'Feature', properties: { key: s.key }, geometry: toGeometry(s.polys) }));
  const source: FeatureCollection = { type: 'FeatureCollection', features };
  let topo = topology({ s: source }, 1e7) as Topology<Objects>;
  if (minWeight > 0) {
    topo = presimplify(topo);
    protectSmallClosedArcs(topo, minWeight);
    topo = simplify(topo, minWeight);
  }
  const byKey = new Map<string, GeometryCollection['geometries']>();
  for (const g of (topo.objects.s as GeometryCollection).geometries) {
    const key = (g.properties as { key?: string } | undefined)?.key;
    if (key === undefined) continue;
    const list = byKey.get(key) ?? [];
    list.push(g);
    byKey.set(key, list);
  }
  const out = new Map<string, Polygons>();
  for (const [key, parts] of byKey) out.set(key, roundPolygons(merge(topo, parts as Parameters<typeof merge>[1]).coordinates, decimals));
  return out;
}

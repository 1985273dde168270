// API contract of the maps module (/api/maps): boundary layers as GeoJSON
// FeatureCollections (built-in 2025 provinces, replaced unit by unit by the official
// boundaries administrators import), the boundary import with its report, and unit points.
import { z } from 'zod';
import { idSchema } from './common.ts';

export const BOUNDARY_LEVELS = ['province', 'commune'] as const;
export type BoundaryLevel = (typeof BOUNDARY_LEVELS)[number];

export const boundariesQuery = z
  .object({
    level: z.enum(BOUNDARY_LEVELS).default('province'),
    /** The province whose communes are wanted (required for level=commune). */
    parent: idSchema.optional(),
    hierarchy: z.literal('2025').default('2025'),
  })
  .strict();
export type BoundariesQuery = z.output<typeof boundariesQuery>;

const position = z.array(z.number()).min(2).max(3);
export const mapGeometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
  z.object({ type: z.literal('Point'), coordinates: position }),
]);

export const boundaryFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  properties: z.object({
    /** The 2025 unit (for an archipelago: the province it belongs to). */
    unitId: z.string(),
    code: z.string(),
    name: z.string(),
    /** 'unit' for a boundary; 'archipelago' for the label point of Hoàng Sa / Trường Sa. */
    kind: z.enum(['unit', 'archipelago']),
    source: z.enum(['builtin', 'imported']),
    /** Where to put a label or a bubble: a point inside the shape. */
    labelPoint: z.tuple([z.number(), z.number()]),
  }),
  geometry: mapGeometry,
});
export type BoundaryFeature = z.infer<typeof boundaryFeature>;

export const boundaryCollection = z.object({
  type: z.literal('FeatureCollection'),
  level: z.enum(BOUNDARY_LEVELS),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  features: z.array(boundaryFeature),
});
export type BoundaryCollection = z.infer<typeof boundaryCollection>;

export const boundaryImportQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() }).strict();

/** Problem codes of a boundary file; messages in shared/errors.ts. */
export const BOUNDARY_PROBLEM_CODES = [
  'geo_invalid_json',
  'geo_not_feature_collection',
  'geo_crs_not_wgs84',
  'geo_no_features',
  'geo_no_unit_code',
  'geo_empty_geometry',
  'geo_wrong_geometry',
  'geo_malformed_geometry',
  'geo_outside_vietnam',
  'geo_self_intersection',
  'geo_unknown_unit',
  'geo_duplicate_unit',
] as const;
export type BoundaryProblemCode = (typeof BOUNDARY_PROBLEM_CODES)[number];

export const boundaryImportProblem = z.object({
  file: z.string(),
  feature: z.number().int().optional(),
  unitCode: z.string().optional(),
  code: z.enum(BOUNDARY_PROBLEM_CODES),
  message: z.string(),
});

export const boundaryImportReport = z.object({
  dryRun: z.boolean(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int(), features: z.number().int() })),
  /** Units whose boundary is written (or would be, in a dry run). */
  units: z.array(z.object({ unitId: z.string(), code: z.string(), name: z.string(), kind: z.enum(['province', 'commune']), replaced: z.boolean(), points: z.number().int(), webPoints: z.number().int() })),
  created: z.number().int(),
  replaced: z.number().int(),
  problems: z.array(boundaryImportProblem),
});
export type BoundaryImportReport = z.infer<typeof boundaryImportReport>;
export type BoundaryImportProblem = z.infer<typeof boundaryImportProblem>;

export const pointsQuery = z
  .object({
    level: z.enum(BOUNDARY_LEVELS).default('province'),
    parent: idSchema.optional(),
  })
  .strict();

export const unitPointFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  properties: z.object({
    unitId: z.string(),
    code: z.string(),
    name: z.string(),
    /** 'unit': coordinates recorded on the unit; 'boundary': a point inside its boundary. */
    source: z.enum(['unit', 'boundary']),
  }),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
});
export const unitPointCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(unitPointFeature) });
export type UnitPointCollection = z.infer<typeof unitPointCollection>;

export const unitPointBody = z
  .object({
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
  })
  .strict();

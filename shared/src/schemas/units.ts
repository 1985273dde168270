// API contracts for administrative units, villages, attributes and groups.
import { z } from 'zod';
import { idSchema, pagingQuery, text } from './common.ts';

export const hierarchySchema = z.enum(['2025', 'pre2025']);
export const unitKind = z.enum(['nation', 'province', 'district', 'commune', 'village']);
export const VILLAGE_TYPES = ['thon', 'ban', 'buon', 'lang', 'plei', 'phum', 'soc', 'to-dan-pho', 'khu-pho', 'ap'] as const;
export const villageType = z.enum(VILLAGE_TYPES);
export const regionClass = z.enum(['I', 'II', 'III']);

/** Attributes an administrator sets; unknown keys are refused. */
export const unitAttributes = z
  .object({
    regionClass: regionClass.nullable().optional(),
    extremelyDifficult: z.boolean().optional(),
    ethnicMinorityArea: z.boolean().optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type UnitAttributes = z.infer<typeof unitAttributes>;

export const unitSummary = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  kind: unitKind,
  type: z.string(),
  level: z.number(),
  hierarchy: z.enum(['2025', 'pre2025', 'all']),
  parentId: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  childCount: z.number(),
  path: z.array(z.string()).optional(),
});
export type UnitSummary = z.infer<typeof unitSummary>;

export const successionLink = z.object({ unit: unitSummary, weight: z.number(), effectiveDate: z.string() });

export const unitDetail = unitSummary.extend({
  ancestors: z.array(unitSummary),
  attributes: z.record(z.string(), z.unknown()),
  groups: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  predecessors: z.array(successionLink),
  successors: z.array(successionLink),
  abilities: z.object({ manage: z.boolean(), addVillage: z.boolean(), close: z.boolean() }),
});
export type UnitDetail = z.infer<typeof unitDetail>;

export const listUnitsQuery = z
  .object({
    hierarchy: hierarchySchema.default('2025'),
    parentId: idSchema.optional(),
    q: z.string().max(100).optional(),
    kind: unitKind.optional(),
    groupId: idSchema.optional(),
    includeClosed: z.enum(['true', 'false']).optional(),
    ...pagingQuery,
  })
  .strict();

export const unitListResponse = z.object({ items: z.array(unitSummary), total: z.number() });

export const createVillageBody = z
  .object({
    code: z.string().trim().regex(/^[0-9A-Za-z._-]{1,20}$/, '1–20 letters, digits, dot, dash'),
    name: text(1, 120),
    type: villageType,
    validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    attributes: unitAttributes.optional(),
  })
  .strict();

export const updateUnitBody = z.object({ name: text(1, 120).optional(), type: villageType.optional(), attributes: unitAttributes.optional() }).strict();
export const closeUnitBody = z.object({ validTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd') }).strict();

export const groupBody = z
  .object({
    code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/),
    name: text(1, 160),
    nameEn: text(1, 160).optional(),
    description: z.string().max(1000).optional(),
  })
  .strict();
export const groupUpdateBody = groupBody.omit({ code: true }).partial().strict();
export const groupView = z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable(), description: z.string().nullable(), memberCount: z.number() });
export const groupMembersBody = z.object({ unitIds: z.array(idSchema).min(1).max(5000) }).strict();

export const importRowError = z.object({ row: z.number(), field: z.string().optional(), code: z.string(), message: z.string() });
export const villageImportReport = z.object({
  dryRun: z.boolean(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.array(importRowError),
});

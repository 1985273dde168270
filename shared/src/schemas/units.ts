// API contracts for administrative units, villages, attributes and groups.
import { z } from 'zod';
import { idSchema, pagingQuery, text } from './common.ts';

export const hierarchySchema = z.enum(['2025', 'pre2025']);
export const unitKind = z.enum(['nation', 'province', 'district', 'commune', 'village']);
export const VILLAGE_TYPES = ['thon', 'ban', 'buon', 'lang', 'plei', 'phum', 'soc', 'to-dan-pho', 'khu-pho', 'ap'] as const;
export const villageType = z.enum(VILLAGE_TYPES);
export type VillageType = (typeof VILLAGE_TYPES)[number];
/** The word that precedes a village's name in its full name ("Thôn Plei Ring", "Bản Nà Ngần"). */
export const VILLAGE_TYPE_LABELS: Record<VillageType, { vi: string; en: string }> = {
  thon: { vi: 'Thôn', en: 'Village (thôn)' },
  ban: { vi: 'Bản', en: 'Village (bản)' },
  buon: { vi: 'Buôn', en: 'Village (buôn)' },
  lang: { vi: 'Làng', en: 'Village (làng)' },
  plei: { vi: 'Plei', en: 'Village (plei)' },
  phum: { vi: 'Phum', en: 'Village (phum)' },
  soc: { vi: 'Sóc', en: 'Village (sóc)' },
  'to-dan-pho': { vi: 'Tổ dân phố', en: 'Residential group (tổ dân phố)' },
  'khu-pho': { vi: 'Khu phố', en: 'Quarter (khu phố)' },
  ap: { vi: 'Ấp', en: 'Hamlet (ấp)' },
};
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

/** A calendar date yyyy-mm-dd that exists (no 2025-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'not a calendar date');

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
    validFrom: isoDate.optional(),
    attributes: unitAttributes.optional(),
  })
  .strict();

export const updateUnitBody = z.object({ name: text(1, 120).optional(), type: villageType.optional(), attributes: unitAttributes.optional() }).strict();
export const closeUnitBody = z.object({ validTo: isoDate }).strict();

export const groupBody = z
  .object({
    code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/),
    name: text(1, 160),
    nameEn: text(1, 160).optional(),
    description: z.string().max(1000).optional(),
  })
  .strict();
/** null clears the English name or the description. */
export const groupUpdateBody = z
  .object({
    name: text(1, 160).optional(),
    nameEn: text(1, 160).nullable().optional(),
    description: z.string().max(1000).nullable().optional(),
  })
  .strict();
/** memberCount counts the members inside the caller's view scope. */
export const groupView = z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable(), description: z.string().nullable(), memberCount: z.number() });
export const groupListResponse = z.object({ items: z.array(groupView), abilities: z.object({ manage: z.boolean() }) });
/** One group, with what the caller may do: manage = rename (national unit administrators); changeMembers = add or remove the units they manage. */
export const groupDetail = groupView.extend({ abilities: z.object({ manage: z.boolean(), changeMembers: z.boolean() }) });
export const groupMembersBody = z.object({ unitIds: z.array(idSchema).min(1).max(5000) }).strict();
/** changed: members actually added or removed (adding a member twice changes nothing). */
export const groupMembersResult = z.object({ group: groupView, changed: z.number() });

export const villageImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') }).strict();
/** row: the spreadsheet row number (the header is row 1); code: a stable error code; value: the offending cell. */
export const importRowError = z.object({ row: z.number(), field: z.string().optional(), code: z.string(), message: z.string(), value: z.string().optional() });
export const villageImportReport = z.object({
  dryRun: z.boolean(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.array(importRowError),
});
export type VillageImportReport = z.infer<typeof villageImportReport>;
export type ImportRowError = z.infer<typeof importRowError>;

/** What could not be mapped between the pre-2025 and 2025 units, for administrators. */
export const successionReport = z.object({
  effectiveDate: z.string(),
  source: z.string().nullable(),
  seed: z.object({ name: z.string(), appliedAt: z.string().nullable(), sources: z.array(z.string()), unmappedCounts: z.record(z.string(), z.number()) }),
  unmapped: z.record(z.string(), z.object({ count: z.number(), items: z.array(z.unknown()) })),
  database: z.object({ communeSuccessions: z.number(), provinceSuccessions: z.number(), oldCommunesWithoutSuccessor: z.number(), newCommunesWithoutPredecessor: z.number() }),
});
export type SuccessionReport = z.infer<typeof successionReport>;

// Villages (thôn, bản, buôn, làng, plei, phum, sóc, tổ dân phố, khu phố, ấp) are the
// one level administrators maintain themselves, under the 2025 communes. These pure
// helpers give every village the same name, full name, search form and row shape,
// whether it comes from the form or from an imported file.
import { VILLAGE_TYPE_LABELS, type UnitAttributes, type VillageType } from '@shared/schemas/units.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { Insertable } from 'kysely';
import { AppError } from '../../platform/errors.ts';
import type { OrgUnitTable } from '../../platform/db/schema.ts';

export function villageFullName(type: VillageType, name: string): string {
  return `${VILLAGE_TYPE_LABELS[type].vi} ${name}`;
}

/**
 * NFC, single spaces, and without a leading type word: "Thôn 1" typed as a thôn is
 * named "1" (full name "Thôn 1"), as official units are ("Ia Grai" / "Xã Ia Grai").
 */
export function villageName(raw: string, type: VillageType): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  const label = VILLAGE_TYPE_LABELS[type].vi;
  const labelWords = label.split(' ').length;
  const words = name.split(' ');
  if (words.length > labelWords && foldVietnamese(words.slice(0, labelWords).join(' ')) === foldVietnamese(label)) {
    return words.slice(labelWords).join(' ');
  }
  return name;
}

export function villageNameFolded(type: VillageType, name: string): string {
  const fullName = villageFullName(type, name);
  return foldVietnamese(`${fullName} ${name}`);
}

/** Attributes as stored: keys set to null or undefined are dropped. */
export function cleanAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined));
}

/** Merge a change into stored attributes; null removes a key. */
export function mergeAttributes(current: Record<string, unknown>, change: UnitAttributes | undefined): Record<string, unknown> {
  return change ? cleanAttributes({ ...current, ...change }) : current;
}

export interface VillageParent {
  id: string;
  kind: string;
  hierarchy: string;
  level: number;
  path: string;
  province_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
}

/** Villages hang only under an open 2025 commune. */
export function assertVillageParent(parent: VillageParent): void {
  if (parent.kind !== 'commune' || parent.hierarchy !== '2025' || parent.valid_to !== null) throw new AppError('invalid_parent');
}

export interface NewVillage {
  code: string;
  name: string;
  type: VillageType;
  validFrom: string;
  attributes: Record<string, unknown>;
}

export function villageRow(parent: VillageParent, v: NewVillage, now: Date): Insertable<OrgUnitTable> {
  return {
    hierarchy: '2025',
    code: v.code,
    name: v.name,
    full_name: villageFullName(v.type, v.name),
    kind: 'village',
    type: v.type,
    level: parent.level + 1,
    parent_id: parent.id,
    province_id: parent.province_id,
    path: `${parent.path}/${v.code}`,
    name_folded: villageNameFolded(v.type, v.name),
    valid_from: v.validFrom,
    valid_to: null,
    attributes: JSON.stringify(cleanAttributes(v.attributes)),
    created_at: now,
    updated_at: now,
  };
}

/** The audit snapshot of a unit. */
export function auditUnit(u: { code: string; name: string; full_name: string; type: string; valid_from: string | null; valid_to: string | null; attributes: unknown }) {
  return { code: u.code, name: u.name, fullName: u.full_name, type: u.type, validFrom: u.valid_from, validTo: u.valid_to, attributes: u.attributes };
}

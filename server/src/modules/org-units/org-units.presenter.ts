// What leaves the API about a unit.
import type { UnitSummary } from '@shared/schemas/units.ts';

interface UnitLike {
  id: string;
  code: string;
  name: string;
  full_name: string;
  kind: UnitSummary['kind'];
  type: string;
  level: number;
  hierarchy: UnitSummary['hierarchy'];
  parent_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  path: string;
  child_count?: string | number | null;
}

export function presentUnit(u: UnitLike): UnitSummary {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    fullName: u.full_name,
    kind: u.kind,
    type: u.type,
    level: u.level,
    hierarchy: u.hierarchy,
    parentId: u.parent_id,
    validFrom: u.valid_from,
    validTo: u.valid_to,
    childCount: Number(u.child_count ?? 0),
  };
}

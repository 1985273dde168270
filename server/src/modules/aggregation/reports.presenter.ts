// A unit as the report endpoints show it (report rows, breadcrumb, roots, lineage).
import type { UnitRef } from './consolidated.repository.ts';

export const presentReportUnit = (u: UnitRef) => ({ id: String(u.id), code: u.code, name: u.name, kind: u.kind, hierarchy: u.hierarchy, validTo: u.valid_to });

// What leaves the API about a unit group.
import type { z } from 'zod';
import type { groupView } from '@shared/schemas/units.ts';
import type { GroupRow } from './unit-groups.repository.ts';

export function presentGroup(g: GroupRow): z.infer<typeof groupView> {
  return { id: g.id, code: g.code, name: g.name, nameEn: g.name_en, description: g.description, memberCount: Number(g.member_count) };
}

export function auditGroup(g: { code: string; name: string; name_en: string | null; description: string | null }) {
  return { code: g.code, name: g.name, nameEn: g.name_en, description: g.description };
}

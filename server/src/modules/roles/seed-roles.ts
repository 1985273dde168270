// Built-in roles are defined in code (shared/permissions.ts) and synchronised at
// every start, so a new permission reaches the built-in roles without a migration.
import type { Kysely } from 'kysely';
import { BUILT_IN_ROLES, requiresMfa } from '@shared/permissions.ts';
import type { Database } from '../../platform/db/schema.ts';

export async function syncBuiltInRoles(db: Kysely<Database>): Promise<void> {
  for (const [code, role] of Object.entries(BUILT_IN_ROLES)) {
    const permissions = [...role.permissions].sort();
    await db
      .insertInto('role')
      .values({ code, name_vi: role.nameVi, name_en: role.nameEn, permissions, built_in: true, requires_mfa: requiresMfa(permissions) })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name_vi: role.nameVi, name_en: role.nameEn, permissions, built_in: true, requires_mfa: requiresMfa(permissions) }),
      )
      .execute();
  }
}

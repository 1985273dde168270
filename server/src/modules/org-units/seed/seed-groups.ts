// The unit groups the program works with, created empty: which communes and villages
// belong to them is official data that administrators enter, never invented here.
// Idempotent: guarded by a seed_run row, and existing codes are left alone.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../../platform/db/schema.ts';

export const GROUPS_SEED_NAME = 'unit-groups-v1';

export const BUILT_IN_GROUPS = [
  {
    code: 'VUNG_DTTS',
    name: 'Xã vùng đồng bào DTTS&MN',
    name_en: 'Communes in ethnic minority and mountainous areas',
    description: 'Xã thuộc vùng đồng bào dân tộc thiểu số và miền núi (phân định theo khu vực I, II, III).',
  },
  {
    code: 'THON_DBKK',
    name: 'Thôn đặc biệt khó khăn',
    name_en: 'Extremely disadvantaged villages',
    description: 'Thôn đặc biệt khó khăn vùng đồng bào dân tộc thiểu số và miền núi.',
  },
] as const;

export async function seedUnitGroups(db: Kysely<Database>, log: Logger): Promise<boolean> {
  const done = await db.selectFrom('seed_run').select('name').where('name', '=', GROUPS_SEED_NAME).executeTakeFirst();
  if (done) return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('org_unit_group')
      .values(BUILT_IN_GROUPS.map((g) => ({ ...g })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await trx
      .insertInto('seed_run')
      .values({ name: GROUPS_SEED_NAME, details: JSON.stringify({ groups: BUILT_IN_GROUPS.map((g) => g.code) }) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  });
  log.info({ groups: BUILT_IN_GROUPS.length }, 'unit groups created');
  return true;
}

// Demo accounts, one per built-in role, scoped to Gia Lai and Quảng Ngãi (the
// provinces of the source plans) and a few of their communes. Loaded once.
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { BuiltInRoleCode } from '@shared/permissions.ts';
import type { Database } from '../platform/db/schema.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { newTotpSecret } from '../modules/auth/totp.ts';
import { loadDemoValues } from './demo-values.ts';

export const DEMO_PASSWORD = 'TruongSon@2026';
const SEED_NAME = 'demo-users-v1';

/** Unit selectors: by 2025 code, or by province code + commune full name. */
type UnitRef = { code: string } | { province: string; commune: string };

interface DemoAccount {
  username: string;
  displayName: string;
  role: BuiltInRoleCode;
  unit: UnitRef;
  totp?: boolean;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: 'Quản trị hệ thống (Trung ương)', role: 'system_admin', unit: { code: 'VN' }, totp: true },
  { username: 'admin.gialai', displayName: 'Quản trị Sở Dân tộc và Tôn giáo Gia Lai', role: 'system_admin', unit: { code: '52' }, totp: true },
  { username: 'trunguong', displayName: 'Nguyễn Thị Hương (Bộ Dân tộc và Tôn giáo)', role: 'central_officer', unit: { code: 'VN' } },
  { username: 'tinh.gialai', displayName: 'Rơ Mah Hồng (điều phối Gia Lai)', role: 'provincial_coordinator', unit: { code: '52' } },
  { username: 'tinh.quangngai', displayName: 'Đinh Văn Thành (điều phối Quảng Ngãi)', role: 'provincial_coordinator', unit: { code: '51' } },
  { username: 'so.gialai', displayName: 'Trần Minh Đức (Sở Nông nghiệp và Môi trường Gia Lai)', role: 'department_officer', unit: { code: '52' } },
  { username: 'xa.iagrai', displayName: 'Siu H\'Nhi (cán bộ xã Ia Grai)', role: 'commune_officer', unit: { province: '52', commune: 'Xã Ia Grai' } },
  { username: 'xa.kbang', displayName: 'Đinh Thị Blơi (cán bộ xã Kbang)', role: 'commune_officer', unit: { province: '52', commune: 'Xã Kbang' } },
  { username: 'xa.sontay', displayName: 'Đinh Văn Pía (cán bộ xã Sơn Tây)', role: 'commune_officer', unit: { province: '51', commune: 'Xã Sơn Tây' } },
  { username: 'xem.quangngai', displayName: 'Lê Thị Mai (theo dõi Quảng Ngãi)', role: 'viewer', unit: { code: '51' } },
];

async function findUnit(db: Kysely<Database>, ref: UnitRef): Promise<string> {
  const q = db.selectFrom('org_unit').select('id').where('valid_to', 'is', null);
  const row =
    'code' in ref
      ? await q.where('code', '=', ref.code).where('kind', 'in', ['nation', 'province']).where('hierarchy', 'in', ['all', '2025']).executeTakeFirst()
      : await q
          .where('full_name', '=', ref.commune)
          .where('kind', '=', 'commune')
          .where('hierarchy', '=', '2025')
          .where('parent_id', '=', (eb) => eb.selectFrom('org_unit').select('id').where('code', '=', ref.province).where('hierarchy', '=', '2025').where('kind', '=', 'province'))
          .executeTakeFirst();
  if (!row) throw new Error(`demo data: unit not found ${JSON.stringify(ref)}`);
  return row.id;
}

export async function loadDemoData(db: Kysely<Database>, log: Logger, now: Date): Promise<boolean> {
  const done = await db.selectFrom('seed_run').select('name').where('name', '=', SEED_NAME).executeTakeFirst();
  // Values and submissions after the accounts (they name them), once, under their own seed_run row.
  if (done) return loadDemoValues(db, log, now);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    for (const account of DEMO_ACCOUNTS) {
      const unitId = await findUnit(trx, account.unit);
      const role = await trx.selectFrom('role').select('id').where('code', '=', account.role).executeTakeFirstOrThrow();
      const user = await trx
        .insertInto('app_user')
        .values({
          username: account.username,
          display_name: account.displayName,
          email: `${account.username}@demo.truongson.local`,
          password_hash: passwordHash,
          must_change_password: false,
          is_demo: true,
          totp_enabled: account.totp ?? false,
          totp_secret: account.totp ? newTotpSecret() : null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (user) await trx.insertInto('user_assignment').values({ user_id: user.id, role_id: role.id, unit_id: unitId }).execute();
    }
    await trx.insertInto('seed_run').values({ name: SEED_NAME, details: JSON.stringify({ accounts: DEMO_ACCOUNTS.length }) }).execute();
  });
  log.info({ accounts: DEMO_ACCOUNTS.length }, 'demo accounts created');
  await loadDemoValues(db, log, now);
  return true;
}

export async function demoAccountSummary(db: Kysely<Database>) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('user_assignment as a', 'a.user_id', 'u.id')
    .innerJoin('role as r', 'r.id', 'a.role_id')
    .innerJoin('org_unit as o', 'o.id', 'a.unit_id')
    .select(['u.username', 'r.name_vi as role', 'o.full_name as unit', 'u.totp_secret', 'u.totp_enabled'])
    .where('u.is_demo', '=', true)
    .orderBy('u.id')
    .execute();
}

// Creates a user with their first (role, unit) assignments in one transaction.
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { findRoles } from '../../roles/roles.repository.ts';
import { assertCanAssign } from '../users.policy.ts';
import { findUserByUsername } from '../users.repository.ts';

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  password: string;
  assignments: { roleId: string; unitId: string }[];
}

export async function createUser(ctx: AppContext, request: FastifyRequest, auth: AuthContext, input: CreateUserInput): Promise<string> {
  const roles = await findRoles(ctx.db, [...new Set(input.assignments.map((a) => a.roleId))]);
  const roleById = new Map(roles.map((r) => [r.id, r]));
  for (const a of input.assignments) {
    const role = roleById.get(a.roleId);
    if (!role) throw new AppError('not_found', {}, { fields: [{ path: 'body.assignments.roleId', message: 'unknown role' }] });
    await assertCanAssign(ctx, auth, role, a.unitId);
  }
  if (await findUserByUsername(ctx.db, input.username)) throw new AppError('username_taken', {}, { fields: [{ path: 'body.username', message: 'taken' }] });
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        display_name: input.displayName,
        email: input.email ?? null,
        phone: input.phone ?? null,
        password_hash: passwordHash,
        must_change_password: true,
        created_by: auth.user.id,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!user) throw new AppError('username_taken', {}, { fields: [{ path: 'body.username', message: 'taken' }] });
    const unique = [...new Map(input.assignments.map((a) => [`${a.roleId}:${a.unitId}`, a])).values()];
    await trx.insertInto('user_assignment').values(unique.map((a) => ({ user_id: user.id, role_id: a.roleId, unit_id: a.unitId }))).execute();
    await recordAudit(trx, originOf(request, now), {
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      unitId: unique[0]?.unitId ?? null,
      after: { username: input.username, displayName: input.displayName, email: input.email ?? null, assignments: unique },
    });
    return user.id;
  });
}

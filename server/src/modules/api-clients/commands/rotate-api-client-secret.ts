// Issues a new secret. The secrets still working keep working until the end of the
// overlap (never longer than they would have), so the caller can switch without downtime.
import type { Db } from '../../../platform/db/database.ts';
import { MINUTE } from '../../../platform/clock.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { digest, newConsumerSecret } from '../credentials.ts';

export async function rotateApiClientSecret(db: Db, origin: AuditOrigin, clientId: string, overlapMinutes: number): Promise<{ consumerSecret: string; previousValidUntil: Date }> {
  const now = origin.at;
  const until = new Date(now.getTime() + overlapMinutes * MINUTE);
  const consumerSecret = newConsumerSecret();
  await db.transaction().execute(async (trx) => {
    // Serialises concurrent rotations of one client.
    await trx.selectFrom('api_client').select('id').where('id', '=', clientId).forUpdate().executeTakeFirstOrThrow();
    await trx
      .updateTable('api_client_secret')
      .set({ valid_until: until })
      .where('client_id', '=', clientId)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', until)]))
      .execute();
    await trx.insertInto('api_client_secret').values({ client_id: clientId, secret_hash: digest(consumerSecret), created_at: now, valid_until: null }).execute();
    await trx.updateTable('api_client').set({ updated_at: now }).where('id', '=', clientId).execute();
    await recordAudit(trx, origin, { action: 'api_client.secret_rotated', targetType: 'api_client', targetId: clientId, details: { overlapMinutes, previousValidUntil: until.toISOString() } });
  });
  return { consumerSecret, previousValidUntil: until };
}

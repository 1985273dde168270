// Registers an API client with its first secret, in one transaction with the audit entry.
// The secret is returned to the caller once; only its digest is stored.
import type { ApiClientBody } from '@shared/schemas/api-clients.ts';
import type { Db } from '../../../platform/db/database.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { digest, newConsumerKey, newConsumerSecret } from '../credentials.ts';
import { cidrArray } from '../api-clients.repository.ts';

export async function createApiClient(db: Db, origin: AuditOrigin, body: ApiClientBody & { rateLimitPerMinute: number }): Promise<{ id: string; consumerKey: string; consumerSecret: string }> {
  const now = origin.at;
  const consumerKey = newConsumerKey();
  const consumerSecret = newConsumerSecret();
  const scopes = [...new Set(body.scopes)].sort();
  const unitIds = [...new Set(body.unitIds)];
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_client')
      .values({
        consumer_key: consumerKey,
        name: body.name,
        organisation: body.organisation,
        contact: body.contact,
        scopes,
        unit_ids: unitIds,
        ip_allow_list: cidrArray(body.ipAllowList),
        expires_at: body.expiresAt ? new Date(body.expiresAt) : null,
        rate_limit_per_minute: body.rateLimitPerMinute,
        created_by: origin.actor?.id ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('api_client_secret').values({ client_id: row.id, secret_hash: digest(consumerSecret), created_at: now, valid_until: null }).execute();
    await recordAudit(trx, origin, {
      action: 'api_client.created',
      targetType: 'api_client',
      targetId: row.id,
      after: { consumerKey, name: body.name, organisation: body.organisation, contact: body.contact, scopes, unitIds, ipAllowList: body.ipAllowList ?? null, expiresAt: body.expiresAt ?? null, rateLimitPerMinute: body.rateLimitPerMinute },
    });
    return row.id;
  });
  return { id, consumerKey, consumerSecret };
}

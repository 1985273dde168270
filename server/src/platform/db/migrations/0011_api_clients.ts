// API clients (issue 7): other systems authenticate with OAuth 2.0 client credentials
// (RFC 6749 §4.4) — the consumer key/secret pair of Decision 330's LGSP/NDXP pattern —
// and receive short-lived opaque bearer tokens.
// Secrets and tokens are random 256-bit values stored only as SHA-256 digests (see
// api-clients/credentials.ts for why not argon2). A client has several secrets only
// during a rotation: the previous one keeps working until valid_until.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table api_client (
      id bigserial primary key,
      consumer_key text not null unique,
      name text not null,
      organisation text not null,
      contact text not null,
      scopes text[] not null,
      -- The units whose subtrees the client may read or write (checked by /api/v1).
      unit_ids bigint[] not null,
      -- null: any address; otherwise the caller's IP must lie in one of the ranges.
      ip_allow_list cidr[],
      expires_at timestamptz,
      revoked_at timestamptz,
      revoked_by bigint references app_user (id),
      created_by bigint references app_user (id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint api_client_scopes_known check (
        scopes <@ array['units.read', 'data.read', 'data.write', 'analytics.read']::text[] and cardinality(scopes) > 0)
    );

    create table api_client_secret (
      id bigserial primary key,
      client_id bigint not null references api_client (id) on delete cascade,
      secret_hash text not null unique,
      created_at timestamptz not null,
      -- null: the current secret; set when a rotation replaces it (end of the overlap).
      valid_until timestamptz
    );
    create index api_client_secret_client_idx on api_client_secret (client_id);

    create table api_token (
      id bigserial primary key,
      token_hash text not null unique,
      client_id bigint not null references api_client (id) on delete cascade,
      scopes text[] not null,
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index api_token_client_idx on api_token (client_id, expires_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}

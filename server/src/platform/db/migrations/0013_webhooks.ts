// Webhooks (issue 7, ADR 0008): an administrator subscribes a URL to events; each event
// becomes one webhook_delivery per matching subscription, inserted in the transaction of
// the change that causes it (an outbox: a rolled-back change sends nothing); a
// dispatcher claims due deliveries with FOR UPDATE SKIP LOCKED, POSTs them signed, and
// retries with exponential backoff. webhook_values_changed() is the hook the cell save
// (inside its one statement, ADR 0004) and imports call: it folds changes of a form's
// report (form, unit, period) into the delivery that waits for its first attempt.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_subscription (
      id bigserial primary key,
      name text not null,
      url text not null check (url ~ '^https?://'),
      events text[] not null check (cardinality(events) > 0),
      -- null: every form.
      form_ids bigint[],
      -- Events of units in these subtrees are sent.
      unit_ids bigint[] not null check (cardinality(unit_ids) > 0),
      -- The organisation (API client) the subscription serves, if any.
      api_client_id bigint references api_client (id) on delete cascade,
      -- AES-256-GCM under the secrets key (platform/secrets.ts): we sign with it, so it is read back.
      secret_sealed text not null,
      active boolean not null default true,
      disabled_at timestamptz,
      disabled_reason text,
      -- Deliveries in a row that ended failed; a success resets it.
      consecutive_failures int not null default 0,
      created_by bigint not null references app_user (id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index webhook_subscription_active_idx on webhook_subscription using gin (events) where active;

    create table webhook_delivery (
      -- Sent as X-TruongSon-Delivery: the same on every attempt, so receivers can de-duplicate.
      id uuid primary key default gen_random_uuid(),
      subscription_id bigint not null references webhook_subscription (id) on delete cascade,
      event_id uuid not null,
      event_type text not null,
      occurred_at timestamptz not null,
      data jsonb not null,
      -- data.values_changed: form:unit:period; a later change folds into the delivery waiting for its first attempt.
      coalesce_key text,
      state text not null default 'pending' check (state in ('pending', 'delivering', 'succeeded', 'failed')),
      attempts int not null default 0,
      -- pending: when it is due; delivering: when the claim lapses (a crashed worker's delivery is taken again).
      next_attempt_at timestamptz,
      last_attempt_at timestamptz,
      last_status_code int,
      last_error text,
      last_duration_ms int,
      response_excerpt text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz
    );
    create unique index webhook_delivery_coalesce_uq on webhook_delivery (subscription_id, coalesce_key)
      where state = 'pending' and attempts = 0 and coalesce_key is not null;
    create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where state in ('pending', 'delivering');
    create index webhook_delivery_subscription_idx on webhook_delivery (subscription_id, created_at desc);

    -- Changes to a report's cells: one delivery per matching subscription, folded into the
    -- one that has not been tried yet. Sent a minute after the first change at the
    -- earliest, so a burst of saves makes one event. Returns the deliveries touched.
    create function webhook_values_changed(p_form_id bigint, p_unit_id bigint, p_period text, p_changes int, p_at timestamptz)
    returns int language plpgsql as $fn$
    declare
      n int;
    begin
      if not exists (select 1 from webhook_subscription where active and events @> array['data.values_changed']) then
        return 0;
      end if;
      insert into webhook_delivery as d (subscription_id, event_id, event_type, occurred_at, data, coalesce_key, state, next_attempt_at, created_at, updated_at)
      select s.id, gen_random_uuid(), 'data.values_changed', p_at,
        jsonb_build_object(
          'form', jsonb_build_object('id', f.id::text, 'code', f.code, 'name', f.name_vi),
          'unit', jsonb_build_object('id', u.id::text, 'code', u.code, 'name', u.full_name),
          'period', p_period,
          'changes', p_changes,
          'firstChangedAt', to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'lastChangedAt', to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'links', jsonb_build_object('dataEntry', '/data-entry?form=' || f.id || '&unit=' || u.id || '&period=' || p_period)),
        p_form_id || ':' || p_unit_id || ':' || p_period, 'pending', p_at + interval '1 minute', p_at, p_at
      from webhook_subscription s
      join form f on f.id = p_form_id
      join org_unit u on u.id = p_unit_id
      where s.active and s.events @> array['data.values_changed']
        and (s.form_ids is null or p_form_id = any (s.form_ids))
        and exists (select 1 from org_unit_closure c where c.descendant_id = p_unit_id and c.ancestor_id = any (s.unit_ids))
      on conflict (subscription_id, coalesce_key) where state = 'pending' and attempts = 0 and coalesce_key is not null
      do update set
        data = d.data
          || jsonb_build_object('changes', coalesce((d.data ->> 'changes')::int, 0) + p_changes,
                                'lastChangedAt', excluded.data -> 'lastChangedAt'),
        updated_at = excluded.updated_at;
      get diagnostics n = row_count;
      return n;
    end
    $fn$;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}

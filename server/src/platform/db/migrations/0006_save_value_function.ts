// Saving one cell as one database round trip (ADR 0004). The function runs the steps
// the save-value command used to send one by one, in the same order and with the same
// meaning: the (unit, period) lock shared (a submission takes it exclusively) and the
// cell's own lock; then — with a fresh snapshot, since every statement of a volatile
// PL/pgSQL function takes one — whether a report holding the cell is submitted or
// approved, and the cell's current value; then the value (version + 1), its history
// row and the audit entry. Called as a single statement, it is its own transaction.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function save_data_value(
      p_data_element_id bigint, p_coc_id bigint, p_unit_id bigint, p_period text, p_province_id bigint,
      p_value text, p_numeric_value numeric, p_comment text, p_keep_comment boolean,
      p_user_id bigint, p_username text, p_at timestamptz, p_source text, p_client_change_id text,
      p_form_id bigint, p_ip text, p_user_agent text, p_request_id text
    ) returns table (frozen text, saved_version int, saved_comment text)
    language plpgsql volatile as $fn$
    declare
      v_frozen text;
      v_found boolean;
      v_old_value text;
      v_old_comment text;
      v_old_version int;
      v_comment text;
      v_version int;
    begin
      perform pg_advisory_xact_lock_shared(hashtextextended(p_unit_id || ':' || p_period, 0));
      perform pg_advisory_xact_lock(hashtextextended('cell:' || p_data_element_id || ':' || p_coc_id || ':' || p_unit_id || ':' || p_period, 0));

      select s.state into v_frozen
      from submission s join form_element fe on fe.form_id = s.form_id and fe.data_element_id = p_data_element_id
      where s.unit_id = p_unit_id and s.period = p_period and s.state in ('submitted', 'approved')
      limit 1;
      if v_frozen is not null then
        return query select v_frozen, null::int, null::text;
        return;
      end if;

      select dv.value, dv.comment, dv.version into v_old_value, v_old_comment, v_old_version
      from data_value dv
      where dv.data_element_id = p_data_element_id and dv.coc_id = p_coc_id and dv.unit_id = p_unit_id and dv.period = p_period;
      v_found := found;
      v_comment := case when p_keep_comment then v_old_comment else p_comment end;
      v_version := coalesce(v_old_version, 0) + 1;

      insert into data_value (data_element_id, coc_id, unit_id, period, province_id, value, numeric_value, comment, updated_by, updated_at, source, version)
      values (p_data_element_id, p_coc_id, p_unit_id, p_period, p_province_id, p_value, p_numeric_value, v_comment, p_user_id, p_at, p_source, v_version)
      on conflict (data_element_id, coc_id, unit_id, period) do update set
        value = excluded.value, numeric_value = excluded.numeric_value, comment = excluded.comment,
        updated_by = excluded.updated_by, updated_at = excluded.updated_at, source = excluded.source, version = excluded.version;

      insert into data_value_history (data_element_id, coc_id, unit_id, period, old_value, new_value, comment, changed_by, changed_at, source, client_change_id)
      values (p_data_element_id, p_coc_id, p_unit_id, p_period, v_old_value, p_value, v_comment, p_user_id, p_at, p_source, p_client_change_id);

      insert into audit_log (at, actor_user_id, actor_username, action, target_type, target_id, unit_id, ip, user_agent, request_id, before, after, details)
      values (
        p_at, p_user_id, p_username, 'data.value_changed', 'data_value',
        p_data_element_id || ':' || p_coc_id || ':' || p_unit_id || ':' || p_period, p_unit_id, p_ip, p_user_agent, p_request_id,
        case when v_found then jsonb_build_object('value', v_old_value, 'comment', v_old_comment) end,
        jsonb_build_object('value', p_value, 'comment', v_comment),
        jsonb_build_object('formId', p_form_id::text, 'dataElementId', p_data_element_id::text, 'cocId', p_coc_id::text, 'period', p_period,
          'source', p_source, 'version', v_version, 'clientChangeId', p_client_change_id));

      return query select null::text, v_version, v_comment;
    end
    $fn$;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}

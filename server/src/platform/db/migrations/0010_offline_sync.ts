// Offline data entry (issue 8): changes made on a device reach the server later, so a
// cell save may be based on a version someone else has replaced meanwhile.
// save_data_value (migration 0006) gains the version the change was based on, the time
// it was made on the device and the user's resolution of an earlier conflict. Under
// the cell's lock — so no save slips in between the check and the write — a change
// based on an older version whose value (or comment, when it sets one) differs from
// the stored one is not written: the function answers with the current cell instead.
// A version mismatch carrying the same value is no conflict. The device time goes into
// the audit entry's details (the entry's `at` is the sync time); a kept "mine" adds a
// data.conflict_resolved entry. Submissions remember the client id of a submit so a
// replayed one is a no-op.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function save_data_value(
      bigint, bigint, bigint, text, bigint, text, numeric, text, boolean,
      bigint, text, timestamptz, text, text, bigint, text, text, text);

    create function save_data_value(
      p_data_element_id bigint, p_coc_id bigint, p_unit_id bigint, p_period text, p_province_id bigint,
      p_value text, p_numeric_value numeric, p_comment text, p_keep_comment boolean,
      p_user_id bigint, p_username text, p_at timestamptz, p_source text, p_client_change_id text,
      p_form_id bigint, p_ip text, p_user_agent text, p_request_id text,
      p_base_version int, p_device_time timestamptz, p_resolution text
    ) returns table (
      frozen text, saved_version int, saved_comment text,
      conflict boolean, current_value text, current_comment text, current_version int,
      current_updated_at timestamptz, current_updated_by text, current_source text
    )
    language plpgsql volatile as $fn$
    declare
      v_frozen text;
      v_found boolean;
      v_old_value text;
      v_old_comment text;
      v_old_version int;
      v_old_updated_at timestamptz;
      v_old_updated_by bigint;
      v_old_source text;
      v_comment text;
      v_version int;
      v_target text := p_data_element_id || ':' || p_coc_id || ':' || p_unit_id || ':' || p_period;
      v_device text := to_char(p_device_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    begin
      perform pg_advisory_xact_lock_shared(hashtextextended(p_unit_id || ':' || p_period, 0));
      perform pg_advisory_xact_lock(hashtextextended('cell:' || v_target, 0));

      select s.state into v_frozen
      from submission s join form_element fe on fe.form_id = s.form_id and fe.data_element_id = p_data_element_id
      where s.unit_id = p_unit_id and s.period = p_period and s.state in ('submitted', 'approved')
      limit 1;
      if v_frozen is not null then
        return query select v_frozen, null::int, null::text, false, null::text, null::text, null::int, null::timestamptz, null::text, null::text;
        return;
      end if;

      select dv.value, dv.comment, dv.version, dv.updated_at, dv.updated_by, dv.source
        into v_old_value, v_old_comment, v_old_version, v_old_updated_at, v_old_updated_by, v_old_source
      from data_value dv
      where dv.data_element_id = p_data_element_id and dv.coc_id = p_coc_id and dv.unit_id = p_unit_id and dv.period = p_period;
      v_found := found;

      -- A change based on an older version conflicts only when it would replace something
      -- different from what it carries; a missing cell has nothing to lose.
      if p_base_version is not null and v_found and v_old_version <> p_base_version
         and (v_old_value is distinct from p_value or (not p_keep_comment and v_old_comment is distinct from p_comment)) then
        return query
          select null::text, null::int, null::text, true, v_old_value, v_old_comment, v_old_version, v_old_updated_at,
            (select a.username from app_user a where a.id = v_old_updated_by), v_old_source;
        return;
      end if;

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
        p_at, p_user_id, p_username, 'data.value_changed', 'data_value', v_target, p_unit_id, p_ip, p_user_agent, p_request_id,
        case when v_found then jsonb_build_object('value', v_old_value, 'comment', v_old_comment) end,
        jsonb_build_object('value', p_value, 'comment', v_comment),
        jsonb_build_object('formId', p_form_id::text, 'dataElementId', p_data_element_id::text, 'cocId', p_coc_id::text, 'period', p_period,
          'source', p_source, 'version', v_version, 'clientChangeId', p_client_change_id)
          || case when p_device_time is null then '{}'::jsonb else jsonb_build_object('deviceTime', v_device) end
          || case when p_resolution is null then '{}'::jsonb else jsonb_build_object('resolution', p_resolution) end);

      if p_resolution = 'mine' then
        insert into audit_log (at, actor_user_id, actor_username, action, target_type, target_id, unit_id, ip, user_agent, request_id, before, after, details)
        values (
          p_at, p_user_id, p_username, 'data.conflict_resolved', 'data_value', v_target, p_unit_id, p_ip, p_user_agent, p_request_id,
          case when v_found then jsonb_build_object('value', v_old_value, 'comment', v_old_comment, 'version', v_old_version) end,
          jsonb_build_object('value', p_value, 'comment', v_comment, 'version', v_version),
          jsonb_build_object('choice', 'mine', 'replacedVersion', coalesce(v_old_version, 0), 'formId', p_form_id::text,
            'dataElementId', p_data_element_id::text, 'cocId', p_coc_id::text, 'unitId', p_unit_id::text, 'period', p_period,
            'clientChangeId', p_client_change_id)
            || case when p_device_time is null then '{}'::jsonb else jsonb_build_object('deviceTime', v_device) end);
      end if;

      return query select null::text, v_version, v_comment, false, null::text, null::text, null::int, null::timestamptz, null::text, null::text;
    end
    $fn$;

    alter table submission_event add column client_change_id text;
    create unique index submission_event_client_change_uq on submission_event (client_change_id) where client_change_id is not null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}

// The "below target" alert (issue 6, ADR 0010): when a report is approved, in the approval's
// transaction (submissions/commands/transition.ts), the indicators it misses
// (catalog/missed-targets.ts, direction-aware, the same computation as the webhook event
// target.missed) are told, folded into one alert per recipient and report, to
//   - the reported unit's active users holding data.enter there, and
//   - the active users holding form.approve at the unit itself or at its parent unit
//     (the approver included: the alert is about the figures, not about the move).
// In the bell always; by e-mail through the outbox when the user has an address and has not
// switched e-mail off for target.below (one by one or in the daily digest, as chosen).
// Sent once: reminder_sent (kind target.below, form, unit, period, recipient, channel and a
// fingerprint of the missed figures — indicator, direction, value, target) under its unique
// key, ON CONFLICT DO NOTHING. Approve → unapprove → approve with the same figures alerts
// nobody again; a re-approval whose missed figures differ (a corrected value, a changed
// target, another indicator missed) alerts again. A rolled-back approval leaves nothing.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { formatNumber, type NumberLang } from '@shared/engine/numbers.ts';
import { periodLabel } from '@shared/engine/periods.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { MissedTarget } from '../catalog/missed-targets.ts';
import { notifyUsers } from '../notifications/notifications.repository.ts';
import { digestDueAt } from './mail.ts';

type Db = Kysely<Database>;

export const TARGET_ALERT_KIND = 'target.below';
/** Indicators named in the bell entry; the rest are counted ("và 2 chỉ tiêu khác"). The e-mail lists all. */
const BELL_INDICATORS = 3;

export interface TargetAlertReport {
  form: { id: string; code: string; name_vi: string };
  unit: { id: string; name: string };
  period: string;
  at: Date;
}

export interface TargetAlertResult {
  notified: number;
  mailed: number;
}

/** The missed figures, order-free: the same figures approved again give the same fingerprint. */
export function missedFingerprint(missed: MissedTarget[]): string {
  const lines = missed.map((m) => `${m.indicator.id}|${m.indicator.direction}|${m.value}|${m.target}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}

interface Named {
  name: string;
  unit: string | null;
}

function withUnit(value: number, unit: string | null, lang: NumberLang): string {
  const n = formatNumber(value, lang);
  if (!unit) return n;
  return unit.startsWith('%') ? `${n}${unit}` : `${n} ${unit}`;
}

/** "Tỷ lệ hộ nghèo dân tộc thiểu số 12,5% — mục tiêu ≤ 10%" / "… 12.5% — target ≤ 10%". */
export function missedLine(m: MissedTarget, named: Named, lang: NumberLang): string {
  const sign = m.indicator.direction === 'higher' ? '≥' : '≤';
  return `${named.name} ${withUnit(m.value, named.unit, lang)} — ${lang === 'vi' ? 'mục tiêu' : 'target'} ${sign} ${withUnit(m.target, named.unit, lang)}`;
}

function bellList(lines: string[], lang: NumberLang): string {
  const shown = lines.slice(0, BELL_INDICATORS).join('; ');
  const rest = lines.length - BELL_INDICATORS;
  if (rest <= 0) return shown;
  return lang === 'vi' ? `${shown}; và ${rest} chỉ tiêu khác` : `${shown}; and ${rest} more indicator${rest === 1 ? '' : 's'}`;
}

/**
 * Alerts the people concerned of the targets an approved report misses (`missed`, from
 * missedTargets in the same transaction). Call inside the approval's transaction.
 */
export async function alertMissedTargets(db: Db, report: TargetAlertReport, missed: MissedTarget[]): Promise<TargetAlertResult> {
  if (missed.length === 0) return { notified: 0, mailed: 0 };
  const { form, unit, period, at } = report;
  const fingerprint = missedFingerprint(missed);

  const recipients = await sql<{ user_id: string; email: string | null; email_on: boolean; digest: boolean }>`
    select au.id::text as user_id, nullif(au.email, '') as email, coalesce(np.email, true) as email_on, coalesce(np.digest, false) as digest
    from app_user au
    left join notification_preference np on np.user_id = au.id and np.kind = ${TARGET_ALERT_KIND}
    where au.active and exists (
      select 1 from user_assignment ua
      join role r on r.id = ua.role_id
      where ua.user_id = au.id and (
        (ua.unit_id = ${unit.id} and r.permissions && array['data.enter', 'form.approve']::text[])
        or (ua.unit_id = (select parent_id from org_unit where id = ${unit.id}) and 'form.approve' = any (r.permissions))))
    order by au.id`.execute(db);
  if (recipients.rows.length === 0) return { notified: 0, mailed: 0 };

  const keys = recipients.rows.flatMap((r) => [
    { user_id: r.user_id, channel: 'in_app' as const },
    ...(r.email && r.email_on ? [{ user_id: r.user_id, channel: 'email' as const }] : []),
  ]);
  const fresh = await db
    .insertInto('reminder_sent')
    .values(keys.map((k) => ({ kind: TARGET_ALERT_KIND, form_id: form.id, unit_id: unit.id, period, user_id: k.user_id, channel: k.channel, fingerprint, sent_at: at })))
    .onConflict((oc) => oc.doNothing())
    .returning(['user_id', 'channel'])
    .execute();
  if (fresh.length === 0) return { notified: 0, mailed: 0 };

  const indicators = await db
    .selectFrom('indicator')
    .select(['id', 'name_vi', 'name_en', 'unit_of_measure_vi'])
    .where('id', 'in', missed.map((m) => m.indicator.id))
    .execute();
  const byId = new Map(indicators.map((i) => [String(i.id), i]));
  const named = (m: MissedTarget, lang: NumberLang): Named => {
    const i = byId.get(m.indicator.id);
    return { name: (lang === 'en' ? i?.name_en : null) ?? i?.name_vi ?? m.indicator.name, unit: i?.unit_of_measure_vi ?? null };
  };
  const linesVi = missed.map((m) => missedLine(m, named(m, 'vi'), 'vi'));
  const linesEn = missed.map((m) => missedLine(m, named(m, 'en'), 'en'));
  const periodVi = periodLabel(period, 'vi');
  const periodEn = periodLabel(period, 'en');

  const inApp = fresh.filter((f) => f.channel === 'in_app').map((f) => String(f.user_id));
  await notifyUsers(
    db,
    inApp,
    {
      kind: TARGET_ALERT_KIND,
      params: {
        formCode: form.code,
        formName: form.name_vi,
        unitName: unit.name,
        period,
        periodVi,
        periodEn,
        count: String(missed.length),
        indicatorsVi: bellList(linesVi, 'vi'),
        indicatorsEn: bellList(linesEn, 'en'),
      },
      link: `/data-entry?form=${form.id}&unit=${unit.id}&period=${encodeURIComponent(period)}`,
    },
    at,
  );

  const mailTo = new Set(fresh.filter((f) => f.channel === 'email').map((f) => String(f.user_id)));
  const mails = recipients.rows.filter((r) => mailTo.has(r.user_id) && r.email);
  if (mails.length > 0) {
    const source = (m: MissedTarget, lang: NumberLang) => ` (${m.targetUnit.name}, ${periodLabel(m.targetPeriod, lang)})`;
    const subject = `[Trường Sơn] Chưa đạt mục tiêu: báo cáo ${form.code} kỳ ${periodVi} — ${unit.name} (${missed.length} chỉ tiêu)`;
    const body = [
      `Báo cáo ${form.code} (${form.name_vi}) kỳ ${periodVi} của ${unit.name} đã được duyệt; ${missed.length} chỉ tiêu chưa đạt mục tiêu:`,
      ...missed.map((m, i) => `- ${linesVi[i]}${source(m, 'vi')}`),
      '',
      `Report ${form.code} for ${periodEn} of ${unit.name} was approved; ${missed.length} indicator${missed.length === 1 ? '' : 's'} miss${missed.length === 1 ? 'es' : ''} the target:`,
      ...missed.map((m, i) => `- ${linesEn[i]}${source(m, 'en')}`),
    ].join('\n');
    await db
      .insertInto('mail_outbox')
      .values(
        mails.map((r) => ({
          user_id: r.user_id,
          kind: TARGET_ALERT_KIND,
          to_address: r.email!,
          subject,
          body,
          digest: r.digest,
          next_attempt_at: r.digest ? digestDueAt(at) : at,
          created_at: at,
        })),
      )
      .execute();
  }
  return { notified: inApp.length, mailed: mails.length };
}

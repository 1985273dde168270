// Demo values and submissions for Gia Lai and Quảng Ngãi, so the first `npm start` shows
// a living system: every commune's quarterly form from 2022Q1 to the last ended quarter
// (most approved, some late, a few awaiting approval, returned with questioned cells,
// or left as drafts), drafts for part of the open quarter, and the provinces' six-month
// and annual reports. Numbers come from demo-values-model.ts (deterministic per unit);
// every unit and period is checked with the engine's validation rules and repaired,
// except the few deliberately broken drafts listed in the seed_run row. Loaded once
// (seed_run 'demo-values-v1'), in one transaction, with bulk inserts.
import { insertDemoHistory } from './demo-history.ts';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import {
  addDays,
  dueDate,
  dueInstant,
  isOnTime,
  isOpenForEntry,
  periodContaining,
  periodEndDate,
  periodLabel,
  periodStartDate,
  periodsBetween,
  previousPeriod,
  vietnamDate,
  vietnamMidnight,
  type DueRule,
  type PeriodType,
} from '@shared/engine/periods.ts';
import type { ExpressionReference, MissingValueStrategy } from '@shared/engine/expression.ts';
import { checkElementValue, runValidation, type Importance, type ValidationOperator, type ValidationRule, type ValueType } from '@shared/engine/validation.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { Database, SubmissionActionValue, SubmissionStateValue } from '../platform/db/schema.ts';
import { recordAudit } from '../modules/audit/audit.repository.ts';
import {
  communeProfile,
  communeQuarterCells,
  communeStock,
  provinceHalfCells,
  provinceYearCells,
  quarterIndex,
  rand,
  type Cell,
  type CommuneProfile,
  type ProvinceTotals,
} from './demo-values-model.ts';

export const DEMO_VALUES_SEED_NAME = 'demo-values-v1';
export const DEMO_PROVINCES = ['52', '51'] as const;
/** Communes of the demo officers: their open period is left empty for them (and the browser tests). */
export const DEMO_OFFICER_COMMUNES: Record<string, string> = { 'Xã Ia Grai': 'xa.iagrai', 'Xã Kbang': 'xa.kbang', 'Xã Sơn Tây': 'xa.sontay' };
const COORDINATORS: Record<string, string> = { '52': 'tinh.gialai', '51': 'tinh.quangngai' };
const CENTRAL = 'trunguong';
const FIRST_QUARTER = '2022Q1';
const FIRST_HALF = '2022S1';
const FIRST_YEAR = 2022;
const LAST_YEAR = 2025;

// ---------------------------------------------------------------------------------
// The forms as the database has them

export interface FormElementModel {
  id: string;
  code: string;
  valueType: ValueType;
  required: boolean;
  min: number | null;
  max: number | null;
  zeroIsSignificant: boolean;
  /** Active option combinations: key "CAT=OPT|CAT=OPT" (sorted; '' for the default) → id and code. */
  cocs: Map<string, { id: string; code: string }>;
}

export interface FormModel {
  id: string;
  code: string;
  name: string;
  periodType: PeriodType;
  lockDays: number | null;
  due: Map<string, DueRule>;
  elements: FormElementModel[];
  rules: ValidationRule[];
}

const optionKey = (options: Record<string, string>) =>
  Object.entries(options)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, o]) => `${c}=${o}`)
    .join('|');

export async function loadFormModel(db: Kysely<Database>, code: string): Promise<FormModel | null> {
  const form = await db.selectFrom('form').selectAll().where('code', '=', code).executeTakeFirst();
  if (!form) return null;
  const [elements, dueRules, rules] = await Promise.all([
    db
      .selectFrom('form_element as fe')
      .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
      .select(['de.id', 'de.code', 'de.value_type', 'de.min_value', 'de.max_value', 'de.zero_is_significant', 'de.category_combo_id', 'fe.required'])
      .where('fe.form_id', '=', form.id)
      .orderBy('fe.sort_order')
      .execute(),
    db.selectFrom('form_due_rule').selectAll().where('form_id', '=', form.id).execute(),
    db
      .selectFrom('form_validation_rule as fr')
      .innerJoin('validation_rule as r', 'r.id', 'fr.rule_id')
      .selectAll('r')
      .where('fr.form_id', '=', form.id)
      .orderBy('r.code')
      .execute(),
  ]);
  const comboIds = [...new Set(elements.map((e) => e.category_combo_id))];
  const cocRows = await sql<{ id: string; combo_id: string; code: string; options: string[] | null }>`
    select coc.id, coc.combo_id, coc.code,
      (select array_agg(c.code || '=' || o.code order by c.code) from unnest(coc.option_ids) x(id)
         join category_option o on o.id = x.id join category c on c.id = o.category_id) as options
    from category_option_combo coc
    where coc.combo_id = any(${comboIds}::bigint[]) and coc.active`.execute(db);
  const byCombo = new Map<string, Map<string, { id: string; code: string }>>();
  for (const r of cocRows.rows) {
    const m = byCombo.get(String(r.combo_id)) ?? new Map();
    m.set((r.options ?? []).join('|'), { id: String(r.id), code: r.code });
    byCombo.set(String(r.combo_id), m);
  }
  return {
    id: form.id,
    code: form.code,
    name: form.name_vi,
    periodType: form.period_type as PeriodType,
    lockDays: form.lock_days_after_due,
    due: new Map(
      dueRules.map((r) => [
        r.unit_kind,
        r.days_after_end !== null ? { daysAfterEnd: r.days_after_end } : { fixedDate: { month: r.fixed_month!, day: r.fixed_day! }, yearOffset: r.year_offset === 1 ? (1 as const) : (0 as const) },
      ]),
    ),
    elements: elements.map((e) => ({
      id: e.id,
      code: e.code,
      valueType: e.value_type as ValueType,
      required: e.required,
      min: e.min_value === null ? null : Number(e.min_value),
      max: e.max_value === null ? null : Number(e.max_value),
      zeroIsSignificant: e.zero_is_significant,
      cocs: byCombo.get(e.category_combo_id) ?? new Map(),
    })),
    rules: rules.map((r) => ({
      code: r.code,
      name: r.name_vi,
      left: r.left_expr,
      operator: r.operator as ValidationOperator,
      right: r.right_expr,
      importance: r.importance as Importance,
      message: r.message_vi,
      messageEn: r.message_en ?? undefined,
      missingValueStrategy: r.missing_value_strategy as MissingValueStrategy,
    })),
  };
}

/** A cell placed on a form: element and option combination resolved to ids. */
export interface PlacedValue {
  element: FormElementModel;
  coc: { id: string; code: string };
  value: number;
}

function place(form: FormModel, cells: Cell[]): PlacedValue[] {
  const byCode = new Map(form.elements.map((e) => [e.code, e]));
  const out: PlacedValue[] = [];
  for (const c of cells) {
    const element = byCode.get(c.element);
    const coc = element?.cocs.get(optionKey(c.options));
    if (element && coc) out.push({ element, coc, value: c.value });
  }
  return out;
}

export interface FormProblem {
  ruleCode: string;
  message: string;
  /** For rules: the left-hand references, which the generator scales down to repair. */
  left?: ExpressionReference[];
  leftValue?: number | null;
  rightValue?: number | null;
}

/**
 * What the submission check would refuse, by the shared engine: required cells empty,
 * values that do not fit their element, failing cross-element rules (references by
 * element and option-combination code, totals over the form's cells).
 */
export function formProblems(form: FormModel, values: PlacedValue[]): FormProblem[] {
  const problems: FormProblem[] = [];
  const have = new Map(values.map((v) => [`${v.element.id}:${v.coc.id}`, v]));
  for (const e of form.elements) {
    for (const coc of e.cocs.values()) {
      const v = have.get(`${e.id}:${coc.id}`);
      const check = checkElementValue({ valueType: e.valueType, required: e.required, min: e.min, max: e.max, zeroIsSignificant: e.zeroIsSignificant }, v ? v.value : null, 'en', { mode: 'submission' });
      if (!check.ok) problems.push({ ruleCode: check.code === 'required' ? 'required' : `value:${e.code}`, message: `${e.code}.${coc.code}: ${check.messageEn}` });
    }
  }
  const byCode = new Map<string, Map<string, number>>();
  for (const v of values) {
    const m = byCode.get(v.element.code) ?? new Map<string, number>();
    m.set(v.coc.code, v.value);
    byCode.set(v.element.code, m);
  }
  const lookup = (ref: ExpressionReference): number | null => {
    const m = byCode.get(ref.dataElement);
    if (!m) return null;
    if (ref.combo !== undefined) return m.get(ref.combo) ?? null;
    let sum = 0;
    for (const x of m.values()) sum += x;
    return sum;
  };
  for (const v of runValidation(form.rules, lookup)) {
    const rule = form.rules.find((r) => r.code === v.ruleCode)!;
    const leftRefs = v.references.filter((r) => rule.left.includes(`#{${r.combo === undefined ? r.dataElement : `${r.dataElement}.${r.combo}`}}`));
    problems.push({ ruleCode: v.ruleCode, message: v.messageEn, left: leftRefs, leftValue: v.leftValue, rightValue: v.rightValue });
  }
  return problems;
}

/** Scales the left side of failing "≤ / <" rules down to the right side, until the form passes. */
function repair(form: FormModel, values: PlacedValue[], where: string): PlacedValue[] {
  for (let round = 0; round < 4; round++) {
    const problems = formProblems(form, values).filter((p) => p.ruleCode !== 'required');
    if (problems.length === 0) return values;
    for (const p of problems) {
      if (!p.left || p.left.length === 0 || p.leftValue == null || p.rightValue == null || p.leftValue <= 0) continue;
      const factor = Math.max(0, p.rightValue / p.leftValue);
      for (const ref of p.left) {
        for (const v of values) {
          if (v.element.code !== ref.dataElement || (ref.combo !== undefined && v.coc.code !== ref.combo)) continue;
          v.value = v.element.valueType === 'integer' ? Math.floor(v.value * factor) : Math.floor(v.value * factor * 10) / 10;
        }
      }
    }
  }
  const left = formProblems(form, values).filter((p) => p.ruleCode !== 'required');
  if (left.length > 0) throw new Error(`demo values: ${where} still fails ${left.map((p) => p.ruleCode).join(', ')}`);
  return values;
}

// ---------------------------------------------------------------------------------
// Time helpers (Vietnam time)

/** Moves a weekend day to the Friday before (back) or the Monday after (forward). */
function workday(date: string, direction: 'back' | 'forward'): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (dow === 6) return addDays(date, direction === 'back' ? -1 : 2);
  if (dow === 0) return addDays(date, direction === 'back' ? -2 : 1);
  return date;
}

/** Office hours on a working day, 07:30–17:00 Vietnam time. */
function officeTime(date: string, key: string, direction: 'back' | 'forward' = 'forward'): Date {
  const minutes = 450 + Math.floor(rand(key) * 570);
  return new Date(vietnamMidnight(workday(date, direction)).getTime() + minutes * 60_000);
}

const DAY = 86_400_000;

// ---------------------------------------------------------------------------------
// The plan: values, submissions and their events

interface PlannedEvent {
  action: SubmissionActionValue;
  from: SubmissionStateValue;
  to: SubmissionStateValue;
  actorId: string | null;
  at: Date;
  comment: string | null;
  /** Questioned cells of a return. */
  cells?: { value: PlacedValue; comment: string }[];
}

interface PlannedReport {
  form: FormModel;
  unit: { id: string; code: string; name: string; fullName: string; kind: 'commune' | 'province'; provinceId: string };
  period: string;
  values: PlacedValue[];
  enteredAt: Date;
  enteredBy: string | null;
  events: PlannedEvent[];
}

interface UnitRow {
  id: string;
  code: string;
  name: string;
  full_name: string;
  type: string;
  province_id: string;
  province_code: string;
  old_province: string | null;
  old_district: string | null;
}

const RETURN_REASONS: { gl: string; qn: string } = {
  gl: 'Đề nghị xã rà soát lại các số liệu được đánh dấu trước khi tỉnh tổng hợp.',
  qn: 'Một số chỉ tiêu chưa khớp với báo cáo của các phòng chuyên môn; đề nghị xã kiểm tra và gửi lại.',
};

/** Questioned cells: a value made to look odd, and the reviewer's question about it. */
type Oddity = (values: PlacedValue[], previous: PlacedValue[]) => { value: PlacedValue; comment: string }[];

const find = (values: PlacedValue[], element: string, coc?: string) => values.find((v) => v.element.code === element && (coc === undefined || v.coc.code === coc));
const fmt = (n: number) => n.toLocaleString('vi-VN');

const ODDITIES: Oddity[] = [
  // Poverty falling sharply mid-year, and a housing figure far above the usual.
  (values, previous) => {
    const out: { value: PlacedValue; comment: string }[] = [];
    const poor = find(values, 'HH_POOR_DTTS');
    const before = find(previous, 'HH_POOR_DTTS')?.value;
    if (poor && before) {
      poor.value = Math.round(before * 0.68);
      out.push({ value: poor, comment: `Số hộ nghèo DTTS giảm ${fmt(before - poor.value)} hộ so với quý trước, trong khi rà soát hộ nghèo chỉ thực hiện vào cuối năm. Đề nghị xã kiểm tra lại.` });
    }
    const housing = values.filter((v) => v.element.code === 'DA1_HH_HOUSING_SUPPORTED').sort((a, b) => b.value - a.value)[0];
    if (housing) {
      housing.value = Math.max(housing.value, 12) * 6 + 4;
      out.push({ value: housing, comment: `Số hộ được hỗ trợ nhà ở trong quý (${fmt(housing.value)} hộ) cao bất thường; đề nghị đối chiếu với biên bản nghiệm thu.` });
    }
    return out;
  },
  // Every pregnant woman examined, and capital fully disbursed in one quarter.
  (values) => {
    const out: { value: PlacedValue; comment: string }[] = [];
    const preg = find(values, 'DA7_PREGNANT');
    const anc = find(values, 'DA7_ANC');
    if (preg && anc) {
      anc.value = preg.value;
      out.push({ value: anc, comment: 'Tỷ lệ khám thai định kỳ đạt 100%, tăng mạnh so với các quý trước; đề nghị xã xác nhận với trạm y tế.' });
    }
    const alloc = find(values, 'CAPITAL_ALLOCATED');
    const disb = find(values, 'CAPITAL_DISBURSED');
    if (alloc && disb) {
      disb.value = alloc.value;
      out.push({ value: disb, comment: 'Vốn giải ngân bằng đúng vốn được giao; đề nghị gửi kèm số liệu đối chiếu của Kho bạc Nhà nước.' });
    }
    return out;
  },
  // All 5-year-olds in preschool, and far fewer children under 5 than last quarter.
  (values, previous) => {
    const out: { value: PlacedValue; comment: string }[] = [];
    const c5 = find(values, 'CHILDREN_5Y');
    const pre = find(values, 'CHILDREN_5Y_PRESCHOOL');
    if (c5 && pre) {
      pre.value = c5.value;
      out.push({ value: pre, comment: '100% trẻ 5 tuổi đi mẫu giáo, trong khi quý trước còn nhiều trẻ chưa ra lớp; đề nghị kiểm tra lại số liệu của trường mẫu giáo.' });
    }
    const girls = find(values, 'CHILDREN_U5', 'NU');
    const girlsBefore = find(previous, 'CHILDREN_U5', 'NU')?.value;
    const uwGirls = find(values, 'DA7_U5_UNDERWEIGHT', 'NU');
    if (girls && girlsBefore && uwGirls) {
      girls.value = Math.max(uwGirls.value, Math.round(girlsBefore * 0.7));
      out.push({ value: girls, comment: `Số trẻ gái dưới 5 tuổi giảm còn ${fmt(girls.value)} (quý trước ${fmt(girlsBefore)}); đề nghị xã giải trình.` });
    }
    return out;
  },
];

export interface DemoValuesSummary {
  values: number;
  submissions: number;
  events: number;
  communes: number;
  durationMs: number;
}

export async function loadDemoValues(db: Kysely<Database>, log: Logger, now: Date): Promise<boolean> {
  const done = await db.selectFrom('seed_run').select('name').where('name', '=', DEMO_VALUES_SEED_NAME).executeTakeFirst();
  if (done) return false;
  const started = performance.now();
  const [bm01, bm02, bm03] = await Promise.all([loadFormModel(db, 'BM01_XA_QUY'), loadFormModel(db, 'BM02_TINH_6T'), loadFormModel(db, 'BM03_TINH_NAM')]);
  if (!bm01 || !bm02 || !bm03) {
    log.warn('demo values postponed: the shipped report forms are not loaded');
    return false;
  }
  const users = new Map((await db.selectFrom('app_user').select(['id', 'username', 'display_name']).where('is_demo', '=', true).execute()).map((u) => [u.username, u]));
  const userId = (username: string) => users.get(username)?.id ?? null;
  const ethnicRows = await db
    .selectFrom('category_option as o')
    .innerJoin('category as c', 'c.id', 'o.category_id')
    .select(['o.code', 'o.name_vi'])
    .where('c.code', '=', 'ETHNIC')
    .execute();
  const ethnicByName = new Map(ethnicRows.map((r) => [foldVietnamese(r.name_vi), r.code]));
  const ethnicCode = (name: string) => ethnicByName.get(foldVietnamese(name));

  const provinces = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'full_name'])
    .where('kind', '=', 'province')
    .where('hierarchy', '=', '2025')
    .where('code', 'in', [...DEMO_PROVINCES])
    .orderBy('code', 'desc')
    .execute();
  const unitRows = (
    await sql<UnitRow>`
      select n.id, n.code, n.name, n.full_name, n.type, p.id as province_id, p.code as province_code,
        old.province_code as old_province, old.district as old_district
      from org_unit n
      join org_unit p on p.id = n.parent_id
      left join lateral (
        select split_part(o.path, '/', 3) as province_code, d.name as district
        from org_unit_succession s join org_unit o on o.id = s.old_unit_id join org_unit d on d.id = o.parent_id
        where s.new_unit_id = n.id order by s.weight desc, o.code limit 1) old on true
      where n.kind = 'commune' and n.hierarchy = '2025' and n.valid_to is null
        and p.code = any(${[...DEMO_PROVINCES]}::text[]) and p.hierarchy = '2025'
      order by n.code`.execute(db)
  ).rows.map((r) => ({ ...r, id: String(r.id), province_id: String(r.province_id) }));

  const profiles = new Map<string, CommuneProfile>(
    unitRows.map((u) => [u.code, communeProfile({ code: u.code, name: u.full_name, type: u.type, provinceCode: u.province_code, oldProvinceCode: u.old_province, oldDistrict: u.old_district })]),
  );

  const reports: PlannedReport[] = [];
  const exceptions: { unitId: string; period: string; expiresAt: Date; grantedBy: string | null; at: Date }[] = [];
  const broken: { unit: string; period: string; form: string; reason: string }[] = [];
  const nowDay = vietnamDate(now);

  // --- Communes, quarterly -------------------------------------------------------
  const communeDue = bm01.due.get('commune') ?? { daysAfterEnd: 10 };
  const current = periodContaining('quarter', now);
  const lastEnded = previousPeriod(current);
  const quarters = quarterIndex(lastEnded) >= 0 ? periodsBetween(FIRST_QUARTER, lastEnded) : [];
  const currentOpen = isOpenForEntry(current, now, { due: communeDue, lockDaysAfterDue: bm01.lockDays }) === 'open';

  // The latest ended quarter's story: a few returned, awaiting approval, or never submitted.
  const demoCommunes = new Set(unitRows.filter((u) => DEMO_OFFICER_COMMUNES[u.full_name] && u.province_code === (u.full_name === 'Xã Sơn Tây' ? '51' : '52')).map((u) => u.code));
  const ranked = (province: string) =>
    unitRows
      .filter((u) => u.province_code === province && !demoCommunes.has(u.code) && u.type === 'xa' && profiles.get(u.code)!.share > 0.3)
      .sort((a, b) => rand(`${a.code}:lastStory`) - rand(`${b.code}:lastStory`) || a.code.localeCompare(b.code));
  const story = new Map<string, 'returned' | 'awaiting' | 'draft' | 'broken-rule' | 'broken-missing'>();
  const iaGrai = unitRows.find((u) => u.full_name === 'Xã Ia Grai' && u.province_code === '52');
  if (iaGrai) story.set(iaGrai.code, 'returned');
  for (const province of DEMO_PROVINCES) {
    const list = ranked(province);
    story.set(list[0].code, 'returned');
    for (const u of list.slice(1, 4)) story.set(u.code, 'awaiting');
    story.set(list[4].code, province === '52' ? 'broken-rule' : 'broken-missing');
    for (const u of list.slice(5, 7)) story.set(u.code, 'draft');
  }

  for (const u of unitRows) {
    const p = profiles.get(u.code)!;
    const coordinator = userId(COORDINATORS[u.province_code]);
    const officerName = DEMO_OFFICER_COMMUNES[u.full_name];
    const officer = demoCommunes.has(u.code) && officerName ? userId(officerName) : null;
    const unit = { id: u.id, code: u.code, name: u.name, fullName: u.full_name, kind: 'commune' as const, provinceId: u.province_id };
    let previous: PlacedValue[] = [];
    for (const period of quarters) {
      const k = (what: string) => `${u.code}:${period}:${what}`;
      const values = repair(bm01, place(bm01, communeQuarterCells(p, period, ethnicCode)), `${u.code} ${period}`);
      const end = periodEndDate(period);
      const due = dueDate(period, communeDue);
      const year = Number(period.slice(0, 4));
      const isLast = period === lastEnded;
      const s = isLast ? story.get(u.code) : undefined;
      const events: PlannedEvent[] = [];
      // Submission: on time mostly (the regime only took effect in mid-2022), some late.
      const lateChance = demoCommunes.has(u.code) ? 0 : p.chronicLate ? 0.45 : year === 2022 && period <= '2022Q2' ? 0.3 : 0.07;
      const late = s === 'awaiting' ? rand(k('late')) < 0.5 : s === 'returned' ? false : rand(k('late')) < lateChance;
      const submitDay = late ? addDays(due, 1 + Math.floor(rand(k('lateDays')) * 18)) : addDays(due, -Math.floor(rand(k('early')) ** 2 * 9));
      const submitAt = officeTime(submitDay, k('submitAt'), late ? 'forward' : 'back');
      let enteredAt = new Date(Math.max(vietnamMidnight(addDays(end, 1)).getTime() + 8 * 3_600_000, submitAt.getTime() - 3_600_000 - Math.floor(rand(k('enteredAt')) * 3 * DAY)));
      if (enteredAt >= submitAt) enteredAt = new Date(submitAt.getTime() - 20 * 60_000);

      if (s === 'draft' || s === 'broken-rule' || s === 'broken-missing') {
        enteredAt = officeTime(addDays(due, -2 - Math.floor(rand(k('draftDay')) * 6)), k('draftAt'));
        if (s === 'broken-rule') {
          const c5 = find(values, 'CHILDREN_5Y');
          const pre = find(values, 'CHILDREN_5Y_PRESCHOOL');
          if (c5 && pre) pre.value = c5.value + 12;
          broken.push({ unit: u.code, period, form: bm01.code, reason: 'TRE5_MG_LE_TRE5' });
        } else if (s === 'broken-missing') {
          for (const code of ['CAPITAL_DISBURSED', 'DA7_PREGNANT', 'DA7_ANC']) {
            const i = values.findIndex((v) => v.element.code === code);
            if (i >= 0) values.splice(i, 1);
          }
          broken.push({ unit: u.code, period, form: bm01.code, reason: 'required' });
        }
      } else {
        events.push({ action: 'submit', from: 'draft', to: 'submitted', actorId: officer, at: submitAt, comment: null });
        if (s === 'returned') {
          const oddity = ODDITIES[u.code === iaGrai?.code ? 0 : u.province_code === '52' ? 1 : 2];
          const cells = oddity(values, previous);
          const returnAt = officeTime(addDays(nowDay, -5 + Math.floor(rand(k('ret')) * 3)), k('returnAt'));
          if (returnAt > submitAt && returnAt < now) {
            events.push({ action: 'return', from: 'submitted', to: 'returned', actorId: coordinator, at: returnAt, comment: u.province_code === '52' ? RETURN_REASONS.gl : RETURN_REASONS.qn, cells });
            const locksAt = bm01.lockDays === null ? null : dueInstant(period, communeDue).getTime() + bm01.lockDays * DAY;
            if (locksAt !== null && locksAt < now.getTime() + 14 * DAY) {
              exceptions.push({ unitId: u.id, period, expiresAt: new Date(vietnamMidnight(addDays(nowDay, 15)).getTime() - 1), grantedBy: coordinator, at: returnAt });
            }
          }
        } else if (s !== 'awaiting') {
          const cycle = !demoCommunes.has(u.code) && rand(k('cycle')) < 0.05;
          let last = submitDay;
          if (cycle) {
            const retDay = addDays(submitDay, 2 + Math.floor(rand(k('retDay')) * 5));
            const resDay = addDays(workday(retDay, 'forward'), 1 + Math.floor(rand(k('resDay')) * 4));
            const prev = previousQuarterValues(previous);
            const cells = ODDITIES[Math.floor(rand(k('oddity')) * 3)](values.map((v) => ({ ...v })), prev).map((c) => ({
              value: values.find((v) => v.element === c.value.element && v.coc === c.value.coc)!,
              comment: c.comment,
            }));
            events.push(
              { action: 'return', from: 'submitted', to: 'returned', actorId: coordinator, at: officeTime(retDay, k('retAt')), comment: u.province_code === '52' ? RETURN_REASONS.gl : RETURN_REASONS.qn, cells },
              { action: 'submit', from: 'returned', to: 'submitted', actorId: officer, at: officeTime(resDay, k('resAt')), comment: 'Xã đã kiểm tra, giải trình và gửi lại.' },
            );
            last = resDay;
          }
          const approveDay = addDays(workday(last, 'forward'), 1 + Math.floor(rand(k('apprDay')) * 7));
          events.push({ action: 'approve', from: 'submitted', to: 'approved', actorId: coordinator, at: officeTime(approveDay, k('apprAt')), comment: null });
        }
      }
      reports.push({ form: bm01, unit, period, values, enteredAt, enteredBy: officer, events: events.filter((e) => e.at < now) });
      previous = values;
    }

    // The open quarter: a third of the communes have started, none of the demo officers'.
    if (currentOpen && !demoCommunes.has(u.code) && rand(`${u.code}:${current}:started`) < 0.35) {
      const all = repair(bm01, place(bm01, communeQuarterCells(p, current, ethnicCode)), `${u.code} ${current}`);
      const sections = ['DA1_', 'CHILDREN_5Y', 'DA7_', 'CHILDREN_U5', 'CAPITAL_'];
      const kept = sections.filter((prefix) => rand(`${u.code}:${current}:${prefix}`) < 0.55);
      const values = all.filter((v) => ['HH_TOTAL', 'HH_DTTS', 'HH_POOR_DTTS', 'POP_DTTS'].includes(v.element.code) || kept.some((prefix) => v.element.code.startsWith(prefix)));
      const startMs = vietnamMidnight(addDays(periodStartDate(current), 20)).getTime();
      const at = new Date(startMs + rand(`${u.code}:${current}:at`) * Math.max(0, now.getTime() - DAY - startMs));
      if (at < now && repairedPasses(bm01, values)) reports.push({ form: bm01, unit, period: current, values, enteredAt: at, enteredBy: officer, events: [] });
    }
  }

  // --- Provinces: six-month and annual reports -------------------------------------
  const byProvince = (province: string, t: number) => {
    const rows = unitRows.filter((u) => u.province_code === province);
    const totals: ProvinceTotals = { households: 0, dtts: 0, poor: 0, poorStart: 0, population: 0, dttsPopulation: 0, groups: [], communeCapital: 0, communes: rows.length };
    const groups = new Map<string, number>();
    for (const u of rows) {
      const p = profiles.get(u.code)!;
      const s = communeStock(p, t);
      totals.households += s.households;
      totals.dtts += s.dtts;
      totals.poor += s.poor;
      totals.poorStart += communeStock(p, t - 4).poor;
      totals.population += s.population;
      totals.dttsPopulation += s.dttsPopulation;
      for (const [g, w] of p.groups) groups.set(g, (groups.get(g) ?? 0) + w * s.dttsPopulation);
    }
    totals.groups = [...groups.entries()].map(([g, n]) => [g, n / Math.max(1, totals.dttsPopulation)] as [string, number]).sort((a, b) => b[1] - a[1]);
    return totals;
  };
  const communeCapital = new Map<string, number>();
  for (const r of reports) {
    if (r.form !== bm01) continue;
    const province = unitRows.find((u) => u.id === r.unit.id)!.province_code;
    const half = `${r.period.slice(0, 4)}S${Number(r.period.slice(5)) <= 2 ? 1 : 2}`;
    const alloc = find(r.values, 'CAPITAL_ALLOCATED')?.value ?? 0;
    communeCapital.set(`${province}:${half}`, (communeCapital.get(`${province}:${half}`) ?? 0) + alloc);
  }
  const central = userId(CENTRAL);
  const halfDue = bm02.due.get('province') ?? { daysAfterEnd: 20 };
  const yearDue = bm03.due.get('province') ?? { fixedDate: { month: 12, day: 15 } };
  const halves = periodsBetween(FIRST_HALF, previousPeriod(periodContaining('sixMonth', now)));
  for (const prov of provinces) {
    const coordinator = userId(COORDINATORS[prov.code]);
    const unit = { id: prov.id, code: prov.code, name: prov.name, fullName: prov.full_name, kind: 'province' as const, provinceId: prov.id };
    const plan = (form: FormModel, period: string, cells: Cell[], due: DueRule, opts: { late?: boolean; awaiting?: boolean; cycle?: string }) => {
      const k = (what: string) => `${prov.code}:${form.code}:${period}:${what}`;
      const values = repair(form, place(form, cells), `${prov.code} ${form.code} ${period}`);
      const dueDay = dueDate(period, due);
      const submitDay = opts.late ? addDays(dueDay, 8 + Math.floor(rand(k('late')) * 12)) : addDays(dueDay, -Math.floor(rand(k('early')) * 5));
      const submitAt = officeTime(submitDay, k('submitAt'), opts.late ? 'forward' : 'back');
      const events: PlannedEvent[] = [{ action: 'submit', from: 'draft', to: 'submitted', actorId: coordinator, at: submitAt, comment: null }];
      let last = submitDay;
      if (opts.cycle) {
        const cell = values.find((v) => v.element.code === opts.cycle);
        const retDay = addDays(submitDay, 4);
        const resDay = addDays(workday(retDay, 'forward'), 3);
        events.push(
          {
            action: 'return',
            from: 'submitted',
            to: 'returned',
            actorId: central,
            at: officeTime(retDay, k('retAt')),
            comment: 'Đề nghị tỉnh rà soát số liệu thôn đặc biệt khó khăn đã thoát, bảo đảm khớp với quyết định công nhận của tỉnh.',
            cells: cell ? [{ value: cell, comment: 'Số thôn đã thoát khỏi tình trạng đặc biệt khó khăn chưa khớp với danh sách kèm theo quyết định của Ủy ban nhân dân tỉnh.' }] : [],
          },
          { action: 'submit', from: 'returned', to: 'submitted', actorId: coordinator, at: officeTime(resDay, k('resAt')), comment: 'Tỉnh đã rà soát và cập nhật theo quyết định công nhận.' },
        );
        last = resDay;
      }
      if (!opts.awaiting) events.push({ action: 'approve', from: 'submitted', to: 'approved', actorId: central, at: officeTime(addDays(workday(last, 'forward'), 2 + Math.floor(rand(k('appr')) * 8)), k('apprAt')), comment: null });
      const enteredAt = new Date(submitAt.getTime() - DAY - Math.floor(rand(k('entered')) * 4 * DAY));
      reports.push({ form, unit, period, values, enteredAt, enteredBy: coordinator, events: events.filter((e) => e.at < now) });
    };
    for (const half of halves) {
      const year = Number(half.slice(0, 4));
      const endQuarter = (year - FIRST_YEAR) * 4 + (half.endsWith('S1') ? 1 : 3);
      const totals = { ...byProvince(prov.code, endQuarter), communeCapital: communeCapital.get(`${prov.code}:${half}`) ?? 0 };
      plan(bm02, half, provinceHalfCells(prov.code, half, totals, ethnicCode), halfDue, {
        late: half === FIRST_HALF,
        awaiting: prov.code === '51' && half === halves[halves.length - 1],
      });
    }
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      const period = String(year);
      if (periodStartDate(period) > nowDay) continue;
      const totals = byProvince(prov.code, (year - FIRST_YEAR) * 4 + 3);
      plan(bm03, period, provinceYearCells(prov.code, year, totals), yearDue, { late: year === FIRST_YEAR && prov.code === '51', cycle: prov.code === '51' && year === 2023 ? 'VILLAGE_DBKK_EXITED' : undefined });
    }
  }

  // --- Write -------------------------------------------------------------------------
  const counts = await db.transaction().execute(async (trx) => {
    // Bulk load: the aggregates are rebuilt once at the end instead of per statement (ADR 0005).
    await sql`set local truongson.defer_aggregates = 'on'`.execute(trx);
    const again = await trx.selectFrom('seed_run').select('name').where('name', '=', DEMO_VALUES_SEED_NAME).forUpdate().executeTakeFirst();
    if (again) return null;
    // Cells someone already filled in (a database that had the demo accounts before this seed) are left alone.
    const provinceIds = [...new Set(reports.map((r) => r.unit.provinceId))];
    const existing = new Set(
      (await trx.selectFrom('data_value').select(['data_element_id', 'coc_id', 'unit_id', 'period']).where('province_id', 'in', provinceIds).execute()).map(
        (v) => `${v.data_element_id}:${v.coc_id}:${v.unit_id}:${v.period}`,
      ),
    );
    const dv = { de: [] as string[], coc: [] as string[], unit: [] as string[], period: [] as string[], prov: [] as string[], value: [] as string[], num: [] as (string | null)[], by: [] as (string | null)[], at: [] as string[], approved: [] as boolean[] };
    for (const r of reports) {
      // Cells of a report that ends approved count in the approved-only totals.
      const approved = r.events.length > 0 && r.events[r.events.length - 1].to === 'approved';
      r.values.forEach((v, i) => {
        const check = checkElementValue({ valueType: v.element.valueType }, v.value, 'en');
        if (!check.ok || check.stored === null || existing.has(`${v.element.id}:${v.coc.id}:${r.unit.id}:${r.period}`)) return;
        dv.de.push(v.element.id);
        dv.coc.push(v.coc.id);
        dv.unit.push(r.unit.id);
        dv.period.push(r.period);
        dv.prov.push(r.unit.provinceId);
        dv.value.push(check.stored);
        dv.num.push(typeof check.value === 'number' ? check.stored : null);
        dv.by.push(r.enteredBy);
        dv.at.push(new Date(r.enteredAt.getTime() + i * 15_000).toISOString());
        dv.approved.push(approved);
      });
    }
    const BATCH = 20_000;
    for (let i = 0; i < dv.de.length; i += BATCH) {
      const s = <T>(a: T[]) => a.slice(i, i + BATCH);
      // One statement for the value and its history row (old value null: first entry).
      await sql`
        with ins as (
          insert into data_value (data_element_id, coc_id, unit_id, period, province_id, value, numeric_value, updated_by, updated_at, source, version, approved)
          select de, coc, unit, period, prov, value, num, by, at, 'screen', 1, approved
          from unnest(${s(dv.de)}::bigint[], ${s(dv.coc)}::bigint[], ${s(dv.unit)}::bigint[], ${s(dv.period)}::text[], ${s(dv.prov)}::bigint[],
                      ${s(dv.value)}::text[], ${s(dv.num)}::numeric[], ${s(dv.by)}::bigint[], ${s(dv.at)}::timestamptz[], ${s(dv.approved)}::boolean[])
            as x(de, coc, unit, period, prov, value, num, by, at, approved)
          returning data_element_id, coc_id, unit_id, period, value, updated_by, updated_at)
        insert into data_value_history (data_element_id, coc_id, unit_id, period, old_value, new_value, changed_by, changed_at, source)
        select data_element_id, coc_id, unit_id, period, null, value, updated_by, updated_at, 'screen' from ins`.execute(trx);
    }

    // Submissions: one row per report with at least one event; its columns follow from the events.
    const submitted = reports.filter((r) => r.events.length > 0);
    const sub = { form: [] as string[], unit: [] as string[], period: [] as string[], prov: [] as string[], state: [] as string[], version: [] as number[], first: [] as string[], at: [] as (string | null)[], by: [] as (string | null)[], onTime: [] as boolean[], decidedAt: [] as (string | null)[], decidedBy: [] as (string | null)[], updated: [] as string[] };
    for (const r of submitted) {
      const submits = r.events.filter((e) => e.action === 'submit');
      const lastSubmit = submits[submits.length - 1];
      const decisions = r.events.filter((e) => e.action === 'approve' || e.action === 'return');
      const decided = decisions[decisions.length - 1];
      const decidedAfter = decided && decided.at > lastSubmit.at ? decided : undefined;
      const due = r.form.due.get(r.unit.kind)!;
      sub.form.push(r.form.id);
      sub.unit.push(r.unit.id);
      sub.period.push(r.period);
      sub.prov.push(r.unit.provinceId);
      sub.state.push(r.events[r.events.length - 1].to);
      sub.version.push(r.events.length);
      sub.first.push(submits[0].at.toISOString());
      sub.at.push(lastSubmit.at.toISOString());
      sub.by.push(lastSubmit.actorId);
      sub.onTime.push(isOnTime(r.period, submits[0].at, due));
      sub.decidedAt.push(decidedAfter ? decidedAfter.at.toISOString() : null);
      sub.decidedBy.push(decidedAfter ? decidedAfter.actorId : null);
      sub.updated.push(r.events[r.events.length - 1].at.toISOString());
    }
    const ids = new Map<string, string>();
    for (let i = 0; i < sub.form.length; i += BATCH) {
      const s = <T>(a: T[]) => a.slice(i, i + BATCH);
      const rows = await sql<{ id: string; form_id: string; unit_id: string; period: string }>`
        insert into submission (form_id, unit_id, period, province_id, state, version, first_submitted_at, submitted_at, submitted_by, on_time, decided_at, decided_by, updated_at)
        select * from unnest(${s(sub.form)}::bigint[], ${s(sub.unit)}::bigint[], ${s(sub.period)}::text[], ${s(sub.prov)}::bigint[], ${s(sub.state)}::text[],
                             ${s(sub.version)}::int[], ${s(sub.first)}::timestamptz[], ${s(sub.at)}::timestamptz[], ${s(sub.by)}::bigint[], ${s(sub.onTime)}::boolean[],
                             ${s(sub.decidedAt)}::timestamptz[], ${s(sub.decidedBy)}::bigint[], ${s(sub.updated)}::timestamptz[])
        on conflict (form_id, unit_id, period) do nothing
        returning id, form_id, unit_id, period`.execute(trx);
      for (const row of rows.rows) ids.set(`${row.form_id}:${row.unit_id}:${row.period}`, String(row.id));
    }
    const ev = { sid: [] as string[], action: [] as string[], from: [] as string[], to: [] as string[], actor: [] as (string | null)[], at: [] as string[], comment: [] as (string | null)[] };
    const questioned: { sid: string; at: number; cells: { value: PlacedValue; comment: string }[]; resolvedAt: string | null }[] = [];
    for (const r of submitted) {
      const sid = ids.get(`${r.form.id}:${r.unit.id}:${r.period}`);
      if (!sid) continue;
      r.events.forEach((e, i) => {
        ev.sid.push(sid);
        ev.action.push(e.action);
        ev.from.push(e.from);
        ev.to.push(e.to);
        ev.actor.push(e.actorId);
        ev.at.push(e.at.toISOString());
        ev.comment.push(e.comment);
        if (e.action === 'return' && e.cells && e.cells.length > 0) {
          const approval = r.events.slice(i + 1).find((x) => x.action === 'approve');
          questioned.push({ sid, at: e.at.getTime(), cells: e.cells, resolvedAt: approval ? approval.at.toISOString() : null });
        }
      });
    }
    for (let i = 0; i < ev.sid.length; i += BATCH) {
      const s = <T>(a: T[]) => a.slice(i, i + BATCH);
      await sql`
        insert into submission_event (submission_id, action, from_state, to_state, actor_id, at, comment)
        select * from unnest(${s(ev.sid)}::bigint[], ${s(ev.action)}::text[], ${s(ev.from)}::text[], ${s(ev.to)}::text[], ${s(ev.actor)}::bigint[], ${s(ev.at)}::timestamptz[], ${s(ev.comment)}::text[])`.execute(trx);
    }
    if (questioned.length > 0) {
      const returns = await trx
        .selectFrom('submission_event')
        .select(['id', 'submission_id', 'at'])
        .where('action', '=', 'return')
        .where('submission_id', 'in', [...new Set(questioned.map((q) => q.sid))])
        .execute();
      const eventOf = new Map(returns.map((e) => [`${e.submission_id}:${new Date(e.at).getTime()}`, e.id]));
      const rows = questioned.flatMap((q) =>
        q.cells.map((c) => ({
          submission_id: q.sid,
          event_id: eventOf.get(`${q.sid}:${q.at}`)!,
          data_element_id: c.value.element.id,
          coc_id: c.value.coc.id,
          comment: c.comment,
          resolved_at: q.resolvedAt,
        })),
      );
      await trx.insertInto('submission_cell_comment').values(rows).execute();
    }
    if (exceptions.length > 0) {
      await trx
        .insertInto('form_lock_exception')
        .values(
          exceptions.map((x) => ({
            form_id: bm01.id,
            unit_id: x.unitId,
            period: x.period,
            expires_at: x.expiresAt,
            reason: 'Tỉnh trả lại báo cáo để xã chỉnh sửa theo ý kiến; gia hạn nhập liệu.',
            granted_by: x.grantedBy,
            created_at: x.at,
          })),
        )
        .execute();
    }

    // Unread notifications for what the demo users would have heard of lately.
    const notes: { user_id: string; kind: string; params: string; link: string; created_at: Date }[] = [];
    const recentFrom = now.getTime() - 45 * DAY;
    for (const r of submitted) {
      const e = r.events[r.events.length - 1];
      if (e.at.getTime() < recentFrom) continue;
      const recipients =
        e.action === 'submit'
          ? r.unit.kind === 'commune'
            ? [userId(COORDINATORS[unitRows.find((u) => u.id === r.unit.id)!.province_code])]
            : [central]
          : r.unit.kind === 'commune'
            ? [r.enteredBy]
            : [userId(COORDINATORS[r.unit.code])];
      const actor = [...users.values()].find((u) => u.id === e.actorId);
      for (const user of recipients) {
        if (!user || user === e.actorId) continue;
        const params: Record<string, string> = {
          formCode: r.form.code,
          formName: r.form.name,
          unitName: r.unit.name,
          period: r.period,
          periodVi: periodLabel(r.period, 'vi'),
          periodEn: periodLabel(r.period, 'en'),
          actor: actor?.display_name ?? r.unit.fullName,
          ...(e.comment ? { comment: e.comment } : {}),
          ...(e.cells && e.cells.length > 0 ? { cells: String(e.cells.length) } : {}),
        };
        notes.push({ user_id: user, kind: `submission.${e.action}`, params: JSON.stringify(params), link: `/data-entry?form=${r.form.id}&unit=${r.unit.id}&period=${encodeURIComponent(r.period)}`, created_at: e.at });
      }
    }
    if (notes.length > 0) await trx.insertInto('notification').values(notes).execute();
    // The old communes' 2021 reports, then the aggregates of everything at once.
    const history = await insertDemoHistory(trx);
    await sql`select rebuild_aggregates()`.execute(trx);

    const result = { values: dv.de.length, history, submissions: ids.size, events: ev.sid.length, questionedCells: questioned.reduce((n, q) => n + q.cells.length, 0), communes: unitRows.length, broken };
    await recordAudit(trx, { ip: null, userAgent: null, requestId: null, actor: null, at: now }, { action: 'seed.demo_values', targetType: 'seed_run', targetId: null, details: { ...result, broken: broken.length } });
    await trx.insertInto('seed_run').values({ name: DEMO_VALUES_SEED_NAME, details: JSON.stringify(result) }).execute();
    return result;
  });
  if (!counts) return false;
  log.info({ values: counts.values, history: counts.history, submissions: counts.submissions, events: counts.events, communes: counts.communes, ms: Math.round(performance.now() - started) }, 'demo values loaded');
  return true;
}

/** The previous quarter's values, copied so an oddity does not change them. */
function previousQuarterValues(previous: PlacedValue[]): PlacedValue[] {
  return previous.map((v) => ({ ...v }));
}

/** A partial draft only breaks rules if the generator is wrong; required cells may be missing. */
function repairedPasses(form: FormModel, values: PlacedValue[]): boolean {
  return formProblems(form, values).every((p) => p.ruleCode === 'required');
}

// Demo investment works (DEMO_DATA, once: seed_run 'investments-demo-v1') in Gia Lai and
// Quảng Ngãi — rural roads, schools, clean water, culture houses, irrigation — with a
// point near their commune, capital of this year (central and local budget) and of last
// year for those carried over, and monthly disbursements following the plan curve at
// each work's own pace up to today, so some are on track and some disburse late.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { DEFAULT_PLAN_CURVE, expectedShare } from '@shared/engine/disbursement.ts';
import { vietnamDate } from '@shared/engine/periods.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { Database } from '../../../platform/db/schema.ts';

export const INVESTMENT_SEED_NAME = 'investments-demo-v1';

interface DemoWork {
  code: string;
  name: string;
  program: string;
  commune: string;
  point: [number, number];
  investor: string;
  /** Capital of this year, millions of dong: central, local. */
  central: number;
  local: number;
  /** Disbursement pace against the plan (1 = on the plan). */
  pace: number;
  progress: number;
  /** Started last year with capital then (fully disbursed). */
  carried?: number;
  stage?: 'preparation' | 'construction' | 'completed' | 'settled';
}

const WORKS: DemoWork[] = [
  // Gia Lai (52)
  { code: 'GL-DA4-001', name: 'Đường giao thông nông thôn làng Bồ, xã Ia Grai', program: 'DA4.TDA1', commune: '23764', point: [107.862, 13.994], investor: 'UBND xã Ia Grai', central: 4200, local: 420, pace: 1.08, progress: 80 },
  { code: 'GL-DA4-002', name: 'Nhà sinh hoạt cộng đồng làng Kép, xã Ia Grai', program: 'DA4.TDA1', commune: '23764', point: [107.835, 13.972], investor: 'UBND xã Ia Grai', central: 1350, local: 150, pace: 0.62, progress: 45 },
  { code: 'GL-DA1-003', name: 'Công trình nước sinh hoạt tập trung làng Groi, xã Kbang', program: 'DA1.ND4', commune: '23638', point: [108.611, 14.142], investor: 'Ban QLDA đầu tư xây dựng khu vực An Khê', central: 3100, local: 300, pace: 0.95, progress: 70, carried: 1800 },
  { code: 'GL-DA4-004', name: 'Cầu treo qua suối Đak Pơ Kô, xã Kbang', program: 'DA4.TDA1', commune: '23638', point: [108.585, 14.168], investor: 'UBND xã Kbang', central: 2600, local: 200, pace: 0.48, progress: 30 },
  { code: 'GL-DA5-005', name: 'Trường phổ thông dân tộc bán trú Tiểu học Ia Ly (nhà lớp học 6 phòng)', program: 'DA5.TDA1', commune: '23734', point: [107.905, 14.215], investor: 'Sở Giáo dục và Đào tạo Gia Lai', central: 5400, local: 600, pace: 1.02, progress: 85 },
  { code: 'GL-DA4-006', name: 'Kênh mương nội đồng làng Tung, xã Chư Păh', program: 'DA4.TDA1', commune: '23722', point: [107.973, 14.128], investor: 'UBND xã Chư Păh', central: 1900, local: 100, pace: 1.1, progress: 100, stage: 'completed' },
  { code: 'GL-DA6-007', name: 'Nhà rông văn hóa làng Đê Kôp, xã Mang Yang', program: 'DA6', commune: '23794', point: [108.288, 13.962], investor: 'UBND xã Mang Yang', central: 900, local: 80, pace: 0.3, progress: 10 },
  { code: 'GL-DA4-008', name: 'Đường từ trung tâm xã đến làng Hra, xã Kông Chro', program: 'DA4.TDA1', commune: '23824', point: [108.522, 13.758], investor: 'Ban QLDA đầu tư xây dựng huyện Kông Chro', central: 6800, local: 700, pace: 0.85, progress: 55, carried: 3000 },
  { code: 'GL-DA1-009', name: 'Giếng khoan và bể chứa nước làng Bi, xã Đức Cơ', program: 'DA1.ND4', commune: '23857', point: [107.692, 13.784], investor: 'UBND xã Đức Cơ', central: 750, local: 50, pace: 1.0, progress: 60 },
  { code: 'GL-DA4-010', name: 'Trạm y tế xã Ia Pa (cải tạo, mở rộng)', program: 'DA4.TDA1', commune: '24022', point: [108.512, 13.528], investor: 'Sở Y tế Gia Lai', central: 2200, local: 250, pace: 0.0, progress: 0, stage: 'preparation' },
  // Quảng Ngãi (51)
  { code: 'QN-DA4-001', name: 'Đường giao thông thôn Huy Em, xã Sơn Tây', program: 'DA4.TDA1', commune: '21340', point: [108.352, 14.968], investor: 'UBND xã Sơn Tây', central: 3800, local: 380, pace: 0.9, progress: 65 },
  { code: 'QN-DA5-002', name: 'Trường mầm non xã Sơn Hà (điểm trường thôn Gò Da)', program: 'DA5.TDA1', commune: '21289', point: [108.486, 14.987], investor: 'UBND xã Sơn Hà', central: 2400, local: 260, pace: 1.05, progress: 90 },
  { code: 'QN-DA1-003', name: 'Công trình cấp nước sinh hoạt thôn Làng Trui, xã Ba Tơ', program: 'DA1.ND4', commune: '21484', point: [108.728, 14.771], investor: 'Ban QLDA đầu tư xây dựng khu vực Ba Tơ', central: 2900, local: 300, pace: 0.55, progress: 35 },
  { code: 'QN-DA4-004', name: 'Kè chống sạt lở bờ suối Nước Trinh, xã Minh Long', program: 'DA4.TDA1', commune: '21361', point: [108.716, 14.952], investor: 'UBND xã Minh Long', central: 4600, local: 500, pace: 0.7, progress: 40, carried: 2000 },
  { code: 'QN-DA6-005', name: 'Nhà văn hóa thôn Trà Xinh, xã Tây Trà', program: 'DA6', commune: '21154', point: [108.372, 15.182], investor: 'UBND xã Tây Trà', central: 850, local: 90, pace: 1.12, progress: 100, stage: 'completed' },
  { code: 'QN-DA4-006', name: 'Đường liên thôn Măng Bút – Đăk Ring, xã Kon Plông', program: 'DA4.TDA1', commune: '23476', point: [108.302, 14.628], investor: 'UBND xã Kon Plông', central: 5200, local: 520, pace: 0.95, progress: 60 },
  { code: 'QN-DA5-007', name: 'Nhà bán trú học sinh Trường THCS Tu Mơ Rông', program: 'DA5.TDA1', commune: '23425', point: [107.958, 14.902], investor: 'UBND xã Tu Mơ Rông', central: 3100, local: 340, pace: 0.4, progress: 25 },
  { code: 'QN-DA4-008', name: 'Đập dâng và kênh tưới thôn Làng Trang, xã Sa Thầy', program: 'DA4.TDA1', commune: '23527', point: [107.806, 14.418], investor: 'UBND xã Sa Thầy', central: 1700, local: 180, pace: 1.0, progress: 75 },
];

const round3 = (v: number) => Math.round(v * 1000) / 1000;
const pad = (n: number) => String(n).padStart(2, '0');
const monthEnd = (y: number, m: number) => `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;

/** Monthly amounts for a line: the cumulative follows the plan × pace (capped at the allocation) to `today`. */
function monthly(allocated: number, pace: number, year: number, today: string): { month: string; amount: number }[] {
  const out: { month: string; amount: number }[] = [];
  let before = 0;
  let y = year;
  let m = 1;
  for (;;) {
    const key = `${y}-${pad(m)}`;
    if (key > today.slice(0, 7) || key > `${year + 1}-01`) break;
    const end = monthEnd(y, m) < today ? monthEnd(y, m) : today;
    const cumulative = round3(Math.min(allocated, (allocated * pace * expectedShare(DEFAULT_PLAN_CURVE, year, end)) / 100));
    const amount = round3(cumulative - before);
    if (amount > 0) out.push({ month: `${key}-01`, amount });
    before = cumulative;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

export async function loadDemoInvestments(db: Kysely<Database>, log: Logger, now: Date): Promise<boolean> {
  const done = await db.selectFrom('seed_run').select('name').where('name', '=', INVESTMENT_SEED_NAME).executeTakeFirst();
  if (done) return false;
  const today = vietnamDate(now);
  const year = Number(today.slice(0, 4));
  const units = new Map((await db.selectFrom('org_unit').select(['id', 'code', 'province_id']).where('hierarchy', '=', '2025').where('kind', '=', 'commune').where('code', 'in', WORKS.map((w) => w.commune)).execute()).map((u) => [u.code, u]));
  const program = new Map((await db.selectFrom('program_item').select(['id', 'code']).execute()).map((p) => [p.code, p.id]));
  const creator = await db.selectFrom('app_user').select('id').where('username', '=', 'tinh.gialai').executeTakeFirst();
  let created = 0;
  await db.transaction().execute(async (trx) => {
    for (const w of WORKS) {
      const unit = units.get(w.commune);
      if (!unit) continue;
      const started = w.carried ? `${year - 1}-04-01` : `${year}-02-15`;
      const row = await trx
        .insertInto('investment_work')
        .values({
          code: w.code,
          name: w.name,
          name_folded: foldVietnamese(w.name),
          program_item_id: program.get(w.program) ?? null,
          unit_id: unit.id,
          province_id: unit.province_id!,
          lon: w.point[0],
          lat: w.point[1],
          investor: w.investor,
          start_date: started,
          finish_date: w.stage === 'completed' ? `${year}-09-30` : `${year + 1}-06-30`,
          stage: w.stage ?? (w.progress > 0 ? 'construction' : 'preparation'),
          progress: w.progress,
          total_investment: round3((w.central + w.local + (w.carried ?? 0)) * 1.1),
          description: null,
          created_by: creator?.id ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.constraint('investment_work_code_uq').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      created += 1;
      const lines: { year: number; source: 'central' | 'local'; allocated: number; pace: number }[] = [
        { year, source: 'central', allocated: w.central, pace: w.pace },
        { year, source: 'local', allocated: w.local, pace: w.pace * 0.9 },
        ...(w.carried ? [{ year: year - 1, source: 'central' as const, allocated: w.carried, pace: 1.2 }] : []),
      ];
      for (const l of lines) {
        const cap = await trx
          .insertInto('investment_capital')
          .values({ work_id: row.id, year: l.year, source: l.source, kind: 'development', allocated: l.allocated, committed: Math.round(l.allocated * Math.min(1, 0.6 + l.pace * 0.4)) })
          .returning('id')
          .executeTakeFirstOrThrow();
        const months = monthly(l.allocated, l.pace, l.year, today);
        if (months.length > 0) await trx.insertInto('investment_disbursement').values(months.map((m) => ({ capital_id: cap.id, month: m.month, amount: m.amount }))).execute();
      }
    }
    await trx.insertInto('seed_run').values({ name: INVESTMENT_SEED_NAME, details: JSON.stringify({ works: created, year }) }).execute();
  });
  log.info({ works: created }, 'demo investment works created');
  return true;
}

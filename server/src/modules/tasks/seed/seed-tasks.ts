// Demo tasks (DEMO_DATA, once, seed_run 'tasks-demo-v1'): the 2026 plans of Gia Lai and
// Quảng Ngãi, tasks given by the provinces to their communes and departments — some done
// (on time and late, rated), some in progress, one overdue, some due within days (dates
// relative to the day of the first start, so the lists are never empty) — with comments
// and a sub-task; and the provinces' recurring duties: the annual report before 15/12,
// 10/12 and 05/12 and the quarterly form, whose current occurrences are made at once.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { addDays, vietnamDate } from '@shared/engine/periods.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { Database, TaskStatusColumn } from '../../../platform/db/schema.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { generateRecurringTasks } from '../recurrence.ts';

export const TASKS_DEMO_SEED = 'tasks-demo-v1';

interface DemoTask {
  key: string;
  title: string;
  province: '52' | '51';
  lead: { commune: string } | 'province';
  leadUser?: string;
  cooperating?: string[];
  program?: string;
  /** Days from today. */
  start: number;
  due: number;
  status: TaskStatusColumn;
  progress: number;
  /** Days from today the task was finished. */
  doneOn?: number;
  quality?: number;
  deliverables?: string;
  parent?: string;
  comments?: { user: string; body: string }[];
}

const TASKS: DemoTask[] = [
  {
    key: 'rasoat',
    title: 'Rà soát, tổng hợp danh sách hộ đồng bào DTTS thiếu đất ở, đất sản xuất năm 2026',
    province: '52',
    lead: { commune: 'Xã Ia Grai' },
    leadUser: 'xa.iagrai',
    cooperating: ['Xã Kbang'],
    program: 'DA1',
    start: -40,
    due: -5,
    status: 'in_progress',
    progress: 60,
    deliverables: 'Danh sách hộ theo mẫu, có xác nhận của UBND xã',
    comments: [
      { user: 'tinh.gialai', body: 'Đề nghị xã hoàn thành rà soát, gửi danh sách về Sở trước khi họp giao ban.' },
      { user: 'xa.iagrai', body: 'Xã đã rà soát xong 9/12 thôn, còn 3 thôn vùng sâu đang xác minh.' },
    ],
  },
  { key: 'rasoat-thon', title: 'Xác minh hộ thiếu đất tại thôn Plei Ngol, Plei Pông', province: '52', lead: { commune: 'Xã Ia Grai' }, leadUser: 'xa.iagrai', start: -20, due: 3, status: 'in_progress', progress: 30, parent: 'rasoat' },
  { key: 'nhaovan', title: 'Hoàn thiện hồ sơ hỗ trợ nhà ở cho 25 hộ nghèo DTTS', province: '52', lead: { commune: 'Xã Ia Grai' }, leadUser: 'xa.iagrai', program: 'DA1.ND2', start: -10, due: 2, status: 'in_progress', progress: 70 },
  { key: 'duong', title: 'Nghiệm thu đường giao thông nông thôn thôn Đak Asel', province: '52', lead: { commune: 'Xã Kbang' }, leadUser: 'xa.kbang', program: 'DA4.TDA1', start: -30, due: 6, status: 'in_progress', progress: 45, deliverables: 'Biên bản nghiệm thu, hồ sơ hoàn công' },
  { key: 'taphuan', title: 'Tổ chức tập huấn nâng cao năng lực cho cán bộ thôn, bản', province: '52', lead: { commune: 'Xã Kbang' }, leadUser: 'xa.kbang', program: 'DA5.TDA4', start: -60, due: -20, status: 'done', progress: 100, doneOn: -22, quality: 5, deliverables: 'Báo cáo kết quả tập huấn, danh sách 48 học viên' },
  { key: 'sinhke', title: 'Triển khai mô hình sinh kế trồng cà phê xen cây ăn quả', province: '52', lead: { commune: 'Xã Ia Grai' }, leadUser: 'xa.iagrai', cooperating: ['Xã Kbang'], program: 'DA3.TDA2', start: -90, due: -30, status: 'done', progress: 100, doneOn: -26, quality: 3 },
  { key: 'vanban', title: 'Tham mưu văn bản hướng dẫn thực hiện Tiểu dự án 2, Dự án 3 năm 2026', province: '52', lead: 'province', leadUser: 'so.gialai', program: 'DA3.TDA2', start: -15, due: 14, status: 'in_progress', progress: 20 },
  { key: 'giamsat', title: 'Kiểm tra, giám sát thực hiện Chương trình tại các xã khu vực III', province: '52', lead: 'province', leadUser: 'tinh.gialai', program: 'DA10.TDA3', start: 5, due: 45, status: 'not_started', progress: 0 },
  { key: 'nuoc', title: 'Lập danh mục công trình nước sinh hoạt tập trung năm 2027', province: '51', lead: { commune: 'Xã Sơn Tây' }, leadUser: 'xa.sontay', program: 'DA1.ND4', start: -12, due: 4, status: 'in_progress', progress: 50 },
  { key: 'tuyentruyen', title: 'Tuyên truyền phòng chống tảo hôn, hôn nhân cận huyết thống', province: '51', lead: { commune: 'Xã Sơn Tây' }, leadUser: 'xa.sontay', program: 'DA9.TDA2', start: -45, due: -8, status: 'in_progress', progress: 80 },
  { key: 'baocao6t', title: 'Báo cáo sơ kết 6 tháng thực hiện Chương trình', province: '51', lead: { commune: 'Xã Sơn Tây' }, leadUser: 'xa.sontay', start: -50, due: -35, status: 'done', progress: 100, doneOn: -36, quality: 4 },
];

const RULES = [
  { title: 'Báo cáo kết quả thực hiện Chương trình MTQG 1719 năm', province: '52', commune: 'Xã Ia Grai', user: 'xa.iagrai', month: 12, day: 15 },
  { title: 'Báo cáo kết quả thực hiện Chương trình MTQG 1719 năm', province: '52', commune: 'Xã Kbang', user: 'xa.kbang', month: 12, day: 10 },
  { title: 'Báo cáo kết quả thực hiện Chương trình MTQG 1719 năm', province: '51', commune: 'Xã Sơn Tây', user: 'xa.sontay', month: 12, day: 5 },
] as const;

export async function loadDemoTasks(db: Kysely<Database>, log: Logger, now: Date): Promise<boolean> {
  if (await db.selectFrom('seed_run').select('name').where('name', '=', TASKS_DEMO_SEED).executeTakeFirst()) return false;
  const today = vietnamDate(now);
  const provinces = await db.selectFrom('org_unit').select(['id', 'code']).where('kind', '=', 'province').where('hierarchy', '=', '2025').where('valid_to', 'is', null).where('code', 'in', ['52', '51']).execute();
  if (provinces.length < 2) return false;
  const province = (code: string) => provinces.find((p) => p.code === code)!.id;
  const communeId = async (prov: string, name: string) =>
    (await db.selectFrom('org_unit').select('id').where('full_name', '=', name).where('kind', '=', 'commune').where('hierarchy', '=', '2025').where('parent_id', '=', province(prov)).executeTakeFirst())?.id ?? null;
  const users = new Map((await db.selectFrom('app_user').select(['id', 'username']).where('is_demo', '=', true).execute()).map((u) => [u.username, u.id]));
  const programs = new Map((await db.selectFrom('program_item').select(['id', 'code']).execute()).map((p) => [p.code, p.id]));
  const day = (n: number) => addDays(today, n);
  await db.transaction().execute(async (trx) => {
    const plans = new Map<string, string>();
    for (const [code, name] of [['52', 'Gia Lai'], ['51', 'Quảng Ngãi']] as const) {
      const title = `Kế hoạch thực hiện Chương trình MTQG 1719 năm ${today.slice(0, 4)} — ${name}`;
      const row = await trx
        .insertInto('task_plan')
        .values({ name: title, name_folded: foldVietnamese(title), unit_id: province(code), year: Number(today.slice(0, 4)), description: 'Kế hoạch giao nhiệm vụ cho các sở, ngành và xã (dữ liệu minh họa).', created_by: users.get(code === '52' ? 'tinh.gialai' : 'tinh.quangngai') ?? null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      plans.set(code, row.id);
    }
    const ids = new Map<string, string>();
    for (const t of TASKS) {
      const lead = t.lead === 'province' ? province(t.province) : await communeId(t.province, t.lead.commune);
      if (!lead) continue;
      const assigner = users.get(t.province === '52' ? 'tinh.gialai' : 'tinh.quangngai') ?? null;
      const row = await trx
        .insertInto('task')
        .values({
          plan_id: plans.get(t.province)!,
          parent_id: t.parent ? (ids.get(t.parent) ?? null) : null,
          title: t.title,
          title_folded: foldVietnamese(t.title),
          lead_unit_id: lead,
          lead_user_id: t.leadUser ? (users.get(t.leadUser) ?? null) : null,
          assigning_unit_id: province(t.province),
          program_item_id: t.program ? (programs.get(t.program) ?? null) : null,
          start_date: day(t.start),
          due_date: day(t.due),
          status: t.status,
          progress: t.progress,
          completed_date: t.status === 'done' ? day(t.doneOn ?? t.due) : null,
          deliverables: t.deliverables ?? null,
          quality: t.quality ?? null,
          rated_by: t.quality ? assigner : null,
          rated_at: t.quality ? now : null,
          created_by: assigner,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(t.key, row.id);
      for (const name of t.cooperating ?? []) {
        const co = await communeId(t.province, name);
        if (co && co !== lead) await trx.insertInto('task_cooperating_unit').values({ task_id: row.id, unit_id: co }).execute();
      }
      for (const [i, c] of (t.comments ?? []).entries()) {
        await trx.insertInto('task_comment').values({ task_id: row.id, author_id: users.get(c.user) ?? null, body: c.body, created_at: new Date(now.getTime() - (10 - i) * 86_400_000) }).execute();
      }
    }
    for (const r of RULES) {
      const lead = await communeId(r.province, r.commune);
      if (!lead) continue;
      await trx
        .insertInto('task_recurrence')
        .values({
          plan_id: plans.get(r.province)!,
          title: `${r.title} (trước ${String(r.day).padStart(2, '0')}/${r.month})`,
          lead_unit_id: lead,
          lead_user_id: users.get(r.user) ?? null,
          assigning_unit_id: province(r.province),
          frequency: 'yearly',
          due_month: r.month,
          due_day: r.day,
          lead_days: 30,
          starts_on: `${today.slice(0, 4)}-01-01`,
          created_by: users.get(r.province === '52' ? 'tinh.gialai' : 'tinh.quangngai') ?? null,
          created_at: now,
        })
        .execute();
    }
    const kbang = await communeId('52', 'Xã Kbang');
    if (kbang) {
      await trx
        .insertInto('task_recurrence')
        .values({
          plan_id: plans.get('52')!,
          title: 'Cập nhật biểu mẫu giám sát, đánh giá hằng quý',
          lead_unit_id: kbang,
          lead_user_id: users.get('xa.kbang') ?? null,
          assigning_unit_id: province('52'),
          frequency: 'quarterly',
          days_after: 10,
          lead_days: 20,
          starts_on: `${today.slice(0, 4)}-01-01`,
          created_by: users.get('tinh.gialai') ?? null,
          created_at: now,
        })
        .execute();
    }
    await trx.insertInto('seed_run').values({ name: TASKS_DEMO_SEED, details: JSON.stringify({ tasks: ids.size }) }).onConflict((oc) => oc.column('name').doNothing()).execute();
  });
  // The recurring duties' current occurrences, as the hourly job would make them.
  const created = await generateRecurringTasks({ db, clock: { now: () => now }, log } as unknown as AppContext);
  log.info({ tasks: TASKS.length, recurring: created.created }, 'demo tasks created');
  return true;
}

// Seeded dashboards of Program 1719 (issue 5, part 4).
//
// - The national dashboard "Chương trình 1719 — toàn quốc" is reference content, seeded
//   on every installation (seed_run 'dashboards-national-v1'): it uses only the
//   catalogue's indicators and forms and the caller's own unit (USER_ORGUNIT, provinces
//   by LEVEL-province), so it is meaningful on a real deployment as on the demo. No
//   owner (curated by national catalog.manage holders), shared with the nation: every
//   user with analytics.read reaches it, and sees their own scope's figures.
// - With DEMO_DATA, a dashboard per demo province (Gia Lai, Quảng Ngãi) over its communes,
//   shared with the province (seed_run 'dashboards-demo-v1'), and the national dashboard
//   is published on the portal so the demo has a public page.
//
// Indicators used have demo values (commune quarterly form BM01_XA_QUY): poverty rate
// (TL_HO_NGHEO_DTTS), preschool (TL_TRE5_MAU_GIAO, target 98), antenatal care
// (TL_KHAM_THAI, target 80), underweight children (TL_TRE_SDD_NHE_CAN), disbursement
// (TL_GIAI_NGAN_VON), housing support (DA1_HH_HOUSING_SUPPORTED), capital allocated and
// disbursed; reporting rates of BM01_XA_QUY. Every configuration is parsed by the same
// zod contract as the API and its codes checked against the catalogue, so a seed never
// drifts from what the API would accept.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AnalyticsRequestInput } from '@shared/schemas/analytics.ts';
import { type DashboardItemInput, layoutProblem, visualizationBody } from '@shared/schemas/dashboards.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { slugFor } from '../commands/manage-dashboard.ts';
import { unknownDataItems } from '../visualizations.repository.ts';

export const NATIONAL_SEED_NAME = 'dashboards-national-v1';
export const DEMO_SEED_NAME = 'dashboards-demo-v1';
export const NATIONAL_DASHBOARD_NAME = 'Chương trình 1719 — toàn quốc';
const DEMO_PROVINCES = [
  { code: '52', name: 'Gia Lai' },
  { code: '51', name: 'Quảng Ngãi' },
];

const KEY_INDICATORS = ['in:TL_HO_NGHEO_DTTS', 'in:TL_TRE5_MAU_GIAO', 'in:TL_KHAM_THAI', 'in:TL_TRE_SDD_NHE_CAN', 'in:TL_GIAI_NGAN_VON'];

interface SeedViz {
  key: string;
  type: 'pivot' | 'chart' | 'map';
  name: string;
  description?: string;
  request: AnalyticsRequestInput;
  options: Record<string, unknown>;
}
type SeedItem = Omit<DashboardItemInput, 'visualizationId'> & { viz?: string };
interface SeedDashboard {
  key: string;
  name: string;
  description: string;
  defaultUnitId: string | null;
  sharedUnitIds: string[];
  visualizations: SeedViz[];
  items: SeedItem[];
}

/** The national dashboard: the caller's own unit, provinces below it. */
function nationalDashboard(nationId: string, formId: string | null): SeedDashboard {
  const k = (s: string) => `national:${s}`;
  return {
    key: 'national',
    name: NATIONAL_DASHBOARD_NAME,
    description: 'Các chỉ số chính của Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS&MN giai đoạn 2021–2030; mỗi người xem thấy số liệu trong phạm vi của mình.',
    defaultUnitId: null,
    sharedUnitIds: [nationId],
    visualizations: [
      {
        key: k('pivot'),
        type: 'pivot',
        name: 'Chỉ số chính theo tỉnh, 4 quý gần nhất',
        request: { dx: KEY_INDICATORS, pe: ['LAST_4_QUARTERS'], ou: ['LEVEL-province'], rows: ['ou', 'dx'], columns: ['pe'], totals: true },
        options: { hideEmptyRows: true, showTotals: true, sort: null },
      },
      {
        key: k('housing'),
        type: 'chart',
        name: 'Số hộ được hỗ trợ nhà ở theo tỉnh và quý',
        request: { dx: ['de:DA1_HH_HOUSING_SUPPORTED'], pe: ['LAST_4_QUARTERS'], ou: ['LEVEL-province'], rows: ['ou'], columns: ['pe'], filters: ['dx'] },
        options: { chartType: 'stacked_column', showTargets: false },
      },
      {
        key: k('capital'),
        type: 'chart',
        name: 'Vốn được giao và vốn đã giải ngân theo tỉnh (năm trước)',
        request: { dx: ['de:CAPITAL_ALLOCATED', 'de:CAPITAL_DISBURSED'], pe: ['LAST_YEAR'], ou: ['LEVEL-province'], rows: ['ou'], columns: ['dx'], filters: ['pe'] },
        options: { chartType: 'column', showTargets: false },
      },
      {
        key: k('poverty-trend'),
        type: 'chart',
        name: 'Tỷ lệ hộ nghèo dân tộc thiểu số qua các năm',
        request: { dx: ['in:TL_HO_NGHEO_DTTS'], pe: ['LAST_5_YEARS'], ou: ['USER_ORGUNIT'], rows: ['pe'], columns: ['dx'], filters: ['ou'] },
        options: { chartType: 'line', showTargets: true },
      },
      {
        key: k('anc-gauge'),
        type: 'chart',
        name: 'Khám thai định kỳ so với mục tiêu (năm trước)',
        request: { dx: ['in:TL_KHAM_THAI'], pe: ['LAST_YEAR'], ou: ['USER_ORGUNIT'], rows: ['dx'], filters: ['pe', 'ou'] },
        options: { chartType: 'gauge', showTargets: true },
      },
      {
        key: k('preschool-value'),
        type: 'chart',
        name: 'Trẻ em 5 tuổi đi học mẫu giáo',
        description: 'Quý gần nhất, với xu hướng của 4 quý.',
        request: { dx: ['in:TL_TRE5_MAU_GIAO'], pe: ['LAST_4_QUARTERS'], ou: ['USER_ORGUNIT'], rows: ['pe'], filters: ['dx', 'ou'] },
        options: { chartType: 'single_value', showTargets: true },
      },
      {
        key: k('poverty-map'),
        type: 'map',
        name: 'Bản đồ tỷ lệ hộ nghèo dân tộc thiểu số theo tỉnh (năm trước)',
        request: { dx: ['in:TL_HO_NGHEO_DTTS'], pe: ['LAST_YEAR'], ou: ['LEVEL-province'], rows: ['ou'], filters: ['dx', 'pe'] },
        options: { layers: [{ kind: 'thematic', dx: 'in:TL_HO_NGHEO_DTTS', classes: 5, colorScale: 'reds' }, { kind: 'boundary' }], basemap: false },
      },
      {
        key: k('reporting'),
        type: 'chart',
        name: 'Tỷ lệ báo cáo quý cấp xã và báo cáo đúng hạn theo tỉnh (quý trước)',
        request: { dx: ['cr:BM01_XA_QUY', 'crt:BM01_XA_QUY'], pe: ['LAST_QUARTER'], ou: ['LEVEL-province'], rows: ['ou'], columns: ['dx'], filters: ['pe'] },
        options: { chartType: 'bar', showTargets: false },
      },
    ],
    items: [
      {
        id: 'gioi-thieu',
        type: 'text',
        text: 'Trang tổng quan Chương trình 1719 toàn quốc. Chọn kỳ và đơn vị ở đầu trang để xem số liệu của một tỉnh; các chỉ số có mục tiêu giai đoạn được vẽ thành đường mục tiêu.',
        x: 0,
        y: 0,
        w: 12,
        h: 2,
      },
      { id: 'tre-mau-giao', type: 'visualization', viz: k('preschool-value'), x: 0, y: 2, w: 3, h: 4 },
      { id: 'kham-thai', type: 'visualization', viz: k('anc-gauge'), x: 3, y: 2, w: 3, h: 4 },
      { id: 'ho-ngheo-xu-huong', type: 'visualization', viz: k('poverty-trend'), x: 6, y: 2, w: 6, h: 4 },
      { id: 'chi-so-chinh', type: 'visualization', viz: k('pivot'), x: 0, y: 6, w: 12, h: 8 },
      { id: 'ho-tro-nha-o', type: 'visualization', viz: k('housing'), x: 0, y: 14, w: 6, h: 6 },
      { id: 'von', type: 'visualization', viz: k('capital'), x: 6, y: 14, w: 6, h: 6 },
      { id: 'ban-do-ho-ngheo', type: 'visualization', viz: k('poverty-map'), x: 0, y: 20, w: 6, h: 8 },
      { id: 'don-vi-nop-muon', type: 'late_units', ...(formId ? { formId } : {}), x: 6, y: 20, w: 6, h: 8 },
      { id: 'ty-le-bao-cao', type: 'visualization', viz: k('reporting'), x: 0, y: 28, w: 12, h: 6 },
    ],
  };
}

/** A demo province's dashboard: the province and its communes. */
function provincialDashboard(p: { code: string; name: string }, provinceId: string, formId: string | null): SeedDashboard {
  const k = (s: string) => `province-${p.code}:${s}`;
  const communes = `CHILDREN-${provinceId}`;
  return {
    key: `province-${p.code}`,
    name: `Chương trình 1719 — tỉnh ${p.name}`,
    description: `Các chỉ số chính của Chương trình 1719 tại tỉnh ${p.name} và các xã, phường.`,
    defaultUnitId: provinceId,
    sharedUnitIds: [provinceId],
    visualizations: [
      {
        key: k('pivot'),
        type: 'pivot',
        name: `Chỉ số chính theo xã, 4 quý gần nhất — ${p.name}`,
        request: { dx: ['in:TL_HO_NGHEO_DTTS', 'in:TL_TRE5_MAU_GIAO', 'in:TL_KHAM_THAI'], pe: ['LAST_4_QUARTERS'], ou: [communes], rows: ['ou'], columns: ['dx', 'pe'], totals: true },
        options: { hideEmptyRows: true, showTotals: true, sort: null },
      },
      {
        key: k('capital'),
        type: 'chart',
        name: `Vốn được giao và đã giải ngân theo quý — ${p.name}`,
        request: { dx: ['de:CAPITAL_ALLOCATED', 'de:CAPITAL_DISBURSED'], pe: ['LAST_4_QUARTERS'], ou: [provinceId], rows: ['pe'], columns: ['dx'], filters: ['ou'] },
        options: { chartType: 'column', showTargets: false },
      },
      {
        key: k('poverty-trend'),
        type: 'chart',
        name: `Tỷ lệ hộ nghèo dân tộc thiểu số qua các năm — ${p.name}`,
        request: { dx: ['in:TL_HO_NGHEO_DTTS'], pe: ['LAST_5_YEARS'], ou: [provinceId], rows: ['pe'], columns: ['dx'], filters: ['ou'] },
        options: { chartType: 'line', showTargets: true },
      },
      {
        key: k('anc-gauge'),
        type: 'chart',
        name: `Khám thai định kỳ so với mục tiêu — ${p.name}`,
        request: { dx: ['in:TL_KHAM_THAI'], pe: ['LAST_YEAR'], ou: [provinceId], rows: ['dx'], filters: ['pe', 'ou'] },
        options: { chartType: 'gauge', showTargets: true },
      },
      {
        key: k('preschool-value'),
        type: 'chart',
        name: `Trẻ em 5 tuổi đi học mẫu giáo — ${p.name}`,
        request: { dx: ['in:TL_TRE5_MAU_GIAO'], pe: ['LAST_4_QUARTERS'], ou: [provinceId], rows: ['pe'], filters: ['dx', 'ou'] },
        options: { chartType: 'single_value', showTargets: true },
      },
      {
        key: k('poverty-map'),
        type: 'map',
        name: `Bản đồ tỷ lệ hộ nghèo dân tộc thiểu số theo xã — ${p.name}`,
        request: { dx: ['in:TL_HO_NGHEO_DTTS'], pe: ['LAST_YEAR'], ou: [communes], rows: ['ou'], filters: ['dx', 'pe'] },
        options: { layers: [{ kind: 'thematic', dx: 'in:TL_HO_NGHEO_DTTS', classes: 5, colorScale: 'reds' }, { kind: 'boundary' }], basemap: false },
      },
    ],
    items: [
      { id: 'gioi-thieu', type: 'text', text: `Trang tổng quan Chương trình 1719 của tỉnh ${p.name}: số liệu tổng hợp từ báo cáo quý của các xã.`, x: 0, y: 0, w: 12, h: 2 },
      { id: 'tre-mau-giao', type: 'visualization', viz: k('preschool-value'), x: 0, y: 2, w: 3, h: 4 },
      { id: 'kham-thai', type: 'visualization', viz: k('anc-gauge'), x: 3, y: 2, w: 3, h: 4 },
      { id: 'ho-ngheo-xu-huong', type: 'visualization', viz: k('poverty-trend'), x: 6, y: 2, w: 6, h: 4 },
      { id: 'chi-so-theo-xa', type: 'visualization', viz: k('pivot'), x: 0, y: 6, w: 12, h: 10 },
      { id: 'von', type: 'visualization', viz: k('capital'), x: 0, y: 16, w: 6, h: 6 },
      { id: 'ban-do-ho-ngheo', type: 'visualization', viz: k('poverty-map'), x: 6, y: 16, w: 6, h: 8 },
      { id: 'don-vi-nop-muon', type: 'late_units', ...(formId ? { formId } : {}), x: 0, y: 22, w: 6, h: 8 },
    ],
  };
}

async function insertDashboard(trx: Kysely<Database>, d: SeedDashboard, now: Date, isPublic = false): Promise<string> {
  const vizIds = new Map<string, string>();
  for (const v of d.visualizations) {
    const body = visualizationBody.parse({ type: v.type, name: v.name, description: v.description ?? null, config: { request: v.request, options: v.options } });
    const unknown = await unknownDataItems(trx, body.config.request.dx);
    if (unknown.length > 0) throw new Error(`dashboard seed ${v.key}: unknown data items ${unknown.join(', ')}`);
    const row = await trx
      .insertInto('visualization')
      .values({
        type: body.type,
        name: body.name,
        name_folded: foldVietnamese(body.name),
        description: body.description ?? null,
        config: JSON.stringify(body.config),
        owner_id: null,
        shared_unit_ids: d.sharedUnitIds,
        seed_key: v.key,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    vizIds.set(v.key, row.id);
  }
  const items: DashboardItemInput[] = d.items.map(({ viz, ...it }) => (viz ? { ...it, visualizationId: vizIds.get(viz)! } : it));
  const problem = layoutProblem(items);
  if (problem) throw new Error(`dashboard seed ${d.key}: ${problem.code} ${JSON.stringify(problem.params)}`);
  const row = await trx
    .insertInto('dashboard')
    .values({
      name: d.name,
      name_folded: foldVietnamese(d.name),
      description: d.description,
      owner_id: null,
      shared_unit_ids: d.sharedUnitIds,
      is_public: isPublic,
      published_at: isPublic ? now : null,
      slug: slugFor(d.name),
      default_unit_id: d.defaultUnitId,
      seed_key: d.key,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('dashboard_item')
    .values(
      items.map((it, position) => ({
        dashboard_id: row.id,
        item_id: it.id,
        position,
        type: it.type,
        visualization_id: it.visualizationId ?? null,
        text: it.text ?? null,
        form_id: it.formId ?? null,
        x: it.x,
        y: it.y,
        w: it.w,
        h: it.h,
      })),
    )
    .execute();
  return row.id;
}

const seeded = async (db: Kysely<Database>, name: string) => (await db.selectFrom('seed_run').select('name').where('name', '=', name).executeTakeFirst()) !== undefined;
const formId = async (db: Kysely<Database>) => (await db.selectFrom('form').select('id').where('code', '=', 'BM01_XA_QUY').executeTakeFirst())?.id ?? null;

/** The national dashboard, on every installation, once. */
export async function loadReferenceDashboards(db: Kysely<Database>, log: Logger, now: Date): Promise<boolean> {
  if (await seeded(db, NATIONAL_SEED_NAME)) return false;
  const nation = await db.selectFrom('org_unit').select('id').where('kind', '=', 'nation').executeTakeFirst();
  if (!nation) return false;
  const form = await formId(db);
  await db.transaction().execute(async (trx) => {
    const id = await insertDashboard(trx, nationalDashboard(nation.id, form), now);
    await trx.insertInto('seed_run').values({ name: NATIONAL_SEED_NAME, details: JSON.stringify({ dashboardId: id }) }).onConflict((oc) => oc.column('name').doNothing()).execute();
  });
  log.info('national Program 1719 dashboard created');
  return true;
}

/** With DEMO_DATA: the demo provinces' dashboards, and the national one published on the portal. Once. */
export async function loadDemoDashboards(db: Kysely<Database>, log: Logger, now: Date): Promise<boolean> {
  if (await seeded(db, DEMO_SEED_NAME)) return false;
  const form = await formId(db);
  const provinces = await db.selectFrom('org_unit').select(['id', 'code']).where('kind', '=', 'province').where('hierarchy', '=', '2025').where('valid_to', 'is', null).where('code', 'in', DEMO_PROVINCES.map((p) => p.code)).execute();
  await db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const p of DEMO_PROVINCES) {
      const unit = provinces.find((u) => u.code === p.code);
      if (unit) ids.push(await insertDashboard(trx, provincialDashboard(p, unit.id, form), now));
    }
    await trx.updateTable('dashboard').set({ is_public: true, published_at: now }).where('seed_key', '=', 'national').where('is_public', '=', false).execute();
    await trx.insertInto('seed_run').values({ name: DEMO_SEED_NAME, details: JSON.stringify({ dashboardIds: ids }) }).onConflict((oc) => oc.column('name').doNothing()).execute();
  });
  log.info({ provinces: provinces.length }, 'demo provincial dashboards created');
  return true;
}

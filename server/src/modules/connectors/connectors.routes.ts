// Administration of sector database connectors (issue 7, item 6; ADR 0009): the built-in
// file layouts; connectors (list, create, read, edit, delete); their mapping tables; runs
// (now, with an optional dry run; an uploaded file; the list; one run's reconciliation
// report). National api_client.manage only. Every change and run is audited; the
// external client secret is write-only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse } from '@shared/schemas/common.ts';
import {
  type ConnectorBody,
  connectorBody,
  connectorMappingParams,
  connectorMappingView,
  connectorMappingsPut,
  connectorPatch,
  connectorProfileView,
  connectorRunBody,
  connectorRunParams,
  connectorRunSummary,
  connectorRunView,
  connectorRunsQuery,
  connectorUploadQuery,
  connectorView,
} from '@shared/schemas/connectors.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { readUpload } from '../../platform/http/upload.ts';
import { originOf } from '../audit/audit.repository.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { createConnector, deleteConnector, updateConnector } from './commands/save-connector.ts';
import { deleteMapping, upsertMappings } from './commands/save-mappings.ts';
import { runConnector } from './commands/run-connector.ts';
import { canManageConnectors } from './connectors.policy.ts';
import { presentConnector, presentMapping, presentRun, presentRunSummary } from './connectors.presenter.ts';
import { type ConnectorRow, findConnector, findRun, lastRuns, listConnectors, listMappings, listRuns } from './connectors.repository.ts';
import { PROFILES, presentProfile } from './profiles.ts';
import { checkCron } from './schedule.ts';
import { checkSourceUrl, MAX_SOURCE_BYTES } from './source.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const tags = ['connectors'];

const RUN_DESCRIPTION = `Chạy kết nối: lấy tệp (HTTP: token theo OAuth 2.0 client credentials tại tokenUrl rồi GET sourceUrl với Bearer; hoặc tệp tải lên), đọc theo bố cục (profile), ánh xạ mã xã và cột sang đơn vị và phần tử dữ liệu, đối chiếu với số liệu đang lưu rồi ghi các ô mới và thay đổi qua đường nhập số liệu thông thường (cùng các kiểm tra: biểu được giao, kỳ đang mở, báo cáo chưa gửi/duyệt; lỗi một ô thì không ghi gì).
Báo cáo đối chiếu (report): new (ô chưa có số liệu), changed (khác số liệu do nhập tệp/API/lần chạy trước ghi), unchanged, conflicting (khác số liệu do người dùng nhập trên màn hình — KHÔNG ghi đè, kèm giá trị hai bên, người nhập, thời điểm), unmapped (mã xã/cột chưa ánh xạ hoặc ngoài phạm vi, kèm số dòng), invalid (dòng thiếu mã xã, năm sai), import (báo cáo của lần nhập: số ô tạo, sửa, hoặc các dòng bị từ chối).
state: done; rejected (có dòng/ô bị từ chối, không ghi gì); failed (không lấy/đọc được tệp, token bị từ chối — error là thông báo tiếng Việt). dryRun: chỉ đối chiếu và kiểm tra, không ghi. Luôn trả 200 với lần chạy; 409 connector_busy khi kết nối đang chạy.`;

function authorize(auth: AuthContext): void {
  if (!canManageConnectors(auth)) throw new AppError('forbidden');
}

type Effective = Pick<ConnectorBody, 'kind' | 'sourceUrl' | 'tokenUrl' | 'clientId' | 'schedule' | 'scopeUnitId'> & { hasSecret: boolean };

export async function connectorsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  /** The checks across fields, on the connector as it would be after the change. */
  const check = async (c: Effective) => {
    const fields: { path: string; message: string }[] = [];
    const bad = (path: string, message: string) => fields.push({ path: `body.${path}`, message });
    if (c.kind === 'http') {
      if (!c.sourceUrl) bad('sourceUrl', 'Kết nối HTTP cần địa chỉ nguồn dữ liệu');
      else {
        const problem = await checkSourceUrl(ctx.config, c.sourceUrl, { onSave: true });
        if (problem) bad('sourceUrl', problem);
      }
      if (c.tokenUrl) {
        const problem = await checkSourceUrl(ctx.config, c.tokenUrl, { onSave: true });
        if (problem) bad('tokenUrl', problem);
      }
      if (Boolean(c.tokenUrl) !== Boolean(c.clientId)) bad(c.tokenUrl ? 'clientId' : 'tokenUrl', 'Địa chỉ cấp token và client id phải có cùng nhau');
      if (c.tokenUrl && c.clientId && !c.hasSecret) bad('clientSecret', 'Cần client secret để lấy token');
      if (c.schedule) {
        const problem = checkCron(c.schedule);
        if (problem) bad('schedule', problem);
      }
    } else {
      for (const [k, v] of [['sourceUrl', c.sourceUrl], ['tokenUrl', c.tokenUrl], ['clientId', c.clientId], ['schedule', c.schedule]] as const) {
        if (v) bad(k, 'Kết nối kiểu tải tệp lên không dùng trường này');
      }
    }
    if (c.scopeUnitId) {
      const unit = await db.selectFrom('org_unit').select('id').where('id', '=', c.scopeUnitId).executeTakeFirst();
      if (!unit) bad('scopeUnitId', 'Đơn vị không tồn tại');
    }
    if (fields.length > 0) throw new AppError('validation_failed', {}, { fields });
  };
  const load = async (id: string) => {
    const row = await findConnector(db, id);
    if (!row) throw notFound();
    return row;
  };
  const present = async (rows: ConnectorRow[]) => {
    const runs = await lastRuns(db, rows.map((c) => c.id));
    const now = clock.now();
    return rows.map((c) => presentConnector(c, runs.get(String(c.id)), now));
  };
  const presentOne = async (id: string) => (await present([await load(id)]))[0]!;
  const runView = async (connectorId: string, runId: string) => {
    const run = await findRun(db, connectorId, runId);
    if (!run) throw notFound();
    return presentRun(run);
  };

  r.get('/api/connectors/profiles', { schema: { tags, summary: 'Các bố cục tệp dựng sẵn mà kết nối đọc được (cột, kiểu, phần tử dữ liệu mặc định)', response: { 200: z.object({ items: z.array(connectorProfileView) }), ...errors } } }, async (request) => {
    authorize(requireAuth(request));
    return { items: Object.values(PROFILES).map(presentProfile) };
  });

  r.get('/api/connectors', { schema: { tags, summary: 'Danh sách kết nối cơ sở dữ liệu chuyên ngành, kèm lần chạy gần nhất', response: { 200: z.object({ items: z.array(connectorView) }), ...errors } } }, async (request) => {
    authorize(requireAuth(request));
    return { items: await present(await listConnectors(db)) };
  });

  r.post(
    '/api/connectors',
    {
      schema: {
        tags,
        summary: 'Tạo kết nối (HTTP hoặc tải tệp lên); ánh xạ cột → phần tử dữ liệu mặc định của bố cục được tạo sẵn',
        description: 'clientSecret chỉ ghi, được mã hóa khi lưu và không bao giờ trả về (hasClientSecret cho biết đã có hay chưa). schedule: 5 trường cron theo giờ Việt Nam, chỉ cho kết nối HTTP.',
        body: connectorBody,
        response: { 201: connectorView, ...errors },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      authorize(auth);
      const b = request.body;
      await check({ ...b, hasSecret: Boolean(b.clientSecret) });
      const id = await createConnector(db, ctx.config, originOf(request, clock.now()), b);
      return reply.status(201).send(await presentOne(id));
    },
  );

  r.get('/api/connectors/:id', { schema: { tags, summary: 'Chi tiết kết nối', params: idParams, response: { 200: connectorView, ...errors } } }, async (request) => {
    authorize(requireAuth(request));
    return presentOne(request.params.id);
  });

  r.patch(
    '/api/connectors/:id',
    {
      schema: {
        tags,
        summary: 'Sửa kết nối (tên, nguồn, thông tin xác thực, lịch chạy, bật/tắt…); mã và kiểu không đổi',
        description: 'clientSecret: chuỗi = thay secret; null = xóa; bỏ trống = giữ nguyên.',
        params: idParams,
        body: connectorPatch,
        response: { 200: connectorView, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      authorize(auth);
      const row = await load(request.params.id);
      const p = request.body;
      const pick = <T,>(v: T | undefined, old: T) => (v === undefined ? old : v);
      // The stored secret goes only where it was meant to: moving the token address, the
      // client id, or (with a token) the source to another host needs the secret typed again —
      // else an edit could send another ministry's credentials, or its token, to any server.
      const origin = (u: string | null) => (u ? new URL(u).origin : null);
      const keepsSecret = p.clientSecret === undefined && row.client_secret_sealed !== null;
      const moved =
        (p.tokenUrl !== undefined && origin(p.tokenUrl) !== origin(row.token_url)) ||
        (p.clientId !== undefined && p.clientId !== row.client_id) ||
        (p.sourceUrl !== undefined && row.token_url !== null && origin(p.sourceUrl) !== origin(row.source_url));
      if (keepsSecret && moved) {
        throw new AppError('validation_failed', {}, { fields: [{ path: 'body.clientSecret', message: 'Nhập lại client secret khi đổi địa chỉ cấp token, client id hoặc máy chủ nguồn dữ liệu.' }] });
      }
      await check({
        kind: row.kind,
        sourceUrl: pick(p.sourceUrl, row.source_url),
        tokenUrl: pick(p.tokenUrl, row.token_url),
        clientId: pick(p.clientId, row.client_id),
        schedule: pick(p.schedule, row.schedule),
        scopeUnitId: p.scopeUnitId === undefined ? (row.scope_unit_id === null ? null : String(row.scope_unit_id)) : p.scopeUnitId,
        hasSecret: p.clientSecret === undefined ? row.client_secret_sealed !== null : p.clientSecret !== null,
      });
      await updateConnector(db, ctx.config, originOf(request, clock.now()), row, p);
      return presentOne(row.id);
    },
  );

  r.delete('/api/connectors/:id', { schema: { tags, summary: 'Xóa kết nối cùng bảng ánh xạ và lịch sử chạy (số liệu đã ghi giữ nguyên); muốn tạm dừng thì tắt (enabled=false)', params: idParams, response: { 200: okResponse, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    authorize(auth);
    await deleteConnector(db, originOf(request, clock.now()), await load(request.params.id));
    return { ok: true as const };
  });

  r.get(
    '/api/connectors/:id/mappings',
    { schema: { tags, summary: 'Bảng ánh xạ của kết nối: mã xã → đơn vị (ngoài bảng: theo mã thống kê), cột → phần tử dữ liệu và tổ hợp phân tổ', params: idParams, response: { 200: z.object({ items: z.array(connectorMappingView) }), ...errors } } },
    async (request) => {
      authorize(requireAuth(request));
      const c = await load(request.params.id);
      return { items: (await listMappings(db, c.id)).map(presentMapping) };
    },
  );

  r.put(
    '/api/connectors/:id/mappings',
    {
      schema: {
        tags,
        summary: 'Thêm hoặc sửa ánh xạ (theo kind + externalCode: mã đã có thì trỏ lại); trả về cả bảng',
        params: idParams,
        body: connectorMappingsPut,
        response: { 200: z.object({ items: z.array(connectorMappingView) }), ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      authorize(auth);
      const c = await load(request.params.id);
      await upsertMappings(db, originOf(request, clock.now()), c.id, request.body.items);
      return { items: (await listMappings(db, c.id)).map(presentMapping) };
    },
  );

  r.delete('/api/connectors/:id/mappings/:mappingId', { schema: { tags, summary: 'Xóa một ánh xạ', params: connectorMappingParams, response: { 200: okResponse, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    authorize(auth);
    const c = await load(request.params.id);
    if (!(await deleteMapping(db, originOf(request, clock.now()), c.id, request.params.mappingId))) throw notFound();
    return { ok: true as const };
  });

  r.post(
    '/api/connectors/:id/run',
    { schema: { tags, summary: 'Chạy kết nối HTTP ngay (dryRun: chỉ xem trước đối chiếu, không ghi)', description: RUN_DESCRIPTION, params: idParams, body: connectorRunBody, response: { 200: connectorRunView, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      authorize(auth);
      const c = await load(request.params.id);
      if (c.kind !== 'http') throw new AppError('connector_needs_upload');
      if (!c.enabled) throw new AppError('connector_disabled');
      const runId = await runConnector(ctx, { connector: c, trigger: 'manual', dryRun: request.body.dryRun, userId: auth.user.id, origin: originOf(request, clock.now()) });
      return runView(c.id, runId);
    },
  );

  r.post(
    '/api/connectors/:id/upload',
    {
      schema: {
        tags,
        summary: 'Tải tệp lên và chạy kết nối kiểu tải tệp (dryRun=true: chỉ xem trước)',
        description: `${RUN_DESCRIPTION}\nTệp ở trường "file" (multipart/form-data), CSV hoặc JSON theo định dạng của kết nối, UTF-8, tối đa ${MAX_SOURCE_BYTES / 1024 / 1024} MB và UPLOAD_LIMIT_BYTES.`,
        consumes: ['multipart/form-data'],
        params: idParams,
        querystring: connectorUploadQuery,
        body: z.unknown().optional().describe('multipart/form-data: trường "file"'),
        response: { 200: connectorRunView, ...errors, 413: errorResponse },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      authorize(auth);
      const c = await load(request.params.id);
      if (c.kind !== 'file') throw new AppError('connector_not_file');
      if (!c.enabled) throw new AppError('connector_disabled');
      const upload = await readUpload(request);
      const runId = await runConnector(ctx, { connector: c, trigger: 'upload', dryRun: request.query.dryRun === 'true', userId: auth.user.id, origin: originOf(request, clock.now()), upload });
      return runView(c.id, runId);
    },
  );

  r.get(
    '/api/connectors/:id/runs',
    { schema: { tags, summary: 'Các lần chạy của kết nối, mới nhất trước (không kèm báo cáo)', params: idParams, querystring: connectorRunsQuery, response: { 200: z.object({ items: z.array(connectorRunSummary) }), ...errors } } },
    async (request) => {
      authorize(requireAuth(request));
      const c = await load(request.params.id);
      return { items: (await listRuns(db, c.id, request.query.limit)).map(presentRunSummary) };
    },
  );

  r.get('/api/connectors/:id/runs/:runId', { schema: { tags, summary: 'Một lần chạy với báo cáo đối chiếu đầy đủ', params: connectorRunParams, response: { 200: connectorRunView, ...errors } } }, async (request) => {
    authorize(requireAuth(request));
    const c = await load(request.params.id);
    return runView(c.id, request.params.runId);
  });
}

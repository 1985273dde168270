// The catalogue's structure: the program tree, disaggregation categories with their
// options, and category combinations with their generated option combinations.
// Everyone signed in reads; national catalogue managers write.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import {
  categoryBody,
  categoryComboBody,
  categoryComboDetail,
  categoryComboListResponse,
  categoryListResponse,
  categoryUpdateBody,
  categoryView,
  programItemBody,
  programItemUpdateBody,
  programNode,
  programTreeResponse,
} from '@shared/schemas/catalog.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { assertCanManageCatalog, canManageCatalog } from './catalog.policy.ts';
import { presentCategory, presentComboDetail, presentComboSummary, presentProgramItem, presentProgramTree } from './catalog.presenter.ts';
import { findCategory, findCombo, findProgramItem, listCategories, listCombos, listOptionCombos, listProgramItems } from './catalog.repository.ts';
import { createCategory, createCategoryCombo, updateCategory } from './commands/categories.ts';
import { createProgramItem, updateProgramItem } from './commands/program-items.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export async function catalogStructureRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  const programItemView = async (id: string) => {
    const node = presentProgramItem(await listProgramItems(db), id);
    if (!node) throw notFound();
    return node;
  };

  r.get(
    '/api/catalog/program',
    { schema: { tags: ['catalog'], summary: 'Cây chương trình: dự án → tiểu dự án → nội dung', response: { 200: programTreeResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      return { items: presentProgramTree(await listProgramItems(db)), abilities: { manage: canManageCatalog(auth) } };
    },
  );

  r.post(
    '/api/catalog/program-items',
    { schema: { tags: ['catalog'], summary: 'Thêm dự án, tiểu dự án hoặc nội dung vào cây chương trình', body: programItemBody, response: { 201: programNode, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const id = await createProgramItem(ctx, request, request.body);
      return reply.status(201).send(await programItemView(id));
    },
  );

  r.patch(
    '/api/catalog/program-items/:id',
    { schema: { tags: ['catalog'], summary: 'Sửa tên, mô tả, thứ tự của một mục trong cây chương trình', params: idParams, body: programItemUpdateBody, response: { 200: programNode, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const item = await findProgramItem(db, request.params.id);
      if (!item) throw notFound();
      await updateProgramItem(ctx, request, item.id, request.body);
      return programItemView(item.id);
    },
  );

  // --- categories ---

  const categoryViewOf = async (id: string) => {
    const row = await findCategory(db, id);
    if (!row) throw notFound();
    return presentCategory(row);
  };

  r.get(
    '/api/catalog/categories',
    { schema: { tags: ['catalog'], summary: 'Danh mục phân tổ (dân tộc, giới tính, nhóm tuổi…) và các phương án', response: { 200: categoryListResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      return { items: (await listCategories(db)).map(presentCategory), abilities: { manage: canManageCatalog(auth) } };
    },
  );

  r.get(
    '/api/catalog/categories/:id',
    { schema: { tags: ['catalog'], summary: 'Một nhóm phân tổ và các phương án', params: idParams, response: { 200: categoryView, ...errors } } },
    async (request) => {
      requireAuth(request);
      return categoryViewOf(request.params.id);
    },
  );

  r.post(
    '/api/catalog/categories',
    { schema: { tags: ['catalog'], summary: 'Tạo nhóm phân tổ cùng các phương án', body: categoryBody, response: { 201: categoryView, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const id = await createCategory(ctx, request, request.body);
      return reply.status(201).send(await categoryViewOf(id));
    },
  );

  r.patch(
    '/api/catalog/categories/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Sửa nhóm phân tổ: đổi tên, thêm hoặc đổi tên phương án (không xóa phương án đang được dùng)',
        description: 'options là toàn bộ danh sách theo thứ tự hiển thị; mã đã có được đổi tên/sắp xếp, mã mới được thêm; mã bị bỏ chỉ được xóa khi chưa tổ hợp nào dùng (nếu không: 409 category_option_in_use). Các tổ hợp phân tổ dùng nhóm này được sinh lại, giữ nguyên id.',
        params: idParams,
        body: categoryUpdateBody,
        response: { 200: categoryView, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const category = await findCategory(db, request.params.id);
      if (!category) throw notFound();
      await updateCategory(ctx, request, category.id, request.body);
      return categoryViewOf(category.id);
    },
  );

  // --- category combinations ---

  const comboDetailOf = async (id: string) => {
    const combo = await findCombo(db, id);
    if (!combo) throw notFound();
    return presentComboDetail(combo, await listOptionCombos(db, combo.id));
  };

  r.get(
    '/api/catalog/category-combos',
    { schema: { tags: ['catalog'], summary: 'Danh sách tổ hợp phân tổ (ví dụ dân tộc × giới tính)', response: { 200: categoryComboListResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      return { items: (await listCombos(db)).map(presentComboSummary), abilities: { manage: canManageCatalog(auth) } };
    },
  );

  r.get(
    '/api/catalog/category-combos/:id',
    { schema: { tags: ['catalog'], summary: 'Một tổ hợp phân tổ cùng các ô tổ hợp được sinh (ví dụ "H\'Mông, Nữ")', params: idParams, response: { 200: categoryComboDetail, ...errors } } },
    async (request) => {
      requireAuth(request);
      return comboDetailOf(request.params.id);
    },
  );

  r.post(
    '/api/catalog/category-combos',
    { schema: { tags: ['catalog'], summary: 'Tạo tổ hợp phân tổ từ các nhóm phân tổ; các ô tổ hợp được sinh theo tích Đề-các', body: categoryComboBody, response: { 201: categoryComboDetail, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const id = await createCategoryCombo(ctx, request, request.body);
      return reply.status(201).send(await comboDetailOf(id));
    },
  );
}

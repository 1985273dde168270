// The indicator catalogue's HTTP API under /api/catalog: structure (program tree,
// categories, combinations), definitions (data elements, indicators, expressions,
// validation rules) and targets.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/http/context.ts';
import { catalogDefinitionsRoutes } from './definitions.routes.ts';
import { catalogStructureRoutes } from './structure.routes.ts';
import { catalogTargetsRoutes } from './targets.routes.ts';

export async function catalogRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  await catalogStructureRoutes(app, { ctx });
  await catalogDefinitionsRoutes(app, { ctx });
  await catalogTargetsRoutes(app, { ctx });
}

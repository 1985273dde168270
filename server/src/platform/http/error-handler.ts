// Maps every error to { error: { code, message, fields? } } once, at the edge. Bad
// input never becomes a 500, and no stack trace ever reaches the client.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { locales } from 'zod';
import { type ApiErrorBody, type ErrorCode, errorMessage } from '@shared/errors.ts';
import { AppError } from '../errors.ts';
import { requestLanguage } from './language.ts';

const viLocale = locales.vi();

/** Field messages in the user's language: zod's Vietnamese locale for vi, zod's own (English) otherwise. */
function localizedIssue(keyword: string, params: unknown, fallback: string, lang: 'vi' | 'en'): string {
  if (lang !== 'vi') return fallback;
  try {
    const issue = { code: keyword, ...(params as object), path: [], message: fallback } as unknown as Parameters<typeof viLocale.localeError>[0];
    const text = viLocale.localeError(issue);
    const message = typeof text === 'string' ? text : text?.message;
    return message ? message.replace(/, nhận được undefined$/, '') : fallback;
  } catch {
    return fallback;
  }
}

/** One entry per offending field: "body.username"; unknown keys each get their own path. */
function fieldErrors(context: string | undefined, instancePath: string, params: unknown, message: string): { path: string; message: string }[] {
  const base = [context, ...instancePath.split('/').filter(Boolean)].filter(Boolean).join('.');
  const keys = (params as { keys?: unknown } | undefined)?.keys;
  if (Array.isArray(keys) && keys.length > 0) return keys.map((k) => ({ path: `${base}.${String(k)}`, message }));
  return [{ path: base, message }];
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const lang = requestLanguage(request);
    const send = (status: number, code: ErrorCode, params: Record<string, string | number> = {}, extra: Partial<ApiErrorBody['error']> = {}) => {
      const body: ApiErrorBody = { error: { code, message: errorMessage(code, lang, params), ...extra } };
      return reply.status(status).send(body);
    };

    if (error instanceof AppError) {
      if (error.extra.headers) void reply.headers(error.extra.headers);
      return send(error.status, error.code, error.params, { fields: error.extra.fields, details: error.extra.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.flatMap((v) =>
        fieldErrors(error.validationContext, v.instancePath, v.params, localizedIssue(v.keyword, v.params, v.message ?? 'invalid', lang)),
      );
      return send(400, 'validation_failed', {}, { fields });
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && error instanceof SyntaxError)) {
      return send(400, 'invalid_json');
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return send(400, 'invalid_json');
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) return send(413, 'payload_too_large');
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) return send(415, 'unsupported_media_type');
    if (fe.statusCode === 429) return send(429, 'too_many_requests', { seconds: 60 });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      request.log.info({ err: error }, 'client error');
      return send(400, 'validation_failed');
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'internal_error', { requestId: String(request.id) });
  });

  // Unknown API paths answer JSON not_found. Set for the /api prefix only: the root
  // not-found handler belongs to whoever serves the web app (its client-side routes),
  // and Fastify allows one handler per prefix.
  void app.register(
    async (api) => {
      api.setNotFoundHandler((request, reply) => {
        const body: ApiErrorBody = { error: { code: 'not_found', message: errorMessage('not_found', requestLanguage(request)) } };
        return reply.status(404).send(body);
      });
    },
    { prefix: '/api' },
  );
}

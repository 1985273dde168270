// A 400 validation_failed naming one field, in the caller's language, for rules the
// zod schema cannot see (they need the stored unit).
import type { FastifyRequest } from 'fastify';
import type { ErrorCode } from '@shared/errors.ts';
import { AppError } from '../../../platform/errors.ts';
import { requestLanguage } from '../../../platform/http/language.ts';

export function fieldError(request: FastifyRequest, path: string, vi: string, en: string, code: ErrorCode = 'validation_failed'): AppError {
  return new AppError(code, {}, { fields: [{ path, message: requestLanguage(request) === 'en' ? en : vi }] });
}

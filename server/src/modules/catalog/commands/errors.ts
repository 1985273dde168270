// Field errors for catalogue rules the zod schemas cannot see (they need the stored
// catalogue): 400 validation_failed, or 409 conflict for a taken code, in the caller's language.
import type { FastifyRequest } from 'fastify';
import type { ErrorCode } from '@shared/errors.ts';
import { AppError } from '../../../platform/errors.ts';
import { requestLanguage } from '../../../platform/http/language.ts';

export interface FieldProblem {
  path: string;
  vi: string;
  en: string;
}

export function fieldsError(request: FastifyRequest, problems: FieldProblem[], code: ErrorCode = 'validation_failed', details?: unknown): AppError {
  const en = requestLanguage(request) === 'en';
  return new AppError(code, {}, { fields: problems.map((p) => ({ path: p.path, message: en ? p.en : p.vi })), ...(details === undefined ? {} : { details }) });
}

export function fieldError(request: FastifyRequest, path: string, vi: string, en: string, code: ErrorCode = 'validation_failed'): AppError {
  return fieldsError(request, [{ path, vi, en }], code);
}

export function codeTaken(request: FastifyRequest, code: string): AppError {
  return fieldError(request, 'body.code', `Mã "${code}" đã tồn tại.`, `The code "${code}" already exists.`, 'conflict');
}

/** Throws the collected problems, if any. */
export function throwIfAny(request: FastifyRequest, problems: FieldProblem[]): void {
  if (problems.length > 0) throw fieldsError(request, problems);
}

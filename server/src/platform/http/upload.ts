// Uploaded files and spreadsheet downloads, shared by every import/export route.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The one file of a multipart upload, from the field "file". */
export async function readUpload(request: FastifyRequest): Promise<{ data: Buffer; fileName: string | null }> {
  if (!request.isMultipart()) throw new AppError('invalid_file');
  const file = await request.file();
  if (!file || file.fieldname !== 'file') throw new AppError('invalid_file');
  const data = await file.toBuffer();
  if (data.length === 0) throw new AppError('invalid_file');
  return { data, fileName: file.filename || null };
}

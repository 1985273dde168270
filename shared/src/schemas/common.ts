// Building blocks shared by the API schemas.
import { z } from 'zod';

export const idSchema = z.string().regex(/^\d{1,18}$/, 'id must be a positive integer');
export const idParams = z.object({ id: idSchema }).strict();
export const pagingQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};
export const okResponse = z.object({ ok: z.literal(true) });
export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    details: z.unknown().optional(),
  }),
});

/** Trimmed NFC text: Vietnamese arrives in NFC or NFD depending on the keyboard. */
export const text = (min = 1, max = 200) => z.string().transform((v) => v.normalize('NFC').trim()).pipe(z.string().min(min).max(max));

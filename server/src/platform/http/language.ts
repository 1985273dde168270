// The language of a response: an explicit Accept-Language (the web app sends its UI
// language), else the signed-in user's choice, else Vietnamese.
import type { FastifyRequest } from 'fastify';
import type { Lang } from '@shared/errors.ts';

export function requestLanguage(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'];
  if (typeof header === 'string' && header.trim() !== '') {
    const first = header.trim().toLowerCase();
    if (first.startsWith('en')) return 'en';
    if (first.startsWith('vi')) return 'vi';
  }
  return request.auth?.user.language ?? 'vi';
}

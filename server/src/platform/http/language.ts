// The language of a response: the signed-in user's choice, else Accept-Language, else Vietnamese.
import type { FastifyRequest } from 'fastify';
import type { Lang } from '@shared/errors.ts';

export function requestLanguage(request: FastifyRequest): Lang {
  const userLang = request.auth?.user.language;
  if (userLang) return userLang;
  const header = request.headers['accept-language'];
  return typeof header === 'string' && header.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

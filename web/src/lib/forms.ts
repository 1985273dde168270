// Server validation errors onto antd form fields: the server reports paths like
// "body.newPassword" or "body.assignments.0.unitId"; a field whose name ends the path
// gets the message.
import type { FormInstance } from 'antd';
import { isApiError } from './api';

type NamePath = (string | number)[];

function segments(path: string): NamePath {
  return path
    .replace(/^(body|query|params|querystring)\./, '')
    .split('.')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const same = (a: NamePath, b: NamePath) => a.length === b.length && a.every((x, i) => String(x) === String(b[i]));
const endsWith = (a: NamePath, b: NamePath) => b.length <= a.length && same(a.slice(a.length - b.length), b);

/**
 * Puts each field error on the matching form field. Returns true when at least one
 * error found its field (so the caller may skip a duplicate global message).
 */
export function applyFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!isApiError(error) || error.fields.length === 0) return false;
  const registered = form.getFieldsError().map((f) => f.name as NamePath);
  const updates: { name: NamePath; errors: string[] }[] = [];
  for (const f of error.fields) {
    const path = segments(f.path);
    const target = registered.find((name) => same(name, path)) ?? registered.find((name) => path.length > 0 && endsWith(name, path.slice(-1)));
    if (!target) continue;
    const existing = updates.find((u) => same(u.name, target));
    if (existing) existing.errors.push(f.message);
    else updates.push({ name: target, errors: [f.message] });
  }
  if (updates.length > 0) form.setFields(updates);
  return updates.length > 0;
}

/** A strong random password for an initial or reset password (shown once to the administrator). */
export function generatePassword(length = 16): string {
  const lower = 'abcdefghijkmnpqrstuvwxyz';
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const symbols = '-_.@#%+=!';
  const all = lower + upper + digits + symbols;
  const random = (n: number) => {
    const buf = new Uint32Array(1);
    // Rejection sampling keeps every character equally likely.
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      crypto.getRandomValues(buf);
      if (buf[0] < limit) return buf[0] % n;
    }
  };
  const pick = (set: string) => set[random(set.length)];
  const chars = [pick(lower), pick(upper), pick(digits), pick(symbols)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

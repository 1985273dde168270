// Password rules for security level 3: at least 10 characters, not the username,
// not in a list of common passwords (the zxcvbn-ts common list, plus Vietnamese ones).
import { dictionary } from '@zxcvbn-ts/language-common';
import { foldVietnamese } from '@shared/text.ts';

const VIETNAMESE_COMMON = [
  'matkhau', 'matkhau123', 'matkhau@123', 'anhyeuem', 'emyeuanh', 'vietnam', 'vietnam123', 'hanoi123', 'saigon123',
  'truongson', 'truongson123', 'admin@123', 'quantri', 'quantri123', 'ubdt123', 'dantoc123', '123456789a', 'a123456789',
  'abc@12345', 'iloveyou', 'qwerty123', 'password1', 'password@123', '1234567890', '0123456789',
];

const common = new Set<string>([...(dictionary['passwords-common'] as string[]), ...VIETNAMESE_COMMON].map((p) => p.toLowerCase()));

export const MIN_PASSWORD_LENGTH = 10;

export type PasswordProblem = 'too_short' | 'too_long' | 'same_as_username' | 'common';

export function checkPassword(password: string, username: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > 256) return 'too_long';
  const folded = foldVietnamese(password).replace(/\s+/g, '');
  const user = foldVietnamese(username).replace(/\s+/g, '');
  if (user.length > 0 && (folded === user || folded.includes(user) && folded.length - user.length < 4)) return 'same_as_username';
  const lower = password.toLowerCase();
  if (common.has(lower) || common.has(lower.replace(/[^a-z0-9]/g, '')) || /^(.)\1+$/.test(password)) return 'common';
  return null;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, { vi: string; en: string }> = {
  too_short: { vi: `cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`, en: `use at least ${MIN_PASSWORD_LENGTH} characters.` },
  too_long: { vi: 'không quá 256 ký tự.', en: 'use at most 256 characters.' },
  same_as_username: { vi: 'không được giống tên đăng nhập.', en: 'it must not be the username.' },
  common: { vi: 'mật khẩu quá phổ biến, dễ bị đoán.', en: 'it is a common password that is easy to guess.' },
};

// `npm run totp -- SECRET`: prints the current two-factor code for a demo account's
// TOTP secret (printed at start), for people without an authenticator app at hand.
import { totpCode } from '../server/src/modules/auth/totp.ts';

const secret = process.argv[2];
if (!secret || !/^[A-Z2-7]+=*$/.test(secret)) {
  process.stderr.write('Cách dùng: npm run totp -- <KHÓA_BÍ_MẬT_BASE32>\n');
  process.exit(2);
}
process.stdout.write(`${totpCode(secret, new Date())}\n`);

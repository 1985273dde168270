// PDF through LibreOffice (soffice --headless --convert-to pdf) when it is installed.
// Found once at start (LIBREOFFICE_PATH, else PATH and the usual install places); each
// conversion runs in its own temporary directory with its own user profile (two
// conversions never share LibreOffice's profile lock), one at a time per process
// (a conversion takes a core for a few seconds), and is killed after a time limit.
import { execFile } from 'node:child_process';
import { access, constants, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';

const CANDIDATES = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice', '/usr/local/bin/soffice', '/Applications/LibreOffice.app/Contents/MacOS/soffice'];
const TIME_LIMIT_MS = 120_000;

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const found = new Map<string, Promise<string | null>>();

/** soffice's path, or null: LIBREOFFICE_PATH when set (and nothing else), else PATH, else the usual places. */
export function libreOffice(config: Pick<Config, 'LIBREOFFICE_PATH'>): Promise<string | null> {
  const key = config.LIBREOFFICE_PATH ?? '';
  let p = found.get(key);
  if (!p) {
    p = (async () => {
      if (config.LIBREOFFICE_PATH) return (await executable(config.LIBREOFFICE_PATH)) ? config.LIBREOFFICE_PATH : null;
      const inPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).flatMap((d) => [path.join(d, 'soffice'), path.join(d, 'libreoffice')]);
      for (const file of [...inPath, ...CANDIDATES]) if (await executable(file)) return file;
      return null;
    })();
    found.set(key, p);
  }
  return p;
}

let queue: Promise<unknown> = Promise.resolve();

/** The PDF of a .docx; pdf_unavailable without LibreOffice, pdf_failed when it cannot convert. */
export async function convertToPdf(config: Pick<Config, 'LIBREOFFICE_PATH'>, docx: Buffer): Promise<Buffer> {
  const soffice = await libreOffice(config);
  if (!soffice) throw new AppError('pdf_unavailable');
  const run = queue.then(() => convert(soffice, docx));
  queue = run.catch(() => undefined);
  return run;
}

async function convert(soffice: string, docx: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'truongson-pdf-'));
  try {
    const input = path.join(dir, 'document.docx');
    await writeFile(input, docx);
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        ['--headless', '--norestore', '--nolockcheck', '--nodefault', `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--convert-to', 'pdf', '--outdir', dir, input],
        { timeout: TIME_LIMIT_MS, killSignal: 'SIGKILL', env: { ...process.env, HOME: dir } },
        (error, _stdout, stderr) => (error ? reject(new AppError('pdf_failed', { reason: (error.killed ? 'quá thời gian' : String(stderr || error.message)).slice(0, 200) })) : resolve()),
      );
    });
    const pdf = await readFile(path.join(dir, 'document.pdf')).catch(() => null);
    if (!pdf || pdf.subarray(0, 4).toString('latin1') !== '%PDF') throw new AppError('pdf_failed', { reason: 'không có tệp PDF' });
    return pdf;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Refuses an XLSX (a ZIP) that would expand too much before exceljs sees it: the
// sizes the central directory declares (total, per entry, compression ratio), then the
// real sizes, by inflating each entry with an output cap at its declared size — a
// header that lies about its size fails there. Nothing is kept; exceljs reads the file
// afterwards.
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../platform/errors.ts';

export const ZIP_LIMITS = {
  /** Sum of the entries' uncompressed sizes. */
  totalBytes: 100 * 1024 * 1024,
  entries: 5_000,
  /** Uncompressed / compressed, checked for entries above ratioFloorBytes. */
  ratio: 200,
  ratioFloorBytes: 1024 * 1024,
};

const bomb = (reason: string) => new AppError('file_zip_bomb', { reason });
const broken = () => new AppError('invalid_file');

function findEndOfCentralDirectory(b: Buffer): number {
  const min = Math.max(0, b.length - 22 - 65_535);
  for (let i = b.length - 22; i >= min; i -= 1) if (b.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}

export function assertSafeZip(b: Buffer, limits = ZIP_LIMITS): void {
  const eocd = findEndOfCentralDirectory(b);
  if (eocd < 0) throw broken();
  const count = b.readUInt16LE(eocd + 10);
  const cdOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bomb('ZIP64');
  if (count > limits.entries) throw bomb(`${count} tệp con`);
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw broken();
    const method = b.readUInt16LE(p + 10);
    const compressed = b.readUInt32LE(p + 20);
    const size = b.readUInt32LE(p + 24);
    const nameLength = b.readUInt16LE(p + 28);
    const extraLength = b.readUInt16LE(p + 30);
    const commentLength = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (compressed === 0xffffffff || size === 0xffffffff) throw bomb('ZIP64');
    total += size;
    if (total > limits.totalBytes) throw bomb(`hơn ${Math.round(limits.totalBytes / 1024 / 1024)} MB khi giải nén`);
    if (size > limits.ratioFloorBytes && size > compressed * limits.ratio) throw bomb(`${name}: nén ${Math.round(size / Math.max(compressed, 1))} lần`);
    // The real size: inflate with the declared size as the cap.
    if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50) throw broken();
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    if (start + compressed > b.length) throw broken();
    const data = b.subarray(start, start + compressed);
    if (method === 0) {
      if (compressed !== size) throw broken();
    } else if (method === 8) {
      let out: Buffer;
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw bomb(`${name}: lớn hơn kích thước khai báo`);
        throw broken();
      }
      if (out.length !== size) throw broken();
    } else throw broken();
  }
}

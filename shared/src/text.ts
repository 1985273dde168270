// Text helpers shared by server and web: Vietnamese arrives as NFC or NFD depending
// on the keyboard, and search must ignore diacritics (including đ → d, which
// stripping combining marks alone misses).

/** Normalise user text to NFC and trim. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').trim();
}

/** Diacritic-free, lower-case, single-spaced form for search and comparison. */
export function foldVietnamese(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Sort comparator in Vietnamese alphabetical order (never byte order). */
export function compareVietnamese(a: string, b: string): number {
  return viCollator.compare(a, b);
}

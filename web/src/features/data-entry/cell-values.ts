// Stored cell values ('1234.5', 'true', '2025-07-15', text) as the UI language shows
// them and as they are typed back in (editing starts from the shown text).
import { formatNumber, type NumberLang } from '@shared/engine/numbers.ts';
import { isNumericType } from './grid-model';

/** What a cell shows: 1.234,5 / Có / 15/07/2025 / the text. */
export function displayValue(valueType: string, stored: string | null | undefined, lang: NumberLang): string {
  if (stored === null || stored === undefined || stored === '') return '';
  if (isNumericType(valueType)) {
    const n = Number(stored);
    return Number.isFinite(n) ? formatNumber(n, lang) : stored;
  }
  if (valueType === 'boolean') {
    if (stored === 'true') return lang === 'vi' ? 'Có' : 'Yes';
    if (stored === 'false') return lang === 'vi' ? 'Không' : 'No';
    return stored;
  }
  if (valueType === 'date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(stored);
    return m ? `${m[3]}/${m[2]}/${m[1]}` : stored;
  }
  return stored;
}

/**
 * The stored value written so the server reads it back unchanged in the UI language
 * (sent again with a comment change). Numbers without grouping: "1.234" would read as
 * one thousand in Vietnamese, "1,234" is unambiguous there.
 */
export function retypeValue(valueType: string, stored: string | null | undefined, lang: NumberLang): string | null {
  if (stored === null || stored === undefined || stored === '') return null;
  if (isNumericType(valueType)) {
    const n = Number(stored);
    if (!Number.isFinite(n)) return stored;
    return lang === 'vi' ? String(n).replace('.', ',') : String(n);
  }
  return stored;
}

/** A value of the history (stored form) for people: numbers and dates the local way. */
export const historyValue = displayValue;

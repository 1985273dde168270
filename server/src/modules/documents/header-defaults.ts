// The title and signature blocks a unit's reports start from (Decree 30/2020, Appendix
// I): who issues a report at each level of the 2025 administration, its symbol after
// "BC-", the place name, the signer's position and the usual recipients. Users change
// any of it before generating; nothing here is a rule.
import { vietnamDate } from '@shared/engine/periods.ts';
import type { DocumentHeader } from '@shared/schemas/documents.ts';
import { placeAndDate } from './decree30/decree30-docx.ts';

export interface HeaderUnit {
  kind: string;
  /** "Gia Lai", "Ia Grai". */
  name: string;
  /** "Tỉnh Gia Lai", "Xã Ia Grai". */
  fullName: string;
}

export type ResolvedHeader = Required<Omit<DocumentHeader, 'number'>> & { number?: string };

/** "Nguyễn Thị Hương (Bộ Dân tộc và Tôn giáo)" → "Nguyễn Thị Hương". */
export const signerNameOf = (displayName: string) => displayName.replace(/\s*\(.*\)\s*$/, '').trim() || displayName;

export function defaultHeader(unit: HeaderUnit, signer: string): ResolvedHeader {
  const upper = (s: string) => s.toLocaleUpperCase('vi');
  switch (unit.kind) {
    case 'nation':
      return {
        agency: '',
        issuer: 'BỘ DÂN TỘC VÀ TÔN GIÁO',
        symbol: 'BDTTG',
        place: 'Hà Nội',
        signerTitle: 'KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG',
        signerName: signer,
        recipients: ['Thủ tướng Chính phủ (để b/c);', 'Lãnh đạo Bộ;', 'Lưu: VT, VP.'],
      };
    case 'province':
      return {
        agency: `UBND ${upper(unit.fullName)}`,
        issuer: 'SỞ DÂN TỘC VÀ TÔN GIÁO',
        symbol: 'SDTTG',
        place: unit.name,
        signerTitle: 'GIÁM ĐỐC',
        signerName: signer,
        recipients: ['Bộ Dân tộc và Tôn giáo (để b/c);', `UBND ${unit.fullName.replace(/^Tỉnh/, 'tỉnh').replace(/^Thành phố/, 'thành phố')} (để b/c);`, 'Lưu: VT.'],
      };
    default:
      // A commune's people's committee, or any other unit's, reporting upwards.
      return {
        agency: '',
        issuer: `ỦY BAN NHÂN DÂN ${upper(unit.fullName)}`,
        symbol: 'UBND',
        place: unit.name,
        signerTitle: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH',
        signerName: signer,
        recipients: [unit.kind === 'commune' ? 'Sở Dân tộc và Tôn giáo tỉnh (để b/c);' : 'Cơ quan cấp trên (để b/c);', 'Lưu: VT.'],
      };
  }
}

/** The user's choices over the defaults; the number defaults to "<register no>/BC-<symbol>". */
export function resolveHeader(defaults: ResolvedHeader, chosen: DocumentHeader | undefined, registerNo: number): ResolvedHeader & { number: string } {
  const h = { ...defaults, ...Object.fromEntries(Object.entries(chosen ?? {}).filter(([, v]) => v !== undefined)) } as ResolvedHeader;
  return { ...h, number: h.number ?? `${registerNo}/BC-${h.symbol}` };
}

/** The parts of a Decree 30 document every report kind fills the same way from its header. */
export function decree30HeaderModel(header: ResolvedHeader & { number: string }, at: Date) {
  return {
    agency: header.agency || null,
    issuer: header.issuer,
    number: header.number,
    place: header.place,
    date: at,
    title: 'BÁO CÁO',
    recipients: header.recipients,
    signer: { title: header.signerTitle, name: header.signerName },
  };
}

/** The header fields every user template receives (HEADER_FIELDS of the template contract). */
export function templateHeaderData(header: ResolvedHeader & { number: string }, at: Date) {
  return {
    agency: header.agency,
    issuer: header.issuer,
    number: header.number,
    symbol: header.symbol,
    place: header.place,
    date: vietnamDate(at).split('-').reverse().join('/'),
    placeDate: placeAndDate(header.place, at),
    title: 'BÁO CÁO',
    signerTitle: header.signerTitle,
    signerName: header.signerName,
    recipients: header.recipients.map((name) => ({ name })),
  };
}

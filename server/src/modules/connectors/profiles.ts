// The built-in layouts of external files a connector reads. A profile names the column
// holding the unit code, the year, and the value columns with the data element each one
// goes to unless the connector's mapping table says otherwise. Documented for the people
// who produce the files in docs/connectors/.
import type { ConnectorProfileView } from '@shared/schemas/connectors.ts';

export interface ConnectorProfile {
  code: 'poverty_households';
  name: string;
  description: string;
  /** The column holding the unit's code (GSO code by default). */
  unitColumn: string;
  /** The unit's name, shown in reports only. */
  unitNameColumn: string;
  /** The column holding the year (YYYY): the period is the year's last period of the form laying out the element. */
  yearColumn: string;
  columns: { name: string; description: string; required: boolean; defaultElement: string }[];
}

export const PROFILES: Record<ConnectorProfile['code'], ConnectorProfile> = {
  poverty_households: {
    code: 'poverty_households',
    name: 'Số hộ nghèo, hộ cận nghèo theo xã (kết quả rà soát hằng năm)',
    description:
      'Tệp kết xuất của cơ sở dữ liệu bảo trợ xã hội / giảm nghèo: mỗi dòng một xã, số hộ nghèo và hộ cận nghèo theo kết quả rà soát cuối năm. Xem docs/connectors/ho-ngheo.md.',
    unitColumn: 'ma_xa',
    unitNameColumn: 'ten_xa',
    yearColumn: 'nam',
    columns: [
      { name: 'so_ho_ngheo', description: 'Tổng số hộ nghèo', required: true, defaultElement: 'HH_POOR' },
      { name: 'so_ho_can_ngheo', description: 'Tổng số hộ cận nghèo', required: true, defaultElement: 'HH_NEAR_POOR' },
      { name: 'so_ho_ngheo_dtts', description: 'Số hộ nghèo dân tộc thiểu số', required: false, defaultElement: 'HH_POOR_DTTS' },
      { name: 'so_ho_can_ngheo_dtts', description: 'Số hộ cận nghèo dân tộc thiểu số', required: false, defaultElement: 'HH_NEAR_POOR_DTTS' },
    ],
  },
};

export function profileOf(code: string): ConnectorProfile {
  const p = PROFILES[code as ConnectorProfile['code']];
  if (!p) throw new Error(`unknown connector profile ${code}`);
  return p;
}

export const presentProfile = (p: ConnectorProfile): ConnectorProfileView => ({
  code: p.code,
  name: p.name,
  description: p.description,
  unitColumn: p.unitColumn,
  yearColumn: p.yearColumn,
  columns: p.columns.map((c) => ({ name: c.name, description: c.description, required: c.required, defaultElement: c.defaultElement })),
});

// How a unit's validity and attributes read on screen.
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import type { UnitSummary } from './api';

/** "từ 01/07/2025 — đang hiệu lực" or "đến 30/06/2025". */
export function validityText(t: TFunction, u: Pick<UnitSummary, 'validFrom' | 'validTo'>): string {
  if (u.validTo) return u.validFrom ? t('units.validRange', { from: formatDate(u.validFrom), to: formatDate(u.validTo) }) : t('units.validUntil', { to: formatDate(u.validTo) });
  return u.validFrom ? t('units.validFromOpen', { from: formatDate(u.validFrom) }) : t('units.validOpen');
}

export function ValidityTag({ unit, onlyClosed = false }: { unit: Pick<UnitSummary, 'validTo'>; onlyClosed?: boolean }) {
  const { t } = useTranslation();
  if (unit.validTo) return <Tag color="default">{t('units.closedOn', { date: formatDate(unit.validTo) })}</Tag>;
  if (onlyClosed) return null;
  return <Tag color="green">{t('units.open')}</Tag>;
}

export function hierarchyLabel(t: TFunction, h: string): string {
  if (h === 'pre2025') return t('units.hierarchyPre2025');
  if (h === '2025') return t('units.hierarchy2025');
  return t('units.hierarchyAll');
}

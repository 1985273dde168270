// The words the pivot and the charts put around figures (totals, value, dimension names,
// target), in the UI language.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartLabels } from './chart-options';

export function useChartLabels(): ChartLabels {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({
      total: t('analytics.total'),
      grandTotal: t('analytics.grandTotal'),
      value: t('analytics.value'),
      dx: t('analytics.dims.dx'),
      pe: t('analytics.dims.pe'),
      ou: t('analytics.dims.ou'),
      target: t('analytics.target'),
    }),
    // The labels change with the language only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [i18n.language],
  );
}

// The form and period of the reviewer's pages (review list, reporting progress): the
// choice kept in the URL, the periods offered, and the two pickers.
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { addPeriods, periodContaining, periodLabel, type PeriodType } from '@shared/engine/periods.ts';
import type { formListResponse } from '@shared/schemas/forms.ts';
import { api } from '../../lib/api';
import type { FormSummary } from '../forms-admin/api';

type FormList = z.infer<typeof formListResponse>;

/** The current period and the eleven before it, newest first (Vietnam time). */
export function recentPeriods(type: PeriodType, now: Date, count = 12): string[] {
  const current = periodContaining(type, now);
  return Array.from({ length: count }, (_, i) => addPeriods(current, -i));
}

/**
 * The form and period chosen in the URL (`form`, `period`): by default the first form and
 * its last completed period, the one being reported and reviewed. `update` changes URL
 * parameters (null removes one); `push` makes the change a navigation Back can undo.
 */
export function useFormPeriodParams() {
  const [params, setParams] = useSearchParams();
  const forms = useQuery({ queryKey: ['forms', 'list'], queryFn: ({ signal }) => api.get<FormList>('/api/forms', { signal }) });
  const formId = params.get('form') ?? forms.data?.items[0]?.id ?? null;
  const form = forms.data?.items.find((f) => f.id === formId) ?? null;
  const periods = useMemo(() => (form ? recentPeriods(form.periodType, new Date()) : []), [form]);
  const period = params.get('period') && periods.includes(params.get('period')!) ? params.get('period')! : (periods[1] ?? periods[0] ?? null);
  const update = (changes: Record<string, string | null>, opts: { push?: boolean } = {}) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: !opts.push });
  };
  return { params, forms, formId, form, periods, period, update };
}

export function FormPeriodPickers(props: {
  forms: FormSummary[] | undefined;
  loading: boolean;
  formId: string | null;
  period: string | null;
  periods: string[];
  onForm: (formId: string) => void;
  onPeriod: (period: string) => void;
  testIdPrefix: string;
  isMobile: boolean;
  lang: 'vi' | 'en';
}) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        style={props.isMobile ? { width: 'calc(100vw - 56px)' } : { minWidth: 420 }}
        loading={props.loading}
        value={props.formId ?? undefined}
        placeholder={t('review.form')}
        aria-label={t('review.form')}
        data-testid={`${props.testIdPrefix}-form`}
        options={(props.forms ?? []).map((f) => ({ value: f.id, label: `${f.code} — ${props.lang === 'en' ? (f.nameEn ?? f.nameVi) : f.nameVi}` }))}
        onChange={props.onForm}
      />
      <Select
        style={{ minWidth: 180 }}
        value={props.period ?? undefined}
        aria-label={t('review.period')}
        data-testid={`${props.testIdPrefix}-period`}
        options={props.periods.map((p) => ({ value: p, label: periodLabel(p, props.lang) }))}
        onChange={props.onPeriod}
      />
    </>
  );
}

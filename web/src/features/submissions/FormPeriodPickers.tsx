// The form and period pickers of the reviewer's pages (review list, reporting progress).
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { periodLabel } from '@shared/engine/periods.ts';
import type { FormSummary } from '../forms-admin/api';

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

// A file import checked before it is written (targets, investment works, villages): the
// file chosen, a dry run of it (`dryRun=true`) showing every rejected row, then the same
// file written (`dryRun=false`) — all rows or none. Both answer the import report; the
// report of a refused file comes back as a 422 whose details are that report.
import { useMutation } from '@tanstack/react-query';
import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../lib/api';

export interface DryRunReport {
  total: number;
  rejected: unknown[];
}

const isReport = (x: unknown): x is DryRunReport => typeof x === 'object' && x !== null && Array.isArray((x as DryRunReport).rejected);

async function uploadImport<R extends DryRunReport>(url: string, file: File, dryRun: boolean): Promise<R> {
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    return await api.post<R>(`${url}${url.includes('?') ? '&' : '?'}dryRun=${dryRun}`, body);
  } catch (e) {
    if (isApiError(e) && isReport(e.details)) return e.details as R;
    throw e;
  }
}

/** The state of one import: `written` runs once the file is written with no rejected row. */
export function useDryRunImport<R extends DryRunReport>(url: string, written: (report: R) => Promise<unknown> | void) {
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({ mutationFn: (f: File) => uploadImport<R>(url, f, true) });
  const commit = useMutation({
    mutationFn: (f: File) => uploadImport<R>(url, f, false),
    onSuccess: async (report) => {
      if (report.rejected.length === 0) await written(report);
    },
  });
  const preview = check.data;
  const final = commit.data;
  return {
    file,
    /** A new file (or none): the previous check and result are forgotten. */
    choose: (f: File | null) => {
      setFile(f);
      check.reset();
      commit.reset();
    },
    check,
    commit,
    /** The dry run's report. */
    preview,
    /** The write's report. */
    final,
    clean: preview !== undefined && preview.rejected.length === 0,
    done: final !== undefined && final.rejected.length === 0,
  };
}

/** The dialog's buttons: cancel and check, then cancel and write the checked file, then close. */
export function DryRunImportFooter<R extends DryRunReport>({
  state,
  onClose,
  checkLabel,
  confirmLabel,
  testIdPrefix,
}: {
  state: ReturnType<typeof useDryRunImport<R>>;
  onClose: () => void;
  checkLabel: string;
  confirmLabel: (total: number) => string;
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const { file, check, commit, preview, clean, done } = state;
  const id = (name: string) => (testIdPrefix ? `${testIdPrefix}-${name}` : undefined);
  if (done) {
    return (
      <Button type="primary" onClick={onClose} data-testid={id('close')}>
        {t('common.close')}
      </Button>
    );
  }
  return (
    <Space wrap>
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      {!preview ? (
        <Button type="primary" disabled={!file} loading={check.isPending} onClick={() => file && check.mutate(file)} data-testid={id('check')}>
          {checkLabel}
        </Button>
      ) : (
        <Button type="primary" disabled={!clean || !file} loading={commit.isPending} onClick={() => file && commit.mutate(file)} data-testid={id('confirm')}>
          {confirmLabel(preview.total)}
        </Button>
      )}
    </Space>
  );
}

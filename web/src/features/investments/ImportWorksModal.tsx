// Importing the provinces' works sheet: download the template, check the file (dry run:
// the year and date read from its headers, how many works are new, changed, unchanged,
// every rejected row), then write all rows or none.
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop } from '../../components/FileDrop';
import { ImportReportView } from '../../components/ImportReportView';
import { api, isApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { investmentKeys, type InvestmentImportReport } from './api';

const isReport = (x: unknown): x is InvestmentImportReport => typeof x === 'object' && x !== null && Array.isArray((x as InvestmentImportReport).rejected);

async function upload(file: File, dryRun: boolean): Promise<InvestmentImportReport> {
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    return await api.post<InvestmentImportReport>(`/api/investments/import?dryRun=${dryRun}`, body);
  } catch (e) {
    if (isApiError(e) && isReport(e.details)) return e.details;
    throw e;
  }
}

export function ImportWorksModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({ mutationFn: (f: File) => upload(f, true) });
  const commit = useMutation({
    mutationFn: (f: File) => upload(f, false),
    onSuccess: async (r) => {
      if (r.rejected.length > 0) return;
      message.success(t('investments.import.done', { created: r.created, updated: r.updated }));
      await qc.invalidateQueries({ queryKey: investmentKeys.all });
    },
  });
  const preview = check.data;
  const final = commit.data;
  const clean = preview && preview.rejected.length === 0;
  const done = final && final.rejected.length === 0;
  const reset = (f: File | null) => {
    setFile(f);
    check.reset();
    commit.reset();
  };
  const header = (r: InvestmentImportReport) =>
    r.year && r.asOf ? <Typography.Paragraph>{t('investments.import.readAs', { year: r.year, date: formatDate(r.asOf) })}</Typography.Paragraph> : null;
  return (
    <Modal
      open
      title={t('investments.import.title')}
      onCancel={onClose}
      width={820}
      destroyOnHidden
      maskClosable={false}
      footer={
        done ? (
          <Button type="primary" onClick={onClose} data-testid="works-import-close">
            {t('common.close')}
          </Button>
        ) : (
          <Space wrap>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            {!preview ? (
              <Button type="primary" disabled={!file} loading={check.isPending} onClick={() => file && check.mutate(file)} data-testid="works-import-check">
                {t('investments.import.check')}
              </Button>
            ) : (
              <Button type="primary" disabled={!clean || !file} loading={commit.isPending} onClick={() => file && commit.mutate(file)} data-testid="works-import-confirm">
                {t('investments.import.confirm', { count: preview.total })}
              </Button>
            )}
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t('investments.import.help')}{' '}
        <a href="/api/investments/template.xlsx" download data-testid="works-template">
          <DownloadOutlined /> {t('investments.import.template')}
        </a>
      </Typography.Paragraph>
      {!done ? <FileDrop accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" file={file} onChange={reset} text={t('investments.import.drop')} hint={t('investments.import.formats')} /> : null}
      {check.error ? <ErrorAlert error={check.error} style={{ marginTop: 16 }} /> : null}
      {commit.error ? <ErrorAlert error={commit.error} style={{ marginTop: 16 }} /> : null}
      {preview && !final ? (
        <div style={{ marginTop: 16 }} data-testid="works-import-preview">
          {header(preview)}
          {clean ? (
            <Alert type="success" showIcon title={t('investments.import.clean', { count: preview.total })} style={{ marginBottom: 12 }} />
          ) : (
            <Alert type="error" showIcon title={t('investments.import.hasErrors', { count: preview.rejected.length })} style={{ marginBottom: 12 }} />
          )}
          <ImportReportView report={preview} testId="works-import-rejected" />
        </div>
      ) : null}
      {final ? (
        <div style={{ marginTop: 16 }} data-testid="works-import-result">
          {done ? <Alert type="success" showIcon title={t('investments.import.written')} style={{ marginBottom: 12 }} /> : null}
          <ImportReportView report={final} testId="works-import-rejected" />
        </div>
      ) : null}
    </Modal>
  );
}

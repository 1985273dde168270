// Importing targets from XLSX: download the template (with the list of indicators),
// check the file (dry run), see every rejected row, then write all rows or none.
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { FileDrop } from '../../components/FileDrop';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportReportView } from '../../components/ImportReportView';
import { api, isApiError } from '../../lib/api';
import type { TargetImportReport } from './api';

function isReport(x: unknown): x is TargetImportReport {
  return typeof x === 'object' && x !== null && 'rejected' in x && Array.isArray((x as TargetImportReport).rejected);
}

async function upload(file: File, dryRun: boolean): Promise<TargetImportReport> {
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    return await api.post<TargetImportReport>(`/api/catalog/targets/import?dryRun=${dryRun}`, body);
  } catch (e) {
    // Rejected rows come back as 422 with the full report in details.
    if (isApiError(e) && isReport(e.details)) return e.details;
    throw e;
  }
}

function ReportView({ report }: { report: TargetImportReport }) {
  return <ImportReportView report={report} testId="targets-import-rejected" />;
}

export function TargetImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({ mutationFn: (f: File) => upload(f, true) });
  const commit = useMutation({
    mutationFn: (f: File) => upload(f, false),
    onSuccess: async (report) => {
      if (report.rejected.length > 0) return;
      message.success(t('catalog.import.done', { created: report.created, updated: report.updated }));
      await qc.invalidateQueries({ queryKey: ['catalog'] });
    },
  });
  const preview = check.data;
  const finalReport = commit.data;
  const clean = preview && preview.rejected.length === 0;
  const done = finalReport && finalReport.rejected.length === 0;
  const reset = (f: File | null) => {
    setFile(f);
    check.reset();
    commit.reset();
  };
  const footer = done ? (
    <Button type="primary" onClick={onClose}>
      {t('common.close')}
    </Button>
  ) : (
    <Space wrap>
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      {!preview ? (
        <Button type="primary" disabled={!file} loading={check.isPending} onClick={() => file && check.mutate(file)} data-testid="targets-import-check">
          {t('catalog.import.check')}
        </Button>
      ) : (
        <Button type="primary" disabled={!clean || !file} loading={commit.isPending} onClick={() => file && commit.mutate(file)}>
          {t('catalog.import.confirm', { count: preview.total })}
        </Button>
      )}
    </Space>
  );
  return (
    <Modal open title={t('catalog.import.title')} onCancel={onClose} footer={footer} width={760} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {t('catalog.import.help')}{' '}
        <a href="/api/catalog/targets/template.xlsx" download data-testid="targets-template">
          <DownloadOutlined /> {t('catalog.import.template')}
        </a>
      </Typography.Paragraph>
      {!done ? (
        <FileDrop accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" file={file} onChange={reset} text={t('catalog.import.drop')} hint={t('catalog.import.formats')} />
      ) : null}
      {check.error ? <ErrorAlert error={check.error} style={{ marginTop: 16 }} /> : null}
      {commit.error ? <ErrorAlert error={commit.error} style={{ marginTop: 16 }} /> : null}
      {preview && !finalReport ? (
        <div style={{ marginTop: 16 }}>
          {clean ? (
            <Alert type="success" showIcon title={t('catalog.import.clean', { count: preview.total })} style={{ marginBottom: 12 }} />
          ) : (
            <Alert type="error" showIcon title={t('catalog.import.hasErrors', { count: preview.rejected.length })} style={{ marginBottom: 12 }} />
          )}
          <ReportView report={preview} />
        </div>
      ) : null}
      {finalReport ? (
        <div style={{ marginTop: 16 }}>
          {done ? <Alert type="success" showIcon title={t('catalog.import.written')} style={{ marginBottom: 12 }} /> : null}
          <ReportView report={finalReport} />
        </div>
      ) : null}
    </Modal>
  );
}

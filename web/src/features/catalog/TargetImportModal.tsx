// Importing targets from XLSX: download the template (with the list of indicators),
// check the file (dry run), see every rejected row, then write all rows or none.
import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Modal, Typography } from 'antd';
import { FileDrop } from '../../components/FileDrop';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportReportView } from '../../components/ImportReportView';
import { DryRunImportFooter, useDryRunImport } from '../../components/DryRunImport';
import type { TargetImportReport } from './api';

function ReportView({ report }: { report: TargetImportReport }) {
  return <ImportReportView report={report} testId="targets-import-rejected" />;
}

export function TargetImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const state = useDryRunImport<TargetImportReport>('/api/catalog/targets/import', async (report) => {
    message.success(t('catalog.import.done', { created: report.created, updated: report.updated }));
    await qc.invalidateQueries({ queryKey: ['catalog'] });
  });
  const { file, choose, check, commit, preview, final: finalReport, clean, done } = state;
  const footer = (
    <DryRunImportFooter state={state} onClose={onClose} checkLabel={t('catalog.import.check')} confirmLabel={(count) => t('catalog.import.confirm', { count })} testIdPrefix="targets-import" />
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
        <FileDrop accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" file={file} onChange={choose} text={t('catalog.import.drop')} hint={t('catalog.import.formats')} />
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

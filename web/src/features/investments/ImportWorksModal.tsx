// Importing the provinces' works sheet: download the template, check the file (dry run:
// the year and date read from its headers, how many works are new, changed, unchanged,
// every rejected row), then write all rows or none.
import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DryRunImportFooter, useDryRunImport } from '../../components/DryRunImport';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop } from '../../components/FileDrop';
import { ImportReportView } from '../../components/ImportReportView';
import { formatDate } from '../../lib/format';
import { investmentKeys, type InvestmentImportReport } from './api';

export function ImportWorksModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const state = useDryRunImport<InvestmentImportReport>('/api/investments/import', async (r) => {
    message.success(t('investments.import.done', { created: r.created, updated: r.updated }));
    await qc.invalidateQueries({ queryKey: investmentKeys.all });
  });
  const { file, choose, check, commit, preview, final, clean, done } = state;
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
        <DryRunImportFooter
          state={state}
          onClose={onClose}
          checkLabel={t('investments.import.check')}
          confirmLabel={(count) => t('investments.import.confirm', { count })}
          testIdPrefix="works-import"
        />
      }
    >
      <Typography.Paragraph type="secondary">
        {t('investments.import.help')}{' '}
        <a href="/api/investments/template.xlsx" download data-testid="works-template">
          <DownloadOutlined /> {t('investments.import.template')}
        </a>
      </Typography.Paragraph>
      {!done ? <FileDrop accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" file={file} onChange={choose} text={t('investments.import.drop')} hint={t('investments.import.formats')} /> : null}
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

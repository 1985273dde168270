// Importing a commune's villages from CSV or XLSX (columns code, name, type): a dry run
// first, showing rejected rows; nothing is written until the file is clean and the
// user confirms.
import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Descriptions, Modal, Steps, Table, Typography } from 'antd';
import { FileDrop } from '../../components/FileDrop';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DryRunImportFooter, useDryRunImport } from '../../components/DryRunImport';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import type { ImportReport, UnitDetail } from './api';

function ReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const n = (v: number) => formatNumber(v, lang);
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 2, sm: 5 }}
        layout="vertical"
        bordered
        items={[
          { key: 'total', label: t('units.importTotal'), children: n(report.total) },
          { key: 'created', label: t('units.importCreated'), children: n(report.created) },
          { key: 'updated', label: t('units.importUpdated'), children: n(report.updated) },
          { key: 'unchanged', label: t('units.importUnchanged'), children: n(report.unchanged) },
          { key: 'rejected', label: t('units.importRejected'), children: <Typography.Text type={report.rejected.length ? 'danger' : undefined}>{n(report.rejected.length)}</Typography.Text> },
        ]}
      />
      {report.rejected.length > 0 ? (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey={(r) => `${r.row}:${r.field ?? ''}:${r.code}`}
          dataSource={report.rejected}
          pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
          className="ts-wrap-table"
          columns={[
            { key: 'row', title: t('units.importRow'), dataIndex: 'row', width: 64 },
            { key: 'field', title: t('units.importField'), dataIndex: 'field', width: 80 },
            { key: 'value', title: t('units.importValue'), render: (_, r) => ('value' in r && typeof r.value === 'string' ? r.value : '') },
            { key: 'message', title: t('units.importProblem'), dataIndex: 'message' },
          ]}
        />
      ) : null}
    </>
  );
}

export function ImportVillagesModal({ commune, onClose }: { commune: UnitDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const state = useDryRunImport<ImportReport>(`/api/units/${commune.id}/villages/import`, async (report) => {
    message.success(t('units.importDone', { created: report.created, updated: report.updated }));
    await Promise.all([qc.invalidateQueries({ queryKey: ['unit'] }), qc.invalidateQueries({ queryKey: ['units'] })]);
  });
  const { file, choose, check, commit, preview, final: finalReport, clean, done } = state;
  const step = done ? 2 : preview ? 1 : 0;
  const footer = (
    <DryRunImportFooter state={state} onClose={onClose} checkLabel={t('units.importCheck')} confirmLabel={(count) => t('units.importConfirm', { count })} testIdPrefix="villages-import" />
  );

  return (
    <Modal open title={t('units.importTitle', { name: commune.fullName })} onCancel={onClose} footer={footer} width={720} destroyOnHidden>
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: t('units.importStepFile') }, { title: t('units.importStepCheck') }, { title: t('units.importStepDone') }]}
      />
      <Typography.Paragraph type="secondary">
        {t('units.importHelp')}{' '}
        <a href="/api/units/villages/template.xlsx" download>
          <DownloadOutlined /> {t('units.downloadTemplate')}
        </a>
      </Typography.Paragraph>
      {step < 2 ? (
        <FileDrop accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" file={file} onChange={choose} text={t('units.importDrop')} hint={t('units.importFormats')} />
      ) : null}
      {check.error ? <ErrorAlert error={check.error} style={{ marginTop: 16 }} /> : null}
      {commit.error ? <ErrorAlert error={commit.error} style={{ marginTop: 16 }} /> : null}
      {preview && !finalReport ? (
        <div style={{ marginTop: 16 }}>
          {clean ? (
            <Alert type="success" showIcon title={t('units.importClean', { count: preview.total })} style={{ marginBottom: 12 }} />
          ) : (
            <Alert type="error" showIcon title={t('units.importHasErrors', { count: preview.rejected.length })} style={{ marginBottom: 12 }} />
          )}
          <ReportView report={preview} />
        </div>
      ) : null}
      {finalReport ? (
        <div style={{ marginTop: 16 }}>
          {finalReport.rejected.length === 0 ? <Alert type="success" showIcon title={t('units.importWritten')} style={{ marginBottom: 12 }} /> : null}
          <ReportView report={finalReport} />
        </div>
      ) : null}
    </Modal>
  );
}

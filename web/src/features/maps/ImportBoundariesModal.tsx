// Importing official boundaries: one or more GeoJSON files sent together, checked first
// ("Kiểm tra" = dry run) and written all or nothing ("Nhập"); every problem of every file
// is listed with the file, the feature and the unit code.
import { InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { importBoundaries, type BoundaryImportReport } from './api';

export function ImportBoundariesModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (report: BoundaryImportReport) => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [files, setFiles] = useState<File[]>([]);
  const [report, setReport] = useState<BoundaryImportReport | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) => importBoundaries(files, dryRun),
    onSuccess: (r) => {
      setReport(r);
      if (!r.dryRun && r.problems.length === 0) onImported(r);
    },
  });
  const n = (v: number) => formatNumber(v, lang);
  const close = () => {
    setFiles([]);
    setReport(null);
    run.reset();
    onClose();
  };
  const counts = report ? { units: n(report.units.length), created: n(report.created), replaced: n(report.replaced), count: n(report.problems.length) } : null;

  return (
    <Modal
      open={open}
      title={t('maps.import.title')}
      onCancel={close}
      width={820}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={close}>{t('maps.import.close')}</Button>
          <Button data-testid="boundary-import-check" disabled={files.length === 0} loading={run.isPending && run.variables === true} onClick={() => run.mutate(true)}>
            {t('maps.import.check')}
          </Button>
          <Button type="primary" data-testid="boundary-import-run" disabled={files.length === 0} loading={run.isPending && run.variables === false} onClick={() => run.mutate(false)}>
            {t('maps.import.run')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('maps.import.intro')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".geojson,.json,application/geo+json,application/json"
        multiple
        showUploadList={false}
        beforeUpload={(_f, list) => {
          // Called once per file with the whole selection: keep the selection once.
          setFiles((prev) => (prev.length > 0 && list.every((f) => prev.includes(f)) ? prev : [...list]));
          setReport(null);
          return false;
        }}
        data-testid="boundary-import-drop"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('maps.import.drop')}</p>
        <p className="ant-upload-hint">{t('maps.import.dropHint')}</p>
      </Upload.Dragger>
      {files.length > 0 ? (
        <Typography.Paragraph style={{ marginTop: 8 }} data-testid="boundary-import-files">
          {t('maps.import.files', { count: files.length, size: formatBytes(files.reduce((s, f) => s + f.size, 0), lang) })}
        </Typography.Paragraph>
      ) : null}
      <ErrorAlert error={run.error} style={{ marginTop: 12 }} />
      {report && counts ? (
        report.problems.length === 0 ? (
          <Alert style={{ marginTop: 12 }} type="success" showIcon data-testid="boundary-import-result" title={t(report.dryRun ? 'maps.import.ok' : 'maps.import.done', counts)} />
        ) : (
          <>
            <Alert style={{ marginTop: 12 }} type="error" showIcon data-testid="boundary-import-result" title={t('maps.import.refused', counts)} />
            <Table
              style={{ marginTop: 8 }}
              size="small"
              rowKey={(_r, i) => String(i)}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 600 }}
              dataSource={report.problems}
              data-testid="boundary-import-problems"
              columns={[
                { title: t('maps.import.file'), dataIndex: 'file', width: 180 },
                { title: t('maps.import.feature'), dataIndex: 'feature', width: 90 },
                { title: t('maps.import.unitCode'), dataIndex: 'unitCode', width: 100 },
                { title: t('maps.import.problem'), dataIndex: 'message' },
              ]}
            />
          </>
        )
      ) : null}
    </Modal>
  );
}

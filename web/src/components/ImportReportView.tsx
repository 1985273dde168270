// The report of a file import (targets, data values): counts, then every rejected
// row with its row number, cell key, field, value and reason. Shared by the import
// dialogs so they read alike.
import { Descriptions, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';
import { useUiLanguage } from '../features/auth/language';

export interface ImportReportLike {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; field?: string; code: string; message: string; value?: string; key?: string }[];
  /** All rejected rows when the list is cut short. */
  rejectedCount?: number;
}

export function ImportReportView({ report, testId, showKey = false }: { report: ImportReportLike; testId?: string; showKey?: boolean }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const n = (v: number) => formatNumber(v, lang);
  const rejectedCount = report.rejectedCount ?? report.rejected.length;
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 2, sm: 5 }}
        layout="vertical"
        bordered
        items={[
          { key: 'total', label: t('importReport.total'), children: n(report.total) },
          { key: 'created', label: t('importReport.created'), children: n(report.created) },
          { key: 'updated', label: t('importReport.updated'), children: n(report.updated) },
          { key: 'unchanged', label: t('importReport.unchanged'), children: n(report.unchanged) },
          { key: 'rejected', label: t('importReport.rejected'), children: <Typography.Text type={rejectedCount ? 'danger' : undefined}>{n(rejectedCount)}</Typography.Text> },
        ]}
      />
      {report.rejected.length > 0 ? (
        <>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            data-testid={testId}
            rowKey={(r) => `${r.row}:${r.key ?? ''}:${r.field ?? ''}:${r.code}`}
            dataSource={report.rejected}
            pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'row', title: t('importReport.row'), dataIndex: 'row', width: 64 },
              ...(showKey ? [{ key: 'key', title: t('importReport.key'), dataIndex: 'key' }] : [{ key: 'field', title: t('importReport.field'), dataIndex: 'field' }]),
              { key: 'value', title: t('importReport.value'), dataIndex: 'value' },
              { key: 'message', title: t('importReport.problem'), dataIndex: 'message', render: (m: string) => <div style={{ minWidth: 200, maxWidth: 380 }}>{m}</div> },
            ]}
          />
          {rejectedCount > report.rejected.length ? (
            <Typography.Text type="secondary">{t('importReport.more', { shown: n(report.rejected.length), count: n(rejectedCount) })}</Typography.Text>
          ) : null}
        </>
      ) : null}
    </>
  );
}

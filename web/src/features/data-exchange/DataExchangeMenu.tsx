// The "Nhập/Xuất" menu of the data-entry page: the form as an Excel file (blank or
// with the values) for the current unit and period, the values as dataValueSets
// (JSON, CSV) or ADX, and importing a file (when the caller may enter values here). The import
// dialog (file drop, steps, report) is loaded when opened, not with the entry screen.
import { DownOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportUrl, templateUrl } from './api';

const DataImportModal = lazy(() => import('./DataImportModal').then((m) => ({ default: m.DataImportModal })));

function download(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function DataExchangeMenu({ formId, unitId, period, canImport }: { formId: string; unitId: string; period: string; canImport: boolean }) {
  const { t } = useTranslation();
  const [importing, setImporting] = useState(false);
  const items = [
    { key: 'blank', label: t('dataExchange.blankTemplate'), onClick: () => download(templateUrl(formId, unitId, period, false)) },
    { key: 'filled', label: t('dataExchange.filledTemplate'), onClick: () => download(templateUrl(formId, unitId, period, true)) },
    { key: 'json', label: t('dataExchange.exportJson'), onClick: () => download(exportUrl(formId, unitId, period, 'json')) },
    { key: 'csv', label: t('dataExchange.exportCsv'), onClick: () => download(exportUrl(formId, unitId, period, 'csv')) },
    { key: 'adx', label: t('dataExchange.exportAdx'), onClick: () => download(exportUrl(formId, unitId, period, 'adx')) },
    ...(canImport ? [{ type: 'divider' as const }, { key: 'import', label: t('dataExchange.importFile'), onClick: () => setImporting(true) }] : []),
  ];
  return (
    <>
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button icon={<SwapOutlined />} data-testid="dx-menu">
          {t('dataExchange.menu')} <DownOutlined />
        </Button>
      </Dropdown>
      {importing ? (
        <Suspense fallback={null}>
          <DataImportModal formId={formId} unitId={unitId} period={period} onClose={() => setImporting(false)} />
        </Suspense>
      ) : null}
    </>
  );
}

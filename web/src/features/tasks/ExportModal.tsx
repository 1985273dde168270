// The task progress report: a unit (with the units below) and a period; "Tải tệp Excel"
// downloads /api/task-reports/progress.xlsx, "Tải Word" opens the documents dialog (Word in
// the Decree 30 layout, a template, PDF when the server can, Excel) which posts the same
// query to /api/documents/task-progress and keeps the document in the register.
import { Button, DatePicker, Form, Modal, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { vnToday } from '../../lib/format';
import { GenerateDocumentButton } from '../documents/GenerateDocument';
import { UnitSelect } from '../units/UnitSelect';
import { reportXlsxUrl } from './api';

export function ExportModal({ defaultUnitId, planId, onClose }: { defaultUnitId: string | null; planId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const year = vnToday().slice(0, 4);
  const [unitId, setUnitId] = useState<string | undefined>(defaultUnitId ?? undefined);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)]);
  const query = unitId ? { unitId, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), planId } : null;
  const href = query ? reportXlsxUrl(query) : undefined;
  return (
    <Modal open title={t('tasks.exportTitle')} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('tasks.exportHelp')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('tasks.filterUnit')} required>
          <UnitSelect value={unitId} onChange={setUnitId} />
        </Form.Item>
        <Form.Item label={t('tasks.scores.period')} required>
          <DatePicker.RangePicker format="DD/MM/YYYY" value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" href={href} disabled={!href} download data-testid="tasks-export-download">
            {t('tasks.download')}
          </Button>
          <GenerateDocumentButton source={query && { kind: 'task_progress', query }} primary={false} testId="tasks-export-word" />
        </Space>
      </Form>
    </Modal>
  );
}

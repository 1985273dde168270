// "Tải Word" on the consolidated report screen and in the tasks' progress report dialog: a
// dialog to choose the format (Word in the Decree 30/2020 layout, PDF when the server has
// LibreOffice, Excel), an uploaded template of the report's kind if any, and the title and
// signature blocks (prefilled with the unit's defaults and the next number of its
// register); "Tạo và tải xuống" generates the document, records it in the register and
// downloads it.
import { FileWordOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Collapse, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ReportQuery } from '../reports/api';
import { documentKeys, downloadDocument, generateConsolidated, generateTaskProgress, getCapabilities, getHeaderDefaults, listTemplates, type DocumentFormat, type DocumentHeader } from './api';

/** The report a document is made of: the consolidated figures of a form, or the progress of tasks. */
export type DocumentSource =
  | { kind: 'consolidated'; query: ReportQuery }
  | { kind: 'task_progress'; query: { unitId: string; from: string; to: string; planId?: string | null } };

interface HeaderForm {
  number: string;
  agency: string;
  issuer: string;
  place: string;
  signerTitle: string;
  signerName: string;
  recipients: string;
}

export function GenerateDocumentButton({ source, disabled, primary = true, testId = 'report-word' }: { source: DocumentSource | null; disabled?: boolean; primary?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<FileWordOutlined />} type={primary ? 'primary' : 'default'} data-testid={testId} disabled={disabled || !source} onClick={() => setOpen(true)}>
        {t('documents.downloadWord')}
      </Button>
      {open && source ? <GenerateDocumentModal source={source} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function GenerateDocumentModal({ source, onClose }: { source: DocumentSource; onClose: () => void }) {
  const { query } = source;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [format, setFormat] = useState<DocumentFormat>('docx');
  const [templateId, setTemplateId] = useState<string>('');
  const [form] = Form.useForm<HeaderForm>();

  const caps = useQuery({ queryKey: documentKeys.capabilities, queryFn: ({ signal }) => getCapabilities(signal), staleTime: 60_000 });
  const defaults = useQuery({ queryKey: documentKeys.header(query.unitId), queryFn: ({ signal }) => getHeaderDefaults(query.unitId, signal), staleTime: 0 });
  const templates = useQuery({ queryKey: documentKeys.templates({ kind: source.kind, forUnitId: query.unitId }), queryFn: ({ signal }) => listTemplates({ kind: source.kind, forUnitId: query.unitId }, signal) });

  useEffect(() => {
    const d = defaults.data;
    if (!d) return;
    form.setFieldsValue({ number: d.nextNumber, agency: d.agency, issuer: d.issuer, place: d.place, signerTitle: d.signerTitle, signerName: d.signerName, recipients: d.recipients.join('\n') });
  }, [defaults.data, form]);

  const generate = useMutation({
    mutationFn: async () => {
      const v = form.getFieldsValue();
      const d = defaults.data;
      // Only what the user changed travels; the rest stays the unit's default (and the number the register's).
      const header: DocumentHeader = {};
      if (d && format !== 'xlsx') {
        if (v.number.trim() && v.number.trim() !== d.nextNumber) header.number = v.number.trim();
        if (v.agency !== d.agency) header.agency = v.agency;
        if (v.issuer.trim() && v.issuer !== d.issuer) header.issuer = v.issuer;
        if (v.place.trim() && v.place !== d.place) header.place = v.place;
        if (v.signerTitle.trim() && v.signerTitle !== d.signerTitle) header.signerTitle = v.signerTitle;
        if (v.signerName.trim() && v.signerName !== d.signerName) header.signerName = v.signerName;
        const recipients = v.recipients.split('\n').map((s) => s.replace(/^\s*-\s*/, '').trim()).filter(Boolean);
        if (recipients.join('\n') !== d.recipients.join('\n')) header.recipients = recipients;
      }
      const output = { format, ...(templateId && format !== 'xlsx' ? { templateId } : {}), ...(Object.keys(header).length > 0 ? { header } : {}) };
      switch (source.kind) {
        case 'consolidated': {
          const q = source.query;
          return generateConsolidated({ formId: q.formId, unitId: q.unitId, period: q.period, view: q.view, approvedOnly: q.approvedOnly, disaggregate: q.disaggregate, ...output });
        }
        case 'task_progress': {
          const q = source.query;
          return generateTaskProgress({ unitId: q.unitId, from: q.from, to: q.to, ...(q.planId ? { planId: q.planId } : {}), ...output });
        }
      }
    },
    onSuccess: (doc) => {
      downloadDocument(doc);
      void qc.invalidateQueries({ queryKey: documentKeys.all });
      message.success(t('documents.generated', { number: doc.number }));
      onClose();
    },
  });

  const pdfAvailable = caps.data?.pdf ?? false;
  const templateOptions = [{ value: '', label: t('documents.decree30Layout') }, ...(templates.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))];

  return (
    <Modal
      open
      title={t(`documents.generateTitle.${source.kind}`)}
      onCancel={onClose}
      okText={t('documents.generateAndDownload')}
      cancelText={t('common.cancel')}
      onOk={() => generate.mutate()}
      confirmLoading={generate.isPending}
      okButtonProps={{ 'data-testid': 'document-generate', disabled: !defaults.data } as never}
      width={640}
      destroyOnHidden
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>{t('documents.format')}</Typography.Text>
          <div>
            <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as DocumentFormat)} data-testid="document-format">
              <Radio.Button value="docx">Word</Radio.Button>
              <Radio.Button value="pdf" disabled={!pdfAvailable}>
                PDF
              </Radio.Button>
              <Radio.Button value="xlsx">Excel</Radio.Button>
            </Radio.Group>
          </div>
          {caps.data && !pdfAvailable ? (
            <Typography.Text type="secondary" className="ts-small" data-testid="pdf-unavailable">
              {t('documents.pdfNeedsLibreOffice')}
            </Typography.Text>
          ) : null}
        </div>
        {format !== 'xlsx' ? (
          <div>
            <Typography.Text strong>{t('documents.template')}</Typography.Text>
            <Select style={{ width: '100%' }} value={templateId} onChange={setTemplateId} options={templateOptions} loading={templates.isLoading} data-testid="document-template" />
          </div>
        ) : (
          <Alert type="info" showIcon title={t('documents.excelNote')} />
        )}
        <ErrorAlert error={defaults.error} />
        <div style={format === 'xlsx' ? { display: 'none' } : undefined}>
          <Collapse
            size="small"
            items={[
              {
                key: 'header',
                label: t('documents.headerSection'),
                forceRender: true,
                children: (
                  <Form form={form} layout="vertical" size="small" initialValues={{ number: '', agency: '', issuer: '', place: '', signerTitle: '', signerName: '', recipients: '' }}>
                    <Form.Item name="number" label={t('documents.number')} extra={t('documents.numberHint')}>
                      <Input data-testid="document-number" />
                    </Form.Item>
                    <Form.Item name="agency" label={t('documents.agency')}>
                      <Input />
                    </Form.Item>
                    <Form.Item name="issuer" label={t('documents.issuer')}>
                      <Input />
                    </Form.Item>
                    <Form.Item name="place" label={t('documents.place')}>
                      <Input />
                    </Form.Item>
                    <Form.Item name="signerTitle" label={t('documents.signerTitle')}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
                    </Form.Item>
                    <Form.Item name="signerName" label={t('documents.signerName')}>
                      <Input />
                    </Form.Item>
                    <Form.Item name="recipients" label={t('documents.recipients')} extra={t('documents.recipientsHint')}>
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
                    </Form.Item>
                  </Form>
                ),
              },
            ]}
          />
        </div>
        <ErrorAlert error={generate.error} />
        <Typography.Text type="secondary" className="ts-small">
          {t('documents.registerNote')} <Link to="/documents">{t('documents.openRegister')}</Link>
        </Typography.Text>
      </Space>
    </Modal>
  );
}

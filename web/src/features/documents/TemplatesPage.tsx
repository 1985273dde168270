// Word templates (document.manage): upload a .docx with placeholders {unit.name} and loops
// {#rows}{name} {value}{/rows}; a template using names the report data does not provide
// is refused and the names are listed. The names available for each report kind are
// shown with an example; templates can be downloaded and removed.
import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../components/ErrorAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop } from '../../components/FileDrop';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { deleteTemplate, documentKeys, listTemplates, templateFields, templateFileUrl, uploadTemplate, type DocumentKind, type TemplateField, type TemplateView } from './api';

function FieldList({ fields, lang, prefix = '' }: { fields: TemplateField[]; lang: 'vi' | 'en'; prefix?: string }) {
  return (
    <ul className="ts-field-list" style={{ margin: 0, paddingLeft: 18 }}>
      {fields.map((f) => (
        <li key={prefix + f.name}>
          <Typography.Text code>{f.items ? `{#${f.name}}…{/${f.name}}` : `{${prefix}${f.name}}`}</Typography.Text> {lang === 'en' ? f.descriptionEn : f.descriptionVi}
          {f.items ? <FieldList fields={f.items} lang={lang} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function TemplatesPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [form] = Form.useForm<{ name: string; kind: DocumentKind }>();

  const list = useQuery({ queryKey: documentKeys.templates({}), queryFn: ({ signal }) => listTemplates({}, signal) });
  const fields = useQuery({ queryKey: documentKeys.fields, queryFn: ({ signal }) => templateFields(signal), staleTime: Infinity });

  const upload = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      return uploadTemplate({ name: v.name, kind: v.kind }, file!);
    },
    onSuccess: (tpl) => {
      message.success(t('documents.templateUploaded', { name: tpl.name }));
      form.resetFields(['name']);
      setFile(null);
      void qc.invalidateQueries({ queryKey: documentKeys.all });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteTemplate(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: documentKeys.all }),
  });

  const unknown = isApiError(upload.error) && upload.error.code === 'template_unknown_placeholders' ? ((upload.error.details as { unknown?: string[] } | undefined)?.unknown ?? []) : [];
  const kindLabel = (k: DocumentKind) => t(`documents.kinds.${k}`);

  const columns: ColumnsType<TemplateView> = [
    {
      key: 'name',
      title: t('documents.templateName'),
      render: (_, x) => (
        <div className="ts-cell-wrap">
          <div className="ts-strong">{x.name}</div>
          <Typography.Text type="secondary" className="ts-small">
            {x.fileName}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'kind', title: t('documents.kind'), render: (_, x) => <Tag>{kindLabel(x.kind)}</Tag> },
    { key: 'unit', title: t('documents.unit'), render: (_, x) => x.unit.name },
    { key: 'names', title: t('documents.placeholders'), render: (_, x) => <Typography.Text className="ts-small">{x.placeholders.length}</Typography.Text>, responsive: ['md'] },
    {
      key: 'created',
      title: t('documents.uploaded'),
      render: (_, x) => (
        <Typography.Text type="secondary" className="ts-small ts-nowrap">
          {x.createdBy} · {formatDateTime(x.createdAt)}
        </Typography.Text>
      ),
      responsive: ['md'],
    },
    {
      key: 'actions',
      title: '',
      render: (_, x) => (
        <Space size={4}>
          <Button size="small" icon={<DownloadOutlined />} href={templateFileUrl(x.id)} download={x.fileName} aria-label={t('documents.download')} />
          {x.canManage ? (
            <Popconfirm title={t('documents.deleteTemplateConfirm', { name: x.name })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(x.id)}>
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid="template-delete" />
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('documents.templatesTitle')}
        subtitle={t('documents.templatesSubtitle')}
        extra={
          <Link to="/documents">
            <Button>{t('documents.registerTitle')}</Button>
          </Link>
        }
      />
      <Card className="ts-card" title={t('documents.uploadTemplate')}>
        <Form form={form} layout={isMobile ? 'vertical' : 'inline'} initialValues={{ kind: 'consolidated' }} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="name" label={t('documents.templateName')} rules={[{ required: true, whitespace: true, message: t('documents.templateNameRequired') }]}>
            <Input style={{ width: isMobile ? '100%' : 300 }} data-testid="template-name" />
          </Form.Item>
          <Form.Item name="kind" label={t('documents.kind')}>
            <Select style={{ width: 260 }} options={(['consolidated', 'task_progress'] as const).map((k) => ({ value: k, label: kindLabel(k) }))} />
          </Form.Item>
        </Form>
        <FileDrop accept=".docx" file={file} onChange={setFile} text={t('documents.dropDocx')} hint={t('documents.dropDocxHint')} />
        <Space style={{ marginTop: 12 }} wrap>
          <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={upload.isPending} onClick={() => upload.mutate()} data-testid="template-upload">
            {t('documents.upload')}
          </Button>
        </Space>
        {upload.error ? (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            data-testid="template-error"
            title={unknown.length > 0 ? t('documents.unknownNames') : errorText(upload.error, t('common.error'))}
            description={
              unknown.length > 0 ? (
                <Space wrap size={[4, 4]}>
                  {unknown.map((n) => (
                    <Tag color="red" key={n} className="ts-mono">
                      {n}
                    </Tag>
                  ))}
                </Space>
              ) : undefined
            }
          />
        ) : null}
        <Collapse
          style={{ marginTop: 12 }}
          size="small"
          items={(['consolidated', 'task_progress'] as const).map((k) => ({
            key: k,
            label: t('documents.namesFor', { kind: kindLabel(k) }),
            children: fields.data ? (
              <>
                <Typography.Paragraph type="secondary" className="ts-small">
                  {t('documents.example')} <Typography.Text code>{'{unit.name}'}</Typography.Text> <Typography.Text code>{'{#rows}{name}: {value}{/rows}'}</Typography.Text>
                </Typography.Paragraph>
                <FieldList fields={fields.data[k]} lang={lang} />
              </>
            ) : null,
          }))}
        />
      </Card>
      <Card className="ts-card">
        {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <ErrorAlert error={remove.error} />
        <div data-testid="templates-table">
          <Table<TemplateView>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: t('documents.templatesEmpty') }}
            scroll={isMobile ? undefined : { x: 'max-content' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          />
        </div>
      </Card>
    </div>
  );
}

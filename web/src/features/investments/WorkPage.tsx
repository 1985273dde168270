// One investment work: what and where (the point on a small map), the year's capital by
// source and kind, the disbursement curve against the plan with its milestones, photos
// and documents. Those who manage the work edit it, its capital and files here. The year
// is in the URL (?year=).
import { DeleteOutlined, EditOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Image, List, Popconfirm, Row, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../components/Spinners';
import { formatBytes, formatDate, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { deleteFile, deleteWork, fileUrl, getWork, investmentKeys, PROGRESS_COLORS, uploadFile, type WorkDetail } from './api';
import { CapitalModal } from './CapitalModal';
import { DisbursementChart } from './DisbursementChart';
import { RateVsPlan, StageTag } from './parts';
import { WorkFormModal } from './WorkFormModal';
import { WorkMap } from './WorkMap';
import './investments.css';

function progressColor(w: WorkDetail): string {
  if (w.stage === 'completed' || w.stage === 'settled' || w.progress >= 100) return PROGRESS_COLORS.done;
  if (w.progress <= 0) return PROGRESS_COLORS.not_started;
  return w.progress < 50 ? PROGRESS_COLORS.low : w.progress < 80 ? PROGRESS_COLORS.mid : PROGRESS_COLORS.high;
}

export function WorkPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const yearParam = Number(params.get('year')) || undefined;
  const [editing, setEditing] = useState(false);
  const [capital, setCapital] = useState(false);
  const data = useQuery({ queryKey: investmentKeys.work(id, yearParam), queryFn: ({ signal }) => getWork(id, yearParam, signal) });
  const refresh = () => qc.invalidateQueries({ queryKey: investmentKeys.all });
  const upload = useMutation({
    mutationFn: ({ file, kind }: { file: File; kind: 'photo' | 'document' }) => uploadFile(id, file, kind),
    onSuccess: async () => {
      message.success(t('investments.files.uploaded'));
      await refresh();
    },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });
  const removeFile = useMutation({ mutationFn: (fileId: string) => deleteFile(id, fileId), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: () => deleteWork(id),
    onSuccess: async () => {
      message.success(t('investments.deleted'));
      await refresh();
      void navigate('/investments');
    },
  });

  if (data.isLoading) return <PageSpin />;
  if (data.error || !data.data) return <ErrorAlert error={data.error} onRetry={() => void data.refetch()} />;
  const w = data.data;
  const year = w.figures.year;
  const n = (v: number) => formatNumber(v, lang, 3);
  const photos = w.files.filter((f) => f.kind === 'photo');
  const documents = w.files.filter((f) => f.kind === 'document');
  const uploader = (kind: 'photo' | 'document') => (
    <Upload
      accept={kind === 'photo' ? 'image/jpeg,image/png,image/webp' : '.pdf,.docx,.xlsx,image/jpeg,image/png'}
      showUploadList={false}
      beforeUpload={(file) => {
        upload.mutate({ file, kind });
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} data-testid={`work-upload-${kind}`}>
        {kind === 'photo' ? t('investments.files.addPhoto') : t('investments.files.addDocument')}
      </Button>
    </Upload>
  );

  return (
    <div className="ts-page ts-investments">
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to={`/investments?year=${year}`}>{t('investments.title')}</Link> }, { title: w.code }]} />}
        title={<span data-testid="work-title">{w.name}</span>}
        subtitle={
          <Space wrap size={6}>
            <span>
              {w.code} · {w.unit.name}
              {w.unit.provinceName && w.unit.provinceName !== w.unit.name ? `, ${w.unit.provinceName}` : ''}
            </span>
            <StageTag stage={w.stage} progress={w.progress} />
          </Space>
        }
        extra={
          w.abilities.edit ? (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="work-edit">
                {t('common.edit')}
              </Button>
              <Popconfirm title={t('investments.deleteConfirm')} okText={t('common.delete')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => remove.mutate()}>
                <Button danger icon={<DeleteOutlined />}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('investments.info')}>
            <Descriptions size="small" layout={isMobile ? 'vertical' : 'horizontal'} column={{ xs: 1, sm: 2 }} items={[
              { key: 'program', label: t('investments.fields.program'), children: w.programItem ? `${w.programItem.code} — ${w.programItem.name}` : '—' },
              { key: 'investor', label: t('investments.fields.investor'), children: w.investor ?? '—' },
              { key: 'dates', label: t('investments.fields.dates'), children: w.startDate || w.finishDate ? `${formatDate(w.startDate) || '…'} – ${formatDate(w.finishDate) || '…'}` : '—' },
              { key: 'progress', label: t('investments.fields.progress'), children: `${formatNumber(w.progress, lang, 1)} %` },
              { key: 'total', label: t('investments.fields.total'), children: w.totalInvestment === null ? '—' : `${n(w.totalInvestment)} ${t('investments.millionShort')}` },
              { key: 'desc', label: t('investments.fields.description'), children: w.description ?? '—' },
            ]} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('investments.fields.location')}>
            {w.location ? (
              <WorkMap value={w.location} points={[{ id: w.id, point: w.location, color: progressColor(w), label: w.name }]} height={220} testId="work-detail-map" ariaLabel={t('investments.fields.location')} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('investments.noPoint')} />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('investments.capital.cardTitle')}>
            <Space wrap style={{ marginBottom: 12 }}>
              <Select value={year} onChange={(y) => setParams({ year: String(y) }, { replace: true })} options={[...new Set([...w.years, year - 1, year + 1])].sort().map((y) => ({ value: y, label: t('investments.yearN', { year: y }) }))} style={{ width: 120 }} data-testid="work-year" />
              {w.abilities.edit ? (
                <Button type="primary" onClick={() => setCapital(true)} data-testid="work-capital-edit">
                  {t('investments.capital.edit')}
                </Button>
              ) : null}
            </Space>
            <Row gutter={[16, 12]} style={{ marginBottom: 12 }}>
              <Col xs={12} md={6}>
                <div className="ts-muted">{t('investments.allocatedMillion')}</div>
                <Typography.Text strong style={{ fontSize: 18 }} data-testid="work-allocated">{n(w.figures.allocated)}</Typography.Text>
              </Col>
              <Col xs={12} md={6}>
                <div className="ts-muted">{t('investments.committedMillion')}</div>
                <Typography.Text strong style={{ fontSize: 18 }}>{n(w.figures.committed)}</Typography.Text>
              </Col>
              <Col xs={12} md={6}>
                <div className="ts-muted">{t('investments.disbursedMillion')}</div>
                <Typography.Text strong style={{ fontSize: 18 }} data-testid="work-disbursed">{n(w.figures.disbursed)}</Typography.Text>
              </Col>
              <Col xs={24} md={6}>
                <div className="ts-muted">{t('investments.rateVsPlan')}</div>
                <RateVsPlan figures={w.figures} testId="work-rate" />
              </Col>
            </Row>
            {w.capital.length > 0 ? (
              <>
                <DisbursementChart curve={w.curve} testId="work-curve" />
                <Space wrap size={6} style={{ margin: '4px 0 12px' }} data-testid="work-milestones">
                  {w.milestones.map((m) => (
                    <Tag key={m.date} color={m.passed ? 'default' : 'blue'}>
                      {formatDate(m.date)}: {formatNumber(m.share, lang, 1)} %
                    </Tag>
                  ))}
                </Space>
                <Table
                  size="small"
                  rowKey={(l) => `${l.source}-${l.kind}`}
                  pagination={false}
                  scroll={{ x: 560 }}
                  dataSource={w.capital}
                  columns={[
                    { key: 'source', title: t('investments.capital.source'), render: (_: unknown, l) => t(`investments.sources.${l.source}`) },
                    { key: 'kind', title: t('investments.capital.kind'), render: (_: unknown, l) => t(`investments.kinds.${l.kind}`) },
                    { key: 'allocated', title: t('investments.allocated'), align: 'right', render: (_: unknown, l) => n(l.allocated) },
                    { key: 'committed', title: t('investments.committed'), align: 'right', render: (_: unknown, l) => n(l.committed) },
                    { key: 'disbursed', title: t('investments.disbursed'), align: 'right', render: (_: unknown, l) => n(l.disbursed) },
                  ]}
                />
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('investments.capital.none', { year })} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('investments.files.photos')} extra={w.abilities.edit ? uploader('photo') : null}>
            {photos.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('investments.files.noPhotos')} />
            ) : (
              <Image.PreviewGroup>
                <div className="ts-work-photos" data-testid="work-photos">
                  {photos.map((p) => (
                    <div key={p.id}>
                      <Image src={fileUrl(w.id, p.id)} alt={p.caption ?? p.fileName} />
                      <div className="ts-muted" style={{ fontSize: 12 }}>{p.caption ?? p.fileName}</div>
                    </div>
                  ))}
                </div>
              </Image.PreviewGroup>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('investments.files.documents')} extra={w.abilities.edit ? uploader('document') : null}>
            <List
              size="small"
              dataSource={documents}
              locale={{ emptyText: t('investments.files.noDocuments') }}
              renderItem={(f) => (
                <List.Item
                  actions={
                    w.abilities.edit
                      ? [
                          <Popconfirm key="del" title={t('investments.files.deleteConfirm')} onConfirm={() => removeFile.mutate(f.id)} okText={t('common.delete')} cancelText={t('common.cancel')}>
                            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  <a href={fileUrl(w.id, f.id)} download={f.fileName}>
                    <FileOutlined /> {f.fileName}
                  </a>
                  <span className="ts-muted" style={{ marginLeft: 8, fontSize: 12 }}>
                    {formatBytes(f.size, lang)} · {formatDate(f.uploadedAt)}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      {editing ? <WorkFormModal work={w} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} /> : null}
      {capital ? <CapitalModal work={w} year={year} onClose={() => setCapital(false)} /> : null}
    </div>
  );
}

// Importing data values from a file (the form's Excel template, JSON/CSV in the
// dataValueSets shape, or ADX; the format follows the extension) with an import
// strategy (create and update, create only, update only, delete): check it first (a dry
// run with the counts and every rejected row), then write it — all rows or none. A large
// file runs as a job on the server: a progress bar follows it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Select, Space, Typography } from 'antd';
import { IMPORT_STRATEGIES, type ImportStrategy } from '@shared/schemas/data-exchange.ts';
import { FileDrop } from '../../components/FileDrop';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportReportView } from '../../components/ImportReportView';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { entryKeys } from '../data-entry/api';
import { getImportJob, uploadValues, type DataImportReport } from './api';

const FINISHED = ['done', 'rejected', 'failed'];

export function DataImportModal({ formId, unitId, period, onClose }: { formId: string; unitId: string; period: string; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<DataImportReport | null>(null);
  const [final, setFinal] = useState<DataImportReport | null>(null);
  const [job, setJob] = useState<{ id: string; dryRun: boolean } | null>(null);
  const [strategy, setStrategy] = useState<ImportStrategy>('create_and_update');

  const jobQuery = useQuery({
    queryKey: ['data-exchange', 'job', job?.id],
    queryFn: ({ signal }) => getImportJob(job!.id, signal),
    enabled: Boolean(job),
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.state) ? false : 500),
  });
  const jobView = jobQuery.data;
  const wrote = async (r: DataImportReport) => {
    setFinal(r);
    if (r.rejected.length === 0) await qc.invalidateQueries({ queryKey: entryKeys.values(formId, unitId, period) });
  };
  useEffect(() => {
    if (!job || !jobView || !FINISHED.includes(jobView.state) || !jobView.report) return;
    if (job.dryRun) setPreview(jobView.report);
    else void wrote(jobView.report);
    setJob(null);
  }, [job, jobView]);

  const check = useMutation({
    mutationFn: (f: File) => uploadValues(f, true, strategy),
    onSuccess: (r) => ('jobId' in r ? setJob({ id: r.jobId, dryRun: true }) : setPreview(r)),
  });
  const commit = useMutation({
    mutationFn: (f: File) => uploadValues(f, false, strategy),
    onSuccess: (r) => ('jobId' in r ? setJob({ id: r.jobId, dryRun: false }) : void wrote(r)),
  });
  const reset = (f: File | null) => {
    setFile(f);
    setPreview(null);
    setFinal(null);
    setJob(null);
    check.reset();
    commit.reset();
  };
  const clean = preview !== null && preview.rejected.length === 0;
  const done = final !== null && final.rejected.length === 0;
  const running = job !== null && (!jobView || !FINISHED.includes(jobView.state));
  const failed = jobView && jobView.state === 'failed' ? jobView.error?.message : null;
  const n = (v: number) => formatNumber(v, lang);

  const footer = done ? (
    <Button type="primary" onClick={onClose}>
      {t('common.close')}
    </Button>
  ) : (
    <Space wrap>
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      {!preview ? (
        <Button type="primary" disabled={!file || running} loading={check.isPending || (running && job?.dryRun)} onClick={() => file && check.mutate(file)} data-testid="dx-check">
          {t('dataExchange.check')}
        </Button>
      ) : (
        <Button type="primary" disabled={!clean || !file || running} loading={commit.isPending || (running && !job?.dryRun)} onClick={() => file && commit.mutate(file)} data-testid="dx-write">
          {t('dataExchange.write')}
        </Button>
      )}
    </Space>
  );

  const shown = final ?? preview;
  return (
    <Modal open title={t('dataExchange.title')} onCancel={onClose} footer={footer} width={820} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('dataExchange.help')}</Typography.Paragraph>
      {!done ? (
        <>
          <FileDrop accept=".xlsx,.csv,.json,.xml,application/json,text/csv,application/xml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" file={file} onChange={reset} text={t('dataExchange.drop')} hint={t('dataExchange.formats')} disabled={running} />
          <Space style={{ marginTop: 12 }}>
            <Typography.Text>{t('dataExchange.strategy')}</Typography.Text>
            <Select
              value={strategy}
              onChange={(s) => {
                reset(file);
                setStrategy(s);
              }}
              disabled={running}
              style={{ minWidth: 260 }}
              options={IMPORT_STRATEGIES.map((s) => ({ value: s, label: t(`dataExchange.strategies.${s}`) }))}
              data-testid="dx-strategy"
            />
          </Space>
        </>
      ) : null}
      {running ? (
        <div style={{ marginTop: 16 }} data-testid="dx-progress">
          <Typography.Text>
            {t(`dataExchange.phase.${jobView?.phase ?? 'queued'}`)}{' '}
            {jobView ? t('dataExchange.progress', { done: n(jobView.phase === 'writing' ? jobView.written : jobView.validated), total: n(jobView.total) }) : null}
          </Typography.Text>
          <Progress
            percent={jobView && jobView.total ? Math.round(((jobView.phase === 'writing' ? jobView.written : jobView.validated) / jobView.total) * 100) : 0}
            status="active"
          />
        </div>
      ) : null}
      {check.error ? <ErrorAlert error={check.error} style={{ marginTop: 16 }} /> : null}
      {commit.error ? <ErrorAlert error={commit.error} style={{ marginTop: 16 }} /> : null}
      {jobQuery.error ? <ErrorAlert error={jobQuery.error} style={{ marginTop: 16 }} /> : null}
      {failed ? <Alert type="error" showIcon title={t('dataExchange.failed', { message: failed })} style={{ marginTop: 16 }} /> : null}
      {shown ? (
        <div style={{ marginTop: 16 }} data-testid="dx-report">
          {shown.rejected.length > 0 ? (
            <Alert type="error" showIcon title={t('dataExchange.hasErrors', { count: shown.rejectedCount })} style={{ marginBottom: 12 }} />
          ) : done ? (
            <Alert
              type="success"
              showIcon
              title={`${t('dataExchange.written', { created: n(shown.created), updated: n(shown.updated), unchanged: n(shown.unchanged) })}${shown.ignored || shown.deleted ? ` ${t('dataExchange.writtenMore', { ignored: n(shown.ignored), deleted: n(shown.deleted) })}` : ''}`}
              style={{ marginBottom: 12 }}
            />
          ) : (
            <Alert
              type="success"
              showIcon
              title={t('dataExchange.clean', { count: shown.total })}
              description={t('dataExchange.counts', { created: n(shown.created), updated: n(shown.updated), unchanged: n(shown.unchanged), ignored: n(shown.ignored), deleted: n(shown.deleted) })}
              style={{ marginBottom: 12 }}
            />
          )}
          <ImportReportView report={shown} testId="dx-rejected" showKey />
        </div>
      ) : null}
    </Modal>
  );
}

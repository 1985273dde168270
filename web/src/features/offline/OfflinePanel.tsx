// "Làm việc ngoại tuyến" on the data-entry page: the size of the offline package before
// it is downloaded, the download with a progress bar, when the copy on this device was
// last updated, the changes waiting to be sent (with "sync now"), and a notice while the
// browser is offline.
import { CloudDownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Progress, Space, Tag, Typography } from 'antd';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/ErrorAlert';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useOnline } from '../../lib/online';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import type { Prepared } from './store';
import { getOfflineSummary, loadPrepared, outbox, prepareOffline, type PrepareProgress } from './sync';

export function OfflinePanel() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const online = useOnline();
  const box = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [progress, setProgress] = useState<PrepareProgress | null>(null);

  useEffect(() => {
    void loadPrepared().then((p) => setPrepared(p?.userId === me.user.id ? p : null));
  }, [me.user.id]);

  const summary = useQuery({ queryKey: ['offline', 'summary', me.user.id], queryFn: () => getOfflineSummary(), enabled: online, staleTime: 300_000, retry: false });

  const prepare = async () => {
    setProgress({ phase: 'download', done: 0, total: summary.data?.bytes ?? 0 });
    try {
      const info = await prepareOffline(qc, me, { language: lang, expectedBytes: summary.data?.bytes, onProgress: setProgress });
      setPrepared(info);
      void message.success(t('offline.done'));
    } catch (err) {
      void message.error(errorText(err, t('common.error')));
    } finally {
      setProgress(null);
    }
  };

  const waiting = box.entries.filter((e) => e.state === 'pending').length;
  const percent = progress ? Math.round((progress.done / Math.max(progress.total, 1)) * 100) : 0;
  const s = summary.data;

  return (
    <Card className="ts-card de-offline" size="small" data-testid="offline-panel">
      {!online ? <Alert type="warning" showIcon title={t('offline.offlineNow')} style={{ marginBottom: 8 }} data-testid="offline-notice" /> : null}
      <div className="de-offline-row">
        <Space direction="vertical" size={0} style={{ flex: 1, minWidth: 220 }}>
          <strong>{t('offline.title')}</strong>
          {prepared ? (
            <Typography.Text type="success" data-testid="offline-prepared">
              {t('offline.preparedAt', { at: formatDateTime(prepared.at) })}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('offline.intro')}</Typography.Text>
          )}
          {s ? (
            <Typography.Text type="secondary" className="ts-small" data-testid="offline-size">
              {t('offline.size', { size: formatBytes(s.gzipBytes, lang), forms: s.forms, periods: s.periods, cells: s.cells })}
            </Typography.Text>
          ) : null}
        </Space>
        <Space wrap>
          {waiting > 0 || box.syncing ? (
            <Tag color={box.syncing ? 'processing' : 'orange'} data-testid="offline-waiting">
              {box.syncing && box.progress ? t('offline.syncing', { done: box.progress.done, total: box.progress.total }) : t('offline.waiting', { count: waiting })}
            </Tag>
          ) : null}
          {waiting > 0 && online ? (
            <Button size="small" icon={<SyncOutlined />} onClick={() => void outbox.retryNow()} loading={box.syncing} data-testid="offline-sync-now">
              {t('offline.syncNow')}
            </Button>
          ) : null}
          <Button
            size="small"
            type={prepared ? 'default' : 'primary'}
            icon={<CloudDownloadOutlined />}
            disabled={!online || progress !== null}
            onClick={() => void prepare()}
            data-testid="offline-prepare"
          >
            {prepared ? t('offline.refresh') : t('offline.prepare')}
          </Button>
        </Space>
      </div>
      {progress ? (
        <div data-testid="offline-progress">
          <Typography.Text type="secondary" className="ts-small">
            {progress.phase === 'download' ? t('offline.downloading') : t('offline.storing')}
          </Typography.Text>
          <Progress percent={progress.phase === 'store' && progress.done < progress.total ? Math.max(percent, 95) : percent} size="small" />
        </div>
      ) : null}
    </Card>
  );
}

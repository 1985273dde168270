// Keeps the device's outbox and offline copy in step with the session: the outbox sends
// the signed-in user's changes (at start, when the network returns, on a timer while it
// waits), a prepared offline copy is refreshed when the network returns and every half
// hour, a delivered submission updates the report's state, and each sync run that sent
// something ends with a summary.
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataValueView } from '@shared/schemas/data-values.ts';
import type { SubmissionView } from '@shared/schemas/submissions.ts';
import { fetchMe, meKey, useMe } from '../auth/session';
import { useUiLanguage } from '../auth/language';
import { entryKeys } from '../data-entry/api';
import { submissionKeys } from '../submissions/api';
import { forgetPrepared } from './store';
import { loadPrepared, outbox, patchValueSnapshot, prepareOffline, prepared } from './sync';

const REFRESH_MS = 30 * 60_000;

export function OfflineSync() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const qc = useQueryClient();
  const lang = useUiLanguage();
  const { data: me } = useMe();
  const userId = me?.user.id ?? null;
  const box = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  const shown = useRef<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const p = await loadPrepared();
      if (userId && p && p.userId !== userId) {
        await forgetPrepared().catch(() => undefined);
        await loadPrepared();
      }
      await outbox.setUser(userId);
      if (live && userId) outbox.kick();
    })();
    return () => {
      live = false;
    };
  }, [userId]);

  // Back online: send what waits, then refresh the offline copy.
  useEffect(() => {
    if (!userId || !me) return;
    const refresh = () => {
      const p = prepared();
      if (p?.userId === userId && navigator.onLine) void prepareOffline(qc, me, { language: lang }).catch(() => undefined);
    };
    const online = () => {
      // A fresh "who am I" first: it renews the CSRF token (or ends at the sign-in page if the session expired; the changes wait for the next sign-in).
      void qc
        .fetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 0 })
        .then((fresh) => (fresh ? outbox.retryNow().then(refresh) : undefined))
        .catch(() => undefined);
    };
    window.addEventListener('online', online);
    const timer = window.setInterval(refresh, REFRESH_MS);
    return () => {
      window.removeEventListener('online', online);
      window.clearInterval(timer);
    };
  }, [userId, me, qc, lang]);

  // A queued submission reached the server: the report's state changes on screen. An
  // accepted value goes into the device's copy of the report.
  useEffect(
    () =>
      outbox.onSynced((entry, result) => {
        if (entry.kind === 'value') {
          const value = (result as { value?: DataValueView } | undefined)?.value;
          if (value && outbox.user) void patchValueSnapshot(outbox.user, entry, value);
          return;
        }
        if (entry.kind !== 'submit') return;
        const key = { formId: entry.formId, unitId: entry.unitId, period: entry.period };
        qc.setQueryData(submissionKeys.status(key), result as SubmissionView);
        void qc.invalidateQueries({ queryKey: entryKeys.values(key.formId, key.unitId, key.period) });
        void qc.invalidateQueries({ queryKey: ['submissions', 'list'] });
      }),
    [qc],
  );

  useEffect(() => {
    const s = box.summary;
    if (!s || s.at === shown.current) return;
    shown.current = s.at;
    // Changes sent as they are made need no announcement (each cell shows it); a backlog does.
    if (!s.resumed && s.rejected === 0 && s.conflicts === 0) return;
    notification[s.rejected + s.conflicts > 0 ? 'warning' : 'success']({
      key: 'offline-sync',
      title: t('offline.syncDone'),
      description: t('offline.syncSummary', { synced: s.synced, rejected: s.rejected, conflicts: s.conflicts }),
      placement: 'bottomRight',
    });
  }, [box.summary, notification, t]);

  return null;
}

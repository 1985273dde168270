// The language switch: local first (localStorage), then saved on the server when signed
// in. A choice made on the login page wins over the one stored on the server.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { UiLang } from '../../lib/format';
import { setLanguage } from '../../lib/i18n';
import { meKey, useMe, type Me } from './session';

// Set when the language was chosen but not yet saved on the server (chosen on the
// login page, or the save has not finished before a reload); cleared once saved.
const PENDING_KEY = 'ts.langPending';

function markPending(pending: boolean): void {
  try {
    if (pending) localStorage.setItem(PENDING_KEY, '1');
    else localStorage.removeItem(PENDING_KEY);
  } catch {
    // ignore
  }
}
function isPending(): boolean {
  try {
    return localStorage.getItem(PENDING_KEY) === '1';
  } catch {
    return false;
  }
}

export function useUiLanguage(): UiLang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'vi';
}

let saving: UiLang | null = null;

async function saveOnServer(qc: ReturnType<typeof useQueryClient>, lang: UiLang): Promise<void> {
  qc.setQueryData<Me | null>(meKey, (me) => (me ? { ...me, user: { ...me.user, language: lang } } : me));
  if (saving === lang) return;
  saving = lang;
  try {
    await api.put('/api/auth/language', { language: lang });
    if (document.documentElement.lang === lang) markPending(false);
  } finally {
    saving = null;
  }
}

export function useLanguageSwitch() {
  const qc = useQueryClient();
  const lang = useUiLanguage();
  const { data: me } = useMe();
  const change = useCallback(
    (next: UiLang) => {
      setLanguage(next);
      markPending(true);
      if (me?.stage === 'active') saveOnServer(qc, next).catch(() => undefined);
    },
    [me?.stage, qc],
  );
  const toggle = useCallback(() => change(lang === 'vi' ? 'en' : 'vi'), [change, lang]);
  return { lang, change, toggle };
}

/** Keeps the UI language and the signed-in user's saved language in step. */
export function useLanguageSync(): void {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const userId = me?.user.id;
  const stage = me?.stage;
  const serverLang = me?.user.language;
  useEffect(() => {
    if (!userId || !serverLang) return;
    const local: UiLang = document.documentElement.lang === 'en' ? 'en' : 'vi';
    if (isPending()) {
      if (stage === 'active') saveOnServer(qc, local).catch(() => undefined);
      return;
    }
    if (serverLang !== local) setLanguage(serverLang);
  }, [userId, stage, serverLang, qc]);
}

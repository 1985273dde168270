// The guard in front of every signed-in page: waits for "who am I", sends anyone not
// fully signed in to the login page with the requested page remembered in ?next=.
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { FullPageSpin } from '../components/Spinners';
import { errorText } from '../components/ErrorAlert';
import { useMe, type Me } from '../features/auth/session';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (error)
    return (
      <Result
        status="warning"
        title={t('app.unavailable')}
        subTitle={errorText(error, t('common.error'))}
        extra={
          <Button type="primary" onClick={() => void refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (!me || me.stage !== 'active') {
    const here = location.pathname + location.search;
    return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
  }
  return children;
}

type Ability = keyof Me['abilities'];

/** A page for holders of some ability; others see a plain "no access" page. */
export function RequireAbility({ me, any, children }: { me: Me; any: Ability[]; children: ReactNode }) {
  const { t } = useTranslation();
  if (!any.some((a) => me.abilities[a])) return <Result status="403" title={t('app.forbiddenTitle')} subTitle={t('app.forbiddenText')} />;
  return children;
}

// Home: a greeting, where the user works (role @ unit), their commune for commune
// officers, what the reporting round asks of them (open reports; reports to review),
// shortcuts to what they may use, and the session's facts.
import { ApartmentOutlined, AuditOutlined, BookOutlined, CheckSquareOutlined, ClusterOutlined, EnvironmentOutlined, FileTextOutlined, SafetyCertificateOutlined, TableOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Skeleton, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UnitDetail } from '@shared/schemas/units.ts';
import { api } from '../../lib/api';
import { formatDate, formatDateTime, formatNumber, vnParts } from '../../lib/format';
import { roleName, unitKindLabel } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser, type Assignment } from '../auth/session';
import { canSeeCatalogAdmin } from '../catalog/access';
import { MyReportsCard, ReviewQueueCard } from './ReportingCards';
import { CompletenessCard } from '../completeness/CompletenessCard';

function greetingKey(now = new Date()): string {
  const hour = Number(vnParts(now)?.hour ?? 12);
  if (hour < 11) return 'home.goodMorning';
  if (hour < 14) return 'home.goodNoon';
  if (hour < 18) return 'home.goodAfternoon';
  return 'home.goodEvening';
}

function CommuneCard({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, isPending } = useQuery({ queryKey: ['unit', assignment.unit.id], queryFn: () => api.get<UnitDetail>(`/api/units/${assignment.unit.id}`) });
  return (
    <Card
      title={
        <span>
          <EnvironmentOutlined /> {t('home.yourCommune')}
        </span>
      }
      className="ts-card"
    >
      {isPending || !data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            <Link to={`/units/${data.id}`}>{data.fullName}</Link>
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {data.ancestors
              .filter((a) => a.kind !== 'nation')
              .map((a) => a.fullName)
              .join(' › ')}
          </Typography.Paragraph>
          <Descriptions size="small" column={1} items={[
            { key: 'code', label: t('units.code'), children: data.code },
            { key: 'villages', label: t('home.villages'), children: formatNumber(data.childCount, lang) },
          ]} />
          <Link to={`/units/${data.id}`}>{t('home.openCommune')}</Link>
        </>
      )}
    </Card>
  );
}

interface Shortcut {
  to: string;
  icon: ReactNode;
  title: string;
  text: string;
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const lang = useUiLanguage();
  const a = me.abilities;
  const communes = me.assignments.filter((x) => x.unit.kind === 'commune');

  const has = (p: string) => me.permissions.includes(p);
  // Officers report for the units they enter data at (communes and provinces, not the nation).
  const reporting = me.assignments.filter((x) => x.permissions.includes('data.enter') && x.unit.kind !== 'nation').slice(0, 2);
  const reviewer = has('form.approve');

  const shortcuts: (Shortcut | false)[] = [
    (has('data.enter') || has('data.read')) && { to: '/data-entry', icon: <TableOutlined />, title: t('nav.dataEntry'), text: t('home.dataEntryText') },
    reviewer && { to: '/review', icon: <CheckSquareOutlined />, title: t('nav.review'), text: t('home.reviewText') },
    canSeeCatalogAdmin(me) && { to: '/catalog/data-elements', icon: <BookOutlined />, title: t('catalog.nav'), text: t('home.catalogText') },
    canSeeCatalogAdmin(me) && { to: '/forms-admin', icon: <FileTextOutlined />, title: t('formsAdmin.nav'), text: t('home.formsText') },
    { to: '/units', icon: <ApartmentOutlined />, title: t('nav.units'), text: t('home.unitsText') },
    a.manageUnits && { to: '/unit-groups', icon: <ClusterOutlined />, title: t('nav.unitGroups'), text: t('home.groupsText') },
    a.manageUsers && { to: '/users', icon: <TeamOutlined />, title: t('nav.users'), text: t('home.usersText') },
    (a.manageUsers || a.manageRoles) && { to: '/roles', icon: <SafetyCertificateOutlined />, title: t('nav.roles'), text: t('home.rolesText') },
    a.readAudit && { to: '/audit', icon: <AuditOutlined />, title: t('nav.audit'), text: t('home.auditText') },
    { to: '/account', icon: <UserOutlined />, title: t('nav.account'), text: t('home.accountText') },
  ];

  return (
    <div className="ts-stack">
      <div className="ts-greeting">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t(greetingKey(), { name: me.user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('home.today', { date: formatDate(new Date()) })}</Typography.Text>
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={communes.length > 0 ? 14 : 24}>
          <Card title={t('home.assignments')} className="ts-card">
            <ul className="ts-assignments" data-testid="home-assignments">
              {me.assignments.map((x) => (
                <li key={x.id}>
                  <Tag color="green" className="ts-tag-wrap">
                    {roleName(x.role, lang)}
                  </Tag>
                  <span className="ts-at">@</span>
                  <Link to={`/units/${x.unit.id}`}>{x.unit.name}</Link>
                  <Typography.Text type="secondary" className="ts-small">
                    {' '}
                    ({unitKindLabel(t, x.unit.kind)})
                  </Typography.Text>
                </li>
              ))}
              {me.assignments.length === 0 ? <li>{t('home.noAssignments')}</li> : null}
            </ul>
          </Card>
        </Col>
        {communes.length > 0 ? (
          <Col xs={24} lg={10}>
            {communes.slice(0, 2).map((c) => (
              <CommuneCard key={c.id} assignment={c} />
            ))}
          </Col>
        ) : null}
      </Row>

      {reporting.length > 0 || reviewer ? (
        <Row gutter={[16, 16]}>
          {reporting.map((x) => (
            <Col key={x.id} xs={24} lg={12}>
              <MyReportsCard assignment={x} />
            </Col>
          ))}
          {reviewer ? (
            <Col xs={24} lg={12}>
              <ReviewQueueCard />
            </Col>
          ) : null}
        </Row>
      ) : null}

      {has('data.read') ? (
        <Row gutter={[16, 16]}>
          <Col xs={24}>
            <CompletenessCard />
          </Col>
        </Row>
      ) : null}

      <div>
        <Typography.Title level={4}>{t('home.shortcuts')}</Typography.Title>
        <Row gutter={[12, 12]}>
          {shortcuts
            .filter((s): s is Shortcut => Boolean(s))
            .map((s) => (
              <Col key={s.to} xs={24} sm={12} lg={8} xl={6}>
                <Link to={s.to} className="ts-shortcut">
                  <span className="ts-shortcut-icon">{s.icon}</span>
                  <span>
                    <span className="ts-shortcut-title">{s.title}</span>
                    <span className="ts-shortcut-text">{s.text}</span>
                  </span>
                </Link>
              </Col>
            ))}
        </Row>
      </div>

      <Card title={t('home.session')} className="ts-card" size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'user', label: t('auth.username'), children: me.user.username },
            { key: 'expires', label: t('home.sessionExpires'), children: formatDateTime(me.session.expiresAt) },
            { key: 'idle', label: t('home.idleTimeout'), children: t('home.minutes', { count: me.session.idleMinutes }) },
            {
              key: 'mfa',
              label: t('account.totp'),
              children: me.user.totpEnabled ? <Tag color="green">{t('account.totpOn')}</Tag> : <Tag>{t('account.totpOff')}</Tag>,
            },
          ]}
        />
      </Card>
    </div>
  );
}

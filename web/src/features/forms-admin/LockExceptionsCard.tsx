// Lock exceptions: let one unit enter data after a period has locked, until an expiry,
// with a reason. Choosing a unit shows its periods for this form (open, due, locked, and
// any exception in force), so the effect of a grant is visible at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { periodLabel } from '@shared/engine/periods.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { formatDate, formatDateTime } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { getUnit, unitKeys } from '../units/api';
import { UnitSelect } from '../units/UnitSelect';
import { formKeys, getFormPeriods, type FormDetail, type FormPeriods, type LockException } from './api';

interface Values {
  unitId: string;
  period?: string;
  expiresOn: Dayjs;
  reason: string;
}
type Granted = LockException & { unitName: string; grantedBy: string | null; createdAt: string };
const STATUS_COLOR = { open: 'green', locked: 'red', future: 'default' } as const;

export function LockExceptionsCard({ form: detail }: { form: FormDetail }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const unitId = Form.useWatch('unitId', form);
  const granted = useQuery({
    queryKey: formKeys.exceptions(detail.id),
    queryFn: ({ signal }) => api.get<{ items: Granted[] }>(`/api/forms/${detail.id}/lock-exceptions`, { signal }),
  });
  const unit = useQuery({ queryKey: unitKeys.detail(unitId ?? ''), queryFn: () => getUnit(unitId!), enabled: Boolean(unitId) });
  const periods = useQuery({ queryKey: formKeys.periods(detail.id, unitId ?? ''), queryFn: () => getFormPeriods(detail.id, unitId!), enabled: Boolean(unitId), retry: false });
  const grant = useMutation({
    mutationFn: (v: Values) =>
      api.post<LockException>(`/api/forms/${detail.id}/lock-exceptions`, {
        unitId: v.unitId,
        ...(v.period ? { period: v.period } : {}),
        // The end of the chosen day in Vietnam time.
        expiresAt: `${v.expiresOn.format('YYYY-MM-DD')}T23:59:59+07:00`,
        reason: v.reason,
      }),
    onSuccess: async (x) => {
      message.success(t('formsAdmin.exceptions.granted'));
      form.resetFields(['reason']);
      await Promise.all([qc.invalidateQueries({ queryKey: formKeys.periods(detail.id, x.unitId) }), granted.refetch()]);
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  const lockedPeriods = (periods.data?.items ?? []).filter((p) => p.status === 'locked');

  return (
    <Card className="ts-card" title={t('formsAdmin.exceptions.title')} data-testid="lock-exceptions">
      <Typography.Paragraph type="secondary">{t('formsAdmin.exceptions.help')}</Typography.Paragraph>
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={10}>
          <Form<Values> form={form} layout="vertical" onFinish={(v) => grant.mutate(v)} initialValues={{ expiresOn: dayjs().add(7, 'day') }}>
            {grant.error ? <ErrorAlert error={grant.error} style={{ marginBottom: 12 }} /> : null}
            <Form.Item name="unitId" label={t('formsAdmin.exceptions.unit')} rules={[{ required: true, message: t('common.required') }]}>
              <UnitSelect data-testid="exception-unit" />
            </Form.Item>
            <Form.Item name="period" label={t('formsAdmin.exceptions.period')} extra={t('formsAdmin.exceptions.periodHelp')}>
              <Select
                allowClear
                data-testid="exception-period"
                disabled={!unitId}
                placeholder={t('formsAdmin.exceptions.anyPeriod')}
                options={lockedPeriods.map((p) => ({ value: p.code, label: lang === 'en' ? p.label.en : p.label.vi }))}
                notFoundContent={t('formsAdmin.exceptions.noLocked')}
              />
            </Form.Item>
            <Form.Item name="expiresOn" label={t('formsAdmin.exceptions.expires')} rules={[{ required: true, message: t('common.required') }]}>
              <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: 180 }} data-testid="exception-expires" />
            </Form.Item>
            <Form.Item name="reason" label={t('formsAdmin.exceptions.reason')} rules={[{ required: true, min: 3, whitespace: true, message: t('formsAdmin.exceptions.reasonRequired') }]}>
              <Input.TextArea rows={2} maxLength={1000} data-testid="exception-reason" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={grant.isPending} data-testid="exception-grant">
              {t('formsAdmin.exceptions.grant')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} lg={14}>
          {granted.error ? <ErrorAlert error={granted.error} style={{ marginBottom: 12 }} /> : null}
          {(granted.data?.items.length ?? 0) > 0 ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('formsAdmin.exceptions.grantedNow')}
              </Typography.Title>
              <Table<Granted>
                rowKey="id"
                size="small"
                data-testid="exceptions-granted"
                dataSource={granted.data?.items ?? []}
                pagination={false}
                scroll={{ x: 'max-content' }}
                columns={[
                  { key: 'unit', title: t('formsAdmin.exceptions.unit'), dataIndex: 'unitName' },
                  { key: 'period', title: t('formsAdmin.exceptions.period'), render: (_, x) => (x.period ? periodLabel(x.period, lang) : t('formsAdmin.exceptions.anyPeriod')) },
                  { key: 'expires', title: t('formsAdmin.exceptions.expires'), render: (_, x) => formatDateTime(x.expiresAt) },
                  { key: 'reason', title: t('formsAdmin.exceptions.reason'), render: (_, x) => <div style={{ minWidth: 160, maxWidth: 320 }}>{x.reason}</div> },
                  { key: 'by', title: t('formsAdmin.exceptions.grantedBy'), render: (_, x) => (x.grantedBy ? `${x.grantedBy} · ${formatDate(x.createdAt)}` : formatDate(x.createdAt)) },
                ]}
              />
            </>
          ) : null}
          {unitId ? <UnitPeriods periods={periods.data} error={periods.error} loading={periods.isPending} unitName={unit.data?.fullName} /> : <Typography.Text type="secondary">{t('formsAdmin.exceptions.pickUnit')}</Typography.Text>}
        </Col>
      </Row>
    </Card>
  );
}

function UnitPeriods({ periods, error, loading, unitName }: { periods?: FormPeriods; error: unknown; loading: boolean; unitName?: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('formsAdmin.exceptions.periodsOf', { name: unitName ?? '' })}
      </Typography.Title>
      {error ? <ErrorAlert error={error} /> : null}
      <Table
        rowKey="code"
        size="small"
        data-testid="unit-periods"
        loading={loading}
        dataSource={periods?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'period', title: t('formsAdmin.exceptions.period'), render: (_, p) => (lang === 'en' ? p.label.en : p.label.vi) },
          { key: 'status', title: t('formsAdmin.exceptions.status'), render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{t(`formsAdmin.periodStatus.${p.status}`)}</Tag> },
          { key: 'due', title: t('formsAdmin.exceptions.due'), render: (_, p) => formatDate(p.dueAt) },
          { key: 'locks', title: t('formsAdmin.exceptions.locks'), render: (_, p) => (p.locksAt ? formatDate(p.locksAt) : '—') },
          {
            key: 'exception',
            title: t('formsAdmin.exceptions.exceptionUntil'),
            render: (_, p) => (p.exceptionUntil ? <Tag color="gold">{formatDateTime(p.exceptionUntil)}</Tag> : '—'),
          },
        ]}
      />
    </>
  );
}

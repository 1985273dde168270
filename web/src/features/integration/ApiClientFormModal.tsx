// Registering an API client, or changing one: who uses it, what it may do (scopes), on
// which units, from which addresses, until when and how often. Creating answers with the
// consumer key and secret, which the caller shows once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../lib/forms';
import { formatNumber, vnToday } from '../../lib/format';
import { UnitSelect } from '../units/UnitSelect';
import { useUiLanguage } from '../auth/language';
import { API_SCOPES, apiClientKeys, createApiClient, endOfVnDay, looksLikeIpRange, updateApiClient, type ApiClientPatch, type ApiClientView, type ApiScope, type Credentials } from './api';
import { scopeHelp, scopeLabel } from './ApiClientBits';

interface Values {
  name: string;
  organisation: string;
  contact: string;
  scopes: ApiScope[];
  unitIds: string[];
  ipAllowList?: string[];
  expiresAt?: Dayjs | null;
  rateLimitPerMinute?: number | null;
}

const DEFAULT_RATE_LIMIT = 600;

function bodyOf(v: Values): Required<ApiClientPatch> {
  const ips = (v.ipAllowList ?? []).map((s) => s.trim()).filter(Boolean);
  return {
    name: v.name.trim(),
    organisation: v.organisation.trim(),
    contact: v.contact.trim(),
    scopes: v.scopes,
    unitIds: v.unitIds,
    ipAllowList: ips.length > 0 ? ips : null,
    expiresAt: v.expiresAt ? endOfVnDay(v.expiresAt.format('YYYY-MM-DD')) : null,
    rateLimitPerMinute: v.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT,
  };
}

export function ApiClientFormModal({ client, onClose, onCreated }: { client?: ApiClientView; onClose: () => void; onCreated?: (c: Credentials) => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const editing = Boolean(client);
  const today = vnToday();

  const initial: Partial<Values> = client
    ? {
        name: client.name,
        organisation: client.organisation,
        contact: client.contact,
        scopes: client.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)),
        unitIds: client.units.map((u) => u.id),
        ipAllowList: client.ipAllowList ?? [],
        expiresAt: client.expiresAt ? dayjs(vnToday(new Date(client.expiresAt))) : null,
        rateLimitPerMinute: client.rateLimitPerMinute,
      }
    : { scopes: ['units.read', 'data.read'], unitIds: [], ipAllowList: [], expiresAt: null, rateLimitPerMinute: DEFAULT_RATE_LIMIT };

  const save = useMutation({
    mutationFn: async (v: Values): Promise<{ created?: Credentials; updated?: ApiClientView }> => {
      const body = bodyOf(v);
      if (client) {
        // Only what changed: an unchanged expiry already past must not be refused as "in the past".
        const before = bodyOf(initial as Values);
        const patch = Object.fromEntries(Object.entries(body).filter(([k, val]) => JSON.stringify(val) !== JSON.stringify(before[k as keyof ApiClientPatch]))) as ApiClientPatch;
        if (Object.keys(patch).length === 0) return { updated: client };
        return { updated: await updateApiClient(client.id, patch) };
      }
      const { expiresAt, ipAllowList, ...rest } = body;
      return { created: await createApiClient({ ...rest, ...(ipAllowList ? { ipAllowList } : {}), ...(expiresAt ? { expiresAt } : {}) }) };
    },
    onSuccess: async ({ created, updated }) => {
      if (updated) {
        qc.setQueryData(apiClientKeys.detail(updated.id), updated);
        message.success(t('integration.clients.saved'));
      }
      if (created) message.success(t('integration.clients.created', { name: created.client.name }));
      await qc.invalidateQueries({ queryKey: apiClientKeys.list });
      if (created) onCreated?.(created);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });

  return (
    <FormModal
      form={form}
      width={760}
      title={client ? t('integration.clients.editTitle', { name: client.name }) : t('integration.clients.createTitle')}
      initialValues={initial}
      submitLabel={editing ? t('common.save') : t('integration.clients.createSubmit')}
      testId="api-client"
      saving={save.isPending}
      error={save.error}
      onSubmit={(v) => save.mutate(v)}
      onClose={onClose}
    >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('integration.clients.name')} extra={t('integration.clients.nameHelp')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, message: t('integration.clients.tooShort') }]}>
              <Input data-testid="api-client-name" maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="organisation" label={t('integration.clients.organisation')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, message: t('integration.clients.tooShort') }]}>
              <Input data-testid="api-client-organisation" maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="contact" label={t('integration.clients.contact')} extra={t('integration.clients.contactHelp')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 3, message: t('integration.clients.tooShort') }]}>
          <Input data-testid="api-client-contact" maxLength={300} autoComplete="off" />
        </Form.Item>
        <Form.Item name="scopes" label={t('integration.clients.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('integration.clients.pickScopes') }]}>
          <Checkbox.Group className="ts-scope-list" data-testid="api-client-scopes">
            {API_SCOPES.map((s) => (
              <Checkbox key={s} value={s} data-testid={`scope-${s}`}>
                <span className="ts-scope-option">
                  <span className="ts-strong">{scopeLabel(t, s)}</span> <Typography.Text type="secondary" className="ts-mono ts-small">{s}</Typography.Text>
                  <Typography.Text type="secondary" className="ts-small ts-scope-help">
                    {scopeHelp(t, s)}
                  </Typography.Text>
                </span>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="unitIds" label={t('integration.clients.units')} extra={t('integration.clients.unitsHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('integration.clients.pickUnits') }]}>
          <UnitSelect multiple data-testid="api-client-units" known={client?.units.map((u) => ({ id: u.id, fullName: u.name }))} />
        </Form.Item>
        <Form.Item
          name="ipAllowList"
          label={t('integration.clients.ipAllowList')}
          extra={t('integration.clients.ipAllowListHelp')}
          rules={[
            {
              validator: async (_, value: string[] | undefined) => {
                const bad = (value ?? []).find((v) => !looksLikeIpRange(v));
                if (bad) throw new Error(t('integration.clients.ipInvalid', { value: bad }));
                if ((value ?? []).length > 50) throw new Error(t('integration.clients.ipTooMany'));
              },
            },
          ]}
        >
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ', ';']} placeholder={t('integration.clients.anyIp')} data-testid="api-client-ips" className="ts-mono" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="expiresAt" label={t('integration.clients.expiresAt')} extra={t('integration.clients.expiresAtHelp')}>
              <DatePicker
                format="DD/MM/YYYY"
                style={{ width: '100%' }}
                placeholder={t('integration.clients.never')}
                disabledDate={(d) => d.format('YYYY-MM-DD') <= today}
                data-testid="api-client-expires"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="rateLimitPerMinute"
              label={t('integration.clients.rateLimit')}
              extra={t('integration.clients.rateLimitHelp')}
              rules={[{ required: true, message: t('common.required') }, { type: 'integer', min: 1, max: 100_000, message: t('integration.clients.rateLimitRange') }]}
            >
              <InputNumber<number>
                min={1}
                max={100_000}
                precision={0}
                style={{ width: '100%' }}
                data-testid="api-client-rate"
                formatter={(v) => (v === undefined || v === null || String(v) === '' ? '' : formatNumber(Number(v), lang, 0))}
                parser={(s) => Number((s ?? '').replace(/[^\d]/g, '')) || 0}
              />
            </Form.Item>
          </Col>
        </Row>
    </FormModal>
  );
}

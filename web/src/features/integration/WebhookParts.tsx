// Pieces of the webhook screens: status, event and delivery-state tags, the subscription
// form (create and edit) and the signing secret shown once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../lib/forms';
import { useUiLanguage } from '../auth/language';
import { formKeys, formName, listForms } from '../forms-admin/api';
import { UnitSelect } from '../units/UnitSelect';
import { apiClientKeys, listApiClients } from './api';
import { createWebhook, updateWebhook, WEBHOOK_EVENTS, webhookKeys, type DeliveryState, type WebhookPatch, type WebhookView, type WebhookWithSecret } from './webhooks-api';

type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];
const eventKey = (e: string) => e.replace(/\./g, '_');

export function WebhookStatusTag({ webhook }: { webhook: WebhookView }) {
  const { t } = useTranslation();
  if (webhook.active) return <Tag color="success" data-testid="webhook-status">{t('integration.webhooks.active')}</Tag>;
  const reasons = { failures: 'disabledFailures', client_revoked: 'disabledClientRevoked', client_expired: 'disabledClientExpired', client_units: 'disabledClientUnits' } as const;
  const key = webhook.disabledReason ?? '';
  const reason = key in reasons ? reasons[key as keyof typeof reasons] : 'disabledManual';
  return (
    <Tag color={reason === 'disabledManual' ? 'default' : 'error'} data-testid="webhook-status">
      {t(`integration.webhooks.${reason}`)}
    </Tag>
  );
}

export function EventTags({ events }: { events: string[] }) {
  const { t } = useTranslation();
  return (
    <span className="ts-tags">
      {events.map((e) => (
        <Tag key={e} color="blue">
          {t(`integration.webhooks.eventLabels.${eventKey(e)}`, { defaultValue: e })}
        </Tag>
      ))}
    </span>
  );
}

const STATE_COLOR: Record<DeliveryState, string> = { pending: 'processing', delivering: 'processing', succeeded: 'success', failed: 'error' };

export function DeliveryStateTag({ state }: { state: DeliveryState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="delivery-state">
      {t(`integration.webhooks.states.${state}`)}
    </Tag>
  );
}

interface Values {
  name: string;
  url: string;
  events: WebhookEventName[];
  unitIds: string[];
  formIds?: string[];
  apiClientId?: string | null;
}

function bodyOf(v: Values) {
  return {
    name: v.name.trim(),
    url: v.url.trim(),
    events: v.events,
    unitIds: v.unitIds,
    formIds: v.formIds && v.formIds.length > 0 ? v.formIds : null,
    apiClientId: v.apiClientId ?? null,
  };
}

export function WebhookFormModal({ webhook, onClose, onCreated }: { webhook?: WebhookView; onClose: () => void; onCreated?: (w: WebhookWithSecret) => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const forms = useQuery({ queryKey: formKeys.list, queryFn: listForms, staleTime: 60_000 });
  const clients = useQuery({ queryKey: apiClientKeys.list, queryFn: listApiClients });

  const initial: Partial<Values> = webhook
    ? {
        name: webhook.name,
        url: webhook.url,
        events: webhook.events,
        unitIds: webhook.units.map((u) => u.id),
        formIds: webhook.forms?.map((f) => f.id) ?? [],
        apiClientId: webhook.apiClient?.id ?? null,
      }
    : { events: ['submission.submitted', 'submission.approved'], unitIds: [], formIds: [], apiClientId: null };

  const save = useMutation({
    mutationFn: async (v: Values): Promise<{ created?: WebhookWithSecret; updated?: WebhookView }> => {
      const body = bodyOf(v);
      if (!webhook) return { created: await createWebhook(body) };
      const before = bodyOf(initial as Values);
      const patch = Object.fromEntries(Object.entries(body).filter(([k, val]) => JSON.stringify(val) !== JSON.stringify(before[k as keyof typeof before]))) as WebhookPatch;
      if (Object.keys(patch).length === 0) return { updated: webhook };
      return { updated: await updateWebhook(webhook.id, patch) };
    },
    onSuccess: async ({ created, updated }) => {
      if (updated) {
        qc.setQueryData(webhookKeys.detail(updated.id), updated);
        message.success(t('common.saved'));
      }
      await qc.invalidateQueries({ queryKey: webhookKeys.list });
      if (created) onCreated?.(created);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });

  return (
    <FormModal
      form={form}
      width={720}
      title={webhook ? t('integration.webhooks.editTitle', { name: webhook.name }) : t('integration.webhooks.createTitle')}
      initialValues={initial}
      submitLabel={webhook ? t('common.save') : t('integration.webhooks.createSubmit')}
      testId="webhook"
      saving={save.isPending}
      error={save.error}
      onSubmit={(v) => save.mutate(v)}
      onClose={onClose}
    >
        <Form.Item name="name" label={t('integration.webhooks.name')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
          <Input data-testid="webhook-name" maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('integration.webhooks.url')}
          extra={t('integration.webhooks.urlHelp')}
          rules={[{ required: true, message: t('common.required') }, { type: 'url', message: t('integration.webhooks.urlInvalid') }]}
        >
          <Input data-testid="webhook-url" maxLength={2000} autoComplete="off" className="ts-mono" placeholder="https://lgsp.gialai.gov.vn/truongson/events" />
        </Form.Item>
        <Form.Item name="events" label={t('integration.webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('integration.webhooks.pickEvents') }]}>
          <Checkbox.Group className="ts-scope-list">
            {WEBHOOK_EVENTS.map((e) => (
              <Checkbox key={e} value={e} data-testid={`event-${e}`}>
                <span className="ts-scope-option">
                  <span className="ts-strong">{t(`integration.webhooks.eventLabels.${eventKey(e)}`)}</span>{' '}
                  <Typography.Text type="secondary" className="ts-mono ts-small">
                    {e}
                  </Typography.Text>
                </span>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="unitIds" label={t('integration.webhooks.units')} extra={t('integration.webhooks.unitsHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('integration.clients.pickUnits') }]}>
          <UnitSelect multiple data-testid="webhook-units" known={webhook?.units.map((u) => ({ id: u.id, fullName: u.name }))} />
        </Form.Item>
        <Form.Item name="formIds" label={t('integration.webhooks.forms')} extra={t('integration.webhooks.formsHelp')}>
          <Select
            mode="multiple"
            allowClear
            loading={forms.isLoading}
            placeholder={t('integration.webhooks.allForms')}
            optionFilterProp="label"
            options={(forms.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.code} — ${formName(f, lang)}` }))}
          />
        </Form.Item>
        <Form.Item name="apiClientId" label={t('integration.webhooks.apiClient')} extra={t('integration.webhooks.apiClientHelp')}>
          <Select
            allowClear
            loading={clients.isLoading}
            placeholder={t('integration.webhooks.noApiClient')}
            options={(clients.data?.items ?? []).filter((c) => c.status === 'active').map((c) => ({ value: c.id, label: `${c.name} — ${c.organisation}` }))}
          />
        </Form.Item>
    </FormModal>
  );
}

export function WebhookSecretModal({ value, onClose }: { value: WebhookWithSecret; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      width={680}
      title={t('integration.webhooks.secretTitle', { name: value.subscription.name })}
      onCancel={onClose}
      maskClosable={false}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-done">
          {t('integration.clients.secretDone')}
        </Button>
      }
    >
      <div className="ts-stack" data-testid="webhook-secret-modal">
        <Alert type="warning" showIcon title={t('integration.webhooks.secretWarning')} />
        <div className="ts-credential">
          <Typography.Text type="secondary">{t('integration.webhooks.secret')}</Typography.Text>
          <Typography.Text className="ts-secret" data-testid="webhook-secret" copyable={{ text: value.secret, tooltips: [t('common.copy'), t('common.copied')] }}>
            {value.secret}
          </Typography.Text>
        </div>
        <Typography.Paragraph type="secondary" className="ts-small" style={{ marginBottom: 0 }}>
          {t('integration.webhooks.signatureHelp')}
        </Typography.Paragraph>
        <pre className="ts-json">{'X-TruongSon-Timestamp: 1767225600\nX-TruongSon-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>'}</pre>
      </div>
    </Modal>
  );
}

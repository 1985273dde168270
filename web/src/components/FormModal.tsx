// A modal holding one form: Cancel / submit in the footer, the server's error above the
// fields, no closing by a stray click outside (a half-filled form is not lost).
import { Button, Form, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

export function FormModal<T>(props: {
  form: FormInstance<T>;
  title: ReactNode;
  width?: number;
  initialValues?: Partial<T>;
  submitLabel: ReactNode;
  /** data-testid prefix: `<id>-form` on the form, `<id>-submit` on the button. */
  testId: string;
  saving: boolean;
  error: unknown;
  onSubmit: (values: T) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      width={props.width ?? 720}
      title={props.title}
      onCancel={props.onClose}
      maskClosable={false}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={props.onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="submit" type="primary" data-testid={`${props.testId}-submit`} loading={props.saving} onClick={() => props.form.submit()}>
          {props.submitLabel}
        </Button>,
      ]}
    >
      <Form form={props.form} layout="vertical" initialValues={props.initialValues} onFinish={props.onSubmit} requiredMark="optional" data-testid={`${props.testId}-form`}>
        {props.error ? <ErrorAlert error={props.error} style={{ marginBottom: 16 }} /> : null}
        {props.children}
      </Form>
    </Modal>
  );
}

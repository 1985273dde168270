// Server field errors onto the form (lib/forms applyFieldErrors), then the first of
// them scrolled into view: in a long modal the field may be above the fold.
import type { FormInstance } from 'antd';
import { applyFieldErrors } from '../../lib/forms';

export function showFieldErrors(form: FormInstance, error: unknown): void {
  if (!applyFieldErrors(form, error)) return;
  const first = form.getFieldsError().find((f) => f.errors.length > 0);
  if (first) form.scrollToField(first.name, { block: 'center' });
}

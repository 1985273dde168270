// One error type for the whole server. Routes and commands throw AppError; the HTTP
// edge maps it (and validation/parse errors) to { error: { code, message } } once.
import type { ErrorCode } from '@shared/errors.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_json: 400,
  validation_failed: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  session_expired: 401,
  step_required: 403,
  csrf_failed: 403,
  invalid_credentials: 401,
  account_locked: 423,
  account_disabled: 403,
  too_many_requests: 429,
  invalid_totp: 400,
  totp_not_pending: 409,
  totp_required: 409,
  wrong_password: 400,
  weak_password: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  username_taken: 409,
  unit_code_taken: 409,
  invalid_parent: 400,
  unit_closed: 409,
  official_unit: 400,
  import_rejected: 422,
  invalid_file: 400,
  file_not_utf8: 400,
  file_invalid_json: 400,
  file_bad_header: 400,
  file_formula: 400,
  file_cell_too_large: 400,
  file_zip_bomb: 400,
  file_no_rows: 400,
  file_layout: 400,
  role_in_use: 409,
  built_in_role: 409,
  last_assignment: 409,
  self_action: 409,
  internal_error: 500,
  service_unavailable: 503,
  category_option_in_use: 409,
  data_element_in_use: 409,
  form_no_due_rule: 409,
  period_locked: 409,
  period_future: 409,
  invalid_period: 400,
  form_not_assigned: 400,
  element_not_in_form: 400,
  invalid_value: 400,
  invalid_input: 400,
  value_conflict: 409,
  client_change_conflict: 409,
  submission_conflict: 409,
  submission_transition: 409,
  submission_invalid: 422,
  submission_locked: 409,
  own_level_approval: 403,
  children_not_approved: 409,
  parent_approved: 409,
  hierarchy_mismatch: 400,
  api_client_revoked: 409,
  api_client_unknown_unit: 400,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly extra: { fields?: { path: string; message: string }[]; details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(code);
    this.status = STATUS[code] ?? 400;
  }
}

export const notFound = (): AppError => new AppError('not_found');

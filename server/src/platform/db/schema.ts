// Row types of the database, for Kysely. Keep in step with the migrations.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string | null, string | null, string | null>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface OrgUnitTable {
  id: Generated<string>;
  hierarchy: '2025' | 'pre2025' | 'all';
  code: string;
  name: string;
  full_name: string;
  name_en: string | null;
  kind: 'nation' | 'province' | 'district' | 'commune' | 'village';
  type: string;
  level: number;
  parent_id: string | null;
  province_id: string | null;
  path: string;
  name_folded: string;
  valid_from: DateOnly;
  valid_to: DateOnly;
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface OrgUnitClosureTable {
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface OrgUnitGroupTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_en: string | null;
  description: string | null;
  created_at: GeneratedTimestamp;
}

export interface OrgUnitGroupMemberTable {
  group_id: string;
  unit_id: string;
}

export interface OrgUnitSuccessionTable {
  old_unit_id: string;
  new_unit_id: string;
  effective_date: string;
  weight: ColumnType<string, number | string, number | string>;
  source: string;
}

export interface RoleTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string;
  built_in: Generated<boolean>;
  permissions: string[];
  requires_mfa: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  password_hash: string;
  must_change_password: Generated<boolean>;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_counter: ColumnType<string | null, number | string | null, number | string | null>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  active: Generated<boolean>;
  deactivated_reason: string | null;
  is_demo: Generated<boolean>;
  language: Generated<'vi' | 'en'>;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserAssignmentTable {
  id: Generated<string>;
  user_id: string;
  role_id: string;
  unit_id: string;
  created_at: GeneratedTimestamp;
}

export type SessionStage = 'mfa_verify' | 'password_change' | 'mfa_enrol' | 'active';

export interface SessionTable {
  id: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  totp_failures: Generated<number>;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<string>;
  at: Timestamp;
  ip: string;
  username_folded: string;
  success: boolean;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_username: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  unit_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  before: Json;
  after: Json;
  details: Json;
}

export interface SeedRunTable {
  name: string;
  applied_at: GeneratedTimestamp;
  details: Json;
}

// --- catalogue (0002_catalog) ---

type Numeric = ColumnType<string, number | string, number | string>;
type NullableNumeric = ColumnType<string | null, number | string | null, number | string | null>;

export type ProgramItemKind = 'project' | 'subproject' | 'content';

export interface ProgramItemTable {
  id: Generated<string>;
  code: string;
  parent_id: string | null;
  kind: ProgramItemKind;
  name_vi: string;
  name_en: string | null;
  description: string | null;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CategoryTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string | null;
  description: string | null;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CategoryOptionTable {
  id: Generated<string>;
  category_id: string;
  code: string;
  name_vi: string;
  name_en: string | null;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CategoryComboTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string | null;
  is_default: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CategoryComboCategoryTable {
  combo_id: string;
  category_id: string;
  sort_order: number;
}

export interface CategoryOptionComboTable {
  id: Generated<string>;
  combo_id: string;
  code: string;
  name_vi: string;
  name_en: string | null;
  option_ids: ColumnType<string[], string[], string[]>;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type DataValueType = 'integer' | 'number' | 'percentage' | 'boolean' | 'text' | 'date';
export type AggregationType = 'sum' | 'average' | 'last' | 'min' | 'max' | 'count';

export interface DataElementTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string | null;
  short_name: string | null;
  description: string | null;
  value_type: DataValueType;
  aggregation_type: AggregationType;
  zero_is_significant: Generated<boolean>;
  category_combo_id: string;
  program_item_id: string | null;
  unit_of_measure_vi: string | null;
  min_value: NullableNumeric;
  max_value: NullableNumeric;
  search_text: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface IndicatorTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string | null;
  description: string | null;
  numerator: string;
  numerator_description: string | null;
  denominator: Generated<string>;
  denominator_description: string | null;
  factor: Numeric;
  decimals: Generated<number>;
  direction: 'higher' | 'lower';
  program_item_id: string | null;
  unit_of_measure_vi: string | null;
  search_text: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface TargetTable {
  id: Generated<string>;
  indicator_id: string;
  unit_id: string;
  period: string;
  value: Numeric;
  note: string | null;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

export interface ValidationRuleTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string | null;
  description: string | null;
  left_expr: string;
  operator: '<=' | '<' | '==' | '!=' | '>=' | '>' | 'compulsory_pair' | 'exclusive_pair';
  right_expr: string;
  importance: 'high' | 'medium' | 'low';
  message_vi: string;
  message_en: string | null;
  missing_value_strategy: 'skip-if-any-missing' | 'zero' | 'never-skip';
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface Database {
  org_unit: OrgUnitTable;
  org_unit_closure: OrgUnitClosureTable;
  org_unit_group: OrgUnitGroupTable;
  org_unit_group_member: OrgUnitGroupMemberTable;
  org_unit_succession: OrgUnitSuccessionTable;
  role: RoleTable;
  app_user: AppUserTable;
  user_assignment: UserAssignmentTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  seed_run: SeedRunTable;
  program_item: ProgramItemTable;
  category: CategoryTable;
  category_option: CategoryOptionTable;
  category_combo: CategoryComboTable;
  category_combo_category: CategoryComboCategoryTable;
  category_option_combo: CategoryOptionComboTable;
  data_element: DataElementTable;
  indicator: IndicatorTable;
  target: TargetTable;
  validation_rule: ValidationRuleTable;
  form: FormTable;
  form_section: FormSectionTable;
  form_element: FormElementTable;
  form_validation_rule: FormValidationRuleTable;
  form_due_rule: FormDueRuleTable;
  form_assignment: FormAssignmentTable;
  form_lock_exception: FormLockExceptionTable;
}

// --- report forms (0003_forms) ---

export type FormPeriodType = 'month' | 'quarter' | 'sixMonth' | 'year';
export type FormUnitKind = 'commune' | 'province' | 'nation';

export interface FormTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string | null;
  description: string | null;
  period_type: FormPeriodType;
  lock_days_after_due: number | null;
  approve_before_children: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface FormSectionTable {
  id: Generated<string>;
  form_id: string;
  code: string;
  name_vi: string;
  name_en: string | null;
  sort_order: Generated<number>;
}

export interface FormElementTable {
  form_id: string;
  section_id: string;
  data_element_id: string;
  sort_order: Generated<number>;
  required: Generated<boolean>;
}

export interface FormValidationRuleTable {
  form_id: string;
  rule_id: string;
}

export interface FormDueRuleTable {
  form_id: string;
  unit_kind: FormUnitKind;
  days_after_end: number | null;
  fixed_month: number | null;
  fixed_day: number | null;
  year_offset: Generated<number>;
}

export interface FormAssignmentTable {
  id: Generated<string>;
  form_id: string;
  mode: 'level' | 'group' | 'unit';
  unit_kind: FormUnitKind | null;
  group_id: string | null;
  unit_id: string | null;
}

export interface FormLockExceptionTable {
  id: Generated<string>;
  form_id: string;
  unit_id: string;
  period: string | null;
  expires_at: Timestamp;
  reason: string;
  granted_by: string | null;
  created_at: GeneratedTimestamp;
}

// --- data values (0004_data_values) ---

export type DataValueSource = 'screen' | 'import' | 'api';

export interface DataValueTable {
  data_element_id: string;
  coc_id: string;
  unit_id: string;
  period: string;
  province_id: string | null;
  value: string | null;
  numeric_value: NullableNumeric;
  comment: string | null;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
  source: DataValueSource;
  version: Generated<number>;
  /** True while an approved report of the unit and period holds the cell (migration 0007). */
  approved: Generated<boolean>;
}

export interface DataValueHistoryTable {
  id: Generated<string>;
  data_element_id: string;
  coc_id: string;
  unit_id: string;
  period: string;
  old_value: string | null;
  new_value: string | null;
  comment: string | null;
  changed_by: string | null;
  changed_at: GeneratedTimestamp;
  source: DataValueSource;
  client_change_id: string | null;
}

// Declaration merging: the data-value tables join the Database interface above.
export interface Database {
  data_value: DataValueTable;
  data_value_history: DataValueHistoryTable;
}

// --- submissions and notifications (0005_submissions) ---

export type SubmissionStateValue = 'draft' | 'submitted' | 'returned' | 'approved';
export type SubmissionActionValue = 'submit' | 'recall' | 'approve' | 'return' | 'unapprove';

export interface SubmissionTable {
  id: Generated<string>;
  form_id: string;
  unit_id: string;
  period: string;
  province_id: string | null;
  state: SubmissionStateValue;
  version: Generated<number>;
  first_submitted_at: Timestamp | null;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  on_time: boolean | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  updated_at: GeneratedTimestamp;
}

export interface SubmissionEventTable {
  id: Generated<string>;
  submission_id: string;
  action: SubmissionActionValue;
  from_state: SubmissionStateValue;
  to_state: SubmissionStateValue;
  actor_id: string | null;
  at: GeneratedTimestamp;
  comment: string | null;
  /** The client id of a submit (offline replay: the same id again is a no-op); migration 0010. */
  client_change_id: string | null;
}

export interface SubmissionCellCommentTable {
  id: Generated<string>;
  submission_id: string;
  event_id: string;
  data_element_id: string;
  coc_id: string;
  comment: string;
  resolved_at: Timestamp | null;
}

export interface NotificationTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  params: ColumnType<Record<string, string>, string | undefined, string>;
  link: string | null;
  created_at: GeneratedTimestamp;
  read_at: Timestamp | null;
}

export interface Database {
  submission: SubmissionTable;
  submission_event: SubmissionEventTable;
  submission_cell_comment: SubmissionCellCommentTable;
  notification: NotificationTable;
}

// --- data-value import jobs (0008_data_import_job) ---

export type ImportJobState = 'queued' | 'running' | 'done' | 'rejected' | 'failed';
export type ImportJobPhase = 'queued' | 'validating' | 'writing' | 'done';

export interface DataImportJobTable {
  id: Generated<string>;
  /** The user who imports, or null when an API client does (api_client_id, migration 0012). */
  user_id: string | null;
  api_client_id: ColumnType<string | null, string | null | undefined, string | null>;
  format: 'json' | 'csv' | 'xlsx' | 'adx';
  dry_run: boolean;
  file_name: string | null;
  sha256: string;
  state: ImportJobState;
  phase: ImportJobPhase;
  total: number;
  validated: Generated<number>;
  written: Generated<number>;
  report: Json;
  error: Json;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
}

export interface Database {
  data_import_job: DataImportJobTable;
}

/** Where a unit's values count in each hierarchy view (migration 0007, ADR 0005). */
export interface AggEdgeTable {
  hierarchy: HierarchyView;
  source_unit_id: string;
  target_unit_id: string;
  weight: number;
}

export type HierarchyView = '2025' | 'pre2025';

/** What other units contribute to a unit, per period and enclosing period (ADR 0005). */
export interface AggValueTable {
  hierarchy: HierarchyView;
  unit_id: string;
  period: string;
  data_element_id: string;
  coc_id: string;
  sum: number;
  cnt: number;
  min: number | null;
  max: number | null;
  a_sum: number;
  a_cnt: number;
  a_min: number | null;
  a_max: number | null;
}

export interface Database {
  agg_edge: AggEdgeTable;
  agg_value: AggValueTable;
}

// --- API clients and OAuth 2.0 client credentials (0011_api_clients) ---

export interface ApiClientTable {
  id: Generated<string>;
  consumer_key: string;
  name: string;
  organisation: string;
  contact: string;
  scopes: ColumnType<string[], string[], string[]>;
  unit_ids: ColumnType<string[], string[], string[]>;
  /** cidr[]: written through a cast from text[], read back as text[] by the repository. */
  ip_allow_list: ColumnType<string[] | null, string[] | null, string[] | null>;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Calls a minute before /api/v1 answers 429 (migration 0012). */
  rate_limit_per_minute: Generated<number>;
}

export interface ApiClientSecretTable {
  id: Generated<string>;
  client_id: string;
  secret_hash: string;
  created_at: Timestamp;
  valid_until: Timestamp | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  token_hash: string;
  client_id: string;
  scopes: ColumnType<string[], string[], string[]>;
  issued_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface Database {
  api_client: ApiClientTable;
  api_client_secret: ApiClientSecretTable;
  api_token: ApiTokenTable;
}

// --- public API call log (0012_public_api) ---

export interface ApiCallTable {
  id: Generated<string>;
  client_id: string;
  at: Timestamp;
  method: string;
  route: string;
  url: string;
  status: number;
  duration_ms: number;
  rows: number | null;
  ip: string | null;
  request_id: string | null;
}

export interface Database {
  api_call: ApiCallTable;
}

// --- webhooks (0013_webhooks) ---

export type WebhookDeliveryState = 'pending' | 'delivering' | 'succeeded' | 'failed';

export interface WebhookSubscriptionTable {
  id: Generated<string>;
  name: string;
  url: string;
  events: ColumnType<string[], string[], string[]>;
  form_ids: ColumnType<string[] | null, string[] | null, string[] | null>;
  unit_ids: ColumnType<string[], string[], string[]>;
  api_client_id: string | null;
  secret_sealed: string;
  active: Generated<boolean>;
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
  consecutive_failures: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveryTable {
  id: Generated<string>;
  subscription_id: string;
  event_id: string;
  event_type: string;
  occurred_at: Timestamp;
  data: ColumnType<Record<string, unknown>, string, string>;
  coalesce_key: string | null;
  state: Generated<WebhookDeliveryState>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  response_excerpt: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface Database {
  webhook_subscription: WebhookSubscriptionTable;
  webhook_delivery: WebhookDeliveryTable;
}

// --- sector database connectors (0014_connectors) ---

export type ConnectorKind = 'http' | 'file';
export type ConnectorFormat = 'csv' | 'json';
export type ConnectorRunTrigger = 'manual' | 'schedule' | 'upload';
export type ConnectorRunState = 'running' | 'done' | 'rejected' | 'failed';

export interface ConnectorTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: ConnectorKind;
  format: ConnectorFormat;
  profile: string;
  source_url: string | null;
  token_url: string | null;
  client_id: string | null;
  client_secret_sealed: string | null;
  token_scope: string | null;
  scope_unit_id: string | null;
  schedule: string | null;
  enabled: Generated<boolean>;
  last_scheduled_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConnectorMappingTable {
  id: Generated<string>;
  connector_id: string;
  kind: 'unit' | 'element';
  external_code: string;
  unit_id: string | null;
  data_element_id: string | null;
  coc_id: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ConnectorRunTable {
  id: Generated<string>;
  connector_id: string;
  trigger: ConnectorRunTrigger;
  dry_run: boolean;
  state: ConnectorRunState;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  triggered_by: string | null;
  file_name: string | null;
  sha256: string | null;
  rows_read: number | null;
  counts: Json;
  report: Json;
  error: string | null;
}

export interface Database {
  connector: ConnectorTable;
  connector_mapping: ConnectorMappingTable;
  connector_run: ConnectorRunTable;
}

// --- reminders and e-mail (0015_reminders) ---

export type MailState = 'pending' | 'sending' | 'sent' | 'failed';

export interface ReminderSentTable {
  id: Generated<string>;
  kind: string;
  /** null for task reminders (0020), which name task_id instead, and for alerts about an investment work (0021). */
  form_id: string | null;
  task_id: ColumnType<string | null, string | null | undefined, string | null>;
  unit_id: string;
  period: string;
  user_id: string;
  channel: 'in_app' | 'email';
  sent_at: Timestamp;
  /** target.below: digest of the missed figures (part of the sent-once key); '' for deadline reminders (0018). */
  fingerprint: Generated<string>;
  /** disbursement.below_plan: the work (0021); its own sent-once key with period "year:milestone date". */
  work_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MailOutboxTable {
  id: Generated<string>;
  user_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  body: string;
  state: ColumnType<MailState, MailState | undefined, MailState>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  digest: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface NotificationPreferenceTable {
  user_id: string;
  kind: string;
  email: boolean;
  digest: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface Database {
  reminder_sent: ReminderSentTable;
  mail_outbox: MailOutboxTable;
  notification_preference: NotificationPreferenceTable;
}

// --- favourites and dashboards (0016_visualizations_dashboards) ---

type IdArray = ColumnType<string[], string[] | undefined, string[]>;

export interface VisualizationTable {
  id: Generated<string>;
  type: 'pivot' | 'chart' | 'map';
  name: string;
  name_folded: string;
  description: string | null;
  config: ColumnType<{ request: Record<string, unknown>; options: Record<string, unknown> }, string, string>;
  owner_id: string | null;
  shared_user_ids: IdArray;
  shared_unit_ids: IdArray;
  seed_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DashboardTable {
  id: Generated<string>;
  name: string;
  name_folded: string;
  description: string | null;
  owner_id: string | null;
  shared_user_ids: IdArray;
  shared_unit_ids: IdArray;
  is_public: ColumnType<boolean, boolean | undefined, boolean>;
  published_at: Timestamp | null;
  slug: string;
  default_period: string | null;
  default_unit_id: string | null;
  seed_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DashboardItemTable {
  dashboard_id: string;
  item_id: string;
  position: number;
  type: 'visualization' | 'text' | 'late_units';
  visualization_id: string | null;
  text: string | null;
  form_id: string | null;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Database {
  visualization: VisualizationTable;
  dashboard: DashboardTable;
  dashboard_item: DashboardItemTable;
}

// --- investment works and capital (0021_investments) ---

export interface InvestmentWorkTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_folded: string;
  program_item_id: string | null;
  unit_id: string;
  province_id: string;
  lon: number | null;
  lat: number | null;
  investor: string | null;
  start_date: DateOnly;
  finish_date: DateOnly;
  stage: 'preparation' | 'construction' | 'completed' | 'settled';
  progress: ColumnType<string, string | number | undefined, string | number>;
  total_investment: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  description: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvestmentCapitalTable {
  id: Generated<string>;
  work_id: string;
  year: number;
  source: 'central' | 'local' | 'other';
  kind: 'development' | 'recurrent';
  allocated: ColumnType<string, string | number, string | number>;
  committed: ColumnType<string, string | number, string | number>;
}

export interface InvestmentDisbursementTable {
  capital_id: string;
  month: ColumnType<string, string, string>;
  amount: ColumnType<string, string | number, string | number>;
}

export interface InvestmentPlanCurveTable {
  year: number;
  milestones: ColumnType<unknown, string, string>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface InvestmentFileTable {
  id: Generated<string>;
  work_id: string;
  kind: 'photo' | 'document';
  file_name: string;
  content_type: string;
  size: number;
  data: Buffer;
  caption: string | null;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface Database {
  investment_work: InvestmentWorkTable;
  investment_capital: InvestmentCapitalTable;
  investment_disbursement: InvestmentDisbursementTable;
  investment_plan_curve: InvestmentPlanCurveTable;
  investment_file: InvestmentFileTable;
}

// --- documents (0022_documents) ---

export type DocumentKindValue = 'consolidated' | 'task_progress';

export interface DocumentTemplateTable {
  id: Generated<string>;
  name: string;
  kind: DocumentKindValue;
  unit_id: string;
  file_name: string;
  content: Buffer;
  size: number;
  placeholders: string[];
  created_by: string | null;
  created_by_username: string;
  created_at: Timestamp;
}

export interface GeneratedDocumentTable {
  id: Generated<string>;
  kind: DocumentKindValue;
  format: 'docx' | 'xlsx' | 'pdf';
  unit_id: string;
  province_id: string | null;
  register_year: number;
  register_no: number;
  number: string;
  title: string;
  subject: string;
  search_folded: string;
  period: string | null;
  form_id: string | null;
  template_id: string | null;
  template_name: string | null;
  params: ColumnType<Record<string, unknown>, string, string>;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_by: string | null;
  created_by_username: string;
  created_by_name: string;
  created_at: Timestamp;
}

export interface Database {
  document_template: DocumentTemplateTable;
  generated_document: GeneratedDocumentTable;
}

// --- maps (0017_unit_boundaries) ---

export interface UnitBoundaryTable {
  unit_id: string;
  geometry: Json;
  web_geometry: Json;
  bbox: number[];
  label_point: number[];
  points: number;
  web_points: number;
  source_file: string;
  source_sha256: string;
  imported_by: string | null;
  imported_at: Timestamp;
}

export interface Database {
  unit_boundary: UnitBoundaryTable;
}

// --- tasks (0020_tasks) ---

export type TaskStatusColumn = 'not_started' | 'in_progress' | 'done' | 'paused' | 'cancelled';

export interface TaskPlanTable {
  id: Generated<string>;
  name: string;
  name_folded: string;
  description: string | null;
  unit_id: string;
  year: number | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskRecurrenceTable {
  id: Generated<string>;
  plan_id: string | null;
  title: string;
  description: string | null;
  lead_unit_id: string;
  lead_user_id: string | null;
  assigning_unit_id: string;
  cooperating_unit_ids: IdArray;
  program_item_id: string | null;
  frequency: 'yearly' | 'quarterly' | 'monthly';
  due_month: number | null;
  due_day: number | null;
  days_after: number | null;
  lead_days: number;
  starts_on: ColumnType<string, string, string>;
  ends_on: DateOnly;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface TaskTable {
  id: Generated<string>;
  plan_id: string | null;
  parent_id: string | null;
  title: string;
  title_folded: string;
  description: string | null;
  lead_unit_id: string;
  lead_user_id: string | null;
  assigning_unit_id: string;
  program_item_id: string | null;
  start_date: ColumnType<string, string, string>;
  due_date: ColumnType<string, string, string>;
  status: ColumnType<TaskStatusColumn, TaskStatusColumn | undefined, TaskStatusColumn>;
  progress: ColumnType<number, number | undefined, number>;
  completed_date: DateOnly;
  deliverables: string | null;
  quality: number | null;
  quality_note: string | null;
  rated_by: string | null;
  rated_at: Timestamp | null;
  recurrence_id: string | null;
  occurrence: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskCooperatingUnitTable {
  task_id: string;
  unit_id: string;
}

export interface TaskCommentTable {
  id: Generated<string>;
  task_id: string;
  author_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface TaskAttachmentTable {
  id: Generated<string>;
  task_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface TaskScoreRuleTable {
  id: Generated<number>;
  on_time_points: Numeric;
  late_penalty_per_day: Numeric;
  late_floor: Numeric;
  timeliness_weight: Numeric;
  quality_weight: Numeric;
  updated_by: string | null;
  updated_at: Timestamp | null;
}

export interface Database {
  task_plan: TaskPlanTable;
  task_recurrence: TaskRecurrenceTable;
  task: TaskTable;
  task_cooperating_unit: TaskCooperatingUnitTable;
  task_comment: TaskCommentTable;
  task_attachment: TaskAttachmentTable;
  task_score_rule: TaskScoreRuleTable;
}

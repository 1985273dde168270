// Stable error codes with messages a Vietnamese (or English) user can act on.
// The server answers { error: { code, message, fields? } }; the web can re-translate by code.

export const ERROR_MESSAGES = {
  invalid_json: { vi: 'Dữ liệu gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  validation_failed: { vi: 'Dữ liệu không hợp lệ, vui lòng kiểm tra các trường được đánh dấu.', en: 'Some fields are invalid; check the marked fields.' },
  payload_too_large: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request is too large.' },
  unsupported_media_type: { vi: 'Định dạng dữ liệu gửi lên không được hỗ trợ.', en: 'Unsupported content type.' },
  unauthenticated: { vi: 'Vui lòng đăng nhập để tiếp tục.', en: 'Please sign in to continue.' },
  session_expired: { vi: 'Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.', en: 'Your session has expired; please sign in again.' },
  step_required: { vi: 'Cần hoàn tất bước xác thực trước khi tiếp tục.', en: 'Finish the sign-in step before continuing.' },
  csrf_failed: { vi: 'Yêu cầu không hợp lệ (thiếu mã chống giả mạo). Hãy tải lại trang.', en: 'Missing or invalid CSRF token; reload the page.' },
  invalid_credentials: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  account_locked: { vi: 'Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Thử lại sau {{minutes}} phút.', en: 'Account locked after repeated failed sign-ins. Try again in {{minutes}} minutes.' },
  account_disabled: { vi: 'Tài khoản đã bị vô hiệu hóa. Liên hệ quản trị viên.', en: 'This account is disabled. Contact your administrator.' },
  too_many_requests: { vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau {{seconds}} giây.', en: 'Too many requests. Try again in {{seconds}} seconds.' },
  invalid_totp: { vi: 'Mã xác thực hai lớp không đúng hoặc đã hết hạn.', en: 'The two-factor code is wrong or expired.' },
  totp_not_pending: { vi: 'Chưa bắt đầu đăng ký xác thực hai lớp.', en: 'Two-factor enrolment has not been started.' },
  totp_required: { vi: 'Vai trò quản trị bắt buộc dùng xác thực hai lớp, không thể tắt.', en: 'Administrator roles require two-factor authentication.' },
  wrong_password: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  weak_password: { vi: 'Mật khẩu không đạt yêu cầu: {{reason}}', en: 'Password rejected: {{reason}}' },
  not_found: { vi: 'Không tìm thấy hoặc bạn không có quyền truy cập.', en: 'Not found or you have no access.' },
  forbidden: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  conflict: { vi: 'Dữ liệu đã tồn tại.', en: 'This already exists.' },
  username_taken: { vi: 'Tên đăng nhập đã được sử dụng.', en: 'This username is already taken.' },
  unit_code_taken: { vi: 'Mã đơn vị đã tồn tại trong đơn vị cha này.', en: 'This unit code already exists.' },
  invalid_parent: { vi: 'Đơn vị cha không hợp lệ cho loại đơn vị này.', en: 'The parent unit is not valid for this unit type.' },
  unit_closed: { vi: 'Đơn vị đã hết hiệu lực (đã giải thể hoặc sáp nhập), không thể thay đổi.', en: 'This unit is closed (dissolved or merged) and cannot be changed.' },
  official_unit: { vi: 'Đơn vị hành chính chính thức chỉ thay đổi theo danh mục của Nhà nước; chỉ thôn, bản, tổ dân phố mới được đóng tại đây.', en: 'Official administrative units change only with the state register; only villages can be closed here.' },
  import_rejected: { vi: 'Tệp nhập có dòng lỗi; không dòng nào được ghi. Xem báo cáo chi tiết.', en: 'The file has invalid rows; nothing was written. See the report.' },
  invalid_file: { vi: 'Không đọc được tệp. Hãy dùng CSV (UTF-8) hoặc XLSX theo mẫu.', en: 'The file could not be read. Use CSV (UTF-8) or XLSX as in the template.' },
  file_not_utf8: { vi: 'Tệp không phải văn bản UTF-8 (byte không hợp lệ ở vị trí {{offset}}). Hãy lưu lại tệp với mã hóa UTF-8 (trong Excel: "CSV UTF-8").', en: 'The file is not UTF-8 text (invalid byte at offset {{offset}}). Save it again as UTF-8 ("CSV UTF-8" in Excel).' },
  file_invalid_json: { vi: 'Tệp JSON không hợp lệ: {{reason}}', en: 'The JSON file is invalid: {{reason}}' },
  file_invalid_xml: { vi: 'Tệp ADX (XML) không hợp lệ: {{reason}}', en: 'The ADX (XML) file is invalid: {{reason}}' },
  file_bad_header: { vi: 'Dòng tiêu đề không đúng dạng dataValueSets: thiếu cột {{missing}}. Dòng tiêu đề cần: {{expected}}.', en: 'The header is not in the dataValueSets shape: missing {{missing}}. Expected: {{expected}}.' },
  file_formula: { vi: 'Ô {{cell}} chứa công thức; tệp nhập chỉ được chứa giá trị. Hãy sao chép và dán giá trị (Paste Values) rồi tải lên lại.', en: 'Cell {{cell}} holds a formula; import files may hold values only. Copy and paste values, then upload again.' },
  file_cell_too_large: { vi: 'Nội dung ở {{where}} dài {{length}} ký tự, vượt giới hạn {{limit}} ký tự; không xử lý tệp này.', en: 'The content at {{where}} is {{length}} characters long, over the limit of {{limit}}; the file is refused.' },
  file_zip_bomb: { vi: 'Tệp XLSX khi giải nén quá lớn hoặc có tỷ lệ nén bất thường ({{reason}}); không xử lý tệp này.', en: 'The XLSX file expands too much or is compressed abnormally ({{reason}}); the file is refused.' },
  file_no_rows: { vi: 'Tệp không có dòng số liệu nào.', en: 'The file has no data rows.' },
  file_layout: { vi: 'Không nhận ra bố cục bảng tính: dùng mẫu Excel tải từ màn hình nhập liệu, hoặc một trang tính có dòng tiêu đề dataValueSets ({{expected}}).', en: 'The spreadsheet layout is not recognised: use the Excel template from the data-entry screen, or a sheet with the dataValueSets header ({{expected}}).' },
  role_in_use: { vi: 'Vai trò đang được gán cho người dùng, không thể xóa.', en: 'The role is assigned to users and cannot be deleted.' },
  built_in_role: { vi: 'Không thể sửa hoặc xóa vai trò có sẵn.', en: 'Built-in roles cannot be changed or deleted.' },
  last_assignment: { vi: 'Người dùng phải có ít nhất một phân quyền.', en: 'A user must keep at least one assignment.' },
  self_action: { vi: 'Không thể thực hiện thao tác này trên chính tài khoản của bạn.', en: 'You cannot do this to your own account.' },
  internal_error: { vi: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại; nếu vẫn lỗi, báo quản trị viên kèm mã yêu cầu {{requestId}}.', en: 'Something went wrong. Try again; if it persists, report request id {{requestId}}.' },
  service_unavailable: { vi: 'Hệ thống tạm thời không sẵn sàng.', en: 'The service is temporarily unavailable.' },
  category_option_in_use: { vi: 'Phương án phân tổ đang được dùng trong tổ hợp phân tổ, không thể xóa (chỉ được đổi tên).', en: 'The category option is used by a category combination and cannot be removed (only renamed).' },
  data_element_in_use: { vi: 'Phần tử dữ liệu đang được dùng trong chỉ số hoặc quy tắc kiểm tra; hãy sửa các biểu thức đó trước.', en: 'The data element is used by indicators or validation rules; change those expressions first.' },
  form_no_due_rule: { vi: 'Biểu mẫu chưa có quy tắc hạn nộp cho cấp đơn vị này.', en: 'The form has no due rule for this level of unit.' },
  period_locked: { vi: 'Kỳ báo cáo {{period}} đã khóa, không thể nhập hoặc sửa số liệu. Liên hệ cấp trên nếu cần gia hạn.', en: 'The reporting period {{period}} is locked; values can no longer be entered or changed. Ask the level above for an exception.' },
  period_future: { vi: 'Kỳ báo cáo {{period}} chưa bắt đầu, chưa thể nhập số liệu.', en: 'The reporting period {{period}} has not started yet; values cannot be entered.' },
  invalid_period: { vi: 'Kỳ báo cáo "{{period}}" không hợp lệ cho biểu mẫu này (biểu mẫu báo cáo theo {{periodType}}).', en: 'The period "{{period}}" does not fit this form (reported by {{periodType}}).' },
  form_not_assigned: { vi: 'Biểu mẫu không được giao cho đơn vị này.', en: 'This form is not assigned to this unit.' },
  element_not_in_form: { vi: 'Chỉ tiêu hoặc phân tổ không thuộc biểu mẫu này.', en: 'The data element or disaggregation is not on this form.' },
  invalid_value: { vi: '{{reason}}', en: '{{reason}}' },
  invalid_input: { vi: 'Dữ liệu không hợp lệ: {{reason}}', en: 'Invalid input: {{reason}}' },
  value_conflict: { vi: 'Ô này đã được người khác sửa trong lúc bạn làm việc ngoại tuyến.', en: 'Someone else changed this cell while you were working offline.' },
  client_change_conflict: { vi: 'Mã thay đổi đã được dùng cho một ô khác.', en: 'This change id was already used for another cell.' },
  submission_conflict: { vi: 'Báo cáo vừa được người khác xử lý (hiện: {{stateVi}}). Hãy tải lại để xem trạng thái mới nhất.', en: 'Someone else has just acted on this report (now: {{stateEn}}). Reload to see its latest state.' },
  submission_transition: { vi: 'Không thể {{actionVi}} báo cáo đang ở trạng thái "{{stateVi}}".', en: 'A report that is "{{stateEn}}" cannot be {{actionEn}}.' },
  submission_invalid: { vi: 'Báo cáo chưa đạt {{count}} điều kiện kiểm tra; hãy sửa các ô được đánh dấu rồi gửi lại.', en: 'The report fails {{count}} validation checks; fix the marked cells and submit again.' },
  submission_locked: { vi: 'Báo cáo kỳ {{period}} đang {{stateVi}}, không thể sửa số liệu. Cần cấp trên trả lại (hoặc rút lại báo cáo chưa duyệt) trước khi sửa.', en: 'The report for {{period}} is {{stateEn}}; values cannot be changed until it is returned (or recalled before review).' },
  own_level_approval: { vi: 'Không thể tự duyệt báo cáo của đơn vị mình; báo cáo phải do cấp trên duyệt.', en: 'You cannot review your own unit\'s report; the level above reviews it.' },
  children_not_approved: { vi: 'Còn {{pending}} đơn vị cấp dưới chưa được duyệt báo cáo kỳ này; biểu mẫu yêu cầu duyệt hết cấp dưới trước.', en: '{{pending}} units below have not been approved for this period; this form requires them to be approved first.' },
  parent_approved: { vi: 'Báo cáo của đơn vị cấp trên ({{unit}}) đã gửi hoặc đã duyệt; cần trả lại hoặc hủy duyệt báo cáo cấp trên trước.', en: 'The report of the unit above ({{unit}}) is submitted or approved; return or unapprove it first.' },
  hierarchy_mismatch: { vi: 'Đơn vị này không thuộc hệ thống đơn vị hành chính đang xem ({{view}}); chọn đơn vị của hệ thống đó.', en: 'This unit is not in the hierarchy being viewed ({{view}}); choose a unit of that hierarchy.' },
  api_client_revoked: { vi: 'Ứng dụng kết nối đã bị thu hồi, không thể thay đổi.', en: 'This API client has been revoked and cannot be changed.' },
  api_client_unknown_unit: { vi: 'Đơn vị được phép không tồn tại: {{ids}}.', en: 'Unknown allowed units: {{ids}}.' },
  connector_code_taken: { vi: 'Mã kết nối "{{code}}" đã được dùng.', en: 'The connector code "{{code}}" is already in use.' },
  connector_busy: { vi: 'Kết nối này đang chạy; chờ lần chạy hiện tại kết thúc rồi thử lại.', en: 'This connector is already running; wait for the current run to finish.' },
  connector_needs_upload: { vi: 'Kết nối kiểu "tải tệp lên" chỉ chạy khi tải tệp lên (/upload).', en: 'A file connector runs only when a file is uploaded (/upload).' },
  connector_not_file: { vi: 'Kết nối này lấy dữ liệu qua HTTP; dùng "Chạy ngay" thay vì tải tệp lên.', en: 'This connector pulls over HTTP; run it instead of uploading a file.' },
  connector_disabled: { vi: 'Kết nối đang tắt; bật lại trước khi chạy.', en: 'The connector is disabled; enable it before running it.' },
  connector_unknown_target: { vi: 'Ánh xạ trỏ tới mục không tồn tại: {{what}}.', en: 'A mapping points to something that does not exist: {{what}}.' },
  webhook_unknown_unit: { vi: 'Đơn vị không tồn tại hoặc đã hết hiệu lực: {{ids}}.', en: 'Unknown or closed units: {{ids}}.' },
  webhook_unknown_form: { vi: 'Biểu mẫu không tồn tại: {{ids}}.', en: 'Unknown forms: {{ids}}.' },
  webhook_unknown_client: { vi: 'Ứng dụng kết nối không tồn tại hoặc đã bị thu hồi.', en: 'The API client does not exist or has been revoked.' },
  webhook_units_outside_client: { vi: 'Đơn vị nằm ngoài phạm vi của ứng dụng kết nối: {{ids}}.', en: 'Units outside the API client’s units: {{ids}}.' },
  token_required: { vi: 'Cần access token: gửi tiêu đề Authorization: Bearer <token> lấy từ POST /oauth/token.', en: 'An access token is required: send Authorization: Bearer <token> obtained from POST /oauth/token.' },
  invalid_authorization: { vi: 'Tiêu đề Authorization không đúng dạng Bearer <token>.', en: 'The Authorization header is not of the form Bearer <token>.' },
  invalid_token: { vi: 'Access token không hợp lệ, đã hết hạn, đã bị thu hồi, hoặc được gọi từ địa chỉ IP không được phép.', en: 'The access token is invalid, expired or revoked, or was used from an address that is not allowed.' },
  insufficient_scope: { vi: 'Access token không có phạm vi "{{scope}}" mà thao tác này cần.', en: 'The access token lacks the scope "{{scope}}" this call needs.' },
  invalid_fields: { vi: 'Trường không có trong tài nguyên này: {{fields}}. Các trường có thể chọn: {{allowed}}.', en: 'Unknown fields for this resource: {{fields}}. Available: {{allowed}}.' },
  boundary_import_rejected: { vi: 'Tệp ranh giới có {{count}} lỗi; không có ranh giới nào được ghi. Xem báo cáo chi tiết.', en: 'The boundary file has {{count}} problems; nothing was written. See the report.' },
  geo_invalid_json: { vi: 'Tệp không phải JSON hợp lệ: {{reason}}', en: 'The file is not valid JSON: {{reason}}' },
  geo_not_feature_collection: { vi: 'Tệp phải là GeoJSON FeatureCollection (đang là "{{type}}").', en: 'The file must be a GeoJSON FeatureCollection (it is "{{type}}").' },
  geo_crs_not_wgs84: { vi: 'Hệ tọa độ không phải WGS84 kinh độ/vĩ độ ({{crs}}). Hãy xuất lại tệp theo EPSG:4326 (WGS84), không dùng VN-2000 hay EPSG:3857.', en: 'The coordinates are not WGS84 longitude/latitude ({{crs}}). Export the file again in EPSG:4326 (WGS84), not VN-2000 or EPSG:3857.' },
  geo_no_features: { vi: 'Tệp không có đối tượng (feature) nào.', en: 'The file has no features.' },
  geo_no_unit_code: { vi: 'Đối tượng không có mã đơn vị hành chính (id của feature hoặc một trong các thuộc tính {{properties}}).', en: 'The feature has no administrative unit code (the feature id or one of the properties {{properties}}).' },
  geo_empty_geometry: { vi: 'Đối tượng không có hình (geometry rỗng).', en: 'The feature has an empty geometry.' },
  geo_wrong_geometry: { vi: 'Ranh giới phải là Polygon hoặc MultiPolygon (đang là "{{type}}").', en: 'A boundary must be a Polygon or MultiPolygon (it is "{{type}}").' },
  geo_malformed_geometry: { vi: 'Tọa độ của hình không đúng cấu trúc GeoJSON (mỗi vòng cần ít nhất 4 điểm [kinh độ, vĩ độ], điểm cuối trùng điểm đầu).', en: 'The geometry coordinates are malformed (each ring needs at least 4 [lon, lat] positions, closed).' },
  geo_outside_vietnam: { vi: 'Tọa độ ({{point}}) nằm ngoài lãnh thổ Việt Nam: có thể kinh độ và vĩ độ bị đảo chỗ.', en: 'A coordinate ({{point}}) lies outside Vietnam: longitude and latitude may be swapped.' },
  geo_self_intersection: { vi: 'Đường ranh giới tự cắt nhau tại ({{point}}); hãy sửa hình trong phần mềm GIS (ví dụ QGIS: Fix geometries).', en: 'The boundary crosses itself at ({{point}}); fix it in a GIS tool (e.g. QGIS: Fix geometries).' },
  geo_unknown_unit: { vi: 'Không có đơn vị hành chính (cấp tỉnh hoặc xã, hệ thống 2025) mã "{{unitCode}}" trong phạm vi bạn quản lý.', en: 'No 2025 province or commune with code "{{unitCode}}" within the units you manage.' },
  geo_duplicate_unit: { vi: 'Mã đơn vị "{{unitCode}}" xuất hiện nhiều lần (cũng ở {{other}}).', en: 'The unit code "{{unitCode}}" appears more than once (also at {{other}}).' },
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export type Lang = 'vi' | 'en';

export function errorMessage(code: ErrorCode, lang: Lang, params: Record<string, string | number> = {}): string {
  const template: string = ERROR_MESSAGES[code][lang];
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));
}

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: { path: string; message: string }[];
    details?: unknown;
  };
}

// What leaves the API about data values.
import type { DataValueView } from '@shared/schemas/data-values.ts';
import type { DataValueRow, listHistory } from './data-values.repository.ts';

export const presentValue = (r: DataValueRow): DataValueView => ({
  dataElementId: r.data_element_id,
  cocId: r.coc_id,
  value: r.value,
  comment: r.comment,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
  updatedBy: r.updated_by_username,
  source: r.source,
});

export const presentHistory = (r: Awaited<ReturnType<typeof listHistory>>[number]) => ({
  id: r.id,
  oldValue: r.old_value,
  newValue: r.new_value,
  comment: r.comment,
  changedAt: r.changed_at.toISOString(),
  changedBy: r.changed_by_username,
  source: r.source,
});

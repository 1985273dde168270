// What leaves the API about submissions, and the words for states and actions.
import type { SubmissionAction, SubmissionState, SubmissionView } from '@shared/schemas/submissions.ts';
import type { listEvents, SubmissionRow } from './submissions.repository.ts';

export const STATE_LABELS: Record<SubmissionState, { vi: string; en: string }> = {
  draft: { vi: 'Đang nhập', en: 'draft' },
  submitted: { vi: 'Đã gửi, chờ duyệt', en: 'submitted' },
  returned: { vi: 'Bị trả lại', en: 'returned' },
  approved: { vi: 'Đã duyệt', en: 'approved' },
};

export const ACTION_LABELS: Record<SubmissionAction, { vi: string; en: string }> = {
  submit: { vi: 'gửi', en: 'submitted' },
  recall: { vi: 'rút lại', en: 'recalled' },
  approve: { vi: 'duyệt', en: 'approved' },
  return: { vi: 'trả lại', en: 'returned' },
  unapprove: { vi: 'hủy duyệt', en: 'unapproved' },
};

type Actor = { id: string; username: string; fullName: string };
type Events = Awaited<ReturnType<typeof listEvents>>;

export function presentSubmission(
  key: { formId: string; unitId: string; period: string },
  row: SubmissionRow | undefined,
  history: Events,
  actors: Map<string, Actor>,
  abilities: SubmissionView['abilities'],
  children: SubmissionView['children'],
): SubmissionView {
  const who = (id: string | null) => (id ? (actors.get(id) ?? null) : null);
  const cellsByEvent = new Map<string, { dataElementId: string; cocId: string; comment: string }[]>();
  for (const c of history.cells) {
    const list = cellsByEvent.get(c.event_id) ?? [];
    list.push({ dataElementId: c.data_element_id, cocId: c.coc_id, comment: c.comment });
    cellsByEvent.set(c.event_id, list);
  }
  const eventsById = new Map(history.events.map((e) => [e.id, e]));
  return {
    ...key,
    state: row?.state ?? 'draft',
    version: row?.version ?? 0,
    submittedAt: row?.submitted_at?.toISOString() ?? null,
    submittedBy: who(row?.submitted_by ?? null),
    onTime: row?.on_time ?? null,
    decidedAt: row?.decided_at?.toISOString() ?? null,
    decidedBy: who(row?.decided_by ?? null),
    questionedCells: history.cells
      .filter((c) => c.resolved_at === null)
      .map((c) => {
        const e = eventsById.get(c.event_id);
        return { dataElementId: c.data_element_id, cocId: c.coc_id, comment: c.comment, by: who(e?.actor_id ?? null), at: (e?.at ?? new Date(0)).toISOString() };
      }),
    events: history.events.map((e) => ({
      id: e.id,
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      by: who(e.actor_id),
      at: e.at.toISOString(),
      comment: e.comment,
      cells: cellsByEvent.get(e.id) ?? [],
    })),
    abilities,
    children,
  };
}

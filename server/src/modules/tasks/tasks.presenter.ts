// What leaves the API about tasks: whitelisted fields, dates as yyyy-mm-dd (Vietnam
// calendar days), instants as ISO strings, the caller's abilities with the detail.
import type { TaskAbilities, TaskDetail, TaskSummary } from '@shared/schemas/tasks.ts';
import type { TaskRow, taskExtras } from './tasks.repository.ts';

export function presentTask(r: TaskRow): TaskSummary {
  return {
    id: r.id,
    title: r.title,
    parentId: r.parent_id,
    plan: r.plan,
    leadUnit: r.lead_unit,
    leadUser: r.lead_user,
    assigningUnit: r.assigning_unit,
    cooperatingUnits: r.cooperating_units,
    programItem: r.program_item,
    startDate: r.start_date,
    dueDate: r.due_date,
    status: r.status,
    progress: r.progress,
    completedDate: r.completed_date,
    quality: r.quality,
    lateDays: r.late_days,
    overdue: r.overdue,
    score: r.score === null ? null : Number(r.score),
    recurring: r.recurrence_id !== null,
    subtaskCount: r.subtask_count,
    version: r.version,
  };
}

export function presentTaskDetail(r: TaskRow, extras: Awaited<ReturnType<typeof taskExtras>>, subtasks: TaskRow[], abilities: TaskAbilities): TaskDetail {
  const m = extras.more;
  return {
    ...presentTask(r),
    description: m.description,
    deliverables: m.deliverables,
    qualityNote: m.quality_note,
    ratedBy: m.rated_id ? { id: m.rated_id, displayName: m.rated_name ?? '' } : null,
    createdBy: m.created_id ? { id: m.created_id, displayName: m.created_name ?? '' } : null,
    createdAt: m.created_at.toISOString(),
    updatedAt: m.updated_at.toISOString(),
    parent: m.parent_id ? { id: m.parent_id, title: m.parent_title ?? '' } : null,
    subtasks: subtasks.map(presentTask),
    comments: extras.comments.map((c) => ({ id: c.id, body: c.body, createdAt: c.created_at.toISOString(), author: c.author_id ? { id: c.author_id, displayName: c.author_name ?? '' } : null })),
    attachments: extras.attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      contentType: a.content_type,
      size: a.size,
      createdAt: a.created_at.toISOString(),
      uploadedBy: a.user_id ? { id: a.user_id, displayName: a.user_name ?? '' } : null,
    })),
    abilities,
  };
}

// A new or changed task may be due soon or already overdue: the task job (recurrences and
// reminders, pg-boss `tasks.run`) is nudged to run within seconds rather than at the next
// quarter hour. Without jobs (JOBS=false, tests) the nudge does nothing; the job is
// idempotent, so an extra run changes nothing more.
let nudge: (() => void) | null = null;

export function setTaskNudge(fn: (() => void) | null): void {
  nudge = fn;
}

export function nudgeTaskJobs(): void {
  nudge?.();
}

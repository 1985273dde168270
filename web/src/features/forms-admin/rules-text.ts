// Due rules and assignments in words, for the form screens.
import type { TFunction } from 'i18next';
import type { DueRule, FormAssignment } from './api';

const pad = (n: number) => String(n).padStart(2, '0');

export function dueRuleText(t: TFunction, r: DueRule): string {
  if (r.daysAfterEnd !== null) return t('formsAdmin.due.daysAfter', { days: r.daysAfterEnd });
  if (r.fixedDate) return t(r.yearOffset === 1 ? 'formsAdmin.due.fixedNextYear' : 'formsAdmin.due.fixedSameYear', { date: `${pad(r.fixedDate.day)}/${pad(r.fixedDate.month)}` });
  return '—';
}

export function assignmentText(t: TFunction, a: FormAssignment): string {
  switch (a.mode) {
    case 'level':
      return t('formsAdmin.assign.allOfKind', { kind: t(`formsAdmin.unitKinds.${a.unitKind ?? 'commune'}`) });
    case 'group':
      return t('formsAdmin.assign.group', { name: a.name ?? a.groupId ?? '' });
    case 'unit':
      return a.name ?? a.unitId ?? '';
  }
}

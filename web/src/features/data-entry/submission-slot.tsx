// The submission/approval workflow on the entry page (features/submissions).
// The data-entry page calls useSubmissionBinding once per (form, unit, period) and
// renders `panel` above the grid. Replace the body with the real SubmissionPanel and
// its state (GET /api/submissions/status …): the grid already honours every field
// below — questioned cells are highlighted with the reviewer's comment, readOnly locks
// entry with `readOnlyReason` in the banner, and in "question cells" mode
// `onCellSelect` receives clicked cells (Space/Enter by keyboard) while `selectedCells`
// are outlined.
import type { ReactNode } from 'react';
import { useSubmissionWorkflow } from '../submissions/SubmissionPanel';
import type { QuestionedCell } from './api';
import type { CellRef } from './EntryGrid';
import type { CellKey } from './grid-model';
import type { Violation } from './use-entry';

export interface SubmissionContext {
  formId: string;
  unitId: string;
  period: string;
  /** Whether the period lets this user enter values (from GET /api/data-values). */
  canEdit: boolean;
  /** Cross-element rules failing right now (same engine as the server's submission check). */
  violations: Violation[];
  /** Cells refused by the element checks or the server, not saved. */
  refusedCells: number;
  /** Saves still running or waiting; submit should wait for them (see whenIdle). */
  pendingSaves: number;
  whenIdle: () => Promise<void>;
}

export interface SubmissionBinding {
  /** Rendered in the marked slot above the grid. */
  panel: ReactNode;
  questionedCells: QuestionedCell[];
  /** E.g. submitted or approved: no entry although the period is open. */
  readOnly: boolean;
  readOnlyReason: string | null;
  selectedCells?: ReadonlySet<CellKey>;
  onCellSelect?: (cell: CellRef) => void;
}

export function useSubmissionBinding(ctx: SubmissionContext): SubmissionBinding {
  return useSubmissionWorkflow(ctx);
}

// The state of one (form, unit, period) being entered: the server's values, changes
// committed but not yet confirmed, what the engine or the server refused, each cell's
// save state, and the per-element and cross-element checks — the same engine code the
// server runs, so what passes here passes there.
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { checkElementValue } from '@shared/engine/validation.ts';
import { runValidation, type ValidationViolation } from '@shared/engine/validation.ts';
import type { NumberLang } from '@shared/engine/numbers.ts';
import { errorText } from '../../components/ErrorAlert';
import { saveValue, type DataValueView, type FormDetail, type SaveResult } from './api';
import { retypeValue } from './cell-values';
import { cellKey, cellsOfReferences, elementRules, engineRules, splitCellKey, valueLookup, type CellKey, type FormElement, type ValueMap } from './grid-model';
import { SaveQueue, type SaveEvent } from './save-queue';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

export interface CellState {
  /** The canonical value the cell holds now (committed locally or confirmed by the server). */
  stored: string | null;
  comment: string | null;
  server: DataValueView | undefined;
  status: SaveStatus;
  /** Typed text the engine or the server refused, kept so the user can fix it. */
  draft: string | null;
  error: string | null;
  /** "1.234" read as one thousand two hundred and thirty-four: what the server understood. */
  note: string | null;
  /** Network trouble: the save is being retried. */
  retrying: boolean;
}

interface State {
  server: Map<CellKey, DataValueView>;
  local: Map<CellKey, { stored: string | null; comment?: string | null }>;
  status: Map<CellKey, SaveStatus>;
  retrying: Set<CellKey>;
  refused: Map<CellKey, { draft: string; error: string }>;
  notes: Map<CellKey, string>;
}

type Action =
  | { type: 'load'; values: DataValueView[] }
  | { type: 'local'; key: CellKey; stored: string | null; comment?: string | null }
  | { type: 'refuse'; key: CellKey; draft: string; error: string }
  | { type: 'unrefuse'; key: CellKey }
  | { type: 'saving'; key: CellKey; attempt: number }
  | { type: 'saved'; key: CellKey; result: SaveResult; superseded: boolean; note: string | null }
  | { type: 'failed'; key: CellKey; draft: string; error: string }
  | { type: 'settle'; key: CellKey };

function withMap<K, V>(m: Map<K, V>, key: K, value: V | undefined): Map<K, V> {
  const next = new Map(m);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'load':
      return { ...state, server: new Map(action.values.map((v) => [cellKey(v.dataElementId, v.cocId), v])) };
    case 'local': {
      const previous = state.local.get(action.key);
      const comment = action.comment !== undefined ? action.comment : previous?.comment;
      return {
        ...state,
        local: withMap(state.local, action.key, comment !== undefined ? { stored: action.stored, comment } : { stored: action.stored }),
        refused: withMap(state.refused, action.key, undefined),
        notes: withMap(state.notes, action.key, undefined),
      };
    }
    case 'refuse':
      return { ...state, refused: withMap(state.refused, action.key, { draft: action.draft, error: action.error }), status: withMap(state.status, action.key, 'error') };
    case 'unrefuse':
      return { ...state, refused: withMap(state.refused, action.key, undefined), status: withMap(state.status, action.key, state.status.get(action.key) === 'error' ? undefined : state.status.get(action.key)) };
    case 'saving': {
      const retrying = new Set(state.retrying);
      if (action.attempt > 0) retrying.add(action.key);
      else retrying.delete(action.key);
      return { ...state, status: withMap(state.status, action.key, 'saving'), retrying };
    }
    case 'saved': {
      const retrying = new Set(state.retrying);
      retrying.delete(action.key);
      const server = withMap(state.server, action.key, action.result.value);
      if (action.superseded) return { ...state, server, retrying };
      return {
        ...state,
        server,
        retrying,
        local: withMap(state.local, action.key, undefined),
        status: withMap(state.status, action.key, 'saved'),
        notes: withMap(state.notes, action.key, action.note ?? undefined),
      };
    }
    case 'failed': {
      const retrying = new Set(state.retrying);
      retrying.delete(action.key);
      return {
        ...state,
        retrying,
        local: withMap(state.local, action.key, undefined),
        status: withMap(state.status, action.key, 'error'),
        refused: withMap(state.refused, action.key, { draft: action.draft, error: action.error }),
      };
    }
    case 'settle':
      return state.status.get(action.key) === 'saved' ? { ...state, status: withMap(state.status, action.key, undefined) } : state;
    default:
      return assertNever(action);
  }
}

const initialState = (): State => ({ server: new Map(), local: new Map(), status: new Map(), retrying: new Set(), refused: new Map(), notes: new Map() });

export interface EntryContext {
  form: FormDetail;
  unitId: string;
  period: string;
  lang: NumberLang;
  values: DataValueView[] | undefined;
  /** For messages shown in a toast or banner (ambiguous reading). */
  ambiguousNote: (typed: string, display: string, alternative: string) => string;
}

export interface Violation extends ValidationViolation {
  cells: CellKey[];
}

export function useEntry(ctx: EntryContext) {
  const [state, dispatch] = useReducer(reducer, undefined, initialState);
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;

  useEffect(() => {
    if (ctx.values) dispatch({ type: 'load', values: ctx.values });
  }, [ctx.values]);

  const elements = useMemo(() => {
    const m = new Map<string, FormElement>();
    for (const s of ctx.form.sections) for (const e of s.elements) m.set(e.dataElementId, e);
    return m;
  }, [ctx.form]);

  const queue = useMemo(
    () =>
      new SaveQueue<SaveResult>({
        send: (key, change) => {
          const { dataElementId, cocId } = splitCellKey(key);
          const c = ctxRef.current;
          return saveValue({ formId: c.form.id, unitId: c.unitId, period: c.period, dataElementId, cocId, value: change.value, ...(change.comment !== undefined ? { comment: change.comment } : {}), clientChangeId: change.clientChangeId, source: 'screen' });
        },
        onEvent: (e: SaveEvent<SaveResult>) => {
          switch (e.type) {
            case 'saving':
              dispatch({ type: 'saving', key: e.key, attempt: e.attempt });
              return;
            case 'saved': {
              const a = e.result.ambiguous;
              const note = a && e.change.value ? ctxRef.current.ambiguousNote(e.change.value, e.result.display, a.alternativeDisplay) : null;
              dispatch({ type: 'saved', key: e.key, result: e.result, superseded: e.superseded, note });
              if (!e.superseded) window.setTimeout(() => dispatch({ type: 'settle', key: e.key }), 1800);
              return;
            }
            case 'error':
              if (!e.superseded) dispatch({ type: 'failed', key: e.key, draft: e.change.value ?? '', error: errorText(e.error, 'Error') });
              return;
            default:
              assertNever(e);
          }
        },
      }),
    [],
  );

  // Leaving with unsaved changes loses them: ask first.
  useEffect(() => {
    const handler = (ev: BeforeUnloadEvent) => {
      if (queue.pending > 0) ev.preventDefault();
    };
    window.addEventListener('beforeunload', handler);
    return () => window.removeEventListener('beforeunload', handler);
  }, [queue]);

  const values: ValueMap = useMemo(() => {
    const m = new Map<CellKey, string | null>();
    for (const [k, v] of state.server) m.set(k, v.value);
    for (const [k, v] of state.local) m.set(k, v.stored);
    return m;
  }, [state.server, state.local]);

  const cell = useCallback(
    (key: CellKey): CellState => {
      const server = state.server.get(key);
      const local = state.local.get(key);
      const refused = state.refused.get(key);
      return {
        stored: local ? local.stored : (server?.value ?? null),
        comment: local && local.comment !== undefined ? local.comment : (server?.comment ?? null),
        server,
        status: state.status.get(key) ?? 'idle',
        draft: refused?.draft ?? null,
        error: refused?.error ?? null,
        note: state.notes.get(key) ?? null,
        retrying: state.retrying.has(key),
      };
    },
    [state],
  );

  /** Commits typed text: checked by the engine first, then saved; returns the refusal message, if any. */
  const commit = useCallback(
    (key: CellKey, text: string): string | null => {
      const element = elements.get(splitCellKey(key).dataElementId);
      if (!element) return null;
      const { lang } = ctxRef.current;
      const check = checkElementValue(elementRules(element), text, lang);
      if (!check.ok) {
        const message = lang === 'en' ? check.messageEn : check.message;
        dispatch({ type: 'refuse', key, draft: text, error: message });
        return message;
      }
      const current = cell(key);
      if (check.stored === current.stored && !current.error) return null;
      if (check.stored === current.stored && current.error && !queue.isPending(key)) {
        // Back to what is saved: nothing to send.
        dispatch({ type: 'unrefuse', key });
        return null;
      }
      dispatch({ type: 'local', key, stored: check.stored });
      queue.push(key, { value: text.trim() === '' ? null : text });
      return null;
    },
    [cell, elements, queue],
  );

  const saveComment = useCallback(
    (key: CellKey, comment: string | null) => {
      const element = elements.get(splitCellKey(key).dataElementId);
      if (!element) return;
      const current = cell(key);
      const normalised = comment?.normalize('NFC').trim() || null;
      dispatch({ type: 'local', key, stored: current.stored, comment: normalised });
      queue.push(key, { value: retypeValue(element.valueType, current.stored, ctxRef.current.lang), comment: normalised });
    },
    [cell, elements, queue],
  );

  const rules = useMemo(() => engineRules(ctx.form), [ctx.form]);
  const violations: Violation[] = useMemo(() => {
    try {
      return runValidation(rules, valueLookup(ctx.form.sections, values)).map((v) => ({ ...v, cells: cellsOfReferences(ctx.form.sections, v.references) }));
    } catch {
      // A rule that does not parse is a configuration error the rule editor reports; entry goes on.
      return [];
    }
  }, [rules, ctx.form.sections, values]);

  const ruleCells = useMemo(() => new Set(violations.flatMap((v) => v.cells)), [violations]);
  const refusedCount = state.refused.size;
  const savingCount = [...state.status.values()].filter((s) => s === 'saving').length;

  return { values, cell, commit, saveComment, violations, ruleCells, refusedCount, savingCount, retrying: state.retrying.size > 0, whenIdle: () => queue.whenIdle() };
}

export type Entry = ReturnType<typeof useEntry>;

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

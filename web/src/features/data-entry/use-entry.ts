// The state of one (form, unit, period) being entered: the server's values, the changes
// waiting on this device (the outbox, features/offline: written there first, sent in
// order, kept when the network is down), what the engine or the server refused, the
// conflicts to resolve, each cell's save state, and the per-element and cross-element
// checks — the same engine code the server runs, so what passes here passes there.
import { useCallback, useEffect, useMemo, useReducer, useRef, useSyncExternalStore } from 'react';
import { checkElementValue } from '@shared/engine/validation.ts';
import { runValidation, type ValidationViolation } from '@shared/engine/validation.ts';
import type { NumberLang } from '@shared/engine/numbers.ts';
import { errorText } from '../../components/ErrorAlert';
import { isOnline } from '../../lib/online';
import { outbox } from '../offline/sync';
import type { ValueChange } from '../offline/store';
import type { DataValueView, FormDetail, SaveResult } from './api';
import { retypeValue } from './cell-values';
import { cellKey, cellsOfReferences, elementRules, engineRules, splitCellKey, valueLookup, type CellKey, type FormElement, type ValueMap } from './grid-model';

export type SaveStatus = 'idle' | 'saving' | 'queued' | 'saved' | 'conflict' | 'error';

export interface CellConflict {
  seq: number;
  /** This device's value, canonical. */
  mine: string | null;
  server: DataValueView;
}

export interface CellState {
  /** The canonical value the cell holds now (on this device or confirmed by the server). */
  stored: string | null;
  comment: string | null;
  server: DataValueView | undefined;
  status: SaveStatus;
  /** Typed text the engine or the server refused, kept so the user can fix it. */
  draft: string | null;
  error: string | null;
  /** "1.234" read as one thousand two hundred and thirty-four: what the server understood. */
  note: string | null;
  /** Someone else changed the cell while this device's change waited. */
  conflict: CellConflict | null;
  /** The outbox entry the server refused (to discard it). */
  rejectedSeq: number | null;
}

interface State {
  server: Map<CellKey, DataValueView>;
  /** Typed just now, until the outbox has it and the server confirms. */
  local: Map<CellKey, { stored: string | null; comment?: string | null }>;
  /** Refused by the engine on this device (never queued). */
  refused: Map<CellKey, { draft: string; error: string }>;
  notes: Map<CellKey, string>;
  /** Confirmed a moment ago (the tick fades). */
  saved: Set<CellKey>;
}

type Action =
  | { type: 'load'; values: DataValueView[] }
  | { type: 'local'; key: CellKey; stored: string | null; comment?: string | null }
  | { type: 'refuse'; key: CellKey; draft: string; error: string }
  | { type: 'unrefuse'; key: CellKey }
  | { type: 'synced'; key: CellKey; value: DataValueView; note: string | null }
  | { type: 'dropLocal'; keys: CellKey[] }
  | { type: 'settle'; key: CellKey };

function withMap<K, V>(m: Map<K, V>, key: K, value: V | undefined): Map<K, V> {
  const next = new Map(m);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

function withSet<K>(s: Set<K>, key: K, on: boolean): Set<K> {
  const next = new Set(s);
  if (on) next.add(key);
  else next.delete(key);
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
        saved: withSet(state.saved, action.key, false),
      };
    }
    case 'refuse':
      return { ...state, refused: withMap(state.refused, action.key, { draft: action.draft, error: action.error }) };
    case 'unrefuse':
      return { ...state, refused: withMap(state.refused, action.key, undefined) };
    case 'synced':
      return {
        ...state,
        server: withMap(state.server, action.key, action.value),
        local: withMap(state.local, action.key, undefined),
        saved: withSet(state.saved, action.key, true),
        notes: withMap(state.notes, action.key, action.note ?? undefined),
      };
    case 'dropLocal': {
      const local = new Map(state.local);
      for (const k of action.keys) local.delete(k);
      return { ...state, local };
    }
    case 'settle':
      return { ...state, saved: withSet(state.saved, action.key, false) };
    default:
      return assertNever(action);
  }
}

const initialState = (): State => ({ server: new Map(), local: new Map(), refused: new Map(), notes: new Map(), saved: new Set() });

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
  const box = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  const writes = useRef(new Set<Promise<unknown>>());

  useEffect(() => {
    if (ctx.values) dispatch({ type: 'load', values: ctx.values });
  }, [ctx.values]);

  const elements = useMemo(() => {
    const m = new Map<string, FormElement>();
    for (const s of ctx.form.sections) for (const e of s.elements) m.set(e.dataElementId, e);
    return m;
  }, [ctx.form]);

  // This report's changes waiting on the device (at most one per cell).
  const formId = ctx.form.id;
  const { unitId, period } = ctx;
  const waiting = useMemo(() => {
    const m = new Map<CellKey, ValueChange>();
    for (const e of box.entries) if (e.kind === 'value' && e.formId === formId && e.unitId === unitId && e.period === period) m.set(cellKey(e.dataElementId, e.cocId), e);
    return m;
  }, [box.entries, formId, unitId, period]);

  /** The canonical value of a change as typed (the engine's reading in the language it was typed in). */
  const canonical = useCallback(
    (key: CellKey, e: ValueChange): string | null => {
      if (e.value === null) return null;
      const element = elements.get(splitCellKey(key).dataElementId);
      if (!element) return null;
      const check = checkElementValue(elementRules(element), e.value, e.lang);
      return check.ok ? check.stored : null;
    },
    [elements],
  );

  // The server answered: the confirmed value replaces the local one.
  useEffect(
    () =>
      outbox.onSynced((entry, result) => {
        if (entry.kind !== 'value' || entry.formId !== formId || entry.unitId !== unitId || entry.period !== period) return;
        const r = result as SaveResult;
        const key = cellKey(entry.dataElementId, entry.cocId);
        const a = r.ambiguous;
        const note = a && entry.value ? ctxRef.current.ambiguousNote(entry.value, r.display, a.alternativeDisplay) : null;
        dispatch({ type: 'synced', key, value: r.value, note });
        window.setTimeout(() => dispatch({ type: 'settle', key }), 1800);
      }),
    [formId, unitId, period],
  );

  // A change the server refused or found in conflict is shown from the outbox, not from what was typed.
  useEffect(() => {
    const stale = [...state.local.keys()].filter((k) => {
      const e = waiting.get(k);
      return e !== undefined && e.state !== 'pending';
    });
    if (stale.length > 0) dispatch({ type: 'dropLocal', keys: stale });
  }, [waiting, state.local]);

  // Leaving while a change is still being written to the device would lose it: ask first.
  useEffect(() => {
    const handler = (ev: BeforeUnloadEvent) => {
      if (writes.current.size > 0) ev.preventDefault();
    };
    window.addEventListener('beforeunload', handler);
    return () => window.removeEventListener('beforeunload', handler);
  }, []);

  const values: ValueMap = useMemo(() => {
    const m = new Map<CellKey, string | null>();
    for (const [k, v] of state.server) m.set(k, v.value);
    for (const [k, e] of waiting) if (e.state !== 'rejected') m.set(k, canonical(k, e));
    for (const [k, v] of state.local) m.set(k, v.stored);
    return m;
  }, [state.server, state.local, waiting, canonical]);

  const offline = box.waitingForNetwork || !isOnline();

  const cell = useCallback(
    (key: CellKey): CellState => {
      const server = state.server.get(key);
      const local = state.local.get(key);
      const e = waiting.get(key);
      const refused = state.refused.get(key);
      let status: SaveStatus = 'idle';
      if (refused || e?.state === 'rejected') status = 'error';
      else if (e?.state === 'conflict') status = 'conflict';
      else if (e) status = box.sending === e.seq || !offline ? 'saving' : 'queued';
      else if (local) status = 'saving';
      else if (state.saved.has(key)) status = 'saved';
      const waitingValue = e && e.state !== 'rejected' ? { stored: canonical(key, e), comment: e.comment } : undefined;
      const current = local ?? waitingValue;
      return {
        stored: current ? current.stored : (server?.value ?? null),
        comment: current && current.comment !== undefined ? current.comment : (server?.comment ?? null),
        server,
        status,
        draft: refused?.draft ?? (e?.state === 'rejected' ? (e.value ?? '') : null),
        error: refused?.error ?? (e?.state === 'rejected' ? (e.error?.message ?? null) : null),
        note: state.notes.get(key) ?? null,
        conflict: e?.state === 'conflict' && e.server ? { seq: e.seq!, mine: canonical(key, e), server: e.server } : null,
        rejectedSeq: e?.state === 'rejected' ? e.seq! : null,
      };
    },
    [state, waiting, box.sending, offline, canonical],
  );

  const push = useCallback(
    (key: CellKey, change: { value: string | null; comment?: string | null }) => {
      const { dataElementId, cocId } = splitCellKey(key);
      const c = ctxRef.current;
      const baseVersion = state.server.get(key)?.version ?? 0;
      const write = outbox
        .pushValue({ formId: c.form.id, unitId: c.unitId, period: c.period, dataElementId, cocId, value: change.value, lang: c.lang, baseVersion, ...(change.comment !== undefined ? { comment: change.comment } : {}) })
        .catch((err: unknown) => dispatch({ type: 'refuse', key, draft: change.value ?? '', error: errorText(err, 'Error') }))
        .finally(() => writes.current.delete(write));
      writes.current.add(write);
    },
    [state.server],
  );

  /** Commits typed text: checked by the engine first, then kept on the device and sent; returns the refusal message, if any. */
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
      if (check.stored === current.stored && current.error && current.rejectedSeq === null) {
        // Back to what is saved: nothing to send.
        dispatch({ type: 'unrefuse', key });
        return null;
      }
      dispatch({ type: 'local', key, stored: check.stored });
      push(key, { value: text.trim() === '' ? null : text });
      return null;
    },
    [cell, elements, push],
  );

  const saveComment = useCallback(
    (key: CellKey, comment: string | null) => {
      const element = elements.get(splitCellKey(key).dataElementId);
      if (!element) return;
      const current = cell(key);
      const normalised = comment?.normalize('NFC').trim() || null;
      dispatch({ type: 'local', key, stored: current.stored, comment: normalised });
      push(key, { value: retypeValue(element.valueType, current.stored, ctxRef.current.lang), comment: normalised });
    },
    [cell, elements, push],
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
  const rejected = [...waiting.values()].filter((e) => e.state === 'rejected');
  const conflicts = [...waiting.entries()].filter(([, e]) => e.state === 'conflict').map(([k]) => k);
  const pending = [...waiting.values()].filter((e) => e.state === 'pending').length;
  const refusedCount = new Set([...state.refused.keys(), ...rejected.map((e) => cellKey(e.dataElementId, e.cocId))]).size;
  const savingCount = offline ? 0 : pending + [...state.local.keys()].filter((k) => !waiting.has(k)).length;
  const queuedCount = offline ? pending : 0;

  return {
    values,
    cell,
    commit,
    saveComment,
    violations,
    ruleCells,
    refusedCount,
    savingCount,
    queuedCount,
    conflicts,
    rejected,
    offline,
    /** Every change typed so far is on the device (in the outbox, which sends in order). */
    whenIdle: async () => {
      await Promise.all([...writes.current]);
    },
  };
}

export type Entry = ReturnType<typeof useEntry>;

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

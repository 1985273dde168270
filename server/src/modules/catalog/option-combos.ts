// Category option combinations: the cartesian product of a combination's categories
// ("H'Mông, Nữ" for ETHNIC × SEX), and how to bring the stored rows in line with it.
// Rows are matched by their options, so an id, once given, always means the same
// options: renaming an option renames the row, a new option adds rows, and a row whose
// options no longer all exist is marked inactive, never deleted (data will point at it).

export interface OptionForCombo {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface CategoryForCombo {
  code: string;
  /** In display order. */
  options: OptionForCombo[];
}

export interface GeneratedOptionCombo {
  optionIds: string[];
  code: string;
  nameVi: string;
  nameEn: string | null;
  sortOrder: number;
}

export interface StoredOptionCombo {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string | null;
  optionIds: string[];
  sortOrder: number;
  active: boolean;
}

export const DEFAULT_OPTION_COMBO: Omit<GeneratedOptionCombo, 'sortOrder'> = { optionIds: [], code: 'DEFAULT', nameVi: 'Mặc định', nameEn: 'Default' };

/** The product in category order; the default combination (no categories) has one row. */
export function generateOptionCombos(categories: CategoryForCombo[]): GeneratedOptionCombo[] {
  let rows: OptionForCombo[][] = [[]];
  for (const category of categories) {
    rows = rows.flatMap((prefix) => category.options.map((option) => [...prefix, option]));
  }
  if (categories.length === 0) return [{ ...DEFAULT_OPTION_COMBO, sortOrder: 0 }];
  return rows.map((options, i) => ({
    optionIds: options.map((o) => o.id),
    code: options.map((o) => o.code).join('_'),
    nameVi: options.map((o) => o.nameVi).join(', '),
    nameEn: options.map((o) => o.nameEn ?? o.nameVi).join(', '),
    sortOrder: i,
  }));
}

/** Codes produced twice ('A_B' + 'C' and 'A' + 'B_C'): such a combination cannot be referenced unambiguously. */
export function duplicateCodes(rows: GeneratedOptionCombo[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.code)) dup.add(r.code);
    seen.add(r.code);
  }
  return [...dup];
}

export interface OptionComboPlan {
  insert: GeneratedOptionCombo[];
  update: (GeneratedOptionCombo & { id: string })[];
  /** Rows whose options no longer form part of the product. */
  deactivate: StoredOptionCombo[];
  /** Retired rows whose code a live row now needs: renamed first (see retiredCode). */
  rename: { id: string; code: string }[];
}

const key = (ids: string[]) => ids.join(',');

export function planOptionCombos(generated: GeneratedOptionCombo[], stored: StoredOptionCombo[]): OptionComboPlan {
  const byOptions = new Map(stored.map((s) => [key(s.optionIds), s]));
  const plan: OptionComboPlan = { insert: [], update: [], deactivate: [], rename: [] };
  const matched = new Set<string>();
  for (const g of generated) {
    const current = byOptions.get(key(g.optionIds));
    if (!current) {
      plan.insert.push(g);
      continue;
    }
    matched.add(current.id);
    const same = current.active && current.code === g.code && current.nameVi === g.nameVi && current.nameEn === g.nameEn && current.sortOrder === g.sortOrder;
    if (!same) plan.update.push({ ...g, id: current.id });
  }
  const retired = stored.filter((s) => !matched.has(s.id));
  plan.deactivate = retired.filter((s) => s.active);
  const liveCodes = new Set(generated.map((g) => g.code));
  plan.rename = retired.filter((s) => liveCodes.has(s.code)).map((s) => ({ id: s.id, code: retiredCode(s) }));
  return plan;
}

/**
 * A retired row keeps its code unless a live row needs it; then it is renamed out of
 * the way (codes are unique per combination, and live rows are what expressions name).
 */
export function retiredCode(row: Pick<StoredOptionCombo, 'id' | 'code'>): string {
  return `${row.code}_X${row.id}`;
}

// What to analyse: data items (indicators, data elements, reporting and on-time rates of
// the forms), periods (relative ones and fixed years, halves, quarters, months), units
// (the caller's own, their children, any unit from the tree, every unit of a level, a
// group) and categories (ethnic group, sex…). Searches ignore diacritics.
import { useQuery } from '@tanstack/react-query';
import { Checkbox, Select, Tag, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addPeriods, periodContaining, periodLabel, RELATIVE_PERIODS, type PeriodType } from '@shared/engine/periods.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { UiLang } from '../../lib/format';
import { analyticsKeys, listCategories, listDataElements, listForms, listGroups, listIndicators, listUnitChildren } from './api';

const pick = (vi: string, en: string | null | undefined, lang: UiLang) => (lang === 'en' ? (en ?? vi) : vi);

interface Option {
  value: string;
  label: string;
  search: string;
}
/** Matches an option's folded text (no diacritics, đ → d) against every typed word. */
export const filterOption = (input: string, option?: Option | { options?: Option[] }) => {
  if (!option || !('search' in option)) return false;
  const q = foldVietnamese(input);
  return q.split(' ').every((w) => option.search.includes(w));
};

export function DataPicker({ value, onChange, lang }: { value: string[]; onChange: (v: string[]) => void; lang: UiLang }) {
  const { t } = useTranslation();
  const indicators = useQuery({ queryKey: analyticsKeys.indicators, queryFn: ({ signal }) => listIndicators(signal), staleTime: 5 * 60_000 });
  const elements = useQuery({ queryKey: analyticsKeys.elements, queryFn: ({ signal }) => listDataElements(signal), staleTime: 5 * 60_000 });
  const forms = useQuery({ queryKey: analyticsKeys.forms, queryFn: ({ signal }) => listForms(signal), staleTime: 5 * 60_000 });
  const options = useMemo(() => {
    const opt = (value: string, code: string, name: string): Option => ({ value, label: `${name} (${code})`, search: foldVietnamese(`${code} ${name}`) });
    const formList = forms.data?.items ?? [];
    return [
      { label: t('analytics.data.indicators'), title: 'in', options: (indicators.data?.items ?? []).map((i) => opt(`in:${i.code}`, i.code, pick(i.nameVi, i.nameEn, lang))) },
      { label: t('analytics.data.elements'), title: 'de', options: (elements.data?.items ?? []).filter((e) => e.valueType === 'integer' || e.valueType === 'number' || e.valueType === 'percentage').map((e) => opt(`de:${e.code}`, e.code, pick(e.nameVi, e.nameEn, lang))) },
      { label: t('analytics.data.reportingRates'), title: 'cr', options: formList.map((f) => opt(`cr:${f.code}`, f.code, `${t('analytics.data.reportingRate')} — ${pick(f.nameVi, f.nameEn, lang)}`)) },
      { label: t('analytics.data.onTimeRates'), title: 'crt', options: formList.map((f) => opt(`crt:${f.code}`, f.code, `${t('analytics.data.onTimeRate')} — ${pick(f.nameVi, f.nameEn, lang)}`)) },
    ].filter((g) => g.options.length > 0);
  }, [indicators.data, elements.data, forms.data, lang, t]);
  return (
    <Select<string[], Option>
      mode="multiple"
      value={value}
      onChange={onChange}
      options={options as never}
      loading={indicators.isLoading || elements.isLoading}
      placeholder={t('analytics.data.placeholder')}
      aria-label={t('analytics.dims.dx')}
      data-testid="pick-data"
      showSearch={{ filterOption: filterOption as never }}
      maxTagCount="responsive"
      style={{ width: '100%' }}
      allowClear
    />
  );
}

/** Relative periods, then the fixed years, halves, quarters and months of recent years. */
export function periodOptions(now: Date, lang: UiLang, relativeLabel: (code: string) => string, groupLabel: (type: PeriodType | 'relative') => string) {
  const back = (type: PeriodType, n: number) => {
    const current = periodContaining(type, now);
    return Array.from({ length: n }, (_, i) => addPeriods(current, -i));
  };
  const fixed = (type: PeriodType, n: number) => ({
    label: groupLabel(type),
    title: type,
    options: back(type, n).map((p) => ({ value: p, label: periodLabel(p, lang), search: foldVietnamese(`${p} ${periodLabel(p, lang)}`) })),
  });
  return [
    { label: groupLabel('relative'), title: 'relative', options: RELATIVE_PERIODS.map((r) => ({ value: r, label: relativeLabel(r), search: foldVietnamese(relativeLabel(r)) })) },
    fixed('year', 8),
    fixed('sixMonth', 8),
    fixed('quarter', 16),
    fixed('month', 24),
  ];
}

export function PeriodPicker({ value, onChange, lang }: { value: string[]; onChange: (v: string[]) => void; lang: UiLang }) {
  const { t } = useTranslation();
  const now = useMemo(() => new Date(), []);
  const options = useMemo(
    () =>
      periodOptions(
        now,
        lang,
        (r) => t(`analytics.relative.${r}`),
        (g) => t(`analytics.periodGroups.${g}`),
      ),
    [now, lang, t],
  );
  // A period the lists no longer offer (an old bookmark) still shows its name.
  const known = new Set(options.flatMap((g) => g.options.map((o) => o.value)));
  const extra = value
    .filter((v) => !known.has(v))
    .map((v) => {
      let label = v;
      try {
        label = periodLabel(v, lang);
      } catch {
        /* not a period code: shown as is */
      }
      return { value: v, label, search: foldVietnamese(label) };
    });
  return (
    <Select<string[], Option>
      mode="multiple"
      value={value}
      onChange={onChange}
      options={[...options, ...(extra.length ? [{ label: t('analytics.periodGroups.other'), title: 'other', options: extra }] : [])] as never}
      placeholder={t('analytics.periodPlaceholder')}
      aria-label={t('analytics.dims.pe')}
      data-testid="pick-periods"
      showSearch={{ filterOption: filterOption as never }}
      maxTagCount="responsive"
      style={{ width: '100%' }}
    />
  );
}

interface TreeNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

const SPECIAL = /^(USER_ORGUNIT|USER_ORGUNIT_CHILDREN|LEVEL-|GROUP-|CHILDREN-)/;

/**
 * The unit items: "my units" and "their children" switches, units from the tree (loaded
 * a level at a time), a level, a group. Together they make the request's `ou` list.
 */
export function UnitPicker({
  value,
  onChange,
  hierarchy,
  names,
}: {
  value: string[];
  onChange: (v: string[]) => void;
  hierarchy: '2025' | 'pre2025';
  /** Names known from the last answer, for units not loaded in the tree. */
  names: Record<string, string>;
}) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Record<string, TreeNode[]>>({});
  const roots = useQuery({
    queryKey: analyticsKeys.units(hierarchy, null),
    queryFn: ({ signal }) => listUnitChildren(hierarchy, null, signal),
    staleTime: 5 * 60_000,
  });
  const groups = useQuery({ queryKey: analyticsKeys.groups, queryFn: ({ signal }) => listGroups(signal), staleTime: 5 * 60_000 });

  const toNode = (u: { id: string; name: string; childCount: number }, pId: string | null): TreeNode => ({ id: u.id, pId, value: u.id, title: u.name, isLeaf: u.childCount === 0 });
  const treeData = useMemo(() => {
    const top = (roots.data?.items ?? []).map((u) => toNode(u, null));
    return [...top, ...Object.values(nodes).flat()];
  }, [roots.data, nodes]);
  const nodeNames = useMemo(() => Object.fromEntries(treeData.map((n) => [n.value, n.title])), [treeData]);

  const explicit = value.filter((v) => !SPECIAL.test(v));
  const levels = value.filter((v) => v.startsWith('LEVEL-'));
  const groupItems = value.filter((v) => v.startsWith('GROUP-'));
  const children = value.filter((v) => v.startsWith('CHILDREN-'));
  const set = (parts: { mine?: boolean; mineChildren?: boolean; explicit?: string[]; levels?: string[]; groups?: string[] }) => {
    const mine = parts.mine ?? value.includes('USER_ORGUNIT');
    const mineChildren = parts.mineChildren ?? value.includes('USER_ORGUNIT_CHILDREN');
    onChange([
      ...(mine ? ['USER_ORGUNIT'] : []),
      ...(mineChildren ? ['USER_ORGUNIT_CHILDREN'] : []),
      ...children,
      ...(parts.explicit ?? explicit),
      ...(parts.levels ?? levels),
      ...(parts.groups ?? groupItems),
    ]);
  };

  return (
    <div className="an-units">
      <div className="an-units-checks">
        <Checkbox checked={value.includes('USER_ORGUNIT')} onChange={(e) => set({ mine: e.target.checked })} data-testid="pick-unit-mine">
          {t('analytics.units.mine')}
        </Checkbox>
        <Checkbox checked={value.includes('USER_ORGUNIT_CHILDREN')} onChange={(e) => set({ mineChildren: e.target.checked })} data-testid="pick-unit-children">
          {t('analytics.units.mineChildren')}
        </Checkbox>
      </div>
      {children.length > 0 ? (
        <div className="an-units-checks" data-testid="pick-unit-drilled">
          {children.map((c) => {
            const id = c.slice('CHILDREN-'.length);
            return (
              <Tag key={c} closable color="green" onClose={() => onChange(value.filter((v) => v !== c).length > 0 ? value.filter((v) => v !== c) : ['USER_ORGUNIT_CHILDREN'])}>
                {t('analytics.units.childrenOf', { name: names[id] ?? id })}
              </Tag>
            );
          })}
        </div>
      ) : null}
      <TreeSelect
        treeDataSimpleMode
        treeData={treeData}
        multiple
        labelInValue
        value={explicit.map((id) => ({ value: id, label: nodeNames[id] ?? names[id] ?? id }))}
        onChange={(v: { value: string }[]) => set({ explicit: v.map((x) => x.value) })}
        loadData={async (node) => {
          const id = String(node.value);
          if (nodes[id]) return;
          const res = await listUnitChildren(hierarchy, id);
          setNodes((n) => ({ ...n, [id]: res.items.map((u) => toNode(u, id)) }));
        }}
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={t('analytics.units.pick')}
        aria-label={t('analytics.units.pick')}
        data-testid="pick-units"
        style={{ width: '100%' }}
        maxTagCount="responsive"
        allowClear
      />
      <div className="an-units-row">
        <Select<string[]>
          mode="multiple"
          value={levels}
          onChange={(v) => set({ levels: v })}
          options={(['province', 'district', 'commune', 'village'] as const).map((k) => ({ value: `LEVEL-${k}`, label: t(`analytics.units.level.${k}`) }))}
          placeholder={t('analytics.units.levels')}
          aria-label={t('analytics.units.levels')}
          data-testid="pick-unit-levels"
          style={{ flex: 1, minWidth: 140 }}
          maxTagCount="responsive"
        />
        <Select<string[]>
          mode="multiple"
          value={groupItems}
          onChange={(v) => set({ groups: v })}
          options={(groups.data?.items ?? []).map((g) => ({ value: `GROUP-${g.code}`, label: g.name }))}
          placeholder={t('analytics.units.groups')}
          aria-label={t('analytics.units.groups')}
          data-testid="pick-unit-groups"
          style={{ flex: 1, minWidth: 140 }}
          maxTagCount="responsive"
          optionFilterProp="label"
        />
      </div>
    </div>
  );
}

export function CategoryPicker({ value, onChange, lang }: { value: string[]; onChange: (v: string[]) => void; lang: UiLang }) {
  const { t } = useTranslation();
  const categories = useQuery({ queryKey: analyticsKeys.categories, queryFn: ({ signal }) => listCategories(signal), staleTime: 5 * 60_000 });
  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={(v) => onChange(v.slice(0, 3))}
      options={(categories.data?.items ?? []).map((c) => ({ value: c.code, label: pick(c.nameVi, c.nameEn, lang) }))}
      placeholder={t('analytics.categoriesPlaceholder')}
      aria-label={t('analytics.categories')}
      data-testid="pick-categories"
      style={{ width: '100%' }}
      optionFilterProp="label"
      maxTagCount="responsive"
      allowClear
    />
  );
}

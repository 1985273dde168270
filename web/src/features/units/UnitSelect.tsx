// Picking units by typing: a search select against /api/units?q= (the server ignores
// diacritics). Without a search it offers the user's own roots. Options read
// "Xã Ia Grai — Tỉnh Gia Lai" so same-named communes can be told apart.
import { useQuery } from '@tanstack/react-query';
import { Empty, Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../lib/hooks';
import { listUnits, unitKeys, type Hierarchy, type UnitSummary } from './api';

interface Option {
  value: string;
  label: string;
  path: string;
}

const toOption = (u: Pick<UnitSummary, 'id' | 'fullName' | 'path'>): Option => ({ value: u.id, label: u.fullName, path: (u.path ?? []).join(' › ') });

type Props = {
  hierarchy?: Hierarchy;
  placeholder?: string;
  'data-testid'?: string;
  id?: string;
  status?: '' | 'error' | 'warning';
  /** Units already known (e.g. the current selection), so their names show at once. */
  known?: Pick<UnitSummary, 'id' | 'fullName' | 'path'>[];
} & ({ multiple?: false; value?: string; onChange?: (v: string | undefined) => void } | { multiple: true; value?: string[]; onChange?: (v: string[]) => void });

export function UnitSelect(props: Props) {
  const { t } = useTranslation();
  const { hierarchy = '2025' } = props;
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const query = q ? { hierarchy, q, limit: 30 } : { hierarchy, limit: 50 };
  const { data, isFetching } = useQuery({ queryKey: unitKeys.list(query), queryFn: ({ signal }) => listUnits(query, signal), placeholderData: (prev) => prev });
  // Remember every unit seen, so a chosen value keeps its name when the results change.
  const [seen, setSeen] = useState<Record<string, Option>>({});
  const options = useMemo(() => (data?.items ?? []).map(toOption), [data]);
  const known = useMemo(() => {
    const m: Record<string, Option> = { ...seen };
    for (const u of props.known ?? []) m[u.id] = toOption(u);
    return m;
  }, [seen, props.known]);

  const selected = props.multiple ? (props.value ?? []) : props.value ? [props.value] : [];
  const merged = [...options];
  for (const id of selected) if (!merged.some((o) => o.value === id) && known[id]) merged.push(known[id]);

  const remember = (ids: string[]) => {
    const add = options.filter((o) => ids.includes(o.value));
    if (add.length) setSeen((s) => ({ ...s, ...Object.fromEntries(add.map((o) => [o.value, o])) }));
  };

  const common = {
    id: props.id,
    'data-testid': props['data-testid'],
    status: props.status,
    placeholder: props.placeholder ?? t('units.pickPlaceholder'),
    options: merged,
    virtual: false,
    allowClear: true,
    style: { width: '100%' },
    showSearch: { filterOption: false, onSearch: setSearch, searchValue: search, autoClearSearchValue: true },
    optionRender: (o: { data: Option }) => (
      <div className="ts-unit-option">
        <div>{o.data.label}</div>
        {o.data.path ? <div className="ts-unit-option-path">{o.data.path}</div> : null}
      </div>
    ),
    notFoundContent: isFetching ? <Spin size="small" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.noResults')} />,
    onOpenChange: (open: boolean) => {
      if (!open) setSearch('');
    },
  };

  if (props.multiple)
    return (
      <Select<string[], Option>
        {...common}
        mode="multiple"
        value={props.value}
        onChange={(v) => {
          remember(v);
          props.onChange?.(v);
        }}
      />
    );
  return (
    <Select<string, Option>
      {...common}
      value={props.value}
      onChange={(v) => {
        if (v) remember([v]);
        setSearch('');
        props.onChange?.(v);
      }}
    />
  );
}

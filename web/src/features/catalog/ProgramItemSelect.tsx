// Picking an item of the program tree (project, sub-project or content).
import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, getProgram, nameOf, type ProgramNode } from './api';

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}
const toOptions = (nodes: ProgramNode[], lang: 'vi' | 'en'): TreeOption[] => nodes.map((n) => ({ value: n.id, title: `${n.code} — ${nameOf(n, lang)}`, children: toOptions(n.children, lang) }));

export function ProgramItemSelect({ value, onChange, id, placeholder, className }: { value?: string | null; onChange?: (v: string | null) => void; id?: string; placeholder?: string; className?: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, isPending } = useQuery({ queryKey: catalogKeys.program, queryFn: getProgram });
  return (
    <TreeSelect
      id={id}
      className={className}
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      loading={isPending}
      treeData={data ? toOptions(data.items, lang) : []}
      placeholder={placeholder ?? t('catalog.pickProgramItem')}
      popupMatchSelectWidth={false}
    />
  );
}

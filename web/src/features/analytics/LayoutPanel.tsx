// The layout: each dimension is a chip in Rows, Columns or Filters, dragged between them
// (HTML5 drag and drop: dropped on a chip it goes before it, on the area at the end).
// Every chip also has a menu doing the same from the keyboard: move to another area,
// earlier or later.
import { HolderOutlined, MoreOutlined } from '@ant-design/icons';
import { Button, Dropdown, type MenuProps } from 'antd';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AXES, moveDimension, shiftDimension, type Axis, type Layout } from './analytics-state';

const MIME = 'application/x-truongson-dimension';

export function LayoutPanel({ layout, names, onChange }: { layout: Layout; names: Record<string, string>; onChange: (next: Layout) => void }) {
  const { t } = useTranslation();
  const [over, setOver] = useState<Axis | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);

  const dimFrom = (e: DragEvent) => e.dataTransfer.getData(MIME) || e.dataTransfer.getData('text/plain');

  const drop = (e: DragEvent, axis: Axis, before: string | null) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(null);
    setDragging(null);
    const dim = dimFrom(e);
    if (!dim || dim === before || !names[dim]) return;
    onChange(moveDimension(layout, dim, axis, before));
  };

  const menu = (dim: string, axis: Axis): MenuProps => {
    const at = layout[axis].indexOf(dim);
    return {
      items: [
        ...AXES.filter((a) => a !== axis).map((a) => ({ key: `to-${a}`, label: t('analytics.moveTo', { axis: t(`analytics.axes.${a}`) }) })),
        { type: 'divider' as const },
        { key: 'earlier', label: t('analytics.moveEarlier'), disabled: at === 0 },
        { key: 'later', label: t('analytics.moveLater'), disabled: at === layout[axis].length - 1 },
      ],
      onClick: ({ key }) => {
        if (key === 'earlier') onChange(shiftDimension(layout, dim, -1));
        else if (key === 'later') onChange(shiftDimension(layout, dim, 1));
        else onChange(moveDimension(layout, dim, key.slice(3) as Axis));
      },
    };
  };

  return (
    <div className="an-layout" data-testid="layout-panel">
      {AXES.map((axis) => (
        <div
          key={axis}
          className={`an-axis${over === axis ? ' an-axis-over' : ''}`}
          data-testid={`layout-${axis}`}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            if (over !== axis) setOver(axis);
          }}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
          }}
          onDrop={(e) => drop(e, axis, null)}
        >
          <div className="an-axis-title">{t(`analytics.axes.${axis}`)}</div>
          <div className="an-axis-chips">
            {layout[axis].length === 0 ? <span className="an-axis-empty">{t('analytics.dropHere')}</span> : null}
            {layout[axis].map((dim) => (
              <span
                key={dim}
                className={`an-chip${dragging === dim ? ' an-chip-dragging' : ''}`}
                draggable
                data-testid={`dim-${dim}`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(MIME, dim);
                  e.dataTransfer.setData('text/plain', dim);
                  e.dataTransfer.effectAllowed = 'move';
                  setDragging(dim);
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setOver(null);
                }}
                onDrop={(e) => drop(e, axis, dim)}
              >
                <HolderOutlined className="an-chip-grip" aria-hidden />
                <span className="an-chip-name">{names[dim] ?? dim}</span>
                <Dropdown menu={menu(dim, axis)} trigger={['click']}>
                  <Button type="text" size="small" className="an-chip-menu" icon={<MoreOutlined />} aria-label={t('analytics.moveDimension', { name: names[dim] ?? dim })} data-testid={`dim-menu-${dim}`} />
                </Dropdown>
              </span>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

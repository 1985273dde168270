// The pivot table: a plain HTML table (antd's table cannot nest row headers with spans)
// whose column headers stick to the top and row headers to the left while scrolling,
// totals in bold, each cell coloured against its target with the legend under it, a
// click on a column's bottom header sorting by it, and a unit with units below opening
// them (drill-down).
import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UiLang } from '../../lib/format';
import { dimensionName, formatValue, type HeaderCell, type Meta, type PivotLabels, type PivotMatrix } from './pivot-model';

export interface PivotTableProps {
  matrix: PivotMatrix;
  meta: Meta;
  labels: PivotLabels;
  lang: UiLang;
  sort?: { by: string; direction: 'asc' | 'desc' } | null;
  onSort?: (sort: { by: string; direction: 'asc' | 'desc' } | null) => void;
  onDrill?: (unitId: string) => void;
  compact?: boolean;
  /** Limit the height (a dashboard item); the page lets the table grow with the window. */
  maxHeight?: number | string;
  testId?: string;
}

export function PivotTable({ matrix, meta, labels, lang, sort, onSort, onDrill, compact, maxHeight, testId = 'pivot' }: PivotTableProps) {
  const { t } = useTranslation();
  const headerWidth = compact ? 128 : 200;
  const levels = matrix.columnHeaders.length;
  const rowHeaderCount = Math.max(1, matrix.rowDims.length);

  const nextSort = (key: string) => {
    if (!onSort) return;
    if (!sort || sort.by !== key) onSort({ by: key, direction: 'desc' });
    else if (sort.direction === 'desc') onSort({ by: key, direction: 'asc' });
    else onSort(null);
  };

  const columnHeader = (c: HeaderCell, level: number) => {
    const sortable = c.leafKey !== undefined && onSort && matrix.rowDims.length > 0;
    const active = sortable && sort && sort.by === c.leafKey ? sort.direction : null;
    return (
      <th
        key={c.key}
        colSpan={c.span}
        rowSpan={c.depth}
        scope={c.span > 1 ? 'colgroup' : 'col'}
        className={`an-col-head${c.total ? ' an-total' : ''}${sortable ? ' an-sortable' : ''}`}
        aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : undefined}
        data-testid={level === levels - 1 || c.leafKey !== undefined ? `pivot-col-${c.leafKey ?? c.key}` : undefined}
        onClick={sortable ? () => nextSort(c.leafKey!) : undefined}
        onKeyDown={sortable ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), nextSort(c.leafKey!)) : undefined}
        tabIndex={sortable ? 0 : undefined}
        title={sortable ? t('analytics.sortHint') : undefined}
      >
        <span className="an-col-label">{c.label}</span>
        {active === 'desc' ? <CaretDownOutlined className="an-sort-icon" /> : active === 'asc' ? <CaretUpOutlined className="an-sort-icon" /> : null}
      </th>
    );
  };

  const rowHeader = (h: HeaderCell, i: number) => {
    const unit = h.drillUnit ? meta.ou[h.drillUnit] : undefined;
    return (
      <th
        key={h.key}
        scope="row"
        rowSpan={h.span}
        colSpan={h.depth}
        className={`an-row-head${h.total ? ' an-total' : ''}`}
        style={{ left: i * headerWidth, width: headerWidth * h.depth, minWidth: headerWidth * h.depth, maxWidth: headerWidth * h.depth }}
      >
        {h.drillUnit && onDrill ? (
          <Tooltip title={t('analytics.drillHint', { name: h.label })} mouseEnterDelay={0.6}>
            <a role="button" tabIndex={0} className="an-drill" data-testid={`pivot-drill-${unit?.code ?? h.drillUnit}`} onClick={() => onDrill(h.drillUnit!)} onKeyDown={(e) => e.key === 'Enter' && onDrill(h.drillUnit!)}>
              {h.label}
            </a>
          </Tooltip>
        ) : (
          h.label
        )}
      </th>
    );
  };

  return (
    <div className="an-pivot-wrap">
      <div className="an-pivot-scroll" style={maxHeight !== undefined ? { maxHeight } : undefined} data-testid={testId} tabIndex={0} role="region" aria-label={t('analytics.table')}>
        <table className={`an-pivot${compact ? ' an-compact' : ''}`}>
          <thead>
            {matrix.columnHeaders.map((row, level) => (
              <tr key={level}>
                {level === 0
                  ? Array.from({ length: rowHeaderCount }, (_, i) => (
                      <th key={`corner-${i}`} rowSpan={levels} className="an-corner" style={{ left: i * headerWidth, width: headerWidth, minWidth: headerWidth, maxWidth: headerWidth }}>
                        {matrix.rowDims[i] ? dimensionName(matrix.rowDims[i], meta, labels) : ''}
                      </th>
                    ))
                  : null}
                {row.map((c) => columnHeader(c, level))}
              </tr>
            ))}
          </thead>
          <tbody>
            {matrix.rows.map((r) => (
              <tr key={r.key} className={r.total ? 'an-total-row' : undefined} data-testid={`pivot-row-${r.tuple.map((x) => meta.ou[x]?.code ?? x).join('-') || 'value'}`}>
                {matrix.rowDims.length === 0 ? (
                  <th scope="row" className="an-row-head" style={{ left: 0, width: headerWidth, minWidth: headerWidth }}>
                    {labels.value}
                  </th>
                ) : (
                  r.headers.map((h, i) => (h ? rowHeader(h, i) : null))
                )}
                {r.cells.map((c) => (
                  <td
                    key={c.key}
                    className={`an-cell${c.total ? ' an-total' : ''}${c.status ? ` an-${c.status}` : ''}`}
                    title={c.target !== undefined ? `${t('analytics.target')}: ${formatValue(c.target, 2, lang)}` : undefined}
                  >
                    {c.text}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matrix.hasTargets ? <TargetLegend /> : null}
    </div>
  );
}

export function TargetLegend() {
  const { t } = useTranslation();
  return (
    <div className="an-legend" data-testid="pivot-legend">
      <span className="an-legend-title">{t('analytics.legend')}:</span>
      <span className="an-legend-item">
        <i className="an-swatch an-meeting" /> {t('analytics.status.meeting')}
      </span>
      <span className="an-legend-item">
        <i className="an-swatch an-near" /> {t('analytics.status.near')}
      </span>
      <span className="an-legend-item">
        <i className="an-swatch an-below" /> {t('analytics.status.below')}
      </span>
    </div>
  );
}

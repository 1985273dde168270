// A read-only preview of how the form lays out for data entry: per section, rows of
// elements × columns of their disaggregation cells. Consecutive elements with the same
// cells share one header, as on the printed form.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { formName, type FormDetail, type FormElement } from './api';

interface Group {
  key: string;
  columns: FormElement['columns'];
  elements: FormElement[];
}

function groupByColumns(elements: FormElement[]): Group[] {
  const groups: Group[] = [];
  for (const e of elements) {
    const key = e.columns.map((c) => c.id).join(',');
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.elements.push(e);
    else groups.push({ key, columns: e.columns, elements: [e] });
  }
  return groups;
}

/** Fixed column widths (number, name, unit, cells) so every group's rows line up. */
function tableWidth(cells: number, narrow: boolean): number {
  return 44 + (narrow ? 170 : 300) + 90 + 76 * cells;
}

export function FormGridPreview({ form }: { form: FormDetail }) {
  const { t } = useTranslation();
  const narrow = useIsMobile();
  const lang = useUiLanguage();
  if (form.sections.length === 0) return <Typography.Text type="secondary">{t('formsAdmin.noSections')}</Typography.Text>;
  let row = 0;
  return (
    <div className="ts-stack" data-testid="form-grid-preview">
      {form.sections.map((s) => (
        <div key={s.id}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {formName(s, lang)}
          </Typography.Title>
          {s.elements.length === 0 ? (
            <Typography.Text type="secondary">{t('formsAdmin.noElements')}</Typography.Text>
          ) : (
            <div className="ts-grid-preview">
              {groupByColumns(s.elements).map((g) => {
                const single = g.columns.length <= 1;
                return (
                  <table key={`${s.id}:${g.elements[0].dataElementId}`} style={{ width: tableWidth(single ? 1 : g.columns.length, narrow) }}>
                    <tbody>
                      <tr>
                        <th className="ts-grid-no">{t('formsAdmin.grid.no')}</th>
                        <th className="ts-grid-name" style={{ textAlign: 'left' }}>
                          {t('formsAdmin.grid.element')}
                        </th>
                        <th className="ts-grid-uom">{t('formsAdmin.grid.unit')}</th>
                        {single ? <th className="ts-grid-col">{t('formsAdmin.grid.value')}</th> : g.columns.map((c) => <th key={c.id} className="ts-grid-col">{formName(c, lang)}</th>)}
                      </tr>
                      {g.elements.map((e) => {
                        row += 1;
                        return (
                          <tr key={e.dataElementId} data-testid="form-grid-row">
                            <td className="ts-grid-no">{row}</td>
                            <td className="ts-grid-name">
                              {formName(e, lang)}
                              {e.required ? (
                                <Typography.Text type="danger" title={t('formsAdmin.grid.required')}>
                                  {' '}
                                  *
                                </Typography.Text>
                              ) : null}
                              <div className="ts-small" style={{ color: '#8c8c8c' }}>
                                <span className="ts-mono">{e.code}</span> · {t(`catalog.valueTypes.${e.valueType}`)}
                              </div>
                            </td>
                            <td className="ts-grid-uom">{e.unitOfMeasureVi ?? ''}</td>
                            {(single ? [g.columns[0] ?? { id: 'value' }] : g.columns).map((c) => (
                              <td key={c.id} className="ts-grid-cell" />
                            ))}
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                );
              })}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

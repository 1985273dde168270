// Creating or editing a work: name, project, unit (commune or province), implementing
// agency, dates, stage, physical progress, total investment, and its point picked on a
// small map centred on the unit (its recorded point or the works already placed there).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Col, DatePicker, Form, Input, InputNumber, Row, Select, Slider, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../lib/forms';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { ProgramItemSelect } from '../catalog/ProgramItemSelect';
import { UnitSelect } from '../units/UnitSelect';
import { createWork, getGeojson, investmentKeys, type LonLat, STAGES, unitCentre, updateWork, vnYear, type WorkDetail, type WorkInput, type WorkStage } from './api';
import { WorkMap } from './WorkMap';

interface Values {
  code?: string;
  name: string;
  programItemId?: string | null;
  unitId?: string;
  investor?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
  stage: WorkStage;
  progress: number;
  totalInvestment?: number | null;
  description?: string;
}

export function WorkFormModal({ work, onClose, onSaved }: { work?: WorkDetail; onClose: () => void; onSaved: (w: WorkDetail) => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const unitId = Form.useWatch('unitId', form) ?? work?.unit.id;
  const [point, setPoint] = useState<LonLat | null>(work?.location ?? null);
  const centre = useQuery({ queryKey: investmentKeys.centre(unitId ?? ''), queryFn: ({ signal }) => unitCentre(unitId!, signal), enabled: Boolean(unitId) });
  // The unit's other works, for bearings on a map without tiles.
  const nearby = useQuery({ queryKey: investmentKeys.geojson(vnYear(), unitId ?? null), queryFn: ({ signal }) => getGeojson(vnYear(), unitId!, signal), enabled: Boolean(unitId) });
  const others = (nearby.data?.features ?? []).filter((f) => f.properties.id !== work?.id).map((f) => ({ id: f.properties.id, point: f.geometry.coordinates, color: f.properties.color, label: f.properties.name }));

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: WorkInput = {
        ...(v.code?.trim() ? { code: v.code.trim() } : {}),
        name: v.name,
        programItemId: v.programItemId ?? null,
        unitId: v.unitId!,
        location: point,
        investor: v.investor?.trim() || null,
        startDate: v.dates?.[0]?.format('YYYY-MM-DD') ?? null,
        finishDate: v.dates?.[1]?.format('YYYY-MM-DD') ?? null,
        stage: v.stage,
        progress: v.progress,
        totalInvestment: v.totalInvestment ?? null,
        description: v.description?.trim() || null,
      };
      return work ? updateWork(work.id, body) : createWork(body);
    },
    onSuccess: async (w) => {
      message.success(work ? t('investments.saved') : t('investments.created', { code: w.code }));
      await qc.invalidateQueries({ queryKey: investmentKeys.all });
      onSaved(w);
    },
    onError: (e) => applyFieldErrors(form, e),
  });

  const initial: Partial<Values> = work
    ? {
        code: work.code,
        name: work.name,
        programItemId: work.programItem?.id ?? null,
        unitId: work.unit.id,
        investor: work.investor ?? '',
        dates: [work.startDate ? dayjs(work.startDate) : null, work.finishDate ? dayjs(work.finishDate) : null],
        stage: work.stage,
        progress: work.progress,
        totalInvestment: work.totalInvestment,
        description: work.description ?? '',
      }
    : { stage: 'preparation', progress: 0 };

  return (
    <FormModal<Values>
      form={form}
      title={work ? t('investments.editTitle', { code: work.code }) : t('investments.newTitle')}
      width={860}
      initialValues={initial}
      submitLabel={work ? t('common.save') : t('investments.create')}
      testId="work"
      saving={save.isPending}
      error={save.error}
      onSubmit={(v) => save.mutate(v)}
      onClose={onClose}
    >
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={t('investments.fields.name')} rules={[{ required: true, whitespace: true, min: 3, max: 300, message: t('investments.fields.nameRule') }]}>
            <Input data-testid="work-name" placeholder={t('investments.fields.namePlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="code" label={t('investments.fields.code')} extra={work ? undefined : t('investments.fields.codeHint')}>
            <Input maxLength={40} data-testid="work-code" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="unitId" label={t('investments.fields.unit')} rules={[{ required: true, message: t('investments.fields.unitRule') }]}>
            <UnitSelect data-testid="work-unit" known={work ? [{ id: work.unit.id, fullName: work.unit.name, path: work.unit.provinceName ? [work.unit.provinceName] : [] }] : []} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="programItemId" label={t('investments.fields.program')}>
            <ProgramItemSelect />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="investor" label={t('investments.fields.investor')}>
            <Input maxLength={300} data-testid="work-investor" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="dates" label={t('investments.fields.dates')}>
            <DatePicker.RangePicker format="DD/MM/YYYY" allowEmpty={[true, true]} style={{ width: '100%' }} placeholder={[t('investments.fields.start'), t('investments.fields.finish')]} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="stage" label={t('investments.fields.stage')} rules={[{ required: true }]}>
            <Select options={STAGES.map((s) => ({ value: s, label: t(`investments.stages.${s}`) }))} data-testid="work-stage" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="progress" label={t('investments.fields.progress')}>
            <Slider min={0} max={100} step={5} tooltip={{ formatter: (v) => `${v ?? 0} %` }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="totalInvestment" label={t('investments.fields.total')}>
            <InputNumber<number> min={0} style={{ width: '100%' }} decimalSeparator={lang === 'vi' ? ',' : '.'} formatter={(v) => (v === undefined || v === null || `${v}` === '' ? '' : formatNumber(Number(v), lang, 3))} parser={(s) => Number((s ?? '').replace(lang === 'vi' ? /\./g : /,/g, '').replace(',', '.')) || 0} data-testid="work-total" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('investments.fields.location')} extra={point ? t('investments.pointPicked', { lon: formatNumber(point[0], lang, 5), lat: formatNumber(point[1], lang, 5) }) : t('investments.pickHint')}>
        <WorkMap value={point} onPick={setPoint} points={others} centre={centre.data?.point ?? null} height={240} testId="work-map" ariaLabel={t('investments.fields.location')} />
        {point ? (
          <Typography.Link onClick={() => setPoint(null)} style={{ fontSize: 13 }}>
            {t('investments.clearPoint')}
          </Typography.Link>
        ) : null}
      </Form.Item>
      <Form.Item name="description" label={t('investments.fields.description')}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
    </FormModal>
  );
}

// ADX without a database: reading (namespace, prefixes, category attributes, annotation,
// positions, the period mapped to our code or left as written for the row check),
// refusing DOCTYPE/entities and malformed files, and writing a document that reads back
// to the same values.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { ADX_NAMESPACE, parseAdx, toAdx, type AdxValue } from './adx.ts';
import { keyOfRow, parseImportFile } from './exchange-files.ts';

const doc = (body: string, root = `<adx xmlns="${ADX_NAMESPACE}" exported="2026-03-02T02:00:00Z">`) => `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n${body}\n</adx>`;

const codeOf = async (fn: () => Promise<unknown>): Promise<string | undefined> => {
  try {
    await fn();
  } catch (err) {
    return err instanceof AppError ? `${err.code}: ${String(err.params.reason ?? '')}` : `other: ${(err as Error).message}`;
  }
  return undefined;
};

describe('parseAdx', () => {
  it('reads groups and data values: codes, period as our code, categories by code, annotation as comment, position from 1', async () => {
    const rows = await parseAdx(
      doc(`<group orgUnit="23764" period="2026-01-01/P3M" dataSet="BM01_XA_QUY" completeDate="2026-04-01">
        <dataValue dataElement="HH_TOTAL" value="12"/>
        <dataValue dataElement="HH_POOR" SEX="NU" ETHNIC="BANA" value="3.5"><annotation>Theo sổ &amp; biên bản
dòng 2</annotation></dataValue>
      </group>
      <group orgUnit="23765" period="2026-03-01/P1M" dataSet="BM02">
        <dataValue dataElement="X" value="a&#10;b &lt;c&gt; &#x1EA1;"/>
        <dataValue dataElement="Y"><annotation>chỉ bình luận</annotation></dataValue>
      </group>`),
    );
    expect(rows).toEqual([
      { row: 1, dataElement: 'HH_TOTAL', period: '2026Q1', orgUnit: '23764', coc: '', categories: {}, dataSet: 'BM01_XA_QUY', value: '12', lang: 'en', comment: null, deleted: false },
      { row: 2, dataElement: 'HH_POOR', period: '2026Q1', orgUnit: '23764', coc: '', categories: { SEX: 'NU', ETHNIC: 'BANA' }, dataSet: 'BM01_XA_QUY', value: '3.5', lang: 'en', comment: 'Theo sổ & biên bản\ndòng 2', deleted: false },
      expect.objectContaining({ row: 3, period: '202603', orgUnit: '23765', dataSet: 'BM02', value: 'a\nb <c> ạ', comment: null }),
      expect.objectContaining({ row: 4, dataElement: 'Y', value: null, comment: 'chỉ bình luận' }),
    ]);
    expect(keyOfRow(rows[1]!)).toBe('HH_POOR/2026Q1/23764/SEX=NU,ETHNIC=BANA');
  });

  it('accepts a prefixed root bound to the ADX namespace and ignores namespaced attributes', async () => {
    const rows = await parseAdx(`<a:adx xmlns:a="${ADX_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a:group orgUnit="1" period="2026-01-01/P1Y" dataSet="F"><a:dataValue dataElement="E" xsi:type="x" value="1"/></a:group></a:adx>`);
    expect(rows).toEqual([expect.objectContaining({ row: 1, period: '2026', categories: {}, value: '1' })]);
  });

  it('leaves a period that names none of ours as written, for the row check to reject', async () => {
    const rows = await parseAdx(doc(`<group orgUnit="1" period="2026-02-01/P3M" dataSet="F"><dataValue dataElement="E" value="1"/></group>`));
    expect(rows[0]!.period).toBe('2026-02-01/P3M');
  });

  it('refuses DOCTYPE and entity declarations outright (XXE, billion laughs)', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE adx [<!ENTITY x SYSTEM "file:///etc/passwd">]><adx xmlns="${ADX_NAMESPACE}"><group orgUnit="&x;" period="2026" dataSet="F"/></adx>`;
    expect(await codeOf(() => parseAdx(xxe))).toMatch(/^file_invalid_xml: .*DOCTYPE/);
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><adx xmlns="${ADX_NAMESPACE}"/>`;
    expect(await codeOf(() => parseAdx(laughs))).toMatch(/^file_invalid_xml/);
    expect(await codeOf(() => parseAdx(`<!doctype adx><adx xmlns="${ADX_NAMESPACE}"/>`))).toMatch(/^file_invalid_xml/);
  });

  it('refuses malformed XML, a wrong root or namespace, and undefined entities', async () => {
    expect(await codeOf(() => parseAdx(doc('<group orgUnit="1" period="2026" dataSet="F"><dataValue dataElement="E" value="1"></group>')))).toMatch(/^file_invalid_xml: .*dòng/);
    expect(await codeOf(() => parseAdx('<adx><group/></adx>'))).toMatch(/^file_invalid_xml: phần tử gốc/);
    expect(await codeOf(() => parseAdx('<adx xmlns="urn:ihe:qrph:adx:2016"/>'))).toMatch(/^file_invalid_xml: phần tử gốc/);
    expect(await codeOf(() => parseAdx(`<dataValueSet xmlns="${ADX_NAMESPACE}"/>`))).toMatch(/^file_invalid_xml: phần tử gốc/);
    expect(await codeOf(() => parseAdx('{"dataValues": []}'))).toMatch(/^file_invalid_xml/);
    expect(await codeOf(() => parseAdx(doc('<group orgUnit="&nbsp;" period="2026" dataSet="F"><dataValue dataElement="E" value="1"/></group>')))).toMatch(/^file_invalid_xml: tham chiếu/);
  });

  it('is reached through parseImportFile(data, "adx") with the UTF-8 checks of the other text formats', async () => {
    const parsed = await parseImportFile(Buffer.from(`\uFEFF${doc('<group orgUnit="1" period="2026-01-01/P6M" dataSet="F"><dataValue dataElement="E" value="1"/></group>')}`), 'adx');
    expect(parsed).toEqual({ rows: [expect.objectContaining({ period: '2026S1' })], template: null });
    await expect(parseImportFile(Buffer.from([0x3c, 0x61, 0xff]), 'adx')).rejects.toMatchObject({ code: 'file_not_utf8' });
  });
});

describe('toAdx', () => {
  const values: AdxValue[] = [
    { orgUnit: '23764', period: '2026Q1', dataSet: 'BM01', dataElement: 'HH_TOTAL', categories: {}, value: '12', comment: null },
    { orgUnit: '23764', period: '2026Q1', dataSet: 'BM01', dataElement: 'HH_POOR', categories: { ETHNIC: 'BANA', SEX: 'NU' }, value: 'a "b"\n<c> & d', comment: 'dòng 1\ndòng 2 <&>' },
    { orgUnit: '23765', period: '2026Q1', dataSet: 'BM01', dataElement: 'HH_TOTAL', categories: {}, value: null, comment: 'chỉ bình luận' },
  ];

  it('writes one group per unit, period and form, the period as start/duration, categories as attributes', () => {
    const xml = toAdx(values, new Date('2026-03-02T02:00:00Z'));
    expect(xml).toContain(`<adx xmlns="${ADX_NAMESPACE}" exported="2026-03-02T02:00:00.000Z">`);
    expect(xml).toContain('<group orgUnit="23764" period="2026-01-01/P3M" dataSet="BM01">');
    expect(xml).toContain('<dataValue dataElement="HH_TOTAL" value="12"/>');
    expect(xml).toContain('<dataValue dataElement="HH_POOR" ETHNIC="BANA" SEX="NU" value="a &quot;b&quot;&#10;&lt;c&gt; &amp; d"><annotation>dòng 1\ndòng 2 &lt;&amp;&gt;</annotation></dataValue>');
    expect(xml.match(/<group /g)).toHaveLength(2);
    expect(xml).toContain('<dataValue dataElement="HH_TOTAL"><annotation>chỉ bình luận</annotation></dataValue>');
  });

  it('reads back to the same values', async () => {
    const rows = await parseAdx(toAdx(values, new Date('2026-03-02T02:00:00Z')));
    expect(rows.map((r) => ({ orgUnit: r.orgUnit, period: r.period, dataSet: r.dataSet, dataElement: r.dataElement, categories: r.categories, value: r.value, comment: r.comment }))).toEqual(values);
  });
});

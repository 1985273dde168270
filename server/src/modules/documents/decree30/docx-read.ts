// Reading a generated word/document.xml back (tests, and the template check of what a
// filled template says): the text by paragraph, the tables as cell texts, the page setup.
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

export function paragraphText(p: string): string {
  return [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)].map((m) => (m[1] !== undefined ? decode(m[1]) : m[0] === '<w:tab/>' ? '\t' : '\n')).join('');
}

/** Every paragraph's text, one per line. */
export function docxText(xml: string): string {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)].map((m) => paragraphText(m[0])).join('\n');
}

/** Tables (not nested) as rows of cell texts. */
export function docxTables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) =>
      [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => [...c[0].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => paragraphText(p[0])).join('\n')),
    ),
  );
}

const attrs = (tag: string | undefined): Record<string, number> =>
  Object.fromEntries([...(tag ?? '').matchAll(/w:(\w+)="(-?\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));

/** The last section's page size and margins (twips) and whether the first page has its own header. */
export function sectPr(xml: string): { pgSz: Record<string, number>; pgMar: Record<string, number>; titlePg: boolean; orient: string | null } {
  const sect = [...xml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].at(-1)?.[0] ?? '';
  const pgSz = sect.match(/<w:pgSz [^>]*\/>/)?.[0];
  const { w, h } = attrs(pgSz);
  return {
    pgSz: { w: w!, h: h! },
    pgMar: attrs(sect.match(/<w:pgMar [^>]*\/>/)?.[0]),
    titlePg: /<w:titlePg(?:\/>| w:val="(?:true|1)")/.test(sect),
    orient: pgSz?.match(/w:orient="(\w+)"/)?.[1] ?? null,
  };
}

/** The formatting of the first run whose text contains `text`. */
export function runProps(xml: string, text: string): { bold: boolean; italic: boolean; underline: boolean; sizePt: number | null; font: string | null } | null {
  for (const m of xml.matchAll(/<w:r>(?:<w:rPr>([\s\S]*?)<\/w:rPr>)?((?:(?!<\/w:r>)[\s\S])*)<\/w:r>/g)) {
    const body = m[2] ?? '';
    if (!paragraphText(body).includes(text)) continue;
    const pr = m[1] ?? '';
    const size = pr.match(/<w:sz w:val="(\d+)"\/>/)?.[1];
    return {
      bold: /<w:b\/>|<w:b w:val="(?:true|1)"\/>/.test(pr),
      italic: /<w:i\/>|<w:i w:val="(?:true|1)"\/>/.test(pr),
      underline: /<w:u w:val="(?!none)\w+"\/>/.test(pr),
      sizePt: size ? Number(size) / 2 : null,
      font: pr.match(/<w:rFonts w:ascii="([^"]+)"/)?.[1] ?? null,
    };
  }
  return null;
}

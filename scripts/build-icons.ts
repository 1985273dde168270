// `npx tsx scripts/build-icons.ts`: the installable app's PNG icons (web/public/icons),
// drawn from the Trường Sơn mark in web/src/components/Logo.tsx by Debian's Chromium
// (playwright-core, as the browser tests use it). Run it again when the logo changes and
// commit the PNG files; the build only copies them.
//   icon-192.png, icon-512.png   purpose "any": the mark as the header shows it (rounded, transparent corners)
//   icon-maskable-512.png        purpose "maskable": full-bleed field, ridges inside the central safe zone (80 %)
//   apple-touch-icon.png (180)   iOS home screen: full square (iOS rounds it), no transparency
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const logoFile = path.join(root, 'web', 'src', 'components', 'Logo.tsx');
const outDir = path.join(root, 'web', 'public', 'icons');

interface Mark {
  field: string;
  radius: number;
  /** The ridges: SVG path elements (attributes as in SVG, not JSX). */
  paths: string[];
}

/** The logo's field colour, corner radius and ridge paths, read from Logo.tsx so the icons follow it. */
function readMark(): Mark {
  const src = fs.readFileSync(logoFile, 'utf8');
  const rect = /<rect\s+width="64"\s+height="64"\s+rx="(\d+(?:\.\d+)?)"\s+fill="(#[0-9a-fA-F]{3,8})"\s*\/>/.exec(src);
  const paths = [...src.matchAll(/<path\s+([^>]*?)\s*\/>/g)].map((m) => m[1].replace(/fillOpacity=/g, 'fill-opacity='));
  if (!rect || paths.length === 0) throw new Error(`cannot read the mark (64×64 rect and paths) from ${logoFile}`);
  return { field: rect[2], radius: Number(rect[1]), paths: paths.map((attrs) => `<path ${attrs} />`) };
}

/** An SVG of `size` px: the field (rounded or full-bleed) and the ridges scaled by `scale` around the centre. */
function svg(mark: Mark, size: number, opts: { fullBleed: boolean; scale: number }): string {
  const r = opts.fullBleed ? 0 : mark.radius;
  const s = opts.scale;
  // The ridges span y 22–48 of the 64 box: centre them vertically as well when scaled.
  const t = 32 - 32 * s;
  const dy = opts.fullBleed ? (32 - 35) * s : 0;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 64 64">`,
    `<rect width="64" height="64" rx="${r}" fill="${mark.field}" />`,
    `<g transform="translate(${t} ${t + dy}) scale(${s})">${mark.paths.join('')}</g>`,
    '</svg>',
  ].join('');
}

const ICONS: { file: string; size: number; fullBleed: boolean; scale: number }[] = [
  { file: 'icon-192.png', size: 192, fullBleed: false, scale: 1 },
  { file: 'icon-512.png', size: 512, fullBleed: false, scale: 1 },
  // Maskable: the safe zone is the central circle of 80 % diameter; the ridges (48 × 26 of 64) fit at 0.72.
  { file: 'icon-maskable-512.png', size: 512, fullBleed: true, scale: 0.72 },
  { file: 'apple-touch-icon.png', size: 180, fullBleed: true, scale: 0.86 },
];

async function main(): Promise<void> {
  const mark = readMark();
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
  try {
    for (const icon of ICONS) {
      const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg(mark, icon.size, icon)}</body></html>`);
      const file = path.join(outDir, icon.file);
      await page.locator('svg').screenshot({ path: file, omitBackground: true });
      await page.close();
      console.log(`${path.relative(root, file)}  ${icon.size}×${icon.size}  ${fs.statSync(file).size} bytes`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

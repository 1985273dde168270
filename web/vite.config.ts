// Build of the web app: root web/, output web/dist (served by the API server),
// @shared resolving to the shared package, and /api proxied to a local server in dev.
// vite-plugin-pwa writes the web app manifest and the service worker (workbox
// generateSW): it precaches the app shell — index.html, every hashed asset, the icons —
// and answers navigations with index.html when offline, never /api (the data-entry
// screen keeps its offline data in IndexedDB, features/offline). A new build waits until
// the user accepts "Tải lại" (web/src/lib/service-worker.ts); the worker is registered in
// production builds only. Every text file of the build is also written compressed
// (name.br at brotli's highest level, name.gz), which the server sends as they are.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { PRIMARY, theme } from './src/app/theme.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const outDir = here('./dist');

/** After the build (and the service worker), name.br and name.gz beside each text file above 1 KB. */
function precompress(): Plugin {
  const brotli = promisify(zlib.brotliCompress);
  const gzip = promisify(zlib.gzip);
  let dist = outDir;
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return {
    name: 'truong-son:precompress',
    apply: 'build',
    configResolved(config) {
      dist = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = walk(dist).filter((f) => /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/.test(f) && fs.statSync(f).size > 1024);
        await Promise.all(
          files.map(async (f) => {
            const raw = fs.readFileSync(f);
            const br = await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
            fs.writeFileSync(`${f}.br`, br);
            fs.writeFileSync(`${f}.gz`, await gzip(raw, { level: 9 }));
          }),
        );
      },
    },
  };
}

export default defineConfig({
  root: here('.'),
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      // Registered by our own code (src/lib/service-worker.ts), in production builds only.
      injectRegister: false,
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      // The icons are precached by globPatterns (the manifest itself by the plugin).
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Trường Sơn — Chương trình 1719',
        short_name: 'Trường Sơn',
        description: 'Nền tảng số Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi (Chương trình 1719): nhập số liệu, báo cáo, giám sát.',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: PRIMARY,
        background_color: theme.components?.Layout?.bodyBg ?? '#f4f6f5',
        categories: ['government', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,ico}'],
        maximumFileSizeToCacheInBytes: 4 * 2 ** 20,
        cleanupOutdatedCaches: true,
        // The first worker takes the open page at once; a later one waits for "Tải lại" (SKIP_WAITING).
        clientsClaim: true,
        skipWaiting: false,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/(healthz|readyz)$/],
        // No runtime caching: API answers are never kept by the service worker.
        runtimeCaching: [],
      },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  resolve: { alias: { '@shared': here('../shared/src') } },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
});

// The web app's build: Vue, Element Plus components and styles imported on demand, served under /app/.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 700 },
  // `npx vite --config web/vite.config.ts` while working on the app: everything but the app's own
  // files goes to a running `npm start` (API_URL, default http://127.0.0.1:3000).
  server: {
    proxy: Object.fromEntries(
      [
        '/projects',
        '/problems',
        '/rollups',
        '/reports',
        '/imports',
        '/targets',
        '/digests',
        '/city',
        '/openapi.json',
        '/app/config.json',
        '/app/dev-tokens',
      ].map((path) => [path, process.env.API_URL ?? 'http://127.0.0.1:3000']),
    ),
  },
});

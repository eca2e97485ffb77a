// Build: `vite build --config map-client/vite.config.ts` → map-client/dist/, served by the API at `/`.
// Dev: `vite --config map-client/vite.config.ts` proxies /api to LIFECIRCLE_API_URL (default http://localhost:3000).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.LIFECIRCLE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB minified; warn only beyond that.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
});

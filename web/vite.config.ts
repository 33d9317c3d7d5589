// Builds the web app into web/dist, which the server serves (src/platform/http/web-app.ts).
// `npm run build` runs it from the package root: `vite build --config web/vite.config.ts`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // echarts is one large chunk loaded only by pages with charts; say so only above its size.
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npx vite --config web/vite.config.ts` for development, against a server on 8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});

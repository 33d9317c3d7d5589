// Builds the web app into web/dist, which the server serves (src/platform/http/web-app.ts).
// `npm run build` runs it from the package root: `vite build --config web/vite.config.ts`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Text files worth compressing; smaller ones cost more in headers than they save. */
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;
const COMPRESS_FROM_BYTES = 1024;

/**
 * Writes a Brotli and a gzip copy beside each text file once the bundle is written, so that the
 * server sends them as they are (@fastify/static's preCompressed) instead of compressing on every
 * request: the app's main script goes from about 300 kB to under 100 kB on the wire.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'gatehouse-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (directory: string) => {
        for (const entry of readdirSync(directory)) {
          const path = join(directory, entry);
          if (statSync(path).isDirectory()) walk(path);
          else if (COMPRESSIBLE.test(entry) && statSync(path).size >= COMPRESS_FROM_BYTES) {
            const content = readFileSync(path);
            writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
            writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
          }
        }
      };
      walk(outDir);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), precompress()],
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

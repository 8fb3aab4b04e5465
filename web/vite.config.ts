/// <reference types="node" />
/**
 * Builds the web app into dist/web, where the Tijori server serves it from the API's origin.
 * Hashed file names under assets/ let the server cache them for a year. `npm run dev:web` serves
 * the app with hot reload and sends /api to a running Tijori server (TIJORI_DEV_API, default
 * https://localhost:8443).
 */
import { fileURLToPath } from 'node:url';
import { constants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { serviceWorkerSource } from './app-shell-worker';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Writes sw.js with this build's files; its version changes whenever a file's hashed name does. */
function appShellWorker(): Plugin {
  return {
    name: 'tijori-app-shell-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => f.startsWith('assets/') && !f.endsWith('.map'))
        .sort()
        .map((f) => `/${f}`);
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(version, files) });
    },
  };
}

export default defineConfig({
  root,
  plugins: [
    react(),
    appShellWorker(),
    // Brotli (highest quality, done once here) and gzip beside each text asset; the server sends
    // the one the browser's Accept-Encoding allows (ADR 0048).
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
      include: /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/,
      threshold: 1024,
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline data: scripts or styles (the CSP allows only files from our origin).
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': { target: process.env.TIJORI_DEV_API ?? 'https://localhost:8443', secure: false },
    },
  },
});

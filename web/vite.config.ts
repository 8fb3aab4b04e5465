/// <reference types="node" />
/**
 * Builds the web app into dist/web, where the Tijori server serves it from the API's origin.
 * Hashed file names under assets/ let the server cache them for a year. `npm run dev:web` serves
 * the app with hot reload and sends /api to a running Tijori server (TIJORI_DEV_API, default
 * https://localhost:8443).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
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

/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console's only backend is POST /graphql on the same origin. In development
// Vite proxies it to a running server (INSERVICE_URL, default http://127.0.0.1:8080).
const backend = process.env.INSERVICE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/graphql': { target: backend, changeOrigin: false } },
  },
  preview: {
    proxy: { '/graphql': { target: backend, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // The server's CSP allows only 'self' scripts: no inline polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});

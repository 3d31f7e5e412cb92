/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console's backend is POST /graphql on the same origin (and, for announcement
// attachments, POST /announcements/<id>/attachments and GET /attachments/<id>). In
// development Vite proxies them to a running server (INSERVICE_URL, default
// http://127.0.0.1:8080); /announcements itself stays a console route.
const backend = process.env.INSERVICE_URL ?? 'http://127.0.0.1:8080';
const api = {
  '/graphql': { target: backend, changeOrigin: false },
  '^/announcements/[^/]+/attachments$': { target: backend, changeOrigin: false },
  '/attachments/': { target: backend, changeOrigin: false },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy: api },
  preview: { proxy: api },
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
    setupFiles: ['src/test-setup.ts'],
    environment: 'node',
  },
});

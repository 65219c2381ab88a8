import { defineConfig } from 'vite'

// The dashboard is built into dist/web and served by the Hono server (no CDN, CSP 'self').
export default defineConfig({
  root: 'web',
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 600 },
})

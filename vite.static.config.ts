import { defineConfig } from 'vite'

// The exported public site must open from file://, where browsers refuse module scripts:
// one classic (IIFE) script and one stylesheet, with stable names (rsync- and git-friendly).
export default defineConfig({
  build: {
    outDir: 'dist/static', emptyOutDir: true, target: 'es2022', cssCodeSplit: false,
    lib: { entry: 'web/src/static-main.ts', name: 'qcloop', formats: ['iife'], fileName: () => 'qcloop.js', cssFileName: 'qcloop' },
  },
})

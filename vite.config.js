// Vite builds web/ into dist/: relative URLs (base './') so the folder works
// at a domain root and under any sub-path of a static host.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: './',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
});

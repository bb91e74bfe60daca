// Vite builds web/ into dist/: relative URLs (base './') so the folder works
// at a domain root and under any sub-path of a static host. Two pages: the
// explorer (index.html) and the API example (examples/plot-one-activation.html).
import { defineConfig } from 'vite';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const page = (path) => fileURLToPath(new URL(`./web/${path}`, import.meta.url));

// KaTeX's CSS lists each font as woff2, woff and ttf; every browser that runs
// WebAssembly reads woff2, so only those are bundled (dist/ stays small).
function katexWoff2Only() {
  return {
    name: 'actlab-katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex(\.min)?\.css($|\?)/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]+\.(woff|ttf)\)\s*format\("(woff|truetype)"\)/g, ''), map: null };
    },
  };
}

// The JS API as plain ES modules under stable names, for authors who import
// it from their own pages: dist/api/src/actlab.js finds its .wasm pair in
// dist/api/wasm/ exactly as web/src/actlab.js finds web/wasm/.
function shipApiModules() {
  const from = (dir) => fileURLToPath(new URL(`./web/${dir}/`, import.meta.url));
  const to = (dir) => fileURLToPath(new URL(`./dist/api/${dir}/`, import.meta.url));
  return {
    name: 'actlab-ship-api-modules',
    apply: 'build',
    closeBundle() {
      for (const [dir, keep] of [['src', /\.js$/], ['wasm', /^actlab-(simd|scalar)\.(mjs|wasm)$/]]) {
        mkdirSync(to(dir), { recursive: true });
        for (const entry of readdirSync(from(dir), { withFileTypes: true }))
          if (entry.isFile() && keep.test(entry.name)) cpSync(from(dir) + entry.name, to(dir) + entry.name);
      }
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [katexWoff2Only(), shipApiModules()],
  worker: { format: 'es' }, // the simulator worker is an ES module (it imports the Emscripten glue)
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        main: page('index.html'),
        example: page('examples/plot-one-activation.html'),
      },
    },
  },
});

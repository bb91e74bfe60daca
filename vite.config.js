// Vite builds web/ into dist/: relative URLs (base './') so the folder works
// at a domain root and under any sub-path of a static host. One page, the
// explorer (index.html); the API examples (web/public/examples/) are copied as
// they are, since they import the package in dist/api/ without a bundler.
import { defineConfig } from 'vite';
import { copyFileSync, mkdirSync } from 'node:fs';
import { assemblePackage } from './package/assemble.mjs';
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

// The npm package, unpacked, in dist/api/ (package/assemble.mjs): authors
// import dist/api/src/api/index.js (or src/actlab.js) from their own pages,
// and `./build.sh package` packs this folder into build/actlab-<version>.tgz.
function shipApiPackage() {
  return {
    name: 'actlab-ship-api-package',
    apply: 'build',
    closeBundle() {
      assemblePackage(fileURLToPath(new URL('./dist/api/', import.meta.url)));
      // Chart.js's UMD build for the API examples (examples/, which import api/ as shipped), under a stable name.
      mkdirSync(fileURLToPath(new URL('./dist/vendor/', import.meta.url)), { recursive: true });
      copyFileSync(fileURLToPath(new URL('./node_modules/chart.js/dist/chart.umd.min.js', import.meta.url)),
        fileURLToPath(new URL('./dist/vendor/chart.umd.min.js', import.meta.url)));
      copyFileSync(page('favicon.svg'), fileURLToPath(new URL('./dist/examples/favicon.svg', import.meta.url)));
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [katexWoff2Only(), shipApiPackage()],
  worker: { format: 'es' }, // the simulator worker is an ES module (it imports the Emscripten glue)
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        main: page('index.html'),
      },
    },
  },
});

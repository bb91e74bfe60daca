// Assembles the npm package "actlab" in dist/api/ (run by the Vite build and
// by `./build.sh package`): the API's modules and everything they import,
// found by following their relative imports, dynamic imports, workers and
// `new URL(..., import.meta.url)` files from web/src/api/index.js, laid out
// as in web/ so every relative URL still holds; plus the package.json, the
// types, the README, the licence and the data sets' notices.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = path.join(ROOT, 'web');

/** The modules the package starts from (paths under web/). */
export const ENTRIES = ['src/api/index.js', 'src/actlab.js'];

// Relative specifiers a module refers to: static and dynamic imports, re-exports, new URL(..., import.meta.url).
const REFERENCES = [
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  /\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  /\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  /\bnew URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
];

// Comments removed (so an example in a comment is not taken for an import); strings kept.
const withoutComments = (code) => code.replace(/\/\*[\s\S]*?\*\//g, (c) => (/['"]/.test(c) ? c : '')).replace(/^\s*\/\/.*$/gm, '');

/** Every file under web/ reachable from the entries (paths relative to web/, sorted). */
export function packageFiles(entries = ENTRIES) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue; // wasm, glue (.mjs: Emscripten's output) and data are copied as they are
    const code = withoutComments(readFileSync(path.join(WEB, file), 'utf8'));
    for (const pattern of REFERENCES) {
      for (const [, specifier] of code.matchAll(pattern)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        if (target.startsWith('..')) throw new Error(`assemble: ${file} refers to ${specifier}, outside web/`);
        queue.push(target);
      }
    }
  }
  return [...seen].sort();
}

/** Writes the package into outDir (default dist/api/); returns the list of files written. */
export function assemblePackage(outDir = path.join(ROOT, 'dist', 'api')) {
  const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  const manifest = { ...JSON.parse(readFileSync(path.join(ROOT, 'package', 'package.template.json'), 'utf8')), version };
  const files = packageFiles();
  rmSync(outDir, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    copyFileSync(path.join(WEB, file), path.join(outDir, file));
  }
  const extra = {
    'index.d.ts': 'package/index.d.ts', 'README.md': 'package/README.md', LICENSE: 'LICENSE', 'THIRD_PARTY_NOTICES.md': 'THIRD_PARTY_NOTICES.md',
    'embed.js': 'web/public/embed.js', // <actlab-panel> and the iframes' resizing, for bundled pages (import 'actlab/embed')
  };
  for (const [to, from] of Object.entries(extra)) copyFileSync(path.join(ROOT, from), path.join(outDir, to));
  manifest.files = [...new Set(files.map((f) => f.split('/')[0]))].sort().concat(Object.keys(extra));
  writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return [...files, ...Object.keys(extra), 'package.json'];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const written = assemblePackage(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`assembled ${written.length} files`);
}

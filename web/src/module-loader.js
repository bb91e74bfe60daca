// Finds, fetches and instantiates one Emscripten build of ActLab ("simd" or
// "scalar"), in browsers (the factory fetches the .wasm by URL) and in Node
// (the .wasm bytes are read here and handed over as wasmBinary).

// Default locations, written as literal `new URL(..., import.meta.url)` and
// literal dynamic imports so that bundlers such as Vite copy the files.
const DEFAULT_FILES = {
  simd: {
    importModule: () => import('../wasm/actlab-simd.mjs'),
    wasmUrl: () => new URL('../wasm/actlab-simd.wasm', import.meta.url),
  },
  scalar: {
    importModule: () => import('../wasm/actlab-scalar.mjs'),
    wasmUrl: () => new URL('../wasm/actlab-scalar.wasm', import.meta.url),
  },
};

// The gradient-flow simulator's builds (a separate module, run in a worker).
const SIMULATOR_FILES = {
  simd: {
    importModule: () => import('../wasm/actlab-simulator-simd.mjs'),
    wasmUrl: () => new URL('../wasm/actlab-simulator-simd.wasm', import.meta.url),
  },
  scalar: {
    importModule: () => import('../wasm/actlab-simulator-scalar.mjs'),
    wasmUrl: () => new URL('../wasm/actlab-simulator-scalar.wasm', import.meta.url),
  },
};

/** True when running under Node.js (or another runtime with Node's process object). */
export function isNode() {
  return typeof process === 'object' && process !== null && typeof process.versions?.node === 'string';
}

// A module name kept out of static analysis, so browser bundles never include it.
function nodeBuiltin(name) {
  return import(/* @vite-ignore */ `node:${name}`);
}

// True for strings such as "file:///x", "https://h/x" or "data:..." (a scheme
// of two or more letters, so a Windows drive letter is not taken for one).
function hasScheme(text) {
  return /^[a-z][a-z0-9+.-]+:/i.test(text);
}

// Reads the .wasm bytes in Node: from the file system, or over HTTP(S) when
// the caller pointed wasmUrl at a server.
async function readWasmInNode(location) {
  const text = String(location);
  if (hasScheme(text) && !text.startsWith('file:')) {
    const response = await fetch(text);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${text}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  const { readFile } = await nodeBuiltin('fs/promises');
  return new Uint8Array(await readFile(text.startsWith('file:') ? new URL(text) : text));
}

// Imports the Emscripten glue module from a caller-supplied URL or path.
async function importModuleFrom(location) {
  let specifier = String(location);
  if (isNode() && !hasScheme(specifier)) {
    const { pathToFileURL } = await nodeBuiltin('url');
    specifier = pathToFileURL(specifier).href;
  }
  return import(/* @vite-ignore */ specifier);
}

// Runs the factory in Node. The wasm bytes come as wasmBinary, so a build
// linked with -sENVIRONMENT=web,worker needs nothing else; a build that
// includes Node's environment (Emscripten 3.1.6, EXPORT_ES6) reads the
// CommonJS-only `__dirname` (only to locate files) and installs process-wide
// 'uncaughtException'/'unhandledRejection' listeners that rethrow, which a
// library must not leave behind in its host application: both are handled.
function callFactoryInNode(factory, settings) {
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = events.map((event) => process.listeners(event));
  const shimDirname = !('__dirname' in globalThis);
  if (shimDirname) globalThis.__dirname = '.';
  try {
    return factory(settings);
  } finally {
    if (shimDirname) delete globalThis.__dirname;
    events.forEach((event, i) => {
      for (const listener of process.listeners(event)) {
        if (!before[i].includes(listener)) process.removeListener(event, listener);
      }
    });
  }
}

/**
 * Loads the ActLab Emscripten module of the given flavour ('simd' or 'scalar');
 * resolves to the ready module object (embind functions, _malloc, _free, heap views).
 */
export function loadWasmModule(flavour, { moduleUrl, wasmUrl } = {}) {
  return loadFrom(DEFAULT_FILES, 'actlab', flavour, { moduleUrl, wasmUrl });
}

/** Loads the gradient-flow simulator module of the given flavour ('simd' or 'scalar'): simulateJson, gemm. */
export function loadSimulatorModule(flavour, { moduleUrl, wasmUrl } = {}) {
  return loadFrom(SIMULATOR_FILES, 'actlab-simulator', flavour, { moduleUrl, wasmUrl });
}

// Loads flavour of one table of builds; `stem` names its files in messages.
async function loadFrom(table, stem, flavour, { moduleUrl, wasmUrl }) {
  const files = table[flavour];
  if (!files) throw new RangeError(`ActLab: unknown build flavour "${flavour}" (valid: simd, scalar)`);
  const wasmLocation = wasmUrl ?? files.wasmUrl();
  const glue = moduleUrl != null ? await importModuleFrom(moduleUrl) : await files.importModule();
  const factory = glue.default;
  if (typeof factory !== 'function') {
    throw new TypeError(`ActLab: ${moduleUrl ?? `${stem}-${flavour}.mjs`} does not export the module factory`);
  }
  let bytes;
  try {
    bytes = isNode() ? await readWasmInNode(wasmLocation) : null;
  } catch (cause) {
    throw new Error(`ActLab: cannot read the ${flavour} WebAssembly file ${wasmLocation}: ${cause.message}`, { cause });
  }
  if (bytes && !isWasm(bytes)) {
    throw new Error(`ActLab: ${wasmLocation} is not a WebAssembly file (it starts with ${JSON.stringify(new TextDecoder().decode(bytes.subarray(0, 16)))}); ` +
      `point wasmUrl at ${stem}-${flavour}.wasm from the same build as its .mjs`);
  }
  const starting = bytes
    ? callFactoryInNode(factory, { wasmBinary: bytes })
    : factory({ locateFile: (path, prefix) => (path.endsWith('.wasm') ? new URL(String(wasmLocation), globalThis.location?.href).href : prefix + path) });
  const module = await Promise.resolve(starting).catch((cause) => {
    throw new Error(`ActLab: the ${flavour} WebAssembly module ${wasmLocation} could not be compiled or started (${emscriptenReason(cause)}); ` +
      `check that wasmUrl points at ${stem}-${flavour}.wasm from the same build as its .mjs and that the server sends it as application/wasm`, { cause });
  });
  checkFlavour(module, flavour, wasmUrl, stem);
  return module;
}

// Refuses a module of the other flavour than asked for (a .wasm passed under the wrong name):
// its simdBuild() says which build really runs.
function checkFlavour(module, flavour, wasmUrl, stem) {
  const simd = module.simdBuild();
  if (simd === (flavour === 'simd')) return;
  throw new Error(`ActLab: the ${flavour} build was asked for but ${wasmUrl ?? 'the .wasm'} is the ${simd ? 'SIMD' : 'scalar'} build; ` +
    `pass ${stem}-${flavour}.wasm as wasmUrl, or ask for simd: ${simd ? 'true' : 'false'}`);
}

// True when bytes begin with the WebAssembly magic number "\0asm".
function isWasm(bytes) {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

// The engine's own reason inside an Emscripten abort ("Aborted(CompileError: …). Build with -s ASSERTIONS=1 …").
function emscriptenReason(cause) {
  const text = String(cause?.message ?? cause);
  return text.replace(/^(RuntimeError: )?Aborted\(/, '').replace(/\)\.? ?Build with -s ASSERTIONS=1 for more info\.?$/, '').slice(0, 300);
}

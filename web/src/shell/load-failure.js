// Tells why the wasm kernels did not load, for a message that says what
// failed and what to do: a Content-Security-Policy that does not allow
// compiling WebAssembly (no 'wasm-unsafe-eval'),
// a .wasm file the server did not deliver, or anything else.

// The engine's own words, shortened and without Emscripten's build advice.
function detailOf(error) {
  const text = String(error?.message ?? error).replace(/\s*Build with -s ASSERTIONS=1 for more info\.?/, '').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

// The same files the API loads (written the same way, so the bundler gives the same URLs).
const WASM_URLS = {
  simd: () => new URL('../../wasm/actlab-simd.wasm', import.meta.url),
  scalar: () => new URL('../../wasm/actlab-scalar.wasm', import.meta.url),
};

// { file, status } when the server does not deliver the flavour's .wasm, else null.
async function missingWasm(flavour) {
  const url = WASM_URLS[flavour]?.();
  if (!url) return null;
  try {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    return response.ok ? null : { file: url.pathname.split('/').pop(), status: response.status };
  } catch {
    return null;
  }
}

/** { key, vars } of the i18n message that explains error, thrown while loading the `flavour` build. */
export async function loadFailure(error, flavour) {
  const detail = detailOf(error);
  if (error?.name === 'EvalError' || /unsafe-eval|Content Security Policy|Content-Security-Policy/i.test(detail)) {
    return { key: 'loadFailedCsp', vars: { detail } };
  }
  const missing = await missingWasm(flavour);
  if (missing) return { key: 'loadFailedMissing', vars: missing };
  return { key: 'loadFailed', vars: { detail } };
}

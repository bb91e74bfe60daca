// The shipped .wasm files contain what they claim: every kernel of the SIMD
// build runs 128-bit vector code (read back with wasm-objdump -d and the
// symbol map Emscripten writes), and the scalar build has no SIMD at all.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const wasmDir = fileURLToPath(new URL('../../web/wasm/', import.meta.url));
const VECTOR_OP = /\b(f32x4|f64x2|i32x4|i64x2|v128)\.[a-z_0-9]+/g;

// Map from wasm function index to its demangled C++ name.
function symbolMap(flavour) {
  const map = new Map();
  for (const line of readFileSync(`${wasmDir}actlab-${flavour}.mjs.symbols`, 'utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(Number(line.slice(0, colon)), decodeURIComponent(line.slice(colon + 1).replace(/\\([0-9a-f]{2})/g, '%$1')));
  }
  return map;
}

// Disassembly split per function: index -> array of instruction lines.
function disassembly(flavour) {
  const text = execFileSync('wasm-objdump', ['-d', `${wasmDir}actlab-${flavour}.wasm`], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const bodies = new Map();
  let current = null;
  for (const line of text.split('\n')) {
    const header = /^[0-9a-f]+ func\[(\d+)\]/.exec(line);
    if (header) bodies.set((current = Number(header[1])), []);
    else if (current !== null) bodies.get(current).push(line);
  }
  return bodies;
}

// Counts of each vector instruction in the named function and the
// functions it calls directly (a kernel may delegate to a shared loop).
// prelu's kernels delegate to leaky_relu's (same maths), and binaryen keeps
// only one copy of identical functions, so the symbol map names only those.
// softshrink' is hardshrink' (1 outside [-lambd, lambd]) and delegates to it.
const FOLDED_INTO = {
  prelu_forward: 'leaky_relu_forward', prelu_derivative: 'leaky_relu_derivative', softshrink_derivative: 'hardshrink_derivative',
};

function vectorOps(bodies, symbols, kernel) {
  const name = FOLDED_INTO[kernel] ?? kernel;
  // The kernel itself, not a lambda inside it (actlab::name(...)::$_8::operator()).
  const entry = [...symbols].find(([, symbol]) => symbol.startsWith(`actlab::${name}(`) && !symbol.includes(')::'));
  expect(entry, `no function actlab::${name} in the symbol map`).toBeDefined();
  const counts = {};
  const callees = new Set();
  const count = (index) => {
    for (const line of bodies.get(index) ?? []) {
      for (const op of line.match(VECTOR_OP) ?? []) counts[op] = (counts[op] ?? 0) + 1;
      const call = /\bcall (\d+)/.exec(line);
      if (call && index === entry[0]) callees.add(Number(call[1]));
    }
  };
  count(entry[0]);
  for (const callee of callees) count(callee);
  return counts;
}

const KERNELS = readFileSync(new URL('../../cpp/include/actlab/activations.def', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => /^ACTLAB_ACTIVATION\((\w+),/.exec(line)?.[1])
  .filter(Boolean)
  .flatMap((id) => [`${id}_forward`, `${id}_derivative`]);

describe('SIMD build', () => {
  const bodies = disassembly('simd');
  const symbols = symbolMap('simd');
  it.each(KERNELS)('%s loads and stores whole f32x4 vectors', (name) => {
    const ops = Object.keys(vectorOps(bodies, symbols, name));
    expect(ops.some((op) => op.startsWith('v128.load'))).toBe(true);
    expect(ops.some((op) => op.startsWith('v128.store'))).toBe(true);
  });
  it.each(KERNELS.filter((name) => !/^(identity|relu|relu6|leaky_relu|prelu|hardtanh|hardsigmoid)_derivative$|^identity_forward$/.test(name)))(
    '%s computes in vector lanes',
    (name) => {
      const ops = vectorOps(bodies, symbols, name);
      const arithmetic = Object.entries(ops)
        .filter(([op]) => /^(f32x4|f64x2)\.(add|sub|mul|div|pmin|pmax|min|max|lt|gt|le|ge|eq|ne|neg|abs)$/.test(op))
        .reduce((sum, [, n]) => sum + n, 0);
      expect(arithmetic).toBeGreaterThan(0);
    },
  );
});

describe('scalar build', () => {
  it('contains no SIMD instruction anywhere', () => {
    for (const lines of disassembly('scalar').values())
      for (const line of lines) expect(line.match(VECTOR_OP)).toBeNull();
  });
});

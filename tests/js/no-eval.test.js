// The wasm glue never generates code from strings (-sDYNAMIC_EXECUTION=0), so
// a page needs no 'unsafe-eval': both modules load and compute in a Node
// process run with V8's --disallow-code-generation-from-strings, where any
// eval or new Function throws.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const program = `
  const { loadActLab } = await import('./web/src/actlab.js');
  const { loadSimulatorModule } = await import('./web/src/module-loader.js');
  if (!(() => { try { new Function('return 1'); return false; } catch { return true; } })()) throw new Error('code generation is not blocked');
  const out = {};
  for (const simd of [true, false]) {
    const lab = await loadActLab({ simd });
    out[simd ? 'simd' : 'scalar'] = Array.from(lab.derivative('gelu', [-1, 0, 2]));
  }
  const simulator = await loadSimulatorModule('simd');
  out.simulated = JSON.parse(simulator.simulateJson(JSON.stringify({ depth: 3, width: 8, batch: 4 }))).ok;
  console.log(JSON.stringify(out));
`;

describe('no code generation from strings', () => {
  it('loads the kernels (both builds) and the simulator with eval and new Function blocked', () => {
    const text = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', program], { cwd: root, encoding: 'utf8' });
    const out = JSON.parse(text.trim().split('\n').at(-1));
    expect(out.simulated).toBe(true);
    expect(out.simd).toEqual(out.scalar);
    expect(out.simd[1]).toBe(0.5);
  });
});

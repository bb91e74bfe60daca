// The details cards' "Copy as code" snippets, run for real: every NumPy and
// PyTorch snippet of every activation (at its default parameters and at a
// non-default set) is executed by /usr/bin/python3 (python3-numpy and
// python3-torch, installed by build.sh), and its y and dy must match the
// kernels at the same float32 x. A snippet that recurses, raises or computes
// another function fails here.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActLab } from '../../web/src/actlab.js';
import { numpySnippet, torchSnippet } from '../../web/src/details/code-snippets.js';

const PYTHON = '/usr/bin/python3';

// Runs every snippet in its own namespace in one Python process; returns [{ x, y, dy }] in order.
function runSnippets(snippets) {
  const program = [
    'import json, sys',
    'import numpy as np',
    'out = []',
    'for source in json.loads(sys.stdin.read()):',
    '    scope = {}',
    '    exec(source, scope)',
    "    if 'torch' in source:",
    "        x, y, dy = (scope[k].detach().numpy() for k in ('x', 'y', 'dy'))",
    '    else:',
    "        x, y, dy = scope['x'], scope['y'], scope['dy']",
    "    out.append({k: np.asarray(v, dtype=np.float64).tolist() for k, v in (('x', x), ('y', y), ('dy', dy))})",
    'print(json.dumps(out))',
  ].join('\n');
  const text = execFileSync(PYTHON, ['-c', program], { input: JSON.stringify(snippets), maxBuffer: 1 << 28, encoding: 'utf8' });
  return JSON.parse(text);
}

// A non-default value inside [min, max] for each parameter (hardtanh keeps min < max, rrelu
// lower <= upper; the shrinks' lambd and threshold's t stay inside the snippets' [-7, 7]).
const OTHER = {
  'hardtanh.min_val': -2.5, 'hardtanh.max_val': 1.5, 'hardshrink.lambd': 1.7, 'softshrink.lambd': 1.7,
  'threshold.threshold': 1.5, 'threshold.value': -2, 'rrelu.lower': 0.1, 'rrelu.upper': 0.3,
};
function otherParams(spec) {
  return Object.fromEntries(spec.params.map((p) => [p.name, OTHER[`${spec.id}.${p.name}`] ?? Math.fround(p.min + 0.37 * (p.max - p.min))]));
}

// Largest error of got against the kernels' want, relative where |want| > 1, absolute below.
function worstError(got, want) {
  let worst = 0;
  got.forEach((g, i) => { worst = Math.max(worst, Math.abs(g - want[i]) / Math.max(1, Math.abs(want[i]))); });
  return worst;
}

// Where f' jumps, frameworks may pick either one-sided derivative: the x of each kink.
function kinksOf(id, p) {
  switch (id) {
    case 'relu': case 'leaky_relu': case 'prelu': case 'rrelu': case 'elu': case 'celu': return [0];
    case 'xielu': return [0, Math.fround(-1e-6)];
    case 'hardshrink': case 'softshrink': return [-p.lambd, p.lambd];
    case 'threshold': return [p.threshold];
    case 'relu6': return [0, 6];
    case 'hardsigmoid': case 'hardswish': return [-3, 3];
    case 'hardtanh': return [p.min_val, p.max_val];
    case 'softplus': return [p.threshold / p.beta];
    default: return [];
  }
}

describe('copy-as-code snippets run in Python and match the kernels', () => {
  let lab;
  let cases;
  beforeAll(async () => {
    lab = await loadActLab();
    cases = [];
    for (const spec of lab.catalog.activations) {
      for (const [which, params] of [['default', Object.fromEntries(spec.params.map((p) => [p.name, p.default]))], ['other', otherParams(spec)]]) {
        if (which === 'other' && !spec.params.length) continue;
        cases.push({ spec, which, params, kind: 'numpy', source: numpySnippet(spec.id, params, -7, 7) });
        cases.push({ spec, which, params, kind: 'torch', source: torchSnippet(spec.id, params, -7, 7) });
      }
    }
    const results = runSnippets(cases.map((c) => c.source));
    cases.forEach((c, i) => Object.assign(c, results[i]));
  }, 120000);

  it('ran a NumPy and a PyTorch snippet for every activation', () => {
    for (const spec of lab.catalog.activations) {
      for (const kind of ['numpy', 'torch']) expect(cases.some((c) => c.spec.id === spec.id && c.kind === kind), `${spec.id} ${kind}`).toBe(true);
    }
    expect(cases.every((c) => c.x.length === 1001)).toBe(true);
  });

  it('every snippet computes f within 2e-6 of the kernels', () => {
    for (const c of cases) {
      const want = lab.activate(c.spec.id, Float32Array.from(c.x), c.params);
      expect(worstError(c.y, want), `${c.kind} ${c.spec.id} (${c.which} ${JSON.stringify(c.params)})`).toBeLessThan(2e-6);
    }
  });

  it("every snippet computes f' within 2e-6 of the kernels away from kinks", () => {
    for (const c of cases) {
      const x = Float32Array.from(c.x);
      const want = lab.derivative(c.spec.id, x, c.params);
      const kinks = kinksOf(c.spec.id, c.params);
      const smooth = [...x.keys()].filter((i) => kinks.every((k) => Math.abs(x[i] - k) > 1e-3));
      expect(smooth.length, c.spec.id).toBeGreaterThan(990);
      expect(worstError(smooth.map((i) => c.dy[i]), smooth.map((i) => want[i])), `${c.kind} ${c.spec.id} (${c.which} ${JSON.stringify(c.params)})`).toBeLessThan(2e-6);
    }
  });
});

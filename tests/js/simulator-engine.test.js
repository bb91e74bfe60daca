// The gradient-flow simulator module (actlab-simulator-{simd,scalar}.wasm)
// through its JSON interface: the same bits as the native build, the SIMD and
// scalar builds in agreement, the draw cache invisible in results, bad
// settings refused with a clear message, and non-finite numbers revived by
// runSimulations.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { runSimulations, simulateInPieces, simulateTexts } from '../../web/src/simulator/run-simulations.js';
import { BUILDS } from './helpers/builds.js';

// The config and hash of GoldenBitsHashOfAFixedConfig in tests/cpp/network_test.cpp.
const GOLDEN_CONFIG = {
  inputWidth: 37, depth: 7, width: 29, batch: 19, activation: 'gelu', init: 'xavier_uniform',
  bias: 0.05, upstream: 'mse', clipNorm: 0.5, clipValue: 0.3,
};
const GOLDEN_HASH = 'd326f0ac295fe3a0';

// Small configs over the engine's options; every one must run (ok: true).
const CONFIGS = {
  'sigmoid, xavier_normal': { inputWidth: 12, depth: 6, width: 10, batch: 7, activation: 'sigmoid', init: 'xavier_normal', seed: 5 },
  'relu, he_uniform fan_out, mse, clip by value': {
    inputWidth: 20, depth: 5, width: 16, batch: 9, activation: 'relu', init: 'he_uniform', fanMode: 'fan_out',
    upstream: 'mse', clipValue: 0.01, seed: 11,
  },
  'tanh, orthogonal with gain': { inputWidth: 24, depth: 4, width: 24, batch: 6, activation: 'tanh', init: 'orthogonal', gain: 1.5, seed: 3 },
  'prelu with per-unit alphas': {
    inputWidth: 6, depth: 4, width: 5, batch: 8, activation: { id: 'prelu', alphas: [0.1, -0.2, 0.3, 0.9, -1] },
    init: 'lecun_normal', bias: -0.1,
  },
  'softplus params, uniform input, per-layer override, clip by norm': {
    inputWidth: 9, depth: 4, width: 8, batch: 5, activation: { id: 'softplus', params: [2, 5] },
    layers: [{ layer: 3, id: 'leaky_relu', params: [0.2] }], init: 'uniform', bound: 0.4, input: 'uniform',
    clipNorm: 0.05, bins: 8,
  },
  'width 1 chain, constant input, normal init': {
    inputWidth: 3, depth: 8, width: 1, batch: 4, activation: 'silu', init: 'normal', std: 1.3, input: 'constant',
    inputValue: 0.7, chainSample: 2,
  },
  'swiglu, LayerNorm before the gate, a geglu layer, skips': {
    inputWidth: 10, depth: 5, width: 8, batch: 6, activation: 'swiglu', layers: [{ layer: 2, id: 'geglu' }], norm: 'layernorm',
    residualEvery: 2, init: 'xavier_normal', seed: 4,
  },
};

// Parses one simulateJson reply, calling it directly so that a throw fails the test.
function simulate(module, config) {
  return JSON.parse(module.simulateJson(typeof config === 'string' ? config : JSON.stringify(config)));
}

const modules = {};
beforeAll(async () => {
  for (const build of BUILDS) modules[build] = await loadSimulatorModule(build);
});

describe('golden run', () => {
  it('the SIMD and scalar .wasm files are different builds (so agreement is not one build against itself)', () => {
    const bytes = BUILDS.map((b) => readFileSync(new URL(`../../web/wasm/actlab-simulator-${b}.wasm`, import.meta.url)));
    expect(Buffer.compare(bytes[0], bytes[1])).not.toBe(0);
    expect(modules.simd).not.toBe(modules.scalar);
  });

  it.each(BUILDS)('%s build: the fixed config gives bitsHash d326f0ac295fe3a0, as the native build does', (build) => {
    const result = simulate(modules[build], GOLDEN_CONFIG);
    expect(result.ok).toBe(true);
    expect(result.bitsHash).toBe(GOLDEN_HASH);
    expect(result.layers).toHaveLength(GOLDEN_CONFIG.depth);
  });

  it('another seed changes the hash (the hash depends on the run)', () => {
    expect(simulate(modules.simd, { ...GOLDEN_CONFIG, seed: 2 }).bitsHash).not.toBe(GOLDEN_HASH);
  });
});

describe('SIMD and scalar builds agree', () => {
  it.each(Object.entries(CONFIGS))('%s: the whole result JSON is identical', (name, config) => {
    const json = JSON.stringify(config);
    const simd = modules.simd.simulateJson(json);
    const scalar = modules.scalar.simulateJson(json);
    expect(JSON.parse(simd).ok, simd.slice(0, 200)).toBe(true);
    expect(scalar).toBe(simd);
  });

  it('per-unit PReLU alphas are used (the result differs from one shared alpha)', () => {
    const config = CONFIGS['prelu with per-unit alphas'];
    const shared = { ...config, activation: { id: 'prelu', params: [0.1] } };
    expect(simulate(modules.simd, shared).bitsHash).not.toBe(simulate(modules.simd, config).bitsHash);
  });

  it('a width-1 stack reports its chain of factors, one per layer plus the upstream factor', () => {
    const config = CONFIGS['width 1 chain, constant input, normal init'];
    const result = simulate(modules.scalar, config);
    expect(result.chain.map((f) => f.layer)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const product = result.chain.reduce((p, f) => p * f.factor, 1);
    expect(result.chainProduct).toBeCloseTo(product, 12);
  });
});

describe('draw cache between calls', () => {
  // Each key is run first in a fresh module; the cached module runs them all,
  // in an order that grows, shrinks and switches the cached draws.
  const SEQUENCE = [
    ['base', { inputWidth: 16, depth: 5, width: 16, batch: 8, activation: 'tanh', init: 'xavier_normal', seed: 7 }],
    ['other seed', { inputWidth: 16, depth: 5, width: 16, batch: 8, activation: 'tanh', init: 'xavier_normal', seed: 8 }],
    ['wider and deeper, same seed', { inputWidth: 40, depth: 9, width: 32, batch: 20, activation: 'tanh', init: 'xavier_normal', seed: 7 }],
    ['uniform draws, same seed', { inputWidth: 16, depth: 5, width: 16, batch: 8, activation: 'tanh', init: 'xavier_uniform', input: 'uniform', seed: 7 }],
    ['other activation and gain', { inputWidth: 16, depth: 5, width: 16, batch: 8, activation: 'elu', init: 'xavier_normal', gain: 2, seed: 7 }],
    ['orthogonal, same seed', { inputWidth: 16, depth: 3, width: 16, batch: 8, activation: 'tanh', init: 'orthogonal', seed: 7 }],
    ['base', null],
    ['smaller batch, same seed', { inputWidth: 16, depth: 5, width: 16, batch: 3, activation: 'tanh', init: 'xavier_normal', seed: 7 }],
  ];
  const CONFIG = Object.fromEntries(SEQUENCE.filter(([, c]) => c));

  it.each(BUILDS)('%s build: every result equals a fresh module\'s first call, whatever ran before', async (build) => {
    const fresh = {};
    for (const [name, config] of Object.entries(CONFIG)) {
      fresh[name] = (await loadSimulatorModule(build)).simulateJson(JSON.stringify(config));
      expect(JSON.parse(fresh[name]).ok, name).toBe(true);
    }
    const cached = await loadSimulatorModule(build);
    for (const [name] of SEQUENCE) expect(cached.simulateJson(JSON.stringify(CONFIG[name])), name).toBe(fresh[name]);
  });

  it('repeating a call gives the identical result, also after a run larger than the cache (64 MiB of draws)', () => {
    const module = modules.simd;
    const json = JSON.stringify(CONFIG.base);
    const first = module.simulateJson(json);
    expect(module.simulateJson(json)).toBe(first);
    // 10 layers of 1024 x 1024 weights: 10.5 M draws, 80 MiB in double, evicting every other entry.
    const big = simulate(module, { inputWidth: 1024, depth: 10, width: 1024, batch: 1, seed: 7, bins: 1 });
    expect(big.ok).toBe(true);
    expect(module.simulateJson(json)).toBe(first);
  });
});

describe('refused settings', () => {
  // [what, config JSON text, pattern the message must match]
  const REFUSED = [
    ['depth 0', '{"depth": 0}', /^depth = 0 is outside the allowed range \[1, 10000\]$/],
    ['width 1e9', '{"width": 1e9}', /^width = 1e\+09 is outside the allowed range \[1, 16384\]$/],
    ['a fractional width', '{"width": 2.5}', /^width = 2\.5 must be a whole number in \[1, 16384\]$/],
    ['gain "NaN" (JSON has no NaN; a string is not a number)', '{"gain": "NaN"}', /^gain must be a number, not a string$/],
    ['gain null (what JSON.stringify makes of NaN)', JSON.stringify({ gain: NaN }), /^gain must be a number, not null$/],
    ['gain 1e999 (overflows to infinity)', '{"gain": 1e999}', /^gain = inf is outside the allowed range \[0, 1000000\]$/],
    ['a negative seed', '{"seed": -1}', /^seed = -1 is outside the allowed range \[0, /],
    ['an unknown key', '{"dpeth": 3}', /^unknown setting 'dpeth' \(allowed: inputWidth, depth, width, .*chainSample, norm, .*weightGradients, jacobian\)$/],
    ['an unknown activation id', '{"activation": "nope"}', /^activation: unknown activation 'nope' \(known: sigmoid, tanh, relu, .*identity; gated units glu, reglu, geglu, swiglu\)$/],
    ['an unknown id in an activation object', '{"activation": {"id": "relux"}}', /^activation: unknown activation 'relux'/],
    ['an activation parameter out of range', '{"activation": {"id": "elu", "params": [-1]}}', /^activation: elu: alpha = -1 is outside the allowed range \[0, 10\]$/],
    ['PReLU alphas not one per unit', '{"width": 4, "inputWidth": 4, "activation": {"id": "prelu", "alphas": [0.1, 0.2, 0.3]}}',
      /prelu alphas has 3 values; it needs one per unit, width = 4/],
    ['a layer override past the depth', '{"depth": 3, "layers": [{"layer": 4, "id": "tanh"}]}', /^layers\[\]\.layer = 4 is outside the allowed range \[1, depth = 3\]$/],
    ['an unknown init', '{"init": "glorot"}', /^init = 'glorot' is unknown \(allowed: xavier_normal, .*constant\)$/],
    ['text that is not JSON', '{"depth": 3', /config is not valid JSON/],
    ['a JSON array', '[1, 2]', /^config must be a JSON object, not an array$/],
    ['more memory than the budget', '{"depth": 1000, "width": 2048, "batch": 4096}',
      /^this configuration needs [\d.]+ MiB, above the memory budget of 512 MiB; .*lower batch \(now 4096\), or depth \(now 1000\) or width \(now 2048\)$/],
    ['weights alone above the budget', '{"depth": 10000, "width": 16384, "batch": 1}', /needs [\d.]+ MiB, above the memory budget of 512 MiB; weights .*: lower width \(now 16384\) or depth \(now 10000\)$/],
  ];

  describe.each(BUILDS)('%s build', (build) => {
    it.each(REFUSED)('refuses %s with a message naming the setting and its allowed range', (what, json, message) => {
      let reply;
      expect(() => { reply = modules[build].simulateJson(json); }).not.toThrow();
      const result = JSON.parse(reply);
      expect(result).toEqual({ ok: false, error: expect.any(String) });
      expect(result.error).toMatch(message);
    });

    it('still runs the golden config after every refusal', () => {
      for (const [, json] of REFUSED) modules[build].simulateJson(json);
      expect(simulate(modules[build], GOLDEN_CONFIG).bitsHash).toBe(GOLDEN_HASH);
    });
  });

  it('the memory message gives what the run would allocate (its "bytes"), in MiB', () => {
    const config = { inputWidth: 256, depth: 20, width: 256, batch: 256 };
    const refused = simulate(modules.simd, { ...config, memoryBudgetMiB: 1 });
    const needed = Number(/needs ([\d.]+) MiB, above the memory budget of 1 MiB/.exec(refused.error)?.[1]);
    const run = simulate(modules.simd, config);
    expect(run.ok).toBe(true);
    expect(needed).toBeCloseTo(run.bytes / 2 ** 20, 1);
  });
});

describe('runSimulations', () => {
  // Every string anywhere in value, with its path.
  function strings(value, path = '') {
    if (typeof value === 'string') return [`${path} = ${value}`];
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
    return [];
  }

  it('returns one result per config in order, refused ones included, and the wall time', () => {
    const configs = [CONFIGS['sigmoid, xavier_normal'], { depth: 0 }, GOLDEN_CONFIG];
    const { results, ms } = runSimulations(modules.simd, configs);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1].error).toMatch(/^depth = 0/);
    expect(results[2].bitsHash).toBe(GOLDEN_HASH);
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('revives overflowed statistics as numbers NaN and Infinity, not strings', () => {
    // Constant weights 1000 on a constant input: each layer multiplies a by 8000 until float32 overflows.
    const config = { inputWidth: 8, depth: 30, width: 8, batch: 2, activation: 'relu', init: 'constant', value: 1000, input: 'constant' };
    const raw = modules.simd.simulateJson(JSON.stringify(config));
    expect(raw).toContain('"aMean":"Infinity"');
    expect(raw).toContain('"loss":"NaN"');
    const [result] = runSimulations(modules.simd, [config]).results;
    expect(result.ok).toBe(true);
    const last = result.layers.at(-1);
    expect(last.aMean).toBe(Infinity);
    expect(last.aStd).toBeNaN(); // the spread of values that overflowed is not a number
    expect(last.nonFinite).toBeGreaterThan(0);
    expect(result.layers[0].gradZRms).toBe(Infinity);
    expect(result.loss).toBeNaN();
    expect(result.clip.normBefore).toBeNaN();
    // Text fields stay text: the hash, and why the Jacobian was skipped or how to read it.
    expect(strings(result).filter((s) => !/^\.jacobian\.(skipped|conditionNote) = /.test(s))).toEqual([`.bitsHash = ${result.bitsHash}`]);
  });

  it('revives -Infinity (log10 of a zero chain) and an infinite ratio (zero weights, nonzero gradient)', () => {
    const zeroChain = { inputWidth: 1, depth: 3, width: 1, batch: 2, init: 'constant', value: 0 };
    const zeroWeights = { inputWidth: 4, depth: 3, width: 4, batch: 2, activation: 'sigmoid', init: 'constant', value: 0 };
    const [chain, ratio] = runSimulations(modules.scalar, [zeroChain, zeroWeights]).results;
    expect(chain.chainProduct).toBe(0);
    expect(chain.chainLog10).toBe(-Infinity);
    expect(chain.chain[0].weight).toBeNaN(); // layer 1 has no weight factor
    expect(ratio.layers.at(-1).gradWRatio).toBe(Infinity);
    expect(strings([chain, ratio]).filter((s) => !s.includes('.bitsHash') && !/\.jacobian\.(skipped|conditionNote) = /.test(s))).toEqual([]);
  });

  it('keeps an error message as text, and turns a throwing module into a refusal of that config only', () => {
    const fake = {
      simulateJson(json) {
        if (JSON.parse(json).depth === 13) throw new Error('memory access out of bounds');
        return '{"ok":false,"error":"NaN"}';
      },
    };
    const { results } = runSimulations(fake, [{ depth: 1 }, { depth: 13 }]);
    expect(results).toEqual([
      { ok: false, error: 'NaN' },
      { ok: false, error: 'the simulator failed: memory access out of bounds' },
    ]);
  });
});

describe('simulations in pieces (simulationBegin / simulationStep / simulationResult)', () => {
  // Runs config in steps of `budget` multiply-adds; returns { json, progress: [every step's progress] }.
  function inPieces(module, config, budget) {
    const begun = JSON.parse(module.simulationBegin(JSON.stringify(config)));
    expect(begun.id, JSON.stringify(begun)).toBeGreaterThan(0);
    const progress = [];
    for (let p = 0; p < 1; ) progress.push((p = module.simulationStep(begun.id, budget)));
    return { json: module.simulationResult(begun.id), progress };
  }

  it.each(BUILDS)('%s build: the pieces give the bits of one simulateJson call, with the progress climbing to 1', (build) => {
    const module = modules[build];
    for (const config of [GOLDEN_CONFIG, ...Object.values(CONFIGS)]) {
      const whole = module.simulateJson(JSON.stringify(config));
      for (const budget of [1, 2000]) {
        const { json, progress } = inPieces(module, config, budget);
        expect(json).toBe(whole);
        expect(progress.at(-1)).toBe(1);
        expect(progress.every((p, i) => p >= 0 && (i === 0 || p >= progress[i - 1]))).toBe(true);
        if (budget === 1) expect(progress.length).toBeGreaterThanOrEqual(4 * config.depth);
      }
    }
    expect(JSON.parse(inPieces(module, GOLDEN_CONFIG, 500).json).bitsHash).toBe(GOLDEN_HASH);
  });

  it('refuses a bad config with the same message as simulateJson, and answers an unknown or freed id with -1 / ""', () => {
    const module = modules.simd;
    const bad = { ...GOLDEN_CONFIG, depth: 0 };
    expect(module.simulationBegin(JSON.stringify(bad))).toBe(module.simulateJson(JSON.stringify(bad)));
    expect(module.simulationStep(987654, 10)).toBe(-1);
    expect(module.simulationResult(987654)).toBe('');
    const { id } = JSON.parse(module.simulationBegin(JSON.stringify(GOLDEN_CONFIG)));
    expect(module.simulationStep(id, 1)).toBeLessThan(1);
    module.simulationDestroy(id); // stopped half way
    expect(module.simulationStep(id, 1)).toBe(-1);
    expect(simulate(module, GOLDEN_CONFIG).bitsHash).toBe(GOLDEN_HASH); // and nothing else is disturbed
  });
});

describe('simulateInPieces (the worker\'s loop over simulationStep)', () => {
  // A stand-in for the worker host's job: runs work in slices of `units`, stopping after stopAfter slices.
  function fakeJob({ stopAfter = Infinity } = {}) {
    const job = {
      seen: [],
      progress: (info) => job.seen.push(info),
      async slices(work, { units }) {
        for (let slice = 0; ; slice++) {
          if (slice >= stopAfter) return false;
          if (work(units)) return true;
          await Promise.resolve();
        }
      },
    };
    return job;
  }

  it('gives the texts of simulateTexts, with progress over all the configs climbing to 1', async () => {
    const module = modules.simd;
    const configs = [GOLDEN_CONFIG, ...Object.values(CONFIGS), { ...GOLDEN_CONFIG, depth: 0 }];
    const job = fakeJob();
    const reply = await simulateInPieces(module, configs, job);
    expect(reply.texts).toEqual(simulateTexts(module, configs).texts);
    const fractions = job.seen.map((p) => p.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    expect(fractions.at(-1)).toBeCloseTo((configs.length - 1) / configs.length, 10); // the refused last config has no steps
  });

  it('answers { stopped: true } when the job stops half way, and leaves the module as it was', async () => {
    const module = modules.scalar;
    const reply = await simulateInPieces(module, [{ depth: 20, width: 256, batch: 64, activation: 'tanh' }], fakeJob({ stopAfter: 3 }));
    expect(reply).toEqual({ stopped: true });
    expect(simulate(module, GOLDEN_CONFIG).bitsHash).toBe(GOLDEN_HASH);
  });
});

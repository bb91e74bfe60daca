// Runs ActLab's wasm kernels on JavaScript arrays: copies inputs into the
// scratch region of the wasm heap, calls the embind function, copies results
// into the caller's Float32Array. Arguments are assumed already validated.
import { ScratchMemory } from './scratch-memory.js';

const PARAM_SLOTS = 4; // room for any activation's parameters
const setIntrinsic = Object.getPrototypeOf(Int8Array.prototype).set;

/** The wasm kernels of one loaded module, sharing one reusable scratch allocation. */
export class Kernels {
  constructor(module) {
    this.module = module;
    this.scratch = new ScratchMemory(module);
  }

  /** Size of the wasm heap in bytes. */
  heapBytes() {
    return this.scratch.heapBytes();
  }

  // Copies each [values, address] pair into the heap (float32 conversion included); values are
  // genuine typed arrays (inputs.js copies Arrays first), so no caller code runs here.
  write(pairs) {
    const heap = this.scratch.heapF32();
    for (const [values, address] of pairs) setIntrinsic.call(heap, values, address >>> 2);
  }

  // Copies n floats at address into out (through the intrinsic set, so an own `set` on out never runs).
  read(address, n, out) {
    const start = address >>> 2;
    setIntrinsic.call(out, this.scratch.heapF32().subarray(start, start + n));
    return out;
  }

  /** "" when the parameter values are valid for activation index, else the catalogue's message. */
  checkParams(index, values) {
    const [paramsAt] = this.scratch.reserve([Math.max(values.length, 1)]);
    this.write([[values, paramsAt]]);
    return this.module.checkParams(index, paramsAt, values.length);
  }

  /** out = f(x) (or f'(x) when derivative) for catalogue activation index. */
  elementwise(index, derivative, x, params, out) {
    const n = x.length;
    if (n === 0) return out;
    const [xAt, paramsAt] = this.scratch.reserve([n, PARAM_SLOTS]);
    this.write([[x, xAt], [params, paramsAt]]);
    this.module.elementwise(index, derivative, xAt, xAt, n, paramsAt);
    return this.read(xAt, n, out);
  }

  /** out = upstream * f'(x), the vector-Jacobian product of an elementwise activation. */
  elementwiseBackward(index, x, upstream, params, out) {
    const n = x.length;
    if (n === 0) return out;
    const [xAt, dyAt, paramsAt] = this.scratch.reserve([n, n, PARAM_SLOTS]);
    this.write([[x, xAt], [upstream, dyAt], [params, paramsAt]]);
    this.module.elementwise(index, true, xAt, xAt, n, paramsAt);
    return this.multiplyInto(xAt, dyAt, n, out);
  }

  /** PReLU with one alpha per channel (x is rows x alpha.length, channel last): f or f'. */
  preluChannels(derivative, x, alpha, out) {
    const n = x.length;
    if (n === 0) return out;
    const channels = alpha.length;
    const [xAt, alphaAt] = this.scratch.reserve([n, channels]);
    this.write([[x, xAt], [alpha, alphaAt]]);
    this.module.preluChannels(derivative, xAt, xAt, n / channels, channels, alphaAt);
    return this.read(xAt, n, out);
  }

  /** out = upstream * prelu'(x) with one alpha per channel. */
  preluChannelsBackward(x, upstream, alpha, out) {
    const n = x.length;
    if (n === 0) return out;
    const channels = alpha.length;
    const [xAt, dyAt, alphaAt] = this.scratch.reserve([n, n, channels]);
    this.write([[x, xAt], [upstream, dyAt], [alpha, alphaAt]]);
    this.module.preluChannels(true, xAt, xAt, n / channels, channels, alphaAt);
    return this.multiplyInto(xAt, dyAt, n, out);
  }

  // out[i] = heap[a + i] * heap[b + i], rounded once to float32.
  multiplyInto(aAt, bAt, n, out) {
    const heap = this.scratch.heapF32();
    const a = heap.subarray(aAt >>> 2, (aAt >>> 2) + n);
    const b = heap.subarray(bAt >>> 2, (bAt >>> 2) + n);
    for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
    return out;
  }

  /** out = g(gate) * value for gated unit index (gated.def order). */
  gated(index, gate, value, out) {
    const n = gate.length;
    if (n === 0) return out;
    const [gateAt, valueAt, yAt] = this.scratch.reserve([n, n, n]);
    this.write([[gate, gateAt], [value, valueAt]]);
    this.module.gated(index, gateAt, valueAt, yAt, n);
    return this.read(yAt, n, out);
  }

  /** { dGate, dValue } of gated unit index: the partials, or upstream times them when upstream is given. */
  gatedGradients(index, gate, value, upstream, dGate, dValue) {
    const n = gate.length;
    if (n === 0) return { dGate, dValue };
    const [gateAt, valueAt, dGateAt, dValueAt, dyAt] = this.scratch.reserve([n, n, n, n, upstream ? n : 0]);
    this.write([[gate, gateAt], [value, valueAt]]);
    if (upstream) {
      this.write([[upstream, dyAt]]);
      this.module.gatedBackward(index, gateAt, valueAt, dyAt, dGateAt, dValueAt, n);
    } else {
      this.module.gatedPartials(index, gateAt, valueAt, dGateAt, dValueAt, n);
    }
    return { dGate: this.read(dGateAt, n, dGate), dValue: this.read(dValueAt, n, dValue) };
  }

  /** Row-wise softmax, softmin or log_softmax (kind) of x viewed as rows of length cols. */
  rows(kind, x, cols, out) {
    const n = x.length;
    if (n === 0) return out;
    const [xAt, yAt] = this.scratch.reserve([n, n]);
    this.write([[x, xAt]]);
    this.module[kind](xAt, yAt, n / cols, cols);
    return this.read(yAt, n, out);
  }

  /** Vector-Jacobian product of row-wise softmax, softmin or log_softmax (kind), from its recomputed output. */
  rowsBackward(kind, x, upstream, cols, out) {
    const n = x.length;
    if (n === 0) return out;
    const rows = n / cols;
    const [xAt, yAt, dyAt] = this.scratch.reserve([n, n, n]);
    this.write([[x, xAt], [upstream, dyAt]]);
    this.module[kind](xAt, yAt, rows, cols);
    this.module[`${kind}Backward`](yAt, dyAt, xAt, rows, cols);
    return this.read(xAt, n, out);
  }

  /** Maxout: out[i] = max of the k consecutive inputs of group i. */
  maxout(x, k, out) {
    const n = x.length;
    if (n === 0) return out;
    const [xAt, yAt] = this.scratch.reserve([n, n / k]);
    this.write([[x, xAt]]);
    this.module.maxout(xAt, yAt, n / k, k);
    return this.read(yAt, n / k, out);
  }

  /** Maxout backward: each upstream value goes to the first arg-max of its group, other inputs get 0. */
  maxoutBackward(x, upstream, k, out) {
    const n = x.length;
    if (n === 0) return out;
    const [xAt, dyAt, dxAt] = this.scratch.reserve([n, n / k, n]);
    this.write([[x, xAt], [upstream, dyAt]]);
    this.module.maxoutBackward(xAt, dyAt, dxAt, n / k, k);
    return this.read(dxAt, n, out);
  }
}

// One growable scratch allocation in the wasm heap, reused by every call, and
// always-current float32 views of that heap.

const FLOAT_BYTES = 4;
const ALIGN_FLOATS = 4; // 16-byte aligned regions suit SIMD loads

// The module's WebAssembly.Memory, for builds that do not publish HEAPF32.
function findMemory(module) {
  for (const exportsObject of [module.wasmExports, module.asm]) {
    if (!exportsObject) continue;
    for (const value of Object.values(exportsObject)) {
      if (value instanceof WebAssembly.Memory) return value;
    }
  }
  throw new Error('ActLab: the wasm module exposes neither HEAPF32 nor its memory');
}

/** Scratch space: reserve(sizes) lays out float32 regions and returns their byte addresses. */
export class ScratchMemory {
  constructor(module) {
    this.module = module;
    this.raw = 0; // what _malloc returned (to free)
    this.address = 0; // raw rounded up to 16 bytes
    this.capacityFloats = 0;
    this.memory = null;
    this.viewF32 = null;
  }

  /** Current Float32Array over the whole heap (re-read after anything that may grow memory). */
  heapF32() {
    const published = this.module.HEAPF32;
    if (published) return published; // Emscripten replaces it when memory grows
    this.memory ??= findMemory(this.module);
    if (!this.viewF32 || this.viewF32.buffer !== this.memory.buffer) {
      this.viewF32 = new Float32Array(this.memory.buffer);
    }
    return this.viewF32;
  }

  /** Size of the wasm heap in bytes. */
  heapBytes() {
    return this.heapF32().byteLength;
  }

  /** Byte addresses of consecutive 16-byte-aligned regions holding sizes[i] floats each. */
  reserve(sizes) {
    const offsets = [];
    let total = 0;
    for (const size of sizes) {
      offsets.push(total);
      total += Math.ceil(size / ALIGN_FLOATS) * ALIGN_FLOATS;
    }
    this.ensureCapacity(total);
    return offsets.map((offset) => this.address + offset * FLOAT_BYTES);
  }

  // Grows the allocation (free, then malloc a larger block) when it is too small.
  ensureCapacity(floats) {
    if (floats <= this.capacityFloats && this.raw !== 0) return;
    const wanted = Math.max(floats, Math.ceil(this.capacityFloats * 1.5), 1024);
    if (this.raw !== 0) this.module._free(this.raw);
    this.raw = 0;
    this.address = 0;
    this.capacityFloats = 0;
    const bytes = wanted * FLOAT_BYTES + 16;
    const raw = bytes <= 0xffffffff ? this.module._malloc(bytes) : 0;
    if (!raw) {
      throw new RangeError(`ActLab: the wasm heap cannot hold ${floats} floats of scratch space (${bytes} bytes)`);
    }
    this.raw = raw;
    this.address = Math.ceil(raw / 16) * 16;
    this.capacityFloats = wanted;
  }
}

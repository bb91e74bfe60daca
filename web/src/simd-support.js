// Feature test for WebAssembly SIMD128, without instantiating anything.

// A minimal module whose only function returns i32x4.splat(0): an engine
// validates it only if it understands the v128 type and SIMD opcodes.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x11, 0x0b, // code: i32.const 0; i32x4.splat; end
]);

/** Whether this JavaScript engine can run WebAssembly SIMD128 code. */
export function engineSupportsSimd() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** 'simd' or 'scalar' for options.simd ('auto' | true | false); TypeError or Error for anything else. */
export function chooseFlavour(simd) {
  if (simd === 'auto' || simd === undefined) return engineSupportsSimd() ? 'simd' : 'scalar';
  if (simd === false) return 'scalar';
  if (simd !== true) throw new TypeError(`ActLab: options.simd must be 'auto', true or false; got ${String(simd)}`);
  if (!engineSupportsSimd()) {
    throw new Error(
      'ActLab: options.simd is true but this JavaScript engine does not support WebAssembly SIMD128; ' +
        "use simd: 'auto' or simd: false to load the scalar build",
    );
  }
  return 'simd';
}

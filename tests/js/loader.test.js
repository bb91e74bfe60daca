// loadActLab: build choice, caching, overrides and hygiene in Node.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { engineSupportsSimd, loadActLab } from '../../web/src/actlab.js';

const WASM_DIR = fileURLToPath(new URL('../../web/wasm/', import.meta.url));

describe('loadActLab', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns the same promise, and so the same lab, for repeated calls', async () => {
    const first = loadActLab();
    expect(loadActLab()).toBe(first);
    expect(loadActLab({ simd: 'auto' })).toBe(first);
    expect(await first).toBe(await loadActLab());
  });

  it("picks the SIMD build with simd: 'auto' on an engine that has SIMD128 (Node 20)", async () => {
    expect(engineSupportsSimd()).toBe(true);
    expect((await loadActLab()).simd).toBe(true);
  });

  it('loads the scalar build with simd: false and the SIMD build with simd: true', async () => {
    const scalar = await loadActLab({ simd: false });
    const simd = await loadActLab({ simd: true });
    expect(scalar.simd).toBe(false);
    expect(simd.simd).toBe(true);
    expect(scalar).not.toBe(simd);
  });

  it('rejects simd: true with a clear Error when the engine lacks SIMD128', async () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    await expect(loadActLab({ simd: true })).rejects.toThrow(/does not support WebAssembly SIMD128/);
  });

  it("falls back to the scalar build with simd: 'auto' when the engine lacks SIMD128", async () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    expect((await loadActLab()).simd).toBe(false);
  });

  it('rejects a bad simd value with TypeError and an unknown option with RangeError', async () => {
    await expect(loadActLab({ simd: 'yes' })).rejects.toThrow(TypeError);
    await expect(loadActLab({ simdd: true })).rejects.toThrow(/unknown option "simdd".*simd, wasmUrl, moduleUrl/);
    await expect(loadActLab(null)).rejects.toThrow(TypeError);
  });

  describe('with files moved elsewhere (wasmUrl / moduleUrl)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-moved-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('loads from the given paths', async () => {
      for (const name of ['actlab-scalar.mjs', 'actlab-scalar.wasm']) copyFileSync(join(WASM_DIR, name), join(dir, name));
      const lab = await loadActLab({
        simd: false,
        moduleUrl: join(dir, 'actlab-scalar.mjs'),
        wasmUrl: join(dir, 'actlab-scalar.wasm'),
      });
      expect(lab.simd).toBe(false);
      expect(lab).not.toBe(await loadActLab({ simd: false }));
      expect([...lab.activate('relu', [-1, 2])]).toEqual([0, 2]);
    });

    it('rejects with the missing file named, and retries on the next call', async () => {
      const missing = join(dir, 'later.wasm');
      const options = { simd: false, wasmUrl: missing };
      await expect(loadActLab(options)).rejects.toThrow(/cannot read the scalar WebAssembly file .*later\.wasm/);
      copyFileSync(join(WASM_DIR, 'actlab-scalar.wasm'), missing);
      expect((await loadActLab(options)).simd).toBe(false);
    });
  });

  it('leaves no uncaughtException / unhandledRejection listeners behind', async () => {
    const before = ['uncaughtException', 'unhandledRejection'].map((e) => process.listeners(e).length);
    await loadActLab({ simd: false, wasmUrl: join(WASM_DIR, 'actlab-scalar.wasm') });
    const after = ['uncaughtException', 'unhandledRejection'].map((e) => process.listeners(e).length);
    expect(after).toEqual(before);
    expect('__dirname' in globalThis).toBe(false);
  });
});

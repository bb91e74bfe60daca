#!/usr/bin/env bash
# ActLab's one entry point. Every subcommand runs `setup` first and is idempotent.
#   ./build.sh setup      install what is missing (emcc, wabt, GoogleTest, Chromium, npm packages)
#   ./build.sh build      native build + SIMD and scalar wasm + the static site in dist/
#   ./build.sh serve      build, then serve dist/ on http://127.0.0.1:${PORT:-8080}/
#   ./build.sh test       build, then native tests (CTest), wasm checks and Vitest
#   ./build.sh bench      build, then the side-by-side wasm benchmarks (build/bench.md, bench-gemm.md, bench-train.md, bench-cnn.md)
#   ./build.sh accuracy   the full 2^32-input ULP sweep of every kernel (writes docs/ACCURACY.md)
#   ./build.sh golden     rewrite tests/golden/kernels.json from the native build
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
JOBS=$(nproc 2>/dev/null || echo 2)

say() { printf '\n== %s\n' "$*"; }
die() { printf '\nbuild.sh: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || return 1
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq || return 1; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# emcc >= 3.1.6 on PATH (emsdk or Debian's); Debian's needs NODE_PATH for acorn.
emcc_ok() {
  command -v emcc >/dev/null || return 1
  local text v
  text=$(emcc --version 2>/dev/null) || return 1
  v=$(grep -oE '[0-9]+\.[0-9]+\.[0-9]+' <<<"$text" | sed -n 1p)
  [ -n "$v" ] && [ "$(printf '%s\n3.1.6\n' "$v" | sort -V | sed -n 1p)" = 3.1.6 ]
}

setup() {
  [ -d /usr/share/nodejs ] && export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  command -v node >/dev/null || die "Node.js 20+ is required (https://nodejs.org)"
  local missing=()
  command -v cmake >/dev/null || missing+=(cmake)
  command -v g++ >/dev/null || missing+=(g++)
  [ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
  [ -f /usr/include/benchmark/benchmark.h ] || missing+=(libbenchmark-dev)
  [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)  # the native tests read the gzip data sets
  command -v wasm-objdump >/dev/null || missing+=(wabt)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -d /usr/share/fonts/truetype/wqy ] || missing+=(fonts-wqy-zenhei)  # CJK glyphs for the Chinese UI in screenshots
  emcc_ok || missing+=(emscripten)
  # Vitest runs the details cards' copy-as-code snippets (NumPy and PyTorch) through Debian's Python.
  /usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
  /usr/bin/python3 -c 'import torch' 2>/dev/null || missing+=(python3-torch)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt_install "${missing[@]}" || die "please install: ${missing[*]} (or emsdk >= 3.1.6 for emcc)"
    [ -d /usr/share/nodejs ] && export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  fi
  emcc_ok || die "emcc >= 3.1.6 not found after setup"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund
  fi
}

build_native() {
  say "native build"
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j"$JOBS"
}

build_wasm() {
  say "wasm build (simd + scalar)"
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$JOBS"
}

build_site() {
  say "static site -> dist/"
  npx vite build --logLevel warn
}

build_all() { build_native; build_wasm; build_site; }

# The SIMD module must really contain f32x4 code and the scalar one none.
check_wasm_instruction_sets() {
  say "wasm instruction-set check"
  local simd scalar
  simd=$(wasm-objdump -d web/wasm/actlab-simd.wasm | grep -c 'f32x4\.' || true)
  scalar=$(wasm-objdump -d web/wasm/actlab-scalar.wasm | grep -cE 'v128|f32x4|f64x2' || true)
  echo "f32x4 instructions in actlab-simd.wasm: $simd; SIMD instructions in actlab-scalar.wasm: $scalar"
  [ "$simd" -ge 500 ] || die "actlab-simd.wasm has only $simd f32x4 instructions: SIMD did not make it in"
  [ "$scalar" -eq 0 ] || die "actlab-scalar.wasm contains SIMD instructions"
}

run_tests() {
  say "native tests (CTest)"
  (cd build/native && ctest --output-on-failure -j"$JOBS")
  check_wasm_instruction_sets
  say "wasm tests (Vitest)"
  npx vitest run
  if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
    say "browser tests (playwright-core + Chromium, dist/ under a sub-path)"
    node --test --test-concurrency=1 tests/e2e/
  fi
}

# docs/ACCURACY.md: how the table was made, then the table itself.
write_accuracy_doc() {
  cat <<DOC
# Accuracy of every ActLab kernel

Measured $(date -u +%Y-%m-%d) with \`./build.sh accuracy\` (\`actlab_accuracy --stride 1\`):
all 2^32 float32 bit patterns through each native kernel at default
parameters, each result compared with a double-precision reference
(cpp/verify/reference.cpp). The wasm builds compute the same bits (golden
hashes, tests/js), so the table holds for them too.

- **max ULP**: the largest |y − f(x)| / ulp(f(x)), with ulp taken in f(x)'s
  binade (2^-149 for subnormal results); NaN/inf mismatches count as inf.
- **mean ULP**: over all inputs. **max rel. err.**: where f(x) is a normal float.
- For derivatives that cross zero (silu, swish, quick_gelu, gelu, gelu_tanh,
  mish, hardswish, xielu) the bound applies where |f'| ≥ 1e-3, with an
  absolute bound of 2e-7 wherever |f'| < 2 (everywhere for the bounded ones;
  xielu's f' grows like x); the ULP column near a zero of f' is large by nature.
- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) threads.

DOC
  cat "$1"
}

cmd=${1:-help}
case "$cmd" in
  setup) setup ;;
  build) setup; build_all ;;
  serve) setup; build_all; say "serving dist/ at http://127.0.0.1:${PORT:-8080}/"; npx vite preview --port "${PORT:-8080}" --strictPort --host 127.0.0.1 ;;
  test) setup; build_all; run_tests; say "all tests passed" ;;
  bench)
    setup; build_native; build_wasm; mkdir -p build
    say "kernels vs JS loops and TF.js (build/bench.md)"
    node tests/bench/kernels_vs_js_and_tfjs.mjs --md build/bench.md
    say "simulator GEMM vs TF.js matMul (build/bench-gemm.md)"
    node tests/bench/gemm_vs_tfjs.mjs --md build/bench-gemm.md
    say "trainer vs TF.js tf.layers (build/bench-train.md)"
    node tests/bench/train_vs_tfjs.mjs --md build/bench-train.md
    say "CNN epoch and conv2d forward vs TF.js (build/bench-cnn.md, about 25 minutes)"
    node tests/bench/cnn_vs_tfjs.mjs --md build/bench-cnn.md ;;
  accuracy)
    setup; build_native; mkdir -p build
    say "full sweep: all 2^32 float inputs per kernel (about an hour on 2 cores)"
    ./build/native/actlab_accuracy --stride 1 | tee build/accuracy-table.md
    write_accuracy_doc build/accuracy-table.md > docs/ACCURACY.md
    echo "wrote docs/ACCURACY.md" ;;
  golden) setup; build_native; ./build/native/actlab_golden > tests/golden/kernels.json; echo "wrote tests/golden/kernels.json" ;;
  *) sed -n '2,10p' "$0"; [ "$cmd" = help ] || exit 2 ;;
esac

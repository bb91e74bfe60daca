#!/usr/bin/env bash
# ActLab's one entry point. Every subcommand runs `setup` first and is idempotent.
#   ./build.sh setup      install what is missing (emcc, wabt, GoogleTest, Chromium, npm packages)
#   ./build.sh build      native build + SIMD and scalar wasm + the static site in dist/
#   ./build.sh serve      build, then serve dist/ on http://127.0.0.1:${PORT:-8080}/
#   ./build.sh package    build, then the npm package build/actlab-<version>.tgz (dist/api/ is it, unpacked)
#   ./build.sh test       build, then native tests (CTest), wasm checks, Vitest, the package install and the browser tests
#   ./build.sh bench      build, then the side-by-side wasm benchmarks (build/bench.md, bench-gemm.md, bench-train.md, bench-cnn.md)
#   ./build.sh accuracy   the full 2^32-input ULP sweep of every kernel at its defaults (build/accuracy-table.md, ~1 h)
#   ./build.sh accuracy-grid  the same at every setting of every parameter grid, and the row sweep (build/accuracy-grid.md, ~8 h)
#   ./build.sh accuracy-grid-resume [--minutes M]  the full grid sweep of the settings docs/ACCURACY.md lacks, written into it
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

# The sweeps' build: -O3 -march=native, about 1.6x faster than build/native
# and the same bits (checked: its golden hashes must equal the committed ones).
build_sweep() {
  say "sweep build (-O3 -march=native)"
  cmake -S . -B build/sweep -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-O3 -march=native" >/dev/null
  cmake --build build/sweep -j"$JOBS" --target actlab_accuracy actlab_golden
  ./build/sweep/actlab_golden | cmp -s - tests/golden/kernels.json ||
    die "build/sweep computes other bits than tests/golden/kernels.json: its sweep would not prove the shipped kernels"
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

# The npm package: dist/api/ (assembled by the site build) packed into build/actlab-<version>.tgz.
pack_package() {
  say "npm package -> build/"
  [ -f dist/api/package.json ] || die "dist/api/package.json is missing: the site build assembles it (npx vite build)"
  mkdir -p build
  local tarball
  tarball=$(cd dist/api && npm pack --silent --pack-destination "$ROOT/build") || die "npm pack failed in dist/api"
  echo "build/$tarball ($(du -k "build/$tarball" | cut -f1) KiB)"
}

build_all() { build_native; build_wasm; build_site; pack_package; }

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
  say "the package installed from its tarball (Node, tsc, Vite)"
  node --test --test-concurrency=1 tests/package/
  if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
    say "browser tests (playwright-core + Chromium, dist/ under a sub-path)"
    node --test --test-concurrency=1 tests/e2e/
  fi
}

# The header of docs/ACCURACY.md's generated tables: what was run, where.
accuracy_header() {
  echo "Measured $(date -u +%Y-%m-%d) with \`./build.sh $1\` on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) threads (build/sweep, whose golden hashes equal the shipped kernels')."
  echo
}
cmd=${1:-help}
case "$cmd" in
  setup) setup ;;
  build) setup; build_all ;;
  serve) setup; build_all; say "serving dist/ at http://127.0.0.1:${PORT:-8080}/"; npx vite preview --port "${PORT:-8080}" --strictPort --host 127.0.0.1 ;;
  package) setup; build_all ;;
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
    setup; build_sweep; mkdir -p build
    say "full sweep: all 2^32 float inputs per kernel at its defaults (about an hour on 2 cores)"
    { accuracy_header accuracy; ./build/sweep/actlab_accuracy --stride 1; } | tee build/accuracy-table.md
    echo "wrote build/accuracy-table.md: docs/ACCURACY.md quotes it" ;;
  accuracy-grid)
    setup; build_sweep; mkdir -p build
    say "2,000,000 rows of softmax, softmin and log_softmax, then the full sweep of every parameter grid (about 8 hours on 2 cores)"
    { accuracy_header accuracy-grid; ./build/sweep/actlab_accuracy --rows 2000000; ./build/sweep/actlab_accuracy --grid --stride 1; } |
      tee build/accuracy-grid.md
    echo "wrote build/accuracy-grid.md: docs/ACCURACY.md quotes it" ;;
  accuracy-grid-resume)
    setup; build_sweep
    say "full grid sweep of the settings docs/ACCURACY.md does not yet show in full, one at a time"
    python3 cpp/tools/publish_grid.py "${@:2}" ;;
  golden) setup; build_native; ./build/native/actlab_golden > tests/golden/kernels.json; echo "wrote tests/golden/kernels.json" ;;
  *) sed -n '2,12p' "$0"; [ "$cmd" = help ] || exit 2 ;;
esac

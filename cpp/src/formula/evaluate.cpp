// The float32 program: blocks of kBlock inputs go through the instructions
// one at a time, each a loop over 4-lane vectors (SIMD128 in the SIMD build),
// with the tangent (d/dx) carried beside the value when the derivative is
// asked for: forward-mode automatic differentiation. exp, expm1, tanh and the
// catalogue functions are the vector kernels; log, log1p, sin, cos, erf, pow
// and sqrt go lane by lane through libm (the same libm in both wasm builds).
#include <cmath>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/formula.h"
#include "actlab/vecmath.h"
#include "names.h"

namespace actlab::formula {
namespace {
constexpr size_t kBlock = 64;  // inputs per pass through the program
constexpr float kTwoOverSqrtPi = 1.12837916709551257390f;

// Applies f to every lane (libm, one float at a time).
template <class F>
ACTLAB_INLINE f32x4 per_lane(f32x4 v, F f) {
  return f32x4{f(v[0]), f(v[1]), f(v[2]), f(v[3])};
}
template <class F>
ACTLAB_INLINE f32x4 per_lane(f32x4 a, f32x4 b, F f) {
  return f32x4{f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])};
}
ACTLAB_INLINE f32x4 ones_where(i32x4 mask) { return select(mask, splat(1.0f), splat(0.0f)); }
// expm1 for any x: the accurate kernel below 0; -u / (1 + u) with u = expm1(-x) on (0, 1]; exp(x) - 1 beyond.
ACTLAB_INLINE f32x4 expm1_any(f32x4 v) {
  f32x4 below = expm1_nonpositive4(min4(v, splat(0.0f)));
  f32x4 u = expm1_nonpositive4(-min4(max4(v, splat(0.0f)), splat(1.0f)));
  f32x4 small = -u / (splat(1.0f) + u);
  f32x4 large = exp4(v) - splat(1.0f);
  return select(v <= splat(0.0f), below, select(v <= splat(1.0f), small, large));
}
// NaN where either operand is NaN, else pick (min and max as torch.minimum/maximum).
ACTLAB_INLINE f32x4 nan_or(f32x4 a, f32x4 b, f32x4 pick) { return select(is_nan(a) | is_nan(b), a + b, pick); }
// a^n for a whole n in [-16, 16], by products left to right.
ACTLAB_INLINE f32x4 power_int(f32x4 a, int n) {
  f32x4 p = splat(1.0f);
  for (int k = 0; k < (n < 0 ? -n : n); ++k) p = p * a;
  return n < 0 ? splat(1.0f) / p : p;
}

// One program's registers for one block: values, and tangents when differentiating.
struct Registers {
  std::vector<float> value, tangent;
  float* v(int r) { return value.data() + static_cast<size_t>(r) * kBlock; }
  float* t(int r) { return tangent.data() + static_cast<size_t>(r) * kBlock; }
};

// An instruction's operands in one 4-lane slice, and what it produces.
struct Operands {
  f32x4 a, b, c, ta, tb, tc;
};
struct Dual {
  f32x4 v, t;
};

// Runs f over the block's slices: out = f(operands).v, and its tangent when kAd.
template <bool kAd, class F>
ACTLAB_INLINE void lanes(Registers& reg, const Instruction& in, int i, F f) {
  float* out = reg.v(i);
#pragma clang loop unroll(disable)  // 16 slices: unrolled, every instruction's code was 16 copies (a fifth of the simulator module)
  for (size_t k = 0; k < kBlock; k += 4) {
    Operands o{load4(reg.v(in.a) + k), load4(reg.v(in.b) + k), load4(reg.v(in.c) + k), {}, {}, {}};
    if constexpr (kAd) o.ta = load4(reg.t(in.a) + k), o.tb = load4(reg.t(in.b) + k), o.tc = load4(reg.t(in.c) + k);
    const Dual d = f(o, k);
    store4(out + k, d.v);
    if constexpr (kAd) store4(reg.t(i) + k, d.t);
  }
}

// Runs instruction i (register i) over the block: its value, and its tangent when kAd.
template <bool kAd>
void step(const Program& program, const float* values, int i, Registers& reg, const float* x) {
  const Instruction& in = program.code[i];
  const auto run = [&](auto f) { lanes<kAd>(reg, in, i, f); };
  const f32x4 zero = splat(0.0f), one = splat(1.0f);
  switch (in.op) {
    case Op::kCatalog: {
      const Activation& activation = activations()[in.index];
      float params[kMaxParameters];
      catalog_values(in, values, params);
      activation.forward(kBlock, reg.v(in.a), reg.v(i), params);
      if constexpr (kAd) {
        float* dout = reg.t(i);
        activation.derivative(kBlock, reg.v(in.a), dout, params);
        for (size_t k = 0; k < kBlock; k += 4) store4(dout + k, load4(dout + k) * load4(reg.t(in.a) + k));
      }
      return;
    }
    case Op::kConst: return run([&](const Operands&, size_t) { return Dual{splat(static_cast<float>(in.value)), zero}; });
    case Op::kX: return run([&](const Operands&, size_t k) { return Dual{load4(x + k), one}; });
    case Op::kParam: return run([&](const Operands&, size_t) { return Dual{splat(values[in.index]), zero}; });
    case Op::kAdd: return run([](const Operands& o, size_t) { return Dual{o.a + o.b, o.ta + o.tb}; });
    case Op::kSub: return run([](const Operands& o, size_t) { return Dual{o.a - o.b, o.ta - o.tb}; });
    case Op::kMul: return run([](const Operands& o, size_t) { return Dual{o.a * o.b, o.ta * o.b + o.a * o.tb}; });
    case Op::kDiv: return run([](const Operands& o, size_t) { f32x4 v = o.a / o.b; return Dual{v, (o.ta - v * o.tb) / o.b}; });
    case Op::kNeg: return run([](const Operands& o, size_t) { return Dual{-o.a, -o.ta}; });
    case Op::kPowInt: return run([&](const Operands& o, size_t) {
      const int n = in.index;
      f32x4 t{};
      if constexpr (kAd) t = n == 0 ? zero : splat(static_cast<float>(n)) * power_int(o.a, n - 1) * o.ta;
      return Dual{power_int(o.a, n), t};
    });
    case Op::kPow: return run([&](const Operands& o, size_t) {
      const auto pow = [](float p, float q) { return std::pow(p, q); };
      f32x4 v = per_lane(o.a, o.b, pow), t{};
      if constexpr (kAd) {
        f32x4 by_base = o.b * per_lane(o.a, o.b - one, pow) * o.ta;
        f32x4 by_exponent = v * per_lane(o.a, [](float p) { return std::log(p); }) * o.tb;
        t = select(o.ta == zero, zero, by_base) + select(o.tb == zero, zero, by_exponent);  // 0 * inf or NaN terms dropped
      }
      return Dual{v, t};
    });
    case Op::kLess: return run([&](const Operands& o, size_t) { return Dual{ones_where(o.a < o.b), zero}; });
    case Op::kLessEq: return run([&](const Operands& o, size_t) { return Dual{ones_where(o.a <= o.b), zero}; });
    case Op::kGreater: return run([&](const Operands& o, size_t) { return Dual{ones_where(o.a > o.b), zero}; });
    case Op::kGreaterEq: return run([&](const Operands& o, size_t) { return Dual{ones_where(o.a >= o.b), zero}; });
    case Op::kEqual: return run([&](const Operands& o, size_t) { return Dual{ones_where(o.a == o.b), zero}; });
    case Op::kNotEqual: return run([&](const Operands& o, size_t) { return Dual{ones_where(o.a != o.b), zero}; });
    case Op::kWhere: return run([&](const Operands& o, size_t) {
      const i32x4 take = o.a != zero;
      return Dual{select(take, o.b, o.c), select(take, o.tb, o.tc)};
    });
    case Op::kExp: return run([](const Operands& o, size_t) { f32x4 v = exp4(o.a); return Dual{v, v * o.ta}; });
    case Op::kExpm1: return run([](const Operands& o, size_t) {
      f32x4 t{};
      if constexpr (kAd) t = exp4(o.a) * o.ta;  // not expm1 + 1, which loses exp's bits far below 0
      return Dual{expm1_any(o.a), t};
    });
    case Op::kLog: return run([](const Operands& o, size_t) { return Dual{per_lane(o.a, [](float p) { return std::log(p); }), o.ta / o.a}; });
    case Op::kLog1p: return run([&](const Operands& o, size_t) { return Dual{per_lane(o.a, [](float p) { return std::log1p(p); }), o.ta / (one + o.a)}; });
    case Op::kSqrt: return run([](const Operands& o, size_t) {
      f32x4 v = per_lane(o.a, [](float p) { return std::sqrt(p); });
      return Dual{v, o.ta / (splat(2.0f) * v)};
    });
    case Op::kAbs: return run([&](const Operands& o, size_t) { return Dual{abs4(o.a), select(o.a > zero, o.ta, select(o.a < zero, -o.ta, zero))}; });
    case Op::kSin: return run([](const Operands& o, size_t) {
      f32x4 t{};
      if constexpr (kAd) t = per_lane(o.a, [](float p) { return std::cos(p); }) * o.ta;
      return Dual{per_lane(o.a, [](float p) { return std::sin(p); }), t};
    });
    case Op::kCos: return run([](const Operands& o, size_t) {
      f32x4 t{};
      if constexpr (kAd) t = -per_lane(o.a, [](float p) { return std::sin(p); }) * o.ta;
      return Dual{per_lane(o.a, [](float p) { return std::cos(p); }), t};
    });
    case Op::kErf: return run([](const Operands& o, size_t) {
      f32x4 t{};
      if constexpr (kAd) t = splat(kTwoOverSqrtPi) * exp4(-(o.a * o.a)) * o.ta;
      return Dual{per_lane(o.a, [](float p) { return std::erf(p); }), t};
    });
    case Op::kMin: return run([](const Operands& o, size_t) {
      return Dual{nan_or(o.a, o.b, select(o.b < o.a, o.b, o.a)), select(o.a < o.b, o.ta, select(o.b < o.a, o.tb, (o.ta + o.tb) * splat(0.5f)))};
    });
    case Op::kMax: return run([](const Operands& o, size_t) {
      return Dual{nan_or(o.a, o.b, select(o.a < o.b, o.b, o.a)), select(o.a > o.b, o.ta, select(o.b > o.a, o.tb, (o.ta + o.tb) * splat(0.5f)))};
    });
  }
}
}  // namespace

void evaluate(const Program& program, const float* values, bool derivative, size_t n, const float* x, float* y) {
  if (program.code.empty() || n == 0) return;
  Registers reg;  // per call (at most 256 registers x 64 floats, twice): no state shared between calls or threads
  const size_t size = program.code.size() * kBlock;
  reg.value.resize(size);
  if (derivative) reg.tangent.resize(size);
  float block[kBlock];
  const int last = static_cast<int>(program.code.size()) - 1;
  for (size_t start = 0; start < n; start += kBlock) {
    const size_t m = n - start < kBlock ? n - start : kBlock;
    for (size_t k = 0; k < kBlock; ++k) block[k] = k < m ? x[start + k] : 0.0f;  // the tail padded with zeros
    for (int i = 0; i <= last; ++i) {
      if (derivative) step<true>(program, values, i, reg, block);
      else step<false>(program, values, i, reg, block);
    }
    const float* value = reg.v(last);
    const float* result = derivative ? reg.t(last) : value;
    // f' is NaN where f is (log(x) at x < 0 has no slope, though its tangent 1/x is finite).
    for (size_t k = 0; k < m; ++k) y[start + k] = std::isnan(value[k]) ? value[k] : result[k];
  }
}

}  // namespace actlab::formula

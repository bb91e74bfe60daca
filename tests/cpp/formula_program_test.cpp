// The compiled float32 program against its double twin and against the
// catalogue: formulas that spell a catalogue function match it within its
// bounds, random formulas stay within a bound per instruction, the AD
// derivative agrees with finite differences of the twin, and evaluating in
// 4-lane blocks gives the bits of evaluating one input at a time.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/formula.h"
#include "reference.h"

namespace actlab::formula {
namespace {

double reference(int index, bool derivative, double x, const double* p) {
  const reference::Pair pair = reference::for_index(index);
  return derivative ? pair.derivative(x, p) : pair.forward(x, p);
}

Program compiled(const std::string& text) {
  Compiled c = compile(text);
  EXPECT_TRUE(c.ok) << text << ": " << c.message;
  return c.program;
}

// |got - want| in float32 ULPs of want (subnormal spacing below the normal range); 0 when both are the same infinity or NaN.
double ulps(float got, double want) {
  if (std::isnan(want) || std::isinf(want)) return (std::isnan(got) && std::isnan(want)) || got == want ? 0 : INFINITY;
  const double spacing = std::ldexp(1.0, std::max(std::ilogb(std::max(std::fabs(want), 1e-300)), -126) - 23);
  return std::fabs(static_cast<double>(got) - want) / spacing;
}

// Every 97th float32 bit pattern with |x| <= limit (about 1M inputs over both signs).
std::vector<float> inputs(float limit) {
  std::vector<float> x;
  for (uint32_t bits = 0; bits < 0x80000000u; bits += 97 * 64) {
    float v;
    std::memcpy(&v, &bits, sizeof v);
    if (!(v <= limit)) break;
    x.push_back(v), x.push_back(-v);
  }
  return x;
}

struct Errors {
  double forward_ulp = 0, derivative_ulp = 0, derivative_abs = 0;  // derivative_ulp where |f'| >= 1e-3, abs where |f'| < 2
};

// The float program's errors against the double twin over xs.
Errors measure(const Program& program, const std::vector<float>& xs) {
  std::vector<float> f(xs.size()), d(xs.size());
  std::vector<float> values;
  std::vector<double> wide;
  for (const Parameter& p : program.params) values.push_back(static_cast<float>(p.value)), wide.push_back(static_cast<float>(p.value));
  evaluate(program, values.data(), false, xs.size(), xs.data(), f.data());
  evaluate(program, values.data(), true, xs.size(), xs.data(), d.data());
  Errors e;
  for (size_t i = 0; i < xs.size(); ++i) {
    double slope;
    const double want = evaluate_double(program, wide.data(), xs[i], reference, &slope);
    e.forward_ulp = std::max(e.forward_ulp, ulps(f[i], want));
    if (std::fabs(slope) >= 1e-3) e.derivative_ulp = std::max(e.derivative_ulp, ulps(d[i], slope));
    if (std::fabs(slope) < 2) e.derivative_abs = std::max(e.derivative_abs, std::fabs(d[i] - slope));
  }
  return e;
}

// A formula that spells a catalogue activation, and the slack it may need over the catalogue's bounds.
struct Spelled {
  const char* formula;
  const char* id;
  double forward_slack, derivative_slack;
};

TEST(FormulaProgram, FormulasThatSpellACatalogueFunctionMatchItWithinItsBounds) {
  const Spelled cases[] = {
      {"x * sigmoid(x)", "silu", 0.5, 1.0},
      {"x * tanh(softplus(x))", "mish", 0.5, 1.0},
      // 1.702 * x is rounded to float before sigma, whose condition number grows like |1.702 x|: the
      // formula, computed step by step, is that far off where the catalogue kernel carries the product's tail.
      {"x * sigmoid(1.702 * x)", "quick_gelu", 32.0, 2.0},
      {"where(x > 0, x, expm1(x))", "elu", 0.5, 1.0},
      {"max(x, 0)", "relu", 0, 0},
      {"min(max(x, 0), 6)", "relu6", 0, 0},
      {"x - tanh(x)", "tanhshrink", 0, 0},
  };
  const std::vector<float> xs = inputs(30.0f);
  for (const Spelled& s : cases) {
    const Activation& a = *find_activation(s.id);
    const Program program = compiled(s.formula);
    const Errors e = measure(program, xs);
    // Against the catalogue's own reference for the same x (the twin's constants are float32, like 1.702 here).
    std::vector<float> f(xs.size());
    evaluate(program, nullptr, false, xs.size(), xs.data(), f.data());
    double params[3];
    for (int k = 0; k < a.param_count; ++k) params[k] = a.params[k].default_value;
    double worst = 0;
    for (size_t i = 0; i < xs.size(); ++i) worst = std::max(worst, ulps(f[i], reference::for_index(static_cast<int>(&a - activations().data())).forward(xs[i], params)));
    if (std::string(s.id) != "tanhshrink") {  // x - tanh(x) cancels near 0: the catalogue kernel avoids that, the formula cannot
      EXPECT_LE(worst, a.forward_ulp + s.forward_slack) << s.formula << " vs " << s.id;
      EXPECT_LE(e.forward_ulp, a.forward_ulp + s.forward_slack) << s.formula;
      EXPECT_LE(e.derivative_abs, 2e-7 + 1e-7 * s.derivative_slack) << s.formula;
    }
    RecordProperty(std::string(s.id) + "_forward_ulp", std::to_string(e.forward_ulp));
    std::printf("%-28s vs %-11s f %.3f ULP (vs catalogue reference %.3f), f' %.3f ULP, |f'| < 2: %.2e abs\n", s.formula, s.id,
                e.forward_ulp, worst, e.derivative_ulp, e.derivative_abs);
  }
}

// ELU spelt with exp(x) - 1 instead of expm1: the subtraction cancels near 0, so the formula
// can only be held to an absolute bound there; where x <= -1 (exp(x) <= 1/e, no cancellation
// worth a bit) it stays within the catalogue's ULP bound plus a slack, and its derivative
// (exp(x) by AD) is the catalogue's own.
TEST(FormulaProgram, EluSpeltWithExpMinusOneIsAbsolutelyCloseAndRelativelyCloseAwayFromZero) {
  const Activation& elu = *find_activation("elu");
  const int index = static_cast<int>(&elu - activations().data());
  const Program program = compiled("where(x > 0, x, exp(x) - 1)");
  const std::vector<float> xs = inputs(30.0f);
  std::vector<float> f(xs.size()), d(xs.size());
  evaluate(program, nullptr, false, xs.size(), xs.data(), f.data());
  evaluate(program, nullptr, true, xs.size(), xs.data(), d.data());
  const double alpha[] = {1.0};
  double worst_abs = 0, worst_far_ulp = 0, worst_derivative_ulp = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const double want = reference::for_index(index).forward(xs[i], alpha);
    worst_abs = std::max(worst_abs, std::fabs(f[i] - want));
    if (xs[i] <= -1.0f) worst_far_ulp = std::max(worst_far_ulp, ulps(f[i], want));
    worst_derivative_ulp = std::max(worst_derivative_ulp, ulps(d[i], reference::for_index(index).derivative(xs[i], alpha)));
  }
  std::printf("where(x > 0, x, exp(x) - 1) vs elu: %.2e abs everywhere, %.3f ULP for x <= -1, f' %.3f ULP\n", worst_abs, worst_far_ulp,
              worst_derivative_ulp);
  // exp's own error (a few ULP of a value below 1) plus the subtraction's rounding: under two ULPs of 1.
  EXPECT_LE(worst_abs, 2 * 0x1p-23);
  EXPECT_LE(worst_far_ulp, elu.forward_ulp + 2.0);
  EXPECT_LE(worst_derivative_ulp, elu.derivative_ulp);
}

// Random formulas without cancellation or ill-conditioned steps: products,
// quotients and sums of positive terms, and positive functions whose
// condition numbers stay near 1 or below; each instruction may cost a few
// ULPs (a catalogue call up to its bound), so the bound grows with the
// instruction count.
std::string positive_formula(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> pick(0, depth <= 0 ? 3 : 11);
  std::uniform_real_distribution<double> constant(0.5, 2.0);
  char c[32];
  std::snprintf(c, sizeof c, "%.3f", constant(rng));
  switch (pick(rng)) {
    case 0: return "(1 + x^2)";
    case 1: return c;
    case 2: return "sigmoid(x)";
    case 3: return "softplus(x)";
    case 4: return "(" + positive_formula(rng, depth - 1) + " + " + positive_formula(rng, depth - 1) + ")";
    case 5: return "(" + positive_formula(rng, depth - 1) + " * " + positive_formula(rng, depth - 1) + ")";
    case 6: return "(" + positive_formula(rng, depth - 1) + " / " + positive_formula(rng, depth - 1) + ")";
    case 7: return "sqrt(" + positive_formula(rng, depth - 1) + ")";
    case 8: return "exp(sigmoid(" + positive_formula(rng, depth - 1) + "))";
    case 9: return "log1p(" + positive_formula(rng, depth - 1) + ")";
    case 10: return "(" + positive_formula(rng, depth - 1) + ")^2";
    default: return "(2 + sin(x))";  // sin of a large argument is ill-conditioned: only of x
  }
}

TEST(FormulaProgram, RandomFormulasStayWithinAFewUlpsPerInstructionOfTheirTwin) {
  std::mt19937 rng(20261203);
  const std::vector<float> xs = inputs(8.0f);
  std::vector<float> sample;
  for (size_t i = 0; i < xs.size(); i += 16) sample.push_back(xs[i]);
  double worst_per_instruction = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const std::string text = positive_formula(rng, 4);
    const Program program = compiled(text);
    const Errors e = measure(program, sample);
    const double per_instruction = e.forward_ulp / program.code.size();
    worst_per_instruction = std::max(worst_per_instruction, per_instruction);
    EXPECT_LE(e.forward_ulp, 2.0 * program.code.size()) << text;
  }
  std::printf("random positive formulas: at most %.3f ULP per instruction against the double twin\n", worst_per_instruction);
}

// A random formula of any kind (signs, kinks, catalogue calls), for the derivative and bit checks.
std::string any_formula(std::mt19937& rng, int depth) {
  static const char* const kUnary[] = {"sin", "cos", "tanh", "sigmoid", "softplus", "gelu", "elu", "mish", "abs", "exp", "erf", "silu"};
  std::uniform_int_distribution<int> pick(0, depth <= 0 ? 1 : 6);
  std::uniform_int_distribution<int> unary(0, std::size(kUnary) - 1);
  switch (pick(rng)) {
    case 0: return "x";
    case 1: return "0.75";
    case 2: return "(" + any_formula(rng, depth - 1) + " + " + any_formula(rng, depth - 1) + ")";
    case 3: return "(" + any_formula(rng, depth - 1) + " * " + any_formula(rng, depth - 1) + ")";
    case 4: return "(" + any_formula(rng, depth - 1) + " - " + any_formula(rng, depth - 1) + ")";
    case 5: return std::string(kUnary[unary(rng)]) + "(" + any_formula(rng, depth - 1) + ")";
    default: return "where(x > 0.5, " + any_formula(rng, depth - 1) + ", " + any_formula(rng, depth - 1) + ")";
  }
}

TEST(FormulaProgram, TheDerivativeAgreesWithFiniteDifferencesOfTheTwin) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> position(-3, 3);
  int compared = 0;
  double worst = 0, worst_float = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const std::string text = any_formula(rng, 4);
    const Program program = compiled(text);
    for (int k = 0; k < 20; ++k) {
      const double x = static_cast<float>(position(rng)), h = 1e-5;  // a float x: the float32 program sees the same input
      double slope;
      evaluate_double(program, nullptr, x, reference, &slope);
      const double left = (evaluate_double(program, nullptr, x, reference, nullptr) - evaluate_double(program, nullptr, x - h, reference, nullptr)) / h;
      const double right = (evaluate_double(program, nullptr, x + h, reference, nullptr) - evaluate_double(program, nullptr, x, reference, nullptr)) / h;
      if (std::fabs(left - right) > 1e-3 * (1 + std::fabs(slope))) continue;  // a kink or jump within h (abs, where)
      const double central = (evaluate_double(program, nullptr, x + h, reference, nullptr) - evaluate_double(program, nullptr, x - h, reference, nullptr)) / (2 * h);
      EXPECT_NEAR(slope, central, 1e-5 * (1 + std::fabs(slope))) << text << " at x = " << x;
      worst = std::max(worst, std::fabs(slope - central) / (1 + std::fabs(slope)));
      // The float32 program's AD too, against the same difference, within float32 precision over its instructions.
      const float at = static_cast<float>(x);
      float single;
      evaluate(program, nullptr, true, 1, &at, &single);
      const double float_error = std::fabs(single - central) / (1 + std::fabs(central));
      EXPECT_LE(float_error, 16 * 0x1p-23 * program.code.size()) << text << " at x = " << x;  // 16 float32 epsilons per instruction
      worst_float = std::max(worst_float, float_error / program.code.size());
      ++compared;
    }
  }
  std::printf("AD vs central differences of the twin: %d points, worst |AD - FD| / (1 + |AD|) = %.2e (double twin), "
              "%.2e per instruction (float32 program)\n", compared, worst, worst_float);
  EXPECT_GT(compared, 5000);
}

// Bit patterns, with every NaN the same (NaN payloads are not part of the contract).
uint32_t bits_of(float v) {
  if (std::isnan(v)) return 0x7fc00000u;
  uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

TEST(FormulaProgram, BlocksOfFourLanesGiveTheBitsOfOneInputAtATime) {
  std::mt19937 rng(11);
  const std::vector<float> xs = inputs(50.0f);
  std::vector<float> sample(xs.begin(), xs.begin() + 1001);  // not a multiple of the block: the tail is padded
  sample.push_back(NAN), sample.push_back(INFINITY), sample.push_back(-INFINITY), sample.push_back(-0.0f);
  for (int trial = 0; trial < 100; ++trial) {
    const std::string text = any_formula(rng, 4);
    const Program program = compiled(text);
    for (bool derivative : {false, true}) {
      std::vector<float> together(sample.size());
      evaluate(program, nullptr, derivative, sample.size(), sample.data(), together.data());
      for (size_t i = 0; i < sample.size(); ++i) {
        float alone;
        evaluate(program, nullptr, derivative, 1, &sample[i], &alone);
        ASSERT_EQ(bits_of(together[i]), bits_of(alone)) << text << (derivative ? " f'" : " f") << " at x = " << sample[i];
      }
    }
  }
}

TEST(FormulaProgram, ParametersReachTheProgram) {
  const Program program = compiled("a * x + b; a in [-2, 2] = 1, b in [-1, 1] = 0");
  const float values[] = {2, -1}, x[] = {3, 0.5f};
  float y[2], d[2];
  evaluate(program, values, false, 2, x, y);
  evaluate(program, values, true, 2, x, d);
  EXPECT_EQ(y[0], 5);
  EXPECT_EQ(y[1], 0);
  EXPECT_EQ(d[0], 2);
  EXPECT_EQ(d[1], 2);
}

}  // namespace
}  // namespace actlab::formula
